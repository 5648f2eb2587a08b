// SPDX-License-Identifier: GPL-2.0
/*
 * An i386 ELF's loaded bytes as one flat image (flatelf.h), for emulators
 * that put a binary at an address (Bochs's optramimage).
 */
#define _POSIX_C_SOURCE 200809L
#include "flatelf.h"

#include <elf.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fileio.h"

/* Write (create or replace) a scratch file; 0, or -1 (errno). */
int put_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	bool ok;

	if (!f)
		return -1;
	ok = fwrite(data, 1, len, f) == len;
	return (fclose(f) == 0 && ok) ? 0 : -1;
}

/* The PT_LOAD span [*lo, *hi) of the ELF image `buf` with file bytes. */
static int elf_span(const unsigned char *buf, size_t len, unsigned *lo,
		    unsigned *hi)
{
	const Elf32_Ehdr *eh = (const void *)buf;
	unsigned i;

	*lo = ~0u, *hi = 0;
	if (len < sizeof(*eh) || memcmp(eh->e_ident, ELFMAG, SELFMAG) ||
	    eh->e_ident[EI_CLASS] != ELFCLASS32 || eh->e_machine != EM_386 ||
	    eh->e_phentsize != sizeof(Elf32_Phdr) ||
	    eh->e_phoff + (size_t)eh->e_phnum * sizeof(Elf32_Phdr) > len)
		return -1;
	for (i = 0; i < eh->e_phnum; i++) {
		const Elf32_Phdr *ph =
			(const void *)(buf + eh->e_phoff + i * sizeof(*ph));

		if (ph->p_type != PT_LOAD || !ph->p_filesz)
			continue;
		if (ph->p_offset + (size_t)ph->p_filesz > len ||
		    ph->p_paddr + (unsigned long long)ph->p_filesz > ~0u)
			return -1;
		*lo = ph->p_paddr < *lo ? ph->p_paddr : *lo;
		if (ph->p_paddr + ph->p_filesz > *hi)
			*hi = ph->p_paddr + ph->p_filesz;
	}
	return *lo < *hi ? 0 : -1;
}

/* Copy every loaded segment of the ELF `buf` into flat (from lo). */
static void elf_copy(const unsigned char *buf, unsigned lo, unsigned char *flat)
{
	const Elf32_Ehdr *eh = (const void *)buf;
	unsigned i;

	for (i = 0; i < eh->e_phnum; i++) {
		const Elf32_Phdr *ph =
			(const void *)(buf + eh->e_phoff + i * sizeof(*ph));

		if (ph->p_type == PT_LOAD && ph->p_filesz)
			memcpy(flat + (ph->p_paddr - lo), buf + ph->p_offset,
			       ph->p_filesz);
	}
}

int flatten_elf(const char *elf, const char *out, unsigned min, unsigned max,
		struct flat_image *img)
{
	unsigned char *buf, *flat = NULL;
	char err[256];
	size_t len;
	unsigned lo, hi;
	int rc = -1;

	if (read_whole_file(elf, (char **)&buf, &len, err, sizeof(err)))
		return -1;
	if (elf_span(buf, len, &lo, &hi) || lo < min || hi > max ||
	    ((const Elf32_Ehdr *)buf)->e_entry - lo >= hi - lo) {
		errno = ENOEXEC;
	} else if ((flat = calloc(1, hi - lo))) {
		elf_copy(buf, lo, flat);
		img->addr = lo;
		img->entry = ((const Elf32_Ehdr *)buf)->e_entry;
		rc = put_file(out, flat, hi - lo);
	}
	free(flat);
	free(buf);
	return rc;
}
