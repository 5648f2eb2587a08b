// SPDX-License-Identifier: GPL-2.0
/*
 * run, qemu, bochs, encode, decode, bugs (cross: cross.c).
 */
#include "commands.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bugs.h"
#include "emu.h"
#include "vmf_text.h"

int cli_need_files(const struct cli *c, const char *cmd)
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

/* Load the files, run them with `which` (0: host, 1: QEMU, 2: Bochs),
 * print. */
static int run_with(struct cli *c, int which, const char *cmd)
{
	struct prog_input *progs;
	struct exec_result *res;
	char why[512] = "";
	int rc, qrc = 0;
	unsigned n;

	if (c->stress && which == 0) {
		fprintf(stderr,
			"vmfuzz: %s: --stress is for the emulators "
			"(vmfuzz qemu|bochs --stress N FILE)\n",
			cmd);
		return EXIT_USAGE;
	}
	if (c->stress && cli_stress_count(c->stress, &n)) {
		fprintf(stderr,
			"vmfuzz: --stress needs a run count 1..100000, "
			"not '%s'\n",
			c->stress);
		return EXIT_USAGE;
	}
	if (c->stress && !(rc = cli_need_files(c, cmd)))
		return cli_stress(c, which);
	if ((rc = cli_need_files(c, cmd)) || (rc = cli_load(c, &progs)))
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
		qrc = (which == 1 ? qemu_exec : bochs_exec)(
			emu_firmware(), progs, c->nfiles, &c->cfg, res, why,
			sizeof(why));
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

int cmd_bochs(struct cli *c)
{
	return run_with(c, 2, "bochs");
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

/* "2.6.0 .. 2.6.24", or none when no release of the table had it. */
static void print_range(unsigned i)
{
	const char *first, *last;

	if (bug_release_range(i, &first, &last))
		printf("  releases: %s .. %s\n", first, last);
	else
		printf("  releases: none of 2.6.0 .. 2.6.39 (see era)\n");
}

/* The knobs x releases table: one row per release, an X per knob. */
static void print_release_table(void)
{
	unsigned i, r;

	printf("\n%-8s GEN", "RELEASE");
	for (i = 0; i < NR_BUGS; i++)
		printf(" %c", 'A' + i);
	putchar('\n');
	for (r = 0; r < VMF_NR_RELEASES; r++) {
		const struct vmf_release *rel = vmf_release_at(r);

		printf("%-8s   %c", rel->name, rel->bugs & VMF_GEN2 ? '2' : '1');
		for (i = 0; i < NR_BUGS; i++)
			printf(" %c", (rel->bugs >> i) & 1 ? 'X' : '.');
		putchar('\n');
	}
	for (i = 0; i < NR_BUGS; i++)
		printf("%c = %s\n", 'A' + i, bug_knobs[i].name);
	printf("--bugs=2.6.N turns on that release's row; --bugs=seed is "
	       "the seed's code (2.6.11);\n--bugs=2.5.32 is unmap-after-unlink "
	       "(2.5.32-2.5.69); --bugs=2.6.28-rc1 is the rewrite as merged:\n"
	       "2.6.28's row with double-guard, search-restart and "
	       "failure-flush (their fixes: patches of 2008-11-08).\n");
	printf("GEN 1: the vmalloc of 2.6.0-2.6.27 (the default, --bugs=none); "
	       "GEN 2: Nick Piggin's vmap layer of 2.6.28\n(its default: "
	       "--bugs=correct-2.6.28; its knobs, O to T, act only with "
	       "it).\n");
	printf("NR_CPUS: nr-cpus=N (1..%d) in a --bugs list is a kernel "
	       "configured for N CPUs on our two;\n  only the vmap block size "
	       "reads it (vmap-block-ncpus needs nr-cpus=3:\n  "
	       "--bugs=correct-2.6.28,nr-cpus=3,vmap-block-ncpus).\n",
	       VMF_NR_CPUS_MAX);
}

int cmd_bugs(void)
{
	unsigned i;

	for (i = 0; i < NR_BUGS; i++) {
		printf("%-15s%s\n  era: %s\n  source: %s\n", bug_knobs[i].name,
		       (BUGS_SEED >> i) & 1 ? "  [seed]" : "", bug_knobs[i].era,
		       bug_knobs[i].fix);
		print_range(i);
		printf("  trigger: %s\n", bug_knobs[i].how);
	}
	print_release_table();
	return EXIT_OK;
}
