// SPDX-License-Identifier: GPL-2.0
/*
 * The arch seam on real i386 paging: boot page tables, CR3 and invlpg, and
 * the #PF handler with its exception-table fix-ups.
 *
 * Boot page tables (in .bss, 4 KB pages, no PSE):
 *   [0, POOL_PHYS_START)              identity: firmware, stack, modules
 *   [PAGE_OFFSET, PAGE_OFFSET + RAM)  direct map of all RAM
 * Both halves share the same page tables. Page 0 (NULL) and the stack's
 * guard page are left unmapped, so a stray NULL or a stack overflow faults.
 */
#include "arch.h"
#include "memlayout.h"
#include "vmfuzz.h"
#include "kernel.h"
#include "hw.h"

#define CR0_WP 0x00010000u
#define CR0_PG 0x80000000u

#define RAM_PAGES (RAM_SIZE / PAGE_SIZE)
#define RAM_PGDS (RAM_SIZE / PGDIR_SIZE)
#define IDENT_PGDS (POOL_PHYS_START / PGDIR_SIZE)

/* The direct map must never reach into [MODULES_VADDR, VMALLOC_END). */
_Static_assert(VMALLOC_RESERVE_MAX <= NOMINAL_RAM - RAM_SIZE,
	       "lowmem may end below the direct map");
_Static_assert(PAGE_OFFSET % PGDIR_SIZE == 0, "PAGE_OFFSET not pgd-aligned");

static pgd_t boot_pgd[PTRS_PER_PGD] __attribute__((aligned(4096)));
static pte_t boot_pt[RAM_PAGES] __attribute__((aligned(4096)));

/* CR2 of the last fault recovered by a fix-up (for reports). */
static u32 probe_cr2;

static inline u32 read_cr0(void)
{
	u32 v;

	asm volatile("mov %%cr0, %0" : "=r"(v));
	return v;
}

static inline void write_cr0(u32 v)
{
	asm volatile("mov %0, %%cr0" : : "r"(v) : "memory");
}

static inline u32 read_cr2(void)
{
	u32 v;

	asm volatile("mov %%cr2, %0" : "=r"(v));
	return v;
}

static inline u32 read_cr3(void)
{
	u32 v;

	asm volatile("mov %%cr3, %0" : "=r"(v));
	return v;
}

/*
 * The legacy 8259 PICs, as the BIOS left them: IRQ0 (the PIT) on vector 8,
 * unmasked. The firmware takes interrupts only from the local APIC (IPIs),
 * so the PICs are moved off the exception vectors (to 0x20/0x28, ICW1-4)
 * and every line is masked: a `sti` (spin_unlock_irq) never takes a timer
 * tick as a double fault.
 */
#define PIC1 0x20u
#define PIC2 0xA0u
static void pic_disable(void)
{
	outb(PIC1, 0x11), outb(PIC2, 0x11);	  /* ICW1: edge, cascade, ICW4 */
	outb(PIC1 + 1, 0x20), outb(PIC2 + 1, 0x28); /* ICW2: vector bases */
	outb(PIC1 + 1, 0x04), outb(PIC2 + 1, 0x02); /* ICW3: slave on IRQ2 */
	outb(PIC1 + 1, 0x01), outb(PIC2 + 1, 0x01); /* ICW4: 8086 mode */
	outb(PIC1 + 1, 0xFF), outb(PIC2 + 1, 0xFF); /* OCW1: all masked */
}

void hw_paging_init(void)
{
	u32 i;

	for (i = 0; i < RAM_PAGES; i++)
		boot_pt[i] = pfn_pte(i, PAGE_KERNEL);
	boot_pt[0] = __pte(0);
	boot_pt[(u32)hw_stack_guard >> PAGE_SHIFT] = __pte(0);
	hw_smp_map_lapic(boot_pt);

	for (i = 0; i < RAM_PGDS; i++) {
		u32 table = (u32)&boot_pt[i * PTRS_PER_PTE] | _KERNPG_TABLE;

		if (i < IDENT_PGDS)
			boot_pgd[i] = __pgd(table);
		boot_pgd[PDX(PAGE_OFFSET) + i] = __pgd(table);
	}
	hw_paging_restore();
	write_cr0(read_cr0() | CR0_PG | CR0_WP);
	pic_disable();
}

void hw_paging_restore(void)
{
	arch_load_cr3((u32)boot_pgd);
}

void arch_pgd_init(pgd_t *pgd)
{
	u32 i;

	for (i = 0; i < IDENT_PGDS; i++)
		pgd[i] = boot_pgd[i];
	for (i = PDX(PAGE_OFFSET); i < PDX(PAGE_OFFSET) + RAM_PGDS; i++)
		pgd[i] = boot_pgd[i];
}

