// SPDX-License-Identifier: GPL-2.0
/*
 * The core's two CPUs: every scheduling decision is made here, the seam
 * (arch.h) only switches, pauses and delivers the IPI, so every world runs
 * the same interleaving.
 */
#include "smp.h"
#include "kernel.h"
#include "bugs.h"

bool smp_on;
static const struct smp_run *sched;
static u32 nsched, at, left; /* run index, yields left in it */
static bool done[NR_CPUS];
static u32 spins;
static const char *where[NR_CPUS]; /* each CPU's last yield point */
static u32 quiet; /* smp_quiet_begin() depth: the oracle is running */
static volatile int ipi_ack[NR_CPUS];

static void flush_ipi(void)
{
	arch_flush_tlb_all();
	ipi_ack[arch_smp_processor_id()] = 1;
}

void smp_reset(void)
{
	smp_on = false;
	sched = NULL;
	nsched = at = left = 0;
	done[0] = done[1] = false;
	spins = 0;
	quiet = 0;
	where[0] = where[1] = "start";
}

void smp_start(const struct smp_run *runs, u32 n)
{
	smp_reset();
	sched = runs;
	nsched = n;
	left = n ? runs[0].count : 0;
	smp_on = true;
	arch_on_ipi(flush_ipi);
}

void smp_stop(void)
{
	smp_on = false;
}

void smp_quiet_begin(void)
{
	quiet++;
}

void smp_quiet_end(void)
{
	quiet--;
}

static void switch_to(int cpu, const char *what)
{
	int me = arch_smp_processor_id();

	if (vmf_sink->cpu_out)
		vmf_sink->cpu_out(me, what);
	arch_switch_cpu(cpu);
	if (vmf_sink->cpu_in)
		vmf_sink->cpu_in(me);
}

void smp_cpu_done(void)
{
	int me = arch_smp_processor_id();

	done[me] = true;
	while (!done[1 - me])
		switch_to(1 - me, "done");
}

/* The CPU the schedule names for this yield point, or -1 when exhausted. */
static int next_cpu(void)
{
	while (at < nsched && !left)
		if (++at < nsched)
			left = sched[at].count;
	if (at >= nsched)
		return -1;
	left--;
	return sched[at].cpu & 1;
}

void smp_yield(const char *what)
{
	int me, cpu;

	if (!smp_on || quiet)
		return;
	me = arch_smp_processor_id();
	where[me] = what;
	if (vmf_sink->yield)
		vmf_sink->yield(me, what);
	spins = 0;
	cpu = next_cpu();
	if (cpu >= 0 && cpu != me && !done[cpu])
		switch_to(cpu, what);
}

void cpu_relax(const char *what)
{
	int me = arch_smp_processor_id();

	arch_cpu_relax();
	if (!smp_on || quiet) /* one CPU spinning on itself never gets out */
		BUG_MSG("deadlock", "one CPU spins on itself in %s", what);
	where[me] = what;
	if (vmf_sink->yield)
		vmf_sink->yield(me, what);
	if (++spins > SMP_HANG_SPINS)
		BUG_MSG("deadlock", "both CPUs spin: cpu0 in %s, cpu1 in %s",
			where[0], where[1]);
	if (!done[1 - me])
		switch_to(1 - me, what);
}

void spin_lock(spinlock_t *l)
{
	smp_yield("spin_lock");
	while (l->locked)
		cpu_relax("spin_lock spin");
	l->locked = 1 + arch_smp_processor_id();
}

void spin_unlock(spinlock_t *l)
{
	l->locked = 0;
	smp_yield("spin_unlock");
}

/* Spin until l is free and take it. Interrupts are off; flags nonzero: on
 * while spinning (i386's _raw_spin_lock_flags). */
static void spin_lock_flags(spinlock_t *l, unsigned long flags)
{
	while (l->locked) {
		if (flags)
			arch_local_irq_enable();
		cpu_relax("spin_lock spin");
		if (flags)
			arch_local_irq_disable();
	}
	l->locked = 1 + arch_smp_processor_id();
}

unsigned long _spin_lock_irqsave(spinlock_t *l)
{
	unsigned long flags;

	smp_yield("spin_lock");
	flags = arch_local_irq_save();
	spin_lock_flags(l, flags);
	return flags;
}

void spin_unlock_irqrestore(spinlock_t *l, unsigned long flags)
{
	l->locked = 0;
	arch_local_irq_restore(flags);
	smp_yield("spin_unlock");
}

void spin_lock_irq(spinlock_t *l)
{
	smp_yield("spin_lock");
	arch_local_irq_disable();
	spin_lock_flags(l, 0);
}

void spin_unlock_irq(spinlock_t *l)
{
	l->locked = 0;
	arch_local_irq_enable();
	smp_yield("spin_unlock");
}

void read_lock(rwlock_t *l)
{
	smp_yield("read_lock");
	while (l->writer)
		cpu_relax("read_lock spin");
	l->readers++;
}

void read_unlock(rwlock_t *l)
{
	l->readers--;
	smp_yield("read_unlock");
}

void write_lock(rwlock_t *l)
{
	smp_yield("write_lock");
	while (l->writer || l->readers)
		cpu_relax("write_lock spin");
	l->writer = 1 + arch_smp_processor_id();
}

void write_unlock(rwlock_t *l)
{
	l->writer = 0;
	smp_yield("write_unlock");
}

bool spin_is_held(const spinlock_t *l)
{
	return l->locked == 1 + arch_smp_processor_id();
}

bool write_is_held(const rwlock_t *l)
{
	return l->writer == 1 + arch_smp_processor_id();
}

void smp_flush_tlb_all(void)
{
	int other = 1 - arch_smp_processor_id();

	arch_flush_tlb_all();
	if (!smp_on || bug_on(BUG_FLUSH_LOCAL))
		return;
	ipi_ack[other] = 0;
	arch_send_ipi(other);
	while (!ipi_ack[other])
		cpu_relax("flush IPI wait");
}
