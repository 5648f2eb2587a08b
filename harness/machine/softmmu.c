// SPDX-License-Identifier: GPL-2.0
/*
 * The software MMU (see softmmu.h).
 */
#include "softmmu.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "mmu.h"

#define NR_VPNS (1u << 20)
#define TLB_VALID 0x1u
#define TLB_DIRTY 0x2u
#define TLB_RW 0x4u
#define TLB_LISTED 0x8u /* vpn is in `filled` (kept across invlpg) */

/*
 * Map `size` bytes at host address `base` (the physical address itself) if
 * that range is free, else anywhere, always between two PROT_NONE guard
 * regions of SOFTMMU_GUARD bytes: a linear overrun out of simulated memory
 * faults instead of reaching host data.
 */
static uint8_t *map_guarded(uint32_t base, uint32_t size)
{
	size_t total = (size_t)size + 2 * SOFTMMU_GUARD;
	int flags = MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE;
	uint8_t *r = MAP_FAILED;

	if (base >= SOFTMMU_GUARD + 0x10000u)
		r = mmap((void *)((uintptr_t)base - SOFTMMU_GUARD), total,
			 PROT_NONE, flags | MAP_FIXED_NOREPLACE, -1, 0);
	if (r == MAP_FAILED)
		r = mmap(NULL, total, PROT_NONE, flags, -1, 0);
	if (r == MAP_FAILED)
		return NULL;
	if (mprotect(r + SOFTMMU_GUARD, size, PROT_READ | PROT_WRITE)) {
		munmap(r, total);
		return NULL;
	}
	return r + SOFTMMU_GUARD;
}

int softmmu_init(struct softmmu *m, uint32_t base, uint32_t size)
{
	memset(m, 0, sizeof(*m));
	m->mem = map_guarded(base, size);
	m->tlb = calloc(NR_VPNS, sizeof(*m->tlb));
	m->filled = malloc(NR_VPNS * sizeof(*m->filled));
	if (!m->mem || !m->tlb || !m->filled) {
		if (m->mem)
			munmap(m->mem - SOFTMMU_GUARD,
			       (size_t)size + 2 * SOFTMMU_GUARD);
		free(m->tlb);
		free(m->filled);
		m->mem = NULL;
		return -1;
	}
	m->base = base;
	m->size = size;
	return 0;
}

int softmmu_init_cpu(struct softmmu *m, const struct softmmu *boot)
{
	memset(m, 0, sizeof(*m));
	m->tlb = calloc(NR_VPNS, sizeof(*m->tlb));
	m->filled = malloc(NR_VPNS * sizeof(*m->filled));
	if (!m->tlb || !m->filled) {
		free(m->tlb);
		free(m->filled);
		m->tlb = NULL;
		return -1;
	}
	m->mem = boot->mem;
	m->base = boot->base;
	m->size = boot->size;
	m->cr3 = boot->cr3;
	return 0;
}

void softmmu_fini(struct softmmu *m)
{
	if (m->mem)
		munmap(m->mem - SOFTMMU_GUARD,
		       (size_t)m->size + 2 * SOFTMMU_GUARD);
	free(m->tlb);
	free(m->filled);
	memset(m, 0, sizeof(*m));
}

void *softmmu_phys(struct softmmu *m, uint32_t pa)
{
	if (pa < m->base || pa - m->base >= m->size)
		return NULL;
	return m->mem + (pa - m->base);
}

int64_t softmmu_phys_of(const struct softmmu *m, const void *p)
{
	uintptr_t a = (uintptr_t)p, b = (uintptr_t)m->mem;

	if (!m->mem || a < b || a - b >= m->size)
		return -1;
	return (int64_t)(m->base + (uint32_t)(a - b));
}

static uint32_t *entry_at(struct softmmu *m, uint32_t pa)
{
	return (pa & 3) ? NULL : softmmu_phys(m, pa);
}

