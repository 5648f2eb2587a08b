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
#include "pgtable.h"
#include "record.h"
#include "slab.h"

static bool in_bug;

#define FNV_OFFSET 0xcbf29ce484222325ull
#define FNV_PRIME 0x100000001b3ull

static void digest_bytes(const void *p, u32 n)
{
	const u8 *b = p;

	while (n--) {
		vmf.digest ^= *b++;
		vmf.digest *= FNV_PRIME;
	}
}

void vmf_digest_u32(u32 v)
{
	u8 b[4] = { (u8)v, (u8)(v >> 8), (u8)(v >> 16), (u8)(v >> 24) };

	digest_bytes(b, sizeof(b));
}

static void digest_op(void)
{
	const struct op_result *r = &vmf.res[vmf.pc];

	vmf_digest_u32(vmf.pc);
	vmf_digest_u32(vmf.prog.ops[vmf.pc].code);
	vmf_digest_u32(r->kind);
	vmf_digest_u32(r->value);
	vmf_digest_u32(r->nwarn);
	digest_bytes(r->warn, (u32)strlen(r->warn));
}

void vmf_warn(const char *fmt, ...)
{
	struct op_result *r = &vmf.res[vmf.pc];
	va_list ap;

	if (r->nwarn++)
		return;
	va_start(ap, fmt);
	vmf_vsnprintf(r->warn, sizeof(r->warn), fmt, ap);
	va_end(ap);
}

void vmf_bug(const char *func, const char *what, const char *fmt, ...)
{
	va_list ap;

	if (in_bug)
		arch_throw();
	in_bug = true;
	va_start(ap, fmt);
	vmf_vsnprintf(vmf.detail, sizeof(vmf.detail), fmt, ap);
	va_end(ap);
	vmf_snprintf(vmf.title, sizeof(vmf.title), "BUG: %s in %s", what, func);
	vmf.res[vmf.pc].kind = RES_BUG;
	digest_op();
	digest_bytes(vmf.title, (u32)strlen(vmf.title));
	vmf_report();
	arch_throw();
}

void vmf_bug_at(ulong32 va, const char *what)
{
	vmf.bug_va = va;
	vmf.has_bug_va = true;
	vmf_bug(vmf_op_function(&vmf.prog.ops[vmf.pc]), what, "at 0x%08x", va);
}

void vmf_unexpected_fault(void)
{
	vmf.has_bug_va = false;
	vmf_bug(vmf_op_function(&vmf.prog.ops[vmf.pc]),
		"unable to handle kernel paging request",
		"kernel fault outside a probe: a wild kernel pointer");
}

void vmf_format_result(u32 i, char *buf, u32 n)
{
	static const char *const words[] = {
		[RES_OK] = "ok",       [RES_NULL] = "NULL",
		[RES_FAULT] = "fault", [RES_SKIP] = "skipped",
		[RES_BUG] = "BUG",
	};
	const struct op_result *r = &vmf.res[i];
	int len;

	if (r->kind == RES_ADDR)
		len = vmf_snprintf(buf, n, "0x%08x", r->value);
	else
		len = vmf_snprintf(buf, n, "%s", words[r->kind]);
	if (r->nwarn && (u32)len < n)
		vmf_snprintf(buf + len, n - (u32)len,
			     r->nwarn > 1 ? ", warning: %s (+%u more)"
					  : ", warning: %s",
			     r->warn, r->nwarn - 1);
}

/* Ops that never reach the allocator's lists: vmlist cannot change. */
static bool leaves_vmlist(u8 code)
{
	return code == OP_WRITE || code == OP_CHECK || code == OP_TOUCH ||
	       code == OP_FAIL_ALLOC || code == OP_MEMINFO;
}

/* Execute, record what changed, then hand it to the oracle: the full sweep
 * at `check`, after the last op, and after every op when paranoid. */
static void run_ops(void *unused)
{
	(void)unused;
	for (vmf.pc = 0; vmf.pc < vmf.prog.nops; vmf.pc++) {
		const struct vmf_op *op = &vmf.prog.ops[vmf.pc];

		if (vmf.cfg->marks)
			arch_console_write("\x1e", 1);
		record_begin_op();
		interp_exec(op);
		if (!leaves_vmlist(op->code)) {
			objcheck_vmlist(); /* before walking it: no wild next */
			record_vmlist();
			freecheck_op();
		}
		interp_update_liveness();
		oracle_after_op(vmf.cfg->paranoid || op->code == OP_CHECK ||
				vmf.pc + 1 == vmf.prog.nops);
		digest_op();
		if (vmf.cfg->trace)
			vmf_print_op(vmf.pc);
	}
}

static void reset(const struct vmf_config *cfg)
{
	vmf.cfg = cfg;
	vmf.digest = FNV_OFFSET;
	vmf.title[0] = '\0';
	vmf.has_bug_va = false;
	/* Clear what the last program used, then size this one's. */
	memset(vmf.slots, 0, (vmf.nnamed + vmf.nshadow) * sizeof(vmf.slots[0]));
	vmf.nnamed = prog_nslots(&vmf.prog);
	vmf.nshadow = 0;
	vmf.orphan_frames = 0;
	vmf.orphan_objects = 0;
	memset(vmf.res, 0, vmf.prog.nops * sizeof(vmf.res[0]));
	in_bug = false;
	vmf_bugs = cfg->bugs;
	if (layout_init(cfg->vmalloc_reserve))
		layout_init(0);
	page_alloc_init();
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
	if (arch_try(run_ops, NULL)) {
		res->outcome = VMF_BUG;
		res->nops = vmf.pc + 1;
	} else {
		res->outcome = VMF_OK;
		res->nops = vmf.prog.nops;
	}
	res->digest = vmf.digest;
	memcpy(res->title, vmf.title, sizeof(res->title));
}
