// SPDX-License-Identifier: GPL-2.0
/*
 * Every oracle invariant, seen to fail: run a program that is ok, corrupt
 * the allocator's state by hand the way a bug would, and check that the
 * oracle (or the interpreter's own check) reports exactly the expected
 * title. The same state uncorrupted must pass.
 *
 * Every case runs three times: with the full sweep (paranoid), with the
 * incremental check followed by the end-of-program sweep (what a program
 * gets), and with the incremental check alone, which must name every
 * corruption made through the allocator's own mutators (set_pte,
 * __free_page, kmalloc, vmlist links) by itself; only corruptions made
 * behind the MMU's back (a byte of a frame flipped directly) are left to
 * the sweeps.
 */
#include <string.h>

#include "arch.h"
#include "arch_soft.h"
#include "bugs.h"
#include "check.h"
#include "kcheck.h"
#include "objcheck.h"
#include "oracle.h"
#include "record.h"
#include "pgtable.h"
#include "slab.h"
#include "vmf_text.h"

static const char setup_text[] =
	"a0 = vmalloc 8192\n" /* [S, S+3p) */
	"write a0 0 8192\n"
	"a1 = vmalloc 4096\n" /* [S+3p, S+5p) */
	"write a1 0 4096\n"
	"a2 = get_vm_area 0x4000\n" /* [S+5p, S+10p), reserve only */
	"a3 = get_vm_area 4096 module\n"
	"a4 = vmalloc 4096\n" /* [S+10p, S+12p), never written */
	"meminfo\n";

static struct vmf_config cfg;

static void run_setup(const char *text)
{
	struct vmf_result res;

	CHECK(kcheck_run_text(text, &cfg, &res) == VMF_OK,
	      "setup program failed: %s", res.title);
	vmf.pc = vmf.prog.nops - 1; /* the oracle runs "after" the last op */
	record_begin_op();	    /* the corruption is the op */
	soft_console_clear();
}

static struct vm_struct *area(int slot)
{
	return vmf.slots[slot].area;
}

static pte_t *pte_of(ulong32 va)
{
	return lookup_pte_k(va);
}

static u32 fresh_frame(void)
{
	return page_to_pfn(alloc_page(GFP_KERNEL));
}

enum mode { PARANOID, PROGRAM, INCREMENTAL_ONLY };
static enum mode mode;
static bool sweep_only; /* the case is a corruption behind the MMU's back */

static void after_op(void *unused)
{
	(void)unused;
	record_vmlist();
	oracle_after_op(mode == PARANOID);
	if (mode == PROGRAM)
		oracle_check_all();
}

/* Run op as the last op of the program, then the oracle on it. */
static void exec_op(void *op)
{
	vmf.prog.ops[vmf.pc] = *(struct vmf_op *)op;
	interp_exec(op);
	after_op(NULL);
}

/* Run the oracle (or an op) and compare the BUG title with `want`
 * ("" = no BUG expected). */
static void expect(const char *what, void (*fn)(void *), void *arg,
		   const char *want)
{
	int bugged;

	vmf.title[0] = '\0';
	bugged = arch_try(fn, arg);
	if (mode == INCREMENTAL_ONLY && sweep_only && !bugged) {
		sweep_only = false;
		soft_console_clear();
		return;
	}
	sweep_only = false;
	kcheck_title(what, bugged, want);
}

#define IN_META " in get_vmalloc_info"

static void vmlist_cases(void)
{
	run_setup(setup_text);
	expect("clean state", after_op, NULL, "");

	run_setup(setup_text); /* vmlist: a3, a0, a1, a2, a4 */
	area(3)->next = area(1);
	area(1)->next = area(0);
	area(0)->next = area(2);
	expect("unsorted", after_op, NULL, "BUG: vmlist not sorted" IN_META);

	run_setup(setup_text);
	area(0)->size += 2 * PAGE_SIZE;
	expect("overlap", after_op, NULL, "BUG: overlapping vm areas" IN_META);

	run_setup(setup_text);
	area(2)->size += 1;
	expect("malformed", after_op, NULL, "BUG: malformed vm area" IN_META);

	run_setup(setup_text);
	area(4)->addr = VMALLOC_END - PAGE_SIZE;
	expect("outside", after_op, NULL,
	       "BUG: vm area outside vmalloc range" IN_META);
}

