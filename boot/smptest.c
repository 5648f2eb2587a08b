// SPDX-License-Identifier: GPL-2.0
/*
 * The SMP boot self-test (`smptest=1`, tests/test_smp_emu.sh): through the
 * seam itself (arch_smp_run, arch_switch_cpu, arch_send_ipi, the irq
 * calls), a fixed ping-pong of the baton and the flush IPI both ways: to a
 * CPU parked with interrupts on (handled before the send returns) and to
 * one with interrupts off (pending until it enables them). It prints one
 * line, the same in QEMU and Bochs and over runs:
 *   smp: cpus=2 seq=<events> acks=<n>
 */
#include "arch.h"
#include "kernel.h"
#include "hw.h"

static char seq[64];
static u32 seq_len, acks;

static void note(char a, char b)
{
	if (seq_len + 2 < sizeof(seq)) {
		seq[seq_len++] = a;
		seq[seq_len++] = b;
	}
}

/* The flush IPI's handler: flush the receiving CPU's TLB, then note it. */
static void st_ipi(void)
{
	arch_flush_tlb_all();
	acks++;
	note('i', (char)('0' + arch_smp_processor_id()));
}

static void st_body(int cpu)
{
	char c = (char)('0' + cpu);

	note(c, 'a');
	if (cpu == 0) {
		arch_switch_cpu(1);
		note(c, 'b');
		arch_send_ipi(1); /* cpu1 parked, irqs on: handled now */
		note(c, 's');
		arch_local_irq_disable();
		arch_switch_cpu(1);
		note(c, 'c');
		arch_local_irq_enable(); /* cpu1's IPI, pending, runs here */
		note(c, 'e');
		arch_switch_cpu(1);
		note(c, 'z');
		return;
	}
	arch_switch_cpu(0);
	note(c, 'b');
	arch_send_ipi(0); /* cpu0 has irqs off: pending */
	note(c, 'p');
	arch_switch_cpu(0);
	note(c, 'z');
}

void hw_smp_selftest(void)
{
	seq_len = 0;
	acks = 0;
	if (hw_smp_ncpus() < 2) {
		printk("smp: cpus=1\n");
		return;
	}
	arch_on_ipi(st_ipi);
	arch_smp_run(st_body);
	arch_on_ipi(NULL);
	seq[seq_len] = '\0';
	printk("smp: cpus=2 seq=%s acks=%u\n", seq, acks);
}
