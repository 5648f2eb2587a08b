// SPDX-License-Identifier: GPL-2.0
/*
 * The QEMU executor: boot the firmware with every program in one multiboot
 * bundle module, read the guest protocol from the serial port (a pipe), and
 * boot again after the program that hung or reset the guest.
 *
 * The timeout is per step: a boot hangs when TIMEOUT_MS (or
 * $VMFUZZ_QEMU_TIMEOUT seconds) pass without a program beginning or ending
 * or an operation starting, so neither a long bundle nor a long program
 * times out as a whole. Process handling (process
 * group, kill on timeout and on signals, scratch files): spawn.c.
 */
#define _GNU_SOURCE /* sigabbrev_np */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
#include "exec.h"
#include "guestproto.h"
#include "spawn.h"
#include "bugs.h"

#define QEMU_BIN "qemu-system-i386"
#define QBOOT_ROM "/usr/share/qemu/qboot.rom"
#define TIMEOUT_MS 10000u      /* per step; VMFUZZ_QEMU_TIMEOUT (s) */
#define BUNDLE_MAX (16u << 20) /* modules must stay below 32 MB */
#define BUNDLE_MAGIC "VMFB"

/* seccomp: no exec, no setuid, no old syscalls, no scheduler changes. A
 * QEMU built without it refuses -sandbox: then (once) we boot without. */
#define SANDBOX                                                                \
	"on,obsolete=deny,elevateprivileges=deny,spawn=deny,"                  \
	"resourcecontrol=deny"

static bool no_sandbox;

/* One QEMU boot: inputs and what became of it. */
struct boot {
	const char *qemu;
	const char *firmware;
	const char *bundle_path;
	const char *err_path;
	char append[256];
	char initrd[2 * 4096 + 16];
	unsigned timeout_ms;
	bool isolate; /* one program per boot (see chunk_end) */
	struct child child;
	struct guest_proto gp;
};

static bool put_le32(FILE *f, unsigned v)
{
	unsigned char b[4] = { v, v >> 8, v >> 16, v >> 24 };

	return fwrite(b, 1, 4, f) == 4;
}

/* Programs [start, end) as one "VMFB" bundle at bundle_path. */
static int write_bundle(const char *path, const struct prog_input *progs,
			unsigned start, unsigned end)
{
	FILE *f = fopen(path, "wb");
	bool ok;
	unsigned i;

	if (!f)
		return -1;
	ok = fwrite(BUNDLE_MAGIC, 1, 4, f) == 4 && put_le32(f, end - start);
	for (i = start; ok && i < end; i++)
		ok = put_le32(f, progs[i].len) &&
		     fwrite(progs[i].data, 1, progs[i].len, f) == progs[i].len;
	return (fclose(f) == 0 && ok) ? 0 : -1;
}

/*
 * The last program of a boot starting at `start`: bundles stay small, and
 * with any knob on every program gets a boot of its own. A knob can leave
 * stale TLB entries (no-flush), and whether QEMU still holds one depends on
 * the size of QEMU's own TLB, which it grows and shrinks from the use it saw
 * (cputlb.c, tlb_mmu_resize_locked): state the guest cannot reset, so a
 * verdict would depend on the programs booted before it. Without knobs the
 * core flushes every PTE it clears, and TLB contents are unobservable.
 */
static unsigned chunk_end(const struct prog_input *progs, unsigned start,
			  unsigned n, bool isolate)
{
	unsigned long long size = 8;
	unsigned i;

	if (isolate)
		return start + 1;
	for (i = start; i < n; i++) {
		size += 4 + progs[i].len;
		if (size > BUNDLE_MAX && i > start)
			break;
	}
	return i;
}

static void make_append(const struct vmf_config *cfg, char *buf, size_t len)
{
	size_t at = 0;
	unsigned i;

	buf[0] = '\0';
	for (i = 0; i < NR_BUGS; i++)
		if (cfg->bugs & (1u << i))
			at += snprintf(buf + at, len - at, "%s%s",
				       at ? "," : "bugs=", bug_knobs[i].name);
	if (cfg->vmalloc_reserve)
		at += snprintf(buf + at, len - at, "%svmalloc=%u",
			       at ? " " : "", (unsigned)cfg->vmalloc_reserve);
	if (cfg->trace)
		snprintf(buf + at, len - at, "%strace=1", at ? " " : "");
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
	snprintf(buf + at, len - at, " bundle");
}

/* Progress, for the timeout: a program began or ended, or an operation
 * began (a VMF_MARK): the timeout is per operation, so a long program that
 * keeps moving never "hangs". */
