/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The firmware's own machine services, below the arch seam: console and
 * exit (console.c), boot paging and traps (arch_hw.c, entry.asm).
 *
 * Exit codes: core/wire.h.
 */
#ifndef VMFUZZ_BOOT_HW_H
#define VMFUZZ_BOOT_HW_H

#include "types.h"
#include "wire.h"

/* Byte-wide and dword-wide port I/O. */
static inline void outb(u16 port, u8 v)
{
	asm volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline void outl(u16 port, u32 v)
{
	asm volatile("outl %0, %1" : : "a"(v), "Nd"(port));
}

static inline u8 inb(u16 port)
{
	u8 v;

	asm volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

/* The time-stamp counter (under TCG without -icount: the host's). */
static inline u64 hw_rdtsc(void)
{
	u32 lo, hi;

	asm volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (u64)hi << 32 | lo;
}

/* prof= (boot/main.c): with hw_console_prof, the console counts the TSC
 * ticks spent in it and the bytes given to it (dropped ones too); it drops
 * what it is given while hw_console_mute is set. */
extern bool hw_console_prof, hw_console_mute;
extern u64 hw_console_ticks, hw_console_bytes;

/* The C entry point: entry.asm passes the multiboot magic and info. */
void kmain(u32 magic, u32 mbi_phys) __noreturn;

/* Program COM1 for 115200 8N1, polled; call before any output. */
void hw_console_init(void);

/* From now on, write the console to the RAM ring of core/wire.h. */
void hw_console_use_ring(void);

/* Start a new line unless the last text byte written ended one. */
void hw_console_line_start(void);

/* Leave the machine with `code`: isa-debug-exit, then Bochs, then halt. */
void hw_exit(u32 code) __noreturn;

/* Build the boot page tables (identity + direct map), turn paging on, and
 * mask the legacy PICs (interrupts come from the local APIC only). */
void hw_paging_init(void);

/* Load the boot page directory again (before and after each program). */
void hw_paging_restore(void);

/* The boot page directory's physical address. */
u32 hw_boot_pgd_phys(void);

/* Register frame built by the exception stubs in entry.asm. */
struct trapframe {
	u32 edi, esi, ebp, esp0, ebx, edx, ecx, eax; /* pushad */
	u32 vector, err;			     /* stub */
	u32 eip, cs, eflags;			     /* CPU */
};

/* C side of every exception stub: fix up, report, or exit. */
void hw_trap(struct trapframe *tf);

/* arch_throw() outside arch_try(): report and exit. */
void hw_throw_outside(void) __noreturn;

/* entry.asm: touch the byte at va (load, or load and store back); 0 when
 * the access went through, 1 when it page-faulted (see hw_extable). */
int hw_probe_read(u32 va);
int hw_probe_write(u32 va);

/* entry.asm: exception table, pairs of faulting insn and fix-up address. */
struct extable_entry {
	u32 insn;
	u32 fixup;
};
extern const struct extable_entry hw_extable[], hw_extable_end[];

/* entry.asm: nonzero while an arch_try() body runs. */
extern volatile u32 hw_try_active;

/* entry.asm: the unmapped guard page below the boot stack. */
extern u8 hw_stack_guard[];

/* smp.c: map the LAPIC page into the boot page table `pt` (identity). */
void hw_smp_map_lapic(pte_t *pt);

/* smp.c: enable the LAPIC, mask the 8259s and start the AP by
 * INIT-SIPI-SIPI on the page directory at `cr3`; 0, or -1 when no AP came
 * up. Call once, paging on. */
int hw_smp_boot_ap(u32 cr3);

/* smp.c: the CPUs up, 1 or 2. */
int hw_smp_ncpus(void);

/* smptest.c: the boot self-test of `smptest=1` (cpu1 up, the flush IPI
 * both ways, a baton ping-pong): one line of text, outside any program. */
void hw_smp_selftest(void);

#endif
