// SPDX-License-Identifier: GPL-2.0
/*
 * `vmfuzz cross --gens[=GEN1/GEN2] FILE...|DIR`: each program on the host
 * under a profile of each generation (default none and correct-2.6.28:
 * the two correct defaults), compared op by op (cross_gens_cmp.c). One
 * line per program:
 *
 *   NAME: same
 *   NAME: explained (2 differences: lazy TLB x1, lazy reuse x1)
 *   NAME: DIFFERENT (1 unexplained of 3)
 *     op 4 `touch a0 0`: fault / ok (lazy TLB: ...)
 *
 * then a summary line; --trace lists explained differences too. Two-CPU programs are skipped: a schedule counts
 * yield points, and the generations' code has different ones. Exit 3 when
 * any difference is unexplained, else 1 when a run BUGged, else 0.
 */
#include "commands.h"
#include "cross_gens.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bugs.h"

/* The trace line "%4u  TEXT -> RESULT" into ops[index]. */
static void parse_op_line(const char *l, size_t len,
			  const struct vmf_program *p, struct gens_run *run,
			  const unsigned long mi[3], bool have_mi)
{
	const char *arrow = NULL, *q;
	char *end;
	unsigned long i = strtoul(l, &end, 10);
	struct gens_op *o;
	size_t n;

	if (end == l || strncmp(end, "  ", 2) || i >= p->nops)
		return;
	for (q = end; q + 4 <= l + len; q++)
		if (!strncmp(q, " -> ", 4))
			arrow = q;
	if (!arrow || run->ops[i].ran)
		return;
	o = &run->ops[i];
	o->ran = true;
	n = (size_t)(l + len - arrow - 4);
	n = n < GENS_RES_MAX - 1 ? n : GENS_RES_MAX - 1;
	memcpy(o->res, arrow + 4, n);
	o->res[n] = 0;
	if (p->ops[i].code == OP_MEMINFO && have_mi) {
		o->mi = true;
		o->total = mi[0];
		o->used = mi[1];
		o->chunk = mi[2];
	}
}

int gens_parse(const struct vmf_program *p, struct gens_run *run)
{
	static const char *const keys[3] = { "VmallocTotal:", "VmallocUsed:",
					     "VmallocChunk:" };
	const char *l = run->r.text ? run->r.text : "";
	unsigned long mi[3] = { 0 };
	bool have_mi = false;
	unsigned k;

	run->ops = calloc(p->nops ? p->nops : 1, sizeof(*run->ops));
	if (!run->ops)
		return -1;
	for (; *l && strncmp(l, "BUG", 3); l += strcspn(l, "\n") + !!*l) {
		size_t len = strcspn(l, "\n");

		for (k = 0; k < 3; k++)
			if (!strncmp(l, keys[k], strlen(keys[k]))) {
				mi[k] = strtoul(l + strlen(keys[k]), NULL, 10);
				have_mi = true;
			}
		while (len && *l == ' ')
			l++, len--;
		parse_op_line(l, len, p, run, mi, have_mi);
		if (!l[len])
			break;
	}
	return 0;
}

/* --gens or --gens=A/B (each a --bugs list) into two profiles; 0, or
 * EXIT_USAGE. */
