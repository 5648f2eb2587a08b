/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the emulator executors (qemu.c, bochs.c) share: the program bundle,
 * the firmware command line, the progress timeout, and the boot loop that
 * runs every program, booting again after one that hung or reset the guest,
 * and explains in one line what went wrong.
 *
 * An emulator supplies three steps (struct emu_ops): check that it can run
 * at all, prepare its files in the scratch directory, and boot once on the
 * bundle (starting the child and feeding its output to e->gp).
 */
#ifndef VMFUZZ_EMURUN_H
#define VMFUZZ_EMURUN_H

#include "bugs.h"
#include "exec.h"
#include "guestproto.h"
#include "spawn.h"

#define EMU_BUNDLE_MAX (16u << 20) /* one boot's bundle, at most (default) */

struct emu;

struct emu_ops {
	const char *name; /* "qemu", "bochs": the prefix of every message */
	/* 0, or -1 after writing why (missing emulator or firmware) */
	int (*preflight)(struct emu *e, char *why, unsigned whylen);
	/* After scratch_begin(): paths and per-run files; 0 or -1 (errno) */
	int (*prepare)(struct emu *e);
	/* Boot once on e->bundle_path, which holds results[0..n)'s
	 * programs: run e->child to its end, feeding e->gp (initialised to
	 * results[0..n) by the caller, finished by the caller). */
	void (*boot)(struct emu *e, struct exec_result *results, unsigned n);
	/* The emulator's own word on a failed boot (one line, or "") */
	void (*detail)(const struct emu *e, char *buf, unsigned len);
	/* Optional: after a boot that ran no program, true when the emulator
	 * changed how it boots and the same boot should be tried again */
	bool (*retry)(struct emu *e);
	/* With any knob on, one program per boot: the emulator keeps state
	 * the guest cannot reset that a knob's bug can make visible (QEMU's
	 * TLB size) */
	bool isolate_with_knobs;
	/* The largest bundle one boot can take (0: EMU_BUNDLE_MAX) */
	unsigned bundle_max;
};

struct emu {
	const struct emu_ops *ops;
	const char *program;	 /* the emulator binary, for messages */
	const char *firmware;	 /* the firmware ELF */
	const char *bundle_path; /* set by ops->prepare */
	const struct vmf_config *cfg;
	char cmdline[BUGS_FORMAT_MAX + 128]; /* the firmware's knobs: "bugs=... trace=1" */
	unsigned timeout_ms;
	unsigned first; /* the boot's first program, in the whole run */
	struct child child;
	struct guest_proto gp;
	void *priv; /* the emulator's own state */
};

/*
 * Run progs[0..n) on e's emulator in as few boots as possible, with
 * e->ops, e->program, e->firmware and e->cfg set by the caller. Fills
 * results[i]. Returns 0 when every program ran to an end, or 4 after
 * writing a one-line reason to why (and "(+N more)" when there were
 * several problems). Uses (and removes) a scratch directory; never leaves
 * an emulator process behind.
 */
int emu_exec(struct emu *e, const struct prog_input *progs, unsigned n,
	     struct exec_result *results, char *why, unsigned whylen);

/*
 * child_run() feed function for e->gp: passes the output on and returns
 * true on progress (a program began or ended, or an operation began).
 */
bool emu_feed(void *gp, const char *buf, size_t len);

/*
 * CPUs an emulator boots: 2 when $VMFUZZ_EMU_CPUS is "2", else 1. With 2
 * the firmware gets `smp=2` and starts the AP; QEMU runs round-robin TCG
 * under icount, Bochs `cpu: count=2` (README: two CPUs). With cfg->stress
 * too, the firmware gets `stress=SEED` (cfg->stress + the boot's first
 * program) and runs free: QEMU multi-threaded TCG, Bochs a small quantum. Words
 * in $VMFUZZ_EMU_CMDLINE are appended to the firmware's command line, and
 * $VMFUZZ_EMU_CONSOLE names a file that collects the guest's console.
 */
unsigned emu_cpus(void);

/* ops->detail helper: the first line of file `path`, or "". */
void emu_first_line(const char *path, char *buf, unsigned len);

/*
 * The per-step timeout in ms: $ENVNAME seconds (fractions too) when set
 * and sane, else def_ms.
 */
unsigned emu_timeout_ms(const char *envname, unsigned def_ms);

#endif
