/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The seam: everything the allocator core needs from a machine.
 *
 * Implemented twice and chosen at link time by meson.build:
 *   boot/arch_hw.c               real i386 paging (CR3, invlpg, #PF with
 *                                fix-ups)
 *   harness/machine/arch_soft.c  the software MMU and its strict TLB model
 * Nothing else in core/ knows which one it runs on.
 */
#ifndef VMFUZZ_ARCH_H
#define VMFUZZ_ARCH_H

#include "types.h"
#include "mmu.h"

/* Write n bytes of console text (serial + port 0xE9, or stdout). */
void arch_console_write(const char *s, u32 n);

/*
 * Native pointer through which the core reads and writes the physical byte
 * at `phys` (the direct map). Valid for phys in [POOL_PHYS_START,
 * POOL_PHYS_END); returns NULL for anything else.
 */
void *arch_phys_to_virt(u32 phys);

/*
 * Inverse of arch_phys_to_virt(): the physical address of a native pointer,
 * or ARCH_NO_PHYS when p does not point into the pool. Never dereferences p.
 */
u32 arch_virt_to_phys(const void *p);
#define ARCH_NO_PHYS 0xFFFFFFFFu

/*
 * Prepare the fresh, zeroed page directory `pgd` (a pool page): enter the
 * machine's own kernel mappings outside [MODULES_VADDR, VMALLOC_END)
 * (the firmware's identity map and direct map; nothing on the host).
 */
void arch_pgd_init(pgd_t *pgd);

/* Load CR3 with the page directory at physical `pgd_phys`; flushes the TLB. */
void arch_load_cr3(u32 pgd_phys);

/* Drop the TLB entry of the page holding `va` (invlpg). */
void arch_invlpg(ulong32 va);

/* Drop every TLB entry (reload CR3). */
void arch_flush_tlb_all(void);

/*
 * Access the byte at kernel virtual address `va` through the MMU, exactly as
 * a load (write == 0) or a store (write != 0) would: through the TLB, then
 * the page tables, setting accessed/dirty bits. Returns a native pointer
 * valid for the rest of va's page, or NULL if the access page-faults (the
 * fault is expected and recovered; nothing is written).
 */
void *arch_mmu_access(ulong32 va, int write);

/*
 * Run fn(arg). Returns 0 when fn returns, or 1 when arch_throw() was called
 * inside it (or, on hardware, an unexpected fault was taken and reported).
 * Not nested.
 */
int arch_try(void (*fn)(void *), void *arg);

/*
 * Who reports an unexpected fault inside arch_try() (a wild kernel pointer):
 * the runner registers it once; the seam calls it instead of calling up into
 * the runner. It must not return (it ends with arch_throw()). NULL: the
 * fault just abandons the body, as arch_throw() does.
 */
void arch_on_fault(void (*handler)(void));

/* Abandon the running arch_try() body. Never returns. */
void arch_throw(void) __noreturn;

#endif
