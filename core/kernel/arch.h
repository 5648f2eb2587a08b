/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The seam: everything the allocator core needs from a machine.
 *
 * Implemented twice and chosen at link time by meson.build:
 *   boot/arch_hw.c               real i386 paging (CR3, invlpg, #PF with
 *                                fix-ups)
 *   harness/machine/arch_soft.c  the software MMU and its strict TLB model
 * Nothing else in core/ knows which one it runs on.
 */
#ifndef VMFUZZ_ARCH_H
#define VMFUZZ_ARCH_H

#include "types.h"
#include "mmu.h"

/* Write n bytes of console text (serial + port 0xE9, or stdout). */
void arch_console_write(const char *s, u32 n);

/*
 * Native pointer through which the core reads and writes the physical byte
 * at `phys` (the direct map). Valid for phys in [POOL_PHYS_START,
 * POOL_PHYS_END); returns NULL for anything else.
 */
void *arch_phys_to_virt(u32 phys);

/*
 * Inverse of arch_phys_to_virt(): the physical address of a native pointer,
 * or ARCH_NO_PHYS when p does not point into the pool. Never dereferences p.
 */
u32 arch_virt_to_phys(const void *p);
#define ARCH_NO_PHYS 0xFFFFFFFFu

/*
 * Prepare the fresh, zeroed page directory `pgd` (a pool page): enter the
 * machine's own kernel mappings outside [MODULES_VADDR, VMALLOC_END)
 * (the firmware's identity map and direct map; nothing on the host).
 */
void arch_pgd_init(pgd_t *pgd);

/* Load CR3 with the page directory at physical `pgd_phys`; flushes the TLB. */
void arch_load_cr3(u32 pgd_phys);

/* Drop the TLB entry of the page holding `va` (invlpg). */
void arch_invlpg(ulong32 va);

/* Drop every TLB entry (reload CR3). */
void arch_flush_tlb_all(void);

/*
 * Access the byte at kernel virtual address `va` through the MMU, exactly as
 * a load (write == 0) or a store (write != 0) would: through the TLB, then
 * the page tables, setting accessed/dirty bits. Returns a native pointer
 * valid for the rest of va's page, or NULL if the access page-faults (the
 * fault is expected and recovered; nothing is written).
 */
void *arch_mmu_access(ulong32 va, int write);

/*
 * Run fn(arg). Returns 0 when fn returns, or 1 when arch_throw() was called
 * inside it (or, on hardware, an unexpected fault was taken and reported).
 * Not nested.
 */
int arch_try(void (*fn)(void *), void *arg);

/*
 * Who reports an unexpected fault inside arch_try() (a wild kernel pointer):
 * the runner registers it once; the seam calls it instead of calling up into
 * the runner. It must not return (it ends with arch_throw()). NULL: the
 * fault just abandons the body, as arch_throw() does.
 */
void arch_on_fault(void (*handler)(void));

/* Abandon the running arch_try() body. Never returns. */
void arch_throw(void) __noreturn;

/* ------------------------------------------------------------------------
 * Two CPUs (issue 17). The core decides every interleaving itself
 * (core/kernel/smp.c: the schedule, yield points, locks, the flush IPI, the
 * hang check); the seam only carries out its decisions, so the host and the
 * firmware run the same interleaving by construction.
 *
 * A program whose ops are all on CPU 0 and that has no schedule never calls
 * anything below: it runs on CPU 0 exactly as before (same digest).
 *
 * Terms. A CPU "runs" while it holds control; exactly one CPU runs at any
 * time (host: coroutines; hardware: a baton in shared memory that the
 * parked CPU spins on with PAUSE, interrupts enabled unless the core has
 * disabled them on it). A CPU is "parked" while another runs.
 *
 * What the core does with it (core/kernel/smp.c; nothing for the seam to
 * implement, written here so both worlds read the same rules):
 *  - a yield point is every lock acquire and release, every PTE write, every
 *    page or slab allocation and every op start; the program's schedule is
 *    a run-length list of CPU ids, one id consumed per yield point: the
 *    named CPU continues (switching if it is the other one). A named CPU
 *    whose op list is done is skipped (the other continues).
 *  - cpu_relax() (every spin loop) is a yield point that consumes nothing:
 *    it always switches to the other CPU unless that one is done.
 *  - the schedule exhausted: the running CPU continues; at the end of its op
 *    list it switches to the other CPU if that one is not done.
 *  - flush_tlb_all() on two CPUs: local flush, arch_send_ipi(other), then
 *    cpu_relax() until the other CPU's ack.
 *  - a hang: SMP_HANG_SPINS cpu_relax() yields in a row with no other yield
 *    point between them (both CPUs spin) is the BUG "deadlock" naming both
 *    CPUs' op and yield point, not a watchdog timeout.
 */
#define NR_CPUS 2

/* The running CPU: 0 or 1. 0 outside arch_smp_run(). */
int arch_smp_processor_id(void);

/*
 * Run body(0) on CPU 0 at once (the caller's CPU, inside arch_try()).
 * CPU 1 starts body(1), on its own stack, the first time CPU 0 calls
 * arch_switch_cpu(1); before that CPU 1 is parked, interrupts enabled.
 * When body(1) returns, CPU 1 parks for good (interrupts enabled) and
 * control passes to CPU 0, which continues from its arch_switch_cpu().
 * arch_smp_run() returns when body(0) returns; the core calls it only so
 * that body(0) returns after body(1) returned or never started.
 * arch_throw() on either CPU abandons both bodies: arch_try() returns 1 on
 * CPU 0, CPU 1 is parked and restarts with the next arch_smp_run().
 * Every arch_smp_run() starts from fresh CPU state: both CPUs' interrupts
 * enabled, no IPI pending, each TLB empty of vmalloc-space entries.
 */
