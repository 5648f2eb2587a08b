// SPDX-License-Identifier: GPL-2.0
/*
 * A small vmf_vsnprintf: the same bytes on the host and on bare metal, so that
 * traces and reports from both worlds compare equal.
 */
#include "kernel.h"
#include "arch.h"

struct out {
	char *buf;
	u32 n;
	u32 len;
};

static void put(struct out *o, char c)
{
	if (o->len + 1 < o->n)
		o->buf[o->len] = c;
	o->len++;
}

static void put_num(struct out *o, u64 v, unsigned base, bool upper, bool neg,
		    int width, char pad, bool left)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	int i = 0, len;

	do {
		tmp[i++] = digits[v % base];
		v /= base;
	} while (v);
	if (neg)
		tmp[i++] = '-';
	len = i;
	if (neg && pad == '0') {
		put(o, '-');
		len = --i;
	}
	for (; !left && width > len; width--)
		put(o, pad);
	while (i > 0)
		put(o, tmp[--i]);
	for (; left && width > len; width--)
		put(o, ' ');
}

static void put_str(struct out *o, const char *s, int width, bool left)
{
	int len = 0;

	if (!s)
		s = "(null)";
	while (s[len])
		len++;
	for (; !left && width > len; width--)
		put(o, ' ');
	while (*s)
		put(o, *s++);
	for (; left && width > len; width--)
		put(o, ' ');
}

static u64 get_uint(va_list *ap, int lng)
{
	if (lng >= 2)
		return va_arg(*ap, unsigned long long);
	if (lng == 1)
		return va_arg(*ap, unsigned long);
	return va_arg(*ap, unsigned int);
}

struct spec {
	bool left;
	char pad;
	int width;
	int lng;
};

/* Emit one conversion `c` of the argument list. */
static void convert(struct out *o, char c, const struct spec *sp, va_list *ap)
{
	long long s;
	u64 v;

	switch (c) {
	case 'd':
		s = sp->lng >= 2 ? va_arg(*ap, long long)
		    : sp->lng	 ? va_arg(*ap, long)
				 : va_arg(*ap, int);
		v = s < 0 ? (u64)0 - (u64)s : (u64)s;
		put_num(o, v, 10, false, s < 0, sp->width, sp->pad, sp->left);
		break;
	case 'u':
	case 'x':
	case 'X':
		put_num(o, get_uint(ap, sp->lng), c == 'u' ? 10 : 16, c == 'X',
			false, sp->width, sp->pad, sp->left);
		break;
	case 'p':
		put_str(o, "0x", 0, false);
		put_num(o, (uintptr_t)va_arg(*ap, void *), 16, false, false,
			sp->width, sp->pad, sp->left);
		break;
	case 'c':
		put(o, (char)va_arg(*ap, int));
		break;
	case 's':
		put_str(o, va_arg(*ap, const char *), sp->width, sp->left);
		break;
	default:
		put(o, c);
		break;
	}
}

/* Parse flags, width and length after a '%'; returns the conversion. */
static const char *parse_spec(const char *fmt, struct spec *sp)
{
	*sp = (struct spec){ false, ' ', 0, 0 };
	for (; *fmt == '-' || *fmt == '0'; fmt++) {
		if (*fmt == '-')
			sp->left = true;
		else
			sp->pad = '0';
	}
	for (; *fmt >= '0' && *fmt <= '9'; fmt++)
		sp->width = sp->width * 10 + (*fmt - '0');
	for (; *fmt == 'l'; fmt++)
		sp->lng++;
	return fmt;
}

int vmf_vsnprintf(char *buf, u32 n, const char *fmt, va_list ap)
{
	struct out o = { buf, n, 0 };
	struct spec sp;
	va_list aq;

	va_copy(aq, ap);
	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			put(&o, *fmt);
			continue;
		}
		fmt = parse_spec(fmt + 1, &sp);
		if (!*fmt)
			break;
		convert(&o, *fmt, &sp, &aq);
	}
	va_end(aq);
	if (n)
		buf[o.len < n ? o.len : n - 1] = '\0';
	return (int)o.len;
}

int vmf_snprintf(char *buf, u32 n, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vmf_vsnprintf(buf, n, fmt, ap);
	va_end(ap);
	return r;
}

void printk(const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vmf_vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (r > (int)sizeof(buf) - 1)
		r = sizeof(buf) - 1;
	arch_console_write(buf, (u32)r);
}
