// SPDX-License-Identifier: GPL-2.0
/*
 * The scratch directory's cleaner: a forked process that removes the
 * directory when vmfuzz ends without removing it itself (SIGKILL).
 */
#define _GNU_SOURCE /* pipe2 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>

#include "spawn.h"

static pid_t cleaner_pid;
static int cleaner_fd = -1;

/* The cleaner: waits for EOF on the pipe, which comes when vmfuzz ends in
 * any way, SIGKILL included, then empties and removes dir. */
static void __attribute__((noreturn)) cleaner(int fd, const char *dir)
{
	char c, path[PATH_MAX];
	struct dirent *de;
	DIR *d;
	int i, null = open("/dev/null", O_RDWR);

	signal(SIGINT, SIG_IGN);
	signal(SIGTERM, SIG_IGN);
	signal(SIGHUP, SIG_IGN);
	signal(SIGQUIT, SIG_IGN);
	for (i = 0; i < 3 && null >= 0; i++)
		dup2(null, i);
	while (read(fd, &c, 1) < 0 && errno == EINTR)
		;
	d = opendir(dir);
	while (d && (de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, "..") &&
		    snprintf(path, sizeof(path), "%s/%s", dir, de->d_name) > 0)
			unlink(path);
	if (d)
		closedir(d);
	rmdir(dir);
	_exit(0);
}

/* Fork the cleaner of the scratch directory (nothing if fork fails: the
 * signal handlers and scratch_end() still clean). */
int scratch_cleaner_start(const char *dir)
{
	int p[2];

	if (pipe2(p, O_CLOEXEC))
		return -1;
	cleaner_pid = fork();
	if (cleaner_pid == 0) {
		close(p[1]);
		cleaner(p[0], dir);
	}
	close(p[0]);
	if (cleaner_pid < 0) {
		close(p[1]);
		return -1;
	}
	cleaner_fd = p[1];
	return 0;
}

void scratch_cleaner_stop(void)
{
	if (cleaner_fd < 0)
		return;
	close(cleaner_fd);
	cleaner_fd = -1;
	while (waitpid(cleaner_pid, NULL, 0) < 0 && errno == EINTR)
		;
}