/* Map a4's page to frame pfn, in its pte and its pages array alike. */
static void remap_a4(u32 pfn)
{
	pages_set(area(4)->pages, 0, pfn, "t");
	set_pte(pte_of(vmf.slots[4].addr), pfn_pte(pfn, PAGE_KERNEL));
	flush_tlb_all();
}

static void mapping_cases(void)
{
	run_setup(setup_text);
	set_pte(pte_of(vmf.slots[1].addr + PAGE_SIZE),
		pfn_pte(fresh_frame(), PAGE_KERNEL));
	expect("guard", after_op, NULL, "BUG: guard page mapped" IN_META);

	run_setup(setup_text);
	set_pte(pte_of(vmf.slots[2].addr), pfn_pte(fresh_frame(), PAGE_KERNEL));
	expect("reserved", after_op, NULL,
	       "BUG: unbacked page of vm area mapped" IN_META);

	run_setup(setup_text);
	ptep_get_and_clear(pte_of(vmf.slots[0].addr + PAGE_SIZE));
	flush_tlb_all();
	expect("unmapped", after_op, NULL, "BUG: live area not mapped" IN_META);

	run_setup(setup_text);
	set_pte(pte_of(vmf.slots[4].addr), pfn_pte(fresh_frame(), PAGE_KERNEL));
	expect("wrong frame", after_op, NULL,
	       "BUG: live area mapped to the wrong frame" IN_META);

	run_setup(setup_text);
	pages_set(area(4)->pages, 0, pages_get(area(0)->pages, 0, "t"), "t");
	set_pte(pte_of(vmf.slots[4].addr), *pte_of(vmf.slots[0].addr));
	expect("twice", after_op, NULL, "BUG: frame mapped twice" IN_META);

	run_setup(setup_text); /* a4's page becomes a kmalloc slab frame */
	remap_a4(__pa(kmalloc(8, GFP_KERNEL)) >> PAGE_SHIFT);
	expect("slab frame", after_op, NULL,
	       "BUG: kmalloc frame mapped" IN_META);

	run_setup(setup_text); /* a4's page becomes its own page table */
	remap_a4(pmd_pfn(*pgd_offset_k(vmf.slots[4].addr)));
	expect("table frame", after_op, NULL,
	       "BUG: page table frame mapped" IN_META);

	run_setup(setup_text);
	set_pte(pte_of(vmf.slots[0].addr + 0x40000),
		pfn_pte(fresh_frame(), PAGE_KERNEL));
	expect("stray", after_op, NULL, "BUG: stray kernel mapping" IN_META);
}

static void freed_cases(void)
{
	run_setup(setup_text);
	area(0)->next = area(2); /* a1 unlinked but not unmapped */
	expect("freed mapped", after_op, NULL,
	       "BUG: freed area still mapped" IN_META);

	run_setup(setup_text);
	area(0)->next = area(2); /* unlinked and unmapped, TLB not flushed */
	ptep_get_and_clear(pte_of(vmf.slots[1].addr));
	expect("stale tlb", after_op, NULL,
	       "BUG: freed area still accessible" IN_META);

	run_setup(setup_text);
	area(0)->next = area(2);
	ptep_get_and_clear(pte_of(vmf.slots[1].addr));
	flush_tlb_kernel_range(vmf.slots[1].addr, vmf.slots[1].addr + 8192);
	vmf.slots[1].live = false;
	expect("freed, flushed (ok up to accounting)", after_op, NULL,
	       "BUG: page leak" IN_META);
}

