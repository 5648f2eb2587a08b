// SPDX-License-Identifier: GPL-2.0
/*
 * vmfuzz bisect (harness/crashes/bisect.c):
 *  - every corpora/regress program bisects, from --bugs=all, to the knob or
 *    knobs its header names (from the header's knobs when all of them give
 *    another BUG first); `seed` headers to a non-empty subset of seed;
 *  - synthetic predicates: a pair needed together gives the pair, a BUG
 *    with no knob gives 0, the result is the same every time;
 *  - a reproducer that is BUG with no knob (a fake executor) is classed as
 *    BISECT_NO_KNOB, and an ok one as BISECT_NONE;
 *  - release profiles: 2.6.11 is the seed, 2.6.18 and 2.6.25 have the
 *    knobs of their era.
 *
 * usage: test_bisect REGRESS_DIR
 */
#include <stdlib.h>
#include <string.h>

#include "bisect.h"
#include "bugs.h"
#include "check.h"
#include "cli.h"

static void header(const char *text, const char *key, char *out, size_t n)
{
	const char *p = strstr(text, key), *e;

	out[0] = '\0';
	if (!p)
		return;
	p += strlen(key);
	while (*p == ' ')
		p++;
	e = strchr(p, '\n');
	snprintf(out, n, "%.*s", (int)(e ? e - p : (long)strlen(p)), p);
}

/* Does the all-knob run show the header's expect-with behaviour? */
static bool all_shows_it(const struct bisect_result *r, const char *with)
{
	if (!strcmp(with, "ok (placement differs)"))
		return r->kind == BISECT_PLACEMENT;
	return r->kind == BISECT_CAUSE && !strcmp(r->title, with);
}

/* Two sufficient causes (flush-local's program is BUG under no-flush too:
 * no flush at all leaves CPU 1's entry stale as well): bisect names one. Is
 * mask alone enough for the header's behaviour? */
static bool alone_shows_it(struct prog_input *in, u32 mask, const char *with)
{
	struct vmf_config cfg = { .bugs = mask };
	struct bisect_result r;

	return mask && !(mask & (mask - 1)) &&
	       !bisect_host(in, &cfg, false, &r) && all_shows_it(&r, with);
}

static void check_program(const char *path, struct prog_input *in)
{
	char err[256], knob[128], with[VMF_TITLE_MAX], *text, name[256];
	struct vmf_config cfg = { .bugs = (1u << NR_BUGS) - 1 };
	struct bisect_result r;
	const char *bad;
	u32 want, badlen;
	size_t len;

	if (read_whole_file(path, &text, &len, err, sizeof(err))) {
		CHECK(0, "%s", err);
		return;
	}
	header(text, "# knob:", knob, sizeof(knob));
	header(text, "# expect-with:", with, sizeof(with));
	free(text);
	/* no knob, or one the program must stay ok under (an agreement
	 * program: nothing to bisect) */
	if (!knob[0] || !strcmp(knob, "none") || !strcmp(with, "ok"))
		return;
	CHECK(!bugs_parse(knob, (u32)strlen(knob), &want, &bad, &badlen),
	      "%s: knob %s", path, knob);
	CHECK(!bisect_host(in, &cfg, false, &r), "%s: host", path);
	if (!all_shows_it(&r, with)) {
		cfg.bugs = want; /* another BUG comes first with all knobs */
		CHECK(!bisect_host(in, &cfg, false, &r), "%s: host", path);
		CHECK(all_shows_it(&r, with), "%s: --bugs=%s gives '%s'", path,
		      knob, r.title);
	}
	bisect_cause_name(r.cause, name, sizeof(name));
	if (!strcmp(knob, "seed"))
		CHECK(r.cause && !(r.cause & ~want), "%s: cause %s not in seed",
		      path, name);
	else if (r.cause != want && alone_shows_it(in, r.cause, with) &&
		 alone_shows_it(in, want, with))
		printf("%s: %s, and %s alone too\n", path, knob, name);
	else
		CHECK(r.cause == want, "%s: cause %s, header says %s", path,
		      name, knob);
	printf("%s: %s -> %s\n", path, knob, name);
}

/* Predicates over knob sets for the algorithm alone. */
static u32 needed;
static unsigned calls;
static bool needs_all(void *arg, u32 mask)
{
	(void)arg;
	calls++;
	return (mask & needed) == needed;
}

static void check_algorithm(void)
{
	u32 all = (1u << NR_BUGS) - 1, a, b;

	needed = BUG_END_CHECK | BUG_NO_FLUSH;
	a = bisect_knobs(all, needs_all, NULL);
	b = bisect_knobs(all, needs_all, NULL);
	CHECK(a == needed, "pair: got 0x%x want 0x%x", a, needed);
	CHECK(a == b, "not deterministic: 0x%x then 0x%x", a, b);
	needed = BUG_GUARD_WRAP;
	calls = 0;
	CHECK(bisect_knobs(all, needs_all, NULL) == needed, "single knob");
	CHECK(calls <= 2 * NR_BUGS + 1, "%u runs for one knob of %d", calls,
	      NR_BUGS);
	needed = 0;
	CHECK(bisect_knobs(all, needs_all, NULL) == 0, "no knob needed");
}

