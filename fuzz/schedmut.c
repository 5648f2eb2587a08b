// SPDX-License-Identifier: GPL-2.0
/*
 * The mutator's two-CPU edits (issue 17): which CPU runs each op, and the
 * schedule (core/program/prog.h: runs of yield points on one CPU). Fresh
 * schedules come from PCT (Burckhardt et al., ASPLOS 2010): with two
 * threads, random priorities and d-1 priority change points drawn over the
 * program's yield points, the run is d runs of alternating CPUs, the first
 * the higher-priority one, each ending at a change point. Everything here
 * is deterministic in the mutator's random numbers.
 */
#include "mutate_impl.h"

/* A guess at the yield points op takes (op start, locks, page and slab
 * allocations, PTE writes): the mutator runs nothing. */
static u32 op_yields(const struct vmf_op *op)
{
	u32 pages = 0;

	if (op->code == OP_VMAP)
		pages = op->a;
	else if (op->code == OP_VMALLOC || op->code == OP_VMALLOC_32 ||
		 op->code == OP_VMALLOC_USER)
		pages = op->a / PAGE_SIZE + 1;
	if (pages > 64)
		pages = 64;
	switch (op->code) {
	case OP_WRITE: case OP_CHECK: case OP_TOUCH: case OP_FAIL_ALLOC:
	case OP_MEMINFO:
		return 1;
	case OP_VFREE: case OP_VUNMAP: case OP_FREE_VM_AREA:
		return 8 + 2 * pages;
	default:
		return 10 + 3 * pages;
	}
}

u32 mut_est_yields(const struct vmf_program *p)
{
	u32 i, n = 0;

	for (i = 0; i < p->nops && n < 8192; i++)
		n += op_yields(&p->ops[i]);
	return n ? n : 1;
}

/* Both CPUs have an op: put about a third of CPU 0's on CPU 1 otherwise. */
static void ensure_two_cpus(struct mut_rng *r, struct vmf_program *p)
{
	u32 i, on1 = 0;

	for (i = 0; i < p->nops; i++)
		on1 += p->ops[i].cpu;
	if (on1 || p->nops < 2)
		return;
	for (i = 0; i < p->nops; i++)
		if (rng_one_in(r, 3))
			p->ops[i].cpu = 1;
	p->ops[1 + rng_below(r, p->nops - 1)].cpu = 1;
}

void mut_pct_schedule(struct mut_rng *r, struct vmf_program *p, u32 depth)
{
	u32 k = mut_est_yields(p), pts[8], i, j, last = 0;
	u8 cpu = (u8)rng_below(r, 2);

	if (depth < 1)
		depth = 1;
	if (depth > ARRAY_SIZE(pts))
		depth = ARRAY_SIZE(pts);
	for (i = 0; i + 1 < depth; i++) { /* sorted change points in [1,k] */
		u32 v = 1 + rng_below(r, k);

		for (j = i; j > 0 && pts[j - 1] > v; j--)
			pts[j] = pts[j - 1];
		pts[j] = v;
	}
	p->nsched = 0;
	for (i = 0; i + 1 < depth; i++) {
		if (pts[i] > last)
			prog_sched_add(p, cpu, pts[i] - last), cpu ^= 1;
		last = pts[i];
	}
	prog_sched_add(p, cpu, k > last ? k - last : 1);
}

/* Split run i at a random point, with a short run of the other CPU. */
static void split_run(struct mut_rng *r, struct vmf_program *p, u32 i)
{
	struct smp_run run = p->sched[i];
	u32 at = 1 + rng_below(r, run.count), x = 1 + rng_below(r, 8), j;

	if (p->nsched + 2 > VMF_MAX_SCHED || run.count < 2)
		return;
	if (at >= run.count)
		at = run.count - 1;
	for (j = p->nsched - 1; j > i; j--)
		p->sched[j + 2] = p->sched[j];
	p->nsched += 2;
	p->sched[i].count = (u16)at;
	p->sched[i + 1] = (struct smp_run){ (u8)(run.cpu ^ 1), (u16)x };
	p->sched[i + 2] = (struct smp_run){ run.cpu, (u16)(run.count - at) };
}

/* Remove run i, giving its yield points to the run before it. */
static void merge_run(struct vmf_program *p, u32 i)
{
	u32 j, c;

	if (i == 0 || p->nsched < 2)
		return;
	c = p->sched[i - 1].count + p->sched[i].count;
	p->sched[i - 1].count = (u16)(c > VMF_SCHED_RUN_MAX ? VMF_SCHED_RUN_MAX
							    : c);
	for (j = i; j + 1 < p->nsched; j++)
		p->sched[j] = p->sched[j + 1];
	p->nsched--;
}

/* Move the boundary between runs i and i+1 by a few yield points. */
static void shift_run(struct mut_rng *r, struct vmf_program *p, u32 i)
{
	struct smp_run *a = &p->sched[i], *b;
	u32 d = 1 + (rng_one_in(r, 4) ? rng_below(r, 32) : rng_below(r, 3));

	if (i + 1 >= p->nsched)
		return;
	b = &p->sched[i + 1];
	if (rng_one_in(r, 2) && a->count > d && b->count + d <= VMF_SCHED_RUN_MAX)
		a->count = (u16)(a->count - d), b->count = (u16)(b->count + d);
	else if (b->count > d && a->count + d <= VMF_SCHED_RUN_MAX)
		a->count = (u16)(a->count + d), b->count = (u16)(b->count - d);
}

/* Flip the CPU of one op, or of a run of consecutive ops. */
static void flip_ops(struct mut_rng *r, struct vmf_program *p)
{
	u32 i = rng_below(r, p->nops), n = 1, j;

	if (rng_one_in(r, 3))
		n = 2 + rng_below(r, 4);
	for (j = i; j < i + n && j < p->nops; j++)
		p->ops[j].cpu ^= 1;
}

bool mut_sched_edit(struct vmf_program *p, struct mut_rng *r)
{
	u32 i = rng_below(r, p->nsched);

	if (!p->nops)
		return false;
	ensure_two_cpus(r, p);
	if (!p->nsched || rng_one_in(r, 8)) {
		mut_pct_schedule(r, p, 2 + rng_below(r, 3));
		return true;
	}
	switch (rng_below(r, 7)) {
	case 0: flip_ops(r, p); break;
	case 1: split_run(r, p, i); break;
	case 2: merge_run(p, i); break;
	case 3: p->sched[i].cpu ^= 1; break;
	case 4:
		p->sched[i].count = (u16)(1 + rng_below(r, rng_one_in(r, 2) ?
			8 : VMF_SCHED_RUN_MAX));
		break;
	case 5:
		if (rng_one_in(r, 4)) {
			p->nsched = 0; /* no schedule: the exhausted rule */
			break;
		}
		/* fall through */
	default: shift_run(r, p, i); break;
	}
	return true;
}
