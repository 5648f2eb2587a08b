// SPDX-License-Identifier: GPL-2.0
/*
 * `vmfuzz bisect CRASH_DIR|FILE [--bugs=LIST] [--vmalloc=SIZE] [--host-only]`:
 * the root cause of a reproducer over the knobs, found on the host and then
 * confirmed in every emulator of the table below. A FILE starts from every
 * knob (--bugs=all), and when that shows nothing from every knob of
 * generation 2 (all,correct-2.6.28). A behaviour that changes exactly
 * between the 2.6.27 and 2.6.28 profiles is "introduced (fixed) by the
 * rewrite in 2.6.28". Exit 1 for a BUG with a
 * cause (or with none: said loudly), 0 when ok (a placement cause too), 3
 * when an emulator disagrees, 4 when one could not run (--host-only skips
 * them).
 */
#define _XOPEN_SOURCE 700
#include "bisect.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "bugs.h"
#include "campaign.h"

/* The knobs of a cause, without the generation bit (VMF_GEN2). */
#define KNOB_BITS ((1u << NR_BUGS) - 1)

/* The emulators a cause is confirmed in; another one is one more row. */
static const struct emulator {
	const char *name;
	int (*exec)(const char *firmware, const struct prog_input *progs,
		    unsigned n, const struct vmf_config *cfg,
		    struct exec_result *results, char *why, unsigned whylen);
} emulators[] = {
	{ "qemu", qemu_exec },
};

struct bisect_args {
	const char *path;
	struct vmf_config cfg;
	bool knobs_given, vmalloc_given, host_only;
	bool default_start; /* --bugs=all: also try all,correct-2.6.28 */
};

static int parse_args(int argc, char **argv, struct bisect_args *a)
{
	const char *bugs = NULL, *vmalloc = NULL;
	int i, k;

	memset(a, 0, sizeof(*a));
	for (i = 0; i < argc; i++) {
		k = knob_option(argc, argv, &i, &a->cfg, &bugs, &vmalloc);
		if (k < 0)
			return EXIT_USAGE;
		if (k > 0)
			continue;
		if (!strcmp(argv[i], "--host-only"))
			a->host_only = true;
		else if (argv[i][0] == '-' || a->path)
			return fprintf(stderr,
				       "vmfuzz: bisect: unexpected '%s'\n",
				       argv[i]),
			       EXIT_USAGE;
		else
			a->path = argv[i];
	}
	a->knobs_given = bugs != NULL;
	a->vmalloc_given = vmalloc != NULL;
	if (!a->path)
		return fprintf(stderr, "vmfuzz: bisect needs a crash directory "
				       "or a program file\n"),
		       EXIT_USAGE;
	return 0;
}

/* Load the reproducer: PATH, or PATH/repro.bin of a crash directory, whose
 * recorded knobs (crashdir_knobs()) apply unless --bugs was given; a
 * --vmalloc given wins over the recorded one. */
static int load(struct bisect_args *a, struct prog_input *in, char *name,
		size_t n)
{
	char err[CAMPAIGN_PATH + 128];
	struct stat st;

	snprintf(name, n, "%s", a->path);
	if (!stat(a->path, &st) && S_ISDIR(st.st_mode)) {
		snprintf(name, n, "%s/repro.bin", a->path);
		if (!a->knobs_given) {
			ulong32 vmalloc = a->cfg.vmalloc_reserve;

			if (crashdir_knobs(a->path, &a->cfg))
				return EXIT_USAGE;
			if (a->vmalloc_given)
				a->cfg.vmalloc_reserve = vmalloc;
			a->knobs_given = true;
		}
	}
	if (!a->knobs_given) {
		a->cfg.bugs = KNOB_BITS;
		a->default_start = true;
	}
	if (progfile_load(name, in, err, sizeof(err))) {
		fprintf(stderr, "vmfuzz: %s\n", err);
		return EXIT_USAGE;
	}
	return 0;
}

static void print_knobs(u32 cause)
{
	unsigned i;

	for (i = 0; i < NR_BUGS; i++)
		if (cause >> i & 1)
			printf("  %s: %s\n    source: %s\n", bug_knobs[i].name,
			       bug_knobs[i].era, bug_knobs[i].fix);
}

