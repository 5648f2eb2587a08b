// SPDX-License-Identifier: GPL-2.0
/*
 * The change record of the running op (see record.h).
 */
#include "record.h"
#include "interp.h"
#include "kernel.h"
#include "pgtable.h"

struct vmf_record vmf_rec;
static struct rec_area area_buf[2][REC_MAX_AREAS];
static u32 tabled[PTRS_PER_PGD / 32]; /* pgd entries given a table */

void record_reset(void)
{
	vmf_rec.areas = area_buf[0];
	vmf_rec.old = area_buf[1];
	vmf_rec.nareas = 0;
	vmf_rec.nold = 0;
	memset(tabled, 0, sizeof(tabled));
	record_begin_op();
}

void record_begin_op(void)
{
	vmf_rec.ngone = 0;
	vmf_rec.nborn = 0;
	vmf_rec.listed = false;
	vmf_rec.overflow = false;
	vmf_rec.nptes = 0;
	vmf_rec.ntables = 0;
	vmf_rec.nfreed = 0;
}

/* The same area: struct, address, and what the oracle's summary of it
 * follows from (size, flags, page array). On two CPUs the record spans the
 * ops between quiescent points, in which an area can be freed and its
 * struct reused at its address (kfree, then kmalloc): by another size or
 * kind that is another area, gone and born. */
static bool same(const struct rec_area *e, const struct vm_struct *t)
{
	return t && e->area == t && e->addr == t->addr && e->size == t->size &&
	       e->flags == t->flags && e->pages == t->pages;
}

/* Merge the previous copy (address order) with vmlist: an entry matched by
 * same() is kept, the others are gone or born. */
void record_vmlist(void)
{
	struct rec_area *prev = vmf_rec.areas, *next = vmf_rec.old;
	const struct vm_struct *t = vmlist;
	u32 j = 0, n = 0, nprev = vmf_rec.nareas;

	while ((t || j < nprev) && n < REC_MAX_AREAS) {
		if (j < nprev && same(&prev[j], t)) {
			vmf_rec.from[n] = (s32)j++;
		} else if (j < nprev && (!t || prev[j].addr <= t->addr)) {
			vmf_rec.gone[vmf_rec.ngone++] = prev[j++];
			continue;
		} else {
			vmf_rec.from[n] = -1;
			vmf_rec.nborn++;
		}
		next[n++] = (struct rec_area){ t, t->addr, t->size, t->flags,
					       t->pages };
		t = t->next;
	}
	if (t) /* a list longer than any program makes: a cycle */
		vmf_rec.overflow = true;
	while (j < nprev)
		vmf_rec.gone[vmf_rec.ngone++] = prev[j++];
	vmf_rec.old = prev;
	vmf_rec.nold = nprev;
	vmf_rec.areas = next;
	vmf_rec.nareas = n;
	vmf_rec.listed = true;
}

void record_pte(pte_t *ptep)
{
	if (vmf_rec.nptes < REC_MAX_PTES)
		vmf_rec.ptes[vmf_rec.nptes++] = ptep;
	else
		vmf_rec.overflow = true;
}

/*
 * 2.6 never frees a kernel page table, so a second table at one pgd entry
 * in a program replaced a present one: its mappings are gone and its frame
 * leaked, and only the TLB still reaches them (strict on the host, finite
 * in QEMU and Bochs, which evict at will). Caught here, at the PDE write,
 * before any access can depend on what a TLB kept.
 */
static void check_new_table(const pmd_t *pmd)
{
	u32 i = (u32)(pmd - swapper_pg_dir);

	if (i >= PTRS_PER_PGD)
		return;
	if (tabled[i / 32] & (1u << (i % 32)))
		vmf_bug(vmf_op_function(&vmf.prog.ops[vmf.pc]),
			"page table replaced",
			"pgd entry %u (0x%08x) got a second page table, 0x%08x",
			i, i << PGDIR_SHIFT, pmd_val(*pmd));
	tabled[i / 32] |= 1u << (i % 32);
}

void record_table(pmd_t *pmd)
{
	check_new_table(pmd);
	if (vmf_rec.ntables < REC_MAX_TABLES)
		vmf_rec.tables[vmf_rec.ntables++] = pmd;
	else
		vmf_rec.overflow = true;
}

void record_free(u32 pfn)
{
	if (vmf_rec.nfreed < REC_MAX_FREED)
		vmf_rec.freed[vmf_rec.nfreed++] = pfn;
	else
		vmf_rec.overflow = true;
}
