// SPDX-License-Identifier: GPL-2.0
/*
 * The first-fit placement model (core/placement.c) and its oracle check
 * (core/placecheck.c), seen to work and to fail:
 *  - the model alone, on hand-made area lists: first fit, exact holes, the
 *    guard page, ioremap alignment (and its IOREMAP_MAX_ORDER parameter),
 *    NULL when nothing fits, and the knob configurations;
 *  - the model against the allocator with each placement knob on: it
 *    predicts what the historic code did, and the correct model would not;
 *  - an area moved by hand (a misaligned ioremap, a skipped hole) is the BUG
 *    "area not where first fit puts it in __get_vm_area";
 *  - what a free removes (core/freecheck.c): the area named, with
 *    __vunmap's warnings; another area unlinked, or a warning changed, by
 *    hand is a BUG.
 */
#include <string.h>

#include "arch.h"
#include "arch_soft.h"
#include "bugs.h"
#include "check.h"
#include "kcheck.h"
#include "interp.h"
#include "placecheck.h"
#include "record.h"
#include "freecheck.h"
#include "vmf_text.h"

#define S 0x10000000u
#define E 0x20000000u
#define K 1024u

static const struct placement_cfg good = { IOREMAP_MAX_ORDER, true, true,
					   true };

static void want_at(const char *what, struct placement p, ulong32 addr,
		    ulong32 size)
{
	CHECK(p.kind == PLACE_AT && p.addr == addr && p.size == size,
	      "%s: kind %d at 0x%08x size 0x%x, want 0x%08x size 0x%x", what,
	      p.kind, p.addr, p.size, addr, size);
}

static void model_cases(void)
{
	struct placement_area l[4] = { { S, 8 * K }, { S + 16 * K, 8 * K } };
	struct placement_cfg c = good;
	struct placement p;
	u32 n = 2;

	want_at("empty", placement_fit(&good, l, 0, 4096, VM_ALLOC, S, E), S,
		8 * K);
	want_at("exact hole", placement_fit(&good, l, n, 4096, 0, S, E),
		S + 8 * K, 8 * K);
	want_at("hole too small", placement_fit(&good, l, n, 4097, 0, S, E),
		S + 24 * K, 12 * K);
	want_at("ioremap 16K",
		placement_fit(&good, l, n, 0x3000, VM_IOREMAP, S, E),
		S + 32 * K, 16 * K);
	want_at("ioremap 1 byte",
		placement_fit(&good, l, n, 1, VM_IOREMAP, S, E), S + 8 * K,
		8 * K);
	want_at("ioremap capped at 512K",
		placement_fit(&good, l, n, 0x100000, VM_IOREMAP, S, E),
		S + 512 * K, 0x101000);
	c.ioremap_max_order = 3 + PAGE_SHIFT; /* ioremap-align-8 */
	want_at("ioremap capped at 32K",
		placement_fit(&c, l, n, 0x100000, VM_IOREMAP, S, E), S + 32 * K,
		0x101000);
	want_at("fills the range",
		placement_fit(&good, l, 0, E - S - 4096, 0, S, E), S, E - S);
	p = placement_fit(&good, l, 0, E - S - 4095, 0, S, E);
	CHECK(p.kind == PLACE_FULL, "one byte too many: kind %d", p.kind);
	p = placement_fit(&good, l, 0, 0, 0, S, E);
	CHECK(p.kind == PLACE_NONE, "size 0: kind %d", p.kind);
	p = placement_fit(&good, l, 0, 0xffffffffu, 0, S, E);
	CHECK(p.kind == PLACE_NONE, "size 4G-1: kind %d", p.kind);
	want_at("below start ignored",
		placement_fit(&good, l, n, 4096, 0, S + 64 * K, E), S + 64 * K,
		8 * K);

	c = good; /* guard-overflow: no PAGE_ALIGN */
	c.page_align = false;
	want_at("guard-overflow size 0", placement_fit(&c, l, 0, 0, 0, S, E), S,
		4 * K);
	want_at("guard-overflow wraps",
		placement_fit(&c, l, 0, 0xffffffffu, 0, S, E), S, 0xfff);

	c = good; /* end-check: no check after the loop */
	c.end_check = false;
	want_at("end-check", placement_fit(&c, l, 0, E - S, 0, S, E), S,
		E - S + 4 * K);

	/* align-overlap: [S+8K, S+0x29000) starts below the 128K-aligned
	 * candidate S+0x20000 and reaches over it. */
	l[0] = (struct placement_area){ S, 8 * K };
	l[1] = (struct placement_area){ S + 8 * K, 0x21000 };
	want_at("straddle skipped",
		placement_fit(&good, l, 2, 0x10000, VM_IOREMAP, S, E),
		S + 0x40000, 0x11000);
	c = good;
	c.straddle_fix = false;
	want_at("align-overlap",
		placement_fit(&c, l, 2, 0x10000, VM_IOREMAP, S, E), S + 0x20000,
		0x11000);
}

static const struct vmf_config cfg;

static void run_setup(const char *text)
{
	struct vmf_result res;

	CHECK(kcheck_run_text(text, &cfg, &res) == VMF_OK, "setup failed: %s",
	      res.title);
}

/* Run one more op after the setup program, with knobs `bugs`. */
static void exec_op(const char *line, u32 bugs)
{
	struct vmf_program p;
	char err[256];

	if (vmf_text_parse(line, strlen(line), "op", &p, err, sizeof(err)))
		fprintf(stderr, "%s\n", err);
	vmf.pc = vmf.prog.nops++;
	vmf.prog.ops[vmf.pc] = p.ops[0];
	memset(&vmf.res[vmf.pc], 0, sizeof(vmf.res[0]));
	vmf_bugs = bugs;
	interp_exec(&vmf.prog.ops[vmf.pc]);
}

