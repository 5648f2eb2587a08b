// SPDX-License-Identifier: GPL-2.0
/*
 * Two real CPUs (issue 17): the local APIC, the AP started by INIT-SIPI-SIPI,
 * the flush IPI (a fixed IPI through the ICR, vector IPI_VECTOR) and the
 * baton that carries out the core's schedule (core/kernel/arch.h, "Two
 * CPUs").
 *
 * Exactly one CPU runs at a time: the one named by `baton`. The other spins
 * on it with PAUSE, interrupts as the core left them on it, so the
 * interleaving is the schedule's and never the emulator's (QEMU's
 * round-robin TCG switches vCPUs at PAUSE; Bochs runs them in quanta).
 * Every wait loop has a PAUSE: QEMU < 8.0 can livelock under icount
 * without one.
 *
 * The CPU id is the stack's (Linux i386's current_thread_info() trick): the
 * AP runs on hw_ap_stack only. The LAPIC page is mapped at lapic_window, an
 * identity page of the firmware image (0xFEE00000 itself is vmalloc space).
 */
#include "arch.h"
#include "kernel.h"
#include "vmfuzz.h"
#include "hw.h"

#define TRAMP_BASE 0x8000u /* smp.asm: TRAMP_BASE; SIPI vector 0x08 */
#define LAPIC_PHYS 0xFEE00000u
#define APIC_ID 0x020u
#define APIC_EOI 0x0B0u
#define APIC_SVR 0x0F0u
#define APIC_ICR_LO 0x300u
#define APIC_ICR_HI 0x310u
#define SVR_ENABLE 0x100u
#define ICR_BUSY 0x1000u
#define ICR_ASSERT 0x4000u
#define ICR_INIT 0x0500u
#define ICR_SIPI 0x0600u
#define ICR_ALL_BUT_SELF 0xC0000u
#define IPI_VECTOR 0x40u
#define SPURIOUS_VECTOR 0x4Fu
#define AP_WAIT_SPINS 2000000u

enum ap_cmd { AP_NONE, AP_RESET, AP_START };

extern const u8 ap_trampoline[], ap_trampoline_end[];
extern u8 hw_ap_stack[], hw_ap_stack_top[];
void ap_park_fresh(void) __noreturn;
void ap_main(void) __noreturn;
void ap_idle(void) __noreturn;
void ap_throw(void) __noreturn;
void hw_ipi(void);

u8 lapic_window[PAGE_SIZE] __attribute__((aligned(4096)));
u32 hw_boot_cr3; /* the AP's first CR3: the boot page directory */

static volatile int baton;
static volatile int ap_up, ap_cmd, ap_threw, ap_busy;
static volatile int ap_parked;	  /* the AP waits in ap_idle() */
static volatile int free_running; /* arch_smp_run_free() is on */
static volatile u32 ap_delay;	  /* PAUSEs before body(1), free-running */
static u32 free_runs;		  /* free runs in this boot */
static int last_free; /* the last run was free: its AP may not be parked */
static volatile u32 apic_ids[NR_CPUS];
static volatile int irq_on[NR_CPUS];
static volatile u32 ipi_sent[NR_CPUS], ipi_done[NR_CPUS];
static volatile int ipi_armed;
static void (*ipi_handler)(void);
static void (*ap_body)(int cpu);
static u32 smp_cr3; /* the page directory both CPUs share in a run */

static inline void pause(void)
{
	asm volatile("pause" ::: "memory");
}

static inline u32 apic_read(u32 reg)
{
	return *(volatile u32 *)(lapic_window + reg);
}

static inline void apic_write(u32 reg, u32 v)
{
	*(volatile u32 *)(lapic_window + reg) = v;
}

static void apic_icr(u32 dest, u32 lo)
{
	while (apic_read(APIC_ICR_LO) & ICR_BUSY)
		pause();
	apic_write(APIC_ICR_HI, dest << 24);
	apic_write(APIC_ICR_LO, lo);
	while (apic_read(APIC_ICR_LO) & ICR_BUSY)
		pause();
}

static void apic_enable(void)
{
	apic_write(APIC_SVR, SVR_ENABLE | SPURIOUS_VECTOR);
}

static void spin(u32 n)
{
	while (n--)
		pause();
}

int arch_smp_processor_id(void)
{
	u32 sp;

	asm volatile("mov %%esp, %0" : "=r"(sp));
	return sp >= (u32)hw_ap_stack && sp <= (u32)hw_ap_stack_top;
}