void arch_smp_run(void (*body)(int cpu));

/*
 * Hand control to `cpu` (!= the running CPU) and park until some CPU hands
 * it back. Host: a context switch; hardware: baton = cpu, then spin on the
 * baton with PAUSE. No other effect (no TLB flush, no interrupt state
 * change): which CPU runs next is the core's decision alone.
 */
void arch_switch_cpu(int cpu);

/* One spin-loop pause on the running CPU (x86 PAUSE; nothing on the host).
 * The core's cpu_relax() is this plus a yield point. */
void arch_cpu_relax(void);

/*
 * Interrupts of the running CPU (cli/sti on hardware, a per-CPU flag on the
 * host). arch_local_irq_enable() and an arch_local_irq_restore() that
 * enables both deliver a pending IPI first thing, on the running CPU, before
 * they return. save returns the previous state (nonzero: enabled) and
 * disables.
 */
void arch_local_irq_disable(void);
void arch_local_irq_enable(void);
unsigned long arch_local_irq_save(void);
void arch_local_irq_restore(unsigned long flags);
/* Nonzero when `cpu`'s interrupts are enabled (its last published state). */
int arch_irqs_enabled(int cpu);

/*
 * The flush IPI. arch_on_ipi() registers the handler (the core's
 * smp_flush_ipi(): flush the TLB of the CPU it runs on, then ack);
 * arch_send_ipi(cpu) sends it to the other CPU `cpu`, and:
 *  - if `cpu` has interrupts enabled (parked, never started or finished),
 *    the handler has run on `cpu`, with arch_smp_processor_id() == cpu and
 *    that CPU's TLB, before arch_send_ipi() returns (hardware: a fixed IPI
 *    through the local APIC; the sender spins with PAUSE, without passing
 *    the baton, until the handler's ack is visible);
 *  - otherwise the IPI is pending on `cpu`, and its handler runs when `cpu`
 *    next enables interrupts (arch_local_irq_enable/restore). The sender
 *    then waits in the core's cpu_relax() loop, which yields.
 * One IPI at most is pending per CPU; sending again while pending is a
 * no-op. On hardware the handler's arch_flush_tlb_all()/arch_invlpg() run
 * on the receiving CPU (its own TLB).
 */
void arch_on_ipi(void (*handler)(void));
void arch_send_ipi(int cpu);

/*
 * The oracle's probe of another CPU's TLB: loads of the first byte of each
 * of the `pages` pages from `va` up, run on `cpu` through its own TLB and
 * the page tables, exactly as arch_mmu_access(va + i * PAGE_SIZE, 0) there
 * would (a load that does not fault may fill that TLB, as on hardware).
 * Returns the index of the first page whose load did not fault, or `pages`
 * when every one faulted. Called inside arch_smp_run() only, by the running
 * CPU, with `cpu` != it parked (or done, or not started) and its interrupts
 * enabled (arch_irqs_enabled(cpu)); passes no baton, consumes no schedule,
 * changes no interrupt state. Hardware: a fixed IPI (vector 0x41) whose
 * handler probes on `cpu` and acks, the caller spinning with PAUSE; host:
 * the loads through that CPU's strict TLB.
 */
int arch_mmu_probe_cpu(int cpu, ulong32 va, u32 pages);

/*
 * The TLB: arch_load_cr3(), arch_invlpg(), arch_flush_tlb_all() and
 * arch_mmu_access() above act on the running CPU's TLB only (the host keeps
 * one strict TLB per CPU); both CPUs share the page directory and memory.
 */

/* ------------------------------------------------------------------------
 * Free-running (`--stress N`, emulators only). Both CPUs run their op lists
 * at once with no baton: arch_switch_cpu() is never called, the core's
 * yield points do not switch, cpu_relax() only pauses, and the locks are
 * real atomics. The host never free-runs.
 */

/* Atomically store v at *p and return the old value (x86 `xchg`, a full
 * barrier; plain on the host). */
int arch_xchg(volatile int *p, int v);

/* Atomically: if *p == old, store new. Returns the value *p had (x86
 * `lock cmpxchg`, a full barrier; plain on the host). */
int arch_cmpxchg(volatile int *p, int old, int new_);

/*
 * Run body(0) on CPU 0 and body(1) on CPU 1 at the same time, with no
 * baton; returns on CPU 0 when body(0) returns, after CPU 1 is parked
 * again (the core joins the two bodies itself: body(0) returns only after
 * body(1) did or threw). `seed` varies where each CPU starts: the CPU that
 * starts later, and by how many PAUSEs, so that a deterministic emulator
 * (Bochs) still runs different interleavings from one run to the next.
 * arch_throw() on CPU 1 parks it; on CPU 0 it ends arch_try() (the core
 * stops the other CPU first). Fresh CPU state as for arch_smp_run().
 * The host has no parallel CPUs: there it reports the misuse and exits.
 */
void arch_smp_run_free(void (*body)(int cpu), u32 seed);

#endif
