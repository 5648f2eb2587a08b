/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Two CPUs in the core: the schedule, yield points, the 2.6 locks with
 * cpu_relax() in their spins, interrupts and the flush IPI (rules: the SMP
 * part of arch.h). With one CPU (smp_start() not called) every yield point
 * returns at once and the locks never spin.
 */
#ifndef VMFUZZ_SMP_H
#define VMFUZZ_SMP_H

#include "types.h"
#include "arch.h"

/* Consecutive cpu_relax() yields, with no other yield point, that make a
 * hang: both CPUs spin. */
#define SMP_HANG_SPINS 64

/* Free-running: consecutive PAUSEs of one CPU, with no yield point of its
 * own between them, that make a hang (the other CPU holds the lock for
 * good, or both spin). */
#define SMP_FREE_SPINS (1u << 22)

/* Free-running delay injection (smp.c, free_delay): one yield point in
 * SMP_DELAY_ONE_IN waits up to SMP_DELAY_MAX PAUSEs, and one per CPU and
 * run, drawn at random, up to SMP_DELAY_PCT_MAX. */
#define SMP_DELAY_ONE_IN 32u
#define SMP_DELAY_MAX 4096u
#define SMP_DELAY_PCT_MAX 32768u

/* One run of the schedule: `count` yield points on `cpu`. */
struct smp_run {
	u8 cpu;
	u16 count;
};

/* The locks are atomic (arch_xchg/arch_cmpxchg) in every mode; only their
 * yield points and spins differ (smp.c). */
typedef struct {
	int locked; /* 0, or 1 + the owning CPU */
} spinlock_t;

typedef struct {
	int readers; /* CPUs holding it for reading */
	int writer;  /* 0, or 1 + the CPU holding it for writing */
	int guard;   /* a raw lock over the two words above */
} rwlock_t;

/* A lock with no yield point (zone->lock, the slab's lock): held only over
 * code with no yield point, so the deterministic modes never find it taken
 * (a spin there is the BUG "deadlock"); free-running, it spins with PAUSE. */
typedef struct {
	int locked;
} raw_spinlock_t;

/* Is SMP mode on (between smp_start and smp_stop)? */
extern bool smp_on;

/* Free-running (between smp_start_free and smp_free_joined): both CPUs
 * run at once, no schedule, no switch (arch.h, "Free-running"). */
extern bool smp_free;

/* Per program: locks free, interrupts on, no schedule, SMP off. */
void smp_reset(void);

/* Enter SMP mode with the schedule runs[0..n) (copied by reference: it must
 * live until smp_stop()). */
void smp_start(const struct smp_run *runs, u32 n);
void smp_stop(void);

/* Enter SMP mode free-running: yield points only note where the CPU is
 * (and now and then delay it: free_delay, seeded by `seed` and the free
 * runs since boot), cpu_relax() pauses, a CPU spinning SMP_FREE_SPINS
 * times is the BUG "deadlock", and smp_cpu_done() is the join barrier. */
void smp_start_free(u32 seed);

/* Both CPUs joined (CPU 0, after arch_smp_run_free()): the rest of the
 * program (the oracle) runs as in the deterministic mode, quiet. */
void smp_free_joined(void);

/*
 * A BUG while free-running, at the start of the report (no-op otherwise):
 * the first CPU to call it stops the other one (at its next yield point,
 * spin or barrier; it waits as long as that takes) and returns; a CPU whose
 * other CPU is already reporting stops here for good: CPU 1 parks
 * (arch_throw()), CPU 0 waits for the report and then throws. smp_bug_exit()
 * ends the report, before the reporting CPU throws.
 */
void smp_bug_enter(void);
void smp_bug_exit(void);

/* `cpu`'s last yield point (for reports). */
const char *smp_last_yield(int cpu);

/* Between these (nested), no yield point switches or reaches the sink: the
 * oracle runs at a quiescent point and calls kernel code (get_vmalloc_info()
 * takes vmlist_lock) that must not hand the other CPU an op in mid-check.
 * A spin in there is the BUG "deadlock" (nobody else can run). */
void smp_quiet_begin(void);
void smp_quiet_end(void);

/* The running CPU's op list is done: hand over to the other CPU until it is
 * done too (returns on CPU 0 once both are). */
void smp_cpu_done(void);

/* A yield point named `what` (a fixed string): the schedule decides who
 * continues. */
void smp_yield(const char *what);

/* A spin-loop pause: always switches to the other CPU unless it is done;
 * SMP_HANG_SPINS in a row is the BUG "deadlock". */
void cpu_relax(const char *what);

void spin_lock(spinlock_t *l);
void spin_unlock(spinlock_t *l);
void read_lock(rwlock_t *l);
void read_unlock(rwlock_t *l);
void write_lock(rwlock_t *l);
void write_unlock(rwlock_t *l);

void raw_spin_lock(raw_spinlock_t *l);
void raw_spin_unlock(raw_spinlock_t *l);

/*
 * The irq-safe spinlock variants, with Linux's names and 2.6.11's i386
 * meaning. spin_lock_irq() disables the running CPU's interrupts and spins
 * with them off; spin_unlock_irq() releases and enables them.
 * spin_lock_irqsave(l, flags) saves the interrupt state in flags and
 * disables them, but while it spins they are on again if they were on
 * before (i386's _raw_spin_lock_flags: sti while spinning);
 * spin_unlock_irqrestore(l, flags) releases and restores flags. Each
 * yields before it changes the interrupt state and after it restored it:
 * a yield point with interrupts off is inside the critical section or in
 * a spin with them off.
 */
#define spin_lock_irqsave(l, flags) ((flags) = _spin_lock_irqsave(l))
unsigned long _spin_lock_irqsave(spinlock_t *l);
void spin_unlock_irqrestore(spinlock_t *l, unsigned long flags);
void spin_lock_irq(spinlock_t *l);
void spin_unlock_irq(spinlock_t *l);

/* Does the running CPU hold l (for writing)? */
bool spin_is_held(const spinlock_t *l);
bool write_is_held(const rwlock_t *l);

/* Local flush, then on two CPUs the IPI to the other and the wait for its
 * ack (arch.h). */
void smp_flush_tlb_all(void);

#endif