void arch_cpu_relax(void)
{
	pause();
}

/* Mask both 8259s: with interrupts enabled, only the LAPIC's IPIs come. */
static void pic_mask(void)
{
	outb(0x21, 0xFF);
	outb(0xA1, 0xFF);
}

void hw_smp_map_lapic(pte_t *pt)
{
	pt[(u32)lapic_window >> PAGE_SHIFT] =
		__pte(LAPIC_PHYS | _PAGE_PRESENT | _PAGE_RW | _PAGE_PCD |
		      _PAGE_PWT);
}

int hw_smp_boot_ap(u32 cr3)
{
	u32 n;

	pic_mask();
	apic_enable();
	apic_ids[0] = apic_read(APIC_ID) >> 24;
	hw_boot_cr3 = cr3;
	memcpy((void *)TRAMP_BASE, ap_trampoline,
	       (u32)(ap_trampoline_end - ap_trampoline));
	apic_icr(0, ICR_ALL_BUT_SELF | ICR_ASSERT | ICR_INIT);
	spin(10000);
	for (n = 0; n < 2 && !ap_up; n++) {
		apic_icr(0, ICR_ALL_BUT_SELF | ICR_ASSERT | ICR_SIPI |
				    (TRAMP_BASE >> 12));
		spin(2000);
	}
	for (n = 0; n < AP_WAIT_SPINS && !ap_up; n++)
		pause();
	return ap_up ? 0 : -1;
}

int hw_smp_ncpus(void)
{
	return ap_up ? 2 : 1;
}

/* ---------------------------------------------------------------- irqs */
static inline u32 read_cr3(void)
{
	u32 v;

	asm volatile("mov %%cr3, %0" : "=r"(v));
	return v;
}

/* Wait until every IPI sent to this CPU has been handled (a pending one is
 * taken in the sti shadow's end; the wait covers an emulator's latency). */
static void ipi_drain(int self)
{
	while ((s32)(ipi_sent[self] - ipi_done[self]) > 0)
		pause();
}

/* The state is published before cli: a free-running sender that still
 * sees it on may find the IPI pending, never lost. */
void arch_local_irq_disable(void)
{
	irq_on[arch_smp_processor_id()] = 0;
	asm volatile("cli" ::: "memory");
}

void arch_local_irq_enable(void)
{
	int self = arch_smp_processor_id();

	irq_on[self] = 1;
	asm volatile("sti; nop" ::: "memory");
	ipi_drain(self);
}

unsigned long arch_local_irq_save(void)
{
	int self = arch_smp_processor_id();
	unsigned long flags = irq_on[self];

	irq_on[self] = 0;
	asm volatile("cli" ::: "memory");
	return flags;
}

void arch_local_irq_restore(unsigned long flags)
{
	if (flags)
		arch_local_irq_enable();
	else
		arch_local_irq_disable();
}

int arch_irqs_enabled(int cpu)
{
	return irq_on[cpu & 1];
}

/* ---------------------------------------------------------------- IPI */
void arch_on_ipi(void (*handler)(void))
{
	ipi_handler = handler;
}

/* C side of hw_ipi_stub, on the receiving CPU, interrupts off. */
void hw_ipi(void)
{
	int self = arch_smp_processor_id();

	if (ipi_armed && ipi_handler)
		ipi_handler();
	apic_write(APIC_EOI, 0);
	if (ipi_armed)
		ipi_done[self] = ipi_done[self] + 1;
}

/* Free-running, nothing is counted and the sender never waits here: the
 * core's cpu_relax() loop waits for the handler's ack (and can be
 * stopped). The core sends again only after that ack, so the LAPIC, which
 * merges an IPI into one not yet taken, never loses one. */
void arch_send_ipi(int cpu)
{
	cpu &= 1;
	if (free_running) {
		apic_icr(apic_ids[cpu], ICR_ASSERT | IPI_VECTOR);
		return;
	}
	if (ipi_done[cpu] != ipi_sent[cpu])
		return; /* one pending at most */
	ipi_sent[cpu] = ipi_sent[cpu] + 1;
	apic_icr(apic_ids[cpu], ICR_ASSERT | IPI_VECTOR);
	if (irq_on[cpu])
		ipi_drain(cpu);
}

/* ---------------------------------------------------------------- baton */
static void wait_baton(int self)
{
	while (baton != self)
		pause();
}