void arch_load_cr3(u32 pgd_phys)
{
	asm volatile("mov %0, %%cr3" : : "r"(pgd_phys) : "memory");
}

/* The free-running locks' atomics (arch.h): xchg is locked by itself. */
int arch_xchg(volatile int *p, int v)
{
	asm volatile("xchg %0, %1" : "+r"(v), "+m"(*p) : : "memory");
	return v;
}

int arch_cmpxchg(volatile int *p, int old, int new_)
{
	int prev;

	asm volatile("lock cmpxchg %2, %1"
		     : "=a"(prev), "+m"(*p)
		     : "r"(new_), "0"(old)
		     : "memory");
	return prev;
}

void arch_invlpg(ulong32 va)
{
	asm volatile("invlpg (%0)" : : "r"(va) : "memory");
}

void arch_flush_tlb_all(void)
{
	arch_load_cr3(read_cr3());
}

void *arch_phys_to_virt(u32 phys)
{
	if (phys < POOL_PHYS_START || phys >= POOL_PHYS_END)
		return NULL;
	return (void *)(PAGE_OFFSET + phys);
}

u32 arch_virt_to_phys(const void *p)
{
	u32 va = (u32)p;

	if (va < PAGE_OFFSET + POOL_PHYS_START ||
	    va >= PAGE_OFFSET + POOL_PHYS_END)
		return ARCH_NO_PHYS;
	return va - PAGE_OFFSET;
}

/*
 * A present PTE whose frame is outside the pool (a leftover or wild entry:
 * 0x6b6b6b6b, the poison of an uncleared table, maps 0x6b6b6000) is no
 * fault on x86, nor on the host (softmmu.c). What is read there is not the
 * same everywhere: QEMU reads unassigned memory as 0x00, Bochs as 0xff,
 * RAM outside the pool holds the firmware. So every world gives such an
 * access the same "open bus" page, all ones, whose writes are lost (the
 * host's is in arch_soft.c), and no firmware byte is written through
 * vmalloc space. The tables are read before the probe, so that the access
 * to va is the last to fill the TLB.
 */
static u8 open_bus[PAGE_SIZE] __attribute__((aligned(4096)));

static bool frame_outside_pool(ulong32 va)
{
	u32 pde = ((const u32 *)(PAGE_OFFSET + read_cr3()))[PDX(va)];
	const u32 *table = arch_phys_to_virt(pde & PAGE_MASK);
	u32 pte, frame;

	if (!(pde & _PAGE_PRESENT) || !table)
		return false; /* no table, or one outside the pool */
	pte = table[PTX(va)];
	frame = pte & PAGE_MASK;
	return (pte & _PAGE_PRESENT) &&
	       (frame < POOL_PHYS_START || frame >= POOL_PHYS_END);
}

void *arch_mmu_access(ulong32 va, int write)
{
	bool outside = frame_outside_pool(va);
	int faulted = write ? hw_probe_write(va) : hw_probe_read(va);

	if (!faulted && outside) {
		memset(open_bus, 0xff, PAGE_SIZE);
		return open_bus + (va & (PAGE_SIZE - 1));
	}
	if (!faulted)
		return (void *)va;
	if (probe_cr2 != va)
		BUG_MSG("probe fault at a wrong address",
			"probe of 0x%08x faulted at cr2 0x%08x", va, probe_cr2);
	return NULL;
}

static const char *const trap_names[32] = {
	"#DE divide error",
	"#DB debug",
	"NMI",
	"#BP breakpoint",
	"#OF overflow",
	"#BR bound range",
	"#UD invalid opcode",
	"#NM no FPU",
	"#DF double fault",
	"coprocessor overrun",
	"#TS invalid TSS",
	"#NP segment not present",
	"#SS stack fault",
	"#GP general protection",
	"#PF page fault",
	"reserved 15",
	"#MF x87 error",
	"#AC alignment check",
	"#MC machine check",
	"#XM SIMD error",
	"#VE virtualization",
	"#CP control protection",
};

static const struct extable_entry *extable_find(u32 eip)
{
	const struct extable_entry *e;

	for (e = hw_extable; e < hw_extable_end; e++)
		if (e->insn == eip)
			return e;
	return NULL;
}

static void __noreturn trap_fatal(const struct trapframe *tf, u32 cr2)
{
	const char *name = trap_names[tf->vector & 31];

	hw_paging_restore();
	hw_console_line_start();
	printk(WIRE_PREFIX
	       "fault %s (vector %u) eip 0x%08x err 0x%x cr2 0x%08x\n",
	       name ? name : "reserved", tf->vector, tf->eip, tf->err, cr2);
	hw_exit(WIRE_EXIT_FAULT);
}