static bool feed_guest(void *arg, const char *buf, size_t len)
{
	struct guest_proto *gp = arg;
	unsigned events = gp->events, marks = gp->marks;

	guest_proto_feed(gp, buf, len);
	return gp->events != events || gp->marks != marks;
}

/* Boot QEMU once on the bundle of results[0..n)'s programs. */
static void boot_qemu(struct boot *b, struct exec_result *results, unsigned n)
{
	const char *argv[40];
	int argc = 0;

#define ARG(...) (argv[argc++] = (__VA_ARGS__))
	ARG(b->qemu), ARG("-nodefaults"), ARG("-nographic"), ARG("-no-reboot");
	ARG("-no-user-config"); /* no config file from /etc or $HOME */
	if (!no_sandbox)
		ARG("-sandbox"), ARG(SANDBOX);
	ARG("-machine"), ARG("pc"), ARG("-m"), ARG("64");
	if (access(QBOOT_ROM, R_OK) == 0)
		ARG("-bios"), ARG(QBOOT_ROM);
	ARG("-device"), ARG("isa-debug-exit,iobase=0xf4,iosize=0x04");
	ARG("-serial"), ARG("stdio"), ARG("-net"), ARG("none");
	ARG("-kernel"), ARG(b->firmware), ARG("-append"), ARG(b->append);
	ARG("-initrd"), ARG(b->initrd), ARG(NULL);
#undef ARG

	guest_proto_init(&b->gp, results, n);
	if (!child_start(&b->child, (char *const *)argv, b->err_path))
		child_run(&b->child, b->timeout_ms, feed_guest, &b->gp);
	guest_proto_finish(&b->gp);
}

/* The one-line reason qemu_exec() returns: the first problem, counted. */
struct why {
	char *buf;
	unsigned len;
	unsigned problems;
};

static void set_why(struct why *w, const char *fmt, ...) __printf(2, 3);

static void set_why(struct why *w, const char *fmt, ...)
{
	va_list ap;

	if (w->problems++ || !w->len)
		return;
	va_start(ap, fmt);
	vsnprintf(w->buf, w->len, fmt, ap);
	va_end(ap);
}

/* First line of QEMU's stderr, or "". */
static void qemu_stderr(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "r");

	buf[0] = '\0';
	if (f && fgets(buf, (int)len, f))
		buf[strcspn(buf, "\n")] = '\0';
	if (f)
		fclose(f);
}

/* "exit status N" or "killed by signal N (SIGNAME)", for messages. */
static const char *exit_desc(const struct boot *b, char *buf, size_t n)
{
	int st = b->child.status;

	if (WIFSIGNALED(st))
		snprintf(buf, n, "killed by signal %d (SIG%s)", WTERMSIG(st),
			 sigabbrev_np(WTERMSIG(st)) ? sigabbrev_np(WTERMSIG(st))
						    : "?");
	else
		snprintf(buf, n, "exit status %d", WEXITSTATUS(st));
	return buf;
}

/* Program `i` began and never ended: it hung or reset the guest. */
static void explain_stuck(const struct boot *b, const struct prog_input *p,
			  unsigned i, struct exec_result *r, struct why *w)
{
	char op[48], desc[64];

	if (r->nops)
		snprintf(op, sizeof(op), "in op %u", r->nops - 1);
	else
		snprintf(op, sizeof(op), "before its first op");
	r->outcome = b->child.timed_out ? EXEC_HANG : EXEC_RESET;
	if (b->child.timed_out)
		set_why(w,
			"qemu: program %u (%s) hung %s (timeout: no "
			"progress for %g s)",
			i, p->name, op, b->timeout_ms / 1000.0);
	else if (b->gp.fault[0])
		set_why(w, "qemu: program %u (%s) faulted %s: %s", i, p->name,
			op, b->gp.fault);
	else
		set_why(w,
			"qemu: program %u (%s) reset the guest %s (triple "
			"fault or shutdown; qemu %s)",
			i, p->name, op, exit_desc(b, desc, sizeof(desc)));
}

/* A boot that ran no program at all. */
static void explain_failed(const struct boot *b, struct why *w)
{
	char err[160], desc[64];
	const char *sep;

	qemu_stderr(b->err_path, err, sizeof(err));
	sep = err[0] ? ": " : "";
	if (b->child.start_errno)
		set_why(w, "qemu: cannot run %s: %s", b->qemu,
			strerror(b->child.start_errno));
	else if (b->gp.error[0])
		set_why(w, "qemu: firmware rejected its input: %s",
			b->gp.error);
	else if (b->gp.fault[0])
		set_why(w, "qemu: firmware faulted: %s", b->gp.fault);
	else if (b->child.timed_out)
		set_why(w,
			"qemu: timeout: the firmware started no program "
			"in %g s%s%s",
			b->timeout_ms / 1000.0, sep, err);
	else
		set_why(w, "qemu: %s ended (%s) before any program%s%s",
			b->qemu, exit_desc(b, desc, sizeof(desc)), sep, err);
}

