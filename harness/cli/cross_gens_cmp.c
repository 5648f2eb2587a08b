// SPDX-License-Identifier: GPL-2.0
/*
 * Which differences between the two generations' runs of one program a
 * documented change explains (docs/gen2.md, "What may differ"):
 *
 *   lazy TLB     gen 2 unmaps a freed range at once but flushes its TLB
 *                entries only at the purge that covers it: a touch of it
 *                that faults in gen 1 may not fault in gen 2 until then;
 *   lazy reuse   gen 2 hands a freed range out again only after that
 *                purge, so the next allocation lands elsewhere: from there
 *                on addresses (and VmallocChunk) part;
 *   vm_map_ram   gen 1 has none (skipped); gen 2's vmap blocks hold
 *                vmalloc space, so later addresses may part;
 *                (a vmalloc that fails after its area was reserved frees
 *                it the same way: __vmalloc_area_node()'s vfree());
 *   warning text gen 2's alloc_vmap_area() warns "vmap allocation failed"
 *                where gen 1's __get_vm_area() callers warn otherwise;
 *   fail_alloc   "the Nth page allocation fails" counts different
 *                allocations (gen 2 also takes vmap blocks' pages): which
 *                allocation fails may differ;
 *   placement    once addresses parted, an address (vfree 0xADDR, a stale
 *                slot, a touch outside a live area) names other areas, and
 *                fragmentation differs.
 * Anything else is a finding: success or NULL, faults and warnings of live
 * areas, VmallocTotal and VmallocUsed must agree; addresses and
 * VmallocChunk too while no change above has parted the placements (both
 * generations take the lowest address that fits, from VMALLOC_START).
 */
#include "cross_gens.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pgtable.h"

struct gens_state {
	int parted; /* op where the placements parted, or -1 */
	const char *parted_why;
	int used_lost; /* op after which VmallocUsed may differ, or -1 */
	bool lazy;     /* gen 2 freed a range since the last purge op */
	bool ram;      /* a gen 2 vm_map_ram succeeded */
	bool fail;     /* a fail_alloc may still be pending */
	struct {
		bool live, ram;
		int differs; /* op where its result differed, or -1 */
		unsigned long size;
		unsigned long addr[2]; /* gen 1's and gen 2's result */
	} slot[VMF_NSLOTS];
};

static const char why_lazy_tlb[] =
	"lazy TLB: gen 2 flushes a freed range at its purge";
static const char why_lazy_reuse[] =
	"lazy reuse: gen 2 reuses a freed range only after its purge";
static const char why_ram[] = "vm_map_ram: gen 1 has none, gen 2's vmap "
			      "blocks hold vmalloc space";
static const char why_fail[] = "fail_alloc: the generations make other "
			       "page allocations";
static const char why_warn[] = "warning text: gen 2's alloc_vmap_area() "
			       "says \"vmap allocation failed\"";
static const char why_parted[] = "placement: the addresses parted earlier";
static const char why_slot[] = "the slot's allocation differed earlier";

static void add(struct gens_cmp *c, int op, const char *why, const char *fmt,
		const char *x, const char *y)
{
	struct gens_diff *d;

	if (!why)
		c->nfound++;
	if (c->ndiffs == GENS_MAX_DIFFS) {
		c->nmore++;
		return;
	}
	d = &c->d[c->ndiffs++];
	d->op = op;
	d->why = why;
	snprintf(d->what, sizeof(d->what), fmt, x, y);
}

static bool is_addr(const char *s)
{
	return !strncmp(s, "0x", 2);
}

/* Why the placements may part at this op (NULL: they must not). */
static const char *part_why(const struct gens_state *s)
{
	if (s->parted >= 0)
		return why_parted;
	if (s->lazy)
		return why_lazy_reuse;
	return s->ram ? why_ram : NULL;
}

static void part(struct gens_state *s, int op, const char *why)
{
	if (s->parted < 0) {
		s->parted = op;
		s->parted_why = why;
	}
}

static unsigned long req_size(const struct vmf_op *op)
{
	if (op->code == OP_VMAP || op->code == OP_VM_MAP_RAM)
		return (unsigned long)op->a * PAGE_SIZE;
	return op->a;
}

