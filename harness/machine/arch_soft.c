// SPDX-License-Identifier: GPL-2.0
/*
 * core/arch.h over the software MMU: the pool lives in host memory at its
 * physical addresses, faults are the walk's answer, and arch_throw() is a
 * longjmp.
 *
 * Kernel code runs natively here, so a wild pointer in it is a host fault.
 * Such a fault is the same BUG as the firmware's #PF ("unable to handle
 * kernel paging request in <function>"), and kernel code cannot silently
 * write host memory outside the simulated machine:
 *  - every pointer the core is handed (page_address, kmalloc, the direct
 *    map, arch_mmu_access) points into the pool (or, for a present PTE to
 *    a frame outside it, at the open-bus page), which is mapped at its own
 *    physical address (32 MB) between PROT_NONE guards (softmmu.c), and the
 *    rest of the low 4 GB is reserved PROT_NONE (reserve_low_4g): any
 *    pointer built from a 32-bit value (a kernel address, a PTE, a pfn, a
 *    physical address) is in the pool or faults;
 *  - freed and fresh slab memory and freed frames are poisoned with 0x6b /
 *    0x5a bytes: a pointer read from them is non-canonical and faults;
 *  - pointers stored in kernel objects (vmlist) are checked to be live
 *    kmalloc objects after every operation (core/objcheck.c), before the
 *    next one can follow them;
 *  - SIGSEGV and SIGBUS inside arch_try() land in the runner's arch_on_fault() handler
 *    (on an alternate stack, so a kernel stack overflow is caught too).
 * What remains is a 64-bit value assembled from pattern data (written by
 * `write`) that a broken allocator reads as a pointer within the same
 * operation; the oracle reports the frame confusion that makes that
 * possible (a slab frame mapped as data) at the end of that operation.
 */
#define _GNU_SOURCE
#include "arch_soft.h"

#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "arch.h"
#include "memlayout.h"
#include "vmfuzz.h"

struct softmmu soft_mmu;

static sigjmp_buf try_env;
static volatile sig_atomic_t in_try;
static bool handlers_on;
static struct sigaction old_segv, old_bus;

enum { TRY_THROWN = 1, TRY_FAULTED = 2 };
static char *con_buf;
static size_t con_len, con_cap;

/* Reserve [lo, hi) PROT_NONE where nothing is mapped yet, halving around
 * whatever is (the host binary, a sanitizer's shadow), down to 1 MB. */
static void reserve_range(uintptr_t lo, uintptr_t hi)
{
	void *r;

	if (hi <= lo)
		return;
	r = mmap((void *)lo, hi - lo, PROT_NONE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE |
			 MAP_FIXED_NOREPLACE,
		 -1, 0);
	if (r == (void *)lo)
		return;
	if (r != MAP_FAILED)
		munmap(r, hi - lo); /* an old kernel took it as a hint */
	if (hi - lo <= (1u << 20))
		return;
	reserve_range(lo, lo + (hi - lo) / 2);
	reserve_range(lo + (hi - lo) / 2, hi);
}

/* Everything below 4 GB but the pool and its guards: no mapping can appear
 * there later, so a 32-bit value used as a pointer faults. */
static void reserve_low_4g(void)
{
	uintptr_t pool = (uintptr_t)soft_mmu.mem;

	if (pool != POOL_PHYS_START)
		return; /* the pool went elsewhere: its guards still hold */
	reserve_range(0x10000u, pool - SOFTMMU_GUARD);
	reserve_range(pool + soft_mmu.size + SOFTMMU_GUARD, (uintptr_t)1 << 32);
}

int soft_machine_init(void)
{
	if (soft_mmu.mem)
		return 0;
	if (softmmu_init(&soft_mmu, POOL_PHYS_START, POOL_PAGES * PAGE_SIZE))
		return -1;
	reserve_low_4g();
	soft_smp_attach(&soft_mmu, arch_throw);
	return 0;
}

void arch_console_write(const char *s, u32 n)
{
	if (con_len + n + 1 > con_cap) {
		size_t cap = con_cap ? con_cap * 2 : 4096;
		char *p;

		while (cap < con_len + n + 1)
			cap *= 2;
		p = realloc(con_buf, cap);
		if (!p)
			return;
		con_buf = p;
		con_cap = cap;
	}
	memcpy(con_buf + con_len, s, n);
	con_len += n;
	con_buf[con_len] = '\0';
}

const char *soft_console_peek(size_t *len)
{
	*len = con_len;
	return con_len ? con_buf : "";
}

