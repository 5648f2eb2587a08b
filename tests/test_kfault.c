// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel memory errors on the host (issue 8, parts 1 and 2), seen to fail:
 *  - a wild pointer followed by kernel code (a poisoned, freed, NULL or
 *    low-4GB next pointer on vmlist; a store past the pool) is the BUG
 *    "unable to handle kernel paging request in <function>", and the next
 *    program runs as if nothing happened;
 *  - a vmlist node or page array that is not a live kmalloc object of the
 *    right size class is reported by the slab check, never dereferenced.
 */
#include <string.h>

#include "arch.h"
#include "arch_soft.h"
#include "check.h"
#include "kcheck.h"
#include "interp.h"
#include "objcheck.h"
#include "pgtable.h"
#include "slab.h"
#include "vmf_text.h"

static const char setup_text[] = "a0 = vmalloc 8192\n"
				 "write a0 0 8192\n"
				 "a1 = vmalloc 4096\n"
				 "a2 = get_vm_area 0x4000\n"
				 "meminfo\n";

static const struct vmf_config cfg;

/* Run `text`; returns its outcome and leaves the title in *res. */
static int run_text(const char *text, struct vmf_result *res)
{
	return kcheck_run_text(text, &cfg, res);
}

static void run_setup(void)
{
	struct vmf_result res;

	CHECK(run_text(setup_text, &res) == VMF_OK, "setup: %s", res.title);
	vmf.pc = vmf.prog.nops - 1; /* "meminfo": get_vmalloc_info */
}

static struct vm_struct *area(int slot)
{
	return vmf.slots[slot].area;
}

static void expect(const char *what, void (*fn)(void *), void *arg,
		   const char *want)
{
	kcheck_expect(what, fn, arg, want);
}

/* An allocation: __get_vm_area walks vmlist to its end. */
static void kernel_vmalloc(void *unused)
{
	(void)unused;
	vmf.prog.ops[vmf.pc] = (struct vmf_op){ .code = OP_VMALLOC };
	vmalloc(PAGE_SIZE);
}

static void check_objects(void *unused)
{
	(void)unused;
	objcheck_vmlist();
}

static void store_at(void *p)
{
	*(volatile u8 *)p = 1;
}

#define OOPS "BUG: unable to handle kernel paging request in vmalloc"

static void wild_pointer_cases(void)
{
	struct vm_struct *freed;

	run_setup();
	expect("clean walk", kernel_vmalloc, NULL, "");

	run_setup(); /* next read from freed slab memory: 0x6b6b... */
	memset(&area(2)->next, POISON_FREE, sizeof(area(2)->next));
	expect("poisoned next", kernel_vmalloc, NULL, OOPS);

	run_setup(); /* a freed vm_struct still linked: its next is poison */
	freed = kmalloc(sizeof(*freed), GFP_KERNEL);
	*freed = *area(2);
	freed->addr += 0x100000;
	freed->next = NULL;
	area(2)->next = freed;
	kfree(freed);
	expect("freed node", kernel_vmalloc, NULL, OOPS);

	run_setup();
	area(2)->next = (struct vm_struct *)(uintptr_t)0x10;
	expect("NULL page", kernel_vmalloc, NULL, OOPS);

	run_setup(); /* any 32-bit value: in the pool or reserved PROT_NONE */
	area(2)->next = (struct vm_struct *)(uintptr_t)0x20000000u;
	expect("low 4 GB", kernel_vmalloc, NULL, OOPS);

	run_setup();
	expect("store past the pool", store_at,
	       (u8 *)arch_phys_to_virt(POOL_PHYS_END - 1) + 1,
	       "BUG: unable to handle kernel paging request in "
	       "get_vmalloc_info");
	run_setup();
	expect("store below the pool", store_at,
	       (u8 *)arch_phys_to_virt(POOL_PHYS_START) - 1,
	       "BUG: unable to handle kernel paging request in "
	       "get_vmalloc_info");
	CHECK(arch_phys_to_virt(POOL_PHYS_START) ==
		      (void *)(uintptr_t)POOL_PHYS_START,
	      "the pool is not at its physical address (%p)",
	      arch_phys_to_virt(POOL_PHYS_START));
}

/* The batch goes on: after a fault, programs run normally, and a second
 * fault is caught as the first was. */
static void batch_cases(void)
{
	struct vmf_result res;
	int i;

	for (i = 0; i < 3; i++) {
		run_setup();
		memset(&area(2)->next, POISON_FREE, sizeof(area(2)->next));
		expect("fault again", kernel_vmalloc, NULL, OOPS);
		CHECK(run_text(setup_text, &res) == VMF_OK,
		      "program after a fault: %s", res.title);
	}
}

#define IN_META " in get_vmalloc_info"

static void slab_cases(void)
{
	struct vm_struct *big;
	void *obj;

	run_setup();
	expect("clean objects", check_objects, NULL, "");

	run_setup(); /* freed, still linked */
	kfree(area(1));
	expect("freed node", check_objects, NULL,
	       "BUG: use-after-free" IN_META);

	run_setup(); /* inside an object, not at its start */
	area(0)->next = (struct vm_struct *)((u8 *)area(1) + 8);
	expect("mid-object", check_objects, NULL,
	       "BUG: wild vmlist pointer" IN_META);

	run_setup(); /* a data frame of a0 */
	area(0)->next = kva_ptr(vmf.slots[0].addr, 0, "t");
	expect("data frame", check_objects, NULL,
	       "BUG: wild vmlist pointer" IN_META);

	run_setup(); /* a live object of the 128-byte class */
	big = kmalloc(128, GFP_KERNEL);
	*big = *area(1);
	area(0)->next = big;
	expect("size class", check_objects, NULL,
	       "BUG: slab object of the wrong size" IN_META);

	run_setup();
	area(2)->next = area(0);
	expect("cycle", check_objects, NULL, "BUG: vmlist cycle" IN_META);

	run_setup(); /* page array freed under a live area */
	kfree_kva(area(0)->pages);
	expect("freed array", check_objects, NULL,
	       "BUG: use-after-free" IN_META);

	run_setup(); /* page array of the wrong class (2 pages: 64 bytes) */
	obj = kmalloc(256, GFP_KERNEL);
	area(0)->pages = obj_kva(obj);
	expect("array class", check_objects, NULL,
	       "BUG: slab object of the wrong size" IN_META);

	run_setup();
	area(0)->pages = vmf.slots[0].addr - PAGE_OFFSET; /* not lowmem: skip */
	area(1)->pages = __kva(__pa(kva_ptr(vmf.slots[0].addr, 0, "t")));
	expect("array in a data frame", check_objects, NULL,
	       "BUG: page array is not a kmalloc object" IN_META);
}

/* Point a0's pgd entry at a new page table, as a pte_alloc_kernel() that
 * did not look at pmd_none() would (mutant new-table-every-map). */
static void second_table(void *unused)
{
	pmd_t *pmd = pmd_offset(pgd_offset_k(vmf.slots[0].addr), 0);

	(void)unused;
	pmd->pgd = 0;
	pte_alloc_kernel(pmd, vmf.slots[0].addr);
}

/* A second table at one pgd entry in a program is a BUG at that write
 * (record.c), before any access can depend on a stale TLB entry. */
static void table_cases(void)
{
	run_setup();
	expect("a second page table", second_table, NULL,
	       "BUG: page table replaced in get_vmalloc_info");
}

int main(void)
{
	if (soft_machine_init())
		return 2;
	wild_pointer_cases();
	batch_cases();
	slab_cases();
	table_cases();
	return check_done("kfault");
}
