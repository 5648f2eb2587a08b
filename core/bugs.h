/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Historic-bug knobs. The core is correct by default; each knob puts back one
 * documented bug of the 2.6-era allocator. `seed` is the set the seed's code
 * has (2.6.11 where the seed is silent).
 *
 * BUGS(X) lists: X(flag, "name", "era", "fix", "how a program triggers it").
 */
#ifndef VMFUZZ_BUGS_H
#define VMFUZZ_BUGS_H

#include "types.h"

#define BUGS(X)                                                                \
	X(BUG_END_CHECK, "end-check", "2.6.11-2.6.24 (seed)",                  \
	  "Robert Bragg, 2007-11-14: mm: Don't allow ioremapping of ranges "   \
	  "larger than vmalloc space",                                         \
	  "__get_vm_area() never checks the end after the search loop: "       \
	  "get_vm_area of more than VmallocTotal, or past the last area, "     \
	  "runs past VMALLOC_END")                                             \
	X(BUG_ALIGN_OVERLAP, "align-overlap", "2.6.0-2.6.7",                   \
	  "James Bottomley, 2004-07-08: skip areas straddling the aligned "    \
	  "start",                                                             \
	  "`if (tmp->addr < addr) continue;` keeps an aligned ioremap "        \
	  "address inside an area that starts below it: overlapping areas")    \
	X(BUG_GUARD_OVERFLOW, "guard-overflow", "2.6.11 (seed)",               \
	  "Andrea Arcangeli, 2005: PAGE_ALIGN(size) in __get_vm_area()",       \
	  "without PAGE_ALIGN, get_vm_area(0xFFFFFFFF) wraps `size += "        \
	  "PAGE_SIZE` to a 4095-byte area; get_vm_area(0) and vmap 0 get an "  \
	  "area that is only its guard page")                                  \
	X(BUG_OOM_ROLLBACK, "oom-rollback", "2.6.11-2.6.17 (seed)",            \
	  "Jan Kiszka, 2006-07-11: VM_VPAGES marks a vmalloc'ed page array",   \
	  "a vmalloc of more than 1024 pages whose page allocation fails "     \
	  "before page 1024 (fail_alloc) frees its vmalloc'ed page array "     \
	  "with kfree()")                                                      \
	X(BUG_MEMINFO_CHUNK, "meminfo-chunk", "2.6.11 (seed)",                 \
	  "Hugh Dickins, 2005-05-07: fix impossible VmallocChunk",             \
	  "an area outside [VMALLOC_START, VMALLOC_END) (get_vm_area ... "     \
	  "module) makes VmallocChunk underflow to an impossible size")        \
	X(BUG_NO_FLUSH, "no-flush", "2.5 vunmap rework era",                   \
	  "flush_tlb_kernel_range() at the end of unmap_vm_area()",            \
	  "vfree of an area whose pages were accessed leaves stale TLB "       \
	  "entries: a touch after vfree does not fault")

/* clang-format off */
enum {
#define BUG_BIT_(flag, name, era, fix, how) flag##_BIT,
	BUGS(BUG_BIT_)
#undef BUG_BIT_
	NR_BUGS
};
/* clang-format on */

#define BUG_END_CHECK (1u << BUG_END_CHECK_BIT)
#define BUG_ALIGN_OVERLAP (1u << BUG_ALIGN_OVERLAP_BIT)
#define BUG_GUARD_OVERFLOW (1u << BUG_GUARD_OVERFLOW_BIT)
#define BUG_OOM_ROLLBACK (1u << BUG_OOM_ROLLBACK_BIT)
#define BUG_MEMINFO_CHUNK (1u << BUG_MEMINFO_CHUNK_BIT)
#define BUG_NO_FLUSH (1u << BUG_NO_FLUSH_BIT)

/* The seed's code: 2.6.11 behaviour. */
#define BUGS_SEED                                                              \
	(BUG_END_CHECK | BUG_GUARD_OVERFLOW | BUG_OOM_ROLLBACK |               \
	 BUG_MEMINFO_CHUNK)

struct bug_knob {
	const char *name;
	const char *era;
	const char *fix;
	const char *how;
};

/* The catalogue, indexed by *_BIT. */
extern const struct bug_knob bug_knobs[NR_BUGS];

/* Knobs enabled for the running program (set by vmf_run()). */
extern u32 vmf_bugs;

/* True when knob `flag` is on: the historic bug is back. */
static inline bool bug_on(u32 flag)
{
	return (vmf_bugs & flag) != 0;
}

/*
 * Parse a comma-separated knob list of `len` bytes ("seed", "none", "all" and
 * knob names) into *mask. Returns 0, or -1 with *bad and *badlen naming the
 * first unknown name.
 */
int bugs_parse(const char *list, u32 len, u32 *mask, const char **bad,
	       u32 *badlen);

/*
 * Write mask as the comma-separated knob list bugs_parse() reads back
 * ("none" for 0) into buf[0..n), NUL-terminated and truncated to fit.
 * Returns the length written (without the NUL).
 */
u32 bugs_format(u32 mask, char *buf, u32 n);

#endif