/* Release profiles: the seed is 2.6.11; the ranges of bugs.c. */
static void check_releases(void)
{
	const struct vmf_release *r;
	u32 mask;
	const char *bad;
	u32 badlen;

	r = vmf_release_find("2.6.11", 6);
	CHECK(r && r->bugs == BUGS_SEED, "2.6.11 is not the seed: 0x%x",
	      r ? r->bugs : 0);
	r = vmf_release_find("2.6.18", 6);
	CHECK(r && (r->bugs & BUG_GUARD_WRAP) && (r->bugs & BUG_END_CHECK) &&
		      !(r->bugs & (BUG_OOM_ROLLBACK | BUG_GUARD_OVERFLOW |
				   BUG_NO_FLUSH | BUG_ALIGN_OVERLAP)),
	      "2.6.18: 0x%x", r ? r->bugs : 0);
	r = vmf_release_find("2.6.25", 6);
	CHECK(r && !(r->bugs & BUG_END_CHECK), "2.6.25 has end-check");
	r = vmf_release_find("2.6.28", 6);
	CHECK(r && r->bugs == (VMF_GEN2 | BUG_VMAP_BLOCK_PURGE |
				BUG_LAZY_COUNT_RACE | BUG_VMAP_BLOCK_NCPUS),
	      "2.6.28: the vmap layer, vmap-block-purge, lazy-count-race, "
	      "vmap-block-ncpus");
	r = vmf_release_find("2.6.33", 6);
	CHECK(r && r->bugs == (VMF_GEN2 | BUG_LAZY_COUNT_RACE |
				BUG_VMAP_BLOCK_NCPUS),
	      "2.6.33: the block purge fix");
	r = vmf_release_find("2.6.34", 6);
	CHECK(r && r->bugs == (VMF_GEN2 | BUG_VMAP_BLOCK_NCPUS),
	      "2.6.34: the lazy count fix");
	r = vmf_release_find("2.6.39", 6);
	CHECK(r && r->bugs == (VMF_GEN2 | BUG_VMAP_BLOCK_NCPUS),
	      "2.6.39: the odd NR_CPUS fix came after it (2011-06-21)");
	CHECK(!bugs_parse("2.6.28-rc1", 10, &mask, &bad, &badlen) &&
		      mask == (vmf_release_find("2.6.28", 6)->bugs |
			       BUG_DOUBLE_GUARD | BUG_SEARCH_RESTART |
			       BUG_FAILURE_FLUSH),
	      "2.6.28-rc1: 0x%x", mask);
	CHECK(!vmf_release_find("2.6.40", 6), "2.6.40 is no profile");
	CHECK(!vmf_release_find("2.6.1", 4), "prefix of a release name");
	CHECK(vmf_release_at(0) && !vmf_release_at(VMF_NR_RELEASES),
	      "release_at bounds");
	CHECK(!bugs_parse("2.6.9,no-flush", 14, &mask, &bad, &badlen) &&
		      mask == (vmf_release_find("2.6.9", 5)->bugs |
			       BUG_NO_FLUSH),
	      "--bugs=2.6.9,no-flush: 0x%x", mask);
}

/* Fake executors: every program BUG, or every program ok. */
static int fake(const struct prog_input *p, unsigned n,
		const struct vmf_config *cfg, struct exec_result *res, bool bug)
{
	(void)p;
	(void)cfg;
	memset(res, 0, n * sizeof(*res));
	res->outcome = bug ? EXEC_BUG : EXEC_OK;
	res->digest = 42;
	snprintf(res->title, sizeof(res->title), "%s",
		 bug ? "BUG: fake in test" : "");
	return 0;
}
static int fake_bug(const struct prog_input *p, unsigned n,
		    const struct vmf_config *c, struct exec_result *r)
{
	return fake(p, n, c, r, true);
}
static int fake_ok(const struct prog_input *p, unsigned n,
		   const struct vmf_config *c, struct exec_result *r)
{
	return fake(p, n, c, r, false);
}

static void check_classes(struct prog_input *in)
{
	struct vmf_config cfg = { .bugs = BUGS_SEED };
	struct bisect_result r;

	bisect_with(in, &cfg, true, fake_bug, &r);
	CHECK(r.kind == BISECT_NO_KNOB && r.cause == 0,
	      "BUG with no knob: kind %d cause 0x%x", r.kind, r.cause);
	bisect_with(in, &cfg, true, fake_ok, &r);
	CHECK(r.kind == BISECT_NONE, "ok everywhere: kind %d", r.kind);
}

int main(int argc, char **argv)
{
	struct prog_input *progs;
	struct cli c;
	unsigned i;

	if (argc != 2 || cli_parse(argc, argv, 1, &c) || cli_load(&c, &progs)) {
		fprintf(stderr, "usage: test_bisect REGRESS_DIR\n");
		return 2;
	}
	CHECK(c.nfiles > 0, "no programs in %s", argv[1]);
	for (i = 0; i < c.nfiles; i++)
		if (progfile_is_text(c.files[i]))
			check_program(c.files[i], &progs[i]);
	check_algorithm();
	check_releases();
	if (c.nfiles)
		check_classes(&progs[0]);
	cli_free(&c, progs);
	return check_done("bisect");
}
