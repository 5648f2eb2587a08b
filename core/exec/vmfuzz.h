/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The core's entry points, called by the firmware (boot/) and the host
 * harness (harness/) alike.
 */
#ifndef VMFUZZ_VMFUZZ_H
#define VMFUZZ_VMFUZZ_H

#include "types.h"
#include "memlayout.h" /* vmf_parse_vmalloc() */

/* How one program is run. */
struct vmf_config {
	u32 bugs;		 /* BUG_* knobs from core/bugs.h */
	ulong32 vmalloc_reserve; /* __VMALLOC_RESERVE in bytes; 0: default */
	bool trace;		 /* print one line per executed operation */
	bool marks;		 /* write VMF_MARK before every operation */
	bool paranoid; /* the oracle's full sweep after every op (default:
			  incremental, full at check and at the end) */
	/* Interleaving coverage (issue 17), or NULL: called at every CPU
	 * switch with the yield point the running CPU leaves and the one
	 * the other CPU is parked at (0: not started), each a hash of the
	 * yield point's name and its op's opcode. Never changes the run. */
	void (*on_switch)(u32 left, u32 entered);
	/* Nonzero: a two-CPU program runs free (`--stress`, emulators only:
	 * no schedule, both CPUs at once); the value seeds the CPUs' start
	 * skew (arch_smp_run_free). */
	u32 stress;
};

/* Byte written before each operation when cfg.marks: the emulator runners
 * count them to name the last operation seen before a hang or reset. */
#define VMF_MARK '\x1e'

enum vmf_outcome {
	VMF_OK = 0,
	VMF_BUG = 1,
};

#define VMF_TITLE_MAX 96

struct vmf_result {
	enum vmf_outcome outcome;
	u64 digest; /* over every operation's observable result */
	u32 nops;   /* operations executed (incl. the BUG one) */
	char title[VMF_TITLE_MAX]; /* "BUG: <what> in <function>", or "" */
};

/*
 * Decode the binary program data[0..len) and run it on a fresh allocator
 * state (page pool, kmalloc, vmlist, page directory all reset). Output
 * (trace lines, meminfo lines, the BUG report) goes to arch_console_write().
 * Fills *res; never fails: every byte string is a program.
 * The page directory of the previous program is a pool frame that the reset
 * hands out (and clears) again: on hardware, load another one first.
 */
void vmf_run(const u8 *data, u32 len, const struct vmf_config *cfg,
	     struct vmf_result *res);


#endif
