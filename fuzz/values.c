// SPDX-License-Identifier: GPL-2.0
/*
 * Interesting numbers for the mutator: sizes at page, alignment and range
 * boundaries, vmap counts and failure points around the 1024-page array
 * path, offsets at the edges of an area and addresses in the vmalloc range.
 */
#include "mutate_impl.h"

/* Sizes where the 2.6 allocator changes its mind. */
/* clang-format off */
static const u32 special_sizes[] = {
	/* VmallocTotal (114680 kB by default) and its neighbours */
	VMALLOC_TOTAL_DEFAULT - 0x1000, VMALLOC_TOTAL_DEFAULT,
	VMALLOC_TOTAL_DEFAULT + 0x1000, VMALLOC_TOTAL_DEFAULT + 0x2000,
	0x08000000,
	/* size += PAGE_SIZE wraps; sign boundaries */
	0xFFFFFFFF, 0xFFFFF000, 0xFFFFE000, 0xFFFFEFFF, 0x80000000, 0x7FFFFFFF,
	/* the page array outgrows one page; the whole page pool */
	0x003FF000, 0x00400000, 0x00401000, 0x00500000, 0x00FFF000, 0x01000000,
	/* ioremap alignments */
	0x00010000, 0x00020000, 0x00100000, 0x00800000,
};
/* clang-format on */

/* 0 mostly, else one byte or one page either way. */
static u32 small_delta(struct mut_rng *r)
{
	static const u32 d[] = { 0, 0, 0, 1, (u32)-1, PAGE_SIZE, -PAGE_SIZE };

	return d[rng_below(r, ARRAY_SIZE(d))];
}

/* An allocation size: page multiples +-1, powers of two, the range. */
u32 mut_size(struct mut_rng *r)
{
	switch (rng_below(r, 7)) {
	case 0:
	case 1:
		return rng_below(r, 17) * PAGE_SIZE + small_delta(r);
	case 2:
		return (1u << rng_below(r, 32)) + small_delta(r);
	case 3:
		return special_sizes[rng_below(r, ARRAY_SIZE(special_sizes))] +
		       (rng_one_in(r, 2) ? 0 : small_delta(r));
	case 4:
		return (1020 + rng_below(r, 9)) * PAGE_SIZE + small_delta(r);
	case 5:
		return rng_below(r, 0x10000);
	default:
		return (u32)rng_next(r);
	}
}

/* v moved a little, or to a nearby boundary, or replaced. */
u32 mut_nudge(struct mut_rng *r, u32 v)
{
	switch (rng_below(r, 10)) {
	case 0:
		return v + 1 + rng_below(r, 4);
	case 1:
		return v - 1 - rng_below(r, 4);
	case 2:
		return v + PAGE_SIZE;
	case 3:
		return v - PAGE_SIZE;
	case 4:
		return (v & PAGE_MASK) + small_delta(r);
	case 5:
		return PAGE_ALIGN(v) + small_delta(r);
	case 6:
		return rng_one_in(r, 2) ? v << 1 : v >> 1;
	case 7:
		return v ^ (1u << rng_below(r, 32));
	case 8:
		return v ? 1u << (31 - __builtin_clz(v)) : 1;
	default:
		return mut_size(r);
	}
}

/* A vmap page count (16 bits): small, around 1024 (the array limit), odd. */
u32 mut_count(struct mut_rng *r)
{
	static const u32 counts[] = { 0, 1023, 1024, 1025, 1026, 4096, 0xFFFF };

	if (rng_one_in(r, 2))
		return rng_below(r, 9);
	if (rng_one_in(r, 2))
		return counts[rng_below(r, ARRAY_SIZE(counts))];
	return rng_below(r, 0x10000);
}

/* A fault-injection point: mostly the next few page allocations. */
u32 mut_fail_n(struct mut_rng *r)
{
	switch (rng_below(r, 8)) {
	case 0:
		return 0;
	case 1:
		return 1020 + rng_below(r, 12);
	case 2:
		return rng_below(r, 0x10000);
	default:
		return 1 + rng_below(r, 16);
	}
}

/* An offset into an area of `size` bytes, or just outside it. */
u32 mut_offset(struct mut_rng *r, u32 size)
{
	switch (rng_below(r, 9)) {
	case 0:
		return 0;
	case 1:
		return size;
	case 2:
		return size - 1;
	case 3:
		return PAGE_ALIGN(size) + rng_below(r, PAGE_SIZE); /* guard */
	case 4:
		return rng_below(r, size / PAGE_SIZE + 1) * PAGE_SIZE +
		       small_delta(r);
	case 5:
		return rng_below(r, size + 1);
	case 6:
		return -PAGE_SIZE * (1 + rng_below(r, 2));
	case 7:
		return rng_below(r, PAGE_SIZE);
	default:
		return mut_size(r);
	}
}

/* A write length for offset `off` of an area of `size` bytes. */
u32 mut_length(struct mut_rng *r, u32 size, u32 off)
{
	switch (rng_below(r, 6)) {
	case 0:
	case 1:
		return size - off;
	case 2:
		return PAGE_SIZE;
	case 3:
		return 1 + rng_below(r, 16);
	case 4:
		return 0xFFFFFFFF;
	default:
		return rng_below(r, size + 1);
	}
}

/* An absolute address: a likely area start (maybe misaligned), the edges of
 * the vmalloc and modules ranges, lowmem, or anything. */
u32 mut_address(struct mut_rng *r, const struct slot_view *v)
{
	u32 s = rng_below(r, VMF_NSLOTS);
	u32 misalign = rng_one_in(r, 3) ? 1 + rng_below(r, PAGE_SIZE - 1) : 0;

	switch (rng_below(r, 7)) {
	case 0:
	case 1:
		if (v->state[s] != MSLOT_NEVER && v->addr[s])
			return v->addr[s] + misalign;
		/* fall through */
	case 2:
		return MUT_VMALLOC_START + rng_below(r, 64) * PAGE_SIZE +
		       misalign;
	case 3:
		return MUT_MODULES_START + rng_below(r, 16) * PAGE_SIZE +
		       misalign;
	case 4:
		return MUT_VMALLOC_END - PAGE_SIZE * rng_below(r, 3) + misalign;
	case 5:
		return rng_one_in(r, 2) ? 0 : 0xC0000000u + misalign;
	default:
		return (u32)rng_next(r);
	}
}
