// SPDX-License-Identifier: GPL-2.0
/*
 * The tables `vmfuzz cov` prints, read from llvm-cov's reports:
 *   files.txt      Filename Regions Missed Cover Functions Missed Executed
 *                  Lines Missed Cover [Branches Missed Cover]
 *   functions.txt  "File 'PATH':" then Name Regions Miss Cover Lines Miss
 *                  Cover [Branches Miss Cover]
 */
#include "cov.h"

#include <stdlib.h>
#include <string.h>

#include "progfile.h"
#include "walk.h"

#define MAX_FIELDS 16

/* Split line into blank-separated fields; returns how many. */
static unsigned fields(char *line, char **f)
{
	unsigned n = 0;
	char *save, *t;

	for (t = strtok_r(line, " \t\n", &save); t && n < MAX_FIELDS;
	     t = strtok_r(NULL, " \t\n", &save))
		f[n++] = t;
	return n;
}

static bool is_percent(const char *s)
{
	size_t n = strlen(s);

	return n > 1 && s[n - 1] == '%';
}

static void row(FILE *out, const char *indent, const char *name,
		const char *lines, const char *missed, const char *cover)
{
	fprintf(out, "%s%-*s %7s %7s %8s\n", indent, 34 - (int)strlen(indent),
		name, lines, missed, cover);
}

/* One table from an llvm-cov report: the rows whose Lines, Missed and
 * Cover fields start at field `col`; with `files`, each "File 'PATH':"
 * line heads the rows after it (the -show-functions report). */
static int print_table(FILE *out, const char *path, unsigned col, bool files)
{
	FILE *in = fopen(path, "r");
	char line[4096], *f[MAX_FIELDS];

	if (!in)
		return -1;
	while (fgets(line, sizeof(line), in)) {
		const char *base;
		unsigned n;

		if (files && !strncmp(line, "File '", 6)) {
			line[6 + strcspn(line + 6, "'\n")] = '\0';
			base = strstr(line + 6, "/core/");
			fprintf(out, "core/%s\n", base ? base + 6 : line + 6);
			continue;
		}
		n = fields(line, f);
		if (n < col + 3 || !is_percent(f[3]) || !is_percent(f[col + 2]))
			continue;
		if (!strcmp(f[0], "TOTAL") && files)
			continue; /* the file's total: in the file table */
		if (!strcmp(f[0], "TOTAL"))
			row(out, "", "TOTAL", f[col], f[col + 1], f[col + 2]);
		else
			row(out, files ? "  " : "core/", f[0], f[col],
			    f[col + 1], f[col + 2]);
	}
	fclose(in);
	return 0;
}

int cov_print(FILE *out, const char *files_txt, const char *functions_txt)
{
	fprintf(out, "line coverage of core/ by file (llvm-cov)\n");
	row(out, "", "FILE", "LINES", "MISSED", "COVER");
	if (print_table(out, files_txt, 7, false))
		return -1;
	if (functions_txt) {
		fprintf(out,
			"\nline coverage of core/ by function (llvm-cov)\n");
		if (print_table(out, functions_txt, 4, true))
			return -1;
	}
	fflush(out);
	return 0;
}

#define CHECK_ERR 256

/* walk_programs() callback: load one program; its error into err. */
static int check_one(void *err, const char *path)
{
	struct prog_input in = { 0 };
	int rc = progfile_load(path, &in, err, CHECK_ERR);

	free(in.data);
	return rc ? 1 : 0;
}

int cov_check_inputs(char **paths, unsigned n)
{
	char err[CHECK_ERR];
	unsigned i;

	for (i = 0; i < n; i++) {
		err[0] = 0;
		if (walk_programs(paths[i], check_one, err, err, sizeof(err))) {
			fprintf(stderr, "vmfuzz: cov: %s\n",
				err[0] ? err : paths[i]);
			return -1;
		}
	}
	return 0;
}

void cov_print_log_tail(FILE *f, const char *log, unsigned lines)
{
	char ring[8][512];
	unsigned n = 0, i;
	FILE *in = fopen(log, "r");

	if (!in)
		return;
	if (lines > 8)
		lines = 8;
	while (lines && fgets(ring[n % lines], sizeof(ring[0]), in))
		n++;
	fclose(in);
	for (i = n > lines ? n - lines : 0; i < n; i++) {
		char *l = ring[i % lines];

		fprintf(f, "  %s%s", l, strchr(l, '\n') ? "" : "\n");
	}
}
