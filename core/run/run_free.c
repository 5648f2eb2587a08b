// SPDX-License-Identifier: GPL-2.0
/*
 * Free-running two CPUs (run_free.h). Each CPU runs its own ops (op.cpu)
 * in program order at the same time as the other, with no schedule: the
 * kernel's locks are real atomics, yield points do not switch and
 * cpu_relax() only pauses (core/kernel/smp.c). Mid-op state is not judged
 * (no order of the two CPUs' ops is known): the sink records no PTE or
 * frame change, the op-specific checks and lock discipline are skipped,
 * and after both CPUs joined the oracle runs the quiescent invariants and
 * the full sweep once. A BUG on either CPU (a kernel BUG, a fault, a
 * pattern check of write/check, the hang bound) stops the other CPU and
 * ends the run as in the deterministic mode.
 */
#include "run_free.h"
#include "interp.h"
#include "arch.h"
#include "kernel.h"
#include "record.h"
#include "smp.h"

static volatile u32 free_pc[NR_CPUS]; /* each CPU's op */
static volatile bool started[NR_CPUS];

static void free_body(int cpu)
{
	u32 i;

	started[cpu] = true;
	for (i = 0; i < vmf.prog.nops; i++) {
		if (vmf.prog.ops[i].cpu != cpu)
			continue;
		free_pc[cpu] = i;
		vmf.pc = i; /* read by the interpreter: shared, see docs */
		if (!cpu && vmf.cfg->marks) /* one CPU on the console */
			arch_console_write("\x1e", 1);
		interp_exec(&vmf.prog.ops[i]);
	}
	smp_cpu_done();
}

/* The op that freed slot s's area: the last free naming its slot (its
 * caller-side release depends on which free it was), else the first op
 * that is neither vunmap nor free_vm_area. */
static u32 freeing_op(const struct slot *s)
{
	u32 i, slot = (u32)(s - vmf.slots), found = vmf.prog.nops;

	for (i = 0; i < vmf.prog.nops; i++) {
		const struct vmf_op *op = &vmf.prog.ops[i];

		if ((op->code == OP_VFREE || op->code == OP_VUNMAP ||
		     op->code == OP_FREE_VM_AREA) &&
		    op->mode != TARGET_ADDR && op->slot == slot)
			found = i;
	}
	for (i = 0; found == vmf.prog.nops && i < vmf.prog.nops; i++)
		if (vmf.prog.ops[i].code != OP_VUNMAP &&
		    vmf.prog.ops[i].code != OP_FREE_VM_AREA)
			found = i;
	return found < vmf.prog.nops ? found : 0;
}

/* Slots whose area left vmlist during the free run die now, each as its
 * freeing op's end would have released it. */
static void free_liveness(void)
{
	struct slot *s;

	interp_smp_unlinked();
	for_each_record(s) {
		u32 pc;

		if (!s->dying)
			continue;
		pc = freeing_op(s);
		s->dying = pc + 1;
		interp_smp_release_as(pc);
	}
}

/* The op the sweep is charged to: the last op that reaches the
 * allocator's lists (a free or an allocation), else the last op. */
static u32 blame_op(void)
{
	u32 i = vmf.prog.nops;

	while (i--) {
		u8 code = vmf.prog.ops[i].code;

		if (code != OP_WRITE && code != OP_CHECK && code != OP_TOUCH &&
		    code != OP_FAIL_ALLOC && code != OP_MEMINFO)
			return i;
	}
	return vmf.prog.nops - 1;
}

void run_free_ops(void (*check)(bool full), void (*end)(void))
{
	const struct kernel_sink *saved = vmf_sink;
	static struct kernel_sink free_sink;
	u32 i;

	free_sink = *saved;
	free_sink.note_pte = NULL; /* two CPUs at once: not recorded */
	free_sink.note_free = NULL;
	free_sink.yield = NULL;
	free_sink.cpu_out = NULL;
	free_sink.cpu_in = NULL;
	vmf_set_sink(&free_sink);
	free_pc[0] = free_pc[1] = 0;
	started[0] = started[1] = false;
	interp_smp_reset();
	record_begin_op();
	vmf.overlapped = true; /* every op: no op-specific verdict */
	smp_start_free(vmf.cfg->stress);
	arch_smp_run_free(free_body, vmf.cfg->stress);
	smp_free_joined();
	vmf_set_sink(saved);
	vmf_rec.overflow = true; /* unrecorded changes: the full sweep */
	smp_quiet_begin();
	vmf.pc = blame_op();
	free_liveness();
	check(true);
	smp_quiet_end();
	for (i = 0; i < vmf.prog.nops; i++) {
		vmf.pc = i;
		end();
	}
	vmf.pc = vmf.prog.nops - 1;
	vmf.overlapped = false;
}

void run_free_bug_enter(void)
{
	if (!smp_free)
		return;
	smp_bug_enter(); /* returns on the reporting CPU only */
	vmf.pc = free_pc[arch_smp_processor_id()];
}

void run_free_bug_exit(void)
{
	smp_bug_exit();
}

void run_free_print_cpus(void)
{
	int cpu;

	printk("free-running (--stress): no schedule, no interleaving log\n");
	for (cpu = 0; cpu < NR_CPUS; cpu++)
		printk("  cpu%d: %s op %u, last at %s\n", cpu,
		       started[cpu] ? "at" : "never started, before",
		       free_pc[cpu], smp_last_yield(cpu));
}
