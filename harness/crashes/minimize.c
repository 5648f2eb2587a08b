// SPDX-License-Identifier: GPL-2.0
/*
 * `vmfuzz min`: delta debugging over operations, then argument shrinking,
 * then slot renumbering, repeated until nothing changes. Every candidate runs
 * in this process on the soft MMU (no console kept), so a minimization takes
 * thousands of runs per second.
 */
#include "minimize.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arch_soft.h"
#include "bugs.h"
#include "campaign.h"
#include "vmf_text.h"

#define MAX_ROUNDS 16

struct minctx {
	struct vmf_config cfg;
	char title[VMF_TITLE_MAX];
	unsigned runs;
};

static bool host_run(const struct vmf_program *p, const struct vmf_config *cfg,
		     struct vmf_result *r)
{
	static u8 buf[VMF_MAX_OPS * VMF_OP_MAX_BYTES + 2 * VMF_MAX_SCHED];
	u32 len = prog_encode(p, buf, sizeof(buf));

	if (soft_machine_init()) {
		r->outcome = VMF_OK;
		r->title[0] = '\0';
		return false;
	}
	soft_console_clear();
	vmf_run(buf, len, cfg, r);
	soft_console_clear();
	return r->outcome == VMF_BUG;
}

bool min_host_title(const struct vmf_program *p, const struct vmf_config *cfg,
		    char *title)
{
	struct vmf_config quiet = *cfg;
	struct vmf_result r;
	bool bug;

	quiet.trace = false;
	quiet.marks = false;
	bug = host_run(p, &quiet, &r);
	snprintf(title, VMF_TITLE_MAX, "%s", bug ? r.title : "");
	return bug;
}

/* True when *p still ends in the title being kept. */
static bool still(struct minctx *m, const struct vmf_program *p)
{
	struct vmf_result r;

	m->runs++;
	return host_run(p, &m->cfg, &r) && !strcmp(r.title, m->title);
}

static bool still_pred(void *ctx, const struct vmf_program *p)
{
	return still(ctx, p);
}

/* *out = *p without ops [from, from + n), with p's schedule. */
static void cut(const struct vmf_program *p, u32 from, u32 n,
		struct vmf_program *out)
{
	out->nsched = p->nsched;
	memcpy(out->sched, p->sched, p->nsched * sizeof(p->sched[0]));
	out->nops = p->nops - n;
	memcpy(out->ops, p->ops, from * sizeof(p->ops[0]));
	memcpy(out->ops + from, p->ops + from + n,
	       (p->nops - from - n) * sizeof(p->ops[0]));
}

/* ddmin over complements: drop chunks of ops, finer until single ops. */
static bool reduce_ops(struct minctx *m, struct vmf_program *p)
{
	static struct vmf_program t;
	u32 parts = 2, chunk, from;
	bool changed = false, cut_one;

	while (p->nops) {
		chunk = (p->nops + parts - 1) / parts;
		cut_one = false;
		for (from = 0; from < p->nops && !cut_one; from += chunk) {
			cut(p, from,
			    chunk < p->nops - from ? chunk : p->nops - from,
			    &t);
			if (still(m, &t)) {
				*p = t;
				cut_one = changed = true;
			}
		}
		if (cut_one)
			parts = parts > 2 ? parts - 1 : 2;
		else if (chunk == 1)
			break;
		else
			parts = parts * 2 < p->nops ? parts * 2 : p->nops;
	}
	return changed;
}

static u32 *arg_of(struct vmf_op *op, int f)
{
	return f ? &op->b : &op->a;
}

static bool has_arg(const struct vmf_op *op, int f)
{
	if (f)
		return op->code == OP_WRITE;
	return op->code != OP_CHECK && op->code != OP_FREE_VM_AREA &&
	       op->code != OP_MEMINFO && op->code != OP_PURGE &&
	       op->code != OP_VM_UNMAP_RAM;
}

/* Set argument f of op i to v if the title stays; else leave it. */
static bool try_arg(struct minctx *m, struct vmf_program *p, u32 i, int f,
		    u32 v)
{
	u32 *x = arg_of(&p->ops[i], f), old = *x;

	*x = v;
	if (still(m, p))
		return true;
	*x = old;
	return false;
}

/* v rounded down (up: rounded up) to `digits` significant digits in the
 * base the text form prints it in (decimal below 0x10000, hex above); v when
 * rounding up overflows. */
static u32 round_to(u32 v, unsigned digits, bool up)
{
	unsigned long long base = v < 0x10000 ? 10 : 16, unit = 1, lim = 1, r;
	unsigned i;

	for (i = 0; i < digits; i++)
		lim *= base;
	while (v / unit >= lim)
		unit *= base;
	r = (v + (up ? unit - 1 : 0)) / unit * unit;
	return r > 0xffffffffull ? v : (u32)r;
}

/* Smallest value keeping the title (bisection toward 0; the predicate need
 * not be monotonic, so this is a local minimum), then the roundest value
 * near it, at most the original, that still keeps it. */
static bool shrink_arg(struct minctx *m, struct vmf_program *p, u32 i, int f)
{
	u32 cur = *arg_of(&p->ops[i], f), lo = 0, hi = cur, mid, r;
	unsigned d;
	int up;

	if (!cur || try_arg(m, p, i, f, 0))
		return cur != 0;
	while (hi - lo > 1) {
		mid = lo + (hi - lo) / 2;
		if (try_arg(m, p, i, f, mid))
			hi = mid;
		else
			lo = mid;
	}
	for (d = 1; d <= 8; d++) {
		for (up = 0; up < 2; up++) {
			r = round_to(hi, d, up);
			if (r == hi)
				return *arg_of(&p->ops[i], f) != cur;
			if (r && r <= cur && try_arg(m, p, i, f, r))
				return true;
		}
	}
	return *arg_of(&p->ops[i], f) != cur;
}

