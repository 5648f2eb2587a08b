/* SPDX-License-Identifier: GPL-2.0 */
/*
 * An executable model of where 2.6's __get_vm_area() puts an area, written
 * from the specification, not from core/vmalloc.c:
 *
 *   - the areas are sorted by address and never overlap;
 *   - an area is `size` bytes rounded up to pages, plus one guard page;
 *   - VM_IOREMAP areas start on a multiple of
 *       1 << clamp(fls(size), PAGE_SHIFT, ioremap_max_order);
 *   - first fit: the lowest such address >= start where the area overlaps
 *     no other area and ends at or before `end`;
 *   - NULL (out of vmalloc space) when there is none.
 *
 * The knobs that changed placement on purpose configure the model the way
 * the historic code behaved (struct placement_cfg). Cost: one pass over the
 * areas, as __get_vm_area() itself.
 */
#ifndef VMFUZZ_PLACEMENT_H
#define VMFUZZ_PLACEMENT_H

#include "types.h"

struct placement_cfg {
	u32 ioremap_max_order; /* IOREMAP_MAX_ORDER: log2 of the largest
				* ioremap alignment */
	bool straddle_fix;     /* false: align-overlap (2.6.0-2.6.7) skips
				* every area that starts below the candidate,
				* even one that reaches over it */
	bool end_check;	       /* false: end-check (2.6.11-2.6.24) checks the
				* end only after stepping over an area */
	bool page_align;       /* false: guard-overflow (2.6.11) takes `size`
				* as given, unaligned, wrapping at 4 GB */
};

struct placement_area {
	ulong32 addr, size; /* size includes the guard page */
};

enum placement_kind {
	PLACE_AT,   /* the area goes at .addr with .size */
	PLACE_FULL, /* NULL: out of vmalloc space (the kernel warns) */
	PLACE_NONE, /* NULL without a search: the size is 0 after rounding */
};

struct placement {
	enum placement_kind kind;
	ulong32 addr, size;
};

/*
 * Where __get_vm_area(size, flags, start, end) must put the new area, given
 * the `n` existing areas sorted by address. `flags` is VM_IOREMAP or not.
 * Pure: reads only its arguments.
 */
struct placement placement_fit(const struct placement_cfg *cfg,
			       const struct placement_area *areas, u32 n,
			       ulong32 size, ulong32 flags, ulong32 start,
			       ulong32 end);

/*
 * Insert `a` into the sorted array areas[0..*n) (room for one more).
 */
void placement_insert(struct placement_area *areas, u32 *n,
		      struct placement_area a);

#endif
