// SPDX-License-Identifier: GPL-2.0
/*
 * Starting the engine processes of a campaign: libFuzzer in fork mode (one
 * process, -fork=N) or N AFL++ instances on one sync directory, each in its
 * own process group so that stopping it takes every child with it, and
 * with a watchdog (spawn.c) that kills the group if vmfuzz dies.
 */
#include "campaign.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "paths.h"
#include "progfile.h"

const char *engine_name(enum engine_kind k)
{
	static const char *const names[] = {
		[ENG_LIBFUZZER] = "libfuzzer",
		[ENG_LIBFUZZER_RAW] = "libfuzzer-raw",
		[ENG_AFL] = "afl",
		[ENG_AFL_RAW] = "afl-raw",
	};

	return names[k];
}

static bool is_afl(const struct engine *e)
{
	return e->kind == ENG_AFL || e->kind == ENG_AFL_RAW;
}

/* base/fuzz/name or base/name, if it exists with access `mode`. */
static bool find_in(const char *base, const char *name, int mode, char *out)
{
	snprintf(out, CAMPAIGN_PATH, "%s/fuzz/%s", base, name);
	if (!access(out, mode))
		return true;
	snprintf(out, CAMPAIGN_PATH, "%s/%s", base, name);
	return !access(out, mode);
}

void build_sibling(const char *dir, char *out)
{
	paths_tree(dir, out, CAMPAIGN_PATH); /* installed: share/vmfuzz/DIR */
}

static int missing(const char *what, const char *base, const char *dir,
		   const char *flavour)
{
	bool afl_asan = !strcmp(dir, "build-afl-asan");

	fprintf(stderr,
		"vmfuzz: no %s in %s (build it with %s, or: %smeson "
		"setup %s --native-file ci/native-%s.ini -Dfuzzing=%s && %s"
		"ninja -C %s)\n",
		what, base, afl_asan ? "AFL_USE_ASAN=1" : "ci/setup",
		afl_asan ? "AFL_USE_ASAN=1 " : "", dir, flavour,
		strncmp(flavour, "libfuzzer", 9) ? flavour : "libfuzzer",
		afl_asan ? "AFL_USE_ASAN=1 " : "", dir);
	return EXIT_USAGE;
}

/* One "key = value" line of the [libfuzzer] part of TARGET.options as
 * -key=value, a dict file name made a path next to the target. */
static void add_option(struct engine *e, const char *line, const char *dir,
		       int dirlen)
{
	char key[64], val[160];
	char *opt = e->opt[e->nopt];
	size_t n = sizeof(e->opt[0]);

	if (sscanf(line, " %63[a-z_] = %159s", key, val) != 2)
		return;
	if (!strcmp(key, "dict"))
		snprintf(opt, n, "-dict=%.*s/%s", dirlen, dir, val);
	else
		snprintf(opt, n, "-%s=%s", key, val);
	e->nopt++;
}

/* Where the target's dictionary and options are: next to it (a build
 * tree), else share/vmfuzz (installed); into dir[0..CAMPAIGN_PATH). */
static void data_dir(const struct engine *e, char *dir)
{
	const char *slash = strrchr(e->target, '/');
	char probe[CAMPAIGN_PATH + 32];

	snprintf(dir, CAMPAIGN_PATH, "%.*s",
		 slash ? (int)(slash - e->target) : 1, slash ? e->target : ".");
	snprintf(probe, sizeof(probe), "%s/fuzz_vmalloc.dict", dir);
	if (access(probe, R_OK) &&
	    paths_share("fuzz_vmalloc.dict", probe, sizeof(probe)) &&
	    !access(probe, R_OK))
		paths_share("", dir, CAMPAIGN_PATH);
}

