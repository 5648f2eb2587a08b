// SPDX-License-Identifier: GPL-2.0
/*
 * `vmfuzz gen COUNT DIR [SEED]`: COUNT programs from the mutator's
 * generator (vmf_generate(), fuzz/mutate.c), written as DIR/gen-SEED-N.bin.
 * The same SEED always gives the same files: the benchmark mix of ci/bench
 * is `vmfuzz gen 1000 DIR 1`.
 */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>

#include "mutate.h"

/* The benchmark mix is everyday use: no allocation above 16 pages (the
 * fuzzers reach the whole pool, and the 1024-page array path). */
#define GEN_MAX_PAGES 16

int cmd_gen(int argc, char **argv)
{
	static struct vmf_program p;
	static uint8_t bin[VMF_MAX_OPS * VMF_OP_MAX_BYTES];
	unsigned long n, seed = 1, i;
	char path[4096], err[512], *end;

	if (argc < 2 || argc > 3 || (n = strtoul(argv[0], &end, 10)) == 0 ||
	    *end) {
		fprintf(stderr, "usage: vmfuzz gen COUNT DIR [SEED]\n");
		return EXIT_USAGE;
	}
	if (argc > 2)
		seed = strtoul(argv[2], NULL, 0);
	for (i = 0; i < n; i++) {
		vmf_generate(seed * 1000003 + i, GEN_MAX_PAGES, &p);
		snprintf(path, sizeof(path), "%s/gen-%lu-%05lu.bin", argv[1],
			 seed, i);
		if (write_new_file(path, bin, prog_encode(&p, bin, sizeof(bin)),
				   err, sizeof(err))) {
			fprintf(stderr, "vmfuzz: %s\n", err);
			return EXIT_USAGE;
		}
	}
	return EXIT_OK;
}
