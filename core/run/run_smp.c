// SPDX-License-Identifier: GPL-2.0
/*
 * Two CPUs: each runs its own ops (op.cpu) in program order; the schedule
 * (smp.c) interleaves them at yield points. The oracle's invariants are
 * checked at quiescent points only (no CPU inside an op): the change
 * record of overlapping ops accumulates until then, and the full sweep
 * runs. At yield points the lock discipline is checked: kernel PTEs are
 * set only under init_mm.page_table_lock and cleared only under
 * vmlist_lock held for writing (remove_vm_area), and an IPI is never
 * awaited with interrupts off while the other CPU spins with them off.
 */
#include "run_smp.h"
#include "interp.h"
#include "arch.h"
#include "kernel.h"
#include "pgtable.h"
#include "placecheck.h"
#include "record.h"
#include "smp.h"
#include "vmalloc.h"

#define LOG_MAX 512

struct log_entry {
	u8 cpu;
	u32 pc;
	const char *what;
};

static struct log_entry log_[LOG_MAX];
static u32 nlog, nlost;
static u32 cpu_pc[NR_CPUS];
static bool in_op[NR_CPUS], spinning[NR_CPUS];
static void (*check_op)(bool full), (*end_op)(void);
static u32 vmlist_seen; /* vmlist_gen as the last yield point saw it */
/* The other CPU linked or unlinked an area during this CPU's op. */
static bool list_moved[NR_CPUS];

