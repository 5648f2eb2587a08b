// SPDX-License-Identifier: GPL-2.0
/*
 * The bisection itself (deterministic, on the host executor); the command
 * that prints it and confirms it in the emulators is bisect_cmd.c.
 */
#include "bisect.h"

#include <stdio.h>
#include <string.h>

#include "bugs.h"

/* Try to replace *set by a subset that still reproduces. */
static bool try_subset(u32 *set, u32 sub, bisect_pred repro, void *arg)
{
	if (sub == *set || !repro(arg, sub))
		return false;
	*set = sub;
	return true;
}

/* The lower half of the knobs in set (by bit order). */
static u32 lower_half(u32 set)
{
	unsigned n = (unsigned)__builtin_popcount(set) / 2, i;
	u32 half = 0;

	for (i = 0; i < NR_BUGS && n; i++) {
		if (set >> i & 1) {
			half |= 1u << i;
			n--;
		}
	}
	return half;
}

u32 bisect_knobs(u32 start, bisect_pred repro, void *arg)
{
	u32 set = start, lo;
	unsigned i;

	if (repro(arg, 0))
		return 0;
	while (__builtin_popcount(set) > 1) {
		lo = lower_half(set);
		if (!try_subset(&set, lo, repro, arg) &&
		    !try_subset(&set, set & ~lo, repro, arg))
			break;
	}
	for (i = 0; i < NR_BUGS; i++)
		if (set >> i & 1)
			try_subset(&set, set & ~(1u << i), repro, arg);
	return set;
}

struct host_run {
	bisect_exec_fn exec;
	const struct prog_input *in;
	struct vmf_config cfg;
	struct bisect_result *r;
	int failed;
};

/* Run the program under mask on the host: outcome, title, digest. */
static void host_exec(struct host_run *h, u32 mask, struct exec_result *res)
{
	memset(res, 0, sizeof(*res));
	h->cfg.bugs = mask;
	h->r->runs++;
	if (h->exec(h->in, 1, &h->cfg, res))
		h->failed = 1;
	exec_result_free(res);
}

static bool host_repro(void *arg, u32 mask)
{
	struct host_run *h = arg;
	struct exec_result res;

	host_exec(h, mask, &res);
	if (h->r->kind == BISECT_PLACEMENT)
		return res.outcome == EXEC_OK && res.digest == h->r->digest;
	return res.outcome == EXEC_BUG && !strcmp(res.title, h->r->title);
}

/* Which release profiles show the behaviour (and have the cause). */
static void release_masks(struct host_run *h, struct bisect_result *r)
{
	unsigned i;

	for (i = 0; i < VMF_NR_RELEASES; i++) {
		u32 bugs = vmf_release_at(i)->bugs;

		if (!host_repro(h, bugs))
			continue;
		r->releases |= (u64)1 << i;
		if ((bugs & r->cause) == r->cause)
			r->releases_cause |= (u64)1 << i;
	}
}

int bisect_host(const struct prog_input *in, const struct vmf_config *cfg,
		bool releases, struct bisect_result *r)
{
	return bisect_with(in, cfg, releases, softmmu_exec, r);
}

int bisect_with(const struct prog_input *in, const struct vmf_config *cfg,
		bool releases, bisect_exec_fn exec, struct bisect_result *r)
{
	struct host_run h = { exec, in, *cfg, r, 0 };
	struct exec_result start, none;

	memset(r, 0, sizeof(*r));
	h.cfg.trace = false;
	host_exec(&h, cfg->bugs, &start);
	r->digest = start.digest;
	if (start.outcome == EXEC_BUG) {
		snprintf(r->title, sizeof(r->title), "%s", start.title);
		r->kind = BISECT_CAUSE;
	} else {
		host_exec(&h, 0, &none);
		r->kind = none.outcome == EXEC_OK && none.digest != start.digest
				  ? BISECT_PLACEMENT
				  : BISECT_NONE;
	}
	if (r->kind != BISECT_NONE) {
		r->cause = bisect_knobs(cfg->bugs, host_repro, &h);
		/* the generation is no knob: is the new layer needed? */
		if ((r->cause & VMF_GEN2) &&
		    host_repro(&h, r->cause & ~VMF_GEN2))
			r->cause &= ~VMF_GEN2;
		if (!r->cause && r->kind == BISECT_CAUSE)
			r->kind = BISECT_NO_KNOB;
		if (releases)
			release_masks(&h, r);
	}
	return h.failed ? -1 : 0;
}

int bisect_generation(const struct bisect_result *r, bool *every)
{
	const u64 first2 = (u64)1 << VMF_FIRST_GEN2_RELEASE; /* 2.6.28 */
	const u64 last1 = first2 >> 1;			     /* 2.6.27 */
	const u64 gen2 = (((u64)1 << VMF_NR_RELEASES) - 1) & ~(first2 - 1);
	u64 old = r->releases & (first2 - 1);
	bool in28 = r->releases & first2, in27 = r->releases & last1;

	if (every)
		*every = false;
	if (in28 == in27)
		return 0;
	if (every) /* old + its lowest bit: one run up to 2.6.27 */
		*every = in28 ? r->releases == gen2
			      : !(r->releases & gen2) &&
					old + (old & (~old + 1)) == first2;
	return in28 ? 1 : -1;
}

void bisect_cause_name(u32 mask, char *buf, size_t n)
{
	size_t len = 0;
	unsigned i;

	buf[0] = '\0';
	for (i = 0; i < NR_BUGS && len < n; i++)
		if (mask >> i & 1)
			len += (size_t)snprintf(buf + len, n - len, "%s%s",
						len ? "+" : "",
						bug_knobs[i].name);
	if (!mask)
		snprintf(buf, n, "none");
}
