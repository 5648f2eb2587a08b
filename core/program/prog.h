/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Programs: what fuzzers mutate (binary) and what people read (text).
 *
 * Binary form, one operation after another, little-endian, no header:
 *
 *   [prefix byte: hi << 4 | 0xF]    only before an op naming a slot >= 16
 *   byte 0: slot << 4 | opcode      (low nibble 0..14: opcode = it % NR_OPS)
 *   then, by opcode:
 *     vmalloc, vmalloc_32,  u32 size
 *     vmalloc_user
 *     get_vm_area           u32 size, u8 kind (% 3: plain, ioremap, module)
 *     vmap                  u16 count (run clamped to 1024: one page of
 *                           page references)
 *     write                 u32 off, u32 len
 *     touch                 u32 off
 *     vfree, vunmap         u8 mode (% 2: slot+off, address), u32 value
 *     fail_alloc            u16 n
 *     check, free_vm_area, meminfo, purge: nothing
 *   opcode nibble 14 (VMF_NIBBLE_EXT): a byte follows, its bit 0 choosing
 *     vm_map_ram            (0) then u16 count (run clamped to 1024)
 *     vm_unmap_ram          (1) nothing more (its slot names the mapping)
 *
 * purge (opcode 13) came with the 2.6.28 layer: before it, opcode nibbles
 * 13 and 14 decoded as 13 % 13 and 14 % 13 (vmalloc, vmalloc_32); now 13
 * is purge and 14 is vmalloc. The encoder never writes either nibble for
 * those ops, so every canonical program (and every text one) keeps its
 * bytes and meaning. Nibble 14 became the two vm_map_ram ops (2.6.28's
 * per-CPU vmap blocks) the same way: before, it decoded as vmalloc; the
 * encoder never wrote it, and the 15 nibbles are all taken now (15 is the
 * prefix), so an op after these needs another byte of nibble 14.
 *
 * A byte whose low nibble is 0xF (VMF_SLOT_PREFIX) is no operation: bits
 * 4-5 of it become bits 4-5 of the next operation's slot (a16..a63), so
 * programs that name only a0..a15 take one byte per op header as before.
 * Bit 6 of it puts the next operation on CPU 1 (text "cpu1: "). The last
 * prefix before an op wins; a prefix at the end is ignored.
 * A prefix byte with bit 7 set is a schedule run instead (issue 17): CPU =
 * bit 6, count = (bits 4-5 << 8 | the next byte) + 1 yield points; runs
 * append to the schedule in order (the encoder writes them after the ops;
 * text "schedule 0:12 1:3"). Programs without CPU 1 and a schedule encode
 * exactly as before.
 *
 * Every byte string decodes: bytes missing at the end read as zero, ops past
 * VMF_MAX_OPS are dropped. The slot of an op that names no slot decodes as
 * 0, so canonical text -> binary -> text is the identity.
 */
#ifndef VMFUZZ_PROG_H
#define VMFUZZ_PROG_H

#include "types.h"
#include "smp.h"

/* Long enough for lib/test_vmalloc.c-style stress programs (corpora/stress). */
#define VMF_MAX_OPS 4096
#define VMF_NSLOTS 64
#define VMF_OP_MAX_BYTES 10 /* slot prefix + opcode + 8 argument bytes */
#define VMF_SLOT_PREFIX 0x0F
#define VMF_NIBBLE_EXT 14 /* opcode nibble of OP_VM_MAP_RAM + (ext byte & 1) */
#define VMF_PREFIX_CPU1 0x40
#define VMF_PREFIX_SCHED 0x80
#define VMF_MAX_SCHED 256     /* schedule runs */
#define VMF_SCHED_RUN_MAX 1024 /* yield points one run byte pair holds */

enum vmf_opcode {
	OP_VMALLOC,
	OP_VMALLOC_32,
	OP_GET_VM_AREA,
	OP_VMAP,
	OP_WRITE,
	OP_CHECK,
	OP_TOUCH,
	OP_VFREE,
	OP_VUNMAP,
	OP_FREE_VM_AREA,
	OP_FAIL_ALLOC,
	OP_MEMINFO,
	OP_VMALLOC_USER,
	OP_PURGE, /* vm_unmap_aliases(): the 2.6.28 layer's purge */
	OP_VM_MAP_RAM,	 /* nibble 14, ext byte 0: 2.6.28's vm_map_ram() */
	OP_VM_UNMAP_RAM, /* nibble 14, ext byte 1: vm_unmap_ram() */
	NR_OPS
};

enum { AREA_PLAIN, AREA_IOREMAP, AREA_MODULE, NR_AREA_KINDS };
enum { TARGET_SLOT, TARGET_ADDR, NR_TARGETS };

struct vmf_op {
	u8 cpu; /* 0 or 1 */
	u8 code;
	u8 slot;
	u8 mode; /* get_vm_area: AREA_*; vfree/vunmap: TARGET_* */
	u32 a;	 /* size, count, offset, address or n */
	u32 b;	 /* write: length */
};

struct vmf_program {
	u32 nops;
	u32 nsched; /* schedule runs; 0: none (arch.h's exhausted rule) */
	struct smp_run sched[VMF_MAX_SCHED];
	struct vmf_op ops[VMF_MAX_OPS];
};

/* Name of an opcode as written in text ("vmalloc", ...). */
extern const char *const vmf_op_names[NR_OPS];

/* True if the op's text form starts with "aN = ". */
bool vmf_op_assigns(u8 code);
/* True if the op names a slot at all (in any form). */
bool vmf_op_uses_slot(const struct vmf_op *op);

/* Bring op to the form prog_decode() gives: opcode, slot, mode and argument
 * widths reduced, unused fields zero. Encoding then decoding it is the
 * identity. */
void prog_canonical_op(struct vmf_op *op);

/* 1 + the highest slot an op of *p names; 0 when none names one. */
u32 prog_nslots(const struct vmf_program *p);

/* Decode data[0..len) into *p. Never fails. */
void prog_decode(const u8 *data, u32 len, struct vmf_program *p);

/* Bytes an op with opcode `code` takes in binary form, without the slot
 * prefix. */
u32 prog_op_size(u8 code);

/* Bytes *op takes in binary form, its slot prefix included. */
u32 prog_op_encoded_size(const struct vmf_op *op);

/* Encode *p into out[0..cap); returns the length, or 0 if cap is too small. */
u32 prog_encode(const struct vmf_program *p, u8 *out, u32 cap);

/* Does *p need two CPUs (an op on CPU 1, or a schedule)? */
bool prog_is_smp(const struct vmf_program *p);

/* Append a schedule run (split into runs of <= VMF_SCHED_RUN_MAX; count 0
 * adds nothing). Returns 0, or -1 when the schedule is full. */
int prog_sched_add(struct vmf_program *p, u8 cpu, u32 count);

/* Canonical text of the schedule line ("schedule 0:12 1:3", no newline)
 * into buf[0..n); returns its length, 0 without a schedule. */
int prog_sched_format(const struct vmf_program *p, char *buf, u32 n);

/* Canonical text of one op (no newline) into buf[0..n); returns its length. */
int prog_op_format(const struct vmf_op *op, char *buf, u32 n);

/* The allocator function an op is named after in BUG titles ("in <fn>"). */
const char *vmf_op_function(const struct vmf_op *op);

#endif
