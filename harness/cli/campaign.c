// SPDX-License-Identifier: GPL-2.0
/*
 * `vmfuzz fuzz`: set up (or resume) a campaign directory, run the engines,
 * replay their crashes as they appear, print progress, stop cleanly on a
 * signal or at --time, then cross-check the reproducers in QEMU, draw the
 * plot and print the table of distinct bugs.
 */
#include "campaign.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "campaign_cmd.h"
#include "bugs.h"
#include "cov.h"
#include "progfile.h"

#define SCAN_EVERY 1.0
#define PROGRESS_EVERY 5.0
#define REPEAT_EVERY 60.0 /* an unchanged progress line, at most this often */


static volatile sig_atomic_t stop_signal;

static void on_signal(int sig)
{
	stop_signal = sig;
}

static void catch_signals(bool on)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on ? on_signal : SIG_DFL;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sa.sa_handler = on ? SIG_IGN : SIG_DFL;
	sigaction(SIGPIPE, &sa, NULL);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}


static int write_campaign_txt(const struct campaign *cg)
{
	char path[CAMPAIGN_PATH + 32], text[1024], knobs[512], seed[32] = "";

	/* The knobs as bugs_format() spells them (each once, at most all of
	 * them): a long --bugs= cannot push vmalloc: out of the buffer, nor
	 * a line past what campaign_knobs() reads. */
	bugs_format(cg->cfg.bugs, knobs, sizeof(knobs));
	if (cg->eng.seed) /* --seed: the run can be made again */
		snprintf(seed, sizeof(seed), "seed: %u\n", cg->eng.seed);
	if (snprintf(text, sizeof(text),
		     "engine: %s\njobs: %u\nbugs: %s\nvmalloc: %s\n%s",
		     engine_name(cg->eng.kind), cg->eng.jobs, knobs,
		     cg->vmalloc ? cg->vmalloc : "",
		     seed) >= (int)sizeof(text)) {
		fprintf(stderr, "vmfuzz: fuzz: --vmalloc '%.40s...' is too "
				"long\n", cg->vmalloc);
		return -1;
	}
	snprintf(path, sizeof(path), "%s/campaign.txt", cg->out);
	if (replace_file(path, text, strlen(text))) {
		fprintf(stderr, "vmfuzz: %s: cannot write: %s\n", path,
			strerror(errno));
		return -1;
	}
	return 0;
}

/* progress.csv, with the elapsed time of earlier runs as the offset. */
static int open_csv(struct campaign *cg)
{
	char path[CAMPAIGN_PATH + 32], line[256];

	snprintf(path, sizeof(path), "%s/progress.csv", cg->out);
	cg->csv = fopen(path, "a+");
	if (!cg->csv) {
		fprintf(stderr, "vmfuzz: %s: %s\n", path, strerror(errno));
		return -1;
	}
	rewind(cg->csv);
	while (fgets(line, sizeof(line), cg->csv)) {
		char *p;

		if (line[0] < '0' || line[0] > '9')
			continue;
		cg->toff = strtod(line, &p);
		cg->execs_off = strtoull(p + (*p == ','), NULL, 10);
	}
	if (!ftell(cg->csv))
		fprintf(cg->csv, "elapsed_s,execs,execs_per_s,corpus,coverage,"
				 "bugs\n");
	return 0;
}

/* The engines' scratch directory, OUT/tmp.XXXXXX, removed at the end. */
static int make_tmp(struct campaign *cg)
{
	remove_stale_tmp(cg->out);
	snprintf(cg->tmp, sizeof(cg->tmp), "%s/tmp.XXXXXX", cg->out);
	if (mkdtemp(cg->tmp)) {
		cg->eng.tmpdir = cg->tmp;
		return 0;
	}
	fprintf(stderr, "vmfuzz: %s: %s\n", cg->tmp, strerror(errno));
	cg->tmp[0] = '\0';
	return -1;
}

/* The directories of OUT are directories: a file in the place of one
 * (crashes/ as a plain file, say) is refused before anything runs, since
 * every crash found would be lost. */
static int check_subdirs(const struct campaign *cg)
{
	static const char *const dirs[] = { "corpus", "raw-crashes", "logs",
					    "crashes", "afl" };
	char path[CAMPAIGN_PATH + 32];
	struct stat st;
	unsigned i;

	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", cg->out, dirs[i]);
		if (lstat(path, &st) || S_ISDIR(st.st_mode))
			continue;
		if (S_ISLNK(st.st_mode) && !stat(path, &st) &&
		    S_ISDIR(st.st_mode))
			continue;
		fprintf(stderr,
			"vmfuzz: fuzz: %s is not a directory (the campaign "
			"keeps its %s there); move it away\n",
			path, dirs[i]);
		return -1;
	}
	return 0;
}

