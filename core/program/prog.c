// SPDX-License-Identifier: GPL-2.0
/*
 * The binary program codec and the canonical text printer.
 */
#include "prog.h"
#include "kernel.h"

const char *const vmf_op_names[NR_OPS] = {
	[OP_VMALLOC] = "vmalloc",
	[OP_VMALLOC_32] = "vmalloc_32",
	[OP_GET_VM_AREA] = "get_vm_area",
	[OP_VMAP] = "vmap",
	[OP_WRITE] = "write",
	[OP_CHECK] = "check",
	[OP_TOUCH] = "touch",
	[OP_VFREE] = "vfree",
	[OP_VUNMAP] = "vunmap",
	[OP_FREE_VM_AREA] = "free_vm_area",
	[OP_FAIL_ALLOC] = "fail_alloc",
	[OP_MEMINFO] = "meminfo",
	[OP_VMALLOC_USER] = "vmalloc_user",
	[OP_PURGE] = "purge",
	[OP_VM_MAP_RAM] = "vm_map_ram",
	[OP_VM_UNMAP_RAM] = "vm_unmap_ram",
};

static const u8 op_sizes[NR_OPS] = {
	[OP_VMALLOC] = 5,      [OP_VMALLOC_32] = 5, [OP_GET_VM_AREA] = 6,
	[OP_VMAP] = 3,	       [OP_WRITE] = 9,	    [OP_CHECK] = 1,
	[OP_TOUCH] = 5,	       [OP_VFREE] = 6,	    [OP_VUNMAP] = 6,
	[OP_FREE_VM_AREA] = 1, [OP_FAIL_ALLOC] = 3, [OP_MEMINFO] = 1,
	[OP_VMALLOC_USER] = 5, [OP_PURGE] = 1,	    [OP_VM_MAP_RAM] = 4,
	[OP_VM_UNMAP_RAM] = 2, /* both: the opcode byte and the ext byte */
};

bool vmf_op_assigns(u8 code)
{
	return code <= OP_VMAP || code == OP_VMALLOC_USER ||
	       code == OP_VM_MAP_RAM;
}

bool vmf_op_uses_slot(const struct vmf_op *op)
{
	switch (op->code) {
	case OP_FAIL_ALLOC:
	case OP_MEMINFO:
	case OP_PURGE:
		return false;
	case OP_VFREE:
	case OP_VUNMAP:
		return op->mode == TARGET_SLOT;
	default:
		return true;
	}
}

void prog_canonical_op(struct vmf_op *op)
{
	op->cpu &= 1;
	op->code %= NR_OPS;
	op->slot &= VMF_NSLOTS - 1;
	if (op->code == OP_GET_VM_AREA)
		op->mode %= NR_AREA_KINDS;
	else if (op->code == OP_VFREE || op->code == OP_VUNMAP)
		op->mode %= NR_TARGETS;
	else
		op->mode = 0;
	if (op->code == OP_VMAP || op->code == OP_FAIL_ALLOC ||
	    op->code == OP_VM_MAP_RAM)
		op->a &= 0xFFFF;
	else if (op->code == OP_CHECK || op->code == OP_FREE_VM_AREA ||
		 op->code == OP_MEMINFO || op->code == OP_PURGE ||
		 op->code == OP_VM_UNMAP_RAM)
		op->a = 0;
	if (op->code != OP_WRITE)
		op->b = 0;
	if (!vmf_op_uses_slot(op))
		op->slot = 0;
}

u32 prog_op_size(u8 code)
{
	return op_sizes[code];
}

u32 prog_op_encoded_size(const struct vmf_op *op)
{
	return op_sizes[op->code] + (op->slot >= 16 || op->cpu);
}

u32 prog_nslots(const struct vmf_program *p)
{
	u32 i, n = 0;

	for (i = 0; i < p->nops; i++)
		if (vmf_op_uses_slot(&p->ops[i]) && p->ops[i].slot >= n)
			n = p->ops[i].slot + 1u;
	return n;
}

static u32 get_le(const u8 *p, u32 avail, u32 n)
{
	u32 v = 0, i;

	for (i = 0; i < n; i++)
		v |= (u32)(i < avail ? p[i] : 0) << (8 * i);
	return v;
}

