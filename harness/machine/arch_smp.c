// SPDX-License-Identifier: GPL-2.0
/*
 * The SMP half of core/arch.h on the host: CPU 1 is a coroutine (ucontext)
 * on its own stack, each CPU has its own strict TLB (softmmu), and the
 * flush IPI is a call of the handler "on" the target (its TLB) when its
 * interrupts are on, else pending until it enables them. Every switch is
 * the core's decision (core/kernel/smp.c): nothing here is timed.
 */
#define _GNU_SOURCE
#include "arch_soft.h"

#include <stdio.h>
#include <stdlib.h>
#include <ucontext.h>

#include "arch.h"

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SMP_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define SMP_ASAN 1
#endif
#ifdef SMP_ASAN
void __sanitizer_start_switch_fiber(void **fake, const void *bottom,
				    size_t size);
void __sanitizer_finish_switch_fiber(void *fake, const void **bottom,
				     size_t *size);
#endif

#define CPU1_STACK (1u << 20)

static struct softmmu cpu1_mmu;
static bool cpu1_mmu_ok;
static int cur;
static bool started[NR_CPUS], throwing;
static int irq_on[NR_CPUS], pending[NR_CPUS];
static ucontext_t ctx[NR_CPUS];
static char *cpu1_stack;
static void (*cpu_body)(int cpu);
static void (*ipi_handler)(void);
static struct softmmu *boot_mmu;
static void (*throw_fn)(void);

void soft_smp_attach(struct softmmu *boot, void (*throw_on_cpu0)(void))
{
	boot_mmu = boot;
	throw_fn = throw_on_cpu0;
}

unsigned long long soft_machine_stale_hits(void)
{
	return boot_mmu->stats.stale + (cpu1_mmu_ok ? cpu1_mmu.stats.stale : 0);
}

struct softmmu *soft_cpu_mmu(void)
{
	return cur && cpu1_mmu_ok ? &cpu1_mmu : boot_mmu;
}

#ifdef SMP_ASAN
/* CPU 0's stack, as ASan's fiber API reports it on the first switch. */
static const void *cpu0_bottom;
static size_t cpu0_size;
#endif

static void swap_to(int cpu)
{
	int prev = cur;
#ifdef SMP_ASAN
	void *fake = NULL;

	__sanitizer_start_switch_fiber(&fake, cpu ? cpu1_stack : cpu0_bottom,
				       cpu ? CPU1_STACK : cpu0_size);
#endif
	cur = cpu;
	swapcontext(&ctx[prev], &ctx[cpu]);
#ifdef SMP_ASAN
	__sanitizer_finish_switch_fiber(fake, NULL, NULL);
#endif
}

static void cpu1_entry(void)
{
#ifdef SMP_ASAN
	__sanitizer_finish_switch_fiber(NULL, &cpu0_bottom, &cpu0_size);
#endif
	cpu_body(1);
	cur = 0; /* uc_link resumes CPU 0 where it switched last */
#ifdef SMP_ASAN
	/* CPU 1's fiber ends here (fake NULL): its stack is done with. */
	__sanitizer_start_switch_fiber(NULL, cpu0_bottom, cpu0_size);
#endif
}

int arch_smp_processor_id(void)
{
	return cur;
}

void soft_smp_reset(void)
{
	cur = 0;
	throwing = false;
}

bool soft_smp_throw_elsewhere(void)
{
	if (!cur)
		return false;
	throwing = true;
	swap_to(0);
	return true; /* not reached: CPU 0 throws */
}

void arch_smp_run(void (*body)(int cpu))
{
	if (!cpu1_stack)
		cpu1_stack = malloc(CPU1_STACK);
	if (!cpu1_mmu_ok && !softmmu_init_cpu(&cpu1_mmu, boot_mmu))
		cpu1_mmu_ok = true;
	if (cpu1_mmu_ok)
		softmmu_load_cr3(&cpu1_mmu, boot_mmu->cr3);
	cur = 0;
	started[0] = true;
	started[1] = false;
	throwing = false;
	irq_on[0] = irq_on[1] = 1;
	pending[0] = pending[1] = 0;
	cpu_body = body;
	body(0);
	cur = 0;
}

void arch_switch_cpu(int cpu)
{
	if (cpu == cur || cpu < 0 || cpu >= NR_CPUS)
		return;
	if (!started[cpu]) {
		getcontext(&ctx[cpu]);
		ctx[cpu].uc_stack.ss_sp = cpu1_stack;
		ctx[cpu].uc_stack.ss_size = CPU1_STACK;
		ctx[cpu].uc_link = &ctx[0];
		makecontext(&ctx[cpu], cpu1_entry, 0);
		started[cpu] = true;
	}
	swap_to(cpu);
	if (throwing && !cur) {
		throwing = false;
		throw_fn();
	}
}

void arch_cpu_relax(void)
{
}

static void take_pending(void)
{
	if (pending[cur] && ipi_handler) {
		pending[cur] = 0;
		ipi_handler();
	}
}

void arch_local_irq_disable(void)
{
	irq_on[cur] = 0;
}

void arch_local_irq_enable(void)
{
	irq_on[cur] = 1;
	take_pending();
}

unsigned long arch_local_irq_save(void)
{
	unsigned long was = (unsigned long)irq_on[cur];

	irq_on[cur] = 0;
	return was;
}

void arch_local_irq_restore(unsigned long flags)
{
	if (flags)
		arch_local_irq_enable();
	else
		irq_on[cur] = 0;
}

int arch_irqs_enabled(int cpu)
{
	return irq_on[cpu & 1];
}

void arch_on_ipi(void (*handler)(void))
{
	ipi_handler = handler;
}

void arch_send_ipi(int cpu)
{
	int me = cur;

	if (!ipi_handler || cpu == cur)
		return;
	if (!irq_on[cpu]) {
		pending[cpu] = 1;
		return;
	}
	cur = cpu; /* the handler runs on the target, with its TLB */
	ipi_handler();
	cur = me;
}

/* One thread runs both CPUs here: plain operations are atomic enough. */
int arch_xchg(volatile int *p, int v)
{
	int old = *p;

	*p = v;
	return old;
}

int arch_cmpxchg(volatile int *p, int old, int new_)
{
	int cur = *p;

	if (cur == old)
		*p = new_;
	return cur;
}

/* The host never free-runs (`--stress` is for the emulators, whose CLI
 * refuses it on the host): a core that asks is misused. */
void arch_smp_run_free(void (*body)(int cpu), u32 seed)
{
	(void)body, (void)seed;
	fprintf(stderr, "vmfuzz: free-running two CPUs needs an emulator "
			"(--stress: qemu, bochs)\n");
	abort();
}

/* The loads "on" cpu: its TLB and the shared page tables, as
 * arch_mmu_access() there translates (softmmu.c fills that TLB). */
int arch_mmu_probe_cpu(int cpu, ulong32 va, u32 pages)
{
	struct softmmu *m = (cpu & 1) && cpu1_mmu_ok ? &cpu1_mmu : boot_mmu;
	uint32_t pa;
	u32 i;

	for (i = 0; i < pages; i++)
		if (softmmu_translate(m, va + i * PAGE_SIZE, 0, &pa) ==
		    SOFTMMU_OK)
			break;
	return (int)i;
}
