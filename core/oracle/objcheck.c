// SPDX-License-Identifier: GPL-2.0
/*
 * Slab object checks on vmlist (see objcheck.h).
 */
#include "objcheck.h"
#include "arch.h"
#include "interp.h"
#include "kernel.h"
#include "redzone.h"
#include "slab.h"

static const char *const node_bug[] = {
	[KOBJ_FREED] = "use-after-free",
	[KOBJ_WRONG_SIZE] = "slab object of the wrong size",
	[KOBJ_INVALID] = "wild vmlist pointer",
};

static const char *const array_bug[] = {
	[KOBJ_FREED] = "use-after-free",
	[KOBJ_WRONG_SIZE] = "slab object of the wrong size",
	[KOBJ_INVALID] = "page array is not a kmalloc object",
};

/* Kernel address of a native pointer for reports: the same number in both
 * worlds for a pool pointer; 0 for anything else. */
static ulong32 kaddr(const void *p)
{
	u32 phys = arch_virt_to_phys(p);

	return phys == ARCH_NO_PHYS ? 0 : __kva(phys);
}

bool objcheck_node_ok(const struct vm_struct *area)
{
	return kmalloc_check(area, sizeof(*area)) == KOBJ_LIVE;
}

static void check_pages(const struct vm_struct *tmp, u32 n, const char *fn)
{
	enum kobj_state st;

	if (!tmp->pages || !kva_is_lowmem(tmp->pages) ||
	    (tmp->flags & VM_VPAGES))
		return;
	st = kmalloc_check(arch_phys_to_virt(__kpa(tmp->pages)),
			   tmp->nr_pages * (u32)sizeof(pageref_t));
	if (st != KOBJ_LIVE)
		vmf_bug(fn, array_bug[st],
			"page array 0x%08x of vmlist node %u (area 0x%08x, "
			"%u pages)",
			tmp->pages, n, tmp->addr, tmp->nr_pages);
}

void objcheck_vmlist(void)
{
	const char *fn = vmf_op_function(&vmf.prog.ops[vmf.pc]);
	const struct vm_struct *tmp;
	u32 n = 0, max = kmalloc_nr_objects();

	redzone_check_op();
	for (tmp = vmlist; tmp; tmp = tmp->next, n++) {
		enum kobj_state st = kmalloc_check(tmp, sizeof(*tmp));

		if (st != KOBJ_LIVE)
			vmf_bug(fn, node_bug[st],
				"vmlist node %u at 0x%08x is %s", n, kaddr(tmp),
				st == KOBJ_FREED ? "a freed kmalloc object"
				: st == KOBJ_INVALID
					? "not a kmalloc object"
					: "a kmalloc object of another size");
		if (n >= max)
			vmf_bug(fn, "vmlist cycle",
				"more vmlist nodes than kmalloc objects (%u)",
				max);
		check_pages(tmp, n, fn);
	}
}
