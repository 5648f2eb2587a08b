/* SPDX-License-Identifier: GPL-2.0 */
/* The state of one `vmfuzz fuzz` run, shared by campaign.c (the run) and
 * campaign_args.c (its options). */
#ifndef VMFUZZ_CAMPAIGN_CMD_H
#define VMFUZZ_CAMPAIGN_CMD_H

#include "campaign.h"

struct campaign {
	struct engine eng;
	struct crashdb db;
	struct vmf_config cfg;
	const char *out, *seeds, *bugs, *vmalloc;
	char tmp[CAMPAIGN_PATH]; /* the engines' TMPDIR, or "" */
	unsigned time_s;
	bool until_bug, no_qemu, no_bochs;
	double t0, toff, last_t, eps;
	unsigned long long last_execs, execs_off;
	double printed_t;  /* when the last progress line was printed */
	char printed[160]; /* that line without its time */
	FILE *csv;
};

/* Fill cg from the options after "fuzz" (argv[0] is "fuzz"). Returns 0, or
 * an exit code of DESIGN.md after a one-line message. */
int campaign_parse_args(struct campaign *cg, int argc, char **argv);

#endif