static void (*fault_handler)(void);

void arch_on_fault(void (*handler)(void))
{
	fault_handler = handler;
}

void hw_trap(struct trapframe *tf)
{
	const struct extable_entry *fix;
	u32 cr2 = read_cr2();

	if (tf->vector != 14)
		trap_fatal(tf, cr2);
	fix = extable_find(tf->eip);
	if (fix) {
		probe_cr2 = cr2;
		tf->eip = fix->fixup;
		return;
	}
	if (!hw_try_active || !fault_handler)
		trap_fatal(tf, cr2);
	fault_handler();
}

void hw_throw_outside(void)
{
	hw_paging_restore();
	hw_console_line_start();
	printk(WIRE_PREFIX "fault arch_throw() outside arch_try()\n");
	hw_exit(WIRE_EXIT_FAULT);
}

u32 hw_boot_pgd_phys(void)
{
	return (u32)boot_pgd;
}

/* ------------------------------------------------------------------------
 * arch_mmu_probe_cpu() (core/kernel/arch.h): the loads run on the other
 * CPU, in the handler of a fixed IPI (PROBE_VECTOR) sent through the local
 * APIC (smp.c maps it at lapic_window); the caller spins with PAUSE until
 * the handler's ack. The gate is entered into the IDT (entry.asm's, shared
 * by both CPUs) at the first probe: gate 0x40's, with this stub.
 */
#define PROBE_VECTOR 0x41u
#define APIC_EOI 0x0B0u
#define APIC_ICR_LO 0x300u
#define APIC_ICR_HI 0x310u
#define ICR_BUSY 0x1000u
#define ICR_ASSERT 0x4000u
#define ICR_ALL_BUT_SELF 0xC0000u

extern u8 lapic_window[PAGE_SIZE];
extern u8 hw_idt_desc[6];
void hw_probe_ipi_stub(void);
void hw_probe_ipi(void);

asm(".text\n"
    ".globl hw_probe_ipi_stub\n"
    "hw_probe_ipi_stub:\n"
    "	pushal\n"
    "	cld\n"
    "	call hw_probe_ipi\n"
    "	popal\n"
    "	iretl\n");

static volatile ulong32 probe_va;
static volatile u32 probe_pages, probe_result, probe_sent, probe_done;

static inline void lapic_write(u32 reg, u32 v)
{
	*(volatile u32 *)(lapic_window + reg) = v;
}

static inline u32 lapic_read(u32 reg)
{
	return *(volatile u32 *)(lapic_window + reg);
}

static u32 probe_pages_here(ulong32 va, u32 pages)
{
	u32 i;

	for (i = 0; i < pages; i++)
		if (!hw_probe_read(va + i * PAGE_SIZE))
			break;
	return i;
}

/* C side of hw_probe_ipi_stub, on the probed CPU, interrupts off. */
void hw_probe_ipi(void)
{
	probe_result = probe_pages_here(probe_va, probe_pages);
	lapic_write(APIC_EOI, 0);
	probe_done = probe_sent;
}

static void probe_gate_install(void)
{
	u32 base;
	u8 *gate;
	u32 stub = (u32)hw_probe_ipi_stub;

	memcpy(&base, hw_idt_desc + 2, sizeof(base));
	gate = (u8 *)base + PROBE_VECTOR * 8;
	memcpy(gate, (u8 *)base + 0x40 * 8, 8); /* selector, type */
	gate[0] = (u8)stub;
	gate[1] = (u8)(stub >> 8);
	gate[6] = (u8)(stub >> 16);
	gate[7] = (u8)(stub >> 24);
}

int arch_mmu_probe_cpu(int cpu, ulong32 va, u32 pages)
{
	static bool gate_ok;

	if (cpu == arch_smp_processor_id())
		return (int)probe_pages_here(va, pages);
	if (!gate_ok) {
		probe_gate_install();
		gate_ok = true;
	}
	probe_va = va;
	probe_pages = pages;
	probe_sent = probe_sent + 1;
	while (lapic_read(APIC_ICR_LO) & ICR_BUSY)
		asm volatile("pause" ::: "memory");
	lapic_write(APIC_ICR_HI, 0);
	lapic_write(APIC_ICR_LO, ICR_ALL_BUT_SELF | ICR_ASSERT | PROBE_VECTOR);
	while (probe_done != probe_sent)
		asm volatile("pause" ::: "memory");
	return (int)probe_result;
}
