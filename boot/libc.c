// SPDX-License-Identifier: GPL-2.0
/*
 * The few C library functions a freestanding clang build still calls, and
 * the libgcc/compiler-rt 64-bit division helpers i386 code needs (printf of
 * a u64). memset and memcpy move whole dwords with rep stos/movs (the core
 * poisons and copies pages, and TCG runs a byte loop slowly); the rest are
 * plain loops, which -ffreestanding keeps from becoming calls to themselves.
 */
#include <stddef.h>

void *memset(void *dst, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
unsigned long long __udivdi3(unsigned long long n, unsigned long long d);
unsigned long long __umoddi3(unsigned long long n, unsigned long long d);
long long __divdi3(long long n, long long d);
long long __moddi3(long long n, long long d);

/* 64 bytes of mm0 at d: eight aligned quadword stores, in address order
 * (a fault stops at the same byte as rep stosl's would: none straddles a
 * page). Under TCG one store costs one guest TLB check, whatever its width,
 * and rep stosl one translated block per dword: this is several times as
 * fast. */
static inline void store64_mm0(unsigned char *d)
{
	asm volatile("movq %%mm0, 0(%0)\n\tmovq %%mm0, 8(%0)\n\t"
		     "movq %%mm0, 16(%0)\n\tmovq %%mm0, 24(%0)\n\t"
		     "movq %%mm0, 32(%0)\n\tmovq %%mm0, 40(%0)\n\t"
		     "movq %%mm0, 48(%0)\n\tmovq %%mm0, 56(%0)"
		     :
		     : "r"(d)
		     : "memory");
}

/* Fill n bytes at dst with (unsigned char)c; returns dst. */
void *memset(void *dst, int c, size_t n)
{
	unsigned char *d = dst;
	unsigned word = (unsigned char)c * 0x01010101u;
	unsigned pair[2] = { word, word };
	size_t words;

	for (; n && ((size_t)d & 7); n--)
		*d++ = (unsigned char)c;
	if (n >= 64) {
		asm volatile("movq %0, %%mm0" : : "m"(pair));
		for (; n >= 64; n -= 64, d += 64)
			store64_mm0(d);
		asm volatile("emms");
	}
	words = n / 4;
	asm volatile("rep stosl" : "+D"(d), "+c"(words) : "a"(word) : "memory");
	for (n &= 3; n; n--)
		*d++ = (unsigned char)c;
	return dst;
}

/* Copy n bytes from src to dst (must not overlap); returns dst. */
void *memcpy(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;
	size_t words = 0;

	if ((((size_t)d ^ (size_t)s) & 3) == 0) {
		for (; n && ((size_t)d & 3); n--)
			*d++ = *s++;
		words = n / 4;
		n &= 3;
	}
	asm volatile("rep movsl" : "+D"(d), "+S"(s), "+c"(words) : : "memory");
	while (n--)
		*d++ = *s++;
	return dst;
}

/* Copy n bytes from src to dst, which may overlap; returns dst. */
void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (d <= s || d >= s + n)
		return memcpy(dst, src, n);
	while (n--)
		d[n] = s[n];
	return dst;
}

/* Compare n bytes as unsigned chars: <0, 0 or >0. */
int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}

/* Length of the NUL-terminated string s. */
size_t strlen(const char *s)
{
	const char *p = s;

	while (*p)
		p++;
	return (size_t)(p - s);
}

/* n / d by shift and subtract, remainder in *rem; d != 0. */
static unsigned long long udivmod64(unsigned long long n, unsigned long long d,
				    unsigned long long *rem)
{
	unsigned long long q = 0, r = 0;
	int i;

	if (!(n >> 32) && !(d >> 32)) {
		*rem = (unsigned)n % (unsigned)d;
		return (unsigned)n / (unsigned)d;
	}
	for (i = 63; i >= 0; i--) {
		r = r << 1 | ((n >> i) & 1);
		if (r >= d) {
			r -= d;
			q |= 1ull << i;
		}
	}
	*rem = r;
	return q;
}

/* Unsigned 64-bit quotient n / d. */
unsigned long long __udivdi3(unsigned long long n, unsigned long long d)
{
	unsigned long long r;

	return udivmod64(n, d, &r);
}

/* Unsigned 64-bit remainder n % d. */
unsigned long long __umoddi3(unsigned long long n, unsigned long long d)
{
	unsigned long long r;

	udivmod64(n, d, &r);
	return r;
}

static unsigned long long uabs64(long long v)
{
	return v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;
}

/* Signed 64-bit quotient n / d, truncated toward zero. */
long long __divdi3(long long n, long long d)
{
	unsigned long long r, q = udivmod64(uabs64(n), uabs64(d), &r);

	return (n < 0) != (d < 0) ? -(long long)q : (long long)q;
}

/* Signed 64-bit remainder n % d, with the sign of n. */
long long __moddi3(long long n, long long d)
{
	unsigned long long r;

	udivmod64(uabs64(n), uabs64(d), &r);
	return n < 0 ? -(long long)r : (long long)r;
}
