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

/* One run of the schedule: `count` yield points on `cpu`. */
struct smp_run {
	u8 cpu;
	u16 count;
};

typedef struct {
	int locked; /* 0, or 1 + the owning CPU */
} spinlock_t;

typedef struct {
	int readers; /* CPUs holding it for reading */
	int writer;  /* 0, or 1 + the CPU holding it for writing */
} rwlock_t;

/* Is SMP mode on (between smp_start and smp_stop)? */
extern bool smp_on;

/* Per program: locks free, interrupts on, no schedule, SMP off. */
void smp_reset(void);

/* Enter SMP mode with the schedule runs[0..n) (copied by reference: it must
 * live until smp_stop()). */
void smp_start(const struct smp_run *runs, u32 n);
void smp_stop(void);

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
