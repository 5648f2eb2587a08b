// SPDX-License-Identifier: GPL-2.0
/*
 *  linux/mm/vmalloc.c of 2.6.28, ported to vmfuzz: the vmap area allocator
 *  and lazy purging (Nick Piggin's "mm: rewrite vmap layer", db64fe02258f,
 *  with the fixes of his "[patch 0/9] vmalloc fixes and improvements",
 *  linux-mm 2008-11-08: the failure flush fix (2/9) and Glauber Costa's
 *  search restart fix (3/9)), and the overflow tests of the later 2.6
 *  search (`addr + size - 1 < addr`).
 *
 *  Copyright (C) 1993  Linus Torvalds
 *  Support of BIGMEM added by Gerhard Wichert, Siemens AG, July 1999
 *  SMP-safe vmalloc/vfree/ioremap, Tigran Aivazian <tigran@veritas.com>, May
 * 2000 Major rework to support vmap/vunmap, Christoph Hellwig, SGI, August 2002
 *  Numa awareness, Christoph Lameter, SGI, June 2005
 *
 * Differences from Linux, each for the harness:
 *   - vmap areas come from a fixed pool (vmap_area_cachep below) instead of
 *     kmalloc_node(), so the kmalloc accounting the oracle checks is the
 *     first generation's; an empty pool is handled like a failed search
 *     (purge, retry once, fail);
 *   - the layer logs each lazy free and purge (vmap_notes) for the oracle;
 *   - no RCU: readers and writers run under vmap_area_lock.
 * Guard pages: the vm_struct layer (vmalloc28.c) adds one to the size it
 * asks for, and this search leaves no gap of its own (see the double-guard
 * note there).
 */
#include "vmap_area.h"
#include "pgtable.h"
#include "kernel.h"

struct rb_root vmap_area_root;
struct list_head vmap_area_list;
spinlock_t vmap_area_lock;
u32 vmap_lazy_nr;
void (*vb_unmap_aliases_hook)(ulong32 *start, ulong32 *end, int *flush);
u32 vmap_area_gen;

/* Serialises purges (a static DEFINE_SPINLOCK in 2.6.28's function). */
static spinlock_t purge_lock;

bool vmap_purge_lock_held(void)
{
	return spin_is_held(&purge_lock);
}

/* spin_trylock(): one try, at the yield point spin_lock() has (smp.c has
 * no trylock); 1 when the lock was taken. */
static int spin_trylock(spinlock_t *l)
{
	smp_yield("spin_trylock");
	return arch_cmpxchg(&l->locked, 0, 1 + arch_smp_processor_id()) == 0;
}

struct vmap_note vmap_notes[VMAP_MAX_NOTES];
u32 vmap_nr_notes;
bool vmap_notes_overflow;

/* Room for every area a program can hold (two per op) plus lazy ones. */
#define NR_VMAP_AREAS 8192
static struct vmap_area vmap_area_cachep[NR_VMAP_AREAS];
static struct vmap_area *vmap_area_free; /* chained through va->private */
static u32 vmap_area_used;		 /* cachep[0..used) handed out once */

void vmap_area_init(void)
{
	vmap_area_root = RB_ROOT;
	INIT_LIST_HEAD(&vmap_area_list);
	vmap_area_lock = (spinlock_t){ 0 };
	purge_lock = (spinlock_t){ 0 };
	vmap_lazy_nr = 0;
	vmap_area_gen = 0;
	vmap_nr_notes = 0;
	vmap_notes_overflow = false;
	vmap_area_free = NULL;
	vmap_area_used = 0;
}

static struct vmap_area *vmap_area_alloc(void)
{
	struct vmap_area *va = vmap_area_free;

	if (va) {
		vmap_area_free = (struct vmap_area *)va->private;
		return va;
	}
	if (vmap_area_used == NR_VMAP_AREAS)
		return NULL;
	return &vmap_area_cachep[vmap_area_used++];
}

static void vmap_area_release(struct vmap_area *va)
{
	va->private = (struct vm_struct *)vmap_area_free;
	vmap_area_free = va;
}

static void note(u8 kind, ulong32 start, ulong32 end, u32 nr, u32 first)
{
	if (vmap_nr_notes == VMAP_MAX_NOTES) {
		vmap_notes_overflow = true;
		return;
	}
	vmap_notes[vmap_nr_notes++] =
		(struct vmap_note){ kind, start, end, nr, first };
}

