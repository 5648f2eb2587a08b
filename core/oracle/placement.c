// SPDX-License-Identifier: GPL-2.0
/*
 * The placement model (see placement.h).
 */
#include "placement.h"
#include "kernel.h"
#include "mmu.h"
#include "vmalloc.h"

#define TOP ((u64)1 << 32) /* one past the last 32-bit address */

static u64 align_up(u64 a, u64 align)
{
	return (a + align - 1) & ~(align - 1);
}

/* The alignment of an area of `size` requested bytes. */
static u64 area_align(const struct placement_cfg *cfg, ulong32 size,
		      ulong32 flags)
{
	int bit = fls(size);

	if (!(flags & VM_IOREMAP))
		return 1;
	if (bit > (int)cfg->ioremap_max_order)
		bit = (int)cfg->ioremap_max_order;
	if (bit < PAGE_SHIFT)
		bit = PAGE_SHIFT;
	return (u64)1 << bit;
}

static struct placement result(enum placement_kind kind, u64 addr, u64 size)
{
	return (struct placement){ kind, (ulong32)addr, (ulong32)size };
}

struct placement placement_fit(const struct placement_cfg *cfg,
			       const struct placement_area *areas, u32 n,
			       ulong32 size, ulong32 flags, ulong32 start,
			       ulong32 end)
{
	u64 align = area_align(cfg, size, flags), a, len;
	u32 i;

	len = size;
	if (cfg->page_align) {
		len = align_up(size, PAGE_SIZE) % TOP;
		if (!len)
			return result(PLACE_NONE, 0, 0);
	}
	len = (len + PAGE_SIZE) % TOP; /* the guard page */
	if (!len)
		return result(PLACE_NONE, 0, 0);

	a = align_up(start, align);
	for (i = 0; i < n; i++) {
		u64 lo = areas[i].addr, hi = lo + areas[i].size;

		if (lo < a) { /* starts below the candidate */
			if (cfg->straddle_fix && hi > a)
				a = align_up(hi, align);
			continue;
		}
		if (a + len > TOP)
			return result(PLACE_FULL, 0, len);
		if (a + len <= lo)
			break; /* fits in the hole below this area */
		a = align_up(hi % TOP, align);
		/* The check the historic code kept, in its 32-bit terms. */
		if (!cfg->end_check && a > (u32)(end - (u32)len))
			return result(PLACE_FULL, 0, len);
	}
	if (cfg->end_check && a + len > end)
		return result(PLACE_FULL, 0, len);
	return result(PLACE_AT, a, len);
}

void placement_insert(struct placement_area *areas, u32 *n,
		      struct placement_area a)
{
	u32 i = *n;

	while (i && areas[i - 1].addr > a.addr) {
		areas[i] = areas[i - 1];
		i--;
	}
	areas[i] = a;
	(*n)++;
}
