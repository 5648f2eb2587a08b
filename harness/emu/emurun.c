// SPDX-License-Identifier: GPL-2.0
/*
 * The boot loop shared by the emulator executors (emurun.h).
 *
 * The timeout is per step: a boot hangs when the timeout passes without a
 * program beginning or ending or an operation starting, so neither a long
 * bundle nor a long program times out as a whole. Process handling
 * (process group, kill on timeout and on signals, scratch files): spawn.c.
 */
#define _GNU_SOURCE /* sigabbrev_np */
#include "emurun.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "bugs.h"
#include "prog.h"
#include "wire.h"

static bool put_le32(FILE *f, unsigned v)
{
	u8 b[4];

	wire_put_le32(b, v);
	return fwrite(b, 1, 4, f) == 4;
}

/* Programs [start, end) as one bundle (core/wire.h) at path. */
static int write_bundle(const char *path, const struct prog_input *progs,
			unsigned start, unsigned end)
{
	FILE *f = fopen(path, "wb");
	bool ok;
	unsigned i;

	if (!f)
		return -1;
	ok = fwrite(WIRE_BUNDLE_MAGIC, 1, 4, f) == 4 &&
	     put_le32(f, end - start);
	for (i = start; ok && i < end; i++)
		ok = put_le32(f, progs[i].len) &&
		     fwrite(progs[i].data, 1, progs[i].len, f) == progs[i].len;
	return (fclose(f) == 0 && ok) ? 0 : -1;
}

/* Does the program need two CPUs (an op on CPU 1, or a schedule)? */
static bool needs_smp(const struct prog_input *in)
{
	static struct vmf_program p;

	prog_decode(in->data, in->len, &p);
	return prog_is_smp(&p);
}

/*
 * The last program of a boot starting at `start`: bundles stay small, and
 * with `isolate` every program gets a boot of its own. A knob can leave
 * stale TLB entries (no-flush), and whether QEMU still holds one depends on
 * the size of QEMU's own TLB, which it grows and shrinks from the use it saw
 * (cputlb.c, tlb_mmu_resize_locked): state the guest cannot reset, so a
 * verdict would depend on the programs booted before it. Without knobs the
 * core flushes every PTE it clears, and TLB contents are unobservable.
 * A boot also never mixes one-CPU and two-CPU programs: only programs that
 * need two CPUs boot two (a two-CPU Bochs is several times slower).
 */
static unsigned chunk_end(const struct prog_input *progs, unsigned start,
			  unsigned n, bool isolate, unsigned max)
{
	unsigned long long size = WIRE_BUNDLE_HEADER;
	unsigned i;

	bool smp = needs_smp(&progs[start]);

	if (isolate)
		return start + 1;
	for (i = start; i < n; i++) {
		size += 4 + progs[i].len;
		if ((size > max || needs_smp(&progs[i]) != smp) && i > start)
			break;
	}
	return i;
}

/* The firmware's command line words for cfg (boot/main.c parses them);
 * `first` is the boot's first program (free-running: the skew seed). */
static void make_cmdline(const struct vmf_config *cfg, unsigned first,
			 char *buf, size_t len)
{
	const char *extra = getenv("VMFUZZ_EMU_CMDLINE");
	size_t at = 0;

	if (extra && strpbrk(extra, "\"\n"))
		extra = NULL;

	buf[0] = '\0';
	if (cfg->bugs) {
		at = (size_t)snprintf(buf, len, "bugs=");
		at += bugs_format(cfg->bugs, buf + at, (u32)(len - at));
	}
	if (cfg->vmalloc_reserve)
		at += snprintf(buf + at, len - at, "%svmalloc=%u",
			       at ? " " : "", (unsigned)cfg->vmalloc_reserve);
	if (cfg->trace)
		at += snprintf(buf + at, len - at, "%strace=1", at ? " " : "");
	if (emu_cpus() == 2 && at < len)
		at += snprintf(buf + at, len - at, "%ssmp=2", at ? " " : "");
	if (emu_cpus() == 2 && cfg->stress && at < len)
		at += snprintf(buf + at, len - at, "%sstress=%u", at ? " " : "",
			       cfg->stress + first);
	if (extra && *extra && at < len)
		snprintf(buf + at, len - at, "%s%s", at ? " " : "", extra);
}

