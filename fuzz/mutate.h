/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The structure-aware mutator, shared by the libFuzzer glue (mutator.c), the
 * AFL++ custom mutator (afl_mutator.c) and its test (test_mutator.c).
 *
 * It decodes the input into operations (core/prog.h), edits the program
 * (insert, delete, duplicate, swap, splice, change arguments toward page,
 * alignment and range boundaries, point frees at live, freed and bogus
 * targets) and encodes it again. Its outputs are canonical (encode(decode(x))
 * == x) unless the engine's byte mutator was used, and the same inputs and
 * seed always give the same output.
 */
#ifndef VMFUZZ_MUTATE_H
#define VMFUZZ_MUTATE_H

#include <stddef.h>
#include "prog.h"

/* Longest binary program that still decodes to distinct operations. */
#define VMF_PROG_MAX_BYTES (VMF_MAX_OPS * VMF_OP_MAX_BYTES)

/* What the fuzzers keep inputs to (max_len of fuzz_vmalloc.options, the
 * AFL++ mutator's cap): 256 operations of up to 9 bytes. The format takes
 * VMF_MAX_OPS operations (stress programs, corpora/stress), but short
 * inputs run faster and minimize better. */
#define VMF_FUZZ_MAX_BYTES 2304

/* An engine's byte-level mutator (libFuzzer's LLVMFuzzerMutate). */
typedef size_t (*vmf_bytes_fn)(u8 *data, size_t size, size_t max_size);

/*
 * Mutate the program data[0..size) in place (data holds max_size bytes);
 * returns the new size, at most max_size. The output always differs from
 * the canonical form of the input when max_size allows any operation. With
 * a non-NULL `bytes`, about one call in eight hands the bytes to it instead.
 */
size_t vmf_mutate(u8 *data, size_t size, size_t max_size, u32 seed,
		  vmf_bytes_fn bytes);

/*
 * Splice a run of operations of program b into program a, writing the
 * result to out[0..max_out); returns its size. When both programs have
 * operations and two fit in max_out, the result has operations of both.
 */
size_t vmf_crossover(const u8 *a, size_t alen, const u8 *b, size_t blen,
		     u8 *out, size_t max_out, u32 seed);

/*
 * Generate a program from nothing, the mutator's way: 4..40 operations,
 * each a random operation for the slots the ones before it leave, now and
 * then one of the mutator's small life cycles (use after free, a failure in
 * a big vmalloc, a double free). No vmalloc or vmap maps more than
 * max_pages pages (0: no limit; the mutator's sizes reach the whole pool).
 * The same arguments always give the same program. `vmfuzz gen` writes
 * these (the benchmark mix).
 */
void vmf_generate(u64 seed, u32 max_pages, struct vmf_program *p);

/*
 * A two-CPU program: vmf_generate(seed, max_pages)'s ops, each on a random
 * CPU (both CPUs have one when there are two ops), and a PCT schedule of
 * `depth` runs (0: 2..4), all deterministic in seed (issue 17).
 */
void vmf_generate_smp(u64 seed, u32 max_pages, u32 depth,
		      struct vmf_program *p);

#endif
