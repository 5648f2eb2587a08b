// SPDX-License-Identifier: GPL-2.0
/*
 * The allocator alone, no oracle: the cost of one 1-page vmalloc + vfree
 * pair with N live areas, first generation (2.6.11) and second (2.6.28),
 * on the host's soft MMU. `bench_vmap [PAIRS]` prints one line per
 * generation and N (ci/bench-gen runs it).
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "arch_soft.h"
#include "bugs.h"
#include "memlayout.h"
#include "mm.h"
#include "pgtable.h"
#include "slab.h"
#include "vmalloc.h"
#include "vmap_area.h"

static void fresh(u32 bugs)
{
	vmf_bugs = bugs;
	layout_init(0);
	page_alloc_init(false);
	kmalloc_init();
	vmalloc_init();
	paging_init();
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* ns per vmalloc+vfree pair with n live 1-page areas (purge: and a
 * vm_unmap_aliases() after each vfree, so no lazy area piles up). */
static double pair_ns(u32 bugs, unsigned n, unsigned pairs, bool purge)
{
	unsigned i;
	double t;

	fresh(bugs);
	for (i = 0; i < n; i++)
		if (!vmalloc(PAGE_SIZE))
			return -1;
	t = now();
	for (i = 0; i < pairs; i++) {
		ulong32 a = vmalloc(PAGE_SIZE);

		if (!a)
			return -1;
		vfree(a);
		if (purge)
			vm_unmap_aliases();
	}
	return (now() - t) * 1e9 / pairs;
}

/* ns per vmap + vunmap of 4 pages (Nick Piggin's headline shape: 14,700
 * ns before his rewrite, 2,900 after, on one thread), 10 live areas. */
static double vmap4_ns(u32 bugs, unsigned pairs)
{
	pageref_t *pages;
	unsigned i;
	double t;

	fresh(bugs);
	for (i = 0; i < 10; i++)
		vmalloc(PAGE_SIZE);
	pages = kmalloc(4 * sizeof(pageref_t), GFP_KERNEL);
	for (i = 0; i < 4; i++)
		pages[i] = page_ref(alloc_page(GFP_KERNEL));
	t = now();
	for (i = 0; i < pairs; i++) {
		ulong32 a = vmap(obj_kva(pages), 4, VM_MAP, PAGE_KERNEL);

		if (!a)
			return -1;
		vunmap(a);
	}
	return (now() - t) * 1e9 / pairs;
}

int main(int argc, char **argv)
{
	static const unsigned lives[] = { 10, 100, 1500 };
	static const struct {
		const char *name;
		u32 bugs;
		bool purge;
	} gens[] = { { "2.6.11 (none)", 0, false },
		     { "2.6.28 (correct-2.6.28)", VMF_GEN2, false },
		     { "2.6.28, purge each vfree", VMF_GEN2, true } };
	unsigned pairs = argc > 1 ? (unsigned)atoi(argv[1]) : 20000, g, i;

	if (soft_machine_init())
		return 2;
	printf("%-24s %6s %14s\n", "generation", "live", "ns/pair");
	for (g = 0; g < 3; g++)
		for (i = 0; i < 3; i++)
			printf("%-24s %6u %14.0f\n", gens[g].name, lives[i],
			       pair_ns(gens[g].bugs, lives[i], pairs,
				       gens[g].purge));
	for (g = 0; g < 2; g++)
		printf("%-24s %6s %14.0f  (4-page vmap/vunmap)\n", gens[g].name,
		       "10", vmap4_ns(gens[g].bugs, pairs));
	return 0;
}
