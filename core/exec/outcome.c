// SPDX-License-Identifier: GPL-2.0
/*
 * What an operation yields: its digest, its result as trace text, the
 * meminfo lines, and a BUG at an address of the running op.
 */
#include "interp.h"
#include "kernel.h"

struct interp vmf;

#define FNV_OFFSET 0xcbf29ce484222325ull
#define FNV_PRIME 0x100000001b3ull

void vmf_digest_reset(void)
{
	vmf.digest = FNV_OFFSET;
}

void vmf_digest_bytes(const void *p, u32 n)
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

	vmf_digest_bytes(b, sizeof(b));
}

void vmf_digest_op(void)
{
	const struct op_result *r = &vmf.res[vmf.pc];

	vmf_digest_u32(vmf.pc);
	vmf_digest_u32(vmf.prog.ops[vmf.pc].code);
	vmf_digest_u32(r->kind);
	vmf_digest_u32(r->value);
	vmf_digest_u32(r->nwarn);
	vmf_digest_bytes(r->warn, (u32)strlen(r->warn));
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

void vmf_bug_at(ulong32 va, const char *what)
{
	vmf.bug_va = va;
	vmf.has_bug_va = true;
	vmf_bug(vmf_op_function(&vmf.prog.ops[vmf.pc]), what, "at 0x%08x", va);
}

void vmf_print_meminfo(const struct vmalloc_info *vmi)
{
	printk("VmallocTotal: %8u kB\n", VMALLOC_TOTAL >> 10);
	printk("VmallocUsed:  %8u kB\n", vmi->used >> 10);
	printk("VmallocChunk: %8u kB\n", vmi->largest_chunk >> 10);
}
