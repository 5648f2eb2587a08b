// SPDX-License-Identifier: GPL-2.0
/*
 * A tiny deterministic slab: one list of frames per size class, objects found
 * by the lowest free bit of the frame's object map. KASAN-style, each object
 * keeps the size asked for (SLUB's orig_size, by address in 64-byte granules)
 * and its bytes past it are a redzone of SLUB_RED_ACTIVE; a new slab is all
 * POISON_FREE, like a freed object (kasan_poison_slab()).
 */
#include "slab.h"
#include "arch.h"
#include "kernel.h"
#include "smp.h"

#define NR_CLASSES (PAGE_SHIFT - KMALLOC_MIN_SHIFT + 1)

static u32 slabs[NR_CLASSES]; /* first frame (pfn) of each class, 0: none */
static u32 nr_objects;
static u32 nr_slab_pages;
#define GRANULES (PAGE_SIZE >> KMALLOC_MIN_SHIFT)
static u16 orig_size[POOL_PAGES][GRANULES]; /* valid in PG_slab frames */
static void *handed[KMALLOC_LOG_SIZE];	    /* the last objects handed out */
static u32 nr_handed;			    /* since boot: never reset */
/* 2.6's cache spinlock: every list, map and count above. Dropped around
 * the page allocation, as cache_grow() ran without it. */
static raw_spinlock_t slab_lock;

static u16 *orig_size_of(u32 phys)
{
	return &orig_size[(phys >> PAGE_SHIFT) - POOL_PFN_START]
			 [(phys & (PAGE_SIZE - 1)) >> KMALLOC_MIN_SHIFT];
}

/* Record and redzone a new object of object_size bytes asked `size`. */
static void kasan_kmalloc(u8 *obj, u32 size, u32 object_size)
{
	size = size ? size : 1;
	*orig_size_of(__pa(obj)) = (u16)size;
	handed[nr_handed++ % KMALLOC_LOG_SIZE] = obj;
	if (size < object_size)
		memset(obj + size, SLUB_RED_ACTIVE, object_size - size);
}

void kmalloc_init(void)
{
	memset(slabs, 0, sizeof(slabs));
	nr_objects = 0;
	nr_slab_pages = 0;
	slab_lock = (raw_spinlock_t){ 0 };
}

static unsigned size_class(u32 size)
{
	unsigned c = 0;

	while (((u32)1 << (c + KMALLOC_MIN_SHIFT)) < size)
		c++;
	return c;
}

static u32 objs_per_slab(unsigned c)
{
	return PAGE_SIZE >> (c + KMALLOC_MIN_SHIFT);
}

static u64 full_map(unsigned c)
{
	u32 n = objs_per_slab(c);

	return n == 64 ? ~(u64)0 : (((u64)1 << n) - 1);
}

/* Called with slab_lock held; returns with it held. */
static struct page *new_slab(unsigned c, gfp_t flags)
{
	struct page *page, *last;

	raw_spin_unlock(&slab_lock);
	page = alloc_page(flags);
	raw_spin_lock(&slab_lock);
	if (!page)
		return NULL;
	page->flags |= PG_slab;
	memset(page_address(page), POISON_FREE, PAGE_SIZE);
	memset(orig_size_of(__pa(page_address(page))), 0, GRANULES * 2);
	page->slab_class = (u16)c;
	page->next = 0;
	if (!slabs[c]) {
		slabs[c] = page_to_pfn(page);
	} else {
		for (last = pfn_to_page(slabs[c]); last->next;
		     last = pfn_to_page(last->next))
			;
		last->next = page_to_pfn(page);
	}
	nr_slab_pages++;
	return page;
}

void *kmalloc(u32 size, gfp_t flags)
{
	unsigned c, i;
	struct page *page = NULL;
	u32 pfn;

	smp_yield("kmalloc");
	u8 *obj;

	if (size > KMALLOC_MAX_SIZE)
		return NULL;
	c = size_class(size ? size : 1);
	raw_spin_lock(&slab_lock);
	for (pfn = slabs[c]; pfn; pfn = pfn_to_page(pfn)->next) {
		if (pfn_to_page(pfn)->objmap != full_map(c)) {
			page = pfn_to_page(pfn);
			break;
		}
	}
	if (!page && !(page = new_slab(c, flags))) {
		raw_spin_unlock(&slab_lock);
		return NULL;
	}
	i = (unsigned)__builtin_ctzll(~page->objmap);
	page->objmap |= (u64)1 << i;
	page->inuse++;
	nr_objects++;
	obj = (u8 *)page_address(page) + (i << (c + KMALLOC_MIN_SHIFT));
	memset(obj, POISON_INUSE, (u32)1 << (c + KMALLOC_MIN_SHIFT));
	kasan_kmalloc(obj, size, (u32)1 << (c + KMALLOC_MIN_SHIFT));
	raw_spin_unlock(&slab_lock);
	return obj;
}

