// SPDX-License-Identifier: GPL-2.0
/*
 * vmf_run(): a fresh allocator, then every operation under the oracle, with
 * the trace digest, warnings and BUG()s of the running program.
 */
#include "interp.h"
#include "arch.h"
#include "bugs.h"
#include "kernel.h"
#include "freecheck.h"
#include "objcheck.h"
#include "oracle.h"
#include "report.h"
#include "pgtable.h"
#include "record.h"
#include "slab.h"
#include "smp.h"
#include "run_smp.h"
#include "run_free.h"

static bool in_bug;
static bool last_ok; /* the last program ended ok: no BUG, no wild write */

/* A kernel fault outside a probe, reported through arch_on_fault() by the
 * firmware's #PF handler and the host's SIGSEGV/SIGBUS handler: the BUG
 * "unable to handle kernel paging request in <function of the op>", with
 * nothing world-specific (no cr2, no eip), then arch_throw(). */
static __noreturn void unexpected_fault(void)
{
	vmf.has_bug_va = false;
	vmf_bug(vmf_op_function(&vmf.prog.ops[vmf.pc]),
		"unable to handle kernel paging request",
		"kernel fault outside a probe: a wild kernel pointer");
}

static void run_warn(const char *fmt, va_list ap)
{
	struct op_result *r = &vmf.res[vmf.pc];

	if (r->nwarn++)
		return;
	vmf_vsnprintf(r->warn, sizeof(r->warn), fmt, ap);
}

static __noreturn void run_bug(const char *func, const char *what, const char *fmt,
		    va_list ap)
{
	run_free_bug_enter(); /* free-running: stop the other CPU first */
	if (in_bug)
		arch_throw();
	in_bug = true;
	vmf_vsnprintf(vmf.detail, sizeof(vmf.detail), fmt, ap);
	vmf_snprintf(vmf.title, sizeof(vmf.title), "BUG: %s in %s", what, func);
	vmf.res[vmf.pc].kind = RES_BUG;
	vmf_digest_op();
	vmf_digest_bytes(vmf.title, (u32)strlen(vmf.title));
	vmf_report();
	if (smp_on)
		run_smp_print_interleaving();
	run_free_bug_exit();
	arch_throw();
}

/* Where each CPU was parked, for cfg->on_switch (0: not started). */
static u32 parked_at[NR_CPUS];

/* FNV-1a of the yield point's name, mixed with the op's opcode. */
static u32 yield_hash(const char *what, u8 code)
{
	u32 h = 2166136261u ^ code;

	while (*what)
		h = (h ^ (u8)*what++) * 16777619u;
	return h | 1;
}

/* A CPU switch: run_smp's bookkeeping, then the interleaving pair. */
static void run_cpu_out(int cpu, const char *what)
{
	u32 here;

	run_smp_cpu_out(cpu, what);
	if (!vmf.cfg->on_switch)
		return;
	here = yield_hash(what, vmf.prog.ops[vmf.pc].code);
	vmf.cfg->on_switch(here, parked_at[1 - cpu]);
	parked_at[cpu] = here;
}

/* The runner's sink: BUG ends the program, WARN lands in the op's result,
 * page-table and frame changes in the change record (record.h). */
static const struct kernel_sink run_sink = {
	.bug = run_bug,
	.warn = run_warn,
	.note_pte = record_pte,
	.note_table = record_table,
	.note_free = record_free,
	.yield = run_smp_yield,
	.cpu_out = run_cpu_out,
	.cpu_in = run_smp_cpu_in,
};

/* Ops that never reach the allocator's lists: vmlist cannot change. */
static bool leaves_vmlist(u8 code)
{
	return code == OP_WRITE || code == OP_CHECK || code == OP_TOUCH ||
	       code == OP_FAIL_ALLOC || code == OP_MEMINFO;
}

/* The oracle after op vmf.pc (full: the sweep whatever the op). */
static void run_check_op(bool full)
{
	const struct vmf_op *op = &vmf.prog.ops[vmf.pc];

	if (!leaves_vmlist(op->code) || full) {
		objcheck_vmlist(); /* before walking it: no wild next */
		record_vmlist();
		freecheck_op();
	}
	interp_update_liveness();
	oracle_after_op(full || vmf.cfg->paranoid || op->code == OP_CHECK ||
			vmf.pc + 1 == vmf.prog.nops);
}

/* The op's digest and trace line. */
static void run_end_op(void)
{
	vmf_digest_op();
	if (vmf.cfg->trace)
		vmf_print_op(vmf.pc);
}

/* Execute, record what changed, then hand it to the oracle: the full sweep
 * at `check`, after the last op, and after every op when paranoid. */
static void run_ops(void *unused)
{
	(void)unused;
	if (prog_is_smp(&vmf.prog)) {
		run_smp_ops(run_check_op, run_end_op);
		return;
	}
	for (vmf.pc = 0; vmf.pc < vmf.prog.nops; vmf.pc++) {
		const struct vmf_op *op = &vmf.prog.ops[vmf.pc];

		if (vmf.cfg->marks)
			arch_console_write("\x1e", 1);
		record_begin_op();
		interp_exec(op);
		run_check_op(false);
		run_end_op();
	}
}

static void reset(const struct vmf_config *cfg)
{
	vmf.cfg = cfg;
	vmf_digest_reset();
	vmf_set_sink(&run_sink);
	vmf.title[0] = '\0';
	vmf.has_bug_va = false;
	/* A two-CPU program that BUG()s inside an overlapped op leaves it
	 * set: the next program's op-specific checks (placement, touch) would
	 * all be skipped. */
	vmf.overlapped = false;
	/* Clear what the last program used, then size this one's. */
	memset(vmf.slots, 0, (vmf.nnamed + vmf.nshadow) * sizeof(vmf.slots[0]));
	vmf.nnamed = prog_nslots(&vmf.prog);
	vmf.nshadow = 0;
	vmf.orphan_frames = 0;
	vmf.orphan_objects = 0;
	memset(vmf.res, 0, vmf.prog.nops * sizeof(vmf.res[0]));
	in_bug = false;
	vmf_bugs = cfg->bugs;
	smp_reset();
	parked_at[0] = parked_at[1] = 0;
	if (layout_init(cfg->vmalloc_reserve))
		layout_init(0);
	page_alloc_init(last_ok);
	kmalloc_init();
	vmalloc_init();
	paging_init();
	record_reset();
	oracle_reset();
}

void vmf_run(const u8 *data, u32 len, const struct vmf_config *cfg,
	     struct vmf_result *res)
{
	prog_decode(data, len, &vmf.prog);
	reset(cfg);
	arch_on_fault(unexpected_fault);
	if (arch_try(run_ops, NULL)) {
		smp_stop();
		res->outcome = VMF_BUG;
		res->nops = vmf.pc + 1;
	} else {
		res->outcome = VMF_OK;
		res->nops = vmf.prog.nops;
	}
	last_ok = res->outcome == VMF_OK;
	res->digest = vmf.digest;
	memcpy(res->title, vmf.title, sizeof(res->title));
}
