// SPDX-License-Identifier: GPL-2.0
/*
 * The corpora with their expected outcomes. Each program's header says what
 * it must do:
 *   # knob: NAME            (optional; none)
 *   # expect-with: OUTCOME  (with --bugs=NAME: "ok" or the BUG title)
 *   # expect-without: OUTCOME
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

/* Run in with cfg on world and check want; base is the knob-less run (NULL
 * for that run itself). The result goes to *got (the caller frees it). */
static void check_one(const char *world, const char *fw, struct prog_input *in,
		      const struct vmf_config *cfg, const char *knob,
		      const char *want, const struct exec_result *base,
		      struct exec_result *got_out)
{
	struct exec_result got = { 0 }, host = { 0 };

	if (execute(world, fw, in, 1, cfg, &got)) {
		CHECK(0, "%s: %s executor failed", in->name, world);
		*got_out = got;
		return;
	}
	CHECK(expectation_holds(&got, want, base),
	      "%s --bugs=%s on %s: got %s '%s', want '%s'", in->name, knob,
	      world, exec_outcome_word(got.outcome), got.title, want);
	if (strcmp(world, "host") && !execute("host", fw, in, 1, cfg, &host))
		CHECK(exec_agree(&got, &host),
		      "%s --bugs=%s: qemu %s %016llx, host %s %016llx",
		      in->name, knob, exec_outcome_word(got.outcome),
		      got.digest, exec_outcome_word(host.outcome), host.digest);
	*got_out = got;
	exec_result_free(&host);
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
		struct exec_result base = { 0 }, with = { 0 };
		struct expectation e;
		char err[512];

		if (!progfile_is_text(c.files[i]))
			continue;
		if (expectation_read(c.files[i], &e, err, sizeof(err))) {
			CHECK(0, "%s", err);
			continue;
		}
		check_one(argv[1], cli_firmware(), &progs[i], &e.without,
			  "none", e.want_without, NULL, &base);
		if (expectation_has_knob(&e))
			check_one(argv[1], cli_firmware(), &progs[i], &e.with,
				  e.knob, e.want_with, &base, &with);
		exec_result_free(&base);
		exec_result_free(&with);
	}
	cli_free(&c, progs);
	return check_done(argv[1]);
}
