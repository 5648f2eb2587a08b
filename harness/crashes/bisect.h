/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Root cause of a reproducer over the historic-bug knobs, like a kernel
 * bisection: the smallest set of knobs under which it still shows its
 * behaviour (the same BUG title; for a placement knob, the same trace digest
 * of an ok run), and the releases whose profile shows it.
 */
#ifndef VMFUZZ_BISECT_H
#define VMFUZZ_BISECT_H

#include <stddef.h>
#include "exec.h"

/* Does the behaviour show under knob set `mask`? */
typedef bool (*bisect_pred)(void *arg, u32 mask);

/*
 * The minimal subset of `start` for which repro() holds, given that it holds
 * for `start`: halves are tried first, then one knob at a time is dropped,
 * in knob order, until no single knob can go (1-minimal). Deterministic.
 * Returns the subset; 0 means the behaviour needs no knob at all.
 */
u32 bisect_knobs(u32 start, bisect_pred repro, void *arg);

enum bisect_kind {
	BISECT_NONE,	  /* ok under the start set and no other digest */
	BISECT_CAUSE,	  /* a BUG that needs the knobs in cause */
	BISECT_PLACEMENT, /* ok, but another digest than with no knob */
	BISECT_NO_KNOB,	  /* a BUG even with no knob: core or oracle bug */
};

struct bisect_result {
	enum bisect_kind kind;
	u32 cause;		   /* the minimal knob set */
	char title[VMF_TITLE_MAX]; /* the BUG title, or "" */
	unsigned long long digest; /* of the run under the start set */
	unsigned runs;		   /* programs executed */
	u64 releases;		   /* bit i: release i's profile shows it */
	u64 releases_cause;	   /* ... and has every knob of the cause */
};

/*
 * Bisect program `in` on the host, starting from the knobs of cfg (its
 * vmalloc= size is kept). Fills *r; the release masks only when `releases`
 * (28 more runs). Returns 0, or -1 when the host executor fails.
 */
int bisect_host(const struct prog_input *in, const struct vmf_config *cfg,
		bool releases, struct bisect_result *r);

/* An executor with softmmu_exec()'s contract. */
typedef int (*bisect_exec_fn)(const struct prog_input *progs, unsigned n,
			      const struct vmf_config *cfg,
			      struct exec_result *results);

/* bisect_host() over another executor (tests use a fake one). */
int bisect_with(const struct prog_input *in, const struct vmf_config *cfg,
		bool releases, bisect_exec_fn exec, struct bisect_result *r);

/*
 * Does the behaviour change exactly at the generation boundary (release
 * profiles 2.6.27 and 2.6.28: the vmap rewrite, db64fe02258f)? +1 when
 * 2.6.28 shows it and 2.6.27 does not ("introduced by the rewrite"), -1
 * the other way ("fixed by the rewrite"), 0 otherwise. Needs r->releases.
 * *every (if not NULL): it shows in every release of the new side (2.6.28
 * .. 2.6.39 for +1, the old side's releases from its first one to 2.6.27
 * for -1) and in none of the other.
 */
int bisect_generation(const struct bisect_result *r, bool *every);

/* "a+b" for a knob set, "none" for 0. */
void bisect_cause_name(u32 mask, char *buf, size_t n);

#endif
