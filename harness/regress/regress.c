// SPDX-License-Identifier: GPL-2.0
/*
 * `vmfuzz regress [--junit FILE] [--worlds LIST] DIR|FILE...`: run every
 * regression program (regress.h) without and with its knobs in every
 * available world (or those of LIST), check
 * each outcome against its header and, with more than one world, that the
 * worlds agree (outcome, title, digest; a documented model difference,
 * exec_verdict(), is "explained" and counts as agreeing, with its reason as a
 * TAP comment). Prints TAP version 13; --junit
 * also writes JUnit XML (junit.c). Exit: 0 every expectation held and the
 * worlds agreed, 1 an expectation broke, 3 the worlds disagreed, 4 an
 * emulator failed, 2 bad input (before anything runs).
 */
#include "regress.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "campaign.h"
#include "emu.h"
#include "spawn.h"

/* The host executor in the emulators' shape. */
static int host_exec(const char *firmware, const struct prog_input *progs,
		     unsigned n, const struct vmf_config *cfg,
		     struct exec_result *res, char *why, unsigned whylen)
{
	(void)firmware;
	(void)why;
	(void)whylen;
	return softmmu_exec(progs, n, cfg, res);
}

/* Every world: name, executor, and the program it needs ($ENV or default;
 * NULL: none). A new emulator is one more line. */
static const struct world worlds[] = {
	{ "host", host_exec, NULL, NULL },
	{ "qemu", qemu_exec, "VMFUZZ_QEMU", "qemu-system-i386" },
	{ "bochs", bochs_exec, "VMFUZZ_BOCHS", "bochs-bin" },
};

#define NWORLDS (sizeof(worlds) / sizeof(worlds[0]))

/* True when `name` is in the comma-separated list (NULL: every name). */
static bool listed(const char *list, const char *name)
{
	size_t n = strlen(name);
	const char *p;

	for (p = list; p && *p; p += *p == ',') {
		if (!strncmp(p, name, n) && (p[n] == ',' || !p[n]))
			return true;
		p += strcspn(p, ",");
	}
	return !list;
}

/* NULL when world w can run here, else why not. */
static const char *unavailable(const struct world *w, const char *only)
{
	const char *prog = w->env ? getenv(w->env) : NULL;

	if (!listed(only, w->name))
		return "not in --worlds";
	if (!w->program)
		return NULL;
	if (!*emu_firmware() || access(emu_firmware(), R_OK))
		return "no firmware (this build has no cross compiler)";
	if (!find_program(prog && *prog ? prog : w->program))
		return "emulator not installed";
	return NULL;
}

static void add_run(struct regress *r, unsigned prog,
		    const struct vmf_config *cfg, const char *want,
		    const char *knob)
{
	struct regress_run *run = &r->runs[r->nruns++];

	run->prog = prog;
	run->cfg = *cfg;
	run->want = want;
	run->knob = knob;
}

/* Runs 2i (without knobs) and 2i+1 (with, if program i has a knob). */
static int plan(struct regress *r, char **files, unsigned n)
{
	char err[1024];
	unsigned i;

	r->runs = calloc(2 * n + 1, sizeof(*r->runs));
	r->exp = calloc(n + 1, sizeof(*r->exp));
	if (!r->runs || !r->exp)
		return EXIT_USAGE;
	for (i = 0; i < n; i++) {
		struct expectation *e = &r->exp[i];

		if (!progfile_is_text(files[i]))
			snprintf(err, sizeof(err),
				 "%s:1: not a .vmf regression program",
				 files[i]);
		if (!progfile_is_text(files[i]) ||
		    expectation_read(files[i], e, err, sizeof(err))) {
			fprintf(stderr, "vmfuzz: %s\n", err);
			return EXIT_USAGE;
		}
		add_run(r, i, &e->without, e->want_without, "none");
		if (expectation_has_knob(e))
			add_run(r, i, &e->with, e->want_with, e->knob);
	}
	return 0;
}

