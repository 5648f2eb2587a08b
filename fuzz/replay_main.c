// SPDX-License-Identifier: GPL-2.0
/*
 * A driver without a fuzzer: runs every file named on the command line, and
 * every file under every directory named (sorted, recursively, dot files and
 * `.expect` files left out), through LLVMFuzzerTestOneInput, the way a
 * fuzzer would run it. `.vmf` files are parsed and encoded first; anything
 * else is a binary program. A BUG aborts with its report, as under a
 * fuzzer; exit 0 means every input ran without one.
 *
 *   fuzz_vmalloc_replay [-bugs=LIST] [-vmalloc=SIZE] FILE|DIR...
 */
#include "fuzz.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "progfile.h"

static void __noreturn fail(const char *what, const char *path)
{
	fprintf(stderr, "fuzz_vmalloc_replay: %s%s%s\n", path ? path : "",
		path ? ": " : "", what);
	exit(2);
}

/* Run one file from an exact-size copy, so that ASan sees any overread. */
static void replay_file(const char *path)
{
	struct prog_input in;
	char err[512];
	u8 *exact;

	if (progfile_load(path, &in, err, sizeof(err)))
		fail(err, NULL);
	exact = malloc(in.len ? in.len : 1);
	if (!exact)
		fail("out of memory", path);
	memcpy(exact, in.data, in.len);
	free(in.data);
	LLVMFuzzerTestOneInput(exact, in.len);
	free(exact);
}

static int skip_entry(const struct dirent *de)
{
	size_t n = strlen(de->d_name);

	return de->d_name[0] != '.' &&
	       !(n > 7 && !strcmp(de->d_name + n - 7, ".expect"));
}

/* Replay path (a file, or a directory tree); returns the inputs run. */
static unsigned replay_path(const char *path, unsigned depth)
{
	struct dirent **names;
	struct stat st;
	unsigned n = 0;
	int i, count;

	if (stat(path, &st))
		fail("no such file or directory", path);
	if (!S_ISDIR(st.st_mode)) {
		replay_file(path);
		return 1;
	}
	if (depth > 8)
		fail("directories nested too deep", path);
	count = scandir(path, &names, skip_entry, alphasort);
	if (count < 0)
		fail("cannot open directory", path);
	for (i = 0; i < count; i++) {
		char full[4096];

		snprintf(full, sizeof(full), "%s/%s", path, names[i]->d_name);
		n += replay_path(full, depth + 1);
		free(names[i]);
	}
	free(names);
	return n;
}

int main(int argc, char **argv)
{
	unsigned n = 0;
	int i;

	LLVMFuzzerInitialize(&argc, &argv);
	if (argc < 2) {
		fputs("usage: fuzz_vmalloc_replay [-bugs=LIST] "
		      "[-vmalloc=SIZE] FILE|DIR...\n",
		      stderr);
		return 2;
	}
	for (i = 1; i < argc; i++)
		n += replay_path(argv[i], 0);
	fprintf(stderr, "fuzz_vmalloc_replay: %u inputs, no BUG\n", n);
	return 0;
}
