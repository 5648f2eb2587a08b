// SPDX-License-Identifier: GPL-2.0
/*
 * Locating vmfuzz's parts (paths.h): environment, install tree relative to
 * /proc/self/exe, or the build and source tree.
 */
#include "paths.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef VMFUZZ_FIRMWARE
#define VMFUZZ_FIRMWARE ""
#endif
#ifndef VMFUZZ_BOCHS_BOOT
#define VMFUZZ_BOCHS_BOOT ""
#endif
/* From bindir to libexecdir/vmfuzz and datadir/vmfuzz (meson.build). */
#ifndef VMFUZZ_REL_LIBEXEC
#define VMFUZZ_REL_LIBEXEC "../libexec/vmfuzz"
#endif
#ifndef VMFUZZ_REL_SHARE
#define VMFUZZ_REL_SHARE "../share/vmfuzz"
#endif

#define PATHS_MAX 4096

const struct fuzz_build_info fuzz_builds[NR_FUZZ_BUILDS] = {
	[FUZZ_LIBFUZZER_FAST] = { "libfuzzer-fast", "build-libfuzzer-fast",
				  "VMFUZZ_LIBFUZZER_DIR", "fuzz_vmalloc" },
	[FUZZ_LIBFUZZER] = { "libfuzzer", "build-libfuzzer",
			     "VMFUZZ_LIBFUZZER_SAN_DIR", "fuzz_vmalloc" },
	[FUZZ_AFL] = { "afl", "build-afl", "VMFUZZ_AFL_DIR",
		       "fuzz_vmalloc_afl" },
	[FUZZ_AFL_ASAN] = { "afl-asan", "build-afl-asan", "VMFUZZ_AFL_SAN_DIR",
			    "fuzz_vmalloc_afl" },
};

static struct {
	bool done, installed;
	char bin[PATHS_MAX];	 /* the directory vmfuzz is in */
	char libexec[PATHS_MAX]; /* installed: libexec/vmfuzz, resolved */
	char share[PATHS_MAX];	 /* installed: share/vmfuzz, resolved */
} where;

/* dir/rel resolved into out when it is a directory. */
static bool resolve_dir(const char *dir, const char *rel, char *out)
{
	char path[2 * PATHS_MAX + 2];
	struct stat st;

	if (rel[0] == '/')
		snprintf(path, sizeof(path), "%s", rel);
	else
		snprintf(path, sizeof(path), "%s/%s", dir, rel);
	if (stat(path, &st) || !S_ISDIR(st.st_mode))
		return false;
	return realpath(path, out) != NULL;
}

static void locate(void)
{
	ssize_t n;
	char *slash;

	if (where.done)
		return;
	where.done = true;
	n = readlink("/proc/self/exe", where.bin, sizeof(where.bin) - 1);
	where.bin[n > 0 ? n : 0] = '\0';
	slash = strrchr(where.bin, '/');
	if (n <= 0 || !slash) {
		snprintf(where.bin, sizeof(where.bin), ".");
		return;
	}
	*slash = '\0';
	/* both looked up: either one makes an install tree */
	if (resolve_dir(where.bin, VMFUZZ_REL_LIBEXEC, where.libexec))
		where.installed = true;
	if (resolve_dir(where.bin, VMFUZZ_REL_SHARE, where.share))
		where.installed = true;
}

bool paths_installed(void)
{
	locate();
	return where.installed;
}

bool paths_share(const char *name, char *out, size_t n)
{
	out[0] = '\0';
	if (!paths_installed() || !where.share[0])
		return false;
	snprintf(out, n, "%s%s%s", where.share, *name ? "/" : "", name);
	return true;
}

void paths_tree(const char *name, char *out, size_t n)
{
	if (!paths_share(name, out, n))
		snprintf(out, n, "%s/../%s", where.bin, name);
}

const char *paths_part(enum vmfuzz_part p, const char **from)
{
	static const struct {
		const char *env, *from, *name, *built;
	} parts[NR_PARTS] = {
		[PART_FIRMWARE] = { "VMFUZZ_FIRMWARE", "$VMFUZZ_FIRMWARE",
				    "vmfuzz.elf", VMFUZZ_FIRMWARE },
		[PART_BOCHS_BOOT] = { "VMFUZZ_BOCHS_BOOT", "$VMFUZZ_BOCHS_BOOT",
				      "vmfuzz-boot.img", VMFUZZ_BOCHS_BOOT },
		[PART_CORPORA] = { NULL, NULL, NULL, NULL },
	};
	static char buf[NR_PARTS][PATHS_MAX + 32];
	const char *env = parts[p].env ? getenv(parts[p].env) : NULL;
	const char *f = paths_installed() ? "installed" : "build tree";

	if (env && *env) {
		f = parts[p].from;
		snprintf(buf[p], sizeof(buf[p]), "%s", env);
	} else if (p == PART_CORPORA) {
		paths_tree("corpora", buf[p], sizeof(buf[p]));
	} else if (paths_installed()) {
		snprintf(buf[p], sizeof(buf[p]), "%s/%s", where.libexec,
			 parts[p].name);
	} else {
		snprintf(buf[p], sizeof(buf[p]), "%s", parts[p].built);
	}
	if (from)
		*from = f;
	return buf[p];
}

const char *paths_fuzz_build(enum fuzz_build b, char *out, size_t n)
{
	const char *env = getenv(fuzz_builds[b].env);

	if (env && *env) {
		snprintf(out, n, "%s", env);
		return fuzz_builds[b].env;
	}
	if (paths_installed()) {
		snprintf(out, n, "%s/%s", where.libexec, fuzz_builds[b].kind);
		return "installed";
	}
	snprintf(out, n, "%s/../%s", where.bin, fuzz_builds[b].dir);
	return "build tree";
}

/* "PATH (FROM)", or with ", missing" when PATH cannot be read. */
static void print_one(FILE *f, const char *what, const char *path,
		      const char *from)
{
	fprintf(f, "%s: %s (%s%s)\n", what, *path ? path : "-", from,
		!*path || access(path, R_OK) ? ", missing" : "");
}

void paths_print(FILE *f)
{
	static const char *const names[NR_PARTS] = { "firmware", "bochs floppy",
						     "corpora" };
	char dir[PATHS_MAX], path[PATHS_MAX + 64], label[64];
	const char *from;
	unsigned i;

	for (i = 0; i < NR_PARTS; i++) {
		const char *p = paths_part(i, &from);

		print_one(f, names[i], p, from);
	}
	if (paths_share("fuzz_vmalloc.dict", path, sizeof(path)))
		print_one(f, "fuzz dictionary", path, "installed");
	else
		fprintf(f, "fuzz dictionary: next to each fuzz target "
			   "(build tree)\n");
	for (i = 0; i < NR_FUZZ_BUILDS; i++) {
		from = paths_fuzz_build(i, dir, sizeof(dir));
		snprintf(path, sizeof(path), "%s/fuzz/%s", dir,
			 fuzz_builds[i].target);
		if (access(path, X_OK))
			snprintf(path, sizeof(path), "%s/%s", dir,
				 fuzz_builds[i].target);
		snprintf(label, sizeof(label), "engine %s",
			 fuzz_builds[i].kind);
		print_one(f, label, path, from);
	}
}
