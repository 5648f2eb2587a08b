// SPDX-License-Identifier: GPL-2.0
/*
 * Emulator and engine child processes, the scratch directory (spawn.h).
 */
#define _GNU_SOURCE /* pipe2(), close_range() */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/wait.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif
#include "spawn.h"

#define NSIGNALS 4
static const int caught_signals[NSIGNALS] = { SIGINT, SIGTERM, SIGHUP,
					      SIGQUIT };
static struct sigaction old_actions[NSIGNALS];

/* What the signal handler cleans up: the running child and the files. */
static volatile sig_atomic_t child_pgid;
static char scratch_dir[PATH_MAX];
static char scratch_paths[SCRATCH_FILES][PATH_MAX];
static volatile sig_atomic_t nr_scratch;

static void remove_scratch(void)
{
	int i;

	for (i = 0; i < nr_scratch; i++)
		unlink(scratch_paths[i]);
	if (scratch_dir[0])
		rmdir(scratch_dir);
}

static void on_signal(int sig)
{
	pid_t pg = child_pgid;

	if (pg > 0)
		kill(-pg, SIGKILL);
	remove_scratch();
	signal(sig, SIG_DFL);
	raise(sig);
}

const char *scratch_base(void)
{
	const char *base = getenv("TMPDIR");

	/* QEMU cuts a module path at its first space. */
	if (!base || !*base || strchr(base, ' '))
		base = "/tmp";
	return base;
}

int scratch_begin(void)
{
	const char *base = scratch_base();
	struct sigaction sa;
	int i;

	snprintf(scratch_dir, sizeof(scratch_dir), "%s/vmfuzz.XXXXXX", base);
	nr_scratch = 0;
	if (!mkdtemp(scratch_dir)) {
		scratch_dir[0] = '\0';
		return -1;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < NSIGNALS; i++)
		sigaction(caught_signals[i], &sa, &old_actions[i]);
	scratch_cleaner_start(scratch_dir);
	return 0;
}

const char *scratch_file(const char *name)
{
	char *p;

	if (nr_scratch >= SCRATCH_FILES)
		return NULL;
	p = scratch_paths[nr_scratch];
	snprintf(p, PATH_MAX, "%s/%s", scratch_dir, name);
	nr_scratch++;
	return p;
}

