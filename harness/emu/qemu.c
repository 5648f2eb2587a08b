// SPDX-License-Identifier: GPL-2.0
/*
 * The QEMU executor: boot the firmware with every program in one multiboot
 * bundle module, read the guest protocol from the serial port (a pipe).
 * The boot loop, the bundle and the timeout: emurun.c.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "emu.h"
#include "emurun.h"
#include "guestproto.h"
#include "memlayout.h"
#include "wire.h"

#define QEMU_BIN "qemu-system-i386"
#define QBOOT_ROM "/usr/share/qemu/qboot.rom"
#define TIMEOUT_MS 10000u /* per step; VMFUZZ_QEMU_TIMEOUT (s) */

/* seccomp: no exec, no setuid, no old syscalls, no scheduler changes. A
 * QEMU built without it refuses -sandbox: then (once) we boot without. */
#define SANDBOX                                                                \
	"on,obsolete=deny,elevateprivileges=deny,spawn=deny,"                  \
	"resourcecontrol=deny"

static bool no_sandbox;
static bool no_ring; /* QEMU refused the RAM backend: the serial console */

/* QEMU's own files: its -append and -initrd arguments, its stderr. */
struct qemu {
	const char *err_path;
	char append[300];
	char initrd[2 * 4096 + 16];
	struct child_ram ram; /* the guest's RAM: the console ring */
	char ram_obj[128];
};

/* child_run_polled(): the console ring (core/wire.h) in the guest's RAM. */
static bool qemu_drain(void *arg)
{
	struct emu *e = arg;
	struct qemu *q = e->priv;

	return guest_ring_drain(q->ram.base, q->ram.size, emu_feed, &e->gp);
}

/* "PATH bundle" with the commas of PATH doubled (QEMU's -initrd list). */
static void make_initrd(const char *path, char *buf, size_t len)
{
	const char *s;
	size_t at = 0;

	for (s = path; *s && at + 2 < len; s++) {
		if (*s == ',')
			buf[at++] = ',';
		buf[at++] = *s;
	}
	snprintf(buf + at, len - at, " " WIRE_BUNDLE_WORD);
}

/* Boot QEMU once on the bundle. */
static void boot_qemu(struct emu *e, struct exec_result *results, unsigned n)
{
	struct qemu *q = e->priv;
	const char *argv[40];
	int argc = 0;
	/* the console ring in the guest's RAM (core/wire.h): a memfd */
	bool ring = !no_ring && !child_ram_open(&q->ram, RAM_SIZE);
	struct child_opts o = { .err_path = q->err_path,
				.ram = ring ? &q->ram : NULL };

	snprintf(q->append, sizeof(q->append), "%s%s%s",
		 e->cmdline, /* per boot */
		 ring && *e->cmdline ? " " : "", ring ? WIRE_RING_WORD : "");
	snprintf(q->ram_obj, sizeof(q->ram_obj),
		 "memory-backend-file,id=vmfuzz-ram,size=%u,share=on,"
		 "mem-path=/proc/self/fd/%d",
		 RAM_SIZE, q->ram.fd);
#define ARG(...) (argv[argc++] = (__VA_ARGS__))
	ARG(e->program), ARG("-nodefaults"), ARG("-nographic");
	ARG("-no-reboot");
	ARG("-no-user-config"); /* no config file from /etc or $HOME */
	if (!no_sandbox)
		ARG("-sandbox"), ARG(SANDBOX);
	ARG("-machine"), ARG("pc"), ARG("-m"), ARG("64");
	if (ring) /* RAM_SIZE, -m's */
		ARG("-object"), ARG(q->ram_obj), ARG("-machine"),
			ARG("memory-backend=vmfuzz-ram");
	/* Two CPUs, deterministic: one TCG thread, round-robin, switching
	 * at PAUSE, under icount (reference: smp-and-2.6.28.md). */
	if (emu_cpus() == 2 && !e->cfg->stress)
		ARG("-smp"), ARG("2"), ARG("-accel"), ARG("tcg,thread=single"),
			ARG("-icount"), ARG("shift=0,sleep=off");
	/* Free-running (--stress): two host threads, no icount (MTTCG). */
	if (emu_cpus() == 2 && e->cfg->stress)
		ARG("-smp"), ARG("2"), ARG("-accel"), ARG("tcg,thread=multi");
	if (access(QBOOT_ROM, R_OK) == 0)
		ARG("-bios"), ARG(QBOOT_ROM);
	ARG("-device"), /* at WIRE_DEBUG_EXIT_PORT */
		ARG("isa-debug-exit,iobase=0xf4,iosize=0x04");
	ARG("-serial"), ARG("stdio"), ARG("-net"), ARG("none");
	ARG("-kernel"), ARG(e->firmware), ARG("-append"), ARG(q->append);
	ARG("-initrd"), ARG(q->initrd), ARG(NULL);
#undef ARG

	(void)results, (void)n;
	if (!child_start_env(&e->child, (char *const *)argv, &o))
		child_run_polled(&e->child, e->timeout_ms, emu_feed, &e->gp,
				 ring ? qemu_drain : NULL, e);
	if (ring)
		child_ram_close(&q->ram);
}

