// SPDX-License-Identifier: GPL-2.0
/*
 *  linux/mm/vmalloc.c of 2.6.28, ported to vmfuzz: the per-CPU vmap block
 *  allocator (Nick Piggin, "mm: rewrite vmap layer", db64fe02258f) behind
 *  vm_map_ram()/vm_unmap_ram(), with the fix of 02b709df817c "mm: purge
 *  fragmented percpu vmap blocks" (2010-02-01, 2.6.33-rc7) unless the
 *  vmap-block-purge knob puts its bug back, and with Clemens Ladisch's
 *  "mm: fix wrong vmap address calculations with odd NR_CPUS values"
 *  (2011, bugzilla 31572) unless vmap-block-ncpus does.
 *
 * Differences from Linux, each for the harness:
 *   - blocks come from a fixed pool and vmap_block_tree is an array
 *     indexed by addr_to_vb_idx() (a radix tree in Linux); an empty pool is
 *     what kmalloc_node() failing is (vm_map_ram() returns 0);
 *   - no RCU: the per-CPU queues are walked under their lock;
 *   - vm_unmap_aliases() walks every block of every CPU, not only those on
 *     the free lists: 2.6.28 drops a block with no free page from its free
 *     list, and so never flushed the dirty runs of a full block (the stale
 *     TLB entries Thomas Gleixner's 2023 "mm/vmalloc: Prevent stale TLBs in
 *     fully utilized blocks" fixed; its commit id unconfirmed). Here the
 *     oracle's "after vm_unmap_aliases no CPU reaches an unmapped range"
 *     holds for the correct default.
 */
#include "vmap_block.h"
#include "bugs.h"
#include "kernel.h"
#include "pgtable.h"
#include "vmalloc.h"

struct vmap_block_queue vmap_block_queue[NR_CPUS];
u32 vmap_bbmap_bits = VMAP_BBMAP_BITS_MAX;

/* Room for every block a 1 GB - 64 MB vmalloc space holds (vmalloc=), in
 * 2 MB blocks (nr-cpus=3 or 4; a vmalloc space not aligned to a block may
 * start one index up). */
#define NR_VMAP_BLOCKS 512

/* include/linux/log2.h: the power of two at or above n (n >= 1). */
static u32 roundup_pow_of_two(u32 n)
{
	return 1u << fls(n - 1);
}

u32 vmap_bbmap_bits_for(u32 bugs)
{
	u32 ncpus = vmf_nr_cpus(bugs) ? vmf_nr_cpus(bugs) : NR_CPUS;

	/* before the fix: VMALLOC_PAGES / NR_CPUS / 16 */
	if (!(bugs & BUG_VMAP_BLOCK_NCPUS))
		ncpus = roundup_pow_of_two(ncpus);
	return VMAP_MIN(VMAP_BBMAP_BITS_MAX,
			VMAP_MAX(VMAP_BBMAP_BITS_MIN, VMALLOC_PAGES / ncpus / 16));
}
static struct vmap_block vmap_block_pool[NR_VMAP_BLOCKS];
static struct vmap_block *vmap_block_free; /* chained through vb->va */
static u32 vmap_block_used;
static struct vmap_block *vmap_block_tree[NR_VMAP_BLOCKS];
static spinlock_t vmap_block_tree_lock;

void vmap_block_init(void)
{
	int cpu;

	for (cpu = 0; cpu < NR_CPUS; cpu++) {
		vmap_block_queue[cpu].lock = (spinlock_t){ 0 };
		INIT_LIST_HEAD(&vmap_block_queue[cpu].free);
	}
	memset(vmap_block_tree, 0, sizeof(vmap_block_tree));
	vmap_block_tree_lock = (spinlock_t){ 0 };
	vmap_block_free = NULL;
	vmap_block_used = 0;
	vmap_bbmap_bits = vmap_bbmap_bits_for(vmf_bugs);
	vb_unmap_aliases_hook = vb_unmap_aliases;
}

static unsigned long addr_to_vb_idx(ulong32 addr)
{
	addr -= VMALLOC_START & ~(VMAP_BLOCK_SIZE - 1);
	addr /= VMAP_BLOCK_SIZE;
	return addr;
}

static struct vmap_block *vmap_block_alloc(void)
{
	struct vmap_block *vb = vmap_block_free;

