/* SPDX-License-Identifier: GPL-2.0 */
/*
 * `vmfuzz cross --gens`: one program under a profile of each allocator
 * generation, on the host, compared op by op (docs/gen2.md). cross_gens.c
 * runs and prints; cross_gens_cmp.c decides which differences a documented
 * change between the generations explains.
 */
#ifndef VMFUZZ_CROSS_GENS_H
#define VMFUZZ_CROSS_GENS_H

#include "exec.h"
#include "prog.h"

#define GENS_RES_MAX 160

/* What one generation's trace says about one op. */
struct gens_op {
	bool ran;			/* its trace line was printed */
	char res[GENS_RES_MAX];		/* the text after " -> " */
	bool mi;			/* meminfo: the three values below */
	unsigned long total, used, chunk; /* kB */
};

/* One generation's run of a program, parsed from its trace. */
struct gens_run {
	struct exec_result r;
	struct gens_op *ops; /* prog.nops of them */
};

/* One difference: op (or -1: the outcome), and why it is allowed, or NULL
 * when no documented change explains it (a finding). */
struct gens_diff {
	int op;
	const char *why;
	char what[2 * GENS_RES_MAX + 64];
};

#define GENS_MAX_DIFFS 64

struct gens_cmp {
	unsigned ndiffs, nfound; /* all kept, and the unexplained ones */
	unsigned nmore;		 /* differences past GENS_MAX_DIFFS */
	struct gens_diff d[GENS_MAX_DIFFS];
};

/* Fill run->ops from run->r.text (the trace of prog, `vmfuzz run --trace`
 * lines and meminfo lines, up to a BUG report). 0, or -1 out of memory. */
int gens_parse(const struct vmf_program *prog, struct gens_run *run);

/* Compare generation 1's run a with generation 2's run b of prog into *c:
 * every difference, each explained by a documented change or not. */
void gens_compare(const struct vmf_program *prog, const struct gens_run *a,
		  const struct gens_run *b, struct gens_cmp *c);

#endif
