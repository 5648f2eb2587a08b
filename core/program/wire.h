/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The wire format between the firmware (boot/) and the host's emulator
 * runners (harness/emu/qemu.c, and any other emulator's runner): freestanding,
 * included by both sides, the one place it is written down.
 *
 * Host -> guest: the multiboot command line carries the knobs
 * ("bugs=a,b vmalloc=N trace=1", and out=ram and prof=N below); a module
 * holds one binary program, or, when the module's command line has the
 * word WIRE_BUNDLE_WORD, a bundle:
 *
 *   "VMFB"  u32 LE count  { u32 LE length, length bytes } * count
 *
 * Guest -> host, on the serial console (COM1, and port 0xE9 when present),
 * one line each, every other line being program output:
 *
 *   @@vmfuzz begin <i>
 *   ...program i's text, VMF_MARK (core/vmfuzz.h) before each operation...
 *   @@vmfuzz end <i> <ok|BUG> <16 hex digest> <nops> <title>
 *   @@vmfuzz prof total=T run=R console=C bytes=B
 *                                 with prof=1 or 2 only (ci/emu-profile):
 *                                 TSC ticks of the boot, inside programs,
 *                                 in the console, and its bytes
 *   @@vmfuzz done                 then exit WIRE_EXIT_DONE
 *   @@vmfuzz error <msg>          bad command line or module: WIRE_EXIT_USAGE
 *   @@vmfuzz fault <what>         fault outside the core's recovery:
 *                                 WIRE_EXIT_FAULT
 *
 * Console through RAM: with the word WIRE_RING_WORD on the command line
 * (QEMU, whose guest RAM the host maps: harness/emu/qemu.c) the same bytes
 * go, after the command line is read, to a ring in guest RAM instead of the
 * serial port (one port write per byte is what TCG spends its time on):
 *
 *   at WIRE_RING_PHYS: u32 magic WIRE_RING_MAGIC, u32 head (bytes written,
 *   the guest's), u32 tail (bytes read, the host's), then from
 *   WIRE_RING_PHYS + WIRE_RING_DATA WIRE_RING_SIZE bytes: byte k written
 *   is at data[k % WIRE_RING_SIZE].
 *
 * The host zeroes the RAM before the boot; the guest stores head = 0, then
 * the magic; it publishes head after the bytes of each write and waits
 * while the ring is full. The serial console carries what came before.
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

#define WIRE_RING_WORD "out=ram"
#define WIRE_RING_PHYS 0x03eff000u  /* one page below the last MB of RAM */
#define WIRE_RING_MAGIC 0x676e6972u /* "ring" */
#define WIRE_RING_MAGIC_OFF 0u
#define WIRE_RING_HEAD_OFF 4u
#define WIRE_RING_TAIL_OFF 8u
#define WIRE_RING_DATA 0x1000u
#define WIRE_RING_SIZE 0x100000u /* a power of two */

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