/* Run every run with cfg equal to runs[first]'s in world w, in one call. */
static int run_group(struct regress *r, unsigned w, unsigned first,
		     const struct prog_input *progs, bool *done)
{
	const struct vmf_config *cfg = &r->runs[first].cfg;
	struct prog_input *in = calloc(r->nruns, sizeof(*in));
	struct exec_result *res = calloc(r->nruns, sizeof(*res));
	unsigned *idx = calloc(r->nruns, sizeof(*idx)), k, n = 0;
	char why[512] = "";
	int rc = EXIT_USAGE;

	for (k = first; in && res && idx && k < r->nruns; k++) {
		if (done[k] || memcmp(&r->runs[k].cfg, cfg, sizeof(*cfg)))
			continue;
		done[k] = true;
		in[n] = progs[r->runs[k].prog];
		idx[n++] = k;
	}
	if (n) {
		rc = worlds[w].exec(emu_firmware(), in, n, cfg, res, why,
				    sizeof(why));
		if (rc)
			fprintf(stderr, "vmfuzz: %s: %s\n", worlds[w].name,
				why);
	}
	for (k = 0; k < n; k++)
		r->runs[idx[k]].res[w] = res[k];
	free(in);
	free(res);
	free(idx);
	return rc;
}

/* Execute every run in every available world. */
static int execute(struct regress *r, const struct prog_input *progs,
		   const char *only)
{
	bool *done = calloc(r->nruns + 1, sizeof(*done));
	unsigned w, k;
	int rc = 0;

	for (w = 0; done && w < NWORLDS; w++) {
		r->name[w] = worlds[w].name;
		r->nw = NWORLDS;
		if ((r->skip[w] = unavailable(&worlds[w], only)))
			continue;
		r->nworlds++;
		memset(done, 0, r->nruns * sizeof(*done));
		for (k = 0; k < r->nruns; k++)
			if (!done[k] && run_group(r, w, k, progs, done))
				rc = EXIT_EMULATOR;
	}
	free(done);
	return done ? rc : EXIT_USAGE;
}

static void print_point(struct regress *r, bool ok, const char *what,
			const char *detail)
{
	printf("%sok %u - %s\n", ok ? "" : "not ", ++r->npoints, what);
	if (!ok)
		printf("  ---\n  message: %s\n  ...\n", detail);
}

/* The knob-less run of the program run k runs, or NULL. */
static const struct regress_run *base_run(const struct regress *r, unsigned k)
{
	unsigned i;

	for (i = 0; i < r->nruns; i++)
		if (r->runs[i].prog == r->runs[k].prog &&
		    !strcmp(r->runs[i].knob, "none"))
			return &r->runs[i];
	return NULL;
}

/* Classify every world of run k against the first (exec_verdict()): sets
 * run->disagree, or run->explained to the reason of a documented difference. */
static void classify_run(const struct regress *r, struct regress_run *run)
{
	const struct exec_result *first = NULL;
	bool strict = false;
	const char *why;
	unsigned w;

	for (w = 0; w < NWORLDS; w++) {
		if (r->skip[w])
			continue;
		if (!first) {
			first = &run->res[w];
			strict = w == 0; /* worlds[0] is the host */
			continue;
		}
		switch (exec_verdict(first, &run->res[w], strict, &why)) {
		case VERDICT_DISAGREE:
			run->disagree = true;
			break;
		case VERDICT_EXPLAINED:
			run->explained = why;
			break;
		default:
			break;
		}
	}
}

/* TAP points of run k: one per world, then whether the worlds agree. An
 * emulator world whose result is an explained difference from a host that
 * held its expectation holds too, with the reason as a TAP comment. */
static void report_run(struct regress *r, unsigned k, const char *file)
{
	struct regress_run *run = &r->runs[k];
	const struct regress_run *base = base_run(r, k);
	char what[4096 + 512], detail[2 * VMF_TITLE_MAX + 128];
	bool host_held = false, held;
	unsigned w;

	classify_run(r, run);
	for (w = 0; w < NWORLDS; w++) {
		const struct exec_result *g = &run->res[w];

		if (r->skip[w])
			continue;
		held = expectation_holds(g, run->want,
					 base ? &base->res[w] : NULL);
		if (w == 0)
			host_held = held;
		run->held[w] = held ||
			       (w && host_held && !run->disagree && run->explained);
		snprintf(what, sizeof(what), "%s: %s --bugs=%s: %s%s%s",
			 worlds[w].name, file, run->knob, run->want,
			 held || !run->held[w] ? "" : " # explained: ",
			 held || !run->held[w] ? "" : run->explained);
		snprintf(detail, sizeof(detail), "got %s '%s' digest=%016llx",
			 exec_outcome_word(g->outcome), g->title, g->digest);
		print_point(r, run->held[w], what, detail);
		r->broken += !run->held[w];
	}
	if (r->nworlds < 2)
		return;
	held = run->explained && !run->disagree;
	snprintf(what, sizeof(what), "agree: %s --bugs=%s%s%s", file,
		 run->knob, held ? " # explained: " : "",
		 held ? run->explained : "");
	detail[0] = '\0';
	for (w = 0; w < NWORLDS; w++)
		if (!r->skip[w])
			snprintf(detail + strlen(detail),
				 sizeof(detail) - strlen(detail),
				 "%s%s %s digest=%016llx",
				 detail[0] ? ", " : "", worlds[w].name,
				 exec_outcome_word(run->res[w].outcome),
				 run->res[w].digest);
	print_point(r, !run->disagree, what, detail);
	r->disagreements += run->disagree;
	r->explained += run->explained && !run->disagree;
}