/*** Global kva allocator ***/

static struct vmap_area *__find_vmap_area(ulong32 addr)
{
	struct rb_node *n = vmap_area_root.rb_node;

	while (n) {
		struct vmap_area *va;

		va = rb_entry(n, struct vmap_area, rb_node);
		if (addr < va->va_start)
			n = n->rb_left;
		else if (addr > va->va_start)
			n = n->rb_right;
		else
			return va;
	}

	return NULL;
}

static void __insert_vmap_area(struct vmap_area *va)
{
	struct rb_node **p = &vmap_area_root.rb_node;
	struct rb_node *parent = NULL;
	struct rb_node *tmp;

	while (*p) {
		struct vmap_area *tmp_va;

		parent = *p;
		tmp_va = rb_entry(parent, struct vmap_area, rb_node);
		if (va->va_start < tmp_va->va_end)
			p = &(*p)->rb_left;
		else if (va->va_end > tmp_va->va_start)
			p = &(*p)->rb_right;
		else
			BUG();
	}

	rb_link_node(&va->rb_node, parent, p);
	rb_insert_color(&va->rb_node, &vmap_area_root);
	vmap_area_gen++; /* vmfuzz: the tree changed (run_smp.c's checks) */

	/* address-sort this list so it is usable like the vmlist */
	tmp = rb_prev(&va->rb_node);
	if (tmp) {
		struct vmap_area *prev;

		prev = rb_entry(tmp, struct vmap_area, rb_node);
		list_add(&va->list, &prev->list);
	} else
		list_add(&va->list, &vmap_area_list);
}

/* The first area the candidate [addr, addr + size) may collide with, or
 * NULL when none can: the descent of 2.6.28's alloc_vmap_area(). */
static struct vmap_area *first_candidate(ulong32 addr, ulong32 size)
{
	struct rb_node *n = vmap_area_root.rb_node;
	struct vmap_area *first = NULL;

	if (!n)
		return NULL;
	do {
		struct vmap_area *tmp;

		tmp = rb_entry(n, struct vmap_area, rb_node);
		if (tmp->va_end >= addr) {
			if (!first && tmp->va_start < addr + size)
				first = tmp;
			n = n->rb_left;
		} else {
			first = tmp;
			n = n->rb_right;
		}
	} while (n);

	if (first && first->va_end < addr) {
		n = rb_next(&first->rb_node);
		first = n ? rb_entry(n, struct vmap_area, rb_node) : NULL;
	}
	return first;
}

/* The lowest fitting address from *addr on, or false on overflow. */
static bool search_from(ulong32 *addr, ulong32 size, ulong32 align,
			ulong32 vend)
{
	struct vmap_area *first = first_candidate(*addr, size);
	ulong32 gap = bug_on(BUG_DOUBLE_GUARD) ? PAGE_SIZE : 0;
	struct rb_node *n;

	while (first && *addr + size > first->va_start &&
	       *addr + size <= vend) {
		*addr = ALIGN(first->va_end + gap, align);
		if (*addr + size - 1 < *addr)
			return false;
		n = rb_next(&first->rb_node);
		first = n ? rb_entry(n, struct vmap_area, rb_node) : NULL;
	}
	return true;
}

struct vmap_area *alloc_vmap_area(ulong32 size, ulong32 align, ulong32 vstart,
				  ulong32 vend)
{
	struct vmap_area *va;
	ulong32 addr;
	int purged = 0;

	BUG_ON(!size);
	BUG_ON(size & ~PAGE_MASK);

	va = vmap_area_alloc();
	if (unlikely(!va)) { /* the pool: what kmalloc_node() failing is */
		purge_vmap_area_lazy();
		va = vmap_area_alloc();
		if (!va)
			return NULL;
	}

	addr = ALIGN(vstart, align);
retry:
	/* 2.6.28-rc1 kept the last failing address (search-restart). */
	if (!bug_on(BUG_SEARCH_RESTART))
		addr = ALIGN(vstart, align);

	spin_lock(&vmap_area_lock);
	if (addr + size - 1 < addr || !search_from(&addr, size, align, vend) ||
	    addr + size > vend) {
		spin_unlock(&vmap_area_lock);
		if (!purged) {
			purge_vmap_area_lazy();
			purged = 1;
			goto retry;
		}
		vmap_area_release(va);
		vmf_warn("vmap allocation failed: use vmalloc=<size> to "
			 "increase size.");
		return NULL;
	}

	BUG_ON(addr & (align - 1));

	va->va_start = addr;
	va->va_end = addr + size;
	va->flags = 0;
	va->private = NULL;
	__insert_vmap_area(va);
	spin_unlock(&vmap_area_lock);

	return va;
}

