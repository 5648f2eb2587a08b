// SPDX-License-Identifier: GPL-2.0
/*
 * The Bochs executor: the same firmware ELF as QEMU's, flattened into a
 * binary that `optramimage1` puts at its load address; a boot block
 * (multiboot information: command line, one module) by `optramimage2`; the
 * program bundle by `optramimage3`. Our boot floppy (boot/bochs_boot.asm)
 * adds the memory size, enters protected mode and jumps to the multiboot
 * entry. The guest writes the protocol to port 0xE9, which Bochs copies to
 * its stdout: here a FIFO in the scratch directory. The boot loop: emurun.c.
 *
 * Debian's Bochs has no headless display and is built with the debugger:
 * it runs with `display_library: term` under a pseudo-terminal (`script`),
 * its debugger told to continue (`-rc`). It exits 1 after the shutdown port
 * and after a triple fault alike (reset_on_triple_fault=0 makes that a
 * panic), so the guest's output says which.
 *
 * Isolation: the config is ours (-f, HOME the scratch directory), the
 * floppy write-protected, no hard disk, no network card, no serial or
 * parallel port files.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "emu.h"
#include "emurun.h"
#include "flatelf.h"
#include "memlayout.h"
#include "paths.h"
#include "wire.h"

#define BOCHS_BIN "bochs-bin"
#define BOCHS_PACKAGES "bochs bochsbios vgabios bochs-term"
#define BOCHS_BIOS "/usr/share/bochs/BIOS-bochs-latest"
#define BOCHS_VGABIOS "/usr/share/vgabios/vgabios.bin"
#define TIMEOUT_MS 15000u   /* per step; VMFUZZ_BOCHS_TIMEOUT (s) */
#define BOCHS_IPS 50000000u /* cpu: ips= (README: where the time goes) */
/* With two CPUs a halted CPU no longer fast-forwards: the BIOS's timed
 * waits then cost their full instruction count, fewer at a lower ips. */
#define BOCHS_IPS_SMP 1000000u
/* Free-running (--stress): the CPUs switch every few instructions, and
 * each boot's clock starts from its first run's number. */
#define BOCHS_QUANTUM_STRESS 2u
#define BOCHS_TIME0 946684800u

/* The boot block (boot/bochs_boot.asm): "VMBP", the entry point, then a
 * multiboot information block, its module and strings; the bundle on the
 * next page. Below them (from 1 MB) the firmware, above them the pool. */
#define BOOT_BLOCK_ADDR 0x00800000u
#define BOOT_BLOCK_MAGIC "VMBP"
#define BB_MBI 8u
#define BB_MOD (BB_MBI + 88u) /* a whole multiboot_info, zeroed */
#define BB_STRINGS (BB_MOD + 16u)
#define BUNDLE_ADDR (BOOT_BLOCK_ADDR + 0x1000u)
#define BOCHS_BLOCK (128u << 10) /* Bochs's memory block (see bochs_ops) */
#define FW_MIN_ADDR 0x00100000u
#define MBI_CMDLINE 0x004u
#define MBI_MODS 0x008u

/* Bochs's debugger also writes to its stdout: lines "(0) [0x...]",
 * "(0).[ticks] ...", with two CPUs the same with "(1)", and "Next at t=0". They are dropped before the guest
 * protocol parser sees them (no firmware line starts that way). */
struct guest_filter {
	bool mid;	 /* inside a line (not at its start) */
	bool drop;	 /* inside a debugger line */
	char buf[16];	 /* the start of a line that a prefix may match */
	unsigned held;	 /* its bytes held back */
};

struct bochs {
	const char *boot_img; /* the floppy with our boot sector */
	const char *fw_path, *block_path, *rc_path, *dbg_path;
	const char *fifo_path, *log_path, *tty_path;
	char dir[4096];	      /* the scratch directory */
	struct flat_image fw; /* where the flat firmware goes, its entry */
	struct guest_filter filter;
};

static void le32(unsigned char *p, unsigned v)
{
	p[0] = v, p[1] = v >> 8, p[2] = v >> 16, p[3] = v >> 24;
}

