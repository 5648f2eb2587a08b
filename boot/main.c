// SPDX-License-Identifier: GPL-2.0
/*
 * kmain: read the knobs from the multiboot command line and the programs
 * from the multiboot modules (one program, or a bundle of them), run each
 * one, and report on the console: the wire format of core/wire.h.
 */
#include "arch.h"
#include "bugs.h"
#include "kernel.h"
#include "memlayout.h"
#include "vmfuzz.h"
#include "wire.h"
#include "hw.h"

#define MULTIBOOT_BOOTLOADER_MAGIC 0x2BADB002u
#define MBI_CMDLINE 0x004u
#define MBI_MODS 0x008u

struct multiboot_info {
	u32 flags;
	u32 mem_lower, mem_upper;
	u32 boot_device;
	u32 cmdline;
	u32 mods_count;
	u32 mods_addr;
};

struct multiboot_mod {
	u32 mod_start;
	u32 mod_end;
	u32 string;
	u32 reserved;
};

/* One word of a command line: [s, s + len). */
struct word {
	const char *s;
	u32 len;
};

static void __noreturn fatal(const char *what, const struct word *w)
{
	char buf[64];
	u32 n = 0;

	if (w)
		for (n = 0; n < w->len && n < sizeof(buf) - 1; n++)
			buf[n] = w->s[n];
	buf[n] = '\0';
	hw_console_line_start();
	printk(WIRE_PREFIX "error %s%s%s%s\n", what, w ? " '" : "", buf,
	       w ? "'" : "");
	hw_exit(WIRE_EXIT_USAGE);
}

/* Next space-separated word of *p into *w; false at the end. */
static bool next_word(const char **p, struct word *w)
{
	const char *s = *p;

	while (*s == ' ' || *s == '\t')
		s++;
	if (!*s)
		return false;
	w->s = s;
	while (*s && *s != ' ' && *s != '\t')
		s++;
	w->len = (u32)(s - w->s);
	*p = s;
	return true;
}

/* If w is "key=value", point v at the value and return true. */
static bool word_value(const struct word *w, const char *key, struct word *v)
{
	u32 n = strlen(key);

	if (w->len < n || memcmp(w->s, key, n))
		return false;
	v->s = w->s + n;
	v->len = w->len - n;
	return true;
}

/* smp=2: start the AP at boot; smptest=1: run the SMP self-test. */
static bool smp_wanted, smp_selftest;
static bool ring_wanted; /* out=ram: the console ring (core/wire.h) */
/* prof=1: the time counters of core/wire.h's prof line at the end;
 * prof=2: the same, the programs' own text dropped (ci/emu-profile). */
static u32 prof;
static u64 prof_run; /* TSC ticks inside the programs */

static void parse_word(const struct word *w, struct vmf_config *cfg)
{
	struct word v, bad;

	if (word_value(w, "smp=", &v)) {
		if (v.len != 1 || (v.s[0] != '1' && v.s[0] != '2'))
			fatal("bad smp= value (1 or 2)", &v);
		smp_wanted = v.s[0] == '2';
	} else if (w->len == sizeof(WIRE_RING_WORD) - 1 &&
		   !memcmp(w->s, WIRE_RING_WORD, w->len)) {
		ring_wanted = true;
	} else if (word_value(w, "prof=", &v)) {
		if (v.len != 1 || v.s[0] < '0' || v.s[0] > '2')
			fatal("bad prof= value (0, 1 or 2)", &v);
		prof = (u32)(v.s[0] - '0');
		hw_console_prof = prof != 0;
	} else if (word_value(w, "smptest=", &v)) {
		smp_selftest = v.len == 1 && v.s[0] == '1';
	} else if (word_value(w, "bugs=", &v)) {
		if (bugs_parse(v.s, v.len, &cfg->bugs, &bad.s, &bad.len))
			fatal("unknown bug knob", &bad);
	} else if (word_value(w, "vmalloc=", &v)) {
		if (vmf_parse_vmalloc(v.s, v.len, &cfg->vmalloc_reserve))
			fatal("bad vmalloc= size", &v);
	} else if (word_value(w, "stress=", &v)) { /* free-running, a seed */
		cfg->stress = 0;
		for (; v.len && *v.s >= '0' && *v.s <= '9'; v.s++, v.len--)
			cfg->stress = cfg->stress * 10 + (u32)(*v.s - '0');
		if (v.len || !cfg->stress)
			fatal("bad stress= value (a seed > 0)", w);
	} else if (word_value(w, "trace=", &v)) {
		if (v.len != 1 || (v.s[0] != '0' && v.s[0] != '1'))
			fatal("bad trace= value (0 or 1)", &v);
		cfg->trace = v.s[0] == '1';
	}
	/* Anything else (the kernel path first of all) is not ours. */
}

static void parse_cmdline(const char *cmdline, struct vmf_config *cfg)
{
	struct word w;

	while (next_word(&cmdline, &w))
		parse_word(&w, cfg);
}

