// SPDX-License-Identifier: GPL-2.0
/*
 * The corpora with their expected outcomes. Each program's header says what
 * it must do:
 *   # knob: NAME            (optional; none)
 *   # expect-with: OUTCOME  (with --bugs=NAME: "ok" or the BUG title)
 *   # expect-without: OUTCOME
 * "ok (placement differs)" (a placement knob) means ok with another trace
 * digest than the run without the knob.
 * `host` checks both runs on the soft MMU; `qemu` checks them in QEMU and
 * that QEMU agrees with the host (outcome, title and digest) on every one.
 *
 * usage: test_corpus host|qemu DIR   (the firmware: $VMFUZZ_FIRMWARE or the
 * build's own)
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

#define PLACEMENT "ok (placement differs)"

/* Does r match want; `without` is the digest of the knob-less run. */
static bool matches(const struct exec_result *r, const char *want,
		    unsigned long long without)
{
	if (!strcmp(want, PLACEMENT))
		return r->outcome == EXEC_OK && r->digest != without;
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

/* Run in->name with `knob` on `world`, check `want`; returns the digest. */
static unsigned long long check_one(const char *world, const char *fw,
				    struct prog_input *in, const char *knob,
				    const char *want,
				    unsigned long long without)
{
	unsigned long long digest;
	struct exec_result got = { 0 }, host = { 0 };
	const char *bad;
	u32 bugs = 0, badlen;

	if (strcmp(knob, "none") &&
	    bugs_parse(knob, (u32)strlen(knob), &bugs, &bad, &badlen)) {
		CHECK(0, "%s: unknown knob %s", in->name, knob);
		return 0;
	}
	if (execute(world, fw, in, 1, bugs, &got)) {
		CHECK(0, "%s: %s executor failed", in->name, world);
		return 0;
	}
	CHECK(matches(&got, want, without),
	      "%s --bugs=%s on %s: got %s '%s', want '%s'", in->name, knob,
	      world, exec_outcome_word(got.outcome), got.title, want);
	if (strcmp(world, "host") && !execute("host", fw, in, 1, bugs, &host))
		CHECK(exec_agree(&got, &host),
		      "%s --bugs=%s: qemu %s %016llx, host %s %016llx",
		      in->name, knob, exec_outcome_word(got.outcome),
		      got.digest, exec_outcome_word(host.outcome), host.digest);
	digest = got.digest;
	exec_result_free(&got);
	exec_result_free(&host);
	return digest;
}

int main(int argc, char **argv)
{
	struct prog_input *progs;
	struct cli c;
	unsigned i;

	if (argc != 3 || cli_parse(argc, argv, 2, &c) || cli_load(&c, &progs)) {
		fprintf(stderr, "usage: test_corpus host|qemu DIR\n");
		return 2;
	}
	CHECK(c.nfiles > 0, "no corpus files in %s", argv[2]);
	for (i = 0; i < c.nfiles; i++) {
		unsigned long long without;
		struct expectation e;

		if (!progfile_is_text(c.files[i]))
			continue;
		if (read_expectation(c.files[i], &e)) {
			CHECK(0, "%s: missing # knob / expect headers",
			      c.files[i]);
			continue;
		}
		without = check_one(argv[1], cli_firmware(), &progs[i], "none",
				    e.without, 0);
		if (strcmp(e.knob, "none"))
			check_one(argv[1], cli_firmware(), &progs[i], e.knob,
				  e.with, without);
	}
	cli_free(&c, progs);
	return check_done(argv[1]);
}