/* The boot block for a bundle of `size` bytes; 0, or -1 (errno). */
static int write_boot_block(const struct emu *e, const struct bochs *bx,
			    unsigned size)
{
	unsigned char b[BB_STRINGS + 512];
	unsigned cmd = BB_STRINGS, mod;
	int n;

	memset(b, 0, sizeof(b));
	memcpy(b, BOOT_BLOCK_MAGIC, 4);
	le32(b + 4, bx->fw.entry);
	n = snprintf((char *)b + cmd, 448, "vmfuzz.elf %s", e->cmdline);
	if (n < 0 || n >= 448) { /* the command line and 32 bytes after it */
		errno = E2BIG;
		return -1;
	}
	mod = cmd + (unsigned)n + 1;
	snprintf((char *)b + mod, 32, "bundle.vmfb " WIRE_BUNDLE_WORD);
	le32(b + BB_MBI + 0, MBI_CMDLINE | MBI_MODS);
	le32(b + BB_MBI + 16, BOOT_BLOCK_ADDR + cmd);
	le32(b + BB_MBI + 20, 1);
	le32(b + BB_MBI + 24, BOOT_BLOCK_ADDR + BB_MOD);
	le32(b + BB_MOD + 0, BUNDLE_ADDR);
	le32(b + BB_MOD + 4, BUNDLE_ADDR + size);
	le32(b + BB_MOD + 8, BOOT_BLOCK_ADDR + mod);
	return put_file(bx->block_path, b, mod + 32);
}

/* The bochsrc: everything ours, nothing the guest could write to. */
static int write_bochsrc(const struct bochs *bx, const struct emu *e)
{
	FILE *f = fopen(bx->rc_path, "w");
	bool stress = emu_cpus() == 2 && e->cfg->stress;
	int bad;

	if (!f)
		return -1;
	fprintf(f,
		"# vmfuzz: one run's Bochs (harness/bochs.c)\n"
		"config_interface: textconfig\n"
		"display_library: term\n"
		"memory: guest=%u, host=%u\n"
		"romimage: file=\"%s\"\n"
		"vgaromimage: file=\"%s\"\n"
		"boot: floppy\n"
		"floppya: type=1_44, 1_44=\"%s\", status=inserted, "
		"write_protected=1\n"
		"ata0: enabled=0\nata1: enabled=0\n"
		"optramimage1: file=fw.bin, address=0x%x\n"
		"optramimage2: file=boot.blk, address=0x%x\n"
		"optramimage3: file=bundle.vmfb, address=0x%x\n"
		"cpu: count=%u, quantum=%u, ips=%u, "
		"reset_on_triple_fault=0\n"
		"clock: sync=none, time0=%u\n"
		"port_e9_hack: enabled=1\n"
		"com1: enabled=0\nparport1: enabled=0\n"
		"speaker: enabled=0\nmouse: enabled=0\n"
		"log: bochs.log\n"
		"panic: action=fatal\nerror: action=report\n"
		"info: action=ignore\ndebug: action=ignore\n",
		RAM_SIZE >> 20, RAM_SIZE >> 20, BOCHS_BIOS, BOCHS_VGABIOS,
		bx->boot_img, bx->fw.addr, BOOT_BLOCK_ADDR, BUNDLE_ADDR,
		emu_cpus(), stress ? BOCHS_QUANTUM_STRESS : 16,
		emu_cpus() == 2 ? BOCHS_IPS_SMP : BOCHS_IPS,
		BOCHS_TIME0 + (stress ? e->first : 0));
	bad = ferror(f);
	return (fclose(f) || bad) ? -1 : 0;
}