static int parse_gens(const char *arg, u32 bugs[2], const char *names[2],
		      char buf[2][96])
{
	const char *v = arg + 6, *bad;
	u32 badlen, k;

	names[0] = "none";
	names[1] = "correct-2.6.28";
	if (*v == '=') {
		v++;
		for (k = 0; k < 2; k++) {
			size_t n = strcspn(v, "/");

			snprintf(buf[k], 96, "%.*s", (int)n, v);
			names[k] = buf[k];
			v += n + (v[n] == '/');
		}
	}
	for (k = 0; k < 2; k++)
		if (bugs_parse(names[k], (u32)strlen(names[k]), &bugs[k], &bad,
			       &badlen)) {
			fprintf(stderr, "vmfuzz: --gens: unknown profile '%s'\n",
				names[k]);
			return EXIT_USAGE;
		}
	if ((bugs[0] & VMF_GEN2) || !(bugs[1] & VMF_GEN2)) {
		fprintf(stderr, "vmfuzz: --gens=GEN1/GEN2: '%s' must be a "
				"generation 1 profile and '%s' a generation 2 "
				"one\n", names[0], names[1]);
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

/* The reasons of the explained differences, "lazy TLB x2, ...". */
static void print_reasons(const struct gens_cmp *c)
{
	const char *seen[GENS_MAX_DIFFS];
	unsigned n = 0, i, j, cnt;

	for (i = 0; i < c->ndiffs; i++) {
		const char *w = c->d[i].why;

		for (j = 0; w && j < n && seen[j] != w; j++)
			;
		if (!w || j < n)
			continue;
		seen[n++] = w;
		for (cnt = 0, j = 0; j < c->ndiffs; j++)
			cnt += c->d[j].why == w;
		printf("%s%.*s x%u", n > 1 ? ", " : "", (int)strcspn(w, ":"), w,
		       cnt);
	}
}

/* all: list explained differences too (--trace). */
static void print_prog(const char *name, const struct vmf_program *p,
		       const struct gens_cmp *c, bool all)
{
	char text[64];
	unsigned i;

	if (!c->ndiffs && !c->nmore) {
		printf("%s: same\n", name);
		return;
	}
	if (!c->nfound) {
		printf("%s: explained (%u differences%s: ", name,
		       c->ndiffs + c->nmore, c->nmore ? ", the first 64" : "");
		print_reasons(c);
		printf(")\n");
		if (!all)
			return;
	} else {
		printf("%s: DIFFERENT (%u unexplained of %u)\n", name,
		       c->nfound, c->ndiffs + c->nmore);
	}
	for (i = 0; i < c->ndiffs; i++) {
		const struct gens_diff *d = &c->d[i];

		if (d->op < 0) {
			printf("  outcome: %s%s\n", d->what,
			       d->why ? "" : "  <- unexplained");
			continue;
		}
		prog_op_format(&p->ops[d->op], text, sizeof(text));
		printf("  op %d `%s`: %s (%s)\n", d->op, text, d->what,
		       d->why ? d->why : "UNEXPLAINED");
	}
	if (c->nmore)
		printf("  ... %u more\n", c->nmore);
}

struct gens_totals {
	unsigned same, explained, different, skipped, bugs;
};

/* Run, parse, compare and print one program. */
static int one_prog(const struct prog_input *in, const struct vmf_config *cfg,
		    const u32 bugs[2], struct gens_totals *t)
{
	static struct vmf_program prog;
	static struct gens_cmp cmp;
	struct gens_run run[2] = { 0 };
	struct vmf_config c = *cfg;
	int rc = 0, k;

	prog_decode(in->data, in->len, &prog);
	if (prog_is_smp(&prog)) {
		printf("%s: skipped (two CPUs: the generations' yield points "
		       "differ)\n", in->name);
		t->skipped++;
		return 0;
	}
	c.trace = true;
	for (k = 0; k < 2 && !rc; k++) {
		c.bugs = bugs[k];
		softmmu_exec(in, 1, &c, &run[k].r);
		rc = gens_parse(&prog, &run[k]);
		t->bugs += run[k].r.outcome == EXEC_BUG;
	}
	if (!rc) {
		gens_compare(&prog, &run[0], &run[1], &cmp);
		print_prog(in->name, &prog, &cmp, cfg->trace);
		t->same += !cmp.ndiffs;
		t->explained += cmp.ndiffs && !cmp.nfound;
		t->different += cmp.nfound > 0;
	}
	for (k = 0; k < 2; k++) {
		exec_result_free(&run[k].r);
		free(run[k].ops);
	}
	return rc;
}

int cmd_cross_gens(const char *gens, struct cli *c)
{
	struct gens_totals t = { 0 };
	struct prog_input *progs;
	const char *names[2];
	char buf[2][96];
	u32 bugs[2];
	unsigned i;
	int rc;

	if ((rc = parse_gens(gens, bugs, names, buf)) ||
	    (rc = cli_need_files(c, "cross")) || (rc = cli_load(c, &progs)))
		return rc;
	if (c->cfg.bugs)
		fprintf(stderr, "vmfuzz: cross --gens: --bugs ignored (the "
				"profiles are --gens=%s/%s)\n", names[0],
			names[1]);
	for (i = 0; i < c->nfiles && !rc; i++)
		if (one_prog(&progs[i], &c->cfg, bugs, &t)) {
			fprintf(stderr, "vmfuzz: cross --gens: out of memory\n");
			rc = EXIT_USAGE;
		}
	printf("gens %s / %s: %u programs: %u same, %u explained, %u "
	       "DIFFERENT, %u skipped; %u BUG runs\n", names[0], names[1],
	       c->nfiles, t.same, t.explained, t.different, t.skipped, t.bugs);
	cli_free(c, progs);
	if (rc)
		return rc;
	return t.different ? EXIT_DISAGREE : t.bugs ? EXIT_BUG : EXIT_OK;
}