	if (vb) {
		vmap_block_free = (struct vmap_block *)vb->va;
		return vb;
	}
	if (vmap_block_used == NR_VMAP_BLOCKS)
		return NULL;
	return &vmap_block_pool[vmap_block_used++];
}

static void vmap_block_release(struct vmap_block *vb)
{
	vb->va = (struct vmap_area *)vmap_block_free;
	vmap_block_free = vb;
}

/* Bitmaps (lib/bitmap.c's region calls, for our u32 words). */
static void bits_set(u32 *map, u32 pos, u32 n)
{
	for (; n; n--, pos++)
		map[pos / 32] |= 1u << (pos % 32);
}

static bool bits_clear(const u32 *map, u32 pos, u32 n)
{
	for (; n; n--, pos++)
		if (vb_test(map, pos))
			return false;
	return true;
}

/* The first free region of 1 << order bits aligned to its size, taken;
 * or -1. */
static int bitmap_find_free_region(u32 *map, u32 bits, u32 order)
{
	u32 pos, n = 1u << order;

	for (pos = 0; pos + n <= bits; pos += n)
		if (bits_clear(map, pos, n)) {
			bits_set(map, pos, n);
			return (int)pos;
		}
	return -1;
}

static u32 get_order(ulong32 size)
{
	u32 order = 0;

	size = (size - 1) >> PAGE_SHIFT;
	while (size) {
		order++;
		size >>= 1;
	}
	return order;
}

static struct vmap_block *new_vmap_block(void)
{
	struct vmap_block_queue *vbq;
	struct vmap_block *vb;
	struct vmap_area *va;
	unsigned long vb_idx;

	vb = vmap_block_alloc();
	if (unlikely(!vb))
		return NULL;
	va = alloc_vmap_area(VMAP_BLOCK_SIZE, VMAP_BLOCK_SIZE, VMALLOC_START,
			     VMALLOC_END);
	if (!va) {
		vmap_block_release(vb);
		return NULL;
	}
	memset(vb, 0, sizeof(*vb));
	vb->va = va;
	vb->free = VMAP_BBMAP_BITS;
	vb->dirty = 0;
	INIT_LIST_HEAD(&vb->free_list);
	INIT_LIST_HEAD(&vb->purge);

	vb_idx = addr_to_vb_idx(va->va_start);
	spin_lock(&vmap_block_tree_lock);
	BUG_ON(vb_idx >= NR_VMAP_BLOCKS || vmap_block_tree[vb_idx]);
	vmap_block_tree[vb_idx] = vb;
	spin_unlock(&vmap_block_tree_lock);

	vb->cpu = arch_smp_processor_id();
	vbq = &vmap_block_queue[vb->cpu];
	vb->vbq = vbq;
	spin_lock(&vbq->lock);
	list_add(&vb->free_list, &vbq->free);
	spin_unlock(&vbq->lock);
	return vb;
}

static void free_vmap_block(struct vmap_block *vb)
{
	struct vmap_block *tmp;
	unsigned long vb_idx;

	vb_idx = addr_to_vb_idx(vb->va->va_start);
	spin_lock(&vmap_block_tree_lock);
	tmp = vmap_block_tree[vb_idx];
	vmap_block_tree[vb_idx] = NULL;
	spin_unlock(&vmap_block_tree_lock);
	BUG_ON(tmp != vb);

	free_unmap_vmap_area(vb->va); /* lazily: its PTEs go at the purge */
	vmap_block_release(vb);
}

/* A block whose every page is free or dirty holds no mapping: 02b709df817c
 * frees it (all pages marked dirty, off the free list) instead of keeping
 * its unusable pages forever. */
static bool vb_fragmented(const struct vmap_block *vb)
{
	return vb->free + vb->dirty == VMAP_BBMAP_BITS &&
	       vb->dirty != VMAP_BBMAP_BITS;
}