/* The per-program timeout: $VMFUZZ_QEMU_TIMEOUT seconds (fractions too),
 * else TIMEOUT_MS. */
static unsigned prog_timeout_ms(void)
{
	const char *env = getenv("VMFUZZ_QEMU_TIMEOUT");
	char *end;
	double sec;

	if (env && *env) {
		sec = strtod(env, &end);
		if (!*end && sec > 0 && sec < 86400)
			return sec * 1000 < 1 ? 1 : (unsigned)(sec * 1000);
	}
	return TIMEOUT_MS;
}

/* Did QEMU refuse -sandbox (built without seccomp)? Then boot without. */
static bool sandbox_refused(const struct boot *b)
{
	char err[160];

	if (no_sandbox || b->child.start_errno || b->child.timed_out)
		return false;
	qemu_stderr(b->err_path, err, sizeof(err));
	if (!strstr(err, "sandbox") && !strstr(err, "seccomp"))
		return false;
	fprintf(stderr,
		"vmfuzz: qemu: no -sandbox here (%s); booting "
		"without it\n",
		err);
	no_sandbox = true;
	return true;
}

/* Boot until every program ran, or no progress is possible. */
static void run_all(struct boot *b, const struct prog_input *progs, unsigned n,
		    struct exec_result *results, struct why *w)
{
	unsigned start = 0, end, next;

	while (start < n) {
		end = chunk_end(progs, start, n, b->isolate);
		if (write_bundle(b->bundle_path, progs, start, end)) {
			set_why(w, "qemu: cannot write %s: %s", b->bundle_path,
				strerror(errno));
			return;
		}
		boot_qemu(b, results + start, end - start);
		for (next = start; next < end; next++)
			if (results[next].outcome == EXEC_NOTRUN)
				break;
		if (next == start && b->gp.cur < 0 && sandbox_refused(b))
			continue;
		if (b->gp.cur >= 0) {
			next = start + (unsigned)b->gp.cur;
			explain_stuck(b, &progs[next], next, &results[next], w);
			next++;
		} else if (next == start) {
			explain_failed(b, w);
			return;
		}
		start = next;
	}
}

/* Check the firmware and the emulator; 0, or -1 with *why set. */
static int preflight(const struct boot *b, char *why, unsigned whylen)
{
	if (!b->firmware || !*b->firmware || access(b->firmware, R_OK)) {
		snprintf(why, whylen,
			 "qemu: firmware '%s': %s (build it with "
			 "--cross-file ci/i386-elf.ini)",
			 b->firmware ? b->firmware : "", strerror(ENOENT));
		return -1;
	}
	if (!find_program(b->qemu)) {
		snprintf(why, whylen,
			 "%s not found: apt-get install "
			 "qemu-system-x86",
			 b->qemu);
		return -1;
	}
	return 0;
}

int qemu_exec(const char *firmware, const struct prog_input *progs, unsigned n,
	      const struct vmf_config *cfg, struct exec_result *results,
	      char *why, unsigned whylen)
{
	struct why w = { why, whylen, 0 };
	struct boot b;
	size_t len;

	guest_proto_reset(results, n);
	if (whylen)
		why[0] = '\0';
	memset(&b, 0, sizeof(b));
	b.firmware = firmware;
	b.qemu = getenv("VMFUZZ_QEMU");
	if (!b.qemu || !*b.qemu)
		b.qemu = QEMU_BIN;
	if (preflight(&b, why, whylen))
		return 4;
	if (!n)
		return 0;
	if (scratch_begin()) {
		snprintf(why, whylen,
			 "qemu: cannot create a scratch "
			 "directory: %s",
			 strerror(errno));
		return 4;
	}
	b.bundle_path = scratch_file("bundle.vmfb");
	b.err_path = scratch_file("qemu.err");
	b.timeout_ms = prog_timeout_ms();
	b.isolate = cfg->bugs != 0;
	make_append(cfg, b.append, sizeof(b.append));
	make_initrd(b.bundle_path, b.initrd, sizeof(b.initrd));
	run_all(&b, progs, n, results, &w);
	scratch_end();
	len = whylen ? strlen(why) : 0;
	if (w.problems > 1 && len + 16 < whylen)
		snprintf(why + len, whylen - len, " (+%u more)",
			 w.problems - 1);
	return w.problems ? 4 : 0;
}
