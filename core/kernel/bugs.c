// SPDX-License-Identifier: GPL-2.0
/*
 * The knob catalogue, the mainline releases that had each bug, and the
 * parser of knob lists.
 */
#include "bugs.h"
#include "arch.h"

u32 vmf_bugs;

const struct bug_knob bug_knobs[NR_BUGS] = {
#define BUG_ENTRY_(flag, n, e, f, h) [flag##_BIT] = { n, e, f, h },
	BUGS(BUG_ENTRY_)
#undef BUG_ENTRY_
};

/* clang-format off */
static const char *const release_names[VMF_NR_RELEASES] = {
	"2.6.0",  "2.6.1",  "2.6.2",  "2.6.3",  "2.6.4",  "2.6.5",  "2.6.6",
	"2.6.7",  "2.6.8",  "2.6.9",  "2.6.10", "2.6.11", "2.6.12", "2.6.13",
	"2.6.14", "2.6.15", "2.6.16", "2.6.17", "2.6.18", "2.6.19", "2.6.20",
	"2.6.21", "2.6.22", "2.6.23", "2.6.24", "2.6.25", "2.6.26", "2.6.27",
	"2.6.28", "2.6.29", "2.6.30", "2.6.31", "2.6.32", "2.6.33", "2.6.34",
	"2.6.35", "2.6.36", "2.6.37", "2.6.38", "2.6.39",
};

/*
 * The first and last mainline release that had each bug, by knob name (a
 * row for a knob this build lacks is ignored). Knobs without a row were in
 * no 2.6 release: align-overlap and ioremap-align-8 (-mm trees), no-flush,
 * pte-recheck, flush-local and flush-irqs-off (synthetic), size-bug (2.4
 * and 2.5 only), unmap-after-unlink (2.5: profile 2.5.32, word_mask()),
 * double-guard, search-restart and failure-flush (profile 2.6.28-rc1).
 * Sources: core/bugs.h.
 */
static const struct bug_range {
	const char *knob, *first, *last;
} bug_ranges[] = {
	{ "end-check",         "2.6.0",  "2.6.24" },
	{ "guard-overflow",    "2.6.0",  "2.6.11" },
	{ "oom-rollback",      "2.6.9",  "2.6.17" },
	{ "meminfo-chunk",     "2.6.0",  "2.6.11" },
	{ "guard-wrap",        "2.6.12", "2.6.27" },
	{ "vmalloc_user-null", "2.6.18", "2.6.18" }, /* fix queued for 2.6.19 (Morton, 2006-11-09); landing unconfirmed */
	{ "vmap-block-purge",  "2.6.28", "2.6.32" }, /* 02b709df817c, 2.6.33-rc7 */
	{ "lazy-count-race",   "2.6.28", "2.6.33" }, /* reported on 2.6.28 and 2.6.32 (Zhao, 2010-04-08); the fix's release (2.6.34?) unconfirmed */
	{ "vmap-block-ncpus",  "2.6.28", "2.6.39" }, /* fix 2011-06-21, after 2.6.39 (2011-05-18); shows with nr-cpus=3 only */
};
/* clang-format on */

static struct vmf_release releases[VMF_NR_RELEASES];

static bool str_eq(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

static int release_index(const char *name)
{
	int i;

	for (i = 0; i < VMF_NR_RELEASES; i++)
		if (str_eq(release_names[i], name))
			return i;
	return -1;
}

static const struct bug_range *range_of(unsigned knob)
{
	unsigned i;

	for (i = 0; i < sizeof(bug_ranges) / sizeof(bug_ranges[0]); i++)
		if (str_eq(bug_ranges[i].knob, bug_knobs[knob].name))
			return &bug_ranges[i];
	return NULL;
}

int bug_release_range(unsigned i, const char **first, const char **last)
{
	const struct bug_range *r = i < NR_BUGS ? range_of(i) : NULL;

	*first = r ? r->first : NULL;
	*last = r ? r->last : NULL;
	return r ? 1 : 0;
}

const struct vmf_release *vmf_release_at(unsigned i)
{
	struct vmf_release *r;
	const char *first, *last;
	unsigned k;

	if (i >= VMF_NR_RELEASES)
		return NULL;
	r = &releases[i];
	r->name = release_names[i];
	r->bugs = i >= VMF_FIRST_GEN2_RELEASE ? VMF_GEN2 : 0;
	for (k = 0; k < NR_BUGS; k++)
		if (bug_release_range(k, &first, &last) &&
		    release_index(first) <= (int)i &&
		    (int)i <= release_index(last))
			r->bugs |= 1u << k;
	return r;
}

static bool word_is(const char *w, u32 len, const char *name)
{
	u32 i;

	for (i = 0; i < len; i++)
		if (name[i] != w[i])
			return false;
	return name[len] == '\0';
}

const struct vmf_release *vmf_release_find(const char *name, u32 len)
{
	unsigned i;

	for (i = 0; i < VMF_NR_RELEASES; i++)
		if (word_is(name, len, release_names[i]))
			return vmf_release_at(i);
	return NULL;
}

static int word_mask(const char *w, u32 len, u32 *mask)
{
	const struct vmf_release *rel;
	unsigned i;

	if (word_is(w, len, "seed")) {
		*mask |= BUGS_SEED;
		return 0;
	}
	/* 2.5.32-2.5.69, before the table's 2.6 releases. */
	if (word_is(w, len, "2.5.32")) {
		*mask |= BUG_UNMAP_AFTER_UNLINK;
		return 0;
	}
	/* The rewrite as merged (db64fe02258f), before Nick Piggin's
	 * 2008-11-08 fixes: 2.6.28's row and their three knobs. */
	if (word_is(w, len, "2.6.28-rc1")) {
		*mask |= vmf_release_find("2.6.28", 6)->bugs | BUG_DOUBLE_GUARD |
			 BUG_SEARCH_RESTART | BUG_FAILURE_FLUSH;
		return 0;
	}
	if (word_is(w, len, "correct-2.6.28")) {
		*mask |= VMF_GEN2;
		return 0;
	}
	if (len == 9 && word_is(w, 8, "nr-cpus=") && w[8] >= '1' &&
	    w[8] <= '0' + VMF_NR_CPUS_MAX) {
		u32 n = (u32)(w[8] - '0');

		*mask &= ~VMF_NR_CPUS_FIELD;
		*mask |= n == NR_CPUS ? 0 : n << VMF_NR_CPUS_SHIFT;
		return 0;
	}
	if (word_is(w, len, "all")) {
		*mask |= (1u << NR_BUGS) - 1;
		return 0;
	}
	if (word_is(w, len, "none") || len == 0)
		return 0;
	if ((rel = vmf_release_find(w, len))) {
		*mask |= rel->bugs;
		return 0;
	}
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
	if (mask & VMF_GEN2)
		append(buf, n, &at, "correct-2.6.28");
	if (vmf_nr_cpus(mask)) {
		char word[] = "nr-cpus=0";

		word[8] = (char)('0' + vmf_nr_cpus(mask));
		if (at)
			append(buf, n, &at, ",");
		append(buf, n, &at, word);
	}
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