/* Does TLB entry e for va still match the page tables (present, same
 * frame)? Two loads, no A/D update: only counts (stats.stale). */
static bool entry_current(struct softmmu *m, uint32_t va, uint32_t e)
{
	uint32_t *pde = entry_at(m, (m->cr3 & PAGE_MASK) + PDX(va) * 4);
	uint32_t *pte;

	if (!pde || !(*pde & _PAGE_PRESENT))
		return false;
	pte = entry_at(m, (*pde & PAGE_MASK) + PTX(va) * 4);
	return pte && (*pte & _PAGE_PRESENT) &&
	       (*pte & PAGE_MASK) == (e & PAGE_MASK);
}

/* The page walk: PDE, then PTE, setting A (and D for a store). */
static enum softmmu_fault walk(struct softmmu *m, uint32_t va, int write,
			       uint32_t *tlbe)
{
	uint32_t *pde = entry_at(m, (m->cr3 & PAGE_MASK) + PDX(va) * 4);
	uint32_t *pte;

	m->stats.walks++;
	if (!pde)
		return SOFTMMU_OUT_OF_RANGE;
	if (!(*pde & _PAGE_PRESENT))
		return SOFTMMU_PDE_NOT_PRESENT;
	pte = entry_at(m, (*pde & PAGE_MASK) + PTX(va) * 4);
	if (!pte)
		return SOFTMMU_OUT_OF_RANGE;
	if (!(*pte & _PAGE_PRESENT))
		return SOFTMMU_PTE_NOT_PRESENT;
	if (write && !(*pde & *pte & _PAGE_RW))
		return SOFTMMU_READ_ONLY;
	/* A present PTE translates wherever its frame is, as on x86: whether
	 * memory is there is the access's business, not the walk's. */
	*pde |= _PAGE_ACCESSED;
	*pte |= _PAGE_ACCESSED | (write ? _PAGE_DIRTY : 0);
	*tlbe = (*pte & PAGE_MASK) | TLB_VALID |
		((*pte & _PAGE_DIRTY) ? TLB_DIRTY : 0) |
		((*pde & *pte & _PAGE_RW) ? TLB_RW : 0);
	return SOFTMMU_OK;
}

enum softmmu_fault softmmu_translate(struct softmmu *m, uint32_t va, int write,
				     uint32_t *pa)
{
	uint32_t vpn = va >> PAGE_SHIFT, e = m->tlb[vpn];
	enum softmmu_fault f;

	/* A store through a clean or read-only entry re-walks, as on x86. */
	if ((e & TLB_VALID) && (!write || (e & TLB_DIRTY && e & TLB_RW))) {
		m->stats.hits++;
		if (!entry_current(m, va, e))
			m->stats.stale++;
		*pa = (e & PAGE_MASK) | (va & ~PAGE_MASK);
		return SOFTMMU_OK;
	}
	m->stats.misses++;
	f = walk(m, va, write, &e);
	if (f != SOFTMMU_OK)
		return f;
	if (!(m->tlb[vpn] & TLB_LISTED))
		m->filled[m->nfilled++] = vpn;
	m->tlb[vpn] = e | TLB_LISTED;
	*pa = (e & PAGE_MASK) | (va & ~PAGE_MASK);
	return SOFTMMU_OK;
}

void softmmu_flush_all(struct softmmu *m)
{
	uint32_t i;

	m->stats.flushes++;
	for (i = 0; i < m->nfilled; i++)
		m->tlb[m->filled[i]] = 0;
	m->nfilled = 0;
}

void softmmu_load_cr3(struct softmmu *m, uint32_t pgd_pa)
{
	m->cr3 = pgd_pa;
	softmmu_flush_all(m);
}

void softmmu_invlpg(struct softmmu *m, uint32_t va)
{
	m->stats.invlpgs++;
	/* The vpn stays listed in `filled`, so it is never listed twice. */
	m->tlb[va >> PAGE_SHIFT] &= TLB_LISTED;
}