/* The smallest mode (area kind, vfree target) that keeps the title. */
static bool shrink_mode(struct minctx *m, struct vmf_program *p, u32 i)
{
	struct vmf_op *op = &p->ops[i];
	u8 old = op->mode, mode;

	for (mode = 0; mode < old; mode++) {
		op->mode = mode;
		if (still(m, p))
			return true;
	}
	op->mode = old;
	return false;
}

static bool shrink_args(struct minctx *m, struct vmf_program *p)
{
	bool changed = false;
	u32 i;
	int f;

	for (i = 0; i < p->nops; i++) {
		if (p->ops[i].code == OP_GET_VM_AREA ||
		    p->ops[i].code == OP_VFREE || p->ops[i].code == OP_VUNMAP)
			changed |= shrink_mode(m, p, i);
		for (f = 0; f < 2; f++)
			if (has_arg(&p->ops[i], f))
				changed |= shrink_arg(m, p, i, f);
	}
	return changed;
}

/* Slots renumbered a0, a1, ... in order of first use, if the title stays. */
static bool renumber_slots(struct minctx *m, struct vmf_program *p)
{
	static struct vmf_program t;
	int map[VMF_NSLOTS];
	int next = 0;
	u32 i;

	memset(map, -1, sizeof(map));
	t = *p;
	for (i = 0; i < t.nops; i++) {
		struct vmf_op *op = &t.ops[i];

		if (!vmf_op_uses_slot(op))
			continue;
		if (map[op->slot] < 0)
			map[op->slot] = next++;
		op->slot = (u8)map[op->slot];
	}
	if (!memcmp(t.ops, p->ops, t.nops * sizeof(t.ops[0])) ||
	    !still(m, &t))
		return false;
	*p = t;
	return true;
}

int vmf_minimize(struct vmf_program *p, const struct vmf_config *cfg,
		 struct min_stats *st)
{
	struct minctx m = { .cfg = *cfg };
	struct vmf_result r;
	unsigned before = p->nops, round;

	m.cfg.trace = false;
	m.cfg.marks = false;
	if (!host_run(p, &m.cfg, &r))
		return -1;
	snprintf(m.title, sizeof(m.title), "%s", r.title);
	if (r.nops < p->nops && !prog_is_smp(p)) /* two CPUs: ops after it ran */
		p->nops = r.nops;
	for (round = 0; round < MAX_ROUNDS; round++) {
		bool changed = reduce_ops(&m, p);

		changed |= shrink_args(&m, p);
		changed |= min_reduce_schedule(p, still_pred, &m);
		changed |= renumber_slots(&m, p);
		if (!changed)
			break;
	}
	if (st) {
		st->runs = m.runs + 1;
		st->ops_before = before;
		st->ops_after = p->nops;
	}
	return 0;
}

void min_format_knobs(const struct vmf_config *cfg, char *buf, size_t n)
{
	size_t len = (size_t)snprintf(buf, n, "--bugs=");

	if (len < n)
		len += bugs_format(cfg->bugs, buf + len, (u32)(n - len));
	if (cfg->vmalloc_reserve && len < n)
		snprintf(buf + len, n - len, " --vmalloc=0x%x",
			 (unsigned)cfg->vmalloc_reserve);
}

char *min_format_repro(const struct vmf_program *p, const char *title,
		       const struct vmf_config *cfg)
{
	char head[VMF_TITLE_MAX + BUGS_FORMAT_MAX + 128];
	char knobs[BUGS_FORMAT_MAX + 32];
	char *body = vmf_text_format(p), *text;
	size_t hl;

	if (!body)
		return NULL;
	min_format_knobs(cfg, knobs, sizeof(knobs));
	hl = (size_t)snprintf(head, sizeof(head),
			      "# %s\n# knobs: %s\n# minimized by vmfuzz min: "
			      "%u ops\n",
			      title, knobs, (unsigned)p->nops);
	text = malloc(hl + strlen(body) + 1);
	if (text) {
		memcpy(text, head, hl);
		strcpy(text + hl, body);
	}
	free(body);
	return text;
}

static int min_file(const struct cli *c)
{
	static struct vmf_program p;
	struct min_stats st;
	char err[512], title[VMF_TITLE_MAX], *text;
	int rc;

	if (progfile_program(c->files[0], &p, err, sizeof(err))) {
		fprintf(stderr, "vmfuzz: %s\n", err);
		return EXIT_USAGE;
	}
	if (vmf_minimize(&p, &c->cfg, &st)) {
		fprintf(stderr,
			"vmfuzz: %s: ok with these knobs, nothing to "
			"minimize\n",
			c->files[0]);
		return EXIT_OK;
	}
	min_host_title(&p, &c->cfg, title);
	text = min_format_repro(&p, title, &c->cfg);
	if (!text)
		return EXIT_USAGE;
	rc = progfile_emit(c->out, text, strlen(text));
	free(text);
	fprintf(stderr, "vmfuzz: %s: %u -> %u ops in %u runs (%s)\n",
		c->files[0], st.ops_before, st.ops_after, st.runs, title);
	return rc ? rc : EXIT_BUG;
}

int cmd_min(struct cli *c)
{
	int rc;

	if (c->nfiles != 1) {
		fprintf(stderr, "vmfuzz: min takes exactly one file\n");
		rc = EXIT_USAGE;
	} else {
		rc = min_file(c);
	}
	cli_free(c, NULL);
	return rc;
}
