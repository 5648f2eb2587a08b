// SPDX-License-Identifier: GPL-2.0
/*
 * vmalloc_user() of linux/mm/vmalloc.c as it came in 2.6.18 (Nick Piggin,
 * LKML 2006-04-21: "mm: introduce remap_vmalloc_range"), ported to vmfuzz
 * next to the 2.6.11 file (core/vmalloc.c):
 * zeroed pages, and the area marked VM_USERMAP. The vmalloc_user-null knob
 * puts back 2.6.18's missing NULL test (core/bugs.h).
 */
#include "vmalloc.h"
#include "bugs.h"
#include "kernel.h"


/* 2.6.18's lookup under vmlist_lock: the area starting at addr, or NULL. */
static struct vm_struct *__find_vm_area(ulong32 addr)
{
	struct vm_struct *tmp;

	for (tmp = vmlist; tmp != NULL; tmp = tmp->next)
		if (tmp->addr == addr)
			break;
	return tmp;
}

/*
 * `area->flags |= VM_USERMAP`. A NULL area is what the CPU would make of it
 * on i386: an oops at the address of the flags field in 2.6.18's struct
 * vm_struct (addr, size, flags: offset 8). It is raised here rather than by
 * an access, as the firmware maps page 0 (identity map) and the host does
 * not hold the struct at a kernel address.
 */
static void area_mark_usermap(struct vm_struct *area)
{
	if (!area)
		vmf_bug("vmalloc_user",
			"unable to handle kernel NULL pointer dereference",
			"at virtual address 0x%08x", 8u);
	area->flags |= VM_USERMAP;
}

ulong32 vmalloc_user(ulong32 size)
{
	struct vm_struct *area;
	ulong32 ret;

	ret = __vmalloc(size, GFP_KERNEL | __GFP_HIGHMEM | __GFP_ZERO,
			PAGE_KERNEL);
	/* 2.6.18 looked the area up and marked it without `if (ret)`. */
	if (ret || bug_on(BUG_VMALLOC_USER_NULL)) {
		write_lock(&vmlist_lock);
		area = __find_vm_area(ret);
		area_mark_usermap(area);
		write_unlock(&vmlist_lock);
	}
	return ret;
}
