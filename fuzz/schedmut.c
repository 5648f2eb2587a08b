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
#include <string.h>

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

/*
 * Switches at chosen points of the ops. Each CPU's own yield points, counted
 * on that CPU alone, hardly depend on the interleaving, so a schedule can
 * be built from where each CPU should stop: the n-th yield point of its own
 * (an op's first, "op start", or one inside an op). A run of count c after
 * the first moves the other CPU on by c - 1 yield points and parks it at
 * the c-th (the first unit is spent by the yield point that switched); the
 * first run has no switch before it, so it parks cpu0 at yield c + 1.
 */

/* Estimated yield points of op i (est_ops): op start, slab and page
 * allocations, locks, a set_pte per page mapped, a ptep_get_and_clear per
 * page unmapped (the guard page too); the first mapping op also allocates
 * the page table and the first slab page. */
static u32 est_op(const struct vmf_op *op, u32 *pages, bool *first)
{
	u32 n = 0, f;

	switch (op->code) {
	case OP_VMALLOC: case OP_VMALLOC_32: case OP_VMALLOC_USER:
		n = op->a / PAGE_SIZE + !!(op->a % PAGE_SIZE);
		n = n < 1 ? 1 : n > 64 ? 64 : n;
		pages[op->slot] = n;
		f = *first ? 4 : 0;
		*first = false;
		return 7 + 2 * n + f;
	case OP_VMAP:
		n = op->a < 1 ? 1 : op->a > 64 ? 64 : op->a;
		pages[op->slot] = n;
		f = *first ? 4 : 0;
		*first = false;
		return 6 + 2 * n + f;
	case OP_GET_VM_AREA:
		pages[op->slot] = 0;
		return 4;
	case OP_VFREE: case OP_VUNMAP: case OP_FREE_VM_AREA:
		return 4 + pages[op->slot];
	case OP_MEMINFO:
		return 3;
	default:
		return 1;
	}
}

/* est[i]: op i's estimated yield points. */
static void est_ops(const struct vmf_program *p, u16 *est)
{
	u32 pages[VMF_NSLOTS] = { 0 }, i;
	bool first = true;

	for (i = 0; i < p->nops; i++)
		est[i] = (u16)est_op(&p->ops[i], pages, &first);
}

/* Where cpu should park next, on its own count, past its yield `after`:
 * the start of one of its next few ops, or (one time in two) a yield point
 * inside one; 0 when it has no op left there. */
static u32 park_point(struct mut_rng *r, const struct vmf_program *p,
		      const u16 *est, u8 cpu, u32 after)
{
	u32 i, own = 0, cand[4][2], n = 0, k;

	for (i = 0; i < p->nops && n < ARRAY_SIZE(cand); i++) {
		if (p->ops[i].cpu != cpu)
			continue;
		if (own + est[i] > after) /* op i still ahead or under way */
			cand[n][0] = own + 1, cand[n++][1] = est[i];
		own += est[i];
	}
	if (!n)
		return 0;
	k = rng_below(r, n) & rng_below(r, n); /* the nearer, more often */
	own = cand[k][0];
	if (!rng_one_in(r, 2))
		own += rng_below(r, cand[k][1]);
	if (rng_one_in(r, 4)) /* the estimate is off by one now and then */
		own = rng_one_in(r, 2) ? own + 1 : own - 1;
	return own > after ? own : after + 1;
}

void mut_aligned_schedule(struct mut_rng *r, struct vmf_program *p,
			  u32 switches)
{
	static u16 est[VMF_MAX_OPS];
	u32 at[2] = { 0, 0 }, s, h, count;
	u8 cpu = 0;

	est_ops(p, est);
	p->nsched = 0;
	for (s = 0; s < switches; s++) {
		h = park_point(r, p, est, cpu, at[cpu]);
		if (!h)
			break;
		count = s ? h - at[cpu] : h - 1;
		if (count)
			prog_sched_add(p, cpu, count);
		at[cpu] = h;
		cpu ^= 1;
	}
	prog_sched_add(p, cpu, 1 + rng_below(r, 4));
}

/* A new op for the two-CPU shapes. */
static struct vmf_op smp_op(u8 cpu, u8 code, u32 slot, u32 a, u32 b)
{
	struct vmf_op op = { .cpu = cpu, .code = code, .slot = (u8)slot,
			     .a = a, .b = b };

	prog_canonical_op(&op);
	return op;
}

/* Two slots no op before `at` has used (the lowest ones). */
static void two_fresh_slots(const struct vmf_program *p, u32 at, u32 *s,
			    u32 *t)
{
	struct slot_view v;
	u32 i, n = 0, got[2] = { 0, 1 };

	mut_slot_view(p, at, &v);
	for (i = 0; i < VMF_NSLOTS && n < 2; i++)
		if (v.state[i] == MSLOT_NEVER)
			got[n++] = i;
	*s = got[0];
	*t = got[1];
}

/* A use of slot s on cpu: a touch or a write of its first bytes. */
static struct vmf_op smp_use(struct mut_rng *r, u8 cpu, u32 s)
{
	if (rng_one_in(r, 2))
		return smp_op(cpu, OP_TOUCH, s, 0, 0);
	return smp_op(cpu, OP_WRITE, s, 0, 1 + rng_below(r, 256));
}

/*
 * Insert one of the shapes races are made of, the two CPUs sharing an
 * object or the allocator (as syzkaller's collide pairs calls): a use on
 * one CPU around a free on the other; an alloc on one CPU while the other
 * frees; an alloc on each. Then a fresh schedule with its switches at
 * those ops. Nothing here names a bug: it is the shape of the op pairs.
 */
static bool smp_shape(struct mut_rng *r, struct vmf_program *p)
{
	struct vmf_op ops[4];
	u32 at = rng_below(r, p->nops + 1), s, t, n = 4, i;
	u32 size = PAGE_SIZE * (1 + rng_below(r, 4)) - rng_below(r, 2);
	u8 c = (u8)rng_below(r, 2), o = c ^ 1;

	two_fresh_slots(p, at, &s, &t);
	ops[0] = smp_op(c, OP_VMALLOC, s, size, 0);
	switch (rng_below(r, 3)) {
	case 0: /* use, free, use */
		ops[1] = smp_use(r, o, s);
		ops[2] = smp_op(c, OP_VFREE, s, 0, 0);
		ops[3] = smp_use(r, o, s);
		break;
	case 1: /* free against alloc */
		ops[1] = smp_op(c, OP_VFREE, s, 0, 0);
		ops[2] = smp_op(o, OP_VMALLOC, t, size, 0);
		ops[3] = smp_use(r, o, t);
		break;
	default: /* alloc against alloc */
		ops[1] = smp_op(o, OP_VMALLOC, t, size, 0);
		ops[2] = smp_use(r, c, s);
		ops[3] = smp_use(r, o, t);
		break;
	}
	if (n > VMF_MAX_OPS - p->nops)
		return false;
	memmove(&p->ops[at + n], &p->ops[at],
		(p->nops - at) * sizeof(p->ops[0]));
	for (i = 0; i < n; i++)
		p->ops[at + i] = ops[i];
	p->nops += n;
	mut_aligned_schedule(r, p, 2 + rng_below(r, 3));
	return true;
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

	if (rng_one_in(r, 6))
		return smp_shape(r, p);
	if (!p->nops)
		return false;
	ensure_two_cpus(r, p);
	if (!p->nsched || rng_one_in(r, 8)) {
		if (rng_one_in(r, 2))
			mut_aligned_schedule(r, p, 2 + rng_below(r, 3));
		else
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
