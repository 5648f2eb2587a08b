// SPDX-License-Identifier: GPL-2.0
/*
 * The deterministic page pool: LIFO free list over a bump pointer.
 */
#include "mm.h"
#include "arch.h"
#include "kernel.h"
#include "smp.h"

struct page mem_map[POOL_PAGES];
u32 num_physpages = POOL_PAGES;

static u32 free_list; /* pfn of the first free frame, 0: empty */
static u32 nr_bumped; /* frames [0, nr_bumped) have been handed out once */
static u32 nr_free;
static u32 fail_countdown;
static raw_spinlock_t zone_lock; /* 2.6's zone->lock: the list, the counts */

/*
 * 1: the frame holds POISON_FREE in every byte, as freeing it (or its first
 * use) left it, and nobody has had it since. This outlives a program, so the
 * next program's first use of the frame need not poison it again.
 */
static u8 poisoned[POOL_PAGES];

void page_alloc_init(bool keep_poison)
{
	if (!keep_poison)
		memset(poisoned, 0, sizeof(poisoned));
	memset(mem_map, 0, nr_bumped * sizeof(mem_map[0]));
	free_list = 0;
	nr_bumped = 0;
	nr_free = POOL_PAGES;
	fail_countdown = 0;
	zone_lock = (raw_spinlock_t){ 0 };
}

void *page_address(struct page *page)
{
	return arch_phys_to_virt(page_to_pfn(page) << PAGE_SHIFT);
}

void fail_alloc_arm(u32 nth)
{
	fail_countdown = nth;
}

static bool injected_failure(void)
{
	if (!fail_countdown)
		return false;
	return --fail_countdown == 0;
}

struct page *alloc_page(gfp_t gfp_mask)
{
	struct page *page;

	smp_yield("alloc_page");
	raw_spin_lock(&zone_lock);
	if (injected_failure()) {
		raw_spin_unlock(&zone_lock);
		return NULL;
	}
	if (free_list) {
		page = pfn_to_page(free_list);
		free_list = page->next;
	} else if (nr_bumped < POOL_PAGES) {
		/* First use in this program: the same bytes in every world
		 * (zeroes below, if asked for, else the poison). */
		page = &mem_map[nr_bumped++];
		if (!(gfp_mask & __GFP_ZERO) && !poisoned[page - mem_map])
			memset(page_address(page), POISON_FREE, PAGE_SIZE);
	} else {
		raw_spin_unlock(&zone_lock);
		return NULL;
	}
	poisoned[page - mem_map] = 0;
	page->flags = PG_allocated;
	page->next = 0;
	nr_free--;
	raw_spin_unlock(&zone_lock);
	if (gfp_mask & __GFP_ZERO)
		memset(page_address(page), 0, PAGE_SIZE);
	return page;
}

void free_page_caller(struct page *page, const char *caller)
{
	if (!(page->flags & PG_allocated))
		vmf_bug(caller, "bad page state", "free of free frame 0x%x",
			page_to_pfn(page));
	vmf_note_free(page_to_pfn(page));
	memset(page_address(page), POISON_FREE, PAGE_SIZE);
	poisoned[page - mem_map] = 1;
	raw_spin_lock(&zone_lock);
	page->flags = 0;
	page->next = free_list;
	free_list = page_to_pfn(page);
	nr_free++;
	raw_spin_unlock(&zone_lock);
}

u32 nr_free_pages(void)
{
	return nr_free;
}

struct page *ref_to_page(pageref_t ref, const char *caller)
{
	if (!ref)
		return NULL;
	if (!pfn_valid(ref))
		vmf_bug(caller, "invalid page reference", "ref 0x%x", ref);
	return pfn_to_page(ref);
}
