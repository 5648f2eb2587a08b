/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The exit codes of every vmfuzz subcommand (DESIGN.md, "Exit codes").
 */
#ifndef VMFUZZ_EXITCODES_H
#define VMFUZZ_EXITCODES_H

enum {
	EXIT_OK = 0,	   /* every program ok */
	EXIT_BUG = 1,	   /* at least one BUG */
	EXIT_USAGE = 2,	   /* usage or input error (names file and line) */
	EXIT_DISAGREE = 3, /* executors disagree */
	EXIT_EMULATOR = 4, /* an emulator hung, reset or could not start */
};

#endif
