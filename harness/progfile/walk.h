/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one rule for "a directory of programs", used by every command that
 * takes one (run, qemu, cross, regress, cov, triage, fuzz --seeds), by the
 * campaign's raw crash listing and by fuzz_vmalloc_replay:
 *
 *   A directory stands for every regular file below it, at any depth,
 *   visited depth first in strcmp() order of the names in each directory.
 *   Left out: names starting with '.', README files (README, README.*) and
 *   `.expect` files. Symbolic links to files count; links to directories
 *   are not followed (no loops), nor is anything deeper than WALK_DEPTH.
 */
#ifndef VMFUZZ_WALK_H
#define VMFUZZ_WALK_H

#include <stdbool.h>
#include <stddef.h>

#define WALK_DEPTH 16

/* True when a file or directory called `name` is left out. */
bool walk_skip(const char *name);

/*
 * Call fn(arg, file) for `path` itself when it is a file (whatever its
 * name), else for every file below it by the rule above; a nonzero return
 * of fn stops the walk. Returns 0, fn's nonzero value, or -1 with
 * "PATH: reason" in err (no such file, a directory that cannot be read).
 */
int walk_programs(const char *path, int (*fn)(void *arg, const char *file),
		  void *arg, char *err, size_t errlen);

#endif