static void content_and_accounting_cases(void)
{
	u8 *frame;

	run_setup(setup_text);
	frame = page_address(pfn_to_page(pte_pfn(*pte_of(vmf.slots[0].addr))));
	frame[0] ^= 0xff;
	sweep_only = true;
	expect("corrupt", after_op, NULL, "BUG: live area corrupted" IN_META);

	run_setup(setup_text);
	alloc_page(GFP_KERNEL);
	expect("leak", after_op, NULL, "BUG: page leak" IN_META);

	run_setup(setup_text);
	__free_page(pfn_to_page(pte_pfn(*pte_of(vmf.slots[4].addr))));
	expect("freed but mapped", after_op, NULL,
	       "BUG: free frame mapped" IN_META);

	run_setup(setup_text);
	vmf.orphan_frames++; /* one frame more accounted than allocated */
	expect("freed in use", after_op, NULL,
	       "BUG: frames in use were freed" IN_META);

	run_setup(setup_text);
	kmalloc(10, GFP_KERNEL);
	expect("kmalloc leak", after_op, NULL, "BUG: kmalloc leak" IN_META);

	run_setup(setup_text);
	vmf_bugs |= BUG_MEMINFO_CHUNK;
	expect("meminfo", after_op, NULL, "BUG: wrong VmallocUsed" IN_META);
}

static void new_slot(void *arg)
{
	const struct vmf_op *op = arg;

	oracle_check_new_slot(&vmf.slots[op->slot], op);
}

static void new_slot_cases(void)
{
	struct vmf_op op = { .code = OP_VMALLOC, .slot = 0 };

	run_setup(setup_text);
	expect("slot ok", new_slot, &op, "");
	vmf.slots[0].req = 3 * PAGE_SIZE;
	expect("smaller", new_slot, &op,
	       "BUG: vm area smaller than requested" IN_META);
	run_setup(setup_text);
	vmf.slots[0].req = 1;
	expect("larger", new_slot, &op,
	       "BUG: vm area larger than requested" IN_META);
	run_setup(setup_text);
	area(0)->nr_pages = 1;
	expect("page count", new_slot, &op,
	       "BUG: vmalloc area with wrong page count" IN_META);
	run_setup(setup_text);
	op = (struct vmf_op){ .code = OP_GET_VM_AREA,
			      .slot = 1,
			      .mode = AREA_IOREMAP };
	vmf.slots[1].kind = SLOT_AREA;
	vmf.slots[1].req = 0x800; /* fls() = 12: 4 kB, and a1 is 4 kB aligned */
	expect("aligned", new_slot, &op, "");
	vmf.slots[1].req = 0x10000;
	vmf.slots[1].area->size = 0x11000;
	expect("misaligned", new_slot, &op,
	       "BUG: misaligned ioremap area" IN_META);
}

static void op_cases(void)
{
	struct vmf_op touch = { .code = OP_TOUCH, .slot = 0, .a = 8192 };
	struct vmf_op check = { .code = OP_CHECK, .slot = 0 };
	struct vmf_op write = { .code = OP_WRITE, .slot = 0, .b = 100 };
	u8 *frame;

	run_setup(setup_text);
	expect("touch guard faults", exec_op, &touch, "");
	set_pte(pte_of(vmf.slots[0].addr + 8192),
		pfn_pte(fresh_frame(), PAGE_KERNEL));
	expect("touch", exec_op, &touch,
	       "BUG: unmapped address did not fault in touch");

	run_setup(setup_text);
	touch.a = 0;
	ptep_get_and_clear(pte_of(vmf.slots[0].addr));
	flush_tlb_all();
	expect("touch mapped", exec_op, &touch,
	       "BUG: mapped address faulted in touch");

	run_setup(setup_text);
	expect("check ok", exec_op, &check, "");
	frame = page_address(pfn_to_page(pte_pfn(*pte_of(vmf.slots[0].addr))));
	frame[100] ^= 1;
	expect("check", exec_op, &check, "BUG: live area corrupted in check");

	run_setup(setup_text);
	ptep_get_and_clear(pte_of(vmf.slots[0].addr));
	flush_tlb_all();
	expect("write", exec_op, &write, "BUG: fault on live area in write");
}

static void bad_free(void *arg)
{
	kfree_caller(arg, "test_free");
}

static void bad_kva_free(void *arg)
{
	kfree_kva_caller(*(ulong32 *)arg, "test_free");
}