static unsigned boot_cpus = 1; /* the CPUs of the boot being prepared */

unsigned emu_cpus(void)
{
	const char *env = getenv("VMFUZZ_EMU_CPUS");

	if (env && !strcmp(env, "2"))
		return 2;
	return boot_cpus;
}


static FILE *console_log; /* $VMFUZZ_EMU_CONSOLE, for the current run */

/* Progress, for the timeout: a program began or ended, or an operation
 * began (a VMF_MARK): the timeout is per operation, so a long program that
 * keeps moving never "hangs". */
bool emu_feed(void *arg, const char *buf, size_t len)
{
	struct guest_proto *gp = arg;
	unsigned events = gp->events, marks = gp->marks;

	if (console_log)
		fwrite(buf, 1, len, console_log);
	guest_proto_feed(gp, buf, len);
	return gp->events != events || gp->marks != marks;
}

/* The one-line reason emu_exec() returns: the first problem, counted. */
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

void emu_first_line(const char *path, char *buf, unsigned len)
{
	FILE *f = fopen(path, "r");

	buf[0] = '\0';
	if (f && fgets(buf, (int)len, f))
		buf[strcspn(buf, "\n")] = '\0';
	if (f)
		fclose(f);
}

static void detail(const struct emu *e, char *buf, unsigned len)
{
	buf[0] = '\0';
	if (e->ops->detail)
		e->ops->detail(e, buf, len);
}

/* "exit status N" or "killed by signal N (SIGNAME)", for messages. */
static const char *exit_desc(const struct emu *e, char *buf, size_t n)
{
	int st = e->child.status;

	if (WIFSIGNALED(st))
		snprintf(buf, n, "killed by signal %d (SIG%s)", WTERMSIG(st),
			 sigabbrev_np(WTERMSIG(st)) ? sigabbrev_np(WTERMSIG(st))
						    : "?");
	else
		snprintf(buf, n, "exit status %d", WEXITSTATUS(st));
	return buf;
}

/* Program `i` began and never ended: it hung or reset the guest. */
static void explain_stuck(const struct emu *e, const struct prog_input *p,
			  unsigned i, struct exec_result *r, struct why *w)
{
	const char *name = e->ops->name;
	char op[48], more[160], desc[64];

	if (r->nops)
		snprintf(op, sizeof(op), "in op %u", r->nops - 1);
	else
		snprintf(op, sizeof(op), "before its first op");
	r->outcome = e->child.timed_out ? EXEC_HANG : EXEC_RESET;
	detail(e, more, sizeof(more));
	if (e->child.timed_out)
		set_why(w,
			"%s: program %u (%s) hung %s (timeout: no "
			"progress for %g s)",
			name, i, p->name, op, e->timeout_ms / 1000.0);
	else if (e->gp.fault[0])
		set_why(w, "%s: program %u (%s) faulted %s: %s", name, i,
			p->name, op, e->gp.fault);
	else
		set_why(w,
			"%s: program %u (%s) reset the guest %s (triple "
			"fault or shutdown; %s %s%s%s)",
			name, i, p->name, op, name,
			exit_desc(e, desc, sizeof(desc)), more[0] ? ": " : "",
			more);
}

/* A boot that ran no program at all. */
static void explain_failed(const struct emu *e, struct why *w)
{
	const char *name = e->ops->name;
	char err[160], desc[64];
	const char *sep;

	detail(e, err, sizeof(err));
	sep = err[0] ? ": " : "";
	if (e->child.start_errno)
		set_why(w, "%s: cannot run %s: %s", name, e->program,
			strerror(e->child.start_errno));
	else if (e->gp.error[0])
		set_why(w, "%s: firmware rejected its input: %s", name,
			e->gp.error);
	else if (e->gp.fault[0])
		set_why(w, "%s: firmware faulted: %s", name, e->gp.fault);
	else if (e->child.timed_out)
		set_why(w,
			"%s: timeout: the firmware started no program "
			"in %g s%s%s",
			name, e->timeout_ms / 1000.0, sep, err);
	else
		set_why(w, "%s: %s ended (%s) before any program%s%s", name,
			e->program, exit_desc(e, desc, sizeof(desc)), sep, err);
}

