/* SPDX-License-Identifier: GPL-2.0 */
/*
 * PNG output for campaign plots: a palette image written with stored
 * deflate blocks, no compression library needed.
 */
#ifndef VMFUZZ_PNG_H
#define VMFUZZ_PNG_H

#include <stddef.h>

/* CRC-32 (ISO 3309, as PNG chunks use it) of p[0..n), continuing crc. */
unsigned long png_crc32(unsigned long crc, const unsigned char *p, size_t n);

/* Adler-32 (as zlib streams end with it) of p[0..n), continuing adler. */
unsigned long png_adler32(unsigned long adler, const unsigned char *p,
			  size_t n);

/*
 * Write a w x h image of palette indices px (row by row) with the npal
 * colours pal[] to path (through path.tmp and rename). Returns 0 or -1.
 */
int png_write(const char *path, unsigned w, unsigned h,
	      const unsigned char (*pal)[3], unsigned npal,
	      const unsigned char *px);

#endif