static int bochs_prepare(struct emu *e)
{
	struct bochs *bx = e->priv;
	char *slash;

	e->bundle_path = scratch_file("bundle.vmfb");
	bx->fw_path = scratch_file("fw.bin");
	bx->block_path = scratch_file("boot.blk");
	bx->rc_path = scratch_file("bochsrc");
	bx->dbg_path = scratch_file("debug.rc");
	bx->fifo_path = scratch_file("guest.fifo");
	bx->log_path = scratch_file("bochs.log");
	bx->tty_path = scratch_file("bochs.tty");
	if (!bx->tty_path) {
		errno = ENOMEM;
		return -1;
	}
	snprintf(bx->dir, sizeof(bx->dir), "%s", e->bundle_path);
	if ((slash = strrchr(bx->dir, '/')))
		*slash = '\0';
	if (flatten_elf(e->firmware, bx->fw_path, FW_MIN_ADDR, BOOT_BLOCK_ADDR,
			&bx->fw) ||
	    put_file(bx->dbg_path, "c\nquit\n", 7) ||
	    mkfifo(bx->fifo_path, 0600))
		return -1;
	return 0;
}

/* A debugger prefix that starts with the n bytes of s, or NULL. */
static const char *debugger_prefix(const char *s, unsigned n)
{
	static const char *const prefixes[] = { "(0)", "(1)", "Next at t=" };
	unsigned i;

	for (i = 0; i < 3; i++)
		if (!strncmp(prefixes[i], s, n))
			return prefixes[i];
	return NULL;
}

/* Pass one byte of Bochs's stdout through the filter into out[*n]. */
static void filter_byte(struct guest_filter *f, char c, char *out, size_t *n)
{
	const char *p;

	if (f->drop) {
		f->drop = c != '\n';
		return;
	}
	if (!f->mid) {
		f->buf[f->held] = c;
		p = debugger_prefix(f->buf, f->held + 1);
		if (p) {
			if (!p[++f->held])
				f->drop = true, f->held = 0;
			return;
		}
	}
	memcpy(out + *n, f->buf, f->held);
	*n += f->held;
	f->held = 0;
	f->mid = c != '\n';
	out[(*n)++] = c;
}

/* child_run() feed: Bochs's stdout minus its debugger's lines. */
static bool bochs_feed(void *arg, const char *buf, size_t len)
{
	struct emu *e = arg;
	struct bochs *bx = e->priv;
	char out[1024 + 16];
	bool progress = false;
	size_t i, n = 0;

	for (i = 0; i < len; i++) {
		filter_byte(&bx->filter, buf[i], out, &n);
		if (n >= 1024 || i + 1 == len) {
			progress |= emu_feed(&e->gp, out, n);
			n = 0;
		}
	}
	return progress;
}

/* Boot Bochs once: sh enters the scratch directory, script gives Bochs
 * its terminal, Bochs's stdout (port 0xE9) goes into the FIFO we read. */
static void boot_bochs(struct emu *e, struct exec_result *results, unsigned n)
{
	struct bochs *bx = e->priv;
	const char *argv[] = {
		"/bin/sh", "-c",
		"cd \"$VMFUZZ_BX_DIR\" && exec script -qec "
		"'exec \"$VMFUZZ_BX\" -q -f bochsrc -rc debug.rc >guest.fifo' "
		"/dev/null",
		NULL
	};
	const struct child_env env[] = {
		{ "VMFUZZ_BX", e->program },
		{ "VMFUZZ_BX_DIR", bx->dir },
		{ "HOME", bx->dir },
		{ "SHELL", "/bin/sh" },
		{ "TERM", "vt100" },
		{ "BXSHARE", NULL },
		{ "LTDL_LIBRARY_PATH", NULL },
		/* meson test sets it, and Bochs 2.7 then aborts at start */
		{ "MALLOC_PERTURB_", NULL },
		{ NULL, NULL },
	};
	struct child_opts o = { .err_path = bx->tty_path,
				.log = true,
				.env = env };
	struct stat st;
	int fd;

	(void)results, (void)n;
	if (write_bochsrc(bx, e) || /* per boot: its CPU count */
	    stat(e->bundle_path, &st) ||
	    write_boot_block(e, bx, (unsigned)st.st_size)) {
		e->child.start_errno = errno ? errno : EIO;
		return;
	}
	fd = open(bx->fifo_path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		e->child.start_errno = errno;
		return;
	}
	if (child_start_env(&e->child, (char *const *)argv, &o)) {
		close(fd);
		return;
	}
	e->child.out_fd = fd;
	memset(&bx->filter, 0, sizeof(bx->filter));
	child_run(&e->child, e->timeout_ms, bochs_feed, e);
}

