// SPDX-License-Identifier: GPL-2.0
/*
 * AFL++ glue of the structure-aware mutator (mutate.h), built as
 * libvmfuzz_mutator.so for AFL_CUSTOM_MUTATOR_LIBRARY. One call in four
 * splices in the second test case AFL++ offers; the rest mutate.
 */
#include <stdlib.h>
#include <string.h>

#include "mutate.h"

#define EXPORT __attribute__((visibility("default")))

struct afl_vmf {
	u64 state;
	u8 out[VMF_PROG_MAX_BYTES];
};

/* AFL++ API: set up the mutator state; `afl` is afl-fuzz's afl_state_t. */
EXPORT void *afl_custom_init(void *afl, unsigned int seed)
{
	struct afl_vmf *m = calloc(1, sizeof(*m));

	(void)afl;
	if (m)
		m->state = seed;
	return m;
}

static u32 next_seed(struct afl_vmf *m)
{
	m->state = m->state * 6364136223846793005ull + 1442695040888963407ull;
	return (u32)(m->state >> 32);
}

/* AFL++ API: one mutation of buf (and maybe add_buf) into *out_buf; the
 * returned size is never 0, as AFL++ requires. */
EXPORT size_t afl_custom_fuzz(void *data, u8 *buf, size_t buf_size,
			      u8 **out_buf, u8 *add_buf, size_t add_buf_size,
			      size_t max_size)
{
	struct afl_vmf *m = data;
	size_t cap =
		max_size < VMF_FUZZ_MAX_BYTES ? max_size : VMF_FUZZ_MAX_BYTES;
	u32 seed = next_seed(m);
	size_t len;

	if (add_buf && add_buf_size && seed % 4 == 0) {
		len = vmf_crossover(buf, buf_size, add_buf, add_buf_size,
				    m->out, cap, seed);
	} else {
		len = buf_size < cap ? buf_size : cap;
		memcpy(m->out, buf, len);
		len = vmf_mutate(m->out, len, cap, seed, NULL);
	}
	if (!len) {
		m->out[0] = OP_MEMINFO;
		len = 1;
	}
	*out_buf = m->out;
	return len;
}

/* AFL++ API: free the mutator state. */
EXPORT void afl_custom_deinit(void *data)
{
	free(data);
}