static void decode_args(struct vmf_op *op, const u8 *p, u32 avail)
{
	switch (op->code) {
	case OP_VMALLOC:
	case OP_VMALLOC_32:
	case OP_VMALLOC_USER:
	case OP_TOUCH:
		op->a = get_le(p, avail, 4);
		break;
	case OP_GET_VM_AREA:
		op->a = get_le(p, avail, 4);
		op->mode = (u8)(get_le(p + 4, avail > 4 ? avail - 4 : 0, 1) %
				NR_AREA_KINDS);
		break;
	case OP_VMAP:
	case OP_FAIL_ALLOC:
		op->a = get_le(p, avail, 2);
		break;
	case OP_VM_MAP_RAM: /* after the ext byte */
		op->a = get_le(p + 1, avail > 1 ? avail - 1 : 0, 2);
		break;
	case OP_WRITE:
		op->a = get_le(p, avail, 4);
		op->b = get_le(p + 4, avail > 4 ? avail - 4 : 0, 4);
		break;
	case OP_VFREE:
	case OP_VUNMAP:
		op->mode = (u8)(get_le(p, avail, 1) % NR_TARGETS);
		op->a = get_le(p + 1, avail > 1 ? avail - 1 : 0, 4);
		break;
	default:
		break;
	}
}

void prog_decode(const u8 *data, u32 len, struct vmf_program *p)
{
	u32 pos = 0;
	u8 hi = 0, cpu = 0; /* slot bits 4-5 and the CPU from a prefix */

	p->nops = 0;
	p->nsched = 0;
	while (pos < len && p->nops < VMF_MAX_OPS) {
		struct vmf_op *op;
		u32 size;

		if ((data[pos] & 0x0f) == VMF_SLOT_PREFIX &&
		    (data[pos] & VMF_PREFIX_SCHED)) {
			u32 n = (u32)((data[pos] >> 4) & 3) << 8 |
				(pos + 1 < len ? data[pos + 1] : 0);

			if (p->nsched < VMF_MAX_SCHED)
				p->sched[p->nsched++] = (struct smp_run){
					(u8)((data[pos] >> 6) & 1), (u16)(n + 1)
				};
			pos += 2;
			continue;
		}
		if ((data[pos] & 0x0f) == VMF_SLOT_PREFIX) {
			hi = (u8)((data[pos] >> 4) & 3);
			cpu = (u8)((data[pos++] >> 6) & 1);
			continue;
		}
		op = &p->ops[p->nops++];
		memset(op, 0, sizeof(*op));
		op->cpu = cpu;
		cpu = 0;
		op->code = (u8)(data[pos] & 0x0f);
		if (op->code == VMF_NIBBLE_EXT)
			op->code = (u8)(OP_VM_MAP_RAM +
					((pos + 1 < len ? data[pos + 1] : 0) & 1));
		op->slot = (u8)(hi << 4 | data[pos] >> 4);
		hi = 0;
		size = op_sizes[op->code];
		decode_args(op, data + pos + 1, len - pos - 1);
		if (!vmf_op_uses_slot(op))
			op->slot = 0;
		pos += size;
	}
}

static void put_le(u8 *p, u32 v, u32 n)
{
	u32 i;

	for (i = 0; i < n; i++)
		p[i] = (u8)(v >> (8 * i));
}

static void encode_args(const struct vmf_op *op, u8 *p)
{
	switch (op->code) {
	case OP_GET_VM_AREA:
		put_le(p, op->a, 4);
		p[4] = op->mode;
		break;
	case OP_VMAP:
	case OP_FAIL_ALLOC:
		put_le(p, op->a, 2);
		break;
	case OP_VM_MAP_RAM:
		p[0] = 0;
		put_le(p + 1, op->a, 2);
		break;
	case OP_VM_UNMAP_RAM:
		p[0] = 1;
		break;
	case OP_WRITE:
		put_le(p, op->a, 4);
		put_le(p + 4, op->b, 4);
		break;
	case OP_VFREE:
	case OP_VUNMAP:
		p[0] = op->mode;
		put_le(p + 1, op->a, 4);
		break;
	case OP_CHECK:
	case OP_FREE_VM_AREA:
	case OP_MEMINFO:
	case OP_PURGE:
		break;
	default:
		put_le(p, op->a, 4);
		break;
	}
}