static void check(void *unused)
{
	(void)unused;
	placecheck_op();
}

static void expect(const char *what, const char *want)
{
	kcheck_expect(what, check, NULL, want);
}

/* The op just run went where the knob-configured model says, and not
 * where the correct model says. */
static void knob_case(const char *setup, const char *line, u32 bug)
{
	const struct slot *s;
	struct placement_area l[8];
	const struct vm_struct *tmp;
	struct placement p;
	u32 n = 0;

	run_setup(setup);
	for (tmp = vmlist; tmp; tmp = tmp->next)
		l[n++] = (struct placement_area){ tmp->addr, tmp->size };
	exec_op(line, bug);
	s = &vmf.slots[vmf.prog.ops[vmf.pc].slot];
	CHECK(s->addr, "%s: the op returned NULL", line);
	expect(line, "");
	p = placement_fit(&good, l, n, s->req, s->area->flags & VM_IOREMAP,
			  VMALLOC_START, VMALLOC_END);
	CHECK(p.kind != PLACE_AT || p.addr != s->addr,
	      "%s: the correct model agrees with the historic code", line);
	vmf_bugs = 0;
}

#define MISPLACED "BUG: area not where first fit puts it in __get_vm_area"

static void move_new_area(ulong32 addr)
{
	struct slot *s = &vmf.slots[vmf.prog.ops[vmf.pc].slot];

	s->area->addr = addr;
	s->addr = addr;
	vmf.res[vmf.pc].value = addr;
}

static void allocator_cases(void)
{
	static const char small[] = "a0 = vmalloc 4096\n"
				    "a1 = vmalloc 4096\n"
				    "a2 = vmalloc 4096\n"
				    "vfree a1\n";

	knob_case("a0 = vmalloc 4096\na1 = get_vm_area 0x20000\n",
		  "a2 = get_vm_area 0x10000 ioremap", BUG_ALIGN_OVERLAP);
	knob_case("meminfo\n", "a1 = get_vm_area 0x7000000", BUG_END_CHECK);
	knob_case("a0 = vmalloc 4096\n", "a1 = get_vm_area 0xffffffff",
		  BUG_GUARD_OVERFLOW);

	/* A vmap that finds no space leaves its slot empty: the model must
	 * take the op's page count, not the slot's (a campaign found this
	 * false BUG under guard-overflow, where a 0-page area fits). */
	run_setup("a0 = get_vm_area 0x6c00000\n");
	exec_op("a1 = vmap 2000", BUG_GUARD_OVERFLOW);
	CHECK(!vmf.slots[1].addr, "vmap 2000 found space");
	expect("failed vmap, guard-overflow", "");
	vmf_bugs = 0;

	run_setup(small);
	exec_op("a3 = vmalloc 4096", 0);
	CHECK(vmf.slots[3].addr == VMALLOC_START + 8 * K, "hole not used");
	expect("first fit", "");
	move_new_area(VMALLOC_START + 24 * K);
	expect("skipped hole", MISPLACED);

	run_setup(small);
	exec_op("a3 = get_vm_area 0x3000 ioremap", 0);
	CHECK(vmf.slots[3].addr == VMALLOC_START + 32 * K, "ioremap at 0x%08x",
	      vmf.slots[3].addr);
	expect("aligned ioremap", "");
	move_new_area(VMALLOC_START + 24 * K);
	expect("misaligned ioremap", MISPLACED);

	run_setup("a0 = vmalloc 0x400000\n"); /* 1024 pages: kmalloc'ed array */
	exec_op("a1 = vmalloc 0x401000", 0);  /* 1025: vmalloc'ed array */
	expect("page array placed", "");
	vmf.slots[1].area->pages += PAGE_SIZE;
	expect("page array misplaced", MISPLACED);

	run_setup("a0 = get_vm_area 0x6fe0000\n"); /* nearly all of it */
	exec_op("a1 = vmalloc 0x20000", 0);
	CHECK(!vmf.slots[1].addr && vmf.res[vmf.pc].nwarn, "no warning");
	expect("out of space", "");
}

static void free_check(void *unused)
{
	(void)unused;
	record_vmlist();
	freecheck_op();
}

static void expect_free(const char *what, const char *want)
{
	kcheck_expect(what, free_check, NULL, want);
}

static const char two[] = "a0 = vmalloc 4096\na1 = vmalloc 4096\n";

static void free_cases(void)
{
	static const char *const ok[] = { "vfree a0",	   "vfree a0+8",
					  "vfree a0+4096", "vfree 0",
					  "vunmap a1",	   "free_vm_area a1" };
	unsigned i;

	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		run_setup(two);
		record_begin_op();
		exec_op(ok[i], 0);
		expect_free(ok[i], "");
	}

	run_setup(two); /* vfree a0 took a1 instead */
	record_begin_op();
	exec_op("vfree a0+4096", 0); /* nonexistent: removes nothing */
	vmf.slots[0].area->next = NULL;
	expect_free("wrong area", "BUG: wrong area freed in vfree");

	run_setup(two);
	record_begin_op();
	exec_op("vfree a0+4096", 0);
	vmf.res[vmf.pc].value = vmf.slots[0].addr; /* as if vfree(a0) */
	vmf.res[vmf.pc].nwarn = 0;
	expect_free("not freed", "BUG: area not freed in vfree");

	run_setup(two);
	record_begin_op();
	exec_op("vfree a0+8", 0);
	memcpy(vmf.res[vmf.pc].warn, "Trying to vfree() nonexistent", 29);
	expect_free("warning", "BUG: wrong warning in vfree");
}

int main(void)
{
	if (soft_machine_init())
		return 2;
	model_cases();
	allocator_cases();
	free_cases();
	return check_done("placement");
}
