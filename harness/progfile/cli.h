/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared command-line plumbing of the vmfuzz subcommands: option parsing
 * (--bugs, --vmalloc, ...), file lists and loading them as programs. Every
 * layer above progfile/ uses it; the subcommands' prototypes are in
 * campaign.h (campaign/) and commands.h (cli/).
 */
#ifndef VMFUZZ_CLI_H
#define VMFUZZ_CLI_H

#include "exec.h"
#include "progfile.h"

struct cli {
	struct vmf_config cfg;
	const char *out;    /* -o FILE */
	const char *worlds; /* --worlds LIST (cross), or NULL */
	const char *stress; /* --stress N (qemu, bochs), or NULL */
	char **files;	    /* program files (directories expanded) */
	unsigned nfiles;
};

/*
 * Parse argv[first..argc) into *c: --bugs=LIST, --vmalloc=SIZE, --trace,
 * --worlds LIST, -o FILE, and file or directory names. Returns 0, or EXIT_USAGE
 * after printing a one-line error.
 */
int cli_parse(int argc, char **argv, int first, struct cli *c);

/*
 * If argv[*i] is --bugs or --vmalloc (as --opt=VALUE or --opt VALUE), parse
 * it into cfg, point *bugs or *vmalloc at the value text and return 1 (with
 * *i on the last word used); 0 when it is another option; -1 after a
 * one-line error.
 */
int knob_option(int argc, char **argv, int *i, struct vmf_config *cfg,
		const char **bugs, const char **vmalloc);

/*
 * Load every file of *c as binary programs into a malloc'ed array (*progs);
 * each name is the file name escaped by cli_escape() (freed by cli_free).
 * Returns 0, or EXIT_USAGE after printing a one-line error naming the file
 * (and line).
 */
int cli_load(const struct cli *c, struct prog_input **progs);

/* Free progs (may be NULL) and c's file list; c is left empty, so a
 * second call frees nothing. */
void cli_free(struct cli *c, struct prog_input *progs);

/* s for one line of output: backslash, newline and control bytes escaped
 * (\\, \n, \xHH), so a file name cannot forge a result line. Malloc'ed;
 * NULL when out of memory. */
char *cli_escape(const char *s);

#endif
