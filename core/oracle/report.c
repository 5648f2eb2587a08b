// SPDX-License-Identifier: GPL-2.0
/*
 * BUG reports, in the spirit of KASAN and syzkaller: a stable title line,
 * then the operation, the program up to it, vmlist, the page-table entries
 * that matter, and meminfo.
 */
#include "report.h"
#include "kernel.h"
#include "slab.h"
#include "objcheck.h"
#include "pgtable.h"

#define REPORT_MAX_AREAS 32

void vmf_print_op(u32 i)
{
	char text[64], result[160];

	prog_op_format(&vmf.prog.ops[i], text, sizeof(text));
	vmf_format_result(i, result, sizeof(result));
	printk("%4u  %s -> %s\n", i, text, result);
}

static void print_pte(ulong32 va)
{
	pgd_t pgd = *pgd_offset_k(va);
	pte_t *pte = lookup_pte_k(va);

	printk("  0x%08x: pde 0x%08x pte %s", va, pgd_val(pgd),
	       pte ? "" : "none\n");
	if (pte)
		printk("0x%08x\n", pte_val(*pte));
}

static const char *area_kind(const struct vm_struct *area)
{
	if (area->flags & VM_IOREMAP)
		return "ioremap";
	if (area->flags & VM_MAP)
		return "vmap";
	return area->pages ? "vmalloc" : "alloc";
}

static void print_vmlist(void)
{
	const struct vm_struct *tmp;
	u32 n = 0;

	printk("vmlist:\n");
	for (tmp = vmlist; tmp; tmp = tmp->next, n++) {
		if (n == REPORT_MAX_AREAS) {
			printk("  ...\n");
			break;
		}
		if (!objcheck_node_ok(tmp)) {
			printk("  (node %u: not a live vm_struct)\n", n);
			break;
		}
		printk("  0x%08x-0x%08x %10u %s pages=%u%s\n", tmp->addr,
		       tmp->addr + tmp->size, tmp->size, area_kind(tmp),
		       tmp->nr_pages, tmp->flags & VM_VPAGES ? " vpages" : "");
	}
	if (!vmlist)
		printk("  (empty)\n");
}

static void print_page_tables(void)
{
	const struct vm_struct *tmp;
	u32 n = 0;

	printk("page tables:\n");
	if (vmf.has_bug_va)
		print_pte(vmf.bug_va);
	for (tmp = vmlist; tmp && n < REPORT_MAX_AREAS && objcheck_node_ok(tmp);
	     tmp = tmp->next, n++) {
		print_pte(tmp->addr);
		print_pte(tmp->addr + tmp->size - PAGE_SIZE);
	}
}

/* Every node a live vm_struct (and no more nodes than objects). */
static bool vmlist_walkable(void)
{
	const struct vm_struct *tmp;
	u32 n = 0;

	for (tmp = vmlist; tmp; tmp = tmp->next)
		if (!objcheck_node_ok(tmp) || n++ > kmalloc_nr_objects())
			return false;
	return true;
}

void vmf_report(void)
{
	struct vmalloc_info vmi;
	u32 i;

	printk("%s\n", vmf.title);
	printk("%s\n", vmf.detail);
	printk("op %u:\n", vmf.pc);
	vmf_print_op(vmf.pc);
	printk("program:\n");
	for (i = 0; i <= vmf.pc; i++)
		vmf_print_op(i);
	print_vmlist();
	print_page_tables();
	printk("meminfo:\n");
	if (vmlist_walkable()) {
		__get_vmalloc_info(&vmi);
		vmf_print_meminfo(&vmi);
	} else {
		printk("  (vmlist corrupt)\n");
	}
	printk("knobs: 0x%x\n", vmf.cfg->bugs);
}
