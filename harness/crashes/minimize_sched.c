// SPDX-License-Identifier: GPL-2.0
/*
 * `vmfuzz min` for two CPUs: the fewest switches (schedule runs), the
 * shortest runs, and the fewest ops on CPU 1, each step kept only when the
 * BUG title stays (the predicate `still`). Deterministic, like the rest.
 */
#include "minimize.h"

#include <string.h>

/* Adjacent runs on one CPU are one run: merge them (the same schedule). */
static void coalesce(struct vmf_program *p)
{
	u32 i, n = 0;

	for (i = 0; i < p->nsched; i++) {
		struct smp_run *last = n ? &p->sched[n - 1] : NULL;

		if (last && last->cpu == p->sched[i].cpu &&
		    last->count + p->sched[i].count <= VMF_SCHED_RUN_MAX)
			last->count = (u16)(last->count + p->sched[i].count);
		else
			p->sched[n++] = p->sched[i];
	}
	p->nsched = n;
}

/* Drop run i (its neighbours then meet); keep it if the title goes. */
static bool drop_run(struct vmf_program *p, u32 i, min_pred still, void *ctx)
{
	static struct vmf_program t;

	t = *p;
	memmove(&t.sched[i], &t.sched[i + 1],
		(t.nsched - i - 1) * sizeof(t.sched[0]));
	t.nsched--;
	coalesce(&t);
	if (!still(ctx, &t))
		return false;
	*p = t;
	return true;
}

/* The shortest run i that keeps the title (bisection, a local minimum). */
static bool shorten_run(struct vmf_program *p, u32 i, min_pred still, void *ctx)
{
	u16 cur = p->sched[i].count, lo = 0, hi = cur, mid;

	while (hi - lo > 1) {
		mid = (u16)(lo + (hi - lo) / 2);
		p->sched[i].count = mid;
		if (still(ctx, p))
			hi = mid;
		else
			lo = mid;
	}
	p->sched[i].count = hi;
	if (hi != cur && !still(ctx, p))
		p->sched[i].count = cur; /* not monotonic: keep what held */
	return p->sched[i].count != cur;
}

/* Each op on CPU 1 tried on CPU 0. */
static bool ops_to_cpu0(struct vmf_program *p, min_pred still, void *ctx)
{
	bool changed = false;
	u32 i;

	for (i = 0; i < p->nops; i++) {
		if (!p->ops[i].cpu)
			continue;
		p->ops[i].cpu = 0;
		if (still(ctx, p))
			changed = true;
		else
			p->ops[i].cpu = 1;
	}
	return changed;
}

bool min_reduce_schedule(struct vmf_program *p, min_pred still, void *ctx)
{
	static struct vmf_program t;
	bool changed = false;
	u32 i;

	if (p->nsched) {
		t = *p;
		t.nsched = 0;
		if (still(ctx, &t)) {
			*p = t;
			changed = true;
		}
	}
	for (i = p->nsched; i-- > 0;)
		if (i < p->nsched)
			changed |= drop_run(p, i, still, ctx);
	for (i = 0; i < p->nsched; i++)
		changed |= shorten_run(p, i, still, ctx);
	changed |= ops_to_cpu0(p, still, ctx);
	return changed;
}
