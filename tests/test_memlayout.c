// SPDX-License-Identifier: GPL-2.0
/*
 * core/memlayout.h against an independent statement of the i386 map:
 * VMALLOC_START is the lowest 8 MB boundary at least VMALLOC_OFFSET above
 * high_memory + vmalloc_earlyreserve (found here by stepping, not by the
 * seed's mask formula), for every vmalloc= reserve in 64 KB steps and
 * several early reserves; layout_init() puts the early reserve back to 0.
 * (test_layout.sh checks the same map end to end, host and QEMU.)
 */
#include "check.h"
#include "memlayout.h"

static ulong32 expected_start(ulong32 reserve, ulong32 early)
{
	unsigned long long hm = 0xC0000000ull + (0x40000000ull - reserve);
	unsigned long long floor = hm + early + (8ull << 20), start = 0;

	while (start < floor)
		start += 8ull << 20;
	return (ulong32)start;
}

int main(void)
{
	static const ulong32 earlies[] = { 0, 4096, 3u << 20, 8u << 20,
					   (8u << 20) + 4096 };
	unsigned bad = 0, n = 0, i;
	ulong32 r;

	for (r = VMALLOC_RESERVE_MIN; r <= VMALLOC_RESERVE_MAX; r += 0x10000) {
		bad += layout_init(r) != 0 || vmalloc_earlyreserve != 0;
		for (i = 0; i < sizeof(earlies) / sizeof(earlies[0]); i++) {
			vmalloc_earlyreserve = earlies[i];
			bad += VMALLOC_START != expected_start(r, earlies[i]);
			bad += MODULES_VADDR != VMALLOC_START - (4u << 20);
			n++;
		}
	}
	CHECK(bad == 0, "%u of %u maps differ", bad, n);
	CHECK(!layout_init(0) && VMALLOC_START == VMALLOC_START_DEFAULT &&
		      VMALLOC_START_DEFAULT == expected_start(128u << 20, 0) &&
		      VMALLOC_TOTAL_DEFAULT == 114680u * 1024,
	      "default map: start 0x%x", VMALLOC_START);
	CHECK(layout_init(VMALLOC_RESERVE_MIN - 1) == -1 &&
		      VMALLOC_START == VMALLOC_START_DEFAULT,
	      "a rejected reserve changes nothing");
	return check_done("memlayout");
}
