/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The program interpreter's state: written by interp.c (operations) and
 * run.c (the trace digest, BUG()s); the oracle and report.c only read it.
 * One program runs at a time.
 */
#ifndef VMFUZZ_INTERP_H
#define VMFUZZ_INTERP_H

#include "prog.h"
#include "vmalloc.h"
#include "vmfuzz.h"

enum slot_kind {
	SLOT_EMPTY,   /* never assigned, or its operation returned NULL */
	SLOT_VMALLOC, /* vmalloc / vmalloc_32 */
	SLOT_AREA,    /* get_vm_area: reserved, nothing mapped */
	SLOT_VMAP,    /* vmap: pages owned by the interpreter */
	SLOT_RAM,     /* vm_map_ram (2.6.28): pages owned by the interpreter,
		       * no vm_struct (area NULL), not in vmlist */
};

struct slot {
	enum slot_kind kind;
	bool live; /* its area is still in vmlist */
	ulong32 addr;
	ulong32 req; /* bytes asked for; vmap, vm_map_ram: pages mapped */
	struct vm_struct *area;
	ulong32 wlo, whi;  /* written bytes: offsets [wlo, whi) */
	u32 seed;	   /* pattern seed */
	pageref_t *vpages; /* vmap: req page references (kmalloc'ed) */
	u32 dying; /* two CPUs: 1 + the op that unlinked its area, to its end */
};

/* A vmap op maps min(count, VMF_VMAP_MAX_COUNT) pages: one page of page
 * references. */
#define VMF_VMAP_MAX_COUNT (PAGE_SIZE / sizeof(pageref_t))

enum res_kind { RES_OK, RES_ADDR, RES_NULL, RES_FAULT, RES_SKIP, RES_BUG };

struct op_result {
	u8 kind;
	ulong32 value;
	u32 nwarn;
	char warn[112]; /* the first warning of the op */
};

/* Allocations whose slot was reassigned while they lived keep a record. */
#define VMF_NSHADOW VMF_MAX_OPS

struct interp {
	const struct vmf_config *cfg;
	struct vmf_program prog;
	u32 pc; /* index of the running op */
	/* slots[0, nnamed): the named slots the program uses (a0..a<nnamed-1>),
	 * then nshadow shadows: short programs touch only what they name. */
	struct slot slots[VMF_NSLOTS + VMF_NSHADOW];
	u32 nnamed;
	u32 nshadow;
	u32 orphan_frames;  /* pages leaked by vunmap/free_vm_area of a */
	u32 orphan_objects; /* vmalloc area: the caller's misuse, not a BUG */
	struct op_result res[VMF_MAX_OPS];
	u64 digest;
	ulong32 bug_va; /* address a BUG is about, for the report */
	bool has_bug_va;
	/* Two CPUs: another op ran while the op being judged was in flight,
	 * so its own postconditions (placement, warnings, which area went,
	 * the touch verdict) do not hold at op end; only invariants are
	 * checked. Always false on one CPU. */
	bool overlapped;
	char title[VMF_TITLE_MAX];
	char detail[128]; /* the BUG's detail line */
};

extern struct interp vmf;

/* Every allocation record: the named slots, then the shadows. */
#define for_each_record(s) for ((s) = vmf.slots; (s) < vmf_records_end(); (s)++)
#define vmf_records_end() (vmf.slots + vmf.nnamed + vmf.nshadow)


/* Format op i's result as its trace text. */
void vmf_format_result(u32 i, char *buf, u32 n);

/* Print the three /proc/meminfo lines for *vmi. */
void vmf_print_meminfo(const struct vmalloc_info *vmi);

/* Run the op at vmf.pc (interp.c). On two CPUs an op whose slot has an
 * op in flight on the other CPU is skipped (RES_SKIP): a caller race. */
void interp_exec(const struct vmf_op *op);

/* Forget the slots in flight: call before a two-CPU program runs. */
void interp_smp_reset(void);

/* Two CPUs: vmlist just changed, by the running CPU's op vmf.pc. A live
 * allocation whose area left it is dead at once (a write to it is then
 * skipped); its caller-side release (leaked pages, vmap's page array) is
 * done when that op ends. */
void interp_smp_unlinked(void);

/* Free-running, at the join: release the slots interp_smp_unlinked()
 * marked with dying == pc + 1 as the end of op `pc` (their free) would. */
void interp_smp_release_as(u32 pc);

/* Fold v, or n bytes at p, into the running program's digest (outcome.c). */
void vmf_digest_u32(u32 v);
/* Start the digest of a new program. */
void vmf_digest_reset(void);
void vmf_digest_bytes(const void *p, u32 n);

/* Fold op vmf.pc's result into the digest (outcome.c). */
void vmf_digest_op(void);

/* Slot bookkeeping after an op (interp.c): mark slots whose area left
 * vmlist (vmf_rec.gone) dead, releasing what the interpreter owns for them. */
void interp_update_liveness(void);

/* Write (verify false) or compare (verify true) slot s's pattern over
 * offsets [lo, hi) through the MMU; a fault or a mismatch BUG()s in the
 * running op ("fault on live area", "live area corrupted"). */
void interp_pattern(const struct slot *s, ulong32 lo, ulong32 hi, bool verify);

/* BUG() in the running op about address va (kept for the report). */
void vmf_bug_at(ulong32 va, const char *what) __noreturn;

#endif
