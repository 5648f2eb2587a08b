// SPDX-License-Identifier: GPL-2.0
/*
 * The expectation header of a regression program (regress.h).
 */
#include "regress.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bugs.h"
#include "progfile.h"

struct header {
	const char *key;
	char *value;
	size_t size;
	unsigned line; /* 0: absent */
	bool cut;      /* the value did not fit in value[0..size) */
};

/* Match "# KEY: value" at line `text` against the keys of h[0..n). */
static void header_line(const char *text, size_t len, unsigned lineno,
			struct header *h, unsigned n)
{
	unsigned i;

	for (i = 0; i < n; i++) {
		size_t k = strlen(h[i].key);
		const char *v = text + k;
		size_t vlen;

		if (len < k || strncmp(text, h[i].key, k))
			continue;
		while (v < text + len && *v == ' ')
			v++;
		vlen = (size_t)(text + len - v);
		while (vlen && (v[vlen - 1] == ' ' || v[vlen - 1] == '\r'))
			vlen--;
		snprintf(h[i].value, h[i].size, "%.*s", (int)vlen, v);
		h[i].line = lineno;
		h[i].cut = vlen >= h[i].size;
	}
}

/* Fill the headers from the comment lines of text. */
static void scan_headers(const char *text, struct header *h, unsigned n)
{
	const char *p = text, *e;
	unsigned lineno = 1;

	for (; *p; p = e + (*e == '\n'), lineno++) {
		e = p + strcspn(p, "\n");
		if (*p == '#')
			header_line(p, (size_t)(e - p), lineno, h, n);
	}
}

static int bad(char *err, size_t n, const char *path, unsigned line,
	       const char *why, const char *what)
{
	snprintf(err, n, "%s:%u: %s%s", path, line ? line : 1, why, what);
	return -1;
}

/* Apply the knob and vmalloc headers to e->with and e->without. */
static int parse_knobs(const char *path, const struct header *h,
		       struct expectation *e, char *err, size_t n)
{
	const char *badname;
	u32 badlen;
	ulong32 reserve = 0;

	if (h[3].line &&
	    vmf_parse_vmalloc(h[3].value, (u32)strlen(h[3].value), &reserve))
		return bad(err, n, path, h[3].line, "bad vmalloc size ",
			   h[3].value);
	if (bugs_parse(e->knob, (u32)strlen(e->knob), &e->with.bugs, &badname,
		       &badlen))
		return bad(err, n, path, h[0].line, "unknown bug knob ",
			   e->knob);
	e->with.vmalloc_reserve = reserve;
	e->without.vmalloc_reserve = reserve;
	/* a second-generation knob is judged against correct-2.6.28, with
	 * the same configured NR_CPUS */
	e->without.bugs = e->with.bugs & VMF_CONFIG_BITS;
	return 0;
}

int expectation_read(const char *path, struct expectation *e, char *err,
		     size_t errlen)
{
	char vmalloc[64] = "", *text;
	struct header h[] = {
		{ "# knob:", e->knob, sizeof(e->knob), 0, false },
		{ "# expect-with:", e->want_with, sizeof(e->want_with), 0,
		  false },
		{ "# expect-without:", e->want_without, sizeof(e->want_without),
		  0, false },
		{ "# vmalloc:", vmalloc, sizeof(vmalloc), 0, false },
	};
	size_t len, i;

	memset(e, 0, sizeof(*e));
	if (read_whole_file(path, &text, &len, err, errlen))
		return -1;
	scan_headers(text, h, sizeof(h) / sizeof(h[0]));
	free(text);
	for (i = 0; i < sizeof(h) / sizeof(h[0]); i++)
		if (h[i].cut) /* never a shorter knob list, silently */
			return bad(err, errlen, path, h[i].line, h[i].key,
				   " header too long");
	if (!e->knob[0])
		snprintf(e->knob, sizeof(e->knob), "none");
	if (!e->want_without[0])
		return bad(err, errlen, path, h[2].line,
			   "no '# expect-without: OUTCOME' header", "");
	if (expectation_has_knob(e) && !e->want_with[0])
		return bad(err, errlen, path, h[1].line ? h[1].line : h[0].line,
			   "a knob but no '# expect-with: OUTCOME' header", "");
	if (!expectation_has_knob(e) && h[1].line)
		return bad(err, errlen, path, h[1].line,
			   "'# expect-with:' without a '# knob:' header", "");
	return parse_knobs(path, h, e, err, errlen);
}

bool expectation_has_knob(const struct expectation *e)
{
	return strcmp(e->knob, "none") != 0;
}

bool expectation_holds(const struct exec_result *r, const char *want,
		       const struct exec_result *base)
{
	if (!strcmp(want, EXPECT_PLACEMENT))
		return r->outcome == EXEC_OK && base &&
		       base->outcome == EXEC_OK && r->digest != base->digest;
	if (!strcmp(want, "ok"))
		return r->outcome == EXEC_OK;
	return r->outcome == EXEC_BUG && !strcmp(r->title, want);
}
