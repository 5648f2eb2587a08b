/* SPDX-License-Identifier: GPL-2.0 */
/* Interleaving coverage for the fuzz target (icov.c). */
#ifndef VMFUZZ_ICOV_H
#define VMFUZZ_ICOV_H

#include <stdint.h>
#include "vmfuzz.h"

/* Set cfg->on_switch to the counter hook, or NULL under VMFUZZ_NO_ICOV=1. */
void icov_install(struct vmf_config *cfg);

/* The counter a switch pair bumps (0 .. table size - 1). */
uint32_t icov_index(uint32_t left, uint32_t entered);

/* Counters hit so far (the test's view of the table). */
uint32_t icov_hits(void);

#endif
