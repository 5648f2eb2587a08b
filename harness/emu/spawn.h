/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Emulator processes for the QEMU and Bochs runners: one child at a time,
 * in its own process group, read through a pipe with a deadline, and never
 * left behind: it is killed on timeout, on error, and when vmfuzz receives
 * SIGINT, SIGTERM, SIGHUP or SIGQUIT (which also removes the scratch
 * directory, then lets the signal end vmfuzz as usual). Campaigns start
 * their fuzz engines here too (child_start_env()), several at once, each
 * watched by a guard process that kills its group when vmfuzz ends.
 */
#ifndef VMFUZZ_SPAWN_H
#define VMFUZZ_SPAWN_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#define SCRATCH_FILES 8

/*
 * Create a private scratch directory (under $TMPDIR, or /tmp when that is
 * unset or holds a space) and catch the termination signals until
 * scratch_end(). Returns 0, or -1 with errno set. Not nested. A forked
 * cleaner removes the directory when vmfuzz dies without scratch_end()
 * (SIGKILL): it waits for EOF on a pipe only vmfuzz holds.
 */
int scratch_begin(void);

/* The directory scratch_begin() creates its directory in: $TMPDIR, or
 * /tmp when it is unset, empty or holds a space. */
const char *scratch_base(void);

/*
 * Fork a cleaner that empties and removes dir as soon as vmfuzz ends in any
 * way (it waits for EOF on a pipe only vmfuzz holds). Returns 0, or -1
 * (no cleaner: fork or pipe failed). scratch_begin() calls it.
 */
int scratch_cleaner_start(const char *dir);

/* Let the cleaner go (after the directory is removed) and reap it. */
void scratch_cleaner_stop(void);

/* Path of file `name` in the scratch directory, removed by scratch_end()
 * (at most SCRATCH_FILES names). Returns NULL when the table is full. */
const char *scratch_file(const char *name);

/* Remove the scratch files and directory; restore the signal handlers. */
void scratch_end(void);

/* True when `name` (a path, or a file found in $PATH) is executable. */
bool find_program(const char *name);

struct child {
	pid_t pid;
	int out_fd; /* read end of the child's stdout */
	int status; /* waitpid() status, once reaped */
	bool timed_out;
	int start_errno; /* nonzero: the child could not be started */
	int guard_fd;	 /* write end of the watchdog's pipe, or -1 */
};

/* One environment change for a child: value NULL unsets name. */
struct child_env {
	const char *name, *value;
};

/* Apply env (ends with a NULL name; may be NULL) to this process's
 * environment: in a child, before exec. */
void child_env_apply(const struct child_env *env);

/* Guest RAM shared with an emulator: a memfd of size bytes, mapped here
 * (QEMU's memory-backend-file on /proc/self/fd/FD). */
struct child_ram {
	int fd; /* close-on-exec here; a child of child_opts.ram inherits it */
	unsigned char *base;
	size_t size;
};

/* Create r: a new memfd of size zero bytes, mapped shared. Returns 0, or
 * -1 with errno set (r->fd then -1, r->base NULL). */
int child_ram_open(struct child_ram *r, size_t size);

/* Unmap and close r (a no-op on a failed or closed one). */
void child_ram_close(struct child_ram *r);

/* How child_start_env() wires a child up. */
struct child_opts {
	/* stderr to this file (truncated); NULL: stderr into the stdout pipe */
	const char *err_path;
	bool log; /* stdout and stderr appended to err_path; no pipe */
	const struct child_env *env; /* ends with a NULL name; may be NULL */
	/*
	 * One of several long-lived children (fuzz engines): not the child the
	 * scratch signal handler kills; instead, as soon as vmfuzz ends (even
	 * by SIGKILL), the child gets SIGTERM and a watchdog SIGTERMs its whole
	 * process group, then SIGKILLs it a second later.
	 */
	bool guard;
	const struct child_ram *ram; /* its fd stays open in the child */
};

/*
 * Start argv[0] (looked up in $PATH) in a new process group with stdin
 * /dev/null, stdout a pipe (c->out_fd) and stderr to the file err_path,
 * SIGKILLed by the kernel if vmfuzz dies. Returns 0, or -1 with
 * c->start_errno set (fork, exec or file failure).
 */
int child_start(struct child *c, char *const argv[], const char *err_path);

/*
 * Start argv[0] (looked up in $PATH) in a new process group with stdin
 * /dev/null, output as o says, o->env applied, and killed when vmfuzz dies.
 * Returns 0 (c->out_fd the pipe, or -1 with o->log), or -1 with
 * c->start_errno set.
 */
int child_start_env(struct child *c, char *const argv[],
		    const struct child_opts *o);

/* True when the child (its group's leader) has ended, or cannot be waited
 * for; it is not reaped, so its group stays addressable. */
bool child_exited(const struct child *c);

/* Kill the child's process group, reap it (c->status; c->pid becomes 0)
 * and close its fds; does nothing more once c->pid is 0. */
void child_kill(struct child *c);

/*
 * Pass the child's output to feed(arg, buf, len) until EOF, or until
 * timeout_ms pass without feed() returning true (progress: the timeout
 * starts again), then kill its process group and reap it (c->status,
 * c->timed_out).
 */
void child_run(struct child *c, unsigned timeout_ms,
	       bool (*feed)(void *arg, const char *buf, size_t len), void *arg);

/*
 * child_run(), and besides the pipe, poll(poll_arg) about every millisecond
 * and once after the child ended (it reads another channel, the guest RAM:
 * its result is progress as feed's is). poll NULL: child_run().
 */
void child_run_polled(struct child *c, unsigned timeout_ms,
		      bool (*feed)(void *arg, const char *buf, size_t len),
		      void *arg, bool (*poll)(void *poll_arg), void *poll_arg);

#endif
