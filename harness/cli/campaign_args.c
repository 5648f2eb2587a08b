// SPDX-License-Identifier: GPL-2.0
/* The options of `vmfuzz fuzz` (campaign.c runs them). */
#include "campaign_cmd.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "exitcodes.h"

static int usage(const char *what, const char *arg)
{
	fprintf(stderr, "vmfuzz: fuzz: %s '%s'\n", what, arg);
	return EXIT_USAGE;
}

/* Value of option `name` at argv[*i] ("--name=V" or "--name V"), or NULL. */
static const char *opt(int argc, char **argv, int *i, const char *name)
{
	size_t n = strlen(name);

	if (strncmp(argv[*i], name, n))
		return NULL;
	if (argv[*i][n] == '=')
		return argv[*i] + n + 1;
	if (argv[*i][n] || *i + 1 == argc)
		return NULL;
	return argv[++*i];
}

static int parse_number(const char *v, unsigned max, unsigned *out)
{
	char *end;
	unsigned long n = strtoul(v, &end, 10);

	if (!*v || *end || n > max)
		return -1;
	*out = (unsigned)n;
	return 0;
}

/* A whole number 1..max at v (decimal digits only). */
static int parse_count(const char *v, unsigned long long max,
		       unsigned long long *out)
{
	char *end;
	unsigned long long n;

	if (*v < '0' || *v > '9')
		return -1;
	errno = 0;
	n = strtoull(v, &end, 10);
	if (*end || errno || !n || n > max)
		return -1;
	*out = n;
	return 0;
}

static int parse_engine(const char *v, enum engine_kind *k)
{
	int i;

	for (i = ENG_LIBFUZZER; i <= ENG_AFL_RAW; i++) {
		if (!strcmp(v, engine_name(i))) {
			*k = i;
			return 0;
		}
	}
	return usage("unknown engine (libfuzzer, libfuzzer-raw, afl, afl-raw)",
		     v);
}

int campaign_parse_args(struct campaign *cg, int argc, char **argv)
{
	unsigned long long n;
	const char *v;
	int i, k;

	for (i = 0; i < argc; i++) {
		k = knob_option(argc, argv, &i, &cg->cfg, &cg->bugs,
				&cg->vmalloc);
		if (k < 0)
			return EXIT_USAGE;
		if (k)
			continue;
		if ((v = opt(argc, argv, &i, "--engine"))) {
			if (parse_engine(v, &cg->eng.kind))
				return EXIT_USAGE;
		} else if ((v = opt(argc, argv, &i, "--jobs"))) {
			if (parse_number(v, CAMPAIGN_MAX_JOBS, &cg->eng.jobs) ||
			    !cg->eng.jobs)
				return usage("--jobs wants 1..64, not", v);
		} else if ((v = opt(argc, argv, &i, "--time"))) {
			if (parse_number(v, 100000000, &cg->time_s))
				return usage("--time wants seconds, not", v);
		} else if ((v = opt(argc, argv, &i, "--seed"))) {
			if (parse_count(v, 0xffffffffu, &n))
				return usage("--seed wants 1..4294967295, not",
					     v);
			cg->eng.seed = (unsigned)n;
		} else if ((v = opt(argc, argv, &i, "--runs"))) {
			if (parse_count(v, ~0ull >> 1, &n))
				return usage("--runs wants a count >= 1, not",
					     v);
			cg->eng.runs = n;
		} else if ((v = opt(argc, argv, &i, "--out"))) {
			if (!*v)
				return usage("--out needs a directory, not", v);
			cg->out = v;
		} else if ((v = opt(argc, argv, &i, "--seeds"))) {
			cg->seeds = v;
		} else if (!strcmp(argv[i], "--until-bug")) {
			cg->until_bug = true;
		} else if (!strcmp(argv[i], "--no-qemu")) {
			cg->no_qemu = true;
		} else if (!strcmp(argv[i], "--no-bochs")) {
			cg->no_bochs = true;
		} else if (!strcmp(argv[i], "--sanitize")) {
			cg->eng.sanitize = true;
		} else {
			return usage("unknown option or missing value",
				     argv[i]);
		}
	}
	if (cg->eng.runs && cg->eng.jobs != 1) {
		fprintf(stderr, "vmfuzz: fuzz: --runs limits one job; "
				"give --jobs 1\n");
		return EXIT_USAGE;
	}
	return 0;
}
