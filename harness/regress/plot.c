// SPDX-License-Identifier: GPL-2.0
/*
 * The progress plot of a campaign, drawn the way afl-plot draws AFL++'s:
 * vmfuzz writes OUT/progress.csv as it goes (campaign.c) and, at the end,
 * OUT/progress.gnuplot, a script that reads the CSV and draws
 * OUT/progress.png (run `gnuplot progress.gnuplot` in OUT to draw it
 * again). vmfuzz runs gnuplot itself when it is installed.
 *
 * progress.csv: elapsed_s,execs,execs_per_s,corpus,coverage,bugs
 */
#include "campaign.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "progfile.h"
#include "runcmd.h"

/* Three panels over one time axis, in s, min or h as the run's length
 * asks: throughput (execs/s, total execs on the right axis), coverage and
 * corpus, distinct bugs. */
static const char script[] =
	"# Draws progress.png from progress.csv (written by vmfuzz fuzz).\n"
	"# Run in the campaign directory: gnuplot progress.gnuplot\n"
	"set datafile separator ','\n"
	"set terminal pngcairo enhanced size 1000,900 font 'DejaVu Sans,11'\n"
	"set output 'progress.png'\n"
	"stats 'progress.csv' using 1 nooutput\n"
	"tmax = STATS_max\n"
	"if (tmax > 3*3600) { unit = 3600.0; uname = 'h' } else { "
	"if (tmax > 600) { unit = 60.0; uname = 'min' } else { "
	"unit = 1.0; uname = 's' } }\n"
	"set xrange [0:(tmax > 0 ? tmax / unit : 1)]\n"
	"set grid xtics ytics lc rgb '#d0d0d0'\n"
	"set key outside top center horizontal\n"
	"set lmargin 12\n"
	"set rmargin 12\n"
	"set tmargin 3\n"
	"set format y '%%.1s%%c'\n"
	"set format y2 '%%.1s%%c'\n"
	"set multiplot layout 3,1 title '%s' font ',13'\n"
	"unset title\n"
	"set ylabel 'executions / s'\n"
	"set y2label 'executions (total)'\n"
	"set yrange [0:*]\n"
	"set y2range [0:*]\n"
	"set ytics nomirror\n"
	"set y2tics\n"
	"plot 'progress.csv' using ($1/unit):3 with lines lw 2 "
	"lc rgb '#1f5ac8' title 'executions / s', \\\n"
	"     '' using ($1/unit):2 axes x1y2 with lines lw 2 "
	"dt 2 lc rgb '#7f7f7f' title 'executions (total, right axis)'\n"
	"set format y '%%g'\n"
	"set format y2 '%%g'\n"
	"set ylabel 'coverage (edges / features)'\n"
	"set y2label 'corpus (programs)'\n"
	"plot 'progress.csv' using ($1/unit):5 with lines lw 2 "
	"lc rgb '#14963c' title 'coverage', \\\n"
	"     '' using ($1/unit):4 axes x1y2 with lines lw 2 "
	"dt 2 lc rgb '#8c564b' title 'corpus (right axis)'\n"
	"unset y2tics\n"
	"unset y2label\n"
	"set format y '%%g'\n"
	"set ylabel 'distinct BUG titles'\n"
	"stats 'progress.csv' using 6 nooutput\n"
	"if (STATS_max < 10) { set ytics 1 } else { set ytics autofreq }\n"
	"set yrange [0:(STATS_max < 1 ? 1 : STATS_max + 1)]\n"
	"set xlabel sprintf('elapsed time (%%s), all runs of this campaign', "
	"uname)\n"
	"plot 'progress.csv' using ($1/unit):6 with steps lw 2 "
	"lc rgb '#d21e1e' title 'distinct BUG titles'\n"
	"unset multiplot\n";

int plot_progress(const char *out, const char *title)
{
	char path[CAMPAIGN_PATH + 32], text[sizeof(script) + 512];
	char safe[256], *argv[] = { "gnuplot", "progress.gnuplot", NULL };
	size_t i;

	/* the title goes between gnuplot's single quotes */
	snprintf(safe, sizeof(safe), "%s", title);
	for (i = 0; safe[i]; i++)
		if (safe[i] == '\'' || safe[i] == '\\' || safe[i] == '\n')
			safe[i] = ' ';
	snprintf(text, sizeof(text), script, safe);
	snprintf(path, sizeof(path), "%s/progress.gnuplot", out);
	if (replace_file(path, text, strlen(text))) {
		fprintf(stderr, "vmfuzz: %s: cannot write\n", path);
		return -1;
	}
	if (!find_program("gnuplot"))
		return 1;
	if (run_command(argv, out, NULL, NULL)) {
		fprintf(stderr,
			"vmfuzz: gnuplot could not draw %s/progress.png\n",
			out);
		return -1;
	}
	return 0;
}

/* The plot title of campaign directory out, from its campaign.txt. */
static void campaign_title(const char *out, char *title, size_t n)
{
	char path[CAMPAIGN_PATH + 32], line[256], engine[64] = "?";
	char bugs[128] = "none";
	FILE *f;

	snprintf(path, sizeof(path), "%s/campaign.txt", out);
	f = fopen(path, "r");
	while (f && fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		if (!strncmp(line, "engine: ", 8))
			snprintf(engine, sizeof(engine), "%s", line + 8);
		else if (!strncmp(line, "bugs: ", 6))
			snprintf(bugs, sizeof(bugs), "%s", line + 6);
	}
	if (f)
		fclose(f);
	snprintf(title, n, "vmfuzz fuzz --engine %s --bugs=%s", engine, bugs);
}

int cmd_plot(int argc, char **argv)
{
	char path[CAMPAIGN_PATH + 32], title[256];
	int rc;

	if (argc != 1 || argv[0][0] == '-') {
		fprintf(stderr, "usage: vmfuzz plot CAMPAIGN_DIR\n");
		return EXIT_USAGE;
	}
	snprintf(path, sizeof(path), "%s/progress.csv", argv[0]);
	if (access(path, R_OK)) {
		fprintf(stderr, "vmfuzz: %s: no such file\n", path);
		return EXIT_USAGE;
	}
	campaign_title(argv[0], title, sizeof(title));
	rc = plot_progress(argv[0], title);
	if (rc == 1)
		printf("gnuplot is not installed; %s/progress.gnuplot "
		       "written\n",
		       argv[0]);
	else if (rc == 0)
		printf("%s/progress.png\n", argv[0]);
	return rc < 0 ? EXIT_USAGE : EXIT_OK;
}
