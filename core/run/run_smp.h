/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The runner with two CPUs (issue 17): each CPU's op list under the
 * program's schedule (core/kernel/smp.c), the oracle at quiescent points,
 * lock discipline at yield points, the interleaving log of the BUG report.
 */
#ifndef VMFUZZ_RUN_SMP_H
#define VMFUZZ_RUN_SMP_H

#include "types.h"


/* Run vmf.prog on two CPUs (inside arch_try()); the runner's check(full)
 * and end() of an op are passed in (run.c: run_check_op, run_end_op). */
void run_smp_ops(void (*check)(bool full), void (*end)(void));

/* The kernel sink's SMP hooks (kernel.h). */
void run_smp_yield(int cpu, const char *what);
void run_smp_cpu_out(int cpu, const char *what);
void run_smp_cpu_in(int cpu);

/* Print the interleaving so far: which CPU ran which part of which op. */
void run_smp_print_interleaving(void);

#endif