void arch_switch_cpu(int cpu)
{
	int self = arch_smp_processor_id();

	baton = cpu & 1;
	wait_baton(self);
	if (self && ap_cmd == AP_RESET)
		ap_park_fresh();
	if (!self && ap_threw) {
		ap_threw = 0;
		arch_throw();
	}
}

/* A CPU's fresh state: a stale pending IPI taken and dropped (disarmed),
 * interrupts on, the TLB flushed with the shared page directory. */
static void cpu_fresh(int self)
{
	asm volatile("cli" ::: "memory");
	asm volatile("mov %0, %%cr3" : : "r"(smp_cr3) : "memory");
	asm volatile("sti; nop; nop" ::: "memory");
	spin(4);
	irq_on[self] = 1;
}

void ap_idle(void)
{
	for (;;) {
		ap_parked = 1;
		wait_baton(1);
		ap_parked = 0;
		if (ap_cmd == AP_RESET) {
			cpu_fresh(1);
			ap_cmd = AP_NONE;
			baton = 0;
		} else if (ap_cmd == AP_START) {
			ap_cmd = AP_NONE;
			ap_busy = 1;
			spin(ap_delay);
			ap_body(1);
			ap_busy = 0;
			arch_local_irq_enable();
			baton = 0;
		} else {
			baton = 0; /* a finished CPU: the other continues */
		}
	}
}

void ap_main(void)
{
	apic_enable();
	apic_ids[1] = apic_read(APIC_ID) >> 24;
	ap_up = 1;
	ap_idle();
}

void ap_throw(void)
{
	ap_threw = 1;
	ap_busy = 0;
	baton = 0;
	ap_park_fresh();
}

static void __noreturn smp_fatal(const char *why)
{
	hw_console_line_start();
	printk(WIRE_PREFIX "fault %s\n", why);
	hw_exit(WIRE_EXIT_FAULT);
}

/* After a free run: wait (bounded) until the AP is parked in ap_idle(). */
static void ap_wait_parked(void)
{
	u32 n;

	for (n = 0; !(ap_parked && baton == 0) && n < AP_WAIT_SPINS * 8; n++)
		pause();
	if (!(ap_parked && baton == 0))
		smp_fatal("the second CPU did not stop after a free run");
}

/* Both CPUs fresh, the AP parked with the body set, the baton on CPU 0.
 * A free run's AP may still be on its way to ap_idle() (a throw). */
static void smp_prepare(void (*body)(int cpu))
{
	if (!ap_up)
		smp_fatal("a two-CPU program in a one-CPU boot (the host "
			  "boots two for it)");
	if (last_free)
		ap_wait_parked();
	last_free = 0;
	free_running = 0;
	ap_delay = 0;
	smp_cr3 = read_cr3();
	ipi_armed = 0;
	ap_threw = 0;
	ap_cmd = AP_RESET;
	baton = 1;
	wait_baton(0);
	cpu_fresh(0);
	ipi_sent[0] = ipi_done[0] = ipi_sent[1] = ipi_done[1] = 0;
	ipi_armed = 1;
	ap_body = body;
}

void arch_smp_run(void (*body)(int cpu))
{
	smp_prepare(body);
	ap_cmd = AP_START;
	body(0);
	arch_local_irq_disable();
	ap_cmd = AP_NONE;
}

/* Which CPU starts late, and by how many PAUSEs (< 4096): from the seed
 * and the run's number in this boot (arch.h). */
static u32 skew_of(u32 seed, u32 run)
{
	u32 h = (seed * 2654435761u) ^ (run * 40503u + 0x9e3779b9u);

	h ^= h >> 15;
	h *= 0x2c1b3c6du;
	h ^= h >> 12;
	return h;
}

void arch_smp_run_free(void (*body)(int cpu), u32 seed)
{
	u32 h;

	smp_prepare(body);
	h = skew_of(seed, free_runs++);
	last_free = 1;
	ap_delay = h & 1 ? 0 : (h >> 1) & 4095;
	free_running = 1;
	ap_cmd = AP_START;
	baton = 1; /* the AP's start: no baton after it */
	spin(h & 1 ? (h >> 1) & 4095 : 0);
	body(0);
	/* After the join: the AP must be back in ap_idle() before the next
	 * program resets what its last steps still read. */
	ap_wait_parked();
	free_running = 0;
	arch_local_irq_disable();
	ap_cmd = AP_NONE;
}
