/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Where vmfuzz's parts are. A vmfuzz installed by `meson install` finds them
 * relative to its own location (/proc/self/exe): BINDIR/../libexec/vmfuzz
 * (firmware, Bochs floppy, test kernels, fuzz targets under KIND/) and
 * BINDIR/../share/vmfuzz (corpora, fuzz dictionary and options). The
 * build tree's vmfuzz uses what its build made and the source tree its
 * build directory sits in. An environment override ($VMFUZZ_FIRMWARE, ...)
 * comes before either. Used by every layer above (no dependency).
 */
#ifndef VMFUZZ_PATHS_H
#define VMFUZZ_PATHS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* The parts a vmfuzz needs besides itself. */
enum vmfuzz_part { PART_FIRMWARE, PART_BOCHS_BOOT, PART_CORPORA, NR_PARTS };

/* The fuzz build kinds: build-KIND/ in a tree, libexec/vmfuzz/KIND/
 * installed. */
enum fuzz_build {
	FUZZ_LIBFUZZER_FAST,
	FUZZ_LIBFUZZER,
	FUZZ_AFL,
	FUZZ_AFL_ASAN,
	NR_FUZZ_BUILDS
};

/* KIND ("libfuzzer-fast"), its build directory's name ("build-KIND"), its
 * environment override and the target it holds, per fuzz_build. */
extern const struct fuzz_build_info {
	const char *kind, *dir, *env, *target;
} fuzz_builds[NR_FUZZ_BUILDS];

/* True when this vmfuzz runs from an install tree (its libexec/vmfuzz or
 * share/vmfuzz exists relative to it). */
bool paths_installed(void);

/*
 * Part p's path (static storage; "" when this build has none, such as a
 * firmware without the cross build). *from, unless NULL, is set to where it
 * came from: "$VMFUZZ_FIRMWARE" (or the part's variable), "installed" or
 * "build tree".
 */
const char *paths_part(enum vmfuzz_part p, const char **from);

/* share/vmfuzz/NAME installed, else the source tree's NAME next to the
 * build directory (BINDIR/../NAME), into out[0..n). */
void paths_tree(const char *name, char *out, size_t n);

/* share/vmfuzz/NAME (NAME "": the directory) into out[0..n); false ("" in
 * out) unless installed. */
bool paths_share(const char *name, char *out, size_t n);

/* The directory of fuzz build b: $ENV, libexec/vmfuzz/KIND installed, or
 * BINDIR/../build-KIND; returns where it came from as paths_part does. */
const char *paths_fuzz_build(enum fuzz_build b, char *out, size_t n);

/* One line per part, for `vmfuzz --version`: its path and where it came
 * from, "(missing)" when it is not there. */
void paths_print(FILE *f);

#endif