/* campaign.txt first: from then on OUT is a campaign directory. */
static int setup(struct campaign *cg)
{
	static const char *const dirs[] = { "corpus", "raw-crashes", "logs" };
	unsigned i;

	if (check_subdirs(cg) || campaign_claim(cg->out) ||
	    write_campaign_txt(cg))
		return EXIT_USAGE;
	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++)
		if (make_dir(cg->out, dirs[i]))
			return EXIT_USAGE;
	if (make_tmp(cg) || seed_corpus(cg->out, cg->seeds) || open_csv(cg) ||
	    crashdb_open(&cg->db, cg->out, &cg->cfg))
		return EXIT_USAGE;
	return 0;
}

/* The progress line, unless it says word for word what the last one said
 * less than REPEAT_EVERY seconds ago. */
static void print_progress(struct campaign *cg, double t)
{
	const struct engine_stats *st = &cg->eng.st;
	char line[sizeof(cg->printed)];

	snprintf(line, sizeof(line),
		 "execs %llu (%.0f/s, mean %.0f/s)  corpus %u  cov %u  "
		 "bugs %u  crash files %u",
		 st->execs, cg->eps, t > 0 ? (double)st->execs / t : 0,
		 st->corpus, st->cov, cg->db.n, cg->db.raw);
	if (!strcmp(line, cg->printed) && t - cg->printed_t < REPEAT_EVERY)
		return;
	memcpy(cg->printed, line, sizeof(line));
	cg->printed_t = t;
	printf("[%6.0fs] %s\n", t, line);
	fflush(stdout);
}

/* Execs per second between the last two changes of the engines' count
 * (libFuzzer's fork mode reports when a job ends, AFL++ every second
 * through StatsD); the last rate while it stands still. */
static void sample(struct campaign *cg, bool print)
{
	const struct engine_stats *st = &cg->eng.st;
	double t = now() - cg->t0;

	if (st->execs != cg->last_execs && t > cg->last_t) {
		cg->eps = st->execs > cg->last_execs
				  ? (double)(st->execs - cg->last_execs) /
					    (t - cg->last_t)
				  : 0;
		cg->last_t = t;
		cg->last_execs = st->execs;
	}
	fprintf(cg->csv, "%.1f,%llu,%.0f,%u,%u,%u\n", cg->toff + t,
		cg->execs_off + st->execs, cg->eps, st->corpus, st->cov,
		cg->db.n);
	fflush(cg->csv);
	if (print)
		print_progress(cg, t);
}

static void engine_ended(const struct campaign *cg)
{
	int st = cg->eng.child[0].status;

	fprintf(stderr, "vmfuzz: engine %s %s %d; see %s/logs/\n",
		engine_name(cg->eng.kind),
		WIFSIGNALED(st) ? "killed by signal" : "exited with status",
		WIFSIGNALED(st) ? WTERMSIG(st) : WEXITSTATUS(st), cg->out);
}

/* --runs, and the engine ran them: the counter says so, or it exited 0
 * (libFuzzer's -runs, AFL++'s -E end that way). */
static bool runs_done(const struct campaign *cg)
{
	int st = cg->eng.child[0].status;

	return cg->eng.runs && (!engine_runs_left(&cg->eng) ||
				(WIFEXITED(st) && !WEXITSTATUS(st)));
}

/* A single libFuzzer process ended (a new BUG, a timeout): note its crash
 * (so its title is known to the next one) and start it again, unless it
 * keeps ending within 2 s without leaving a crash file. */
static bool restart(struct campaign *cg, double t, double *started,
		    unsigned *quick)
{
	unsigned raw = cg->db.raw;

	if ((cg->time_s && t >= cg->time_s) || runs_done(cg))
		return false;
	crashdb_scan(&cg->db, true);
	crashdb_flush(&cg->db);
	*quick = t - *started < 2 && cg->db.raw == raw ? *quick + 1 : 0;
	if (*quick >= 5)
		return false;
	*started = t;
	return !engine_restart(&cg->eng);
}

/* Fuzz until a signal, --time, --until-bug or the engines' end. Returns
 * EXIT_EMULATOR if the engines died before ever reporting. */
