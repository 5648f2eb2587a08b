/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The wire format between the firmware (boot/) and the host's emulator
 * runners (harness/emu/qemu.c, and any other emulator's runner): freestanding,
 * included by both sides, the one place it is written down.
 *
 * Host -> guest: the multiboot command line carries the knobs
 * ("bugs=a,b vmalloc=N trace=1"); a module holds one binary program, or,
 * when the module's command line has the word WIRE_BUNDLE_WORD, a bundle:
 *
 *   "VMFB"  u32 LE count  { u32 LE length, length bytes } * count
 *
 * Guest -> host, on the serial console (COM1, and port 0xE9 when present),
 * one line each, every other line being program output:
 *
 *   @@vmfuzz begin <i>
 *   ...program i's text, VMF_MARK (core/vmfuzz.h) before each operation...
 *   @@vmfuzz end <i> <ok|BUG> <16 hex digest> <nops> <title>
 *   @@vmfuzz done                 then exit WIRE_EXIT_DONE
 *   @@vmfuzz error <msg>          bad command line or module: WIRE_EXIT_USAGE
 *   @@vmfuzz fault <what>         fault outside the core's recovery:
 *                                 WIRE_EXIT_FAULT
 *
 * Exit: the code goes to isa-debug-exit at WIRE_DEBUG_EXIT_PORT (QEMU's
 * exit status is then code * 2 + 1), then "Shutdown" to the Bochs port
 * WIRE_BOCHS_SHUTDOWN_PORT.
 */
#ifndef VMFUZZ_WIRE_H
#define VMFUZZ_WIRE_H

#include "types.h"

#define WIRE_BUNDLE_MAGIC "VMFB"
#define WIRE_BUNDLE_WORD "bundle"
#define WIRE_BUNDLE_HEADER 8u /* magic, count */

#define WIRE_PREFIX "@@vmfuzz "

#define WIRE_EXIT_DONE 0u
#define WIRE_EXIT_USAGE 2u
#define WIRE_EXIT_FAULT 4u

#define WIRE_DEBUG_EXIT_PORT 0xf4u /* isa-debug-exit,iobase=0xf4,iosize=4 */
#define WIRE_BOCHS_SHUTDOWN_PORT 0x8900u

/* The little-endian u32 at p. */
static inline u32 wire_get_le32(const u8 *p)
{
	return p[0] | (u32)p[1] << 8 | (u32)p[2] << 16 | (u32)p[3] << 24;
}

/* Store v at p, little-endian. */
static inline void wire_put_le32(u8 *p, u32 v)
{
	p[0] = (u8)v;
	p[1] = (u8)(v >> 8);
	p[2] = (u8)(v >> 16);
	p[3] = (u8)(v >> 24);
}

#endif