static void __free_vmap_area(struct vmap_area *va)
{
	BUG_ON(RB_EMPTY_NODE(&va->rb_node));
	rb_erase(&va->rb_node, &vmap_area_root);
	RB_CLEAR_NODE(&va->rb_node);
	vmap_area_gen++; /* vmfuzz: the tree changed (run_smp.c's checks) */
	list_del(&va->list);
	vmap_area_release(va);
}

void free_vmap_area(struct vmap_area *va)
{
	spin_lock(&vmap_area_lock);
	__free_vmap_area(va);
	spin_unlock(&vmap_area_lock);
}

/* Clear the PTEs of [addr, end); page tables stay. No flush. */
static void vunmap_page_range(ulong32 addr, ulong32 end)
{
	pte_t *pte = NULL;

	for (; addr < end; addr += PAGE_SIZE) {
		pte_t ptent;

		pte = pte && PTX(addr) ? pte + 1 : lookup_pte_k(addr);
		if (!pte)
			continue;
		ptent = ptep_get_and_clear(pte);
		WARN_ON(!pte_none(ptent) && !pte_present(ptent));
	}
}

static void unmap_vmap_area(struct vmap_area *va)
{
	vunmap_page_range(va->va_start, va->va_end);
}

/*
 * lazy_max_pages is the maximum amount of virtual address space we gather up
 * before attempting to purge with a TLB flush.
 *
 * There is a tradeoff here: a larger number will cover more kernel page tables
 * and take slightly longer to purge, but it will linearly reduce the number of
 * global TLB flushes that must be performed. It would seem natural to scale
 * this number up linearly with the number of CPUs (because vmapping activity
 * could also scale linearly with the number of CPUs), however it is likely
 * that in practice, workloads might be constrained in other ways that mean
 * vmap activity will not scale linearly with CPUs. Also, I want to be
 * conservative and not introduce a big latency on huge systems, so go with
 * a less aggressive log scale. It will still be an improvement over the old
 * code, and it will be simple to change the scale factor if we find that it
 * becomes a problem on bigger systems.
 */
ulong32 lazy_max_pages(void)
{
	unsigned int log;

	log = (unsigned int)fls(smp_on ? 2 : 1); /* num_online_cpus() */

	return log * (32UL * 1024 * 1024 / PAGE_SIZE);
}

/*
 * Purges all lazily-freed vmap areas.
 *
 * If sync is 0 then don't purge if there is already a purge in progress.
 * If force_flush is 1, then flush kernel TLBs between *start and *end even
 * if we found no lazy vmap areas to unmap (callers can use this to optimise
 * their own TLB flushing).
 * Returns with *start = min(*start, lowest purged address)
 *              *end = max(*end, highest purged address)
 */
