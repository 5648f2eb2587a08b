// SPDX-License-Identifier: GPL-2.0
/*
 * `vmfuzz cov [--bugs=LIST] [--vmalloc=SIZE] [--out DIR] DIR|FILE...`: line
 * coverage of core/ reached by programs. Uses (building it when missing)
 * the source-based coverage build build-cov/ next to this vmfuzz's build
 * (clang -fprofile-instr-generate -fcoverage-mapping), replays the programs
 * there (`vmfuzz run` with the knobs given; without --bugs, regression
 * programs also run with the knobs of their headers, as `vmfuzz regress`
 * does), merges the profiles and writes into DIR (default coverage/, new):
 *   cov.profdata    merged profile
 *   files.txt       llvm-cov report of core/ (per file)
 *   functions.txt   llvm-cov report -show-functions (per function)
 *   html/index.html llvm-cov show -format=html
 *   cov.log         what the tools printed
 * and prints the per-file and per-function line coverage. A campaign runs
 * it on its final corpus into OUT/coverage/ when build-cov/ exists.
 */
#include "cov.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "campaign.h"
#include "regress.h"
#include "runcmd.h"
#include "walk.h"

#define COV_FLAGS "-fprofile-instr-generate -fcoverage-mapping"
#define MAX_ARGS 4096

/* An argv under construction (strings owned by the caller or by it). */
struct args {
	char *v[MAX_ARGS + 1];
	char *own[MAX_ARGS];
	unsigned n, nown;
};

static void arg(struct args *a, const char *s)
{
	if (a->n < MAX_ARGS)
		a->v[a->n++] = (char *)s;
	a->v[a->n] = NULL;
}

/* Add a copy of s (for strings that do not outlive the call). */
static void arg_dup(struct args *a, const char *s)
{
	char *d = strdup(s);

	if (d && a->nown < MAX_ARGS)
		arg(a, a->own[a->nown++] = d);
	else
		free(d);
}

static void args_free(struct args *a)
{
	while (a->nown)
		free(a->own[--a->nown]);
	a->n = 0;
}

struct cov {
	char src[CAMPAIGN_PATH];   /* the source tree */
	char build[CAMPAIGN_PATH]; /* the coverage build */
	char out[CAMPAIGN_PATH];   /* the report directory */
	char log[CAMPAIGN_PATH + 16];
	char profdata[CAMPAIGN_PATH + 16];
	char equiv[2 * CAMPAIGN_PATH + 8]; /* -path-equivalence=FROM,TO */
	struct args core;		   /* the .c files of SRC/core */
	bool made;			   /* out was created by this run */
};

/* The profiles of the programs meson runs while configuring (compiler
 * checks built with COV_FLAGS) go nowhere. */
static const struct child_env no_profile[] = {
	{ "LLVM_PROFILE_FILE", "/dev/null" },
	{ NULL, NULL },
};

/* Run a (logged to c->log); 0, or -1 after a one-line error. A replay
 * (env other than no_profile) may exit 1: it found a BUG. */
