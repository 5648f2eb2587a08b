// SPDX-License-Identifier: GPL-2.0
/*
 * run_command() of runcmd.h.
 */
#include "runcmd.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

/* In the child: wire up, then exec; never returns. */
static void __attribute__((noreturn))
exec_child(char *const argv[], const char *dir, const struct child_env *env,
	   const char *log)
{
	int null = open("/dev/null", O_RDONLY), fd = -1;

	if (log)
		fd = open(log, O_WRONLY | O_CREAT | O_APPEND, 0644);
	if (null < 0 || dup2(null, 0) < 0 || (log && fd < 0) ||
	    (fd >= 0 && (dup2(fd, 1) < 0 || dup2(fd, 2) < 0)))
		_exit(127);
	if (dir && chdir(dir))
		_exit(127);
	child_env_apply(env);
	execvp(argv[0], argv);
	_exit(127);
}

int run_command(char *const argv[], const char *dir,
		const struct child_env *env, const char *log)
{
	pid_t pid;
	int status;

	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0)
		exec_child(argv, dir, env, log);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	if (!WIFEXITED(status) || WEXITSTATUS(status) == 127)
		return -1;
	return WEXITSTATUS(status);
}
