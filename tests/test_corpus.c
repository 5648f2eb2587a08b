// SPDX-License-Identifier: GPL-2.0
/*
 * The corpora with their expected outcomes. Each program's header says what
 * it must do:
 *   # knob: NAME            (optional; none)
 *   # expect-with: OUTCOME  (with --bugs=NAME: "ok" or the BUG title)
 *   # expect-without: OUTCOME
 * `host` checks both runs on the soft MMU; `qemu` checks them in QEMU and
 * that QEMU agrees with the host (outcome, title and digest) on every one;
 * `bochs` checks them in all three worlds, one batch (one boot) per knob,
 * and that the three agree (exit 77, skipped, when Bochs cannot run).
 *
 * usage: test_corpus host|qemu|bochs DIR   (the firmware: $VMFUZZ_FIRMWARE
 * or the build's own)
 */
#include <stdlib.h>
#include <string.h>

#include "bugs.h"
#include "check.h"
#include "cli.h"
#include "emu.h"
#include "regress.h"

/* Run progs[i] for every i with knobs `bugs` on `world`, into res. */
static int execute(const char *world, const char *fw, struct prog_input *in,
		   unsigned n, const struct vmf_config *cfg,
		   struct exec_result *res)
{
	char why[512] = "";

	if (!strcmp(world, "host"))
		return softmmu_exec(in, n, cfg, res);
	if (qemu_exec(fw, in, n, cfg, res, why, sizeof(why))) {
		fprintf(stderr, "%s\n", why);
		return -1;
	}
	return 0;
}

/* The strict-TLB class (exec_verdict(), README "Known differences"): an
 * emulator's finite TLB, which QEMU also resizes by wall-clock windows, had
 * evicted the stale entry the host's kept. Not a failure; a real
 * disagreement (anything else) still is. */
static bool explained(const struct exec_result *host,
		      const struct exec_result *emu)
{
	return exec_verdict(host, emu, true, NULL) == VERDICT_EXPLAINED;
}

/* Run in with cfg on world and check want; base is the knob-less run (NULL
 * for that run itself). The result goes to *got (the caller frees it). */
static void check_one(const char *world, const char *fw, struct prog_input *in,
		      const struct vmf_config *cfg, const char *knob,
		      const char *want, const struct exec_result *base,
		      struct exec_result *got_out)
{
	struct exec_result got = { 0 }, host = { 0 };
	bool have_host;

	if (execute(world, fw, in, 1, cfg, &got)) {
		CHECK(0, "%s: %s executor failed", in->name, world);
		*got_out = got;
		return;
	}
	have_host = strcmp(world, "host") &&
		    !execute("host", fw, in, 1, cfg, &host);
	*got_out = got;
	if (have_host && explained(&host, &got)) {
		exec_result_free(&host);
		return;
	}
	CHECK(expectation_holds(&got, want, base),
	      "%s --bugs=%s on %s: got %s '%s', want '%s'", in->name, knob,
	      world, exec_outcome_word(got.outcome), got.title, want);
	if (have_host)
		CHECK(exec_agree(&got, &host),
		      "%s --bugs=%s: qemu %s %016llx, host %s %016llx",
		      in->name, knob, exec_outcome_word(got.outcome),
		      got.digest, exec_outcome_word(host.outcome), host.digest);
	exec_result_free(&host);
}

/* The three worlds' results for one batch: res[w][i] for program idx[i]. */
struct batch {
	struct exec_result *res[NR_WORLDS];
	unsigned *idx, k;
};

/* Run programs idx[0..k) with cfg in every world into b. */
static void run_batch(struct prog_input *progs, const struct vmf_config *cfg,
		      struct batch *b)
{
	struct prog_input *in = calloc(b->k + 1, sizeof(*in));
	char why[512];
	unsigned i, w;

	for (i = 0; i < b->k; i++)
		in[i] = progs[b->idx[i]];
	for (w = 0; w < NR_WORLDS; w++) {
		b->res[w] = calloc(b->k + 1, sizeof(*b->res[w]));
		CHECK(!exec_world(w, emu_firmware(), in, b->k, cfg, b->res[w],
				  why, sizeof(why)),
		      "batch of %u: %s", b->k, why);
	}
	free(in);
}

static void free_batch(struct batch *b)
{
	unsigned i, w;

	for (w = 0; w < NR_WORLDS; w++) {
		for (i = 0; i < b->k; i++)
			exec_result_free(&b->res[w][i]);
		free(b->res[w]);
	}
	free(b->idx);
}

/* Check batch b's expectations (with the knobs or without) and that the
 * worlds agree; none[w][p] is program p's knob-less result (NULL for the
 * knob-less batch itself). */
