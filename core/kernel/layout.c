// SPDX-License-Identifier: GPL-2.0
/*
 * high_memory from __VMALLOC_RESERVE, as arch/i386/kernel/setup.c derives it,
 * and the parser of `vmalloc=<size>` (memparse() of lib/cmdline.c).
 */
#include "memlayout.h"

ulong32 high_memory = HIGH_MEMORY_DEFAULT;
ulong32 vmalloc_earlyreserve;

int layout_init(ulong32 reserve)
{
	ulong32 maxmem, lowmem;

	if (!reserve)
		reserve = VMALLOC_RESERVE_DEFAULT;
	if (reserve < VMALLOC_RESERVE_MIN || reserve > VMALLOC_RESERVE_MAX)
		return -1;
	maxmem = 0x40000000u - reserve; /* MAXMEM = -PAGE_OFFSET - reserve */
	lowmem = NOMINAL_RAM < maxmem ? NOMINAL_RAM : maxmem;
	high_memory = PAGE_OFFSET + lowmem;
	vmalloc_earlyreserve = 0; /* no EFI memory map to keep mapped */
	return 0;
}

static int digit(char c, unsigned base)
{
	int d = -1;

	if (c >= '0' && c <= '9')
		d = c - '0';
	else if (c >= 'a' && c <= 'f')
		d = c - 'a' + 10;
	else if (c >= 'A' && c <= 'F')
		d = c - 'A' + 10;
	return d >= 0 && (unsigned)d < base ? d : -1;
}

int vmf_parse_vmalloc(const char *s, u32 len, ulong32 *reserve)
{
	unsigned base = 10, shift = 0;
	u64 v = 0;
	u32 i = 0;

	if (len > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		i = 2;
	}
	if (i >= len || digit(s[i], base) < 0)
		return -1;
	for (; i < len && digit(s[i], base) >= 0; i++) {
		v = v * base + (u64)digit(s[i], base);
		if (v > 0xFFFFFFFFull)
			return -1;
	}
	if (i < len) {
		switch (s[i++]) {
		case 'G':
		case 'g':
			shift = 30;
			break;
		case 'M':
		case 'm':
			shift = 20;
			break;
		case 'K':
		case 'k':
			shift = 10;
			break;
		default:
			return -1;
		}
	}
	if (i != len)
		return -1;
	v <<= shift;
	if (v < VMALLOC_RESERVE_MIN || v > VMALLOC_RESERVE_MAX)
		return -1;
	*reserve = (ulong32)v;
	return 0;
}