/* The first panic or error line of bochs.log, without its prefix. */
static void bochs_detail(const struct emu *e, char *buf, unsigned len)
{
	const struct bochs *bx = e->priv;
	FILE *f = fopen(bx->log_path, "r");
	char line[512], *p;

	buf[0] = '\0';
	while (f && fgets(line, sizeof(line), f)) {
		if (!(p = strstr(line, ">>PANIC<< ")))
			continue;
		p[strcspn(p, "\n")] = '\0';
		snprintf(buf, len, "%s", p + 10);
		break;
	}
	if (f)
		fclose(f);
}

/* Check the firmware, the boot floppy and the emulator; 0, or -1 with
 * *why set. */
static int bochs_preflight(struct emu *e, char *why, unsigned whylen)
{
	const struct bochs *bx = e->priv;

	if (!e->firmware || !*e->firmware || access(e->firmware, R_OK) ||
	    !*bx->boot_img || access(bx->boot_img, R_OK)) {
		snprintf(why, whylen,
			 "bochs: firmware '%s' or boot floppy '%s': %s (build "
			 "them with --cross-file ci/i386-elf.ini)",
			 e->firmware ? e->firmware : "", bx->boot_img,
			 strerror(ENOENT));
		return -1;
	}
	if (strpbrk(bx->boot_img, "\"\n")) {
		snprintf(why, whylen,
			 "bochs: boot floppy path '%s' has a quote",
			 bx->boot_img);
		return -1;
	}
	if (!find_program(e->program) || access(BOCHS_BIOS, R_OK) ||
	    access(BOCHS_VGABIOS, R_OK)) {
		snprintf(why, whylen,
			 "bochs: %s not found: apt-get install " BOCHS_PACKAGES,
			 find_program(e->program) ? BOCHS_BIOS : e->program);
		return -1;
	}
	if (!find_program("script")) {
		snprintf(why, whylen,
			 "bochs: script not found: apt-get install bsdutils");
		return -1;
	}
	return 0;
}

static const struct emu_ops bochs_ops = {
	.name = "bochs",
	.preflight = bochs_preflight,
	.prepare = bochs_prepare,
	.boot = boot_bochs,
	.detail = bochs_detail,
	/* Bochs 2.7 loads an optramimage file only up to the end of the
	 * 128 KB memory block its address falls in: from BUNDLE_ADDR
	 * (0x401000), 124 KB. Past it programs read as zeros (measured: a
	 * 3019-program batch went wrong from the program at bundle offset
	 * 0x1f000, 0x420000 in RAM, with a 128 KB limit). Bigger batches take
	 * more boots. */
	.bundle_max = BOCHS_BLOCK - (BUNDLE_ADDR & (BOCHS_BLOCK - 1)),
};

int bochs_exec(const char *firmware, const struct prog_input *progs, unsigned n,
	       const struct vmf_config *cfg, struct exec_result *results,
	       char *why, unsigned whylen)
{
	struct bochs bx;
	struct emu e;

	memset(&bx, 0, sizeof(bx));
	memset(&e, 0, sizeof(e));
	bx.boot_img = paths_part(PART_BOCHS_BOOT, NULL); /* env, installed */
	e.ops = &bochs_ops;
	e.priv = &bx;
	e.firmware = firmware;
	e.cfg = cfg;
	e.program = getenv("VMFUZZ_BOCHS");
	if (!e.program || !*e.program)
		e.program = BOCHS_BIN;
	e.timeout_ms = emu_timeout_ms("VMFUZZ_BOCHS_TIMEOUT", TIMEOUT_MS);
	return emu_exec(&e, progs, n, results, why, whylen);
}
