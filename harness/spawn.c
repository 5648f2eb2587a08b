// SPDX-License-Identifier: GPL-2.0
/*
 * Emulator child processes and their scratch directory (see spawn.h).
 */
#define _POSIX_C_SOURCE 200809L
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

int scratch_begin(void)
{
	const char *base = getenv("TMPDIR");
	struct sigaction sa;
	int i;

	/* QEMU cuts a module path at its first space. */
	if (!base || !*base || strchr(base, ' '))
		base = "/tmp";
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
	for (i = 0; i < NSIGNALS; i++)
		sigaction(caught_signals[i], &old_actions[i], NULL);
	scratch_dir[0] = '\0';
	nr_scratch = 0;
}

bool find_program(const char *name)
{
	const char *p = getenv("PATH");
	char buf[PATH_MAX];

	if (strchr(name, '/'))
		return access(name, X_OK) == 0;
	for (p = p ? p : "/usr/bin:/bin"; *p; p += *p == ':') {
		size_t len = strcspn(p, ":");

		snprintf(buf, sizeof(buf), "%.*s/%s", (int)len, len ? p : ".",
			 name);
		if (access(buf, X_OK) == 0)
			return true;
		p += len;
	}
	return false;
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* In the child: become a group leader, wire up fds, exec; report errno. */
static void __attribute__((noreturn))
child_exec(char *const argv[], int out_fd, int err_fd, int report_fd,
	   const sigset_t *mask)
{
	int devnull = open("/dev/null", O_RDONLY);
	int e, i;

	setpgid(0, 0);
	for (i = 0; i < NSIGNALS; i++)
		signal(caught_signals[i], SIG_DFL);
	sigprocmask(SIG_SETMASK, mask, NULL);
#ifdef __linux__
	prctl(PR_SET_PDEATHSIG, SIGKILL); /* even if vmfuzz is SIGKILLed */
#endif
	if (devnull < 0 || dup2(devnull, 0) < 0 || dup2(out_fd, 1) < 0 ||
	    dup2(err_fd, 2) < 0) {
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
static pid_t fork_child(char *const argv[], int out_fd, int err_fd,
			int report_fd)
{
	sigset_t block, old;
	pid_t pid;
	int i, e;

	sigemptyset(&block);
	for (i = 0; i < NSIGNALS; i++)
		sigaddset(&block, caught_signals[i]);
	sigprocmask(SIG_BLOCK, &block, &old);
	pid = fork();
	if (pid == 0)
		child_exec(argv, out_fd, err_fd, report_fd, &old);
	e = errno;
	if (pid > 0) {
		setpgid(pid, pid);
		child_pgid = pid;
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	errno = e;
	return pid;
}

int child_start(struct child *c, char *const argv[], const char *err_path)
{
	int out[2] = { -1, -1 }, rep[2] = { -1, -1 }, err_fd, e = 0;

	memset(c, 0, sizeof(*c));
	c->pid = -1;
	c->out_fd = -1;
	err_fd = open(err_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (err_fd < 0 || pipe(out) < 0 || pipe(rep) < 0)
		e = errno;
	else if (fcntl(out[0], F_SETFD, FD_CLOEXEC) ||
		 fcntl(out[1], F_SETFD, FD_CLOEXEC) ||
		 fcntl(rep[0], F_SETFD, FD_CLOEXEC) ||
		 fcntl(rep[1], F_SETFD, FD_CLOEXEC))
		e = errno;
	else if ((c->pid = fork_child(argv, out[1], err_fd, rep[1])) < 0)
		e = errno;
	if (rep[1] >= 0)
		close(rep[1]);
	if (c->pid > 0 && read(rep[0], &e, sizeof(e)) == sizeof(e)) {
		waitpid(c->pid, NULL, 0); /* exec failed */
		child_pgid = 0;
		c->pid = -1;
	}
	if (rep[0] >= 0)
		close(rep[0]);
	if (out[1] >= 0)
		close(out[1]);
	if (err_fd >= 0)
		close(err_fd);
	if (c->pid > 0) {
		c->out_fd = out[0];
		return 0;
	}
	if (out[0] >= 0)
		close(out[0]);
	c->start_errno = e ? e : EIO;
	return -1;
}

/* Wait (until `deadline`) for the child to exit, kill its group, reap. */
static void child_reap(struct child *c, long long deadline)
{
	struct timespec ms = { 0, 1000000 };
	siginfo_t si;

	while (now_ms() < deadline) {
		memset(&si, 0, sizeof(si));
		if (waitid(P_PID, c->pid, &si, WEXITED | WNOHANG | WNOWAIT) ||
		    si.si_pid == c->pid)
			break;
		nanosleep(&ms, NULL);
	}
	kill(-c->pid, SIGKILL); /* the leader may be a zombie: still a group */
	while (waitpid(c->pid, &c->status, 0) < 0 && errno == EINTR)
		;
	child_pgid = 0;
}

void child_run(struct child *c, unsigned timeout_ms,
	       bool (*feed)(void *arg, const char *buf, size_t len), void *arg)
{
	long long deadline = now_ms() + timeout_ms;
	char buf[4096];

	for (;;) {
		long long left = deadline - now_ms();
		struct pollfd p = { .fd = c->out_fd, .events = POLLIN };
		ssize_t k;
		int r;

		if (left <= 0) {
			c->timed_out = true;
			break;
		}
		r = poll(&p, 1, left > INT_MAX ? INT_MAX : (int)left);
		if (r < 0 && errno != EINTR)
			break;
		if (r <= 0)
			continue;
		k = read(c->out_fd, buf, sizeof(buf));
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			break;
		if (feed(arg, buf, (size_t)k))
			deadline = now_ms() + timeout_ms;
	}
	child_reap(c, c->timed_out ? 0 : deadline + 2000);
	close(c->out_fd);
	c->out_fd = -1;
}
