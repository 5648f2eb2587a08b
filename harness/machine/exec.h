/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Executors on the host side: the soft-MMU runner (exec.c) and the
 * emulator runners (qemu.c, bochs.c over emurun.c) share these types, so that
 * `run`, `qemu` and `cross` print and compare the same things.
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
};

/* The worlds a program runs in: the soft MMU and the two emulators. */
enum exec_world { WORLD_HOST, WORLD_QEMU, WORLD_BOCHS, NR_WORLDS };

/* "host", "qemu", "bochs". */
extern const char *const exec_world_names[NR_WORLDS];

/*
 * Run progs[0..n) in world w (softmmu_exec, qemu_exec or bochs_exec, the
 * emulators with `firmware`). Returns 0, or 4 (an emulator could not run
 * every program; 2 when the soft machine cannot start) after writing a
 * one-line reason to why. With n == 0 it only checks that w can run.
 */
int exec_world(enum exec_world w, const char *firmware,
	       const struct prog_input *progs, unsigned n,
	       const struct vmf_config *cfg, struct exec_result *results,
	       char *why, unsigned whylen);

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

/* Free what exec_result owns (text). */
void exec_result_free(struct exec_result *r);

/*
 * Host executor: run progs[0..n) over the soft MMU with `cfg`. Fills
 * results[i] (text captured). Returns 0.
 */
int softmmu_exec(const struct prog_input *progs, unsigned n,
		 const struct vmf_config *cfg, struct exec_result *results);

/*
 * QEMU executor: run progs[0..n) in as few QEMU boots as possible (one, unless
 * a program hangs or resets the guest; the rest then run in a new boot), with
 * the firmware at `firmware`; with any knob in cfg->bugs, one boot per program
 * (a knob's stale TLB entries would meet QEMU's history-dependent TLB size).
 * Fills results[i]. Returns 0 when QEMU ran every program to an end, or 4 after
 * writing a one-line reason to *why (emulator missing, would not start, hung,
 * reset): results then say which programs. Never leaves a QEMU process behind.
 */
int qemu_exec(const char *firmware, const struct prog_input *progs, unsigned n,
	      const struct vmf_config *cfg, struct exec_result *results,
	      char *why, unsigned whylen);

/*
 * Bochs executor (bochs.c): the same contract as qemu_exec(), with the
 * same firmware booted from our floppy (boot/bochs_boot.asm).
 */
int bochs_exec(const char *firmware, const struct prog_input *progs, unsigned n,
	       const struct vmf_config *cfg, struct exec_result *results,
	       char *why, unsigned whylen);

#endif
