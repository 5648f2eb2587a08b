// SPDX-License-Identifier: GPL-2.0
/*
 * `vmfuzz qemu|bochs --stress N FILE`: the program N times in the emulator
 * with its two CPUs free-running (no schedule, no baton: the locks are
 * real atomics, QEMU runs multi-threaded TCG, Bochs a quantum of 2), and a
 * table of how often each outcome came, the way syzkaller reports a flaky
 * reproducer. A one-CPU program has nothing to race: it runs N times as
 * usual. Each run starts from the same machine state (vmf_run() resets the
 * allocator, the AP is reset; with a knob, QEMU boots once per run).
 * Exit: 1 when any run was a BUG ("reproduced K/N"), else 4 when any run
 * hung, reset the guest or did not run, else 0.
 */
#include "commands.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emu.h"

#define STRESS_MAX 100000u

struct tally {
	char title[VMF_TITLE_MAX + 16];
	unsigned count;
};

/* The row a result counts in: "ok", the BUG title, "hang", ... */
static void row_title(const struct exec_result *r, char *buf, size_t len)
{
	if (r->outcome == EXEC_BUG)
		snprintf(buf, len, "%s", r->title[0] ? r->title : "BUG");
	else if (r->outcome == EXEC_RESET)
		snprintf(buf, len, "guest reset");
	else
		snprintf(buf, len, "%s", exec_outcome_word(r->outcome));
}

static unsigned tally_add(struct tally *t, unsigned n, const char *title)
{
	unsigned i;

	for (i = 0; i < n; i++)
		if (!strcmp(t[i].title, title))
			break;
	if (i == n)
		snprintf(t[n++].title, sizeof(t[0].title), "%s", title);
	t[i].count++;
	return n;
}

static int by_count(const void *a, const void *b)
{
	const struct tally *x = a, *y = b;

	if (x->count != y->count)
		return x->count < y->count ? 1 : -1;
	return strcmp(x->title, y->title);
}

/* Print the table; the exit code per the file comment. */
static int report(const char *name, const char *emu,
		  const struct exec_result *res, unsigned n)
{
	struct tally *t = calloc(n, sizeof(*t));
	unsigned i, rows = 0, bugs = 0, bad = 0;
	char title[sizeof(t[0].title)];

	if (!t)
		return EXIT_USAGE;
	for (i = 0; i < n; i++) {
		row_title(&res[i], title, sizeof(title));
		rows = tally_add(t, rows, title);
		bugs += res[i].outcome == EXEC_BUG;
		bad += res[i].outcome != EXEC_BUG && res[i].outcome != EXEC_OK;
	}
	qsort(t, rows, sizeof(*t), by_count);
	printf("%s: %u free-running runs in %s\n", name, n, emu);
	for (i = 0; i < rows; i++)
		printf("  %6u  %5.1f%%  %s\n", t[i].count,
		       100.0 * t[i].count / n, t[i].title);
	printf("%s: reproduced %u/%u\n", name, bugs, n);
	free(t);
	return bugs ? EXIT_BUG : bad ? EXIT_EMULATOR : EXIT_OK;
}

int cli_stress(struct cli *c, int which)
{
	const char *emu = which == 1 ? "qemu" : "bochs";
	struct prog_input *progs, *runs;
	struct exec_result *res;
	struct vmf_config cfg = c->cfg;
	char why[512] = "";
	unsigned i, n;
	int rc, qrc;

	if (cli_stress_count(c->stress, &n))
		return EXIT_USAGE; /* checked by the caller */
	if (c->nfiles != 1) {
		fprintf(stderr,
			"vmfuzz: %s --stress takes exactly one program "
			"file\n",
			emu);
		return EXIT_USAGE;
	}
	if ((rc = cli_load(c, &progs)))
		return rc;
	runs = calloc(n, sizeof(*runs));
	res = calloc(n, sizeof(*res));
	if (!runs || !res) {
		free(runs), free(res), cli_free(c, progs);
		fprintf(stderr, "vmfuzz: out of memory\n");
		return EXIT_USAGE;
	}
	for (i = 0; i < n; i++)
		runs[i] = progs[0];
	cfg.stress = 1;
	cfg.trace = false;
	qrc = (which == 1 ? qemu_exec : bochs_exec)(
		emu_firmware(), runs, n, &cfg, res, why, sizeof(why));
	if (qrc && why[0])
		fprintf(stderr, "vmfuzz: %s\n", why);
	rc = report(progs[0].name, emu, res, n);
	for (i = 0; i < n; i++)
		exec_result_free(&res[i]);
	free(runs), free(res);
	cli_free(c, progs);
	return rc;
}

int cli_stress_count(const char *s, unsigned *n)
{
	char *end;
	unsigned long v;

	if (!s || *s < '0' || *s > '9')
		return -1;
	v = strtoul(s, &end, 10);
	if (*end || !v || v > STRESS_MAX)
		return -1;
	*n = (unsigned)v;
	return 0;
}
