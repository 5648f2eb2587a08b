/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Regression programs: a `.vmf` program whose header says what it must do,
 *
 *   # knob: LIST             (optional: bug knobs as --bugs takes them)
 *   # vmalloc: SIZE          (optional: as --vmalloc takes it)
 *   # expect-with: OUTCOME   (with the knobs: "ok", the BUG title, or
 *                             "ok (placement differs)": ok, with another
 *                             digest than the knob-less run)
 *   # expect-without: OUTCOME (without any knob)
 *
 * read by `vmfuzz regress` (regress.c), written by `vmfuzz promote`
 * (promote.c), and replayed by the corpus tests.
 */
#ifndef VMFUZZ_REGRESS_H
#define VMFUZZ_REGRESS_H

#include <stddef.h>
#include "exec.h"

struct expectation {
	char knob[512];		   /* "none" when the header is absent */
	struct vmf_config with;	   /* knob and vmalloc headers applied */
	struct vmf_config without; /* vmalloc header only */
	char want_with[VMF_TITLE_MAX];
	char want_without[VMF_TITLE_MAX];
};

/*
 * Read the header of the regression program at path into *e. Returns 0, or
 * -1 with "PATH:LINE: reason" in err (a missing or empty expect-without, an
 * expect-with without a knob or the reverse, a knob or size that does not
 * parse).
 */
int expectation_read(const char *path, struct expectation *e, char *err,
		     size_t errlen);

/* True when the knob header names a knob (the program runs twice). */
bool expectation_has_knob(const struct expectation *e);

#define EXPECT_PLACEMENT "ok (placement differs)"

/* True when r is what `want` ("ok", a BUG title, or EXPECT_PLACEMENT, which
 * needs `base`, the knob-less run of the same program in the same world)
 * says. */
bool expectation_holds(const struct exec_result *r, const char *want,
		       const struct exec_result *base);

#define REGRESS_MAX_WORLDS 4

/* A world: how to run programs there (qemu_exec()'s shape), and the
 * emulator it needs ($env, else `program`; NULL for the host). */
struct world {
	const char *name;
	int (*exec)(const char *firmware, const struct prog_input *progs,
		    unsigned n, const struct vmf_config *cfg,
		    struct exec_result *results, char *why, unsigned whylen);
	const char *env, *program;
};

/* One program under one configuration, in every world. */
struct regress_run {
	unsigned prog; /* index into the file list */
	struct vmf_config cfg;
	const char *want; /* "ok" or a BUG title */
	const char *knob; /* as the header spells it, "none" without */
	struct exec_result res[REGRESS_MAX_WORLDS];
	bool held[REGRESS_MAX_WORLDS];
	bool disagree;
	const char *explained; /* the reason of an explained difference, or NULL */
};

/* A `vmfuzz regress` run: what ran, what held. */
struct regress {
	struct regress_run *runs;
	unsigned nruns, nprogs;
	struct expectation *exp;
	const char *name[REGRESS_MAX_WORLDS]; /* every world's name */
	const char *skip[REGRESS_MAX_WORLDS]; /* why a world did not run */
	unsigned nw, nworlds; /* worlds known, worlds that ran */
	unsigned npoints, broken, disagreements, explained;
};

/*
 * Write the JUnit XML report of r (one testsuite per world that ran, and
 * "agree" with more than one) to the new file path (junit.c). Returns 0, or
 * -1 after a one-line error (the file exists or cannot be written).
 */
int junit_write(const char *path, const struct regress *r, char **files);

#endif