static void kernel_cases(void)
{
	static const char big[] = "a0 = vmalloc 0x401000\nmeminfo\n";
	void *obj;

	run_setup(setup_text);
	obj = kmalloc(100, GFP_KERNEL);
	expect("kfree ok", bad_free, obj, "");
	expect("double kfree", bad_free, obj,
	       "BUG: double-free or invalid-free in test_free");
	run_setup(setup_text);
	expect("kfree of vmalloc", bad_kva_free, &vmf.slots[0].addr,
	       "BUG: double-free or invalid-free in test_free");

	/* 1025 pages: the page array is vmalloc'ed; unmap it under the core. */
	run_setup(big);
	ptep_get_and_clear(pte_of(area(0)->pages));
	flush_tlb_all();
	expect("oops", after_op, NULL,
	       "BUG: unable to handle kernel paging request" IN_META);
}

/* The checks that follow an op that may have written kernel objects. */
static void after_kernel_op(void *unused)
{
	objcheck_vmlist(); /* the slab redzones first */
	after_op(unused);
}

/* Run op (a vmalloc into a dead slot), write pages[nr_pages] as an
 * off-by-one would, then the checks that follow the op. */
static void overrun_op(void *arg)
{
	const struct vmf_op *op = arg;

	vmf.prog.ops[vmf.pc] = *op;
	interp_exec(op);
	pages_set(area(op->slot)->pages, area(op->slot)->nr_pages, 0x1234, "t");
	after_kernel_op(NULL);
}

#define OOB "BUG: slab-out-of-bounds"

static void redzone_cases(void)
{
	/* a1's vm_struct and 4-byte page array leave two 64-byte holes */
	static const char holes[] = "a0 = vmalloc 8192\na1 = vmalloc 4096\n"
				    "vfree a1\n";
	struct vmf_op op = { .code = OP_VMALLOC, .slot = 1, .a = 4096 };
	u8 *obj;

	run_setup(setup_text);
	obj = kmalloc(100, GFP_KERNEL);
	memset(obj, 0, 100);
	vmf.orphan_objects++; /* not a leak: the test holds it */
	expect("redzone intact", after_kernel_op, NULL, "");

	run_setup(setup_text);
	obj = kmalloc(100, GFP_KERNEL);
	CHECK(obj[100] == SLUB_RED_ACTIVE && obj[127] == SLUB_RED_ACTIVE,
	      "redzone of kmalloc(100): 0x%02x 0x%02x", obj[100], obj[127]);
	obj[100] = 0;
	expect("first redzone byte", after_kernel_op, NULL, OOB IN_META);

	run_setup(setup_text);
	obj = kmalloc(100, GFP_KERNEL);
	obj[127] ^= 1;
	expect("last redzone byte", after_kernel_op, NULL, OOB IN_META);

	run_setup(setup_text); /* the first 128-byte object: its next is free */
	obj = kmalloc(128, GFP_KERNEL);
	obj[128] = 0;
	expect("free memory after it", after_kernel_op, NULL, OOB IN_META);

	run_setup(setup_text); /* only what the op got is checked */
	obj = kva_ptr(area(0)->pages, 1, "t");
	obj[2 * sizeof(pageref_t)] = 0;
	expect("an older object", after_kernel_op, NULL, "");

	run_setup(holes); /* 1 page: pages[1] is the array's redzone */
	expect("pages[nr_pages] in the redzone", overrun_op, &op,
	       OOB " in vmalloc");

	run_setup(holes); /* 16 pages: a full 64-byte array, free slot next */
	op.a = 16 * PAGE_SIZE;
	expect("pages[nr_pages] past the object", overrun_op, &op,
	       OOB " in vmalloc");
}

int main(void)
{
	if (soft_machine_init())
		return 2;
	for (mode = PARANOID; mode <= INCREMENTAL_ONLY; mode++) {
		vmlist_cases();
		mapping_cases();
		freed_cases();
		content_and_accounting_cases();
		new_slot_cases();
		op_cases();
		kernel_cases();
		redzone_cases();
	}
	return check_done("oracle");
}