static __noreturn void bad_free(const char *caller, u32 phys)
{
	raw_spin_unlock(&slab_lock);
	vmf_bug(caller, "double-free or invalid-free", "kfree of phys 0x%x",
		phys);
}

void kfree_caller(const void *objp, const char *caller)
{
	u32 phys, off, pfn;
	unsigned c, i;
	struct page *page;

	if (!objp)
		return;
	phys = arch_virt_to_phys(objp);
	pfn = phys >> PAGE_SHIFT;
	raw_spin_lock(&slab_lock);
	if (phys == ARCH_NO_PHYS || !pfn_valid(pfn) ||
	    !(pfn_to_page(pfn)->flags & PG_slab))
		bad_free(caller, phys);
	page = pfn_to_page(pfn);
	c = page->slab_class;
	off = phys & (PAGE_SIZE - 1);
	i = off >> (c + KMALLOC_MIN_SHIFT);
	if (off & (((u32)1 << (c + KMALLOC_MIN_SHIFT)) - 1) ||
	    !(page->objmap & ((u64)1 << i)))
		bad_free(caller, phys);
	page->objmap &= ~((u64)1 << i);
	*orig_size_of(phys) = 0;
	page->inuse--;
	nr_objects--;
	memset((void *)objp, POISON_FREE, (u32)1 << (c + KMALLOC_MIN_SHIFT));
	raw_spin_unlock(&slab_lock);
}

enum kobj_state kmalloc_check(const void *objp, u32 size)
{
	u32 phys = arch_virt_to_phys(objp), pfn = phys >> PAGE_SHIFT, off;
	const struct page *page;
	unsigned c;

	if (!objp || phys == ARCH_NO_PHYS || !pfn_valid(pfn))
		return KOBJ_INVALID;
	page = pfn_to_page(pfn);
	if (!(page->flags & PG_slab))
		return KOBJ_INVALID;
	c = page->slab_class;
	off = phys & (PAGE_SIZE - 1);
	if (off & (((u32)1 << (c + KMALLOC_MIN_SHIFT)) - 1))
		return KOBJ_INVALID;
	if (!(page->objmap & ((u64)1 << (off >> (c + KMALLOC_MIN_SHIFT)))))
		return KOBJ_FREED;
	if (size > KMALLOC_MAX_SIZE || c != size_class(size ? size : 1))
		return KOBJ_WRONG_SIZE;
	return KOBJ_LIVE;
}

void kfree_kva_caller(ulong32 kva, const char *caller)
{
	void *obj = kva_is_lowmem(kva) ? arch_phys_to_virt(__kpa(kva)) : NULL;

	if (!kva)
		return;
	if (!obj)
		vmf_bug(caller, "double-free or invalid-free",
			"kfree of 0x%08x, not a kmalloc address", kva);
	kfree_caller(obj, caller);
}

u32 kmalloc_orig_size(const void *objp)
{
	u32 phys = arch_virt_to_phys(objp), pfn = phys >> PAGE_SHIFT;

	if (phys == ARCH_NO_PHYS || !pfn_valid(pfn) ||
	    !(pfn_to_page(pfn)->flags & PG_slab) ||
	    (phys & ((1u << KMALLOC_MIN_SHIFT) - 1)))
		return 0;
	return *orig_size_of(phys);
}

u32 kmalloc_nr_handed(void)
{
	return nr_handed;
}

void *kmalloc_handed(u32 n)
{
	return handed[n % KMALLOC_LOG_SIZE];
}

u32 kmalloc_nr_objects(void)
{
	return nr_objects;
}

u32 kmalloc_nr_slab_pages(void)
{
	return nr_slab_pages;
}
