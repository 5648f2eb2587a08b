// SPDX-License-Identifier: GPL-2.0
/*
 * Slab redzones (see redzone.h).
 */
#include "redzone.h"
#include "arch.h"
#include "interp.h"
#include "kernel.h"
#include "slab.h"

/* Linux's kmalloc_info[]: the kmalloc caches slab.h promises, written out
 * rather than computed, so that a slip in the slab's class arithmetic
 * cannot hide here. A request gets an object of the first size >= it. */
static const u32 kmalloc_caches[] = { 64, 128, 256, 512, 1024, 2048, 4096 };

/* Free slab memory checked right after an object (KASAN's redzone). */
#define REDZONE_BEYOND 16

static u32 seen; /* kmalloc_nr_handed() at the last check */

static u32 cache_size(u32 size)
{
	u32 k;

	for (k = 0; k + 1 < ARRAY_SIZE(kmalloc_caches); k++)
		if (kmalloc_caches[k] >= size)
			break;
	return kmalloc_caches[k];
}

static ulong32 kaddr(const u8 *p)
{
	return __kva(arch_virt_to_phys(p));
}

static __noreturn void oob(const u8 *obj, u32 size, const u8 *at,
			   const char *what)
{
	vmf_bug(vmf_op_function(&vmf.prog.ops[vmf.pc]), "slab-out-of-bounds",
		"kmalloc-%u object 0x%08x (%u bytes asked): %s at 0x%08x "
		"(byte 0x%02x)",
		cache_size(size), kaddr(obj), size, what, kaddr(at), *at);
}

/* First byte of [p, end) that is not `poison`, or NULL. */
static const u8 *first_not(const u8 *p, const u8 *end, u8 poison)
{
	for (; p < end; p++)
		if (*p != poison)
			return p;
	return NULL;
}

static void check_object(const u8 *obj)
{
	u32 size = kmalloc_orig_size(obj), object_size = cache_size(size);
	u32 room = PAGE_SIZE - (arch_virt_to_phys(obj) & (PAGE_SIZE - 1));
	const u8 *end = obj + object_size, *p;

	if (!size)
		return; /* freed since */
	if (object_size > room)
		oob(obj, size, obj + room - 1, "the object crosses its frame");
	for (p = obj + (1u << KMALLOC_MIN_SHIFT); p < end;
	     p += 1u << KMALLOC_MIN_SHIFT)
		if (kmalloc_orig_size(p))
			oob(obj, size, p, "another live object starts");
	p = first_not(obj + size, end, SLUB_RED_ACTIVE);
	if (p)
		oob(obj, size, p, "redzone written");
	if (object_size == room || kmalloc_orig_size(end))
		return;
	p = first_not(end, end + REDZONE_BEYOND, POISON_FREE);
	if (p)
		oob(obj, size, p, "free slab memory after it written");
}

/* Every live object of every slab frame: the log was outrun. */
static void check_all(void)
{
	u32 pfn, off;

	for (pfn = POOL_PFN_START; pfn < POOL_PFN_END; pfn++) {
		const u8 *base;

		if (!(pfn_to_page(pfn)->flags & PG_slab))
			continue;
		base = arch_phys_to_virt(pfn << PAGE_SHIFT);
		for (off = 0; off < PAGE_SIZE; off += 1u << KMALLOC_MIN_SHIFT)
			check_object(base + off);
	}
}

void redzone_check_op(void)
{
	u32 n = kmalloc_nr_handed(), from = seen;

	seen = n; /* a BUG below must not leave them for the next program */
	if (n - from > KMALLOC_LOG_SIZE) {
		check_all();
		return;
	}
	for (; from != n; from++)
		check_object(kmalloc_handed(from));
}
