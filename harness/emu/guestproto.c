// SPDX-License-Identifier: GPL-2.0
/*
 * Parse the firmware's serial output into exec_results (see guestproto.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "guestproto.h"
#include "prog.h"
#include "wire.h"

static bool gbuf_add(struct gbuf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		char *p;

		while (cap < b->len + n + 1)
			cap *= 2;
		p = realloc(b->s, cap);
		if (!p)
			return false;
		b->s = p;
		b->cap = cap;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
	return true;
}

/* Hand the buffer's string over (never NULL), leaving b empty. */
static char *gbuf_take(struct gbuf *b)
{
	char *s = b->s ? b->s : strdup("");

	memset(b, 0, sizeof(*b));
	return s;
}

static void gbuf_clear(struct gbuf *b)
{
	b->len = 0;
	if (b->s)
		b->s[0] = '\0';
}

/* Keep the last GUEST_TAIL_MAX bytes of the tail once it reached twice
 * that: each byte is moved at most once. */
static void tail_add(struct guest_proto *gp, const char *s, size_t n)
{
	struct gbuf *t = &gp->tail;

	if (n > 2 * GUEST_TAIL_MAX) {
		gp->dropped += t->len + n - GUEST_TAIL_MAX;
		gbuf_clear(t);
		s += n - GUEST_TAIL_MAX;
		n = GUEST_TAIL_MAX;
	}
	if (t->len + n > 2 * GUEST_TAIL_MAX) {
		size_t cut = t->len + n - GUEST_TAIL_MAX;

		cut = cut < t->len ? cut : t->len;
		memmove(t->s, t->s + cut, t->len - cut);
		t->len -= cut;
		gp->dropped += cut;
	}
	if (!gbuf_add(t, s, n))
		gp->oom = true;
}

static void text_add(struct guest_proto *gp, const char *s, size_t n)
{
	size_t room = GUEST_HEAD_MAX - gp->text.len;

	if (gp->cur < 0)
		return;
	if (gp->tail.len || gp->dropped || n > room) {
		if (!gp->tail.len && !gp->dropped && room) {
			if (!gbuf_add(&gp->text, s, room))
				gp->oom = true;
			s += room;
			n -= room;
		}
		tail_add(gp, s, n);
	} else if (!gbuf_add(&gp->text, s, n)) {
		gp->oom = true;
	}
}

/* cur's text: the head, what was dropped, the tail. */
static char *text_take(struct guest_proto *gp)
{
	char note[96];

	if (gp->dropped) {
		snprintf(note, sizeof(note),
			 "\n[vmfuzz: %llu bytes of guest output not kept]\n",
			 gp->dropped);
		if (!gbuf_add(&gp->text, note, strlen(note)))
			gp->oom = true;
	}
	if (gp->tail.len && !gbuf_add(&gp->text, gp->tail.s, gp->tail.len))
		gp->oom = true;
	gbuf_clear(&gp->tail);
	gp->dropped = 0;
	return gbuf_take(&gp->text);
}

void guest_proto_reset(struct exec_result *results, unsigned n)
{
	unsigned i;

	for (i = 0; i < n; i++) {
		memset(&results[i], 0, sizeof(results[i]));
		results[i].outcome = EXEC_NOTRUN;
	}
}

void guest_proto_init(struct guest_proto *gp, struct exec_result *results,
		      unsigned n)
{
	memset(gp, 0, sizeof(*gp));
	gp->results = results;
	gp->n = n;
	gp->cur = -1;
	guest_proto_reset(results, n);
}

/* A protocol line that breaks the protocol: remembered, quoted, and no
 * later protocol line is taken (emurun.c makes it exit 4). */
static void proto_bad(struct guest_proto *gp, const char *line, const char *why)
{
	if (!gp->proto[0])
		snprintf(gp->proto, sizeof(gp->proto), "%s: '%.200s'", why,
			 line);
}

/* Strict decimal below 2^32 at *s (digits only, no sign, no blank); moves
 * *s past it. Returns false when there is none or it is too large. */
static bool parse_u32(const char **s, unsigned *out)
{
	unsigned long long v = 0;
	const char *p = *s;

	if (*p < '0' || *p > '9')
		return false;
	for (; *p >= '0' && *p <= '9'; p++)
		if ((v = v * 10 + (unsigned)(*p - '0')) > 0xffffffffull)
			return false;
	*out = (unsigned)v;
	*s = p;
	return true;
}