static bool is_bundle(const struct multiboot_mod *mod)
{
	const char *p = (const char *)mod->string;
	struct word w;

	if (!p || !next_word(&p, &w)) /* the module's path */
		return false;
	while (next_word(&p, &w))
		if (w.len == sizeof(WIRE_BUNDLE_WORD) - 1 &&
		    !memcmp(w.s, WIRE_BUNDLE_WORD, w.len))
			return true;
	return false;
}

/*
 * Walk a module: call run(i, data, len, cfg) for each program in it, or
 * only validate when run is NULL. Returns the next program index.
 */
static u32 walk_module(const struct multiboot_mod *mod, u32 index,
		       void (*run)(u32, const u8 *, u32,
				   const struct vmf_config *),
		       const struct vmf_config *cfg)
{
	const u8 *p = (const u8 *)mod->mod_start;
	u32 size = mod->mod_end - mod->mod_start, count, len, off, i;

	if (!is_bundle(mod)) {
		if (run)
			run(index, p, size, cfg);
		return index + 1;
	}
	if (size < WIRE_BUNDLE_HEADER || memcmp(p, WIRE_BUNDLE_MAGIC, 4))
		fatal("bundle module without the VMFB header", NULL);
	count = wire_get_le32(p + 4);
	for (i = 0, off = WIRE_BUNDLE_HEADER; i < count; i++, off += len) {
		if (size - off < 4)
			fatal("bundle module truncated", NULL);
		len = wire_get_le32(p + off);
		off += 4;
		if (len > size - off)
			fatal("bundle program runs past the module", NULL);
		if (run)
			run(index + i, p + off, len, cfg);
	}
	return index + count;
}

static void check_modules(const struct multiboot_mod *mods, u32 n)
{
	u32 i;

	for (i = 0; i < n; i++) {
		if (mods[i].mod_end < mods[i].mod_start)
			fatal("module with a negative size", NULL);
		if (mods[i].mod_end > POOL_PHYS_START)
			fatal("module above 32 MB (overlaps the page pool)",
			      NULL);
		walk_module(&mods[i], 0, NULL, NULL);
	}
}

/*
 * Every program starts from the same guest state: vmf_run() re-initialises
 * the pool, kmalloc and vmlist, and paging_init() takes the same pool frame
 * for a zeroed page directory and loads CR3, which flushes the whole TLB
 * (no PTE is global). What the guest cannot reset is QEMU's own TLB size,
 * which QEMU adapts to past use: with a knob that leaves stale entries, the
 * host runs each program in a boot of its own (harness/qemu.c).
 */
static void run_program(u32 index, const u8 *data, u32 len,
			const struct vmf_config *cfg)
{
	struct vmf_result res;
	u64 t0;

	printk(WIRE_PREFIX "begin %u\n", index);
	t0 = prof ? hw_rdtsc() : 0;
	hw_console_mute = prof == 2;
	vmf_run(data, len, cfg, &res);
	hw_console_mute = false;
	hw_paging_restore();
	if (prof)
		prof_run += hw_rdtsc() - t0;
	hw_console_line_start();
	printk(WIRE_PREFIX "end %u %s %016llx %u %s\n", index,
	       res.outcome == VMF_BUG ? "BUG" : "ok",
	       (unsigned long long)res.digest, res.nops, res.title);
}

void kmain(u32 magic, u32 mbi_phys)
{
	const struct multiboot_info *mbi = (const void *)mbi_phys;
	const struct multiboot_mod *mods = NULL;
	struct vmf_config cfg = { .marks = true };
	u32 i, n = 0, index = 0;
	u64 prof_t0 = hw_rdtsc();

	hw_console_init();
	hw_paging_init();
	if (magic != MULTIBOOT_BOOTLOADER_MAGIC)
		fatal("not started by a multiboot loader", NULL);
	if ((mbi->flags & MBI_CMDLINE) && mbi->cmdline)
		parse_cmdline((const char *)mbi->cmdline, &cfg);
	if (mbi->flags & MBI_MODS) {
		mods = (const void *)mbi->mods_addr;
		n = mbi->mods_count;
	}
	if (ring_wanted)
		hw_console_use_ring();
	check_modules(mods, n);
	if (smp_wanted && hw_smp_boot_ap(hw_boot_pgd_phys()))
		fatal("smp=2 but the second CPU did not come up", NULL);
	if (smp_selftest)
		hw_smp_selftest();
	for (i = 0; i < n; i++)
		index = walk_module(&mods[i], index, run_program, &cfg);
	if (prof)
		printk(WIRE_PREFIX "prof total=%llu run=%llu console=%llu "
				   "bytes=%llu\n",
		       (unsigned long long)(hw_rdtsc() - prof_t0),
		       (unsigned long long)prof_run,
		       (unsigned long long)hw_console_ticks,
		       (unsigned long long)hw_console_bytes);
	printk(WIRE_PREFIX "done\n");
	hw_exit(WIRE_EXIT_DONE);
}