static void cmp_alloc(struct gens_state *s, const struct vmf_op *op, int i,
		      const char *x, const char *y, struct gens_cmp *c)
{
	const char *why;

	s->slot[op->slot].live = is_addr(x) && is_addr(y);
	s->slot[op->slot].ram = false;
	s->slot[op->slot].differs = -1;
	s->slot[op->slot].size = req_size(op);
	s->slot[op->slot].addr[0] = strtoul(x, NULL, 16);
	s->slot[op->slot].addr[1] = strtoul(y, NULL, 16);
	if (s->fail && (!is_addr(x) || !is_addr(y)))
		s->fail = false; /* the injected failure (or another) fired */
	if (!is_addr(y) && op->code != OP_GET_VM_AREA)
		s->lazy = true; /* its area (if any) was freed lazily */
	if (!strcmp(x, y))
		return;
	if (!strncmp(x, "NULL", 4) && !strncmp(y, "NULL", 4)) {
		add(c, i, why_warn, "%s / %s", x, y);
		return;
	}
	if (op->code == OP_VM_MAP_RAM) {
		add(c, i, why_ram, "%s / %s", x, y);
		return;
	}
	if (is_addr(x) && is_addr(y)) {
		why = part_why(s);
		add(c, i, why, "%s / %s", x, y);
		part(s, i, why);
		return;
	}
	why = s->fail ? why_fail : part_why(s);
	add(c, i, why, "%s / %s", x, y);
	s->slot[op->slot].live = false;
	s->slot[op->slot].differs = i;
	part(s, i, why);
	if (s->used_lost < 0)
		s->used_lost = i;
}

/* A free not of a named live slot (a stale slot, an address) frees what
 * each generation has there: a live slot at its address in both is freed
 * in both (unless the results differed), one at it in one generation only
 * differs from op i on. */
static void free_target(struct gens_state *s, const struct vmf_op *op, int i,
			bool by_slot, bool result_differed)
{
	bool differed = result_differed;
	unsigned long t[2];
	unsigned k, g;
	bool hit[2];

	for (g = 0; g < 2; g++)
		t[g] = (by_slot ? s->slot[op->slot].addr[g] : 0) + op->a;
	for (k = 0; k < VMF_NSLOTS; k++) {
		if (!s->slot[k].live)
			continue;
		for (g = 0; g < 2; g++)
			hit[g] = s->slot[k].addr[g] == t[g];
		if (!hit[0] && !hit[1])
			continue;
		if (hit[0] && hit[1] && !result_differed) {
			s->slot[k].live = false; /* freed in both */
			continue;
		}
		differed = true; /* freed in one, or we cannot tell */
		if (s->slot[k].differs < 0)
			s->slot[k].differs = i;
	}
	if (differed && s->used_lost < 0)
		s->used_lost = i;
}

/* vfree, vunmap, free_vm_area, vm_unmap_ram. */
static void cmp_free(struct gens_state *s, const struct vmf_op *op, int i,
		     const char *x, const char *y, struct gens_cmp *c)
{
	bool by_slot = op->code == OP_FREE_VM_AREA ||
		       op->code == OP_VM_UNMAP_RAM || op->mode == TARGET_SLOT;
	bool named = by_slot && s->slot[op->slot].live &&
		     s->slot[op->slot].differs < 0 && !op->a;
	const char *why = NULL;

	if (strcmp(x, y)) {
		if (by_slot && s->slot[op->slot].ram)
			why = why_ram;
		else if (by_slot && s->slot[op->slot].differs >= 0)
			why = why_slot;
		else if (!named && s->parted >= 0)
			why = why_parted;
		add(c, i, why, "%s / %s", x, y);
		free_target(s, op, i, by_slot, true);
	} else if (!named) {
		free_target(s, op, i, by_slot, false);
	}
	if (!strcmp(y, "ok") && !(op->mode == TARGET_ADDR && !op->a))
		s->lazy = true;
	if (by_slot)
		s->slot[op->slot].live = false;
}

