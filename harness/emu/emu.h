/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The emulator layer's entry points: the QEMU and Bochs executors, the
 * worlds a program runs in (the soft machine and the two emulators) and the
 * firmware image they boot. Above machine/ (exec.h's types); used by
 * campaign/, cli/ and tests/.
 */
#ifndef VMFUZZ_EMU_H
#define VMFUZZ_EMU_H

#include "exec.h"

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

/* The firmware image: $VMFUZZ_FIRMWARE, else the installed one
 * (libexec/vmfuzz/vmfuzz.elf next to an installed vmfuzz), else the one
 * this build made (paths.h). */
const char *emu_firmware(void);

#endif
