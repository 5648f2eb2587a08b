// SPDX-License-Identifier: GPL-2.0
/*
 * Two CPUs: each runs its own ops (op.cpu) in program order; the schedule
 * (smp.c) interleaves them at yield points. The oracle's invariants are
 * checked at quiescent points only (no CPU inside an op): the change
 * record of overlapping ops accumulates until then, and the full sweep
 * runs. At yield points the lock discipline is checked: kernel PTEs are
 * set only under init_mm.page_table_lock and cleared only under
 * vmlist_lock held for writing (remove_vm_area; in 2.6.28, under the lazy
 * purge's purge_lock, and the vmap_area tree changes only under
 * vmap_area_lock: gen2_discipline), and an IPI is never
 * awaited with interrupts off while the other CPU spins with them off,
 * and a free's verdict is taken at its linearization point (lin_*).
 */
#include "run_smp.h"
#include "run_free.h"
#include "interp.h"
#include "arch.h"
#include "kernel.h"
#include "pgtable.h"
#include "freecheck.h"
#include "placecheck.h"
#include "record.h"
#include "smp.h"
#include "vmalloc.h"
#include "vmap_area.h"

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
static u32 tree_seen;	/* vmap_area_gen, the same (2.6.28) */
/* The other CPU linked or unlinked an area (or, in 2.6.28, a vmap area)
 * during this CPU's op. */
static bool list_moved[NR_CPUS];
/* vmap_nr_notes when the CPU's op started (2.6.28's placement at its end) */
static u32 notes_at_start[NR_CPUS];

