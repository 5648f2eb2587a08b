/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Source-based line coverage of core/ (cov.c, cov_print.c).
 */
#ifndef VMFUZZ_COV_H
#define VMFUZZ_COV_H

#include <stdbool.h>
#include <stdio.h>

/* True when the coverage build (build-cov/ next to this vmfuzz's build)
 * is configured and llvm-cov is installed. */
bool cov_build_exists(void);

/*
 * Replay the programs below paths[0..n) (with --bugs=bugs and
 * --vmalloc=vmalloc when not NULL) in the coverage build, building it when
 * missing, and write the report into the directory out (created; a
 * campaign's own OUT/coverage is replaced, anything else must not exist).
 * Prints the per-file table, and the per-function one if `functions`. Returns
 * 0, or EXIT_USAGE after an error that quotes the failing tool's last lines
 * (an input error is found before anything is built); out is then removed
 * again if this run made it, so nothing half-made refuses the next run.
 */
int cov_run(char **paths, unsigned n, const char *bugs, const char *vmalloc,
	    const char *out, bool replace, bool functions);

/*
 * Print the line coverage of llvm-cov's per-file report (files.txt) and
 * per-function report (functions.txt; NULL: not printed) as two tables.
 * Returns 0, or -1 when a report cannot be read.
 */
int cov_print(FILE *f, const char *files_txt, const char *functions_txt);

/*
 * Load every program below paths[0..n) as `vmfuzz run` would, before
 * anything is built or created. Returns 0, or -1 after printing the first
 * error (naming the file, and the line for text) to stderr.
 */
int cov_check_inputs(char **paths, unsigned n);

/* Copy the last `lines` lines of the log file `log` to f, indented. */
void cov_print_log_tail(FILE *f, const char *log, unsigned lines);

#endif
