/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Executors on the host side: the soft-MMU runner (exec.c) and the
 * emulator runners (emu/: qemu.c, bochs.c, declared in emu.h) share these
 * types, so that `run`, `qemu` and `cross` print and compare the same things.
 */
#ifndef VMFUZZ_EXEC_H
#define VMFUZZ_EXEC_H

#include <stdio.h>
#include "vmfuzz.h"

/* One program to execute, in binary form. */
struct prog_input {
	const char *name; /* what the summary line starts with (file name) */
	unsigned char *data;
	unsigned len;
};

enum exec_outcome {
	EXEC_OK = 0,
	EXEC_BUG,
	EXEC_HANG,   /* emulator: no end of program before the timeout */
	EXEC_RESET,  /* emulator: guest reset / triple fault */
	EXEC_NOTRUN, /* emulator: never started (an earlier failure) */
};

struct exec_result {
	enum exec_outcome outcome;
	unsigned long long digest;
	unsigned nops; /* operations executed; for hang/reset: last seen + 1 */
	char title[VMF_TITLE_MAX];
	char *text; /* everything the program printed (malloc'ed) */
	/* host only: some access used a TLB entry its page tables no longer
	 * held (softmmu stats.stale), so a finite TLB may have differed */
	bool stale_tlb;
};

/* "ok", "BUG", "hang", "reset", "not-run". */
const char *exec_outcome_word(enum exec_outcome o);

/*
 * Print the summary line of one program:
 *   NAME: ok digest=0123456789abcdef ops=N
 *   NAME: BUG digest=... ops=N (BUG: <what> in <function>)
 */
void exec_print_summary(FILE *out, const char *name,
			const struct exec_result *r);

/* Do two executors agree on a program: same outcome, title and digest? */
bool exec_agree(const struct exec_result *a, const struct exec_result *b);

/*
 * The three-valued verdict of two executors on one program (README: "Known
 * differences between the worlds"):
 *   AGREE      same outcome, title and digest (exec_agree());
 *   EXPLAINED  a documented model difference: the stricter side reports
 *              "BUG: freed area still accessible in ..." (a stale TLB entry)
 *              and the other says ok, or the same title at a later op: its
 *              finite TLB had evicted the entry the stricter one kept;
 *   DISAGREE   anything else (hang, reset and not-run never explain).
 */
enum exec_verdict {
	VERDICT_AGREE = 0,
	VERDICT_EXPLAINED,
	VERDICT_DISAGREE,
};

/*
 * Classify a against b. a_strict: a is the host (its strict TLB never
 * evicts), so only a may be the side that saw the stale entry; false (two
 * emulators): either side may. Returns the verdict; *why (if not NULL) gets a
 * static one-line reason for EXPLAINED, "" otherwise.
 */
enum exec_verdict exec_verdict(const struct exec_result *a,
			       const struct exec_result *b, bool a_strict,
			       const char **why);

/* "agree", "explained", "DISAGREE": the word cross, regress and the
 * campaign print for a verdict. */
const char *exec_verdict_word(enum exec_verdict v);

/* Free what exec_result owns (text). */
void exec_result_free(struct exec_result *r);

/*
 * Host executor: run progs[0..n) over the soft MMU with `cfg`. Fills
 * results[i] (text captured). Returns 0.
 */
int softmmu_exec(const struct prog_input *progs, unsigned n,
		 const struct vmf_config *cfg, struct exec_result *results);

#endif
