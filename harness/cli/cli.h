/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared command-line plumbing of the vmfuzz subcommands.
 */
#ifndef VMFUZZ_CLI_H
#define VMFUZZ_CLI_H

#include "exec.h"
#include "progfile.h"

struct cli {
	struct vmf_config cfg;
	const char *out;    /* -o FILE */
	const char *worlds; /* --worlds LIST (cross), or NULL */
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

/* The firmware image: $VMFUZZ_FIRMWARE, else the one this build made. */
const char *cli_firmware(void);

/* Subcommands (commands.c); each returns an exit code of DESIGN.md. */
int cmd_run(struct cli *c);
int cmd_qemu(struct cli *c);
int cmd_bochs(struct cli *c);
/* Host and the emulators compared (cross.c). */
int cmd_cross(struct cli *c);
int cmd_encode(struct cli *c);
int cmd_decode(struct cli *c);
int cmd_bugs(void);
/* Minimize one reproducer (minimize.c). */
int cmd_min(struct cli *c);
/* Fuzz campaign (campaign.c); argv holds the options after "fuzz". */
int cmd_fuzz(int argc, char **argv);
/* Group raw crash files by BUG title (triage.c); argv after "triage". */
int cmd_triage(int argc, char **argv);

/* Root cause of a reproducer over the knobs (bisect_cmd.c); argv after
 * "bisect". */
int cmd_bisect(int argc, char **argv);

/* Regression corpora in every world, TAP/JUnit (regress.c); argv after
 * "regress". */
int cmd_regress(int argc, char **argv);

/* `vmfuzz cov`: line coverage of core/ by programs (cov.c). */
int cmd_cov(int argc, char **argv);

/* `vmfuzz plot DIR`: progress.gnuplot and progress.png again (plot.c). */
int cmd_plot(int argc, char **argv);

/* A crash or program file -> regression program (promote.c). */
int cmd_promote(int argc, char **argv);

/* `vmfuzz gen COUNT DIR [SEED]` (gen.c): write COUNT generated programs;
 * argv after "gen". */
int cmd_gen(int argc, char **argv);

/* For run, qemu, bochs, cross: 0 when c names program files and no -o
 * (results go to stdout); else a one-line error and EXIT_USAGE. */
int cli_need_files(const struct cli *c, const char *cmd);

#endif