/* The dictionary; libFuzzer options of TARGET.options (data_dir()). */
static void read_options(struct engine *e)
{
	char dir[CAMPAIGN_PATH], path[CAMPAIGN_PATH + 16], line[256];
	const char *slash = strrchr(e->target, '/');
	bool in_section = false;
	int dirlen;
	FILE *f;

	data_dir(e, dir);
	dirlen = (int)strlen(dir);
	snprintf(e->dict, sizeof(e->dict), "%s/fuzz_vmalloc.dict", dir);
	if (access(e->dict, R_OK))
		e->dict[0] = '\0';
	e->nopt = 0;
	snprintf(path, sizeof(path), "%s/%s.options", dir,
		 slash ? slash + 1 : e->target);
	f = is_afl(e) ? NULL : fopen(path, "r");
	while (f && fgets(line, sizeof(line), f) && e->nopt < ENGINE_MAX_OPTS) {
		if (line[0] == '[')
			in_section = !strncmp(line, "[libfuzzer]", 11);
		else if (in_section)
			add_option(e, line, dir, dirlen);
	}
	if (f)
		fclose(f);
}

int engine_locate(struct engine *e)
{
	static const char *const targets[] = {
		[ENG_LIBFUZZER] = "fuzz_vmalloc",
		[ENG_LIBFUZZER_RAW] = "fuzz_vmalloc_raw",
		[ENG_AFL] = "fuzz_vmalloc_afl",
		[ENG_AFL_RAW] = "fuzz_vmalloc_afl",
	};
	static const enum fuzz_build builds[2][2] = {
		{ FUZZ_LIBFUZZER_FAST, FUZZ_LIBFUZZER },
		{ FUZZ_AFL, FUZZ_AFL_ASAN },
	};
	static const char *const flavours[2][2] = {
		{ "libfuzzer-fast", "libfuzzer" },
		{ "afl", "afl" },
	};
	enum fuzz_build b = builds[is_afl(e)][e->sanitize];
	const char *dir = fuzz_builds[b].dir;
	const char *flavour = flavours[is_afl(e)][e->sanitize];
	char base[CAMPAIGN_PATH];

	/* $VMFUZZ_*_DIR, libexec/vmfuzz/KIND installed, or ../build-KIND */
	paths_fuzz_build(b, base, sizeof(base));
	if (!find_in(base, targets[e->kind], X_OK, e->target))
		return missing(targets[e->kind], base, dir, flavour);
	read_options(e);
	e->mutator[0] = '\0';
	if (e->kind == ENG_AFL &&
	    !find_in(base, "libvmfuzz_mutator.so", R_OK, e->mutator))
		return missing("libvmfuzz_mutator.so", base, dir, flavour);
	return 0;
}

/* The --time backstop: the engines stop by themselves 30 s after vmfuzz
 * should have stopped them ("" without --time). */
static void backstop(const struct engine *e, const char *flag, char *buf,
		     size_t n)
{
	buf[0] = '\0';
	if (e->time_s)
		snprintf(buf, n, "%s%u", flag, e->time_s + 30);
}

/* Start argv as engine process e->n, in its own group, guarded. */
static int spawn(struct engine *e, char *const argv[], const char *log,
		 const struct child_env *env)
{
	struct child_opts o = {
		.err_path = log, .log = log != NULL, .env = env, .guard = true
	};
	struct child *c = &e->child[e->n];

	if (child_start_env(c, argv, &o)) {
		errno = c->start_errno;
		return -1;
	}
	e->n++;
	return 0;
}

/* -seed=N, -reload=0 (the corpus is read again every second otherwise,
 * a clock in the run) and -runs=LEFT of --seed and --runs, into argv[*n]. */
static void libfuzzer_repeatable(const struct engine *e, char *seed, char *runs,
				 size_t len, char **argv, unsigned *n)
{
	static char reload[] = "-reload=0";

	if (e->seed) {
		snprintf(seed, len, "-seed=%u", e->seed);
		argv[(*n)++] = seed;
		argv[(*n)++] = reload;
	}
	if (e->runs) {
		snprintf(runs, len, "-runs=%llu", engine_runs_left(e));
		argv[(*n)++] = runs;
	}
}

