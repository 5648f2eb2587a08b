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
#include <sys/wait.h>
#include <time.h>

#include "progfile.h"

#define SCAN_EVERY 1.0
#define PROGRESS_EVERY 5.0

struct campaign {
	struct engine eng;
	struct crashdb db;
	struct vmf_config cfg;
	const char *out, *seeds, *bugs, *vmalloc;
	char tmp[CAMPAIGN_PATH]; /* the engines' TMPDIR, or "" */
	unsigned time_s;
	bool until_bug, no_qemu;
	double t0, toff, last_t, eps;
	unsigned long long last_execs, execs_off;
	FILE *csv;
};

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

static int usage(const char *what, const char *arg)
{
	fprintf(stderr, "vmfuzz: fuzz: %s '%s'\n", what, arg);
	return EXIT_USAGE;
}

/* Value of option `name` at argv[*i] ("--name=V" or "--name V"), or NULL. */
static const char *opt(int argc, char **argv, int *i, const char *name)
{
	size_t n = strlen(name);

	if (strncmp(argv[*i], name, n))
		return NULL;
	if (argv[*i][n] == '=')
		return argv[*i] + n + 1;
	if (argv[*i][n] || *i + 1 == argc)
		return NULL;
	return argv[++*i];
}

static int parse_number(const char *v, unsigned max, unsigned *out)
{
	char *end;
	unsigned long n = strtoul(v, &end, 10);

	if (!*v || *end || n > max)
		return -1;
	*out = (unsigned)n;
	return 0;
}

static int parse_engine(const char *v, enum engine_kind *k)
{
	int i;

	for (i = ENG_LIBFUZZER; i <= ENG_AFL_RAW; i++) {
		if (!strcmp(v, engine_name(i))) {
			*k = i;
			return 0;
		}
	}
	return usage("unknown engine (libfuzzer, libfuzzer-raw, afl, afl-raw)",
		     v);
}

static int parse_args(struct campaign *cg, int argc, char **argv)
{
	const char *v;
	int i, k;

	for (i = 0; i < argc; i++) {
		k = knob_option(argc, argv, &i, &cg->cfg, &cg->bugs,
				&cg->vmalloc);
		if (k < 0)
			return EXIT_USAGE;
		if (k)
			continue;
		if ((v = opt(argc, argv, &i, "--engine"))) {
			if (parse_engine(v, &cg->eng.kind))
				return EXIT_USAGE;
		} else if ((v = opt(argc, argv, &i, "--jobs"))) {
			if (parse_number(v, CAMPAIGN_MAX_JOBS, &cg->eng.jobs) ||
			    !cg->eng.jobs)
				return usage("--jobs wants 1..64, not", v);
		} else if ((v = opt(argc, argv, &i, "--time"))) {
			if (parse_number(v, 100000000, &cg->time_s))
				return usage("--time wants seconds, not", v);
		} else if ((v = opt(argc, argv, &i, "--out"))) {
			cg->out = v;
		} else if ((v = opt(argc, argv, &i, "--seeds"))) {
			cg->seeds = v;
		} else if (!strcmp(argv[i], "--until-bug")) {
			cg->until_bug = true;
		} else if (!strcmp(argv[i], "--no-qemu")) {
			cg->no_qemu = true;
		} else {
			return usage("unknown option or missing value",
				     argv[i]);
		}
	}
	return 0;
}

static int write_campaign_txt(const struct campaign *cg)
{
	char path[CAMPAIGN_PATH + 32], text[512];

	snprintf(text, sizeof(text),
		 "engine: %s\njobs: %u\nbugs: %s\n"
		 "vmalloc: %s\n",
		 engine_name(cg->eng.kind), cg->eng.jobs,
		 cg->bugs ? cg->bugs : "none", cg->vmalloc ? cg->vmalloc : "");
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

/* campaign.txt first: from then on OUT is a campaign directory. */
static int setup(struct campaign *cg)
{
	static const char *const dirs[] = { "corpus", "raw-crashes", "logs" };
	unsigned i;

	if (campaign_claim(cg->out) || write_campaign_txt(cg))
		return EXIT_USAGE;
	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++)
		if (make_dir(cg->out, dirs[i]))
			return EXIT_USAGE;
	if (make_tmp(cg) || seed_corpus(cg->out, cg->seeds) || open_csv(cg) ||
	    crashdb_open(&cg->db, cg->out, &cg->cfg))
		return EXIT_USAGE;
	return 0;
}

/* Execs per second over the time since the engines' count last changed
 * (AFL++ refreshes it once a minute); the last rate while it stands still. */
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
	if (!print)
		return;
	printf("[%6.0fs] execs %llu (%.0f/s)  corpus %u  cov %u  bugs %u  "
	       "crash files %u\n",
	       t, st->execs, cg->eps, st->corpus, st->cov, cg->db.n,
	       cg->db.raw);
	fflush(stdout);
}

static void engine_ended(const struct campaign *cg)
{
	int st = cg->eng.child[0].status;

	fprintf(stderr, "vmfuzz: engine %s %s %d; see %s/logs/\n",
		engine_name(cg->eng.kind),
		WIFSIGNALED(st) ? "killed by signal" : "exited with status",
		WIFSIGNALED(st) ? WTERMSIG(st) : WEXITSTATUS(st), cg->out);
}

/* Fuzz until a signal, --time, --until-bug or the engines' end. Returns
 * EXIT_EMULATOR if the engines died before ever reporting. */
static int run_loop(struct campaign *cg)
{
	double next_scan = 0, next_sample = PROGRESS_EVERY, t;
	unsigned bugs_before = cg->db.n;

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
		if (engine_alive(&cg->eng))
			continue;
		engine_ended(cg);
		return cg->eng.st.seen || cg->db.raw ? 0 : EXIT_EMULATOR;
	}
	return 0;
}

static void draw_plot(struct campaign *cg)
{
	char path[CAMPAIGN_PATH + 32], line[256];
	struct sample *s = NULL, *p;
	unsigned n = 0, cap = 0;

	rewind(cg->csv);
	while (fgets(line, sizeof(line), cg->csv)) {
		if (line[0] < '0' || line[0] > '9')
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 256;
			if (!(p = realloc(s, cap * sizeof(*s))))
				break;
			s = p;
		}
		memset(&s[n], 0, sizeof(s[n]));
		sscanf(line, "%lf,%llu,%lf,%u,%u,%u", &s[n].t, &s[n].execs,
		       &s[n].eps, &s[n].corpus, &s[n].cov, &s[n].bugs);
		n++;
	}
	snprintf(path, sizeof(path), "%s/progress.png", cg->out);
	if (plot_progress(path, s, n))
		fprintf(stderr, "vmfuzz: %s: cannot write\n", path);
	free(s);
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
	draw_plot(cg);
	fclose(cg->csv);
	printf("\n");
	crashdb_summary(&cg->db, stdout);
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
	if ((rc = parse_args(&cg, argc, argv)) || (rc = engine_locate(&cg.eng)))
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
