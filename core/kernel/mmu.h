/* SPDX-License-Identifier: GPL-2.0 */
/*
 * i386 two-level paging, non-PAE: the bits both worlds agree on.
 *
 *   31                22 21                12 11                 0
 *  +--------------------+--------------------+--------------------+
 *  |   PDX: pgd index   |   PTX: pte index   |  offset in page    |
 *  +--------------------+--------------------+--------------------+
 *
 * The pmd and pud levels are folded into the pgd, as 2.6 i386 does it
 * (include/asm-i386/pgtable-2level.h): pmd_offset() returns the pgd entry.
 */
#ifndef VMFUZZ_MMU_H
#define VMFUZZ_MMU_H

#include "types.h"

#define PAGE_SHIFT 12
#define PAGE_SIZE ((ulong32)1 << PAGE_SHIFT)
#define PAGE_MASK (~(PAGE_SIZE - 1))
#define PAGE_ALIGN(a) ALIGN((a), PAGE_SIZE)

#define PGDIR_SHIFT 22
#define PGDIR_SIZE ((ulong32)1 << PGDIR_SHIFT)
#define PGDIR_MASK (~(PGDIR_SIZE - 1))
#define PMD_SHIFT PGDIR_SHIFT
#define PMD_SIZE PGDIR_SIZE
#define PMD_MASK PGDIR_MASK
#define PTRS_PER_PGD 1024
#define PTRS_PER_PTE 1024

#define PDX(va) ((ulong32)(va) >> PGDIR_SHIFT)
#define PTX(va) (((ulong32)(va) >> PAGE_SHIFT) & (PTRS_PER_PTE - 1))

/* Page-table entry bits (include/asm-i386/pgtable.h). */
#define _PAGE_PRESENT 0x001
#define _PAGE_RW 0x002
#define _PAGE_USER 0x004
#define _PAGE_PWT 0x008
#define _PAGE_PCD 0x010
#define _PAGE_ACCESSED 0x020
#define _PAGE_DIRTY 0x040
#define _PAGE_PSE 0x080
#define _PAGE_GLOBAL 0x100

#define _KERNPG_TABLE (_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY)
#define __PAGE_KERNEL (_PAGE_PRESENT | _PAGE_RW | _PAGE_DIRTY | _PAGE_ACCESSED)

typedef struct {
	u32 pte_low;
} pte_t;
typedef struct {
	u32 pgd;
} pgd_t;
typedef pgd_t pmd_t; /* folded */
typedef struct {
	u32 pgprot;
} pgprot_t;

#define PAGE_KERNEL ((pgprot_t){ __PAGE_KERNEL })

#define pte_val(x) ((x).pte_low)
#define pgd_val(x) ((x).pgd)
#define pmd_val(x) ((x).pgd)
#define __pte(x) ((pte_t){ (x) })
#define __pgd(x) ((pgd_t){ (x) })

#define pte_none(x) (!pte_val(x))
#define pte_present(x) (pte_val(x) & _PAGE_PRESENT)
#define pte_pfn(x) (pte_val(x) >> PAGE_SHIFT)
#define pmd_none(x) (!pmd_val(x))
#define pmd_present(x) (pmd_val(x) & _PAGE_PRESENT)
#define pmd_pfn(x) (pmd_val(x) >> PAGE_SHIFT)
#define pfn_pte(pfn, prot) __pte(((u32)(pfn) << PAGE_SHIFT) | (prot).pgprot)

#endif
