/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Fuzz campaigns on the host (`vmfuzz fuzz`, `vmfuzz triage`). One output
 * directory holds everything, so that a second run resumes the first:
 *
 *   OUT/corpus/        shared corpus, seeded from corpora/ on the first run
 *   OUT/raw-crashes/   libFuzzer crash artifacts
 *   OUT/afl/NAME/      AFL++ instances (main, s1, s2, ...), crashes/ inside
 *   OUT/crashes/ID/    one directory per distinct BUG title: repro.vmf,
 *                      repro.bin, report.txt, qemu.txt, bochs.txt,
 *                      meta.txt
 *   OUT/triaged.txt    raw crash files already replayed, "KEY\tID" (KEY
 *                      relative to OUT, ID the crash dir or "-": no BUG)
 *   OUT/campaign.txt   the knobs of the last run (read by `vmfuzz triage`);
 *                      a non-empty OUT without it is not a campaign
 *   OUT/progress.csv   a sample every few seconds; at the end
 *                      progress.gnuplot and (by gnuplot) progress.png
 *   OUT/logs/          engine output
 *   OUT/tmp.XXXXXX/    engine scratch space of one run, removed at its end
 */
#ifndef VMFUZZ_CAMPAIGN_H
#define VMFUZZ_CAMPAIGN_H

#include <stdio.h>
#include <sys/types.h>

#include "cli.h"
#include "emu.h"
#include "spawn.h"

#define CAMPAIGN_MAX_JOBS 64
#define CAMPAIGN_PATH 4096
#define ENGINE_MAX_OPTS 8

enum engine_kind { ENG_LIBFUZZER, ENG_LIBFUZZER_RAW, ENG_AFL, ENG_AFL_RAW };

/* What the engines report, summed over the processes. */
struct engine_stats {
	unsigned long long execs;
	unsigned cov; /* libFuzzer "cov:", AFL++ edges_found */
	unsigned corpus;
	bool seen; /* at least one report parsed */
};

struct engine {
	enum engine_kind kind;
	unsigned jobs;
	bool sanitize;		     /* the ASan/UBSan build of the targets */
	char target[CAMPAIGN_PATH];  /* the fuzz target binary */
	char mutator[CAMPAIGN_PATH]; /* AFL++ custom mutator library, or "" */
	char dict[CAMPAIGN_PATH];    /* fuzz_vmalloc.dict next to it, or "" */
	/* "-key=value" from the target's .options file, [libfuzzer] part */
	char opt[ENGINE_MAX_OPTS][CAMPAIGN_PATH + 32];
	unsigned nopt;
	unsigned time_s;    /* --time: the engines stop at time_s + 30 too */
	unsigned seed;	    /* --seed: libFuzzer -seed, AFL++ -s (0: none) */
	unsigned long long runs; /* --runs: programs one job runs (0: no end) */
	const char *tmpdir; /* their TMPDIR */
	/* process group leaders; pid 0: reaped, status its wait status */
	struct child child[CAMPAIGN_MAX_JOBS];
	unsigned n;
	int err_fd; /* libFuzzer stderr pipe, or -1 */
	FILE *log;  /* copy of that stderr */
	char line[1024];
	size_t linelen;
	struct engine_stats st;
	/* AFL++ instance i: its StatsD socket (-1: none) and last numbers */
	int statsd_fd[CAMPAIGN_MAX_JOBS];
	/* programs run by every target process (VMFUZZ_EXEC_COUNTER), mapped
	 * from TMPDIR/execs; NULL without one */
	const volatile unsigned long long *counter;
	char counter_path[CAMPAIGN_PATH + 16]; /* "" without a counter */
	const char *out, *bugs, *vmalloc;      /* for engine_restart() */
	struct engine_stats afl[CAMPAIGN_MAX_JOBS];
};

/* One distinct BUG title of a campaign. */
struct crash_entry {
	char id[13]; /* directory name under OUT/crashes */
	char title[VMF_TITLE_MAX];
	unsigned hits;
	unsigned hits_seen;  /* keys of triaged.txt naming it (at a resume) */
	char first_seen[32]; /* local time, "YYYY-MM-DD HH:MM:SS" */
	double first_s;	     /* seconds after the run that found it began */
	unsigned ops, ops_before; /* minimized and raw operation counts */
	char qemu[16];		  /* "agree", "explained", "DISAGREE", "error", "" */
	char bochs[16];		  /* the same for Bochs */
	char cause[64]; /* minimal knob set ("a+b", "none"), bisect.h */
	char example[CAMPAIGN_PATH]; /* first raw crash file */
	bool dirty;		     /* meta.txt needs rewriting */
};