/* Exactly 16 lower- or upper-case hex digits at *s; moves *s past them. */
static bool parse_digest(const char **s, unsigned long long *out)
{
	unsigned long long v = 0;
	const char *p = *s;
	int i, d;

	for (i = 0; i < 16; i++, p++) {
		if (*p >= '0' && *p <= '9')
			d = *p - '0';
		else if ((*p | 0x20) >= 'a' && (*p | 0x20) <= 'f')
			d = (*p | 0x20) - 'a' + 10;
		else
			return false;
		v = v << 4 | (unsigned)d;
	}
	*out = v;
	*s = p;
	return true;
}

static void proto_begin(struct guest_proto *gp, const char *line,
			const char *arg)
{
	unsigned i;

	if (!parse_u32(&arg, &i) || *arg)
		return proto_bad(gp, line, "malformed begin");
	if (i >= gp->n || i != gp->next || gp->cur >= 0)
		return proto_bad(gp, line, "begin out of order");
	gp->cur = (int)i;
	gp->next = i + 1;
	gp->marks = 0;
	gp->events++;
	gbuf_clear(&gp->text);
	gbuf_clear(&gp->tail);
	gp->dropped = 0;
}

/* "end I ok|BUG DIGEST NOPS TITLE", I the program begun, NOPS at most
 * VMF_MAX_OPS, DIGEST 16 hex digits, TITLE empty after ok. */
static void proto_end(struct guest_proto *gp, const char *line, const char *arg)
{
	struct exec_result *r;
	unsigned long long digest;
	unsigned i, nops;
	bool bug;

	if (!parse_u32(&arg, &i) || *arg++ != ' ')
		return proto_bad(gp, line, "malformed end");
	if (!strncmp(arg, "ok ", 3))
		bug = false;
	else if (!strncmp(arg, "BUG ", 4))
		bug = true;
	else
		return proto_bad(gp, line, "end with an unknown verdict");
	arg += bug ? 4 : 3;
	if (!parse_digest(&arg, &digest) || *arg++ != ' ' ||
	    !parse_u32(&arg, &nops) || *arg++ != ' ' || nops > VMF_MAX_OPS ||
	    (bug && strncmp(arg, "BUG: ", 5)) || (!bug && *arg))
		return proto_bad(gp, line, "malformed end");
	if (gp->cur < 0 || i != (unsigned)gp->cur)
		return proto_bad(gp, line, "end of a program not begun");
	r = &gp->results[i];
	r->outcome = bug ? EXEC_BUG : EXEC_OK;
	r->digest = digest;
	r->nops = nops;
	snprintf(r->title, sizeof(r->title), "%s", arg);
	r->text = text_take(gp);
	gp->cur = -1;
	gp->events++;
}

static void proto_line(struct guest_proto *gp, const char *line)
{
	const char *rest = line + strlen(WIRE_PREFIX);

	if (gp->proto[0])
		return;
	if (!strncmp(rest, "begin ", 6)) {
		proto_begin(gp, line, rest + 6);
	} else if (!strncmp(rest, "end ", 4)) {
		proto_end(gp, line, rest + 4);
	} else if (!strcmp(rest, "done")) {
		gp->done = true;
	} else if (!strncmp(rest, "error ", 6)) {
		snprintf(gp->error, sizeof(gp->error), "%s", rest + 6);
	} else if (!strncmp(rest, "fault ", 6)) {
		snprintf(gp->fault, sizeof(gp->fault), "%s", rest + 6);
		text_add(gp, line, strlen(line));
		text_add(gp, "\n", 1);
	}
}

/* The line received so far joins cur's text, cut where it was cut: a long
 * line is kept (its first GUEST_LINE_MAX bytes) where it came, in the head,
 * and says itself what it lost; the lines after it still fill the head. */
static void line_to_text(struct guest_proto *gp)
{
	char note[80];

	text_add(gp, gp->line.s ? gp->line.s : "", gp->line.len);
	if (gp->line_dropped) {
		snprintf(note, sizeof(note),
			 "[vmfuzz: %zu more bytes of this line not kept]",
			 gp->line_dropped);
		text_add(gp, note, strlen(note));
	}
}

