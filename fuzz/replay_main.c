// SPDX-License-Identifier: GPL-2.0
/*
 * A driver without a fuzzer: runs every file named on the command line, and
 * every file under every directory named (harness/progfile/walk.h's rule),
 * through LLVMFuzzerTestOneInput, the way a fuzzer would run it. `.vmf` files
 * are parsed and encoded first; anything else is a binary program. A BUG
 * aborts with its report, as under a fuzzer; exit 0 means every input ran
 * without one.
 *
 *   fuzz_vmalloc_replay [-bugs=LIST] [-vmalloc=SIZE] FILE|DIR...
 */
#include "fuzz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "progfile.h"
#include "walk.h"

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

static int replay_one(void *count, const char *path)
{
	replay_file(path);
	++*(unsigned *)count;
	return 0;
}

int main(int argc, char **argv)
{
	char err[4096 + 64];
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
		if (walk_programs(argv[i], replay_one, &n, err, sizeof(err)))
			fail(err, NULL);
	fprintf(stderr, "fuzz_vmalloc_replay: %u inputs, no BUG\n", n);
	return 0;
}