struct crashdb {
	const char *out;
	struct vmf_config cfg;
	double t0_wall; /* start of this run, epoch seconds */
	struct crash_entry *e;
	unsigned n, cap;
	void *seen;    /* tsearch() tree: keys of the raw files replayed */
	FILE *triaged; /* keys of the files replayed, relative to OUT */
	bool all;      /* this scan takes files still being written too */
	unsigned raw, unreproduced; /* this run */
	unsigned dropped; /* keys of triaged.txt triaged again (their crash
			     dir is gone or unfinished, or no id) */
};

/* Name of an engine kind as --engine spells it. */
const char *engine_name(enum engine_kind k);

/* Name of AFL++ instance i: "main", "s1", "s2", ... */
void afl_name(unsigned i, char *buf, size_t n);

/*
 * Find the target (and mutator) of e->kind next to the running vmfuzz, or in
 * $VMFUZZ_LIBFUZZER_DIR / $VMFUZZ_AFL_DIR. Returns 0, or EXIT_USAGE after a
 * one-line error saying how to build them.
 */
int engine_locate(struct engine *e);

/*
 * Start e->jobs fuzzing processes on OUT in their own process groups, with
 * the knobs in the environment (bugs and vmalloc as given, may be NULL);
 * they die with vmfuzz, even if it is SIGKILLed. Returns 0, or EXIT_EMULATOR
 * after a one-line error (nothing left running).
 */
int engine_start(struct engine *e, const char *out, const char *bugs,
		 const char *vmalloc);

/* Wait up to timeout_ms for engine output and update e->st. */
void engine_poll(struct engine *e, const char *out, int timeout_ms);

/* Number of engine processes still running (reaps the ones that ended). */
unsigned engine_alive(struct engine *e);

/* Print "this run: N execs in T s, mean R exec/s; peak RSS ..." for a run
 * of `seconds` (peak RSS: the largest reaped engine process, and vmfuzz). */
void engine_print_totals(const struct engine *e, double seconds);

/* Start again a single libFuzzer process (one job: no fork mode) that
 * ended, on a new BUG or a timeout; its counts carry on (and its --runs:
 * it runs what is left of them). Returns 0, or -1 for an engine that is
 * not restarted that way (or cannot be, or has no runs left). */
int engine_restart(struct engine *e);

/* With --runs: how many of them are left to run (by the exec counter,
 * else the engine's own count); 0 when they are done. Without: ~0ull. */
unsigned long long engine_runs_left(const struct engine *e);

/* Terminate every engine process group and reap it; idempotent. */
void engine_stop(struct engine *e);

/* A UDP socket on 127.0.0.1 for AFL++'s StatsD metrics: the fd, with its
 * port in *port, or -1. */
int statsd_open(unsigned *port);

/* Load OUT/crashes and OUT/triaged.txt. Returns 0, or -1 after a message. */
int crashdb_open(struct crashdb *db, const char *out,
		 const struct vmf_config *cfg);

/*
 * Replay the raw crash files not seen yet; unless `all`, skip the ones
 * younger than a second (an engine may still be writing them). Returns how
 * many new titles.
 */
unsigned crashdb_scan(struct crashdb *db, bool all);

/*
 * Replay one raw crash file (data[0..len)) on the host with db->cfg and
 * group it by BUG title: the entry of its title with one more hit, a new
 * entry (*fresh; title, id, example and hits = 1 set, nothing written), or
 * NULL when it is no BUG (counted in db->unreproduced) or out of memory.
 * Shared by the campaign (crashdb_scan) and `vmfuzz triage`.
 */
struct crash_entry *crashdb_classify(struct crashdb *db, const char *path,
				     const u8 *data, size_t len, bool *fresh);

/* Rewrite the meta.txt files that changed. */
void crashdb_flush(struct crashdb *db);

/* Replay every crash directory without W.txt (qemu.txt, bochs.txt) in
 * emulator w and write it; when it cannot run, say why, mark meta.txt
 * "W: error" and leave the directory for the next run. */
