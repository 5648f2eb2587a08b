// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer glue of the structure-aware mutator (mutate.h). Linked into
 * fuzz_vmalloc only; fuzz_vmalloc_raw leaves libFuzzer's byte mutations
 * alone. LLVMFuzzerMutate is a weak reference, so this file also links
 * under engines without it (OSS-Fuzz's AFL++ or honggfuzz builds).
 */
#include "fuzz.h"
#include "mutate.h"

size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size,
			       unsigned int seed)
{
	return vmf_mutate(data, size, max_size, seed, LLVMFuzzerMutate);
}

size_t LLVMFuzzerCustomCrossOver(const uint8_t *data1, size_t size1,
				 const uint8_t *data2, size_t size2,
				 uint8_t *out, size_t max_out_size,
				 unsigned int seed)
{
	return vmf_crossover(data1, size1, data2, size2, out, max_out_size,
			     seed);
}
