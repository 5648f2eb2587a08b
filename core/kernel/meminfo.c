// SPDX-License-Identifier: GPL-2.0
/*
 * VmallocUsed and VmallocChunk: get_vmalloc_info() of 2.6.12 mm/vmalloc.c,
 * which 2.6.11 still computed inline in fs/proc/proc_misc.c.
 */
#include "vmalloc.h"
#include "bugs.h"
#include "kernel.h"


void __get_vmalloc_info(struct vmalloc_info *vmi)
{
	struct vm_struct *vma;
	ulong32 free_area_size;
	ulong32 prev_end;

	vmi->used = 0;
	if (!vmlist) {
		vmi->largest_chunk = VMALLOC_TOTAL;
		return;
	}
	vmi->largest_chunk = 0;
	prev_end = VMALLOC_START;
	for (vma = vmlist; vma; vma = vma->next) {
		ulong32 addr = vma->addr;

		/* Some archs keep another range for modules in vmlist */
		if (!bug_on(BUG_MEMINFO_CHUNK)) {
			if (addr < VMALLOC_START)
				continue;
			if (addr >= VMALLOC_END)
				break;
		}
		vmi->used += vma->size;
		free_area_size = addr - prev_end;
		if (vmi->largest_chunk < free_area_size)
			vmi->largest_chunk = free_area_size;
		prev_end = vma->size + addr;
	}
	if (VMALLOC_END - prev_end > vmi->largest_chunk)
		vmi->largest_chunk = VMALLOC_END - prev_end;
}

void get_vmalloc_info(struct vmalloc_info *vmi)
{
	if (!vmlist) { /* 2.6.12 tests it before it takes the lock */
		__get_vmalloc_info(vmi);
		return;
	}
	read_lock(&vmlist_lock);
	__get_vmalloc_info(vmi);
	read_unlock(&vmlist_lock);
}
