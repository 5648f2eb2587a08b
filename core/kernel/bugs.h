/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Historic-bug knobs.
 *
 * The default path (no knob) is "correct": a kernel that never shipped, made
 * of the seed's code (2.6.11) plus the later fixes each knob names, namely
 *   - Andrea Arcangeli's PAGE_ALIGN and zero-size test in __get_vm_area()
 *     (LKML 2004-12-04 "more pageattr/ioremap fixes", in 2.6.12),
 *   - a zero test after `size += PAGE_SIZE` as well, which no 2.6 kernel
 *     before the 2.6.28 vmap rewrite had in that place (2.6.11 tested only
 *     there, 2.6.12-2.6.27 only before it),
 *   - James Bottomley's skip of areas straddling the aligned start (in
 *     mainline with the alignment itself, 2.6.9-rc2),
 *   - Jan Kiszka's VM_VPAGES (commit 8757d5fa, 2.6.18),
 *   - Hugh Dickins' "fix impossible VmallocChunk" (2.6.12),
 *   - Robert Bragg's end check after the search loop (linux-mm 2007-11-14,
 *     first in a 2.6.25 tree of the ones checked),
 *   - IOREMAP_MAX_ORDER = 7 + PAGE_SHIFT (as in 2.6.11).
 * Each knob puts one historic bug back, also one older than the seed
 * (size-bug: 2.4's BUG() in __vmalloc). `seed` is the set the seed's code has.
 *
 * BUGS(X) lists: X(flag, "name", "era", "source", "how a program triggers
 * it"). "source" is the fixing change (author, date, title; a commit id where
 * one was confirmed) or "synthetic". Which releases had each bug is the table
 * in bugs.c (bug_ranges); `vmfuzz bugs` prints both.
 */
#ifndef VMFUZZ_BUGS_H
#define VMFUZZ_BUGS_H

#include "types.h"

#define BUGS(X)                                                                \
	X(BUG_END_CHECK, "end-check", "2.6.0-2.6.24 (2.4 too; seed)",          \
	  "Robert Bragg, linux-mm 2007-11-14: [PATCH] mm: Don't allow "        \
	  "ioremapping of ranges larger than vmalloc space (mainline commit "  \
	  "id not confirmed)",                                                 \
	  "__get_vm_area() never checks the end after the search loop: "       \
	  "get_vm_area of more than VmallocTotal, or past the last area, "     \
	  "runs past VMALLOC_END")                                             \
	X(BUG_ALIGN_OVERLAP, "align-overlap",                                  \
	  "-mm trees only, 2004-06-30 to 2.6.9-rc2 (2004-09-13); never in a "  \
	  "mainline release",                                                  \
	  "James Bottomley: \"Add vmalloc alignment constraints\" (LKML "      \
	  "2004-06-30, no straddle test) and \"Fix bug in __get_vm_area() "    \
	  "alignment code\", merged together in 2.6.9-rc2 (that the second "   \
	  "is the straddle test is inferred: its diff was not found)",         \
	  "`if (tmp->addr < addr) continue;` keeps an aligned ioremap "        \
	  "address inside an area that starts below it: overlapping areas")    \
	X(BUG_GUARD_OVERFLOW, "guard-overflow", "2.6.0-2.6.11 (seed)",         \
	  "Andrea Arcangeli, LKML 2004-12-04 \"more pageattr/ioremap fixes\" " \
	  "(reposted 2005-02-15): reject zero page vm-area request, align "    \
	  "size properly; in 2.6.12",                                          \
	  "without PAGE_ALIGN, get_vm_area(0xFFFFFFFF) wraps `size += "        \
	  "PAGE_SIZE` to a 4095-byte area; get_vm_area(0) and vmap 0 get an "  \
	  "area that is only its guard page")                                  \
	X(BUG_OOM_ROLLBACK, "oom-rollback",                                    \
	  "2.6.9-2.6.17 (seed; the first release unconfirmed: 2.6.8-era "      \
	  "trees kmalloc the page array)",                                     \
	  "Jan Kiszka, 2006-07-11, commit 8757d5fa: VM_VPAGES marks a "        \
	  "vmalloc'ed page array (2.6.18)",                                    \
	  "a vmalloc of more than 1024 pages whose page allocation fails "     \
	  "before page 1024 (fail_alloc) frees its vmalloc'ed page array "     \
	  "with kfree()")                                                      \
	X(BUG_MEMINFO_CHUNK, "meminfo-chunk",                                  \
	  "2.6.0-2.6.11 (seed; 2.6.0's fs/proc/mmu.c not checked)",            \
	  "Hugh Dickins, LKML 2005-05-07: [PATCH] fix impossible "             \
	  "VmallocChunk (fs/proc/mmu.c, 2.6.12)",                              \
	  "an area outside [VMALLOC_START, VMALLOC_END) (get_vm_area ... "     \
	  "module) makes VmallocChunk underflow to an impossible size")        \
	X(BUG_NO_FLUSH, "no-flush", "synthetic (no kernel found without it)",  \
	  "synthetic: 2.4's vmfree_area_pages, 2.6.0 and 2.6.11 all flush",    \
	  "vfree of an area whose pages were accessed leaves stale TLB "       \
	  "entries: a touch after vfree does not fault")                       \
	X(BUG_GUARD_WRAP, "guard-wrap", "2.6.12-2.6.27",                       \
	  "Nick Piggin's vmap rewrite (2.6.28, alloc_vmap_area) removed it; "  \
	  "Andrea Arcangeli's 2.6.12 patch (above) had moved the zero test "   \
	  "before the guard page",                                             \
	  "PAGE_ALIGN(0xFFFFF000) passes the zero test, then `size += "        \
	  "PAGE_SIZE` wraps to 0: a zero-size area")                           \
	X(BUG_IOREMAP_ALIGN_8, "ioremap-align-8",                              \
	  "the 2004-06-30 alignment patch (-mm); mainline 2.6.11 has "         \
	  "7 + PAGE_SHIFT, and no release with 3 was confirmed",               \
	  "James Bottomley, LKML 2004-06-30: \"Add vmalloc alignment "         \
	  "constraints\" defined IOREMAP_MAX_ORDER (3 + PAGE_SHIFT)",          \
	  "ioremap areas aligned to at most 32 kB instead of 512 kB: a "       \
	  "placement difference (same outcome, another trace digest)")         \
	X(BUG_SIZE_BUG, "size-bug",                                            \
	  "2.4.0-2.4.19 at least (2.4.0, 2.4.17 and 2.4.19 trees; LKML "       \
	  "oopses on 2.4.18 and 2.4.19) and 2.5 until the rework below; "      \
	  "never in 2.6; gone in a 2.4.35 tree, the 2.4 release that dropped " \
	  "it is unconfirmed",                                                 \
	  "Christoph Hellwig, linux-mm 2002-08-05: [PATCH] vmap_pages() (4th " \
	  "resend), ChangeSet 1.458 \"VM: Rework vmalloc code to support "     \
	  "mapping of arbitray pages\": __vmalloc returns NULL (the 2.5 "      \
	  "release that merged it is unconfirmed; 2.6.0 returns NULL)",        \
	  "__vmalloc BUG()s instead of failing on a size that is 0 after "     \
	  "PAGE_ALIGN or more pages than num_physpages: vmalloc 0, "           \
	  "vmalloc 0xffffffff, vmalloc of more than 16 MB")                    \
	X(BUG_VMALLOC_USER_NULL, "vmalloc_user-null",                          \
	  "2.6.18 (from Nick Piggin, LKML 2006-04-21: mm: introduce "          \
	  "remap_vmalloc_range) until the fix Andrew Morton queued for "       \
	  "2.6.19 on 2006-11-09 (the release it landed in is unconfirmed)",    \
	  "Eric Dumazet, LKML 2006-10-23: [PATCH] vmalloc : optimization, "    \
	  "cleanup, bugfixes (item 3: `if (ret)`); also Jonathan Corbet, "     \
	  "LKML 2006-11-09: [PATCH] Prevent an oops in vmalloc_user(); "       \
	  "commit id unconfirmed",                                             \
	  "a vmalloc_user that fails (size 0, fail_alloc, no space) looks up " \
	  "the area of NULL and sets VM_USERMAP through the NULL pointer: "    \
	  "an oops")                                                           \
	X(BUG_UNMAP_AFTER_UNLINK, "unmap-after-unlink",                        \
	  "2.5.32-2.5.69 (never in a 2.6 release; profile `2.5.32`)",          \
	  "William Lee Irwin, \"vmalloc race fix\", in 2.5.69-mm3, posted by " \
	  "Andrew Morton to LKML 2003-05-12, merged in 2.5.70; the bug came "  \
	  "with Christoph Hellwig's 2.5.32 vmap rework",                       \
	  "remove_vm_area() unlinks the area and drops vmlist_lock before "    \
	  "unmap_vm_area(): the other CPU's vmalloc reuses the range and the " \
	  "late unmap wipes its fresh PTEs (two CPUs)")                        \
	X(BUG_PTE_RECHECK, "pte-recheck", "synthetic (grounded in 2.6.11)",    \
	  "synthetic: 2.6.11's pte_alloc_kernel re-checks pmd_present() "      \
	  "after dropping page_table_lock to allocate",                        \
	  "without the re-check two CPUs populate one PMD: a page-table page " \
	  "leaks and one CPU's mappings are lost (two CPUs)")                  \
	X(BUG_FLUSH_LOCAL, "flush-local", "synthetic",                         \
	  "synthetic: i386 SMP's flush_tlb_all() IPIs every other CPU",        \
	  "flush_tlb_kernel_range() flushes only the local CPU (a lost "       \
	  "shootdown): the other CPU's touch of a freed range does not "       \
	  "fault (two CPUs)")                                                  \
	X(BUG_FLUSH_IRQS_OFF, "flush-irqs-off",                                \
	  "synthetic (grounded in 2.6.11's smp_call_function comment)",        \
	  "synthetic: 2.6.11's smp_call_function() (arch/i386/kernel/smp.c) "  \
	  "says \"You must not call this function with disabled interrupts "   \
	  "or from a hardware interrupt handler or from a bottom half "        \
	  "handler.\" and, above its WARN_ON(irqs_disabled()), \"Can "         \
	  "deadlock when called with interrupts disabled\"",                   \
	  "init_mm.page_table_lock made irq-safe: unmap_vm_area() flushes "    \
	  "under spin_lock_irqsave(), map_vm_area() spins in spin_lock_irq() " \
	  "with interrupts off and never takes the flush IPI: a deadlock "     \
	  "(two CPUs)")                                                        \
	X(BUG_DOUBLE_GUARD, "double-guard",                                    \
	  "2.6.28-rc1 to the fix below (the vmap rewrite db64fe02258f); "      \
	  "in no release if the fix was merged for 2.6.28 (merge id "          \
	  "unconfirmed); second generation",                                  \
	  "Nick Piggin, linux-mm 2008-11-08: [patch 6/9] mm: vmalloc guard "   \
	  "fix (\"this has been giving 2 guard pages\")",                      \
	  "the vmap search leaves a page after every area although the "      \
	  "vm_struct layer already asks for a guard page: two guard pages, "   \
	  "areas one page above where first fit puts them")                    \
	X(BUG_SEARCH_RESTART, "search-restart",                                \
	  "2.6.28-rc1 to the fix below; in no release if it was merged for "   \
	  "2.6.28 (merge id unconfirmed); second generation",                  \
	  "Glauber Costa, in Nick Piggin's series, linux-mm 2008-11-08: "      \
	  "[patch 3/9] mm: vmalloc search restart fix (a KVM regression, "     \
	  "lkml.org/lkml/2008/10/28/349)",                                     \
	  "after the purge that follows a failed search, the retry starts "    \
	  "from the last failing address, near the end, and fails although "   \
	  "the purge freed room: NULL where first fit finds space")            \
	X(BUG_VMAP_BLOCK_PURGE, "vmap-block-purge",                            \
	  "2.6.28-2.6.32 (the vmap rewrite db64fe02258f to the fix in "        \
	  "2.6.33-rc7); second generation",                                    \
	  "Nick Piggin, 02b709df817c \"mm: purge fragmented percpu vmap "      \
	  "blocks\", 2010-02-01 (2.6.33-rc7; id, date and release from "     \
	  "research notes, unconfirmed against a tree)",                       \
	  "a vmap block whose pages are all free or dirty but not all dirty "  \
	  "(an unaligned power-of-two run did not fit) is never freed: "       \
	  "vm_unmap_aliases keeps it, fragmented blocks fill vmalloc space") \
	X(BUG_FAILURE_FLUSH, "failure-flush",                                  \
	  "2.6.28-rc1 to the fix below; in no release if it was merged for "   \
	  "2.6.28 (merge id unconfirmed); second generation, two CPUs",       \
	  "Nick Piggin, linux-mm 2008-11-08: [patch 2/9] mm: vmalloc failure " \
	  "flush fix (\"An initial vmalloc failure should start off a "       \
	  "synchronous flush of lazy areas, in case someone is in progress "   \
	  "flushing them already\"; purge_vmap_area_lazy() passed sync=0)",   \
	  "the failure purge is a trylock of purge_lock: while the other CPU " \
	  "is in a purge, the failed search is retried at once and fails: "    \
	  "NULL although the purge in progress frees room (two CPUs)")         \
	X(BUG_LAZY_COUNT_RACE, "lazy-count-race",                              \
	  "2.6.28 to the fix below (reported on 2.6.28, said to be in 2.6.32 " \
	  "too); second generation, two CPUs",                                \
	  "Leifu Zhao, linux-mm 2010-04-08: [PATCH] race condition between "   \
	  "__purge_vmap_area_lazy() and free_unmap_vmap_area_noflush() "       \
	  "(kernel BUG at mm/vmalloc.c:507, 2.6.28 PREEMPT); fixed by "        \
	  "removing the BUG_ON, 88f5004430ba \"vmalloc: remove BUG_ON due to " \
	  "racy counting of VM_LAZY_FREE\" (commit and release unconfirmed "  \
	  "here)",                                                             \
	  "free_unmap_vmap_area_noflush() sets VM_LAZY_FREE before its "       \
	  "atomic_add to vmap_lazy_nr: a purge on the other CPU in between "   \
	  "counts the area and trips BUG_ON(nr > vmap_lazy_nr) (two CPUs)")   \
	X(BUG_VMAP_BLOCK_NCPUS, "vmap-block-ncpus",                            \
	  "2.6.28 to 3.0 (the vmap rewrite db64fe02258f to the fix below, "    \
	  "tagged Cc: 2.6.28+ stable; 3.0 inferred: the fix was resent for "   \
	  "merging after it); only with an NR_CPUS that is not a power of "    \
	  "two (nr-cpus=3); second generation",                                \
	  "Clemens Ladisch, \"mm: fix wrong vmap address calculations with "   \
	  "odd NR_CPUS values\", 2011-06-21, resent by Stefan Richter to "     \
	  "linux-mm 2011-08-14 (bugzilla 31572): VMALLOC_PAGES / "             \
	  "roundup_pow_of_two(NR_CPUS) / 16 (mainline commit id and release "  \
	  "unconfirmed here)",                                                 \
	  "with nr-cpus=3 VMAP_BBMAP_BITS is 682 and VMAP_BLOCK_SIZE no "      \
	  "power of two: ALIGN() gives a block start that is no multiple of "  \
	  "it, addr_to_vb_idx() and vb_free()'s offset mask miscompute")

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
#define BUG_GUARD_WRAP (1u << BUG_GUARD_WRAP_BIT)
#define BUG_IOREMAP_ALIGN_8 (1u << BUG_IOREMAP_ALIGN_8_BIT)
#define BUG_SIZE_BUG (1u << BUG_SIZE_BUG_BIT)
#define BUG_VMALLOC_USER_NULL (1u << BUG_VMALLOC_USER_NULL_BIT)
#define BUG_UNMAP_AFTER_UNLINK (1u << BUG_UNMAP_AFTER_UNLINK_BIT)
#define BUG_PTE_RECHECK (1u << BUG_PTE_RECHECK_BIT)
#define BUG_FLUSH_LOCAL (1u << BUG_FLUSH_LOCAL_BIT)
#define BUG_FLUSH_IRQS_OFF (1u << BUG_FLUSH_IRQS_OFF_BIT)
#define BUG_DOUBLE_GUARD (1u << BUG_DOUBLE_GUARD_BIT)
#define BUG_SEARCH_RESTART (1u << BUG_SEARCH_RESTART_BIT)
#define BUG_VMAP_BLOCK_PURGE (1u << BUG_VMAP_BLOCK_PURGE_BIT)
#define BUG_FAILURE_FLUSH (1u << BUG_FAILURE_FLUSH_BIT)
#define BUG_LAZY_COUNT_RACE (1u << BUG_LAZY_COUNT_RACE_BIT)
#define BUG_VMAP_BLOCK_NCPUS (1u << BUG_VMAP_BLOCK_NCPUS_BIT)

/*
 * The allocator generation, carried in the knob mask so that every path
 * that passes knobs (the command line, the firmware's `bugs=`, crash
 * metadata) passes it too: clear, the vmalloc of 2.6.0-2.6.27 (vmalloc.c);
 * set, Nick Piggin's vmap layer of 2.6.28 (vmap_area.c, vmalloc28.c).
 * `correct-2.6.28` is the second default: the new generation with no knob.
 * The release profiles 2.6.28 .. 2.6.39 set it. No knob's bit: "all" and
 * the knob loops leave it alone.
 */
#define VMF_GEN2 (1u << 31)

/*
 * The configured NR_CPUS, carried in the knob mask like VMF_GEN2 (word
 * `nr-cpus=N`, 1 <= N <= VMF_NR_CPUS_MAX): a kernel built for N CPUs that
 * runs on our two. Only the vmap block size arithmetic reads it
 * (vmap_bbmap_bits_for()); the per-CPU arrays and the real CPUs stay
 * NR_CPUS (2). The field holds N, or 0 for "the real count": nr-cpus=2
 * parses to 0 and bugs_format() prints no word for it. Bits 28-30, no
 * knob's: "all" and the knob loops leave them alone.
 */
#define VMF_NR_CPUS_SHIFT 28
#define VMF_NR_CPUS_FIELD (7u << VMF_NR_CPUS_SHIFT)
#define VMF_NR_CPUS_MAX 4 /* blocks of 2 MB at least: vmap_block.c's table */
#define VMF_CONFIG_BITS (VMF_GEN2 | VMF_NR_CPUS_FIELD) /* not knobs */

_Static_assert(NR_BUGS <= VMF_NR_CPUS_SHIFT, "knob bits run into config");

/* The configured NR_CPUS of mask, or 0 when it names none. */
static inline u32 vmf_nr_cpus(u32 mask)
{
	return (mask & VMF_NR_CPUS_FIELD) >> VMF_NR_CPUS_SHIFT;
}

/* The seed's code: 2.6.11 behaviour. */
#define BUGS_SEED                                                              \
	(BUG_END_CHECK | BUG_GUARD_OVERFLOW | BUG_OOM_ROLLBACK |               \
	 BUG_MEMINFO_CHUNK)

struct bug_knob {
	const char *name;
	const char *era;
	const char *fix; /* the source: fixing change, or "synthetic" */
	const char *how;
};

/* The catalogue, indexed by *_BIT. */
extern const struct bug_knob bug_knobs[NR_BUGS];

/* A mainline release and the knobs whose bug it had. */
struct vmf_release {
	const char *name; /* "2.6.0" ... */
	u32 bugs;
};

#define VMF_NR_RELEASES 40 /* 2.6.0 .. 2.6.39 */
#define VMF_FIRST_GEN2_RELEASE 28 /* 2.6.28: the vmap rewrite */

/*
 * The release profile called `name` (len bytes, "2.6.9"), or NULL. Its bugs
 * are every knob whose first..last range (bug_ranges in bugs.c) holds it.
 */
const struct vmf_release *vmf_release_find(const char *name, u32 len);

/* Release i (0 <= i < VMF_NR_RELEASES), oldest first. */
const struct vmf_release *vmf_release_at(unsigned i);

/*
 * The first and last release whose bug knob i had (*first, *last: names),
 * or 0 with both NULL when no release of the table (2.6.0 .. 2.6.39) had it.
 */
int bug_release_range(unsigned i, const char **first, const char **last);

/* Knobs enabled for the running program (set by vmf_run()). */
extern u32 vmf_bugs;

/* Does the running program use the 2.6.28 vmap layer? */
static inline bool vmf_gen2(void)
{
	return (vmf_bugs & VMF_GEN2) != 0;
}

/* True when knob `flag` is on: the historic bug is back. */
static inline bool bug_on(u32 flag)
{
	return (vmf_bugs & flag) != 0;
}

/*
 * Parse a comma-separated knob list of `len` bytes ("seed", "none", "all",
 * release names such as "2.6.18", "correct-2.6.28" (VMF_GEN2 alone),
 * "nr-cpus=N" (the configured NR_CPUS, 1..VMF_NR_CPUS_MAX; the last one
 * counts) and knob names) into *mask. Returns 0, or
 * -1 with *bad and *badlen naming the first unknown name.
 */
int bugs_parse(const char *list, u32 len, u32 *mask, const char **bad,
	       u32 *badlen);

/*
 * Write mask as the comma-separated knob list bugs_parse() reads back
 * ("none" for 0; VMF_GEN2 first, as "correct-2.6.28", then "nr-cpus=N"
 * for a configured NR_CPUS) into buf[0..n), NUL-terminated and truncated to fit.
 * Returns the length written (without the NUL).
 */
u32 bugs_format(u32 mask, char *buf, u32 n);

/* Room for every knob's name, comma-separated, and the NUL: buffers that
 * hold bugs_format()'s list of all knobs (303 bytes with 20 knobs,
 * correct-2.6.28 and nr-cpus=3; test_minimize checks every knob mask).
 * The firmware's command line carries it: Bochs's boot block has 448
 * bytes for it (bochs.c). */
#define BUGS_FORMAT_MAX 384

#endif