/* touch, write, check. */
static void cmp_access(struct gens_state *s, const struct vmf_op *op, int i,
		       const char *x, const char *y, struct gens_cmp *c)
{
	bool inside = s->slot[op->slot].live &&
		      (op->code != OP_TOUCH || op->a < s->slot[op->slot].size);
	const char *why = NULL;

	if (!strcmp(x, y))
		return;
	if (s->slot[op->slot].ram)
		why = why_ram;
	else if (s->slot[op->slot].differs >= 0)
		why = why_slot;
	else if (!inside && op->code == OP_TOUCH && s->lazy &&
		 !strcmp(x, "fault") && !strcmp(y, "ok"))
		why = why_lazy_tlb;
	else if (!inside && s->parted >= 0)
		why = why_parted;
	add(c, i, why, "%s / %s", x, y);
}

static void cmp_meminfo(struct gens_state *s, int i, const struct gens_op *x,
			const struct gens_op *y, struct gens_cmp *c)
{
	char u[2][24];

	if (!x->mi || !y->mi)
		return;
	if (x->total != y->total) {
		snprintf(u[0], sizeof(u[0]), "%lu", x->total);
		snprintf(u[1], sizeof(u[1]), "%lu", y->total);
		add(c, i, NULL, "VmallocTotal %s / %s kB", u[0], u[1]);
	}
	if (x->used != y->used) {
		snprintf(u[0], sizeof(u[0]), "%lu", x->used);
		snprintf(u[1], sizeof(u[1]), "%lu", y->used);
		add(c, i, s->used_lost >= 0 ? why_slot : NULL,
		    "VmallocUsed %s / %s kB", u[0], u[1]);
	}
	if (x->chunk != y->chunk) {
		snprintf(u[0], sizeof(u[0]), "%lu", x->chunk);
		snprintf(u[1], sizeof(u[1]), "%lu", y->chunk);
		add(c, i, s->parted >= 0 ? why_parted : NULL,
		    "VmallocChunk %s / %s kB", u[0], u[1]);
	}
}

static void cmp_op(struct gens_state *s, const struct vmf_op *op, int i,
		   const struct gens_op *x, const struct gens_op *y,
		   struct gens_cmp *c)
{
	switch (op->code) {
	case OP_VMALLOC:
	case OP_VMALLOC_32:
	case OP_VMALLOC_USER:
	case OP_GET_VM_AREA:
	case OP_VMAP:
		cmp_alloc(s, op, i, x->res, y->res, c);
		break;
	case OP_VM_MAP_RAM:
		cmp_alloc(s, op, i, x->res, y->res, c);
		s->slot[op->slot].ram = true;
		s->ram |= is_addr(y->res);
		break;
	case OP_VFREE:
	case OP_VUNMAP:
	case OP_FREE_VM_AREA:
	case OP_VM_UNMAP_RAM:
		cmp_free(s, op, i, x->res, y->res, c);
		break;
	case OP_TOUCH:
	case OP_WRITE:
	case OP_CHECK:
		cmp_access(s, op, i, x->res, y->res, c);
		break;
	case OP_MEMINFO:
		cmp_meminfo(s, i, x, y, c);
		break;
	default: /* fail_alloc, purge */
		if (strcmp(x->res, y->res))
			add(c, i, NULL, "%s / %s", x->res, y->res);
		s->fail |= op->code == OP_FAIL_ALLOC;
		if (op->code == OP_PURGE)
			s->lazy = false;
	}
}

void gens_compare(const struct vmf_program *prog, const struct gens_run *a,
		  const struct gens_run *b, struct gens_cmp *c)
{
	static struct gens_state s;
	const struct exec_result *x = &a->r, *y = &b->r;
	unsigned i;

	memset(c, 0, sizeof(*c));
	memset(&s, 0, sizeof(s));
	s.parted = s.used_lost = -1;
	for (i = 0; i < VMF_NSLOTS; i++)
		s.slot[i].differs = -1;
	for (i = 0; i < prog->nops; i++)
		if (a->ops[i].ran && b->ops[i].ran)
			cmp_op(&s, &prog->ops[i], (int)i, &a->ops[i],
			       &b->ops[i], c);
	if (x->outcome != y->outcome || strcmp(x->title, y->title))
		add(c, -1, NULL, "%s / %s",
		    x->title[0] ? x->title : exec_outcome_word(x->outcome),
		    y->title[0] ? y->title : exec_outcome_word(y->outcome));
}