void crashdb_replay(struct crashdb *db, enum exec_world w);

/* crashdb_replay() in QEMU. */
static inline void crashdb_qemu(struct crashdb *db)
{
	crashdb_replay(db, WORLD_QEMU);
}

/* Print the table of distinct BUGs, then the titles grouped by cause. */
void crashdb_summary(const struct crashdb *db, FILE *out);

/* For each cause with a two-CPU BUG, its smallest reproducer, the BUG's
 * interleaving, and whether QEMU's and Bochs' reports are the host's byte
 * for byte (crashdb_race.c). */
void crashdb_print_races(const struct crashdb *db, FILE *out);

/* Print "N root causes, M titles" and each cause with its titles; sorts
 * e[0..n) by cause. */
void crashdb_print_causes(struct crash_entry *e, unsigned n, FILE *out);

/* Flush and free. */
void crashdb_close(struct crashdb *db);

/* FNV-1a-64 of a string. */
unsigned long long fnv1a64(const char *s);

/* Twelve hex digits naming the crash directory of a title. */
void crash_id(const char *title, char id[13]);

/*
 * The part of a raw crash file's path below the campaign directory
 * ("raw-crashes/NAME", "afl/I/crashes/NAME"), however OUT is spelled; path
 * itself when it is neither.
 */
const char *raw_crash_key(const char *path);

/*
 * Call fn(arg, path) for every raw crash file of campaign directory `out`
 * (in raw-crashes/ and in afl/NAME/crashes/), oldest first. Returns the
 * count.
 */
unsigned raw_crash_walk(const char *out,
			void (*fn)(void *arg, const char *path), void *arg);

/*
 * Set cfg from the "bugs:" and "vmalloc:" lines of OUT/campaign.txt
 * (crashes/knobs_file.c). Returns 0, or -1 after a one-line error naming
 * the file when it is missing, has no "bugs:" line (empty, cut), and
 * file:line when a recorded knob does not parse or a line is over 4096
 * bytes.
 */
int campaign_knobs(const char *out, struct vmf_config *cfg);

/*
 * Set cfg (bugs and vmalloc) from the knobs recorded with crash directory
 * dir: its repro.vmf's "# knobs:" line, else meta.txt's "knobs:", else
 * dir/../../campaign.txt. Returns 0, or -1 after a one-line error (none of
 * them there, or one that does not parse).
 */
int crashdir_knobs(const char *dir, struct vmf_config *cfg);

/* out = the directory `name` next to the build directory of this vmfuzz
 * (<build>/../name); installed, share/vmfuzz/name (paths.h). */
void build_sibling(const char *name, char *out);

/*
 * If OUT/corpus is empty, fill it with the binary form of every program
 * below `seeds` (NULL: the corpora/ directory of the source tree) plus a
 * one-op meminfo seed. Returns 0, or -1 after a message.
 */
int seed_corpus(const char *out, const char *seeds);

/*
 * Make OUT the campaign directory of this process: refuse (one-line error,
 * -1) a non-empty OUT without campaign.txt, create it with its parents, and
 * lock OUT/lock until exit (-1 when another vmfuzz holds it). Returns 0.
 */
int campaign_claim(const char *out);

/* mkdir -p OUT/sub (OUT itself when sub is ""). Returns 0, or -1 after a
 * message. */
int make_dir(const char *out, const char *sub);

/* Remove the directory dir and everything below it. */
void remove_tree(const char *dir);

/* Remove the tmp.XXXXXX directories of OUT left by a killed run. */
void remove_stale_tmp(const char *out);

/* Write data to path through path.tmp, fsync and rename(): path is the old
 * file or the new one, never a part. Returns 0, or -1 with errno set. */
int replace_file(const char *path, const void *data, size_t len);

/*
 * Write OUT/progress.gnuplot, the gnuplot script drawing OUT/progress.csv
 * (titled `title`) into OUT/progress.png, and run gnuplot on it (plot.c).
 * Returns 0 when the PNG was drawn, 1 when gnuplot is not installed (the
 * script is there), -1 after a one-line error.
 */
int plot_progress(const char *out, const char *title);

/* The subcommands of the campaign layer; each returns an exit code of
 * DESIGN.md. */
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

#endif
