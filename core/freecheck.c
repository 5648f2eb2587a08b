// SPDX-License-Identifier: GPL-2.0
/*
 * What a free must remove (see freecheck.h).
 */
#include "freecheck.h"
#include "interp.h"
#include "kernel.h"

static const char bad_address[] = "Trying to vfree() bad address";
static const char nonexistent[] = "Trying to vfree() nonexistent vm area";

/* The snapshot entry of the area starting at addr, or NULL. */
static const struct area_snap *snap_at(ulong32 addr)
{
	u32 i;

	for (i = 0; i < vmf.nsnap; i++)
		if (vmf.snap[i].addr == addr)
			return &vmf.snap[i];
	return NULL;
}

/* Did a live allocation record own this area before the op? */
static bool owned(const struct area_snap *e)
{
	const struct slot *s;

	for_each_record(s)
		if (s->live && s->area == e->area && s->addr == e->addr)
			return true;
	return false;
}

static void want_warning(const char *fn, const char *want)
{
	const struct op_result *r = &vmf.res[vmf.pc];
	u32 n = want ? (u32)strlen(want) : 0;

	if ((!want && r->nwarn) ||
	    (want && (!r->nwarn || memcmp(r->warn, want, n))))
		vmf_bug(fn, "wrong warning", "got '%s', want '%s'",
			r->nwarn ? r->warn : "", want ? want : "");
}

void freecheck_op(void)
{
	const struct vmf_op *op = &vmf.prog.ops[vmf.pc];
	const struct op_result *r = &vmf.res[vmf.pc];
	const char *fn = vmf_op_function(op);
	const struct area_snap *target = NULL;
	ulong32 addr = r->value;
	u32 g;

	if (r->kind == RES_SKIP ||
	    (op->code != OP_VFREE && op->code != OP_VUNMAP &&
	     op->code != OP_FREE_VM_AREA))
		return;
	if (op->code == OP_FREE_VM_AREA)
		addr = vmf.slots[op->slot].addr;
	if (addr && !(addr & (PAGE_SIZE - 1)))
		target = snap_at(addr);
	if (op->code != OP_FREE_VM_AREA)
		want_warning(fn, !addr			  ? NULL
				 : addr & (PAGE_SIZE - 1) ? bad_address
				 : !target		  ? nonexistent
							  : NULL);
	for (g = 0; g < vmf.ngone; g++) {
		const struct area_snap *e = &vmf.snap[vmf.gone[g]];

		if (e != target && owned(e))
			vmf_bug(fn, "wrong area freed",
				"0x%08x freed by a free of 0x%08x", e->addr,
				addr);
		if (e == target)
			target = NULL;
	}
	if (target)
		vmf_bug(fn, "area not freed", "0x%08x still in vmlist", addr);
}