char *soft_console_take(void)
{
	char *p = malloc(con_len + 1);

	if (p) {
		memcpy(p, con_len ? con_buf : "", con_len);
		p[con_len] = '\0';
	}
	con_len = 0;
	return p;
}

void soft_console_clear(void)
{
	con_len = 0;
}

void *arch_phys_to_virt(u32 phys)
{
	return softmmu_phys(&soft_mmu, phys);
}

u32 arch_virt_to_phys(const void *p)
{
	int64_t pa = softmmu_phys_of(&soft_mmu, p);

	return pa < 0 ? ARCH_NO_PHYS : (u32)pa;
}

/* Present PDEs where the firmware has its identity and direct maps, with
 * tables outside the pool, so the core meets the same page directory. */
void arch_pgd_init(pgd_t *pgd)
{
	u32 i, fake = 0x00100000u;

	for (i = 0; i < PDX(IDENTITY_MAP_END); i++, fake += PAGE_SIZE)
		pgd[i].pgd = fake | _KERNPG_TABLE;
	for (i = PDX(PAGE_OFFSET); i < PDX(PAGE_OFFSET + RAM_SIZE);
	     i++, fake += PAGE_SIZE)
		pgd[i].pgd = fake | _KERNPG_TABLE;
}

void arch_load_cr3(u32 pgd_phys)
{
	softmmu_load_cr3(soft_cpu_mmu(), pgd_phys);
}

void arch_invlpg(ulong32 va)
{
	softmmu_invlpg(soft_cpu_mmu(), va);
}

void arch_flush_tlb_all(void)
{
	softmmu_flush_all(soft_cpu_mmu());
}

/* A frame outside the pool behind a present PTE (a leftover or wild entry:
 * 0x6b6b6b6b, an uncleared table's poison, maps 0x6b6b6000) translates, as
 * on x86, and is read as an "open bus" page of all ones whose writes are
 * lost: the firmware gives the same page (boot/arch_hw.c), where QEMU would
 * read unassigned memory as 0x00 and Bochs as 0xff. */
static uint8_t open_bus[PAGE_SIZE];

void *arch_mmu_access(ulong32 va, int write)
{
	uint32_t pa;
	void *p;

	if (softmmu_translate(soft_cpu_mmu(), va, write, &pa) != SOFTMMU_OK)
		return NULL;
	p = softmmu_phys(&soft_mmu, pa);
	if (!p) {
		memset(open_bus, 0xff, sizeof(open_bus));
		p = open_bus + (pa & (PAGE_SIZE - 1));
	}
	return p;
}

/* A fault in kernel code: back into arch_try(), which reports it. Outside
 * arch_try() the fault is not ours: the previous handler gets it. */
static void on_fault(int sig, siginfo_t *si, void *uc)
{
	(void)si;
	(void)uc;
	if (in_try)
		siglongjmp(try_env, TRY_FAULTED);
	sigaction(sig, sig == SIGBUS ? &old_bus : &old_segv, NULL);
	handlers_on = false; /* the access runs again and meets that handler */
}

/* Installed at the first arch_try(), after any sanitizer or fuzz engine
 * has set up its own handlers, which stay in charge outside arch_try(). */
static void install_handlers(void)
{
	static char altstack[1 << 16];
	struct sigaction sa;
	stack_t ss = { .ss_sp = altstack, .ss_size = sizeof(altstack) };
	stack_t cur;

	if (!sigaltstack(NULL, &cur) && (cur.ss_flags & SS_DISABLE))
		sigaltstack(&ss, NULL);
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_fault;
	/* SA_NODEFER: siglongjmp out of the handler leaves nothing blocked,
	 * so sigsetjmp need not save the mask (no syscall per program). */
	sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGSEGV, &sa, &old_segv);
	sigaction(SIGBUS, &sa, &old_bus);
	handlers_on = true;
}

static void (*fault_handler)(void);

void arch_on_fault(void (*handler)(void))
{
	fault_handler = handler;
}

int arch_try(void (*fn)(void *), void *arg)
{
	if (!handlers_on)
		install_handlers();
	switch (sigsetjmp(try_env, 0)) {
	case 0:
		in_try = 1;
		fn(arg);
		in_try = 0;
		return 0;
	case TRY_FAULTED:
		soft_smp_reset(); /* the signal left CPU 1's stack already */
		/* On the normal stack again; reports, then arch_throw(). A
		 * fault inside the report comes back here and throws. */
		if (fault_handler)
			fault_handler();
		/* fall through */
	default:
		in_try = 0;
		soft_smp_reset();
		return 1;
	}
}

void arch_throw(void)
{
	soft_smp_throw_elsewhere();
	siglongjmp(try_env, TRY_THROWN);
}
