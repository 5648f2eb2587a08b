/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The libFuzzer interface, as every engine (libFuzzer, AFL++'s driver,
 * OSS-Fuzz's engines, our replay driver) calls it. One fuzz target:
 * fuzz_vmalloc.c; the structure-aware mutator is mutate.h.
 */
#ifndef VMFUZZ_FUZZ_H
#define VMFUZZ_FUZZ_H

#include <stddef.h>
#include <stdint.h>

/* Read the knobs (env VMFUZZ_BUGS / VMFUZZ_VMALLOC, or -bugs= / -vmalloc=
 * flags, which are taken out of argv) and set up the soft machine; a bad
 * value prints one line to stderr and exits with status 2. */
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* Run one binary program; a BUG prints its report to stderr and aborts. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* libFuzzer's own byte-level mutator; absent (NULL) under other engines. */
size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max_size)
	__attribute__((weak));

/* Mutate the program data[0..size) in place within max_size bytes. */
size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size,
			       unsigned int seed);

/* Splice the programs data1 and data2 into out[0..max_out_size). */
size_t LLVMFuzzerCustomCrossOver(const uint8_t *data1, size_t size1,
				 const uint8_t *data2, size_t size2,
				 uint8_t *out, size_t max_out_size,
				 unsigned int seed);

#endif