static void purge_fragmented_blocks(int cpu)
{
	struct vmap_block_queue *vbq = &vmap_block_queue[cpu];
	struct vmap_block *vb, *n_vb;
	struct list_head purge;

	INIT_LIST_HEAD(&purge);
	spin_lock(&vbq->lock);
	for (vb = list_entry(vbq->free.next, struct vmap_block, free_list);
	     &vb->free_list != &vbq->free; vb = n_vb) {
		n_vb = list_entry(vb->free_list.next, struct vmap_block,
				  free_list);
		spin_lock(&vb->lock);
		if (vb_fragmented(vb)) {
			vb->free = 0; /* no allocation after the lock drops */
			vb->dirty = VMAP_BBMAP_BITS; /* not purged twice */
			memset(vb->alloc_map, 0xff, sizeof(vb->alloc_map));
			memset(vb->dirty_map, 0xff, sizeof(vb->dirty_map));
			list_del(&vb->free_list);
			INIT_LIST_HEAD(&vb->free_list);
			list_add_tail(&vb->purge, &purge);
		}
		spin_unlock(&vb->lock);
	}
	spin_unlock(&vbq->lock);

	while (!list_empty(&purge)) {
		vb = list_entry(purge.next, struct vmap_block, purge);
		list_del(&vb->purge);
		free_vmap_block(vb);
	}
}

/* One pass over this CPU's free blocks: the address, or 0 (*purge set
 * when a fragmented block was in the way). */
static ulong32 vb_alloc_from_queue(u32 order, int *purge)
{
	struct vmap_block_queue *vbq;
	struct vmap_block *vb;
	ulong32 addr = 0;

	vbq = &vmap_block_queue[arch_smp_processor_id()];
	spin_lock(&vbq->lock);
	list_for_each_entry(vb, &vbq->free, free_list)
	{
		int i;

		spin_lock(&vb->lock);
		i = bitmap_find_free_region(vb->alloc_map, VMAP_BBMAP_BITS,
					    order);
		if (i < 0) {
			if (vb_fragmented(vb))
				*purge = 1;
			spin_unlock(&vb->lock);
			continue;
		}
		addr = vb->va->va_start + ((ulong32)i << PAGE_SHIFT);
		BUG_ON(addr_to_vb_idx(addr) != addr_to_vb_idx(vb->va->va_start));
		vb->free -= 1u << order;
		if (vb->free == 0) { /* list_del_init: vb_free's BUG_ON */
			list_del(&vb->free_list);
			INIT_LIST_HEAD(&vb->free_list);
		}
		spin_unlock(&vb->lock);
		break;
	}
	spin_unlock(&vbq->lock);
	return addr;
}

static ulong32 vb_alloc(ulong32 size)
{
	u32 order;
	ulong32 addr;
	int purge = 0;

	BUG_ON(size & ~PAGE_MASK);
	BUG_ON(size > PAGE_SIZE * VMAP_MAX_ALLOC);
	order = get_order(size);

	for (;;) {
		addr = vb_alloc_from_queue(order, &purge);
		/* before 02b709df817c fragmented blocks stayed forever */
		if (purge && !bug_on(BUG_VMAP_BLOCK_PURGE)) {
			purge_fragmented_blocks(arch_smp_processor_id());
			purge = 0;
		}
		if (addr)
			return addr;
		if (!new_vmap_block())
			return 0;
	}
}

static void vb_free(ulong32 addr, ulong32 size)
{
	unsigned long offset, vb_idx;
	struct vmap_block *vb;
	u32 order;

	BUG_ON(size & ~PAGE_MASK);
	BUG_ON(size > PAGE_SIZE * VMAP_MAX_ALLOC);
	order = get_order(size);
	offset = addr & (VMAP_BLOCK_SIZE - 1);
	vb_idx = addr_to_vb_idx(addr);
	spin_lock(&vmap_block_tree_lock);
	vb = vb_idx < NR_VMAP_BLOCKS ? vmap_block_tree[vb_idx] : NULL;
	spin_unlock(&vmap_block_tree_lock);
	BUG_ON(!vb);

	spin_lock(&vb->lock);
	bits_set(vb->dirty_map, offset >> PAGE_SHIFT, 1u << order);
	vb->dirty += 1u << order;
	if (vb->dirty == VMAP_BBMAP_BITS) {
		BUG_ON(vb->free || !list_empty(&vb->free_list));
		spin_unlock(&vb->lock);
		free_vmap_block(vb);
	} else
		spin_unlock(&vb->lock);
}

/* vmap_page_range(): map [addr, addr + count pages) to the pages; the
 * shared page-table walk of map_vm_area() does it on a vm_struct that
 * only says where (its size counts a guard page it leaves unmapped). */
