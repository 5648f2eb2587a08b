/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Running a tool to its end (gnuplot, meson, ninja, llvm-cov...), for the
 * commands that drive other programs in the foreground.
 */
#ifndef VMFUZZ_RUNCMD_H
#define VMFUZZ_RUNCMD_H

#include "spawn.h"

/*
 * Run argv[0] (looked up in $PATH) with argv in directory dir (NULL: the
 * current one), env applied (NULL-terminated; may be NULL), stdin
 * /dev/null, stdout and stderr appended to the file log (NULL: vmfuzz's
 * own), and wait for it. Returns its exit status, or -1 when it could not
 * be started or was killed by a signal.
 */
int run_command(char *const argv[], const char *dir,
		const struct child_env *env, const char *log);

#endif