static void check_batch(const struct prog_input *progs,
			const struct expectation *e, const struct batch *b,
			bool with, struct exec_result **none)
{
	unsigned i, w;

	for (i = 0; i < b->k; i++) {
		const struct expectation *x = &e[b->idx[i]];
		const char *want = with ? x->want_with : x->want_without;
		const char *knob = with ? x->knob : "none";

		for (w = 0; w < NR_WORLDS; w++) {
			const struct exec_result *r = &b->res[w][i];

			if (w && explained(&b->res[0][i], r))
				continue;
			CHECK(expectation_holds(r, want,
						none ? &none[w][b->idx[i]]
						     : NULL),
			      "%s --bugs=%s on %s: got %s '%s', want '%s'",
			      progs[b->idx[i]].name, knob, exec_world_names[w],
			      exec_outcome_word(r->outcome), r->title, want);
			CHECK(exec_agree(r, &b->res[0][i]),
			      "%s --bugs=%s: %s %s %016llx, host %s %016llx",
			      progs[b->idx[i]].name, knob, exec_world_names[w],
			      exec_outcome_word(r->outcome), r->digest,
			      exec_outcome_word(b->res[0][i].outcome),
			      b->res[0][i].digest);
		}
	}
}

/* Knob-less results indexed by program (slots of unread programs zero). */
static void spread(const struct batch *b, unsigned n, struct exec_result **none)
{
	unsigned i, w;

	for (w = 0; w < NR_WORLDS; w++) {
		none[w] = calloc(n + 1, sizeof(*none[w]));
		for (i = 0; i < b->k; i++)
			none[w][b->idx[i]] = b->res[w][i];
	}
}

/* The batch of programs p >= first whose knob configuration equals
 * program first's; marks them done. */
static void knob_batch(const struct expectation *e, unsigned n, unsigned first,
		       bool *done, struct batch *b)
{
	unsigned p;

	b->idx = calloc(n + 1, sizeof(*b->idx));
	b->k = 0;
	for (p = first; p < n; p++)
		if (!done[p] && expectation_has_knob(&e[p]) &&
		    !memcmp(&e[p].with, &e[first].with, sizeof(e[p].with))) {
			done[p] = true;
			b->idx[b->k++] = p;
		}
}

/* `bochs`: without knobs (one batch), then each knob configuration (one
 * batch, one boot each), in three worlds. */
static int three_worlds(struct cli *c, struct prog_input *progs)
{
	struct expectation *e = calloc(c->nfiles + 1, sizeof(*e));
	bool *done = calloc(c->nfiles + 1, sizeof(*done));
	struct exec_result *none[NR_WORLDS];
	struct batch all = { .idx = calloc(c->nfiles + 1, sizeof(unsigned)) };
	char why[512];
	unsigned i, w;

	if (exec_world(WORLD_BOCHS, emu_firmware(), NULL, 0, NULL, NULL, why,
		       sizeof(why))) {
		printf("bochs: skipped: %s\n", why);
		return 77;
	}
	for (i = 0; i < c->nfiles; i++)
		if (progfile_is_text(c->files[i]) &&
		    !expectation_read(c->files[i], &e[i], why, sizeof(why)))
			all.idx[all.k++] = i;
		else
			done[i] = true;
	run_batch(progs, &(struct vmf_config){ 0 }, &all);
	check_batch(progs, e, &all, false, NULL);
	spread(&all, c->nfiles, none);
	for (i = 0; i < c->nfiles; i++) {
		struct batch b;

		if (done[i] || !expectation_has_knob(&e[i]))
			continue;
		knob_batch(e, c->nfiles, i, done, &b);
		run_batch(progs, &e[i].with, &b);
		check_batch(progs, e, &b, true, none);
		free_batch(&b);
	}
	free_batch(&all);
	for (w = 0; w < NR_WORLDS; w++)
		free(none[w]);
	free(e);
	free(done);
	return check_done("bochs");
}

int main(int argc, char **argv)
{
	struct prog_input *progs;
	struct cli c;
	unsigned i;

	if (argc != 3 || cli_parse(argc, argv, 2, &c) || cli_load(&c, &progs)) {
		fprintf(stderr, "usage: test_corpus host|qemu|bochs DIR\n");
		return 2;
	}
	CHECK(c.nfiles > 0, "no corpus files in %s", argv[2]);
	if (!strcmp(argv[1], "bochs"))
		return three_worlds(&c, progs);
	for (i = 0; i < c.nfiles; i++) {
		struct exec_result base = { 0 }, with = { 0 };
		struct expectation e;
		char err[512];

		if (!progfile_is_text(c.files[i]))
			continue;
		if (expectation_read(c.files[i], &e, err, sizeof(err))) {
			CHECK(0, "%s", err);
			continue;
		}
		check_one(argv[1], emu_firmware(), &progs[i], &e.without,
			  "none", e.want_without, NULL, &base);
		if (expectation_has_knob(&e))
			check_one(argv[1], emu_firmware(), &progs[i], &e.with,
				  e.knob, e.want_with, &base, &with);
		exec_result_free(&base);
		exec_result_free(&with);
	}
	cli_free(&c, progs);
	return check_done(argv[1]);
}