static int start_libfuzzer(struct engine *e, const char *out,
			   const struct child_env *env)
{
	static char *flags[] = { "-ignore_crashes=1", "-ignore_timeouts=1",
				 "-ignore_ooms=1", "-timeout=10" };
	char fork_arg[32], art[CAMPAIGN_PATH + 32], corpus[CAMPAIGN_PATH];
	char logp[CAMPAIGN_PATH], stop[32], *argv[12 + ENGINE_MAX_OPTS];
	char seed[32], runs[32];
	unsigned i, n = 0;

	/* One job runs without fork mode (its job restarts cost more than
	 * the fuzzing); vmfuzz restarts it after a crash. */
	snprintf(fork_arg, sizeof(fork_arg), "-fork=%u", e->jobs);
	snprintf(art, sizeof(art), "-artifact_prefix=%s/raw-crashes/", out);
	snprintf(corpus, sizeof(corpus), "%s/corpus", out);
	snprintf(logp, sizeof(logp), "%s/logs/libfuzzer.log", out);
	backstop(e, "-max_total_time=", stop, sizeof(stop));
	argv[n++] = e->target;
	if (e->jobs > 1) {
		argv[n++] = fork_arg;
		for (i = 0; i < 3; i++)
			argv[n++] = flags[i];
	}
	argv[n++] = flags[3];
	for (i = 0; i < e->nopt; i++)
		argv[n++] = e->opt[i];
	if (stop[0])
		argv[n++] = stop;
	libfuzzer_repeatable(e, seed, runs, sizeof(seed), argv, &n);
	argv[n++] = art;
	argv[n++] = corpus;
	argv[n] = NULL;
	if (spawn(e, argv, NULL, env))
		return -1;
	e->err_fd = e->child[0].out_fd; /* stdout and stderr */
	e->child[0].out_fd = -1;
	fcntl(e->err_fd, F_SETFL, O_NONBLOCK);
	e->log = fopen(logp, "a");
	return 0;
}

/* env plus AFL_STATSD* naming instance i's own socket: AFL++ 4.04c
 * without a UI writes fuzzer_stats and plot_data only about once a minute,
 * but sends StatsD metrics every second. */
static void statsd_env(struct engine *e, unsigned i,
		       const struct child_env *env, struct child_env *out,
		       unsigned cap, char *port, size_t portlen)
{
	unsigned n = 0, p;

	e->statsd_fd[i] = statsd_open(&p);
	while (env[n].name && n + 4 < cap) {
		out[n] = env[n];
		n++;
	}
	if (e->statsd_fd[i] >= 0) {
		snprintf(port, portlen, "%u", p);
		out[n++] = (struct child_env){ "AFL_STATSD", "1" };
		out[n++] = (struct child_env){ "AFL_STATSD_HOST", "127.0.0.1" };
		out[n++] = (struct child_env){ "AFL_STATSD_PORT", port };
	}
	out[n] = (struct child_env){ NULL, NULL };
}

/* One AFL++ instance: -M main or -S sI; resumes (-i -) when it ran before. */
static int start_afl(struct engine *e, const char *out, unsigned i,
		     const struct child_env *base)
{
	struct child_env env[24];
	char port[16];
	char name[16], in[CAMPAIGN_PATH], sync[CAMPAIGN_PATH], stop[16];
	char path[CAMPAIGN_PATH + 64], *argv[22], seed[16], runs[32];
	unsigned n = 0;

	afl_name(i, name, sizeof(name));
	snprintf(sync, sizeof(sync), "%s/afl", out);
	snprintf(path, sizeof(path), "%s/afl/%s/fuzzer_stats", out, name);
	if (!access(path, F_OK))
		snprintf(in, sizeof(in), "-");
	else
		snprintf(in, sizeof(in), "%s/corpus", out);
	backstop(e, "", stop, sizeof(stop));
	argv[n++] = "afl-fuzz";
	argv[n++] = "-i";
	argv[n++] = in;
	argv[n++] = "-o";
	argv[n++] = sync;
	argv[n++] = i ? "-S" : "-M";
	argv[n++] = name;
	if (stop[0]) {
		argv[n++] = "-V";
		argv[n++] = stop;
	}
	if (e->dict[0]) {
		argv[n++] = "-x";
		argv[n++] = e->dict;
	}
	if (e->seed) { /* each instance its own, from --seed */
		snprintf(seed, sizeof(seed), "%u", e->seed + i);
		argv[n++] = "-s";
		argv[n++] = seed;
	}
	if (e->runs) {
		snprintf(runs, sizeof(runs), "%llu", e->runs);
		argv[n++] = "-E";
		argv[n++] = runs;
	}
	argv[n++] = "--";
	argv[n++] = e->target;
	argv[n] = NULL;
	snprintf(path, sizeof(path), "%s/logs/afl-%s.log", out, name);
	statsd_env(e, i, base, env, sizeof(env) / sizeof(env[0]), port,
		   sizeof(port));
	return spawn(e, argv, path, env);
}

