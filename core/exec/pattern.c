// SPDX-License-Identifier: GPL-2.0
/*
 * The fill pattern (see pattern.h): a word at a time, aligned words in a
 * loop the compiler can vectorize, the odd bytes at either end by hand.
 */
#include "pattern.h"
#include "arch.h"
#include "kernel.h"

u32 mix32(u32 x)
{
	x ^= x >> 16;
	x *= 0x7feb352du;
	x ^= x >> 15;
	x *= 0x846ca68bu;
	x ^= x >> 16;
	return x;
}

static u8 pattern_byte(u32 seed, ulong32 off)
{
	return (u8)(pattern_word(seed, off & ~3u) >> ((off & 3) * 8));
}

/* Fill [lo, lo + n) at p (one page; p is the byte at lo). */
static void fill_page(u8 *p, u32 seed, ulong32 lo, ulong32 n)
{
	ulong32 off = lo, end = lo + n, wend = end & ~3u;
	u32 base, *w;
	u32 i, k;

	for (; off < end && (off & 3); off++)
		*p++ = pattern_byte(seed, off);
	if (off < wend) {
		base = pattern_word(seed, off);
		w = (u32 *)(void *)p;
		k = (wend - off) >> 2;
		for (i = 0; i < k; i++)
			w[i] = base + i * 0x85ebca6bu;
		p += wend - off;
		off = wend;
	}
	for (; off < end; off++)
		*p++ = pattern_byte(seed, off);
}

/* Offset of the first wrong byte in [lo, lo + n) at p, or lo + n. */
static ulong32 find_bad(const u8 *p, u32 seed, ulong32 lo, ulong32 n)
{
	ulong32 off = lo, end = lo + n, wend = end & ~3u;
	const u32 *w;
	u32 base, diff = 0, i, k;

	for (; off < end && (off & 3); off++, p++)
		if (*p != pattern_byte(seed, off))
			return off;
	if (off < wend) {
		base = pattern_word(seed, off);
		w = (const u32 *)(const void *)p;
		k = (wend - off) >> 2;
		for (i = 0; i < k; i++)
			diff |= w[i] ^ (base + i * 0x85ebca6bu);
		if (diff) {
			for (; off < wend; off++, p++)
				if (*p != pattern_byte(seed, off))
					return off;
		}
		p += wend - off;
		off = wend;
	}
	for (; off < end; off++, p++)
		if (*p != pattern_byte(seed, off))
			return off;
	return end;
}

enum pattern_status pattern_range(ulong32 addr, u32 seed, ulong32 lo,
				  ulong32 hi, bool verify, ulong32 *where)
{
	while (lo < hi) {
		ulong32 va = addr + lo;
		ulong32 chunk = PAGE_SIZE - (va & (PAGE_SIZE - 1)), bad;
		u8 *p = arch_mmu_access(va, !verify);

		if (chunk > hi - lo)
			chunk = hi - lo;
		*where = va;
		if (!p)
			return PATTERN_FAULT;
		if (!verify) {
			fill_page(p, seed, lo, chunk);
		} else if ((bad = find_bad(p, seed, lo, chunk)) != lo + chunk) {
			*where = addr + bad;
			return PATTERN_MISMATCH;
		}
		lo += chunk;
	}
	return PATTERN_OK;
}
