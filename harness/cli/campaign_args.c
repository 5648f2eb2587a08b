// SPDX-License-Identifier: GPL-2.0
/* The options of `vmfuzz fuzz` (campaign.c runs them). */
#include "campaign_cmd.h"

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
	return 0;
}