u32 prog_encode(const struct vmf_program *p, u8 *out, u32 cap)
{
	u32 i, pos = 0;

	for (i = 0; i < p->nops; i++) {
		const struct vmf_op *op = &p->ops[i];
		u32 size = op_sizes[op->code];

		bool pre = op->slot >= 16 || op->cpu;

		if (pos + size + pre > cap)
			return 0;
		if (pre)
			out[pos++] = (u8)((op->slot >> 4) << 4 |
					  (op->cpu ? VMF_PREFIX_CPU1 : 0) |
					  VMF_SLOT_PREFIX);
		out[pos] = (u8)((op->slot & 0x0f) << 4 |
				(op->code >= OP_VM_MAP_RAM ? VMF_NIBBLE_EXT
							   : op->code));
		encode_args(op, out + pos + 1);
		pos += size;
	}
	for (i = 0; i < p->nsched; i++) {
		u32 n = p->sched[i].count - 1u;

		if (pos + 2 > cap)
			return 0;
		out[pos++] = (u8)(VMF_PREFIX_SCHED | VMF_SLOT_PREFIX |
				  (p->sched[i].cpu & 1) << 6 | (n >> 8 & 3) << 4);
		out[pos++] = (u8)n;
	}
	return pos;
}

bool prog_is_smp(const struct vmf_program *p)
{
	u32 i;

	if (p->nsched)
		return true;
	for (i = 0; i < p->nops; i++)
		if (p->ops[i].cpu)
			return true;
	return false;
}

int prog_sched_add(struct vmf_program *p, u8 cpu, u32 count)
{
	while (count) {
		u32 n = count < VMF_SCHED_RUN_MAX ? count : VMF_SCHED_RUN_MAX;

		if (p->nsched == VMF_MAX_SCHED)
			return -1;
		p->sched[p->nsched++] = (struct smp_run){ (u8)(cpu & 1),
							  (u16)n };
		count -= n;
	}
	return 0;
}

int prog_sched_format(const struct vmf_program *p, char *buf, u32 n)
{
	u32 i, len = 0;

	if (!p->nsched) {
		if (n)
			buf[0] = '\0';
		return 0;
	}
	len = (u32)vmf_snprintf(buf, n, "schedule");
	for (i = 0; i < p->nsched; i++)
		len += (u32)vmf_snprintf(buf + (len < n ? len : n),
					 len < n ? n - len : 0, " %u:%u",
					 p->sched[i].cpu, p->sched[i].count);
	return (int)len;
}

/* Numbers: decimal below 0x10000, hex above. */
static const char *numfmt(u32 v)
{
	return v < 0x10000 ? "%u" : "0x%x";
}

int prog_op_format(const struct vmf_op *op, char *buf, u32 n)
{
	static const char *const kinds[] = { "", " ioremap", " module" };
	const char *name = vmf_op_names[op->code];
	char a[16], b[16];
	int len = 0;

	vmf_snprintf(a, sizeof(a), numfmt(op->a), op->a);
	vmf_snprintf(b, sizeof(b), numfmt(op->b), op->b);
	if (op->cpu) {
		int c = vmf_snprintf(buf, n, "cpu1: ");

		return c + prog_op_format(&(struct vmf_op){ 0, op->code,
							    op->slot, op->mode,
							    op->a, op->b },
					  buf + c, (u32)c < n ? n - (u32)c : 0);
	}
	if (vmf_op_assigns(op->code))
		len = vmf_snprintf(buf, n, "a%u = ", op->slot);
	buf += len;
	n = (u32)len < n ? n - (u32)len : 0;
	switch (op->code) {
	case OP_GET_VM_AREA:
		return len + vmf_snprintf(buf, n, "%s %s%s", name, a,
					  kinds[op->mode]);
	case OP_WRITE:
		return vmf_snprintf(buf, n, "%s a%u %s %s", name, op->slot, a,
				    b);
	case OP_TOUCH:
		return vmf_snprintf(buf, n, "%s a%u %s", name, op->slot, a);
	case OP_CHECK:
	case OP_FREE_VM_AREA:
	case OP_VM_UNMAP_RAM:
		return vmf_snprintf(buf, n, "%s a%u", name, op->slot);
	case OP_VFREE:
	case OP_VUNMAP:
		if (op->mode == TARGET_ADDR)
			return vmf_snprintf(buf, n, "%s %s", name, a);
		if (!op->a)
			return vmf_snprintf(buf, n, "%s a%u", name, op->slot);
		return vmf_snprintf(buf, n, "%s a%u+%s", name, op->slot, a);
	case OP_MEMINFO:
	case OP_PURGE:
		return vmf_snprintf(buf, n, "%s", name);
	default:
		return len + vmf_snprintf(buf, n, "%s %s", name, a);
	}
}

const char *vmf_op_function(const struct vmf_op *op)
{
	if (op->code == OP_GET_VM_AREA && op->mode == AREA_MODULE)
		return "__get_vm_area";
	if (op->code == OP_MEMINFO)
		return "get_vmalloc_info";
	if (op->code == OP_PURGE)
		return "vm_unmap_aliases";
	return vmf_op_names[op->code]; /* the op is named after its function */
}
