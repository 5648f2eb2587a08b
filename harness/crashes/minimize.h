/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reproducer minimization on the in-process host executor: fewest
 * operations first (delta debugging), then the smallest arguments, then the
 * schedule of a two-CPU program (fewest switches, shortest runs, fewest ops
 * on CPU 1), then slots renumbered a0, a1, ... in order of first use. The BUG title must stay
 * exactly the same at every step; the result is deterministic.
 */
#ifndef VMFUZZ_MINIMIZE_H
#define VMFUZZ_MINIMIZE_H

#include <stddef.h>
#include "exec.h"
#include "prog.h"

struct min_stats {
	unsigned runs;	     /* programs executed */
	unsigned ops_before; /* operations of the input */
	unsigned ops_after;  /* operations of the result */
};

/*
 * Run *p on the host with cfg; fill title (VMF_TITLE_MAX bytes, "" when the
 * program is ok) and return true when it is a BUG.
 */
bool min_host_title(const struct vmf_program *p, const struct vmf_config *cfg,
		    char *title);

/*
 * Minimize *p in place under cfg, keeping its BUG title. Returns 0, or -1
 * (p unchanged) when *p is not a BUG under cfg. Fills *st when not NULL.
 */
int vmf_minimize(struct vmf_program *p, const struct vmf_config *cfg,
		 struct min_stats *st);

/* A minimization step's test: does *p still end in the title kept? */
typedef bool (*min_pred)(void *ctx, const struct vmf_program *p);

/*
 * The schedule of a two-CPU *p, minimized in place under `still`: the
 * schedule dropped if it can be, then the fewest runs (switches), the
 * shortest runs, and the fewest ops on CPU 1. Returns true if *p changed.
 */
bool min_reduce_schedule(struct vmf_program *p, min_pred still, void *ctx);

/* The knobs of cfg as options ("--bugs=a,b --vmalloc=0x..."). */
void min_format_knobs(const struct vmf_config *cfg, char *buf, size_t n);

/*
 * Text of a reproducer: comment lines (title, knobs, op count), then the
 * canonical program. Malloc'ed; NULL when out of memory.
 */
char *min_format_repro(const struct vmf_program *p, const char *title,
		       const struct vmf_config *cfg);

#endif