/* A line cut at GUEST_LINE_MAX is text, never a protocol line. */
static void handle_line(struct guest_proto *gp)
{
	const char *line = gp->line.s ? gp->line.s : "";

	if (!gp->line_dropped &&
	    !strncmp(line, WIRE_PREFIX, strlen(WIRE_PREFIX))) {
		proto_line(gp, line);
	} else {
		line_to_text(gp);
		text_add(gp, "\n", 1);
	}
	gp->line_dropped = 0;
	gbuf_clear(&gp->line);
}

static void line_put(struct guest_proto *gp, const char *s, size_t n)
{
	size_t room = GUEST_LINE_MAX - gp->line.len;

	if (n > room) {
		gp->line_dropped += n - room;
		n = room;
	}
	if (n && !gbuf_add(&gp->line, s, n))
		gp->oom = true;
}

/* Add to the line, a NUL byte written as the two characters "\0": the
 * text is a C string from here on (reports, qemu.txt), and a NUL would
 * cut it, BUG report included. */
static void line_add(struct guest_proto *gp, const char *s, size_t n)
{
	const char *nul;

	while ((nul = memchr(s, '\0', n))) {
		line_put(gp, s, (size_t)(nul - s));
		line_put(gp, "\\0", 2);
		n -= (size_t)(nul - s) + 1;
		s = nul + 1;
	}
	line_put(gp, s, n);
}

void guest_proto_feed(struct guest_proto *gp, const char *buf, size_t len)
{
	size_t i, start = 0;

	for (i = 0; i <= len; i++) {
		if (i < len && buf[i] != VMF_MARK && buf[i] != '\n')
			continue;
		if (i > start)
			line_add(gp, buf + start, i - start);
		start = i + 1;
		if (i == len)
			break;
		if (buf[i] == '\n')
			handle_line(gp);
		else if (gp->cur >= 0 && gp->marks <= VMF_MAX_OPS)
			gp->marks++;
	}
}

bool guest_ring_drain(unsigned char *ram, size_t size,
		      bool (*feed)(void *arg, const char *buf, size_t len),
		      void *arg)
{
	unsigned char *r = ram + WIRE_RING_PHYS;
	u32 *magic = (u32 *)(r + WIRE_RING_MAGIC_OFF);
	u32 *headp = (u32 *)(r + WIRE_RING_HEAD_OFF);
	u32 *tailp = (u32 *)(r + WIRE_RING_TAIL_OFF);
	const char *data = (const char *)r + WIRE_RING_DATA;
	bool progress = false;
	u32 head, tail, at, n;

	if (!ram || size < WIRE_RING_PHYS + WIRE_RING_DATA + WIRE_RING_SIZE ||
	    __atomic_load_n(magic, __ATOMIC_ACQUIRE) != WIRE_RING_MAGIC)
		return false;
	head = __atomic_load_n(headp, __ATOMIC_ACQUIRE); /* then the bytes */
	tail = __atomic_load_n(tailp, __ATOMIC_RELAXED);
	if (head - tail > WIRE_RING_SIZE)
		tail = head - WIRE_RING_SIZE;
	while (tail != head) {
		at = tail & (WIRE_RING_SIZE - 1);
		n = head - tail < WIRE_RING_SIZE - at ? head - tail
						      : WIRE_RING_SIZE - at;
		progress |= feed(arg, data + at, n);
		tail += n;
	}
	__atomic_store_n(tailp, tail, __ATOMIC_RELEASE);
	return progress;
}

void guest_proto_finish(struct guest_proto *gp)
{
	if (gp->line.len) { /* ended, so that what follows starts a line */
		line_to_text(gp);
		text_add(gp, "\n", 1);
	}
	if (gp->cur >= 0) {
		struct exec_result *r = &gp->results[gp->cur];

		r->nops = gp->marks;
		r->text = text_take(gp);
	}
	free(gp->line.s);
	free(gp->text.s);
	free(gp->tail.s);
	memset(&gp->line, 0, sizeof(gp->line));
	memset(&gp->text, 0, sizeof(gp->text));
	memset(&gp->tail, 0, sizeof(gp->tail));
}
