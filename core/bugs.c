// SPDX-License-Identifier: GPL-2.0
/*
 * The knob catalogue and its parser.
 */
#include "bugs.h"

u32 vmf_bugs;

const struct bug_knob bug_knobs[NR_BUGS] = {
#define BUG_ENTRY_(flag, n, e, f, h) [flag##_BIT] = { n, e, f, h },
	BUGS(BUG_ENTRY_)
#undef BUG_ENTRY_
};

static bool word_is(const char *w, u32 len, const char *name)
{
	u32 i;

	for (i = 0; i < len; i++)
		if (name[i] != w[i])
			return false;
	return name[len] == '\0';
}

static int word_mask(const char *w, u32 len, u32 *mask)
{
	unsigned i;

	if (word_is(w, len, "seed")) {
		*mask |= BUGS_SEED;
		return 0;
	}
	if (word_is(w, len, "all")) {
		*mask |= (1u << NR_BUGS) - 1;
		return 0;
	}
	if (word_is(w, len, "none") || len == 0)
		return 0;
	for (i = 0; i < NR_BUGS; i++) {
		if (word_is(w, len, bug_knobs[i].name)) {
			*mask |= 1u << i;
			return 0;
		}
	}
	return -1;
}

int bugs_parse(const char *list, u32 len, u32 *mask, const char **bad,
	       u32 *badlen)
{
	u32 start = 0, i;

	*mask = 0;
	for (i = 0; i <= len; i++) {
		if (i < len && list[i] != ',')
			continue;
		if (word_mask(list + start, i - start, mask)) {
			*bad = list + start;
			*badlen = i - start;
			return -1;
		}
		start = i + 1;
	}
	return 0;
}

/* Append the string s at buf[*at], keeping room for the NUL. */
static void append(char *buf, u32 n, u32 *at, const char *s)
{
	while (*s && *at + 1 < n)
		buf[(*at)++] = *s++;
}

u32 bugs_format(u32 mask, char *buf, u32 n)
{
	u32 at = 0, i;

	if (!n)
		return 0;
	if (!mask)
		append(buf, n, &at, "none");
	for (i = 0; i < NR_BUGS; i++) {
		if (!(mask >> i & 1))
			continue;
		if (at)
			append(buf, n, &at, ",");
		append(buf, n, &at, bug_knobs[i].name);
	}
	buf[at] = '\0';
	return at;
}