static void report(struct regress *r, char **files)
{
	unsigned w, k, per_run = r->nworlds + (r->nworlds > 1);

	printf("TAP version 13\n1..%u\n", r->nruns * per_run);
	for (w = 0; w < NWORLDS; w++)
		if (r->skip[w])
			printf("# %s: skipped: %s\n", worlds[w].name,
			       r->skip[w]);
	for (k = 0; k < r->nruns; k++)
		report_run(r, k, files[r->runs[k].prog]);
	printf("# %u programs, %u runs, %u worlds: %u broken, %u disagree, "
	       "%u explained\n",
	       r->nprogs, r->nruns, r->nworlds, r->broken, r->disagreements,
	       r->explained);
	fflush(stdout);
}

static void regress_free(struct regress *r)
{
	unsigned k, w;

	for (k = 0; r->runs && k < r->nruns; k++)
		for (w = 0; w < NWORLDS; w++)
			exec_result_free(&r->runs[k].res[w]);
	free(r->runs);
	free(r->exp);
}

/* Split "--junit FILE" and "--worlds LIST" off argv; the rest goes to
 * cli_parse(). */
static int parse(int argc, char **argv, struct cli *c, const char **junit,
		 const char **only)
{
	char **rest = calloc((size_t)argc + 1, sizeof(*rest));
	int i, n = 0, rc;

	if (!rest)
		return EXIT_USAGE;
	for (i = 0; i < argc; i++) {
		if (!strncmp(argv[i], "--junit=", 8))
			*junit = argv[i] + 8;
		else if (!strcmp(argv[i], "--junit") && i + 1 < argc)
			*junit = argv[++i];
		else if (!strncmp(argv[i], "--worlds=", 9))
			*only = argv[i] + 9;
		else if (!strcmp(argv[i], "--worlds") && i + 1 < argc)
			*only = argv[++i];
		else
			rest[n++] = argv[i];
	}
	rc = cli_parse(n, rest, 0, c);
	free(rest);
	if (!rc && (c->nfiles == 0 || c->out || c->cfg.bugs ||
		    c->cfg.vmalloc_reserve)) {
		fprintf(stderr,
			"usage: vmfuzz regress [--junit FILE] "
			"[--worlds host,qemu,bochs] DIR|FILE.vmf... (knobs come "
			"from the headers)\n");
		rc = EXIT_USAGE;
	}
	if (!rc && *junit && !access(*junit, F_OK)) {
		fprintf(stderr, "vmfuzz: %s: exists, not overwritten\n",
			*junit);
		rc = EXIT_USAGE;
	}
	return rc;
}

int cmd_regress(int argc, char **argv)
{
	static struct regress r;
	struct prog_input *progs = NULL;
	const char *junit = NULL, *only = NULL;
	struct cli c;
	int rc;

	if ((rc = parse(argc, argv, &c, &junit, &only)))
		return rc;
	memset(&r, 0, sizeof(r));
	r.nprogs = c.nfiles;
	if (!(rc = plan(&r, c.files, c.nfiles)) &&
	    !(rc = cli_load(&c, &progs))) {
		rc = execute(&r, progs, only);
		report(&r, c.files);
		if (junit && junit_write(junit, &r, c.files))
			rc = rc ? rc : EXIT_USAGE;
	}
	if (!rc)
		rc = r.disagreements ? EXIT_DISAGREE
		     : r.broken	     ? EXIT_BUG
				     : EXIT_OK;
	regress_free(&r);
	cli_free(&c, progs);
	return rc;
}
