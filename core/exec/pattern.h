/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The fill pattern of written bytes, computed and compared a word at a
 * time. Byte `off` of an allocation with seed `seed` is byte (off & 3),
 * little-endian, of pattern_word(seed, off & ~3): one hash per page plus a
 * step per word, so every word of an allocation differs and a page mapped
 * in the wrong place or to the wrong frame shows.
 */
#ifndef VMFUZZ_PATTERN_H
#define VMFUZZ_PATTERN_H

#include "types.h"

/* A 32-bit integer hash: the xor-shift-multiply finalizer with
 * lowbias32's constants (Chris Wellons, "hash-prospector"). */
u32 mix32(u32 x);

/* The pattern word at word-aligned offset off. */
static inline u32 pattern_word(u32 seed, ulong32 off)
{
	return mix32(seed + (off >> 12) * 0x9e3779b9u) +
	       ((off & 0xfff) >> 2) * 0x85ebca6bu;
}

enum pattern_status { PATTERN_OK, PATTERN_FAULT, PATTERN_MISMATCH };

/*
 * Write (verify == false) or compare the pattern over offsets [lo, hi) of
 * the allocation at kernel address `addr`, page by page through the MMU
 * (arch_mmu_access, storing when writing). Returns PATTERN_OK, or the first
 * problem with *where set to its address: a faulting page, or the first
 * wrong byte. Writes nothing else.
 */
enum pattern_status pattern_range(ulong32 addr, u32 seed, ulong32 lo,
				  ulong32 hi, bool verify, ulong32 *where);

#endif