/* TMPDIR/execs: 8 zero bytes the targets count their runs in, mapped
 * read-only here; *path is "" when it cannot be had. */
static void make_counter(struct engine *e, char *path, size_t n)
{
	static const unsigned long long zero;
	int fd;
	void *p;

	e->counter = NULL;
	snprintf(path, n, "%s/execs", e->tmpdir ? e->tmpdir : "");
	fd = e->tmpdir
		     ? open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600)
		     : -1;
	if (fd >= 0 && write(fd, &zero, sizeof(zero)) == sizeof(zero)) {
		p = mmap(NULL, sizeof(zero), PROT_READ, MAP_SHARED, fd, 0);
		if (p != MAP_FAILED)
			e->counter = p;
	}
	if (fd >= 0)
		close(fd);
	if (!e->counter)
		path[0] = '\0';
}

/* Start every engine process, with the campaign's environment. */
static int spawn_all(struct engine *e)
{
	char known[CAMPAIGN_PATH + 32];
	struct child_env env[] = {
		{ "VMFUZZ_BUGS", e->bugs },
		{ "VMFUZZ_KNOWN_TITLES", known },
		{ "VMFUZZ_VMALLOC", e->vmalloc },
		{ "VMFUZZ_EXEC_COUNTER", e->counter_path }, /* "": none */
		{ "TMPDIR", e->tmpdir },
		{ "AFL_NO_UI", "1" },
		{ "AFL_SKIP_CPUFREQ", "1" },
		{ "AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES", "1" },
		{ "AFL_NO_AFFINITY", "1" },
		{ "AFL_CUSTOM_MUTATOR_LIBRARY",
		  e->mutator[0] ? e->mutator : NULL },
		{ NULL, NULL },
	};
	unsigned i;
	int rc = 0;

	snprintf(known, sizeof(known), "%s/known-titles.txt", e->out);
	if (!is_afl(e))
		rc = start_libfuzzer(e, e->out, env);
	for (i = 0; is_afl(e) && i < e->jobs && !rc; i++)
		rc = start_afl(e, e->out, i, env);
	return rc;
}

int engine_start(struct engine *e, const char *out, const char *bugs,
		 const char *vmalloc)
{
	unsigned i;

	e->out = out;
	e->bugs = bugs;
	e->vmalloc = vmalloc;
	make_counter(e, e->counter_path, sizeof(e->counter_path));
	e->n = 0;
	e->err_fd = -1;
	e->log = NULL;
	memset(&e->st, 0, sizeof(e->st));
	memset(e->afl, 0, sizeof(e->afl));
	for (i = 0; i < CAMPAIGN_MAX_JOBS; i++)
		e->statsd_fd[i] = -1;
	if (spawn_all(e)) {
		fprintf(stderr, "vmfuzz: engine %s could not start: %s: %s\n",
			engine_name(e->kind),
			is_afl(e) ? "afl-fuzz" : e->target, strerror(errno));
		engine_stop(e);
		return EXIT_EMULATOR;
	}
	return 0;
}

int engine_restart(struct engine *e)
{
	if (is_afl(e) || e->jobs != 1 || !engine_runs_left(e))
		return -1;
	if (e->err_fd >= 0)
		close(e->err_fd);
	if (e->log)
		fclose(e->log);
	e->err_fd = -1;
	e->log = NULL;
	e->linelen = 0;
	e->n = 0;
	return spawn_all(e) ? -1 : 0;
}