static int run(struct cov *c, struct args *a, const struct child_env *env)
{
	int rc = run_command(a->v, NULL, env, c->log);

	if (rc == 0 || (rc == 1 && env != no_profile))
		return 0;
	fprintf(stderr, "vmfuzz: cov: %s failed (exit %d):\n", a->v[0], rc);
	cov_print_log_tail(stderr, c->log, 8);
	return -1;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Append the .c files of SRC/core/ROOM to c->core; 0 or -1. */
static int list_room(struct cov *c, const char *room)
{
	char path[CAMPAIGN_PATH + 300];
	struct dirent *de;
	DIR *d;

	snprintf(path, sizeof(path), "%s/core/%s", c->src, room);
	if (!(d = opendir(path)))
		return -1;
	while ((de = readdir(d))) {
		size_t n = strlen(de->d_name);

		if (n < 3 || strcmp(de->d_name + n - 2, ".c"))
			continue;
		snprintf(path, sizeof(path), "%s/core/%s/%s", c->src, room,
			 de->d_name);
		arg_dup(&c->core, path);
	}
	closedir(d);
	return 0;
}

/* c->core: the .c files of SRC/core's rooms (core/README.md), sorted. */
static int list_core(struct cov *c)
{
	static const char *const rooms[] = { "kernel", "program", "exec",
					     "oracle", "run" };
	unsigned i;

	for (i = 0; i < sizeof(rooms) / sizeof(rooms[0]); i++) {
		if (list_room(c, rooms[i])) {
			fprintf(stderr, "vmfuzz: cov: %s/core/%s: no source tree\n",
				c->src, rooms[i]);
			return -1;
		}
	}
	qsort(c->core.v, c->core.n, sizeof(char *), cmp_str);
	return c->core.n ? 0 : -1;
}

/* SRC, build-cov/ and the path mapping between them; 0 or -1. */
static int locate(struct cov *c)
{
	char dir[CAMPAIGN_PATH];

	build_sibling(".", dir);
	if (!realpath(dir, c->src)) {
		fprintf(stderr, "vmfuzz: cov: %s: %s\n", dir, strerror(errno));
		return -1;
	}
	snprintf(c->build, sizeof(c->build), "%s/build-cov", c->src);
	/* meson compiles ../core/X.c in build-cov: map it to SRC/core/X.c */
	snprintf(c->equiv, sizeof(c->equiv), "-path-equivalence=%s/..,%s",
		 c->build, c->src);
	return list_core(c);
}

/* Which of the tools cov needs is missing (NULL: none). */
static const char *missing_tool(bool build)
{
	static const char *const tools[] = { "llvm-profdata", "llvm-cov",
					     "clang", "meson", "ninja" };
	unsigned i;

	for (i = 0; i < (build ? 5u : 2u); i++)
		if (!find_program(tools[i]))
			return tools[i];
	return NULL;
}

bool cov_build_exists(void)
{
	char dir[CAMPAIGN_PATH], path[CAMPAIGN_PATH + 32];

	build_sibling("build-cov", dir);
	snprintf(path, sizeof(path), "%s/build.ninja", dir);
	return !access(path, R_OK) && !missing_tool(false);
}

/* Configure build-cov/ if needed, then (re)build its vmfuzz. */
static int build(struct cov *c)
{
	char ninja[CAMPAIGN_PATH + 32], native[CAMPAIGN_PATH + 32];
	struct args a = { 0 };
	int rc = 0;

	snprintf(ninja, sizeof(ninja), "%s/build.ninja", c->build);
	snprintf(native, sizeof(native), "%s/ci/native-clang.ini", c->src);
	if (access(ninja, R_OK)) {
		printf("configuring the coverage build %s\n", c->build);
		fflush(stdout);
		arg(&a, "meson"), arg(&a, "setup"), arg(&a, c->build);
		arg(&a, c->src), arg(&a, "--native-file"), arg(&a, native);
		arg(&a, "--buildtype=debug"), arg(&a, "-Dc_args=" COV_FLAGS);
		arg(&a, "-Dc_link_args=-fprofile-instr-generate");
		rc = run(c, &a, no_profile);
		args_free(&a);
	}
	arg(&a, "ninja"), arg(&a, "-C"), arg(&a, c->build), arg(&a, "vmfuzz");
	return rc ? rc : run(c, &a, no_profile);
}

static int add_regress(void *a, const char *path)
{
	struct expectation e;
	char err[CAMPAIGN_PATH + 64];

	if (progfile_is_text(path) &&
	    !expectation_read(path, &e, err, sizeof(err)) &&
	    expectation_has_knob(&e))
		arg_dup(a, path);
	return 0;
}

/* Replay paths in build-cov/vmfuzz, profiles into OUT/profraw/. */
static int replay(struct cov *c, char **paths, unsigned n, const char *bugs,
		  const char *vmalloc)
{
	char exe[CAMPAIGN_PATH + 16], prof[CAMPAIGN_PATH + 64], err[256];
	char knob[160], vm[160];
	struct child_env env[] = { { "LLVM_PROFILE_FILE", prof },
				   { NULL, NULL } };
	struct args a = { 0 };
	unsigned i, base;
	int rc;

	snprintf(exe, sizeof(exe), "%s/vmfuzz", c->build);
	snprintf(prof, sizeof(prof), "%s/profraw/%%p.profraw", c->out);
	arg(&a, exe), arg(&a, "run");
	if (bugs)
		snprintf(knob, sizeof(knob), "--bugs=%s", bugs), arg(&a, knob);
	if (vmalloc)
		snprintf(vm, sizeof(vm), "--vmalloc=%s", vmalloc), arg(&a, vm);
	for (i = 0; i < n; i++)
		arg(&a, paths[i]);
	rc = run(c, &a, env);
	args_free(&a);
	if (rc || bugs)
		return rc;
	arg(&a, exe), arg(&a, "regress"), arg(&a, "--worlds=host");
	base = a.n;
	for (i = 0; i < n; i++)
		walk_programs(paths[i], add_regress, &a, err, sizeof(err));
	rc = a.n > base ? run(c, &a, env) : 0;
	args_free(&a);
	return rc;
}

static int add_profraw(void *a, const char *path)
{
	size_t n = strlen(path);

	if (n > 8 && !strcmp(path + n - 8, ".profraw"))
		arg_dup(a, path);
	return 0;
}

/* Merge OUT/profraw/ into OUT/cov.profdata; write the three reports. */
static int report(struct cov *c, const char *exe)
{
	char dir[CAMPAIGN_PATH + 32], prof[CAMPAIGN_PATH + 32];
	char err[CAMPAIGN_PATH + 64];
	struct args a = { 0 };
	unsigned i, base;
	int rc;

	snprintf(dir, sizeof(dir), "%s/profraw", c->out);
	snprintf(prof, sizeof(prof), "-instr-profile=%s", c->profdata);
	arg(&a, "llvm-profdata"), arg(&a, "merge"), arg(&a, "-sparse");
	arg(&a, "-o"), arg(&a, c->profdata);
	base = a.n;
	walk_programs(dir, add_profraw, &a, err, sizeof(err));
	if (a.n == base) {
		fprintf(stderr, "vmfuzz: cov: no profile written in %s\n", dir);
		return -1;
	}
	rc = run(c, &a, no_profile);
	for (i = 0; !rc && i < 3; i++) {
		static const char *const what[] = { "files.txt",
						    "functions.txt", NULL };
		char html[CAMPAIGN_PATH + 32], log[CAMPAIGN_PATH + 32];
		unsigned k;

		args_free(&a);
		arg(&a, "llvm-cov"), arg(&a, i < 2 ? "report" : "show");
		if (i == 1)
			arg(&a, "-show-functions");
		if (i == 2) {
			snprintf(html, sizeof(html), "-output-dir=%s/html",
				 c->out);
			arg(&a, "-format=html"), arg(&a, html);
		}
		arg(&a, exe), arg(&a, prof), arg(&a, c->equiv);
		for (k = 0; k < c->core.n; k++)
			arg(&a, c->core.v[k]);
		snprintf(log, sizeof(log), "%s/%s", c->out,
			 what[i] ? what[i] : "cov.log");
		rc = run_command(a.v, NULL, NULL, log) ? -1 : 0;
		if (rc) {
			fprintf(stderr, "vmfuzz: cov: llvm-cov failed:\n");
			cov_print_log_tail(stderr, log, 8);
		}
	}
	args_free(&a);
	return rc;
}

/* Create c->out (replacing it when `replace`), c->out/profraw. */
static int make_out(struct cov *c, bool replace)
{
	struct stat st;

	if (!stat(c->out, &st) && !replace) {
		fprintf(stderr,
			"vmfuzz: cov: %s exists, not overwritten "
			"(choose another --out)\n",
			c->out);
		return -1;
	}
	if (replace)
		remove_tree(c->out);
	if (make_dir(c->out, "profraw"))
		return -1;
	c->made = true;
	snprintf(c->log, sizeof(c->log), "%s/cov.log", c->out);
	snprintf(c->profdata, sizeof(c->profdata), "%s/cov.profdata", c->out);
	return 0;
}

int cov_run(char **paths, unsigned n, const char *bugs, const char *vmalloc,
	    const char *out, bool replace, bool functions)
{
	static struct cov c;
	char exe[CAMPAIGN_PATH + 16], files[CAMPAIGN_PATH + 32];
	char funcs[CAMPAIGN_PATH + 32];
	const char *tool = missing_tool(true);
	int rc = -1;

	memset(&c, 0, sizeof(c));
	snprintf(c.out, sizeof(c.out), "%s", out);
	if (tool) {
		fprintf(stderr,
			"vmfuzz: cov: %s is not installed (ci/setup "
			"installs it)\n",
			tool);
		return EXIT_USAGE;
	}
	if (cov_check_inputs(paths, n))
		return EXIT_USAGE;
	if (!locate(&c) && !make_out(&c, replace) && !build(&c) &&
	    !replay(&c, paths, n, bugs, vmalloc)) {
		snprintf(exe, sizeof(exe), "%s/vmfuzz", c.build);
		rc = report(&c, exe);
	}
	snprintf(files, sizeof(files), "%s/files.txt", c.out);
	snprintf(funcs, sizeof(funcs), "%s/functions.txt", c.out);
	if (!rc)
		rc = cov_print(stdout, files, functions ? funcs : NULL);
	if (!rc)
		printf("HTML report: %s/html/index.html\n", c.out);
	else if (c.made) /* nothing half-made is left to refuse the next run */
		remove_tree(c.out);
	args_free(&c.core);
	return rc ? EXIT_USAGE : EXIT_OK;
}

int cmd_cov(int argc, char **argv)
{
	const char *bugs = NULL, *vmalloc = NULL, *out = "coverage";
	struct vmf_config cfg = { 0 };
	char **paths = calloc((size_t)argc + 1, sizeof(*paths));
	int i, k;
	unsigned n = 0;

	for (i = 0; paths && i < argc; i++) {
		k = knob_option(argc, argv, &i, &cfg, &bugs, &vmalloc);
		if (k < 0)
			break;
		if (k)
			continue;
		if (!strcmp(argv[i], "--out") && i + 1 < argc)
			out = argv[++i];
		else if (!strncmp(argv[i], "--out=", 6))
			out = argv[i] + 6;
		else if (argv[i][0] != '-')
			paths[n++] = argv[i];
		else
			break;
	}
	if (!paths || i < argc || !n) {
		fprintf(stderr, "usage: vmfuzz cov [--bugs=LIST] "
				"[--vmalloc=SIZE] [--out DIR] DIR|FILE...\n");
		free(paths);
		return EXIT_USAGE;
	}
	k = cov_run(paths, n, bugs, vmalloc, out, false, true);
	free(paths);
	return k;
}