static bool str_is(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

/*
 * A free's linearization point (core/README.md, "Two CPUs"): at a yield
 * point only the running CPU ran since the last one, so the vmlist change
 * seen there is its own, and the state before it is `snap` (vmlist as of
 * its last change). A free's first write_unlock yield ends remove_vm_area's
 * section: the area at its address in the state before is what it found.
 * O(areas) per link or unlink, nothing per other yield.
 */
#define LIN_GONE 4 /* a free unlinks its area and, maybe, its page array */

struct lin_free {
	bool on, looked, lost;
	ulong32 addr;
	bool found;
	struct rec_area target;
	u32 ngone;
	struct rec_area gone[LIN_GONE];
	bool owned[LIN_GONE];
};

static struct rec_area snap_buf[2][REC_MAX_AREAS];
static struct rec_area *snap = snap_buf[0];
static u32 nsnap;
static struct lin_free lin[NR_CPUS];

static void snap_take(struct rec_area *to, u32 *n)
{
	const struct vm_struct *t;

	*n = 0;
	for (t = vmlist; t && *n < REC_MAX_AREAS; t = t->next)
		to[(*n)++] = (struct rec_area){ t, t->addr, t->size, t->flags,
						t->pages };
}

static void lin_look(struct lin_free *f)
{
	u32 i;

	f->looked = true;
	if (!freecheck_smp_addr(&f->addr))
		return;
	for (i = 0; i < nsnap; i++)
		if (snap[i].addr == f->addr) {
			f->found = true;
			f->target = snap[i];
			return;
		}
}

/* vmlist changed on `cpu` since the last yield point: what left it goes to
 * the CPU's free, then snap follows. Before the slots learn of it. */
static void lin_changed(int cpu)
{
	struct rec_area *next = snap == snap_buf[0] ? snap_buf[1] : snap_buf[0];
	struct lin_free *f = &lin[cpu];
	u32 n, i, j = 0;

	snap_take(next, &n);
	for (i = 0; i < nsnap; i++) {
		while (j < n && next[j].addr < snap[i].addr)
			j++;
		if (j < n && next[j].area == snap[i].area &&
		    next[j].addr == snap[i].addr &&
		    next[j].size == snap[i].size)
			continue;
		if (!f->on)
			continue;
		if (f->ngone == LIN_GONE) {
			f->lost = true;
			continue;
		}
		f->owned[f->ngone] = freecheck_slot_owns(&snap[i]);
		f->gone[f->ngone++] = snap[i];
	}
	snap = next;
	nsnap = n;
}

static void lin_begin(int cpu)
{
	struct lin_free *f = &lin[cpu];

	f->looked = f->lost = f->found = false;
	f->ngone = 0;
	f->on = true; /* which op it is, lin_end() asks (a free's address is
		       * known once it runs) */
}

static void lin_end(int cpu)
{
	struct lin_free *f = &lin[cpu];

	if (f->on && !f->lost && freecheck_smp_addr(&f->addr))
		freecheck_smp(f->addr, f->found ? &f->target : NULL, f->gone,
			      f->ngone, f->owned);
	f->on = false;
}

/* Lockdep-style: only `cpu` ran since the last yield point, so if vmlist
 * changed it did, and it must hold vmlist_lock for writing now or have just
 * released it (the write_unlock yield comes after the release). A change
 * is a link or unlink (vmalloc.c bumps vmlist_gen at each: O(1) here), not
 * flags or pages: vmalloc sets those of its own area without the lock, as
 * 2.6 did. */
static void vmlist_locked(int cpu, const char *what, const char *fn)
{
	if (lin[cpu].on && !lin[cpu].looked && str_is(what, "write_unlock"))
		lin_look(&lin[cpu]);
	if (vmlist_gen == vmlist_seen)
		return;
	vmlist_seen = vmlist_gen;
	lin_changed(cpu);
	if (in_op[1 - cpu])
		list_moved[1 - cpu] = true;
	interp_smp_unlinked();
	if (!write_is_held(&vmlist_lock) && !str_is(what, "write_unlock"))
		vmf_bug(fn, "vmlist changed without vmlist_lock",
			"cpu%d: vmlist changed before %s, outside "
			"write_lock(&vmlist_lock)", cpu, what);
}

/*
 * 2.6.28's rules: a lazily freed area's PTEs are cleared by
 * vunmap_page_range() in __purge_vmap_area_lazy(), under its purge_lock and
 * not vmlist_lock; the vmap_area tree and list change only under
 * vmap_area_lock (or end at a spin_unlock yield, as vmlist_locked() lets
 * a write_unlock end a vmlist change).
 */
static void gen2_discipline(int cpu, const char *what, const char *fn)
{
	u8 code = vmf.prog.ops[vmf.pc].code;

	/* vmap blocks (vb_free, vm_unmap_aliases's dirty ranges) clear their
	 * PTEs outside the purge, under no vmap lock (per-CPU blocks) */
	if (str_is(what, "ptep_get_and_clear") && !vmap_purge_lock_held() &&
	    code != OP_VM_UNMAP_RAM && code != OP_PURGE)
		vmf_bug(fn, "kernel PTE cleared without purge_lock",
			"cpu%d: vunmap_page_range outside the lazy purge", cpu);
	if (vmap_area_gen == tree_seen)
		return;
	tree_seen = vmap_area_gen;
	if (in_op[1 - cpu])
		list_moved[1 - cpu] = true;
	if (!spin_is_held(&vmap_area_lock) && !str_is(what, "spin_unlock"))
		vmf_bug(fn, "vmap_area tree changed without vmap_area_lock",
			"cpu%d: the tree changed before %s, outside "
			"spin_lock(&vmap_area_lock)", cpu, what);
}

static void lock_discipline(int cpu, const char *what)
{
	const char *fn = vmf_op_function(&vmf.prog.ops[vmf.pc]);

	if (str_is(what, "set_pte") && !spin_is_held(&init_mm.page_table_lock))
		vmf_bug(fn, "kernel PTE set without page_table_lock",
			"cpu%d: set_pte outside init_mm.page_table_lock", cpu);
	/* 2.5.32-2.5.69 unmapped after the unlink by design (no lock): there
	 * the race itself, not the rule, must show (unmap-after-unlink). */
	if (vmf_gen2())
		gen2_discipline(cpu, what, fn);
	else if (str_is(what, "ptep_get_and_clear") &&
		 !write_is_held(&vmlist_lock) &&
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

/*
 * The yield points log_[i..j) of one stretch of one op on one CPU: a run
 * of one name as "name xN", and a new indented line every
 * STRETCH_PER_LINE names, so that no line outgrows an emulator's console
 * line (a 16 MB vmalloc's stretch is thousands of alloc_page).
 */
#define STRETCH_PER_LINE 16
static void print_stretch(u32 i, u32 j)
{
	u32 shown = 0;

	while (i < j) {
		u32 k = i;

		while (k < j && str_is(log_[k].what, log_[i].what))
			k++;
		if (shown && shown % STRETCH_PER_LINE == 0)
			printk("\n     ");
		if (k - i > 1)
			printk(" %s x%u", log_[i].what, k - i);
		else
			printk(" %s", log_[i].what);
		shown++;
		i = k;
	}
	printk("\n");
}

void run_smp_print_interleaving(void)
{
	char text[80];
	u32 i = 0;
	int other;

	if (vmf.cfg->stress) {
		run_free_print_cpus();
		return;
	}
	printk("interleaving (cpu, op, yield points in order):\n");
	while (i < nlog) {
		u32 j = i;

		op_text(log_[i].pc, text, sizeof(text));
		printk("  cpu%u op %u (%s):", log_[i].cpu, log_[i].pc, text);
		while (j < nlog && log_[j].cpu == log_[i].cpu &&
		       log_[j].pc == log_[i].pc)
			j++;
		print_stretch(i, j);
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
	if (vmf_gen2())
		placecheck_smp_op(notes_at_start[cpu]);
	else
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
	notes_at_start[cpu] = vmap_nr_notes;
	lin_begin(cpu);
	interp_exec(op);
	lin_end(cpu);
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
	if (vmf.cfg->stress) {
		run_free_ops(check, end);
		return;
	}
	check_op = check;
	end_op = end;
	nlog = nlost = 0;
	in_op[0] = in_op[1] = false;
	list_moved[0] = list_moved[1] = false;
	spinning[0] = spinning[1] = false;
	vmlist_seen = vmlist_gen;
	tree_seen = vmap_area_gen;
	lin[0].on = lin[1].on = false;
	snap_take(snap, &nsnap);
	interp_smp_reset();
	vmf.overlapped = false;
	smp_start(vmf.prog.sched, vmf.prog.nsched);
	arch_smp_run(body);
	smp_stop();
}
