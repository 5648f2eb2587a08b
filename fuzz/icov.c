// SPDX-License-Identifier: GPL-2.0
/*
 * Interleaving coverage (issue 17): at every CPU switch the runner calls
 * vmf_config.on_switch with the yield point the running CPU leaves and the
 * one the other CPU is parked at (core/exec/vmfuzz.h). The pair bumps an
 * 8-bit counter that the engine sees beside its line coverage:
 *  - libFuzzer: a table in the __libfuzzer_extra_counters section;
 *  - AFL++: a byte of its shared map (__afl_area_ptr), when linked in.
 * So a program that only reorders the same lines (another schedule) is a
 * new input to keep. VMFUZZ_NO_ICOV=1 turns it off (a benchmark baseline).
 */
#include "icov.h"

#include <stdlib.h>

#define ICOV_SIZE 8192 /* a power of two */

__attribute__((section("__libfuzzer_extra_counters"), used))
static uint8_t icov_counters[ICOV_SIZE];

extern uint8_t *__afl_area_ptr __attribute__((weak));
extern uint32_t __afl_map_size __attribute__((weak));

uint32_t icov_index(uint32_t left, uint32_t entered)
{
	uint32_t h = left * 0x9e3779b1u ^ (entered * 0x85ebca6bu >> 3);

	return (h ^ h >> 15) & (ICOV_SIZE - 1);
}

static void icov_switch(u32 left, u32 entered)
{
	uint32_t i = icov_index(left, entered);

	icov_counters[i]++;
	if (&__afl_area_ptr && __afl_area_ptr && &__afl_map_size &&
	    __afl_map_size)
		__afl_area_ptr[(i * 2654435761u) % __afl_map_size]++;
}

void icov_install(struct vmf_config *cfg)
{
	const char *off = getenv("VMFUZZ_NO_ICOV");

	cfg->on_switch = off && *off && *off != '0' ? NULL : icov_switch;
}

uint32_t icov_hits(void)
{
	uint32_t i, n = 0;

	for (i = 0; i < ICOV_SIZE; i++)
		n += icov_counters[i] != 0;
	return n;
}