/* First and last release of mask (-1 when empty); true when it has gaps. */
static bool release_span(u64 mask, int *first, int *last)
{
	int i, gaps = 0;

	*first = *last = -1;
	for (i = 0; i < VMF_NR_RELEASES; i++) {
		if (!(mask >> i & 1))
			continue;
		gaps += *last >= 0 && *last != i - 1;
		*first = *first < 0 ? i : *first;
		*last = i;
	}
	return gaps != 0;
}

/* "present 2.6.0 ... 2.6.11, fixed by <source>" or why not; then the
 * releases that show the same title through other knobs, if any. */
static void print_releases(const struct bisect_result *r)
{
	int first, last, i;
	bool gaps = release_span(r->releases_cause, &first, &last);

	if (!(r->cause & KNOB_BITS)) {
		if (first >= 0)
			printf("present %s ... %s%s\n",
			       vmf_release_at(first)->name,
			       vmf_release_at(last)->name,
			       gaps ? " (with gaps)" : "");
	} else if (first < 0) {
		printf("releases: no release profile (2.6.0 .. 2.6.39) "
		       "reproduces it with its cause\n");
	} else {
		printf("present %s ... %s%s, fixed by ",
		       vmf_release_at(first)->name, vmf_release_at(last)->name,
		       gaps ? " (with gaps)" : "");
		for (i = 0; i < NR_BUGS; i++)
			if (r->cause >> i & 1)
				printf("%s [%s]%s", bug_knobs[i].fix,
				       bug_knobs[i].name,
				       ((r->cause & KNOB_BITS) >> (i + 1))
					       ? "; "
					       : "\n");
	}
	if (r->releases == r->releases_cause || !(r->cause & KNOB_BITS))
		return;
	printf("the same behaviour, through other knobs, in:");
	for (i = 0; i < VMF_NR_RELEASES; i++)
		if ((r->releases & ~r->releases_cause) >> i & 1)
			printf(" %s", vmf_release_at(i)->name);
	putchar('\n');
}

/* The generation boundary: "introduced by the rewrite in 2.6.28" or
 * "fixed by the rewrite in 2.6.28" when the behaviour changes exactly
 * between the 2.6.27 and 2.6.28 profiles. */
static void print_generation(const struct bisect_result *r)
{
	bool every;
	int g = bisect_generation(r, &every);

	if (!g)
		return;
	printf("%s by the rewrite in 2.6.28 (Nick Piggin, db64fe02258f "
	       "\"mm: rewrite vmap layer\"): %s in 2.6.27, %s in 2.6.28%s\n",
	       g > 0 ? "introduced" : "fixed", g > 0 ? "absent" : "present",
	       g > 0 ? "present" : "absent",
	       !every	? ""
	       : g > 0	? "; in every generation-2 release (2.6.28 .. 2.6.39)"
			: "; in no generation-2 release");
}

/* cause: the knobs, or the generation-2 layer with none. */
static void print_cause(const struct bisect_result *r, const char *cause)
{
	if (r->cause == VMF_GEN2)
		printf("cause: the generation-2 vmap layer itself "
		       "(correct-2.6.28, no knob)\n");
	else
		printf("cause: %s%s\n", cause,
		       r->cause & VMF_GEN2 ? " (generation 2)" : "");
}

/* confirm_one()'s return for an explained difference (exec_verdict()). */
#define CONFIRM_EXPLAINED (-1)

/* Run in under mask on the host and on emulator e; agree? Returns 0,
 * CONFIRM_EXPLAINED (why says why), EXIT_DISAGREE or the emulator's error. */
static int confirm_one(const struct emulator *e, const struct prog_input *in,
		       const struct vmf_config *base, u32 mask, char *why)
{
	struct vmf_config cfg = *base;
	struct exec_result h = { 0 }, q = { 0 };
	enum exec_verdict v;
	const char *reason;
	int rc;

	cfg.bugs = mask;
	cfg.trace = false;
	softmmu_exec(in, 1, &cfg, &h);
	rc = e->exec(emu_firmware(), in, 1, &cfg, &q, why, 512);
	if (!rc && (v = exec_verdict(&h, &q, true, &reason)) != VERDICT_AGREE) {
		snprintf(why, 512,
			 "with --bugs of 0x%x: host %s %016llx, %s %s %016llx%s%s",
			 mask, exec_outcome_word(h.outcome), h.digest, e->name,
			 exec_outcome_word(q.outcome), q.digest,
			 v == VERDICT_EXPLAINED ? ": " : "", reason);
		rc = v == VERDICT_EXPLAINED ? CONFIRM_EXPLAINED : EXIT_DISAGREE;
	}
	exec_result_free(&h);
	exec_result_free(&q);
	return rc;
}

