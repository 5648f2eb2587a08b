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

struct expectation {
	char knob[32];
	char with[VMF_TITLE_MAX];
	char without[VMF_TITLE_MAX];
};

static void header_value(const char *text, const char *key, char *out, size_t n)
{
	const char *p = strstr(text, key), *e;

	out[0] = '\0';
	if (!p)
		return;
	p += strlen(key);
	while (*p == ' ')
		p++;
	e = strchr(p, '\n');
	snprintf(out, n, "%.*s", (int)(e ? e - p : (long)strlen(p)), p);
}

static int read_expectation(const char *path, struct expectation *e)
{
	char err[256], *text;
	size_t len;

	if (read_whole_file(path, &text, &len, err, sizeof(err)))
		return -1;
	header_value(text, "# knob:", e->knob, sizeof(e->knob));
	header_value(text, "# expect-with:", e->with, sizeof(e->with));
	header_value(text, "# expect-without:", e->without, sizeof(e->without));
	free(text);
	if (!e->knob[0])
		snprintf(e->knob, sizeof(e->knob), "none");
	return e->without[0] && (!strcmp(e->knob, "none") || e->with[0]) ? 0
									 : -1;
}

static bool matches(const struct exec_result *r, const char *want)
{
	if (!strcmp(want, "ok"))
		return r->outcome == EXEC_OK;
	return r->outcome == EXEC_BUG && !strcmp(r->title, want);
}

/* Run progs[i] for every i with knobs `bugs` on `world`, into res. */
static int execute(const char *world, const char *fw, struct prog_input *in,
		   unsigned n, u32 bugs, struct exec_result *res)
{
	struct vmf_config cfg = { .bugs = bugs };
	char why[512] = "";

	if (!strcmp(world, "host"))
		return softmmu_exec(in, n, &cfg, res);
	if (qemu_exec(fw, in, n, &cfg, res, why, sizeof(why))) {
		fprintf(stderr, "%s\n", why);
		return -1;
	}
	return 0;
}

static void check_one(const char *world, const char *fw, struct prog_input *in,
		      const char *knob, const char *want)
{
	struct exec_result got = { 0 }, host = { 0 };
	const char *bad;
	u32 bugs = 0, badlen;

	if (strcmp(knob, "none") &&
	    bugs_parse(knob, (u32)strlen(knob), &bugs, &bad, &badlen)) {
		CHECK(0, "%s: unknown knob %s", in->name, knob);
		return;
	}
	if (execute(world, fw, in, 1, bugs, &got)) {
		CHECK(0, "%s: %s executor failed", in->name, world);
		return;
	}
	CHECK(matches(&got, want), "%s --bugs=%s on %s: got %s '%s', want '%s'",
	      in->name, knob, world, exec_outcome_word(got.outcome), got.title,
	      want);
	if (strcmp(world, "host") && !execute("host", fw, in, 1, bugs, &host))
		CHECK(exec_agree(&got, &host),
		      "%s --bugs=%s: qemu %s %016llx, host %s %016llx",
		      in->name, knob, exec_outcome_word(got.outcome),
		      got.digest, exec_outcome_word(host.outcome), host.digest);
	exec_result_free(&got);
	exec_result_free(&host);
}

/* Programs whose own knob is `knob` ("none": every program, no knob). */
static unsigned pick(const struct expectation *e, unsigned n, const char *knob,
		     unsigned *idx)
{
	unsigned i, k = 0;

	for (i = 0; i < n; i++)
		if (e[i].knob[0] &&
		    (!strcmp(knob, "none") || !strcmp(e[i].knob, knob)))
			idx[k++] = i;
	return k;
}

/* One knob's batch in the three worlds: expectations and agreement. */
static void check_batch(struct prog_input *progs, const struct expectation *e,
			unsigned n, const char *knob, unsigned *idx)
{
	struct exec_result *res[NR_WORLDS];
	struct prog_input *in = calloc(n, sizeof(*in));
	struct vmf_config cfg = { 0 };
	const char *bad;
	char why[512];
	unsigned k = pick(e, n, knob, idx), i, w;
	u32 badlen;

	if (strcmp(knob, "none"))
		bugs_parse(knob, (u32)strlen(knob), &cfg.bugs, &bad, &badlen);
	for (i = 0; i < k; i++)
		in[i] = progs[idx[i]];
	for (w = 0; w < NR_WORLDS; w++) {
		res[w] = calloc(k ? k : 1, sizeof(*res[w]));
		CHECK(!exec_world(w, cli_firmware(), in, k, &cfg, res[w], why,
				  sizeof(why)),
		      "--bugs=%s: %s", knob, why);
	}
	for (i = 0; i < k; i++) {
		const struct expectation *x = &e[idx[i]];
		const char *want = strcmp(knob, "none") ? x->with : x->without;

		for (w = 0; w < NR_WORLDS; w++) {
			const struct exec_result *r = &res[w][i];

			CHECK(matches(r, want),
			      "%s --bugs=%s on %s: got %s '%s', want '%s'",
			      in[i].name, knob, exec_world_names[w],
			      exec_outcome_word(r->outcome), r->title, want);
			CHECK(exec_agree(r, &res[0][i]),
			      "%s --bugs=%s: %s %s %016llx, host %s %016llx",
			      in[i].name, knob, exec_world_names[w],
			      exec_outcome_word(r->outcome), r->digest,
			      exec_outcome_word(res[0][i].outcome),
			      res[0][i].digest);
		}
	}
	for (w = 0; w < NR_WORLDS; w++) {
		for (i = 0; i < k; i++)
			exec_result_free(&res[w][i]);
		free(res[w]);
	}
	free(in);
}

/* `bochs`: without knobs, then each program's own knob, in three worlds. */
static int three_worlds(struct cli *c, struct prog_input *progs)
{
	struct expectation *e = calloc(c->nfiles, sizeof(*e));
	unsigned *idx = calloc(c->nfiles, sizeof(*idx)), i, j;
	char why[512];

	if (exec_world(WORLD_BOCHS, cli_firmware(), NULL, 0, NULL, NULL, why,
		       sizeof(why))) {
		printf("bochs: skipped: %s\n", why);
		return 77;
	}
	for (i = 0; i < c->nfiles; i++)
		if (!progfile_is_text(c->files[i]) ||
		    read_expectation(c->files[i], &e[i]))
			e[i].knob[0] = '\0';
	check_batch(progs, e, c->nfiles, "none", idx);
	for (i = 0; i < c->nfiles; i++) {
		for (j = 0; j < i; j++)
			if (!strcmp(e[j].knob, e[i].knob))
				break;
		if (e[i].knob[0] && strcmp(e[i].knob, "none") && j == i)
			check_batch(progs, e, c->nfiles, e[i].knob, idx);
	}
	free(e);
	free(idx);
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
		struct expectation e;

		if (!progfile_is_text(c.files[i]))
			continue;
		if (read_expectation(c.files[i], &e)) {
			CHECK(0, "%s: missing # knob / expect headers",
			      c.files[i]);
			continue;
		}
		check_one(argv[1], cli_firmware(), &progs[i], "none",
			  e.without);
		if (strcmp(e.knob, "none"))
			check_one(argv[1], cli_firmware(), &progs[i], e.knob,
				  e.with);
	}
	cli_free(&c, progs);
	return check_done(argv[1]);
}