unsigned emu_timeout_ms(const char *envname, unsigned def_ms)
{
	const char *env = getenv(envname);
	char *end;
	double sec;

	if (env && *env) {
		sec = strtod(env, &end);
		if (!*end && sec > 0 && sec < 86400)
			return sec * 1000 < 1 ? 1 : (unsigned)(sec * 1000);
	}
	return def_ms;
}

/* $VMFUZZ_EMU_CONSOLE: append every boot's guest console there. */
static void console_open(void)
{
	const char *path = getenv("VMFUZZ_EMU_CONSOLE");

	console_log = path && *path ? fopen(path, "a") : NULL;
}

/* One boot on results[0..n): the emulator's boot with the parser around. */
static void boot_once(struct emu *e, struct exec_result *results, unsigned n)
{
	memset(&e->child, 0, sizeof(e->child));
	guest_proto_init(&e->gp, results, n);
	e->ops->boot(e, results, n);
	guest_proto_finish(&e->gp);
}

/* Boot until every program ran, or no progress is possible. */
static void run_all(struct emu *e, const struct prog_input *progs, unsigned n,
		    struct exec_result *results, struct why *w)
{
	bool isolate = e->ops->isolate_with_knobs && e->cfg->bugs;
	unsigned start = 0, end, next;

	while (start < n) {
		end = chunk_end(progs, start, n, isolate,
				e->ops->bundle_max ? e->ops->bundle_max
						   : EMU_BUNDLE_MAX);
		if (write_bundle(e->bundle_path, progs, start, end)) {
			set_why(w, "%s: cannot write %s: %s", e->ops->name,
				e->bundle_path, strerror(errno));
			return;
		}
		boot_cpus = needs_smp(&progs[start]) ? 2 : 1;
		e->first = start;
		make_cmdline(e->cfg, start, e->cmdline, sizeof(e->cmdline));
		boot_once(e, results + start, end - start);
		if (e->gp.proto[0]) {
			set_why(w, "%s: guest protocol error: %s", e->ops->name,
				e->gp.proto);
			return;
		}
		for (next = start; next < end; next++)
			if (results[next].outcome == EXEC_NOTRUN)
				break;
		if (next == start && e->gp.cur < 0 && e->ops->retry &&
		    e->ops->retry(e))
			continue;
		if (e->gp.cur >= 0) {
			next = start + (unsigned)e->gp.cur;
			explain_stuck(e, &progs[next], next, &results[next], w);
			next++;
		} else if (next == start) {
			explain_failed(e, w);
			return;
		}
		start = next;
	}
}

int emu_exec(struct emu *e, const struct prog_input *progs, unsigned n,
	     struct exec_result *results, char *why, unsigned whylen)
{
	struct why w = { why, whylen, 0 };
	size_t len;

	guest_proto_reset(results, n);
	if (whylen)
		why[0] = '\0';
	if (e->ops->preflight(e, why, whylen))
		return 4;
	if (!n)
		return 0;
	if (scratch_begin()) {
		snprintf(why, whylen,
			 "%s: cannot create a scratch directory in %s "
			 "(TMPDIR): %s",
			 e->ops->name, scratch_base(), strerror(errno));
		return 4;
	}
	console_open();
	if (e->ops->prepare(e))
		set_why(&w, "%s: cannot prepare the scratch directory: %s",
			e->ops->name, strerror(errno));
	else
		run_all(e, progs, n, results, &w);
	scratch_end();
	if (console_log)
		fclose(console_log);
	console_log = NULL;
	len = whylen ? strlen(why) : 0;
	if (w.problems > 1 && len + 16 < whylen)
		snprintf(why + len, whylen - len, " (+%u more)",
			 w.problems - 1);
	return w.problems ? 4 : 0;
}
