// SPDX-License-Identifier: GPL-2.0
/*
 * `vmfuzz gen [--smp[=DEPTH]] COUNT DIR [SEED]`: COUNT programs from the
 * mutator's generator (vmf_generate(), fuzz/mutate.c), written as
 * DIR/gen-SEED-N.bin. --smp: two-CPU programs with PCT schedules of DEPTH
 * runs (vmf_generate_smp(); no DEPTH: 2..4 at random), the pure-random
 * baseline of ci/bench-ttb.
 * The same SEED always gives the same files: the benchmark mix of ci/bench
 * is `vmfuzz gen 1000 DIR 1`.
 */
#include "commands.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "mutate.h"

/* The benchmark mix is everyday use: no allocation above 16 pages (the
 * fuzzers reach the whole pool, and the 1024-page array path). */
#define GEN_MAX_PAGES 16

#define GEN_MAX 10000000ul /* programs per call: 10 M files is plenty */

/* A whole argument as decimal or 0x hex, at most max: 0, or -1 (a sign, a
 * space, anything after the digits, or a value past max or 2^64). */
static int parse_count(const char *s, unsigned long long max,
		       unsigned long long *out)
{
	bool hex = s[0] == '0' && (s[1] == 'x' || s[1] == 'X');
	const char *d = hex ? s + 2 : s;
	char *end;

	if (!isxdigit((unsigned char)*d) ||
	    (!hex && !isdigit((unsigned char)*d)))
		return -1;
	errno = 0;
	*out = strtoull(d, &end, hex ? 16 : 10);
	return *end || errno == ERANGE || *out > max ? -1 : 0;
}

static int gen_usage(const char *what, const char *arg)
{
	fprintf(stderr,
		"vmfuzz: gen: %s '%s'\nusage: vmfuzz gen [--smp[=DEPTH]] COUNT DIR "
		"[SEED] (COUNT 1..%lu, SEED a number below 2^64, DEPTH 1..8)\n",
		what, arg, GEN_MAX);
	return EXIT_USAGE;
}

int cmd_gen(int argc, char **argv)
{
	static struct vmf_program p;
	static uint8_t bin[VMF_MAX_OPS * VMF_OP_MAX_BYTES];
	unsigned long long n, seed = 1, i;
	char path[4096], err[512];
	struct stat st;
	int e, smp = -1;

	if (argc > 0 && !strncmp(argv[0], "--smp", 5)) {
		unsigned long long d = 0;

		if (argv[0][5] && (argv[0][5] != '=' ||
				   parse_count(argv[0] + 6, 8, &d) || !d))
			return gen_usage("bad option", argv[0]);
		smp = (int)d;
		argc--, argv++;
	}
	if (argc < 2 || argc > 3)
		return gen_usage(argc < 2 ? "missing arguments after"
					  : "unexpected argument",
				 argc < 2 ? "gen" : argv[3]);
	if (parse_count(argv[0], GEN_MAX, &n) || !n)
		return gen_usage("bad COUNT", argv[0]);
	if (argc > 2 && parse_count(argv[2], ~0ull, &seed))
		return gen_usage("bad SEED", argv[2]);
	e = stat(argv[1], &st) ? errno : S_ISDIR(st.st_mode) ? 0 : ENOTDIR;
	if (e) {
		fprintf(stderr, "vmfuzz: gen: %s: %s (DIR must exist)\n",
			argv[1], strerror(e));
		return EXIT_USAGE;
	}
	for (i = 0; i < n; i++) {
		if (smp >= 0)
			vmf_generate_smp(seed * 1000003 + i, GEN_MAX_PAGES,
					 (u32)smp, &p);
		else
			vmf_generate(seed * 1000003 + i, GEN_MAX_PAGES, &p);
		snprintf(path, sizeof(path), "%s/gen-%llu-%05llu.bin", argv[1],
			 seed, i);
		if (write_new_file(path, bin, prog_encode(&p, bin, sizeof(bin)),
				   err, sizeof(err))) {
			fprintf(stderr, "vmfuzz: %s\n", err);
			return EXIT_USAGE;
		}
	}
	return EXIT_OK;
}