static void qemu_detail(const struct emu *e, char *buf, unsigned len)
{
	const struct qemu *q = e->priv;

	emu_first_line(q->err_path, buf, len);
}

static int qemu_prepare(struct emu *e)
{
	struct qemu *q = e->priv;

	e->bundle_path = scratch_file("bundle.vmfb");
	q->err_path = scratch_file("qemu.err");
	make_initrd(e->bundle_path, q->initrd, sizeof(q->initrd));
	return 0;
}

/* Check the firmware and the emulator; 0, or -1 with *why set. */
static int qemu_preflight(struct emu *e, char *why, unsigned whylen)
{
	if (!e->firmware || !*e->firmware || access(e->firmware, R_OK)) {
		snprintf(why, whylen,
			 "qemu: firmware '%s': %s (build it with "
			 "--cross-file ci/i386-elf.ini)",
			 e->firmware ? e->firmware : "", strerror(ENOENT));
		return -1;
	}
	if (!find_program(e->program)) {
		snprintf(why, whylen,
			 "%s not found: apt-get install "
			 "qemu-system-x86",
			 e->program);
		return -1;
	}
	return 0;
}

/* Did QEMU refuse -sandbox (built without seccomp)? Then boot without. */
static bool qemu_retry(struct emu *e)
{
	char err[160];

	if (e->child.start_errno || e->child.timed_out)
		return false;
	qemu_detail(e, err, sizeof(err));
	if (!no_ring && strstr(err, "memory-backend")) {
		fprintf(stderr,
			"vmfuzz: qemu: %s; console on the serial port\n", err);
		no_ring = true;
		return true;
	}
	if (no_sandbox)
		return false;
	if (!strstr(err, "sandbox") && !strstr(err, "seccomp"))
		return false;
	fprintf(stderr,
		"vmfuzz: qemu: no -sandbox here (%s); booting "
		"without it\n",
		err);
	no_sandbox = true;
	return true;
}

static const struct emu_ops qemu_ops = {
	.name = "qemu",
	.preflight = qemu_preflight,
	.prepare = qemu_prepare,
	.boot = boot_qemu,
	.detail = qemu_detail,
	.retry = qemu_retry,
	.isolate_with_knobs = true,
};

int qemu_exec(const char *firmware, const struct prog_input *progs, unsigned n,
	      const struct vmf_config *cfg, struct exec_result *results,
	      char *why, unsigned whylen)
{
	struct qemu q;
	struct emu e;

	memset(&q, 0, sizeof(q));
	memset(&e, 0, sizeof(e));
	e.ops = &qemu_ops;
	e.priv = &q;
	e.firmware = firmware;
	e.cfg = cfg;
	e.program = getenv("VMFUZZ_QEMU");
	if (!e.program || !*e.program)
		e.program = QEMU_BIN;
	e.timeout_ms = emu_timeout_ms("VMFUZZ_QEMU_TIMEOUT", TIMEOUT_MS);
	return emu_exec(&e, progs, n, results, why, whylen);
}
