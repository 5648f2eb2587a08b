/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Inside the mutator: its random numbers, a static view of the slots a
 * program prefix leaves behind, and the generators of interesting values
 * and operations (values.c, genop.c) that mutate.c combines.
 */
#ifndef VMFUZZ_MUTATE_IMPL_H
#define VMFUZZ_MUTATE_IMPL_H

#include "memlayout.h"
#include "prog.h"

/* VMALLOC_START and MODULES_VADDR of memlayout.h under the default
 * vmalloc= reserve (the mutator runs without the core's layout_init(); its
 * addresses are educated guesses in any case). */
#define MUT_VMALLOC_START VMALLOC_START_DEFAULT
#define MUT_MODULES_START MODULES_VADDR_DEFAULT
#define MUT_VMALLOC_END VMALLOC_END

/* splitmix64: tiny, fast, and the same sequence on every platform. */
struct mut_rng {
	u64 s;
};

static inline u64 rng_next(struct mut_rng *r)
{
	u64 z = (r->s += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* Uniform in [0, n); 0 when n == 0. */
static inline u32 rng_below(struct mut_rng *r, u32 n)
{
	return n ? (u32)(rng_next(r) % n) : 0;
}

static inline bool rng_one_in(struct mut_rng *r, u32 n)
{
	return rng_below(r, n) == 0;
}

/* Index chosen by weights w[0..n). */
u32 rng_weighted(struct mut_rng *r, const u8 *w, u32 n);

enum mut_slot_state { MSLOT_NEVER, MSLOT_LIVE, MSLOT_FREED };

/* What the operations before some index leave in the slots, estimated
 * without running them: state, requested bytes and a likely address. */
struct slot_view {
	u8 state[VMF_NSLOTS];
	u32 size[VMF_NSLOTS];
	u32 addr[VMF_NSLOTS];
};

/* Fill *v from the operations p->ops[0..at). */
void mut_slot_view(const struct vmf_program *p, u32 at, struct slot_view *v);

/* A slot for a new result: mostly one never used yet. */
u32 mut_assign_slot(struct mut_rng *r, const struct slot_view *v);
/* A slot to use: mostly a live one, sometimes a freed or any slot. */
u32 mut_use_slot(struct mut_rng *r, const struct slot_view *v);

/* Interesting numbers (values.c). */
u32 mut_size(struct mut_rng *r);
u32 mut_nudge(struct mut_rng *r, u32 v);
u32 mut_count(struct mut_rng *r);
u32 mut_fail_n(struct mut_rng *r);
u32 mut_offset(struct mut_rng *r, u32 size);
u32 mut_length(struct mut_rng *r, u32 size, u32 off);
u32 mut_address(struct mut_rng *r, const struct slot_view *v);

/* Operations (genop.c). */
void mut_random_op(struct mut_rng *r, const struct slot_view *v,
		   struct vmf_op *op);
void mut_free_target(struct mut_rng *r, const struct slot_view *v,
		     struct vmf_op *op);
void mut_tweak_op(struct mut_rng *r, const struct slot_view *v,
		  struct vmf_op *op);

/* Two CPUs (schedmut.c). */
/* A guess at the yield points the program's ops take, >= 1. */
u32 mut_est_yields(const struct vmf_program *p);
/* Replace the schedule by a PCT one of depth runs (d - 1 change points
 * over mut_est_yields(p)). */
void mut_pct_schedule(struct mut_rng *r, struct vmf_program *p, u32 depth);
/* Replace the schedule by one that parks each CPU in turn, `switches`
 * times, at the start of (or inside) one of its next ops, on estimated
 * yield points of its own (schedmut.c). */
void mut_aligned_schedule(struct mut_rng *r, struct vmf_program *p,
			  u32 switches);
/* One two-CPU edit: flip ops' CPU, split/merge/shift/flip a run, change a
 * run's length, a fresh PCT schedule; a program on one CPU first gets ops
 * on CPU 1. */
bool mut_sched_edit(struct vmf_program *p, struct mut_rng *r);

#endif
