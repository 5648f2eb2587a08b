/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The host side of core/arch.h: one software MMU and a console that is
 * captured in memory.
 */
#ifndef VMFUZZ_ARCH_SOFT_H
#define VMFUZZ_ARCH_SOFT_H

#include <stdbool.h>
#include <stddef.h>
#include "softmmu.h"

/* The machine the core runs on; set up by soft_machine_init(). */
extern struct softmmu soft_mmu;

/* Set up the pool memory once per process. Returns 0 or -1 (no memory). */
int soft_machine_init(void);

/*
 * Console output since the last soft_console_take(): *len bytes at the
 * returned pointer, which stays valid until the next console write.
 */
const char *soft_console_peek(size_t *len);

/* Hand over the captured output as a malloc'ed NUL-terminated string (the
 * capture starts anew); NULL when out of memory. */
char *soft_console_take(void);

/* Stale TLB hits (softmmu stats.stale) of both CPUs' MMUs so far. */
unsigned long long soft_machine_stale_hits(void);

/* The running CPU's MMU (arch_smp.c): soft_mmu on CPU 0. */
struct softmmu *soft_cpu_mmu(void);

/* Called once by soft_machine_init(): CPU 0's MMU, and the throw CPU 0
 * runs when CPU 1 throws (arch_throw). */
void soft_smp_attach(struct softmmu *boot, void (*throw_on_cpu0)(void));

/* CPU 0 again, no throw in flight: after arch_try() returns 1. */
void soft_smp_reset(void);

/* On CPU 1: pass the throw to CPU 0 (which longjmps on its own stack);
 * false on CPU 0. */
bool soft_smp_throw_elsewhere(void);

/* Drop the captured output. */
void soft_console_clear(void);

#endif
