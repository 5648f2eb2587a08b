// SPDX-License-Identifier: GPL-2.0
/*
 * A minimal PNG writer: 8-bit palette images, the zlib stream made of stored
 * (uncompressed) deflate blocks, so that all it needs is CRC-32 and
 * Adler-32.
 */
#include "png.h"

#include <stdlib.h>
#include <string.h>

#include "campaign.h"

#define STORED_MAX 65535u

struct buf {
	unsigned char *p;
	size_t len, cap;
	bool failed;
};

static void put(struct buf *b, const void *data, size_t n)
{
	if (b->failed || !n)
		return;
	if (b->len + n > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;
		unsigned char *p;

		while (cap < b->len + n)
			cap *= 2;
		p = realloc(b->p, cap);
		if (!p) {
			b->failed = true;
			return;
		}
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->len, data, n);
	b->len += n;
}

static void put_be32(struct buf *b, unsigned long v)
{
	unsigned char x[4] = { (unsigned char)(v >> 24),
			       (unsigned char)(v >> 16),
			       (unsigned char)(v >> 8), (unsigned char)v };

	put(b, x, 4);
}

unsigned long png_crc32(unsigned long crc, const unsigned char *p, size_t n)
{
	static unsigned long table[256];
	unsigned long c;
	unsigned i, k;

	if (!table[1]) {
		for (i = 0; i < 256; i++) {
			for (c = i, k = 0; k < 8; k++)
				c = c & 1 ? 0xedb88320ul ^ (c >> 1) : c >> 1;
			table[i] = c;
		}
	}
	crc ^= 0xfffffffful;
	while (n--)
		crc = table[(crc ^ *p++) & 0xff] ^ (crc >> 8);
	return crc ^ 0xfffffffful;
}

unsigned long png_adler32(unsigned long adler, const unsigned char *p, size_t n)
{
	unsigned long a = adler & 0xffff, b = adler >> 16;

	while (n--) {
		a = (a + *p++) % 65521;
		b = (b + a) % 65521;
	}
	return b << 16 | a;
}

/* One chunk: length, type, data, CRC over type and data. */
static void chunk(struct buf *b, const char *type, const unsigned char *data,
		  size_t n)
{
	unsigned long crc = png_crc32(0, (const unsigned char *)type, 4);

	put_be32(b, n);
	put(b, type, 4);
	put(b, data, n);
	put_be32(b, png_crc32(crc, data, n));
}

/* zlib stream of raw[0..n) in stored deflate blocks. */
static void zlib_stored(struct buf *z, const unsigned char *raw, size_t n)
{
	static const unsigned char head[2] = { 0x78, 0x01 };
	size_t off = 0;

	put(z, head, 2);
	do {
		size_t len = n - off < STORED_MAX ? n - off : STORED_MAX;
		unsigned char h[5] = { off + len == n, (unsigned char)len,
				       (unsigned char)(len >> 8),
				       (unsigned char)~len,
				       (unsigned char)(~len >> 8) };

		put(z, h, 5);
		put(z, raw + off, len);
		off += len;
	} while (off < n);
	put_be32(z, png_adler32(1, raw, n));
}

int png_write(const char *path, unsigned w, unsigned h,
	      const unsigned char (*pal)[3], unsigned npal,
	      const unsigned char *px)
{
	static const char sig[] = "\x89PNG\r\n\x1a\n";
	static const unsigned char depth_type[5] = { 8, 3, 0, 0, 0 };
	struct buf ihdr = { 0 };
	struct buf raw = { 0 }, z = { 0 }, out = { 0 };
	unsigned y;
	int rc = -1;

	for (y = 0; y < h; y++) {
		put(&raw, "", 1);
		put(&raw, px + (size_t)y * w, w);
	}
	zlib_stored(&z, raw.p, raw.len);
	put_be32(&ihdr, w);
	put_be32(&ihdr, h);
	put(&ihdr, depth_type, sizeof(depth_type));
	put(&out, sig, 8);
	chunk(&out, "IHDR", ihdr.p, ihdr.len);
	chunk(&out, "PLTE", pal[0], 3 * (size_t)npal);
	chunk(&out, "IDAT", z.p, z.len);
	chunk(&out, "IEND", NULL, 0);
	if (!raw.failed && !z.failed && !ihdr.failed && !out.failed)
		rc = replace_file(path, out.p, out.len);
	free(ihdr.p);
	free(raw.p);
	free(z.p);
	free(out.p);
	return rc;
}
