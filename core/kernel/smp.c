// SPDX-License-Identifier: GPL-2.0
/*
 * The core's two CPUs: every scheduling decision is made here, the seam
 * (arch.h) only switches, pauses and delivers the IPI, so every world runs
 * the same interleaving.
 */
#include "smp.h"
#include "kernel.h"
#include "bugs.h"

bool smp_on, smp_free;
static const struct smp_run *sched;
static u32 nsched, at, left; /* run index, yields left in it */
static volatile bool done[NR_CPUS];
static u32 spins;
static const char *volatile where[NR_CPUS]; /* each CPU's last yield point */
/* Free-running: each CPU's PAUSEs since its last yield point; the BUG
 * stop protocol (smp_bug_enter): 1 + the reporting CPU, the other's ack,
 * the report's end. */
static u32 free_spins[NR_CPUS];
static volatile int stop_by, stop_ack, report_done;
/* Free-running delay injection (KCSAN-style): each CPU's xorshift state,
 * and the free runs since boot (never reset: each run differs). */
static u32 rng[NR_CPUS], free_runs;
/* PCT-style, one long delay per CPU and run: at yield point pct_at[cpu]
 * of its run, drawn from the yield points it had in the last free run
 * (kept across runs: the same program runs N times in a row). */
static u32 yields[NR_CPUS], last_yields[NR_CPUS], pct_at[NR_CPUS];
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
	smp_free = false;
	stop_by = stop_ack = report_done = 0;
	free_spins[0] = free_spins[1] = 0;
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
	smp_free = false;
}

static u32 mix(u32 h)
{
	h ^= h >> 16;
	h *= 0x7feb352du;
	h ^= h >> 15;
	h *= 0x846ca68bu;
	h ^= h >> 16;
	return h ? h : 1;
}

void smp_start_free(u32 seed)
{
	int cpu;

	smp_reset();
	rng[0] = mix(seed * 2654435761u + free_runs * 2 + 1);
	rng[1] = mix(seed * 2654435761u + free_runs * 2 + 2);
	free_runs++;
	for (cpu = 0; cpu < NR_CPUS; cpu++) {
		last_yields[cpu] = yields[cpu] ? yields[cpu] : last_yields[cpu];
		yields[cpu] = 0;
		pct_at[cpu] = last_yields[cpu]
				      ? mix(rng[cpu]) % last_yields[cpu]
				      : ~0u;
	}
	smp_on = true;
	smp_free = true;
	arch_on_ipi(flush_ipi);
}

void smp_free_joined(void)
{
	smp_free = false;
	done[0] = done[1] = true;
}

const char *smp_last_yield(int cpu)
{
	return where[cpu & 1];
}

/* The other CPU is reporting a BUG: stop here (smp.h, smp_bug_enter). */
static __noreturn void free_stopped(int me)
{
	stop_ack = 1;
	if (me)
		arch_throw();
	while (!report_done)
		arch_cpu_relax();
	arch_throw();
}

/* Free-running: at every yield point, spin and the barrier. */
static void free_check(int me)
{
	if (stop_by && stop_by != 1 + me)
		free_stopped(me);
}

/*
 * Free-running: at one yield point in SMP_DELAY_ONE_IN, and once per run
 * at a random one of them (PCT-style), the CPU waits a random number of
 * PAUSEs first, as if preempted or interrupted there, so that a race whose
 * window is a few instructions wide (2.5's unlocked unmap after the
 * unlink) is met at all.
 */
static void free_delay(int me)
{
	u32 r = rng[me], n;

	r ^= r << 13;
	r ^= r >> 17;
	r ^= r << 5;
	rng[me] = r;
	if (yields[me]++ == pct_at[me])
		n = (r >> 8) % SMP_DELAY_PCT_MAX;
	else if (r % SMP_DELAY_ONE_IN == 0)
		n = (r >> 8) % SMP_DELAY_MAX;
	else
		return;
	for (; n; n--) {
		arch_cpu_relax();
		if (!(n & 255))
			free_check(me);
	}
}

