/* SPDX-License-Identifier: GPL-2.0 */
/*
 * printk, BUG and WARN for the core: the kernel's names, our semantics.
 *
 * BUG() ends the running program with a report titled
 * "BUG: <what> in <function>" and never returns; WARN records a warning in the
 * trace (it is observable, part of the digest) and the run goes on.
 */
#ifndef VMFUZZ_KERNEL_H
#define VMFUZZ_KERNEL_H

#include "types.h"
#include "mmu.h"

/* Format into buf[0..n) (always NUL-terminated when n > 0); returns the
 * length the full output would have. Supports %s %c %d %u %x %X %p %% with
 * flags '0' and '-', a width, and the l / ll length modifiers. */
int vmf_vsnprintf(char *buf, u32 n, const char *fmt, va_list ap);
int vmf_snprintf(char *buf, u32 n, const char *fmt, ...) __printf(3, 4);

/* Format and write to the console (no buffering, no log levels). */
void printk(const char *fmt, ...) __printf(1, 2);

/*
 * Report a BUG titled "BUG: <what> in <func>" (what: a fixed phrase, so that
 * titles de-duplicate) with the detail line `fmt`, and end the running
 * program.
 */
void vmf_bug(const char *func, const char *what, const char *fmt,
	     ...) __noreturn __printf(3, 4);

/* Record a kernel warning of the current operation (trace + digest). */
void vmf_warn(const char *fmt, ...) __printf(1, 2);

/*
 * Where BUG(), WARN() and the page-table and frame changes go: the runner
 * above installs its sink (vmf_set_sink), the kernel never calls upward.
 * bug() must not return. The note_* hooks may be NULL.
 */
struct kernel_sink {
	void (*bug)(const char *func, const char *what, const char *fmt,
		    va_list ap) __noreturn;
	void (*warn)(const char *fmt, va_list ap);
	void (*note_pte)(pte_t *ptep); /* an entry set or cleared */
	void (*note_table)(pmd_t *pmd); /* a page table installed */
	void (*note_free)(u32 pfn);	/* a frame returned to the pool */
	/* Two CPUs (smp.c): a yield point or spin on `cpu`; the running CPU
	 * hands over at `what`; it has control again. */
	void (*yield)(int cpu, const char *what);
	void (*cpu_out)(int cpu, const char *what);
	void (*cpu_in)(int cpu);
};

/* Install `sink` (NULL: the default, which prints and throws on BUG). */
void vmf_set_sink(const struct kernel_sink *sink);

/* The installed sink: read by the note_* helpers below. */
extern const struct kernel_sink *vmf_sink;

static inline void vmf_note_pte(pte_t *ptep)
{
	if (vmf_sink->note_pte)
		vmf_sink->note_pte(ptep);
}

static inline void vmf_note_table(pmd_t *pmd)
{
	if (vmf_sink->note_table)
		vmf_sink->note_table(pmd);
}

static inline void vmf_note_free(u32 pfn)
{
	if (vmf_sink->note_free)
		vmf_sink->note_free(pfn);
}

#define BUG_MSG(what, ...) vmf_bug(__func__, what, __VA_ARGS__)
#define BUG() vmf_bug(__func__, "kernel BUG", "BUG()")
#define BUG_ON(c)                                                              \
	do {                                                                   \
		if (unlikely(c))                                               \
			vmf_bug(__func__, "kernel BUG", "BUG_ON(%s)", #c);     \
	} while (0)
#define WARN_ON(c)                                                             \
	({                                                                     \
		bool __w = !!(c);                                              \
		if (unlikely(__w))                                             \
			vmf_warn("WARNING in %s: %s", __func__, #c);           \
		__w;                                                           \
	})

/* The locks are real: smp.h. */

/* Find last set bit, 1-based; fls(0) == 0 (include/linux/bitops.h). */
static inline int fls(ulong32 x)
{
	return x ? 32 - __builtin_clz(x) : 0;
}

#endif