static bool str_is(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

/* Lockdep-style: only `cpu` ran since the last yield point, so if vmlist
 * changed it did, and it must hold vmlist_lock for writing now or have just
 * released it (the write_unlock yield comes after the release). A change
 * is a link or unlink (vmalloc.c bumps vmlist_gen at each: O(1) here), not
 * flags or pages: vmalloc sets those of its own area without the lock, as
 * 2.6 did. */
static void vmlist_locked(int cpu, const char *what, const char *fn)
{
	if (vmlist_gen == vmlist_seen)
		return;
	vmlist_seen = vmlist_gen;
	if (in_op[1 - cpu])
		list_moved[1 - cpu] = true;
	interp_smp_unlinked();
	if (!write_is_held(&vmlist_lock) && !str_is(what, "write_unlock"))
		vmf_bug(fn, "vmlist changed without vmlist_lock",
			"cpu%d: vmlist changed before %s, outside "
			"write_lock(&vmlist_lock)", cpu, what);
}

static void lock_discipline(int cpu, const char *what)
{
	const char *fn = vmf_op_function(&vmf.prog.ops[vmf.pc]);

	if (str_is(what, "set_pte") && !spin_is_held(&init_mm.page_table_lock))
		vmf_bug(fn, "kernel PTE set without page_table_lock",
			"cpu%d: set_pte outside init_mm.page_table_lock", cpu);
	/* 2.5.32-2.5.69 unmapped after the unlink by design (no lock): there
	 * the race itself, not the rule, must show (unmap-after-unlink). */
	if (str_is(what, "ptep_get_and_clear") && !write_is_held(&vmlist_lock) &&
	    !bug_on(BUG_UNMAP_AFTER_UNLINK))
		vmf_bug(fn, "kernel PTE cleared without vmlist_lock",
			"cpu%d: unmap outside write_lock(&vmlist_lock)", cpu);
	vmlist_locked(cpu, what, fn);
	spinning[cpu] = !arch_irqs_enabled(cpu) &&
			!str_is(what, "flush IPI wait");
	if (str_is(what, "flush IPI wait") && !arch_irqs_enabled(cpu) &&
	    spinning[1 - cpu])
		vmf_bug(fn, "IPI sent with interrupts off",
			"cpu%d waits for its IPI, cpu%d spins, both with "
			"interrupts off", cpu, 1 - cpu);
}

void run_smp_yield(int cpu, const char *what)
{
	if (nlog < LOG_MAX)
		log_[nlog++] = (struct log_entry){ (u8)cpu, vmf.pc, what };
	else
		nlost++;
	lock_discipline(cpu, what);
}

void run_smp_cpu_out(int cpu, const char *what)
{
	(void)what;
	cpu_pc[cpu] = vmf.pc;
}

void run_smp_cpu_in(int cpu)
{
	vmf.pc = cpu_pc[cpu];
}

static void op_text(u32 pc, char *buf, u32 n)
{
	prog_op_format(&vmf.prog.ops[pc], buf, n);
}

void run_smp_print_interleaving(void)
{
	char text[80];
	u32 i = 0;
	int other;

	printk("interleaving (cpu, op, yield points in order):\n");
	while (i < nlog) {
		u32 j = i;

		op_text(log_[i].pc, text, sizeof(text));
		printk("  cpu%u op %u (%s):", log_[i].cpu, log_[i].pc, text);
		while (j < nlog && log_[j].cpu == log_[i].cpu &&
		       log_[j].pc == log_[i].pc)
			printk(" %s", log_[j++].what);
		printk("\n");
		i = j;
	}
	if (nlost)
		printk("  ... %u more yield points\n", nlost);
	op_text(cpu_pc[0], text, sizeof(text));
	printk("  at the BUG: cpu%d running op %u\n", arch_smp_processor_id(),
	       vmf.pc);
	other = 1 - arch_smp_processor_id();
	if (in_op[other]) /* its pc was saved when it parked */
		printk("  the other: cpu%d in op %u\n", other, cpu_pc[other]);
	else
		printk("  the other: cpu%d between ops\n", other);
}

/*
 * The placement model at the op's end, for an op the quiescent check will
 * not judge (the other CPU is in an op, or ran one during this op): valid
 * when the other CPU left vmlist alone during the op, so vmlist is what
 * this op searched plus what it linked.
 */
static void placement_at_end(int cpu)
{
	bool overlapped = vmf.overlapped;

	if (list_moved[cpu] || (!in_op[1 - cpu] && !overlapped) ||
	    vmf.res[vmf.pc].kind == RES_SKIP)
		return;
	vmf.overlapped = false;
	smp_quiet_begin();
	placecheck_op();
	smp_quiet_end();
	vmf.overlapped = overlapped;
}

static void run_op(int cpu, u32 i)
{
	const struct vmf_op *op = &vmf.prog.ops[i];

	vmf.pc = i;
	smp_yield("op start");
	if (!in_op[1 - cpu]) {
		record_begin_op();
		vmf.overlapped = false;
	} else {
		vmf.overlapped = true;
	}
	if (vmf.cfg->marks)
		arch_console_write("\x1e", 1);
	in_op[cpu] = true;
	list_moved[cpu] = false;
	interp_exec(op);
	in_op[cpu] = false;
	placement_at_end(cpu);
	if (!in_op[1 - cpu]) {
		smp_quiet_begin(); /* the check must see one quiescent state */
		check_op(true);
		smp_quiet_end();
		vmf.overlapped = false;
	}
	end_op();
}

static void body(int cpu)
{
	u32 i;

	cpu_pc[cpu] = 0;
	for (i = 0; i < vmf.prog.nops; i++)
		if (vmf.prog.ops[i].cpu == cpu)
			run_op(cpu, i);
	smp_cpu_done();
}

void run_smp_ops(void (*check)(bool full), void (*end)(void))
{
	check_op = check;
	end_op = end;
	nlog = nlost = 0;
	in_op[0] = in_op[1] = false;
	list_moved[0] = list_moved[1] = false;
	spinning[0] = spinning[1] = false;
	vmlist_seen = vmlist_gen;
	interp_smp_reset();
	vmf.overlapped = false;
	smp_start(vmf.prog.sched, vmf.prog.nsched);
	arch_smp_run(body);
	smp_stop();
}