/* One PAUSE of a free-running spin; SMP_FREE_SPINS in a row is a hang. */
static void free_spin(int me, const char *what)
{
	arch_cpu_relax();
	free_check(me);
	if (++free_spins[me] > SMP_FREE_SPINS)
		vmf_bug("cpu_relax", "deadlock",
			"free-running: cpu%d spins in %s (cpu%d last at %s)",
			me, what, 1 - me, where[1 - me]);
}

void smp_bug_enter(void)
{
	int me, old;

	if (!smp_free)
		return;
	me = arch_smp_processor_id();
	old = arch_cmpxchg(&stop_by, 0, 1 + me);
	if (old && old != 1 + me)
		free_stopped(me);
	while (!old && !stop_ack) /* no bound: the other CPU must not run on */
		arch_cpu_relax();
}

void smp_bug_exit(void)
{
	report_done = 1;
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
	where[me] = "done";
	while (smp_free && !done[1 - me]) { /* the join: no bound */
		arch_cpu_relax();
		free_check(me);
	}
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
	if (smp_free) {
		free_spins[me] = 0;
		free_check(me);
		free_delay(me);
		return;
	}
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

	if (smp_free && !quiet) {
		where[me] = what;
		free_spin(me, what);
		return;
	}
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

/* The raw lock word: taken by cmpxchg, spun on with PAUSE only. Never
 * contended outside free-running (no yield point while held). */
static void raw_lock(int *w)
{
	int me = arch_smp_processor_id();

	while (arch_cmpxchg(w, 0, 1) != 0) {
		if (!smp_free)
			BUG_MSG("deadlock",
				"cpu%d: a raw lock is held by a CPU "
				"that cannot run",
				me);
		free_spin(me, "raw_spin_lock spin");
	}
}

static void raw_unlock(int *w)
{
	arch_xchg(w, 0);
}

void raw_spin_lock(raw_spinlock_t *l)
{
	raw_lock(&l->locked);
}

void raw_spin_unlock(raw_spinlock_t *l)
{
	raw_unlock(&l->locked);
}

void spin_lock(spinlock_t *l)
{
	int me = arch_smp_processor_id();

	smp_yield("spin_lock");
	while (arch_cmpxchg(&l->locked, 0, 1 + me) != 0)
		cpu_relax("spin_lock spin");
}

void spin_unlock(spinlock_t *l)
{
	arch_xchg(&l->locked, 0);
	smp_yield("spin_unlock");
}

/* Take l for reading or writing if it is free for that, under its guard. */
static bool rw_trylock(rwlock_t *l, bool write, int me)
{
	bool ok;

	raw_lock(&l->guard);
	ok = !l->writer && (!write || !l->readers);
	if (ok && write)
		l->writer = 1 + me;
	else if (ok)
		l->readers++;
	raw_unlock(&l->guard);
	return ok;
}

/* Drop the read or the write hold of l, under its guard. */
static void rw_release(rwlock_t *l, bool write)
{
	raw_lock(&l->guard);
	if (write)
		l->writer = 0;
	else
		l->readers--;
	raw_unlock(&l->guard);
}

/* Spin until l is free and take it. Interrupts are off; flags nonzero: on
 * while spinning (i386's _raw_spin_lock_flags). */
static void spin_lock_flags(spinlock_t *l, unsigned long flags)
{
	int me = arch_smp_processor_id();

	while (arch_cmpxchg(&l->locked, 0, 1 + me) != 0) {
		if (flags)
			arch_local_irq_enable();
		cpu_relax("spin_lock spin");
		if (flags)
			arch_local_irq_disable();
	}
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
	arch_xchg(&l->locked, 0);
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
	arch_xchg(&l->locked, 0);
	arch_local_irq_enable();
	smp_yield("spin_unlock");
}

void read_lock(rwlock_t *l)
{
	int me = arch_smp_processor_id();

	smp_yield("read_lock");
	while (!rw_trylock(l, false, me))
		cpu_relax("read_lock spin");
}

void read_unlock(rwlock_t *l)
{
	rw_release(l, false);
	smp_yield("read_unlock");
}

void write_lock(rwlock_t *l)
{
	int me = arch_smp_processor_id();

	smp_yield("write_lock");
	while (!rw_trylock(l, true, me))
		cpu_relax("write_lock spin");
}

void write_unlock(rwlock_t *l)
{
	rw_release(l, true);
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
