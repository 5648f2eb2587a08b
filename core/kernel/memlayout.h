/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one address map of vmfuzz, shared by the firmware and the host harness.
 *
 * Virtual (derived the i386 way, include/asm-i386/pgtable.h and page.h):
 *
 *  0xFFFFFFFF +-------------------------------+
 *             | pkmap / fixmap (unused)       |
 *  PKMAP_BASE +-------------------------------+ 0xFF800000
 *             | 2 guard pages                 |
 * VMALLOC_END +-------------------------------+ 0xFF7FE000
 *             | vmalloc area                  |
 *             |                               |
 *VMALLOC_START+-------------------------------+ see VMALLOC_START below
 *             | modules area (4 MB)           |
 *MODULES_VADDR+-------------------------------+ VMALLOC_START - 4 MB
 *             | rest of the hole              |  hole: 8 MB to 16 MB - 1
 *             +-------------------------------+ high_memory + earlyreserve
 *             | vmalloc_earlyreserve (0 here) |
 * high_memory +-------------------------------+ PAGE_OFFSET + lowmem
 *             | direct map of lowmem          |
 * PAGE_OFFSET +-------------------------------+ 0xC0000000
 *             | firmware, identity mapped     | (hardware only: 0..32 MB)
 *  0x00000000 +-------------------------------+
 *
 * VMALLOC_START = (high_memory + vmalloc_earlyreserve + 2*VMALLOC_OFFSET - 1)
 *                 & ~(VMALLOC_OFFSET - 1)
 * is the seed's (i386 2.6) formula: the start is 8 MB aligned
 * and at least VMALLOC_OFFSET above high_memory + vmalloc_earlyreserve, so
 * the hole is 8 MB when that sum is 8 MB aligned and up to 16 MB - 1 byte
 * otherwise. (`(high_memory + VMALLOC_OFFSET) & ~(VMALLOC_OFFSET - 1)` is a
 * different formula: it agrees only when the sum is 8 MB aligned.)
 * vmalloc_earlyreserve is virtual space i386 boot code could set aside
 * below the vmalloc area (its EFI support; not checked against a tree
 * here). Nothing reserves any in vmfuzz, so it is 0, but it is a real term.
 *
 * lowmem = min(NOMINAL_RAM, MAXMEM), MAXMEM = 1 GB - __VMALLOC_RESERVE, and
 * `vmalloc=<size>` sets __VMALLOC_RESERVE (default 128 MB), exactly as
 * arch/i386 does it: VmallocTotal is 114680 kB by default, and with
 * vmalloc=100M high_memory is 0xF9C00000 and VMALLOC_START 0xFA800000.
 *
 * Physical: the page pool is POOL_PAGES frames from POOL_PHYS_START, the
 * same frames in both worlds; below it (hardware) live the firmware, its
 * stack and the multiboot modules. The guest has RAM_SIZE bytes of RAM.
 *
 *  RAM_SIZE        +-------------------------+ 64 MB
 *                  | (unused)                |
 *  POOL_PHYS_END   +-------------------------+ 48 MB
 *                  | page pool: 4096 frames  |
 *  POOL_PHYS_START +-------------------------+ 32 MB
 *                  | multiboot modules       |
 *                  | firmware image + stack  | from 1 MB
 *  0               +-------------------------+
 */
#ifndef VMFUZZ_MEMLAYOUT_H
#define VMFUZZ_MEMLAYOUT_H

#include "mmu.h"

#define RAM_SIZE 0x04000000u /* 64 MB: QEMU -m 64 */
#define POOL_PHYS_START 0x02000000u
#define POOL_PAGES 4096u
#define POOL_PHYS_END (POOL_PHYS_START + POOL_PAGES * PAGE_SIZE)
#define POOL_PFN_START (POOL_PHYS_START >> PAGE_SHIFT)
#define POOL_PFN_END (POOL_PHYS_END >> PAGE_SHIFT)

