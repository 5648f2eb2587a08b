// SPDX-License-Identifier: GPL-2.0
/*
 * The software MMU on its own: the two-level walk, faults, accessed/dirty
 * bits, and the strict TLB (a translation outlives its PTE until invlpg or a
 * CR3 load).
 */
#include <string.h>

#include "check.h"
#include "mmu.h"
#include "softmmu.h"

#define BASE 0x02000000u
#define SIZE (64u * 4096)

static struct softmmu m;
static const uint32_t pgd_pa = BASE, pt_pa = BASE + 0x1000;

static uint32_t *entry(uint32_t pa)
{
	return softmmu_phys(&m, pa);
}

/* Map va -> frame pa through the test's single page table. */
static void map(uint32_t va, uint32_t pa, uint32_t bits)
{
	*entry(pgd_pa + PDX(va) * 4) = pt_pa | _PAGE_PRESENT | _PAGE_RW;
	*entry(pt_pa + PTX(va) * 4) = pa | bits;
}

static enum softmmu_fault xlate(uint32_t va, int write, uint32_t *pa)
{
	return softmmu_translate(&m, va, write, pa);
}

static void test_walk(void)
{
	uint32_t va = 0xF8801234, pa = 0;

	CHECK(xlate(va, 0, &pa) == SOFTMMU_PDE_NOT_PRESENT, "empty pgd");
	map(va & PAGE_MASK, BASE + 0x5000, _PAGE_PRESENT | _PAGE_RW);
	CHECK(xlate(va, 0, &pa) == SOFTMMU_OK && pa == BASE + 0x5234, "pa 0x%x",
	      pa);
	CHECK(xlate(va + 0x1000, 0, &pa) == SOFTMMU_PTE_NOT_PRESENT,
	      "next page has no pte");
	CHECK(*entry(pt_pa + PTX(va) * 4) & _PAGE_ACCESSED, "A bit set");
	CHECK(!(*entry(pt_pa + PTX(va) * 4) & _PAGE_DIRTY), "no D on a load");
	CHECK(xlate(va, 1, &pa) == SOFTMMU_OK, "store");
	CHECK(*entry(pt_pa + PTX(va) * 4) & _PAGE_DIRTY, "D bit on a store");
	CHECK(*entry(pgd_pa + PDX(va) * 4) & _PAGE_ACCESSED, "PDE A bit");
}

static void test_faults(void)
{
	uint32_t va = 0xF8900000, pa;

	map(va, BASE + 0x6000, _PAGE_PRESENT);
	CHECK(xlate(va, 0, &pa) == SOFTMMU_OK, "read-only page loads");
	CHECK(xlate(va, 1, &pa) == SOFTMMU_READ_ONLY, "CR0.WP: no store");
	map(va + 0x1000, 0x00400000, _PAGE_PRESENT | _PAGE_RW);
	CHECK(xlate(va + 0x1000, 0, &pa) == SOFTMMU_OK && pa == 0x00400000,
	      "a frame outside memory translates, as on x86");
	*entry(pgd_pa + PDX(0x00000000) * 4) = 0x00100000 | _PAGE_PRESENT;
	CHECK(xlate(0x1000, 0, &pa) == SOFTMMU_OUT_OF_RANGE,
	      "page table outside memory");
}

static void test_tlb_stale(void)
{
	uint32_t va = 0xF8A00000, pa;

	map(va, BASE + 0x7000, _PAGE_PRESENT | _PAGE_RW | _PAGE_DIRTY);
	CHECK(xlate(va, 1, &pa) == SOFTMMU_OK, "fill the TLB");
	*entry(pt_pa + PTX(va) * 4) = 0; /* unmap, no flush */
	CHECK(xlate(va, 0, &pa) == SOFTMMU_OK && pa == BASE + 0x7000,
	      "stale load hits the TLB");
	CHECK(xlate(va, 1, &pa) == SOFTMMU_OK, "stale store of a dirty entry");
	softmmu_invlpg(&m, va);
	CHECK(xlate(va, 0, &pa) == SOFTMMU_PTE_NOT_PRESENT, "invlpg drops it");

	map(va, BASE + 0x7000, _PAGE_PRESENT | _PAGE_RW | _PAGE_DIRTY);
	CHECK(xlate(va, 0, &pa) == SOFTMMU_OK, "refill");
	*entry(pt_pa + PTX(va) * 4) = 0;
	softmmu_load_cr3(&m, pgd_pa);
	CHECK(xlate(va, 0, &pa) == SOFTMMU_PTE_NOT_PRESENT,
	      "CR3 load drops it");

	/* A store through a clean entry walks again, and faults if unmapped. */
	map(va, BASE + 0x7000, _PAGE_PRESENT | _PAGE_RW);
	CHECK(xlate(va, 0, &pa) == SOFTMMU_OK, "clean load");
	*entry(pt_pa + PTX(va) * 4) = 0;
	CHECK(xlate(va, 1, &pa) == SOFTMMU_PTE_NOT_PRESENT,
	      "store through a clean entry re-walks");
}

static void test_remap_stale(void)
{
	uint32_t va = 0xF8B00000, pa;

	map(va, BASE + 0x8000, _PAGE_PRESENT | _PAGE_RW | _PAGE_DIRTY);
	CHECK(xlate(va, 0, &pa) == SOFTMMU_OK, "fill");
	map(va, BASE + 0x9000, _PAGE_PRESENT | _PAGE_RW | _PAGE_DIRTY);
	CHECK(xlate(va, 0, &pa) == SOFTMMU_OK && pa == BASE + 0x8000,
	      "remap without flush still reads the old frame: 0x%x", pa);
	softmmu_invlpg(&m, va);
	CHECK(xlate(va, 0, &pa) == SOFTMMU_OK && pa == BASE + 0x9000,
	      "after invlpg the new frame: 0x%x", pa);
}

static void test_flush_cost(void)
{
	uint32_t i, pa;

	softmmu_load_cr3(&m, pgd_pa);
	CHECK(m.nfilled == 0, "a CR3 load empties the list");
	for (i = 0; i < 8; i++)
		map(0xF8C00000 + i * 0x1000, BASE + 0x10000 + i * 0x1000,
		    _PAGE_PRESENT | _PAGE_RW);
	for (i = 0; i < 8; i++)
		xlate(0xF8C00000 + i * 0x1000, 0, &pa);
	for (i = 0; i < 100; i++) {
		softmmu_invlpg(&m, 0xF8C00000);
		xlate(0xF8C00000, 0, &pa);
	}
	CHECK(m.nfilled == 8, "flush list holds each page once: %u", m.nfilled);
	softmmu_flush_all(&m);
	CHECK(xlate(0xF8C00000, 0, &pa) == SOFTMMU_OK && m.stats.misses > 8,
	      "after flush-all a miss");
}

int main(void)
{
	if (softmmu_init(&m, BASE, SIZE))
		return 2;
	softmmu_load_cr3(&m, pgd_pa);
	test_walk();
	test_faults();
	test_tlb_stale();
	test_remap_stale();
	test_flush_cost();
	softmmu_fini(&m);
	return check_done("softmmu");
}