void scratch_end(void)
{
	int i;

	remove_scratch();
	scratch_cleaner_stop();
	for (i = 0; i < NSIGNALS; i++)
		sigaction(caught_signals[i], &old_actions[i], NULL);
	scratch_dir[0] = '\0';
	nr_scratch = 0;
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Block the caught signals (the old mask in *old). */
static void block_signals(sigset_t *old)
{
	sigset_t block;
	int i;

	sigemptyset(&block);
	for (i = 0; i < NSIGNALS; i++)
		sigaddset(&block, caught_signals[i]);
	sigprocmask(SIG_BLOCK, &block, old);
}

/* A child's output: the pipe its stdout goes to and the err_path file. */
struct child_io {
	int pipe[2]; /* -1 with opts.log */
	int file;    /* -1 without opts.err_path */
};

static int io_open(struct child_io *io, const struct child_opts *o)
{
	int flags = O_WRONLY | O_CREAT | O_CLOEXEC;

	flags |= o->log ? O_APPEND : O_TRUNC;
	io->pipe[0] = io->pipe[1] = io->file = -1;
	if (o->err_path &&
	    (io->file = open(o->err_path, flags, o->log ? 0644 : 0600)) < 0)
		return -1;
	return !o->log && pipe2(io->pipe, O_CLOEXEC) ? -1 : 0;
}

static pid_t parent_pid;

/* In the child: become a group leader, wire up fds, exec; report errno. */
void child_env_apply(const struct child_env *env)
{
	for (; env && env->name; env++) {
		if (env->value)
			setenv(env->name, env->value, 1);
		else
			unsetenv(env->name);
	}
}

static void __attribute__((noreturn))
child_exec(char *const argv[], const struct child_io *io,
	   const struct child_opts *o, int report_fd, const sigset_t *mask)
{
	const struct child_env *env = o->env;
	int devnull = open("/dev/null", O_RDONLY);
	int out = io->pipe[1] >= 0 ? io->pipe[1] : io->file;
	int err = io->file >= 0 ? io->file : io->pipe[1];
	int e, i;

	setpgid(0, 0);
	for (i = 0; i < NSIGNALS; i++)
		signal(caught_signals[i], SIG_DFL);
	signal(SIGPIPE, SIG_DFL);
	sigprocmask(SIG_SETMASK, mask, NULL);
#ifdef __linux__
	/* even if vmfuzz is SIGKILLed; an engine may clean up (AFL++) */
	prctl(PR_SET_PDEATHSIG, o->guard ? SIGTERM : SIGKILL);
	if (getppid() != parent_pid)
		_exit(127); /* vmfuzz ended before the prctl() */
#endif
	child_env_apply(env);
	if (o->ram && o->ram->fd >= 0)
		fcntl(o->ram->fd, F_SETFD, 0); /* the emulator opens it */
	if (devnull < 0 || dup2(devnull, 0) < 0 || dup2(out, 1) < 0 ||
	    dup2(err, 2) < 0) {
		e = errno;
	} else {
		execvp(argv[0], argv);
		e = errno;
	}
	if (write(report_fd, &e, sizeof(e)) < 0)
		_exit(126);
	_exit(127);
}

/* Fork with the termination signals blocked, so the handler always knows
 * the child's group. Returns the pid or -1. */
static pid_t fork_child(char *const argv[], const struct child_io *io,
			const struct child_opts *o, int report_fd)
{
	sigset_t old;
	pid_t pid;
	int e;

	block_signals(&old);
	parent_pid = getpid();
	pid = fork();
	if (pid == 0)
		child_exec(argv, io, o, report_fd, &old);
	e = errno;
	if (pid > 0) {
		setpgid(pid, pid);
		if (!o->guard)
			child_pgid = pid;
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	errno = e;
	return pid;
}

/* Watchdog of group pg, an orphan in it: EOF on fd (only vmfuzz holds the
 * write end) means vmfuzz ended: SIGTERM the group, a second later SIGKILL
 * it, this process too. vmfuzz's own kill of the group ends it as well. */
static void __attribute__((noreturn)) guard_watch(int fd, pid_t pg)
{
	int null = open("/dev/null", O_RDWR), i;
	sigset_t none;
	char b;

	if (fork() != 0)
		_exit(0); /* the middle process: reaped by vmfuzz at once */
	for (i = 0; i < NSIGNALS; i++)
		signal(caught_signals[i], SIG_IGN);
	if (null < 0 || dup2(fd, 0) < 0 || dup2(null, 1) < 0 ||
	    dup2(null, 2) < 0 || setpgid(0, pg))
		_exit(1);
	close_range(3, ~0U, 0); /* other guards' pipes, vmfuzz's files */
#ifdef __linux__
	prctl(PR_SET_NAME, "vmfuzz-guard");
#endif
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	while (read(0, &b, 1) < 0 && errno == EINTR)
		;
	kill(-pg, SIGTERM);  /* AFL++ then kills its forkserver's session */
	poll(NULL, 0, 1000); /* their grace */
	kill(-pg, SIGKILL);
	_exit(0);
}

/* Start the watchdog of c's process group; c->guard_fd its pipe. */
static void guard_start(struct child *c)
{
	sigset_t old;
	pid_t pid;
	int g[2];

	if (pipe2(g, O_CLOEXEC))
		return;
	block_signals(&old);
	pid = fork();
	if (pid == 0)
		guard_watch(g[0], c->pid);
	sigprocmask(SIG_SETMASK, &old, NULL);
	close(g[0]);
	while (pid > 0 && waitpid(pid, NULL, 0) < 0 && errno == EINTR)
		;
	if (pid > 0)
		c->guard_fd = g[1];
	else
		close(g[1]);
}

/* errno of a failed exec from the report pipe, or 0 after a good one. */
static int exec_error(int fd)
{
	ssize_t k;
	int e = 0;

	while ((k = read(fd, &e, sizeof(e))) < 0 && errno == EINTR)
		;
	return k == (ssize_t)sizeof(e) ? (e ? e : EIO) : 0;
}

int child_start_env(struct child *c, char *const argv[],
		    const struct child_opts *o)
{
	struct child_io io;
	int rep[2] = { -1, -1 }, e = 0;

	*c = (struct child){ .pid = -1, .out_fd = -1, .guard_fd = -1 };
	if (io_open(&io, o) || pipe2(rep, O_CLOEXEC))
		e = errno;
	else if ((c->pid = fork_child(argv, &io, o, rep[1])) < 0)
		e = errno;
	if (rep[1] >= 0)
		close(rep[1]);
	if (c->pid > 0 && (e = exec_error(rep[0]))) {
		waitpid(c->pid, NULL, 0);
		child_pgid = o->guard ? child_pgid : 0;
		c->pid = -1;
	}
	if (rep[0] >= 0)
		close(rep[0]);
	if (io.pipe[1] >= 0)
		close(io.pipe[1]);
	if (io.file >= 0)
		close(io.file);
	if (c->pid > 0) {
		c->out_fd = io.pipe[0];
		if (o->guard)
			guard_start(c);
		return 0;
	}
	if (io.pipe[0] >= 0)
		close(io.pipe[0]);
	c->start_errno = e ? e : EIO;
	return -1;
}

int child_start(struct child *c, char *const argv[], const char *err_path)
{
	struct child_opts o = { .err_path = err_path };

	return child_start_env(c, argv, &o);
}

void child_kill(struct child *c)
{
	if (c->pid > 0) {
		kill(-c->pid, SIGKILL);
		while (waitpid(c->pid, &c->status, 0) < 0 && errno == EINTR)
			;
		c->pid = 0;
	}
	if (c->guard_fd >= 0)
		close(c->guard_fd);
	if (c->out_fd >= 0)
		close(c->out_fd);
	c->guard_fd = c->out_fd = -1;
}

/* Wait (until `deadline`) for the child to exit, kill its group, reap. */
bool child_exited(const struct child *c)
{
	siginfo_t si;

	memset(&si, 0, sizeof(si));
	if (waitid(P_PID, (id_t)c->pid, &si, WEXITED | WNOHANG | WNOWAIT))
		return true;
	return si.si_pid == c->pid;
}

static void child_reap(struct child *c, long long deadline)
{
	struct timespec ms = { 0, 1000000 };

	while (now_ms() < deadline && !child_exited(c))
		nanosleep(&ms, NULL);
	kill(-c->pid, SIGKILL); /* the leader may be a zombie: still a group */
	while (waitpid(c->pid, &c->status, 0) < 0 && errno == EINTR)
		;
	child_pgid = 0;
}

int child_ram_open(struct child_ram *r, size_t size)
{
	r->size = size;
	r->base = NULL;
	r->fd = memfd_create("vmfuzz-ram", MFD_CLOEXEC);
	if (r->fd >= 0 && !ftruncate(r->fd, (off_t)size)) {
		r->base = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED,
			       r->fd, 0);
		if (r->base != MAP_FAILED)
			return 0;
		r->base = NULL;
	}
	child_ram_close(r);
	return -1;
}

void child_ram_close(struct child_ram *r)
{
	int e = errno;

	if (r->base)
		munmap(r->base, r->size);
	if (r->fd >= 0)
		close(r->fd);
	r->base = NULL;
	r->fd = -1;
	errno = e;
}

void child_run(struct child *c, unsigned timeout_ms,
	       bool (*feed)(void *arg, const char *buf, size_t len), void *arg)
{
	child_run_polled(c, timeout_ms, feed, arg, NULL, NULL);
}

/* Wait up to wait_ms for output and pass one read of it to feed: 1 when
 * feed saw progress, 0 when not (or nothing came), -1 at EOF or error. */
static int read_some(struct child *c, int wait_ms, bool batch,
		     bool (*feed)(void *arg, const char *buf, size_t len),
		     void *arg)
{
	struct pollfd p = { .fd = c->out_fd, .events = POLLIN };
	struct timespec ms = { 0, 1000000 };
	char buf[4096];
	ssize_t k;
	int r;

	r = poll(&p, 1, wait_ms);
	if (r < 0)
		return errno == EINTR ? 0 : -1;
	if (!r)
		return 0;
	k = read(c->out_fd, buf, sizeof(buf));
	if (k < 0 && errno == EINTR)
		return 0;
	if (k <= 0)
		return -1;
	r = feed(arg, buf, (size_t)k);
	/* The guest writes its serial console a byte at a time (one emulator
	 * write per byte): after a short read, let a millisecond of it gather
	 * instead of waking for every byte (measured: the mix in QEMU took
	 * 1.4x the CPU seconds without this). */
	if (batch && k < (ssize_t)sizeof(buf) / 2)
		nanosleep(&ms, NULL);
	return r;
}

void child_run_polled(struct child *c, unsigned timeout_ms,
		      bool (*feed)(void *arg, const char *buf, size_t len),
		      void *arg, bool (*poll_fn)(void *poll_arg),
		      void *poll_arg)
{
	long long deadline = now_ms() + timeout_ms;

	for (;;) {
		long long left = deadline - now_ms();
		int r;

		if (left <= 0) {
			c->timed_out = true;
			break;
		}
		/* the pipe first: what it holds came before the RAM's bytes */
		r = read_some(c,
			      poll_fn	       ? 1
			      : left > INT_MAX ? INT_MAX
					       : (int)left,
			      !poll_fn, feed, arg);
		if (r < 0)
			break;
		if (poll_fn && poll_fn(poll_arg))
			r = 1;
		if (r > 0)
			deadline = now_ms() + timeout_ms;
	}
	if (poll_fn)
		poll_fn(poll_arg); /* what the guest wrote before it ended */
	child_reap(c, c->timed_out ? 0 : deadline + 2000);
	close(c->out_fd);
	c->out_fd = -1;
}
