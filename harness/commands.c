// SPDX-License-Identifier: GPL-2.0
/*
 * run, qemu, cross, encode, decode, bugs.
 */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bugs.h"
#include "vmf_text.h"

static int need_files(const struct cli *c, const char *cmd)
{
	if (c->out) {
		fprintf(stderr,
			"vmfuzz: %s writes results to stdout; -o is for "
			"encode, decode and min\n",
			cmd);
		return EXIT_USAGE;
	}
	if (c->nfiles)
		return 0;
	fprintf(stderr, "vmfuzz: %s needs at least one program file\n", cmd);
	return EXIT_USAGE;
}

/* Print every program's output and summary; 1 if any BUG, else 0. */
static int print_results(const struct prog_input *progs, unsigned n,
			 struct exec_result *res)
{
	int rc = EXIT_OK;
	unsigned i;

	for (i = 0; i < n; i++) {
		if (res[i].text)
			fputs(res[i].text, stdout);
		exec_print_summary(stdout, progs[i].name, &res[i]);
		if (res[i].outcome == EXEC_BUG)
			rc = EXIT_BUG;
		exec_result_free(&res[i]);
	}
	fflush(stdout);
	return rc;
}

/* Load the files, run them with `which` (0: host, 1: QEMU), print. */
static int run_with(struct cli *c, int which, const char *cmd)
{
	struct prog_input *progs;
	struct exec_result *res;
	char why[512] = "";
	int rc, qrc = 0;

	if ((rc = need_files(c, cmd)) || (rc = cli_load(c, &progs)))
		return rc;
	res = calloc(c->nfiles, sizeof(*res));
	if (!res) {
		cli_free(c, progs);
		return EXIT_USAGE;
	}
	if (which == 0)
		qrc = softmmu_exec(progs, c->nfiles, &c->cfg, res) ? EXIT_USAGE
								   : 0;
	else
		qrc = qemu_exec(cli_firmware(), progs, c->nfiles, &c->cfg, res,
				why, sizeof(why));
	rc = print_results(progs, c->nfiles, res);
	if (qrc)
		fprintf(stderr, "vmfuzz: %s\n",
			why[0] ? why : "executor failed");
	free(res);
	cli_free(c, progs);
	return qrc ? qrc : rc;
}

int cmd_run(struct cli *c)
{
	return run_with(c, 0, "run");
}

int cmd_qemu(struct cli *c)
{
	return run_with(c, 1, "qemu");
}

static void print_side(const char *who, const struct exec_result *r)
{
	printf(" %s=%s digest=%016llx", who, exec_outcome_word(r->outcome),
	       r->digest);
}

int cmd_cross(struct cli *c)
{
	struct prog_input *progs;
	struct exec_result *host, *emu;
	char why[512] = "";
	int rc, qrc, worst = EXIT_OK;
	unsigned i;

	if ((rc = need_files(c, "cross")) || (rc = cli_load(c, &progs)))
		return rc;
	host = calloc(c->nfiles, sizeof(*host));
	emu = calloc(c->nfiles, sizeof(*emu));
	if (!host || !emu || softmmu_exec(progs, c->nfiles, &c->cfg, host)) {
		free(host);
		free(emu);
		cli_free(c, progs);
		return EXIT_USAGE;
	}
	qrc = qemu_exec(cli_firmware(), progs, c->nfiles, &c->cfg, emu, why,
			sizeof(why));
	for (i = 0; i < c->nfiles; i++) {
		bool same = exec_agree(&host[i], &emu[i]);

		printf("%s:", progs[i].name);
		print_side("host", &host[i]);
		print_side("qemu", &emu[i]);
		printf(" %s", same ? "agree" : "DISAGREE");
		if (host[i].title[0] || emu[i].title[0])
			printf(" (%s)",
			       host[i].title[0] ? host[i].title : emu[i].title);
		putchar('\n');
		if (!same)
			worst = EXIT_DISAGREE;
		else if (host[i].outcome == EXEC_BUG && worst == EXIT_OK)
			worst = EXIT_BUG;
		exec_result_free(&host[i]);
		exec_result_free(&emu[i]);
	}
	fflush(stdout);
	if (qrc)
		fprintf(stderr, "vmfuzz: %s\n", why);
	free(host);
	free(emu);
	cli_free(c, progs);
	return qrc ? qrc : worst;
}

static int convert(struct cli *c, bool to_text)
{
	static struct vmf_program p;
	static u8 bin[VMF_MAX_OPS * VMF_OP_MAX_BYTES];
	char err[512], *text;
	int rc;

	if (c->nfiles != 1) {
		fprintf(stderr, "vmfuzz: %s takes exactly one file\n",
			to_text ? "decode" : "encode");
		return EXIT_USAGE;
	}
	if (progfile_program(c->files[0], &p, err, sizeof(err))) {
		fprintf(stderr, "vmfuzz: %s\n", err);
		return EXIT_USAGE;
	}
	if (!to_text)
		return progfile_emit(c->out, bin,
				     prog_encode(&p, bin, sizeof(bin)));
	text = vmf_text_format(&p);
	rc = text ? progfile_emit(c->out, text, strlen(text)) : EXIT_USAGE;
	free(text);
	return rc;
}

int cmd_encode(struct cli *c)
{
	return convert(c, false);
}

int cmd_decode(struct cli *c)
{
	return convert(c, true);
}

int cmd_bugs(void)
{
	unsigned i;

	for (i = 0; i < NR_BUGS; i++)
		printf("%-15s %s%s\n  fix: %s\n  trigger: %s\n",
		       bug_knobs[i].name, bug_knobs[i].era,
		       (BUGS_SEED >> i) & 1 ? "  [seed]" : "", bug_knobs[i].fix,
		       bug_knobs[i].how);
	return EXIT_OK;
}
