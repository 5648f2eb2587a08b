// SPDX-License-Identifier: GPL-2.0
/*
 * What a free must remove (see freecheck.h).
 */
#include "freecheck.h"
#include "interp.h"
#include "kernel.h"
#include "record.h"

static const char bad_address[] = "Trying to vfree() bad address";
static const char nonexistent[] = "Trying to vfree() nonexistent vm area";

/* The area starting at addr in vmlist before the op (vmf_rec.old, in
 * address order: a binary search), or NULL. */
static const struct rec_area *before_at(ulong32 addr)
{
	u32 lo = 0, hi = vmf_rec.nold;

	while (lo < hi) {
		u32 mid = lo + (hi - lo) / 2;

		if (vmf_rec.old[mid].addr < addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < vmf_rec.nold && vmf_rec.old[lo].addr == addr
		       ? &vmf_rec.old[lo]
		       : NULL;
}

/* Did a live allocation record own this area before the op? */
bool freecheck_slot_owns(const struct rec_area *e)
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

/* The free at vmf.pc and its target address, or false: nothing to judge. */
static bool free_target(ulong32 *addr)
{
	const struct vmf_op *op = &vmf.prog.ops[vmf.pc];
	const struct op_result *r = &vmf.res[vmf.pc];

	if (r->kind == RES_SKIP ||
	    (op->code != OP_VFREE && op->code != OP_VUNMAP &&
	     op->code != OP_FREE_VM_AREA))
		return false;
	*addr = op->code == OP_FREE_VM_AREA ? vmf.slots[op->slot].addr
					    : r->value;
	return true;
}

/* The verdict: target is the area at addr when the free looked (or
 * NULL), gone what it unlinked, owned_then[g] whether a live allocation
 * record owned gone[g] then (NULL: ask the records now). */
static void judge(ulong32 addr, const struct rec_area *target,
		  const struct rec_area *gone, u32 ngone,
		  const bool *owned_then)
{
	const struct vmf_op *op = &vmf.prog.ops[vmf.pc];
	const char *fn = vmf_op_function(op);
	u32 g;

	if (op->code != OP_FREE_VM_AREA)
		want_warning(fn, !addr			  ? NULL
				 : addr & (PAGE_SIZE - 1) ? bad_address
				 : !target		  ? nonexistent
							  : NULL);
	for (g = 0; g < ngone; g++) {
		const struct rec_area *e = &gone[g];
		bool is_target = target && e->area == target->area &&
				 e->addr == target->addr;
		bool was_owned = owned_then ? owned_then[g] : freecheck_slot_owns(e);

		if (!is_target && was_owned)
			vmf_bug(fn, "wrong area freed",
				"0x%08x freed by a free of 0x%08x", e->addr,
				addr);
		if (is_target)
			target = NULL;
	}
	if (target)
		vmf_bug(fn, "area not freed", "0x%08x still in vmlist", addr);
}

void freecheck_op(void)
{
	ulong32 addr;

	/* Two CPUs: judged at the free's linearization point instead
	 * (freecheck_smp(), from run_smp.c). */
	if (prog_is_smp(&vmf.prog) || vmf.overlapped || !free_target(&addr))
		return;
	judge(addr, addr && !(addr & (PAGE_SIZE - 1)) ? before_at(addr) : NULL,
	      vmf_rec.gone, vmf_rec.ngone, NULL);
}

bool freecheck_smp_addr(ulong32 *addr)
{
	return free_target(addr);
}

void freecheck_smp(ulong32 addr, const struct rec_area *target,
		   const struct rec_area *gone, u32 ngone,
		   const bool *owned_then)
{
	judge(addr, target, gone, ngone, owned_then);
}