/* The firmware identity-maps [0, IDENTITY_MAP_END) and direct-maps
 * [PAGE_OFFSET, PAGE_OFFSET + RAM_SIZE); arch_pgd_init() of both worlds
 * marks exactly those page-directory entries present. */
#define IDENTITY_MAP_END POOL_PHYS_START

#define PAGE_OFFSET 0xC0000000u
#define NOMINAL_RAM 0x40000000u /* the 1 GB box the map is derived for */
#define VMALLOC_RESERVE_DEFAULT (128u << 20)
#define VMALLOC_RESERVE_MIN (24u << 20)
#define VMALLOC_RESERVE_MAX (0x40000000u - RAM_SIZE)
#define VMALLOC_OFFSET (8u << 20)
#define PKMAP_BASE 0xFF800000u
#define VMALLOC_END (PKMAP_BASE - 2 * PAGE_SIZE)
#define MODULES_LEN (4u << 20)

/* PAGE_OFFSET + lowmem; set by layout_init() from __VMALLOC_RESERVE. */
extern ulong32 high_memory;
/* Virtual space reserved above high_memory before the vmalloc area; 0
 * after layout_init(). */
extern ulong32 vmalloc_earlyreserve;

/* high_memory for a __VMALLOC_RESERVE of r bytes: PAGE_OFFSET +
 * min(NOMINAL_RAM, MAXMEM), MAXMEM = -PAGE_OFFSET - r. */
#define HIGH_MEMORY_FOR(r)                                                     \
	(PAGE_OFFSET +                                                         \
	 (NOMINAL_RAM < 0x40000000u - (r) ? NOMINAL_RAM : 0x40000000u - (r)))
/* The seed's VMALLOC_START for a given high_memory and early reserve. */
#define VMALLOC_START_FOR(hm, early)                                           \
	(((hm) + (early) + 2 * VMALLOC_OFFSET - 1) & ~(VMALLOC_OFFSET - 1))

#define VMALLOC_START VMALLOC_START_FOR(high_memory, vmalloc_earlyreserve)
#define VMALLOC_TOTAL (VMALLOC_END - VMALLOC_START)
#define MODULES_END VMALLOC_START
#define MODULES_VADDR (MODULES_END - MODULES_LEN)

/* The default map (no vmalloc=): what tools that guess addresses use. */
#define HIGH_MEMORY_DEFAULT HIGH_MEMORY_FOR(VMALLOC_RESERVE_DEFAULT)
#define VMALLOC_START_DEFAULT VMALLOC_START_FOR(HIGH_MEMORY_DEFAULT, 0u)
#define MODULES_VADDR_DEFAULT (VMALLOC_START_DEFAULT - MODULES_LEN)
#define VMALLOC_TOTAL_DEFAULT (VMALLOC_END - VMALLOC_START_DEFAULT)

/* Direct map: kernel virtual address of physical address p, and back. */
#define __kva(p) ((ulong32)(p) + PAGE_OFFSET)
#define __kpa(v) ((ulong32)(v)-PAGE_OFFSET)
#define kva_is_lowmem(v)                                                       \
	((ulong32)(v) >= PAGE_OFFSET && (ulong32)(v) < high_memory)

/*
 * Set high_memory for a __VMALLOC_RESERVE of `reserve` bytes (0: default).
 * Returns 0, or -1 when the reserve is outside
 * [VMALLOC_RESERVE_MIN, VMALLOC_RESERVE_MAX] (nothing is changed then).
 */
int layout_init(ulong32 reserve);

/*
 * Parse a `vmalloc=<size>` value (decimal or 0x hex, optional K/M/G suffix,
 * as memparse() does) into *reserve. Returns 0, or -1 if the text is not a
 * size or the size is outside [VMALLOC_RESERVE_MIN, VMALLOC_RESERVE_MAX].
 */
int vmf_parse_vmalloc(const char *s, u32 len, ulong32 *reserve);

#endif
