/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel page tables and TLB flushing, with 2.6's names
 * (include/asm-i386/pgtable.h, pgalloc.h, tlbflush.h; mm/memory.c).
 *
 * TLB flushing API (the 2.6 tlbflush.h comment, as far as it applies here):
 *  - flush_tlb_all() flushes everything (reloads CR3);
 *  - flush_tlb_kernel_range(start, end) flushes a range of kernel pages:
 *    invlpg per page up to TLB_FLUSH_CEILING pages, else flush_tlb_all().
 * A page-table update is not visible to the TLB until one of these runs.
 */
#ifndef VMFUZZ_PGTABLE_H
#define VMFUZZ_PGTABLE_H

#include "mm.h"
#include "smp.h"

#define TLB_FLUSH_CEILING 32

/* init_mm's page directory: a pool frame; the first one a reset hands out. */
extern pgd_t *swapper_pg_dir;

/* The kernel's mm: only its page_table_lock, which map_vm_area() holds
 * around the walk (2.6.11). */
struct mm_struct {
	spinlock_t page_table_lock;
};
extern struct mm_struct init_mm;

/* Allocate and load a fresh kernel page directory. Returns 0 or -1 (no
 * frame: impossible right after a pool reset). */
int paging_init(void);

/* The pgd entry of kernel address `address`. */
pgd_t *pgd_offset_k(ulong32 address);

/* i386 folds the pmd into the pgd: the pmd "table" is the pgd entry. */
pmd_t *pmd_offset(pgd_t *pgd, ulong32 address);
pmd_t *pmd_alloc(pgd_t *pgd, ulong32 address);

/* The pte of `address` under `pmd`, which must be present. */
pte_t *pte_offset_kernel(pmd_t *pmd, ulong32 address);

/*
 * The pte of `address`, allocating (and zeroing) the page table when the pmd
 * is empty. Returns NULL when no frame is left for it.
 */
pte_t *pte_alloc_kernel(pmd_t *pmd, ulong32 address);

/* Write a pte; read-and-clear a pte. No TLB flush: that is the caller's. */
void set_pte(pte_t *ptep, pte_t pte);
pte_t ptep_get_and_clear(pte_t *ptep);

/* Kernel pte of `address` if its page table exists, else NULL. No side
 * effects: the oracle and reports use it. */
pte_t *lookup_pte_k(ulong32 address);

void flush_tlb_all(void);
void flush_tlb_kernel_range(ulong32 start, ulong32 end);

/* No-ops on i386 (physically indexed caches), kept for diffability. */
#define flush_cache_vmap(start, end) ((void)(start), (void)(end))
#define flush_cache_vunmap(start, end) ((void)(start), (void)(end))

#endif