static int vmap_page_range(ulong32 addr, u32 count, pgprot_t prot,
			   ulong32 pages)
{
	struct vm_struct tmp = { 0 };

	tmp.addr = addr;
	tmp.size = (count + 1) << PAGE_SHIFT;
	return map_vm_area(&tmp, prot, &pages);
}

ulong32 vm_map_ram(ulong32 pages, u32 count, pgprot_t prot)
{
	ulong32 size = (ulong32)count << PAGE_SHIFT;
	ulong32 addr;

	BUG_ON(!count);
	if (likely(count <= VMAP_MAX_ALLOC)) {
		addr = vb_alloc(size);
		if (!addr)
			return 0;
	} else {
		struct vmap_area *va;

		va = alloc_vmap_area(size, PAGE_SIZE, VMALLOC_START,
				     VMALLOC_END);
		if (!va)
			return 0;
		addr = va->va_start;
	}
	if (vmap_page_range(addr, count, prot, pages) < 0) {
		vm_unmap_ram(addr, count);
		return 0;
	}
	return addr;
}

void vm_unmap_ram(ulong32 mem, u32 count)
{
	ulong32 size = (ulong32)count << PAGE_SHIFT;
	struct vmap_area *va;

	BUG_ON(!mem);
	BUG_ON(mem < VMALLOC_START);
	BUG_ON(mem > VMALLOC_END);
	BUG_ON(mem & (PAGE_SIZE - 1));

	if (likely(count <= VMAP_MAX_ALLOC)) {
		vb_free(mem, size);
		return;
	}
	va = find_vmap_area(mem); /* free_unmap_vmap_area_addr() */
	BUG_ON(!va);
	free_unmap_vmap_area(va);
}

/* Clear the PTEs of [s, e); page tables stay. No flush. */
static void vb_unmap_range(ulong32 s, ulong32 e)
{
	for (; s < e; s += PAGE_SIZE) {
		pte_t *pte = lookup_pte_k(s);

		if (pte)
			ptep_get_and_clear(pte);
	}
}

static void vb_unmap_dirty(struct vmap_block *vb, ulong32 *start, ulong32 *end,
			   int *flush)
{
	u32 i = 0, j;

	spin_lock(&vb->lock);
	while (i < VMAP_BBMAP_BITS) {
		ulong32 s, e;

		for (; i < VMAP_BBMAP_BITS && !vb_test(vb->dirty_map, i); i++)
			;
		for (j = i; j < VMAP_BBMAP_BITS && vb_test(vb->dirty_map, j);
		     j++)
			;
		if (i == j)
			break;
		s = vb->va->va_start + (i << PAGE_SHIFT);
		e = vb->va->va_start + (j << PAGE_SHIFT);
		vb_unmap_range(s, e);
		*flush = 1;
		if (s < *start)
			*start = s;
		if (e > *end)
			*end = e;
		i = j;
	}
	spin_unlock(&vb->lock);
}

void vb_unmap_aliases(ulong32 *start, ulong32 *end, int *flush)
{
	u32 i;
	int cpu;

	if (!bug_on(BUG_VMAP_BLOCK_PURGE))
		for (cpu = 0; cpu < NR_CPUS; cpu++)
			purge_fragmented_blocks(cpu);
	for (i = 0; i < NR_VMAP_BLOCKS; i++)
		if (vmap_block_tree[i])
			vb_unmap_dirty(vmap_block_tree[i], start, end, flush);
}

struct vmap_block *vmap_block_of(ulong32 addr)
{
	u32 k;

	/* by the blocks' own ranges, not addr_to_vb_idx(): the oracle must
	 * not share the index arithmetic it checks (vmap-block-ncpus) */
	for (k = 0; k < NR_VMAP_BLOCKS; k++)
		if (vmap_block_tree[k] &&
		    addr - vmap_block_tree[k]->va->va_start < VMAP_BLOCK_SIZE)
			return vmap_block_tree[k];
	return NULL;
}

struct vmap_block *vmap_block_at(u32 i)
{
	u32 k;

	for (k = 0; k < NR_VMAP_BLOCKS; k++)
		if (vmap_block_tree[k] && i-- == 0)
			return vmap_block_tree[k];
	return NULL;
}
