/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Flatten an i386 ELF (the firmware) into the binary an emulator copies
 * into guest RAM at one address (Bochs's optramimage): its PT_LOAD bytes
 * from the lowest physical address to the end of the highest, gaps zeroed
 * (the .bss the firmware clears itself is left out).
 */
#ifndef VMFUZZ_FLATELF_H
#define VMFUZZ_FLATELF_H

#include <stddef.h>

struct flat_image {
	unsigned addr;	/* where the first byte goes (physical) */
	unsigned entry; /* the ELF's entry point */
};

/*
 * Write the flat image of `elf` to `out` (created or replaced) and fill
 * *img. Fails (-1, errno set; ENOEXEC for a bad or misplaced image) unless
 * the image lies in [min, max) and holds its entry point.
 */
int flatten_elf(const char *elf, const char *out, unsigned min, unsigned max,
		struct flat_image *img);

/* Write (create or replace) path with data; 0, or -1 (errno). */
int put_file(const char *path, const void *data, size_t len);

#endif