static int run_loop(struct campaign *cg)
{
	double next_scan = 0, next_sample = PROGRESS_EVERY, t, started = 0;
	unsigned bugs_before = cg->db.n, quick = 0;

	while (!stop_signal) {
		t = now() - cg->t0;
		if (cg->time_s && t >= cg->time_s)
			break;
		engine_poll(&cg->eng, cg->out, 250);
		if (t >= next_scan) {
			crashdb_scan(&cg->db, false);
			crashdb_flush(&cg->db);
			next_scan = t + SCAN_EVERY;
		}
		if (t >= next_sample) {
			sample(cg, true);
			next_sample = t + PROGRESS_EVERY;
		}
		if (cg->until_bug && cg->db.n > bugs_before)
			break;
		if (engine_alive(&cg->eng) ||
		    (!stop_signal && restart(cg, t, &started, &quick)))
			continue;
		if (runs_done(cg)) {
			printf("the engine did its --runs %llu\n",
			       cg->eng.runs);
			return 0;
		}
		engine_ended(cg);
		return cg->eng.st.seen || cg->db.raw ? 0 : EXIT_EMULATOR;
	}
	return 0;
}

static void draw_plot(struct campaign *cg)
{
	char title[256];

	snprintf(title, sizeof(title), "vmfuzz fuzz --engine %s --bugs=%s",
		 engine_name(cg->eng.kind), cg->bugs ? cg->bugs : "none");
	if (plot_progress(cg->out, title) == 1)
		printf("gnuplot is not installed: %s/progress.gnuplot draws "
		       "progress.png\n",
		       cg->out);
}

/* The coverage report of the final corpus into OUT/coverage/ (replaced),
 * when the coverage build exists (cov.c). */
static void final_coverage(struct campaign *cg)
{
	char dirs[CAMPAIGN_MAX_JOBS + 1][CAMPAIGN_PATH + 64],
		out[CAMPAIGN_PATH + 32];
	char *paths[CAMPAIGN_MAX_JOBS + 1], name[16];
	unsigned i, n = 0;

	if (!cov_build_exists())
		return;
	snprintf(dirs[n], sizeof(dirs[n]), "%s/corpus", cg->out);
	paths[n] = dirs[n], n++;
	for (i = 0; i < cg->eng.jobs &&
		    (cg->eng.kind == ENG_AFL || cg->eng.kind == ENG_AFL_RAW);
	     i++) {
		afl_name(i, name, sizeof(name));
		snprintf(dirs[n], sizeof(dirs[n]), "%s/afl/%s/queue", cg->out,
			 name);
		if (!access(dirs[n], R_OK))
			paths[n] = dirs[n], n++;
	}
	snprintf(out, sizeof(out), "%s/coverage", cg->out);
	printf("\ncoverage of the final corpus (%s/):\n", out);
	if (cov_run(paths, n, cg->bugs, cg->vmalloc, out, true, false))
		fprintf(stderr, "vmfuzz: no coverage report\n");
}

/* After the engines: last crashes, QEMU, plot, table. The engines stop
 * before the signal handlers go, so a second Ctrl-C cannot skip the stop. */
static int finish(struct campaign *cg, int rc)
{
	engine_stop(&cg->eng);
	catch_signals(false);
	if (cg->tmp[0])
		remove_tree(cg->tmp);
	crashdb_scan(&cg->db, true);
	sample(cg, true);
	if (!cg->no_qemu)
		crashdb_qemu(&cg->db);
	if (!cg->no_bochs)
		crashdb_replay(&cg->db, WORLD_BOCHS);
	draw_plot(cg);
	final_coverage(cg);
	fclose(cg->csv);
	printf("\n");
	engine_print_totals(&cg->eng, now() - cg->t0);
	crashdb_summary(&cg->db, stdout);
	crashdb_print_races(&cg->db, stdout);
	fflush(stdout);
	if (!rc)
		rc = cg->db.n ? EXIT_BUG : EXIT_OK;
	crashdb_close(&cg->db);
	return rc;
}

int cmd_fuzz(int argc, char **argv)
{
	static struct campaign cg;
	int rc;

	cg.eng.kind = ENG_LIBFUZZER;
	cg.eng.jobs = 1;
	cg.eng.err_fd = -1;
	cg.out = "fuzz-out";
	if ((rc = campaign_parse_args(&cg, argc, argv)) || (rc = engine_locate(&cg.eng)))
		return rc;
	if ((rc = setup(&cg))) {
		if (cg.tmp[0])
			remove_tree(cg.tmp);
		return rc;
	}
	catch_signals(true);
	cg.t0 = now();
	printf("fuzzing with %s, %u job%s, into %s/ (Ctrl-C stops)\n",
	       engine_name(cg.eng.kind), cg.eng.jobs,
	       cg.eng.jobs > 1 ? "s" : "", cg.out);
	fflush(stdout);
	if (cg.toff == 0)
		sample(&cg, false);
	cg.eng.time_s = cg.time_s;
	rc = engine_start(&cg.eng, cg.out, cg.bugs, cg.vmalloc);
	if (!rc)
		rc = run_loop(&cg);
	if (stop_signal)
		printf("stopping on signal %d\n", (int)stop_signal);
	return finish(&cg, rc);
}