/* Confirm in every emulator: same result with the cause and with none.
 * Returns 0, EXIT_DISAGREE, or EXIT_EMULATOR (printed). */
static int confirm(const struct prog_input *in, const struct vmf_config *cfg,
		   u32 cause)
{
	unsigned i;
	int worst = 0, rc;

	for (i = 0; i < sizeof(emulators) / sizeof(emulators[0]); i++) {
		char why[512] = "";

		rc = confirm_one(&emulators[i], in, cfg, cause, why);
		if (!rc && cause)
			rc = confirm_one(&emulators[i], in, cfg, 0, why);
		if (!rc)
			printf("%s: confirmed (same outcome and digest as the "
			       "host, with the cause and without)\n",
			       emulators[i].name);
		else if (rc == CONFIRM_EXPLAINED)
			printf("%s: explained: %s\n", emulators[i].name, why);
		else
			printf("%s: %s: %s\n", emulators[i].name,
			       rc == EXIT_DISAGREE ? "DISAGREES"
						   : "could not run",
			       why);
		if (rc == CONFIRM_EXPLAINED)
			rc = 0; /* a documented difference confirms */
		worst = rc == EXIT_DISAGREE || worst == EXIT_DISAGREE
				? EXIT_DISAGREE
				: (rc ? rc : worst);
	}
	return worst;
}

static int report(const struct bisect_args *a, const struct prog_input *in,
		  const struct bisect_result *r)
{
	char cause[256];
	int rc;

	bisect_cause_name(r->cause, cause, sizeof(cause));
	if (r->kind == BISECT_NONE) {
		printf("%s: ok under these knobs and no other placement: "
		       "nothing to bisect\n",
		       in->name);
		return EXIT_OK;
	}
	if (r->kind == BISECT_NO_KNOB) {
		printf("%s: %s\n*** BUG WITH NO KNOB AT ALL: a bug of the "
		       "correct core or a false positive of the oracle ***\n",
		       in->name, r->title);
		fprintf(stderr, "vmfuzz: %s: BUG with no knob: '%s'\n",
			in->name, r->title);
	} else {
		printf("%s: %s\n", in->name,
		       r->kind == BISECT_PLACEMENT ? "ok, placement differs"
						   : r->title);
		print_cause(r, cause);
		if (r->cause == VMF_GEN2 && r->kind == BISECT_CAUSE)
			printf("*** BUG IN correct-2.6.28 WITH NO KNOB: a bug "
			       "of the generation-2 port or its oracle, or a "
			       "2.6.28 bug no knob models ***\n");
		print_knobs(r->cause);
		print_releases(r);
		print_generation(r);
	}
	printf("host: %u runs\n", r->runs);
	rc = a->host_only ? 0 : confirm(in, &a->cfg, r->cause);
	if (rc) /* not confirmed: an emulator disagrees or could not run */
		return rc;
	return r->kind == BISECT_PLACEMENT ? EXIT_OK : EXIT_BUG;
}

int cmd_bisect(int argc, char **argv)
{
	struct bisect_args a;
	struct bisect_result r;
	struct prog_input in;
	char name[CAMPAIGN_PATH + 32];
	int rc;

	if ((rc = parse_args(argc, argv, &a)) ||
	    (rc = load(&a, &in, name, sizeof(name))))
		return rc;
	in.name = name;
	rc = bisect_host(&in, &a.cfg, true, &r);
	if (!rc && r.kind == BISECT_NONE && a.default_start) {
		/* nothing in generation 1: every knob of generation 2 */
		a.cfg.bugs = KNOB_BITS | VMF_GEN2;
		rc = bisect_host(&in, &a.cfg, true, &r);
	}
	if (rc) {
		free(in.data);
		return EXIT_USAGE;
	}
	rc = report(&a, &in, &r);
	fflush(stdout);
	free(in.data);
	return rc;
}