static void __purge_vmap_area_lazy(ulong32 *start, ulong32 *end, int sync,
				   int force_flush)
{
	struct list_head valist;
	struct vmap_area *va, *n_va;
	u32 nr = 0, first;

	INIT_LIST_HEAD(&valist);
	/*
	 * Avoid two callers doing the purge concurrently: the first one would
	 * have taken them all anyway.
	 */
	if (!sync && !force_flush) {
		if (!spin_trylock(&purge_lock))
			return;
	} else
		spin_lock(&purge_lock);
	first = vmap_nr_notes;

	list_for_each_entry(va, &vmap_area_list, list)
	{
		if (va->flags & VM_LAZY_FREE) {
			if (va->va_start < *start)
				*start = va->va_start;
			if (va->va_end > *end)
				*end = va->va_end;
			nr += (va->va_end - va->va_start) >> PAGE_SHIFT;
			unmap_vmap_area(va);
			list_add_tail(&va->purge_list, &valist);
			va->flags |= VM_LAZY_FREEING;
			va->flags &= ~VM_LAZY_FREE;
		}
	}

	if (nr) {
		/* removed by 88f5004430ba: the count races (lazy-count-race) */
		if (bug_on(BUG_LAZY_COUNT_RACE))
			BUG_ON(nr > vmap_lazy_nr);
		vmap_lazy_nr -= nr;
	}

	if (nr || force_flush)
		flush_tlb_kernel_range(*start, *end);

	if (nr) {
		spin_lock(&vmap_area_lock);
		for (va = list_entry(valist.next, struct vmap_area, purge_list);
		     &va->purge_list != &valist; va = n_va) {
			n_va = list_entry(va->purge_list.next, struct vmap_area,
					  purge_list);
			__free_vmap_area(va);
		}
		/* when they leave the tree */
		note(VMAP_NOTE_PURGE, *start, *end, nr, first);
		spin_unlock(&vmap_area_lock);
	}
	spin_unlock(&purge_lock);
}

/*
 * Kick off a purge of the outstanding lazy areas. Don't bother if somebody
 * is already purging.
 */
static void try_purge_vmap_area_lazy(void)
{
	ulong32 start = ~(ulong32)0, end = 0;

	__purge_vmap_area_lazy(&start, &end, 0, 0);
}

void purge_vmap_area_lazy(void)
{
	ulong32 start = ~(ulong32)0, end = 0;

	/* 2.6.28-rc1 passed sync=0 here (failure-flush) */
	__purge_vmap_area_lazy(&start, &end, !bug_on(BUG_FAILURE_FLUSH), 0);
}

/*
 * Free and unmap a vmap area, caller ensuring flush_cache_vunmap had been
 * called for the correct range previously.
 */
static void free_unmap_vmap_area_noflush(struct vmap_area *va)
{
	u32 nr = (va->va_end - va->va_start) >> PAGE_SHIFT;

	va->flags |= VM_LAZY_FREE;
	note(VMAP_NOTE_LAZY, va->va_start, va->va_end, nr, 0); /* the flag's */
	/* CONFIG_PREEMPT could switch here (Leifu Zhao's report): a purge
	 * on the other CPU then counts the area before the add below. */
	smp_yield("preempt");
	vmap_lazy_nr += nr;
	if (unlikely(vmap_lazy_nr > lazy_max_pages()))
		try_purge_vmap_area_lazy();
}

void free_unmap_vmap_area(struct vmap_area *va)
{
	flush_cache_vunmap(va->va_start, va->va_end);
	free_unmap_vmap_area_noflush(va);
}

struct vmap_area *find_vmap_area(ulong32 addr)
{
	struct vmap_area *va;

	spin_lock(&vmap_area_lock);
	va = __find_vmap_area(addr);
	spin_unlock(&vmap_area_lock);

	return va;
}

/**
 * vm_unmap_aliases - unmap outstanding lazy aliases in the vmap layer
 *
 * The vmap/vmalloc layer lazily flushes kernel virtual mappings primarily
 * to amortize TLB flushing overheads. What this means is that any page you
 * have now, may, in a former life, have been mapped into kernel virtual
 * address by the vmap layer and so there might be some CPUs with TLB entries
 * still referencing that page (additional to the regular 1:1 kernel mapping).
 *
 * vm_unmap_aliases flushes all such lazy mappings. After it returns, we can
 * be sure that none of the pages we have control over will have any aliases
 * from the vmap layer (the dirty runs of vmap blocks too: vmap_block.c).
 */
void vm_unmap_aliases(void)
{
	ulong32 start = ~(ulong32)0, end = 0;
	int flush = 0;

	if (vb_unmap_aliases_hook) /* vmap_block.c's dirty runs */
		vb_unmap_aliases_hook(&start, &end, &flush);
	__purge_vmap_area_lazy(&start, &end, 1, flush);
}

struct vmap_area *vmap_area_containing(ulong32 addr)
{
	struct rb_node *n = vmap_area_root.rb_node;

	while (n) {
		struct vmap_area *va = rb_entry(n, struct vmap_area, rb_node);

		if (addr < va->va_start)
			n = n->rb_left;
		else if (addr >= va->va_end)
			n = n->rb_right;
		else
			return va;
	}
	return NULL;
}
