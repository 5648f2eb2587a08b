// SPDX-License-Identifier: GPL-2.0
/*
 * Parse the firmware's serial output into exec_results (see guestproto.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "guestproto.h"
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

static void text_add(struct guest_proto *gp, const char *s, size_t n)
{
	if (gp->cur >= 0 && !gbuf_add(&gp->text, s, n))
		gp->oom = true;
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

static void proto_begin(struct guest_proto *gp, const char *arg)
{
	char *end;
	unsigned long i = strtoul(arg, &end, 10);

	if (end == arg || i >= gp->n)
		return;
	gp->cur = (int)i;
	gp->marks = 0;
	gp->events++;
	gp->text.len = 0;
	if (gp->text.s)
		gp->text.s[0] = '\0';
}

static void proto_end(struct guest_proto *gp, const char *arg)
{
	struct exec_result *r;
	char word[8];
	unsigned long long digest;
	unsigned i, nops;
	int title = -1;

	if (sscanf(arg, "%u %7s %16llx %u %n", &i, word, &digest, &nops,
		   &title) < 4 ||
	    title < 0)
		return;
	if (gp->cur < 0 || i != (unsigned)gp->cur)
		return;
	r = &gp->results[i];
	r->outcome = strcmp(word, "BUG") ? EXEC_OK : EXEC_BUG;
	r->digest = digest;
	r->nops = nops;
	snprintf(r->title, sizeof(r->title), "%s", arg + title);
	r->text = gbuf_take(&gp->text);
	gp->cur = -1;
	gp->events++;
}

static void proto_line(struct guest_proto *gp, const char *line)
{
	const char *rest = line + strlen(WIRE_PREFIX);

	if (!strncmp(rest, "begin ", 6)) {
		proto_begin(gp, rest + 6);
	} else if (!strncmp(rest, "end ", 4)) {
		proto_end(gp, rest + 4);
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

static void handle_line(struct guest_proto *gp)
{
	const char *line = gp->line.s ? gp->line.s : "";

	if (!strncmp(line, WIRE_PREFIX, strlen(WIRE_PREFIX))) {
		proto_line(gp, line);
	} else {
		text_add(gp, line, gp->line.len);
		text_add(gp, "\n", 1);
	}
	gp->line.len = 0;
	if (gp->line.s)
		gp->line.s[0] = '\0';
}

void guest_proto_feed(struct guest_proto *gp, const char *buf, size_t len)
{
	size_t i, start = 0;

	for (i = 0; i <= len; i++) {
		if (i < len && buf[i] != VMF_MARK && buf[i] != '\n')
			continue;
		if (i > start && !gbuf_add(&gp->line, buf + start, i - start))
			gp->oom = true;
		start = i + 1;
		if (i == len)
			break;
		if (buf[i] == '\n')
			handle_line(gp);
		else if (gp->cur >= 0)
			gp->marks++;
	}
}

void guest_proto_finish(struct guest_proto *gp)
{
	if (gp->line.len)
		text_add(gp, gp->line.s, gp->line.len);
	if (gp->cur >= 0) {
		struct exec_result *r = &gp->results[gp->cur];

		r->nops = gp->marks;
		r->text = gbuf_take(&gp->text);
	}
	free(gp->line.s);
	free(gp->text.s);
	memset(&gp->line, 0, sizeof(gp->line));
	memset(&gp->text, 0, sizeof(gp->text));
}
