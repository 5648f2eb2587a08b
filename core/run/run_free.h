/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Free-running two CPUs (`--stress N`, emulators only): both CPUs run
 * their ops at once with no schedule; the oracle judges the state once,
 * after both joined.
 */
#ifndef VMFUZZ_RUN_FREE_H
#define VMFUZZ_RUN_FREE_H

#include "types.h"

/* Run vmf.prog's ops free on both CPUs (inside arch_try()), join them,
 * then check(true) and end() as after the program's last op. */
void run_free_ops(void (*check)(bool full), void (*end)(void));

/* At the start and the end of a BUG report (run.c): stop the other CPU,
 * and name the reporting CPU's op (no-ops unless free-running). */
void run_free_bug_enter(void);
void run_free_bug_exit(void);

/* The BUG report's tail when free-running: where each CPU was. */
void run_free_print_cpus(void);

#endif
