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

/* Per file: Lines, Missed, Cover are fields 7..9. */
static int print_files(FILE *out, const char *path)
{
	FILE *in = fopen(path, "r");
	char line[1024], *f[MAX_FIELDS];

	if (!in)
		return -1;
	fprintf(out, "line coverage of core/ by file (llvm-cov)\n");
	row(out, "", "FILE", "LINES", "MISSED", "COVER");
	while (fgets(line, sizeof(line), in)) {
		unsigned n = fields(line, f);

		if (n >= 10 && is_percent(f[9]) && is_percent(f[3]))
			row(out, strcmp(f[0], "TOTAL") ? "core/" : "", f[0],
			    f[7], f[8], f[9]);
	}
	fclose(in);
	return 0;
}

/* Per function: Lines, Miss, Cover are fields 4..6, under "File '...':". */
static int print_functions(FILE *out, const char *path)
{
	FILE *in = fopen(path, "r");
	char line[4096], *f[MAX_FIELDS];

	if (!in)
		return -1;
	fprintf(out, "\nline coverage of core/ by function (llvm-cov)\n");
	while (fgets(line, sizeof(line), in)) {
		const char *base;
		unsigned n;

		if (!strncmp(line, "File '", 6)) {
			line[6 + strcspn(line + 6, "'\n")] = '\0';
			base = strrchr(line + 6, '/');
			fprintf(out, "core/%s\n", base ? base + 1 : line + 6);
			continue;
		}
		n = fields(line, f);
		if (n >= 7 && is_percent(f[3]) && is_percent(f[6]) &&
		    strcmp(f[0], "TOTAL"))
			row(out, "  ", f[0], f[4], f[5], f[6]);
	}
	fclose(in);
	return 0;
}

int cov_print(FILE *out, const char *files_txt, const char *functions_txt)
{
	if (print_files(out, files_txt) ||
	    (functions_txt && print_functions(out, functions_txt)))
		return -1;
	fflush(out);
	return 0;
}
