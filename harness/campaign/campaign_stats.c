// SPDX-License-Identifier: GPL-2.0
/*
 * Watching the engines: what they say about themselves (libFuzzer's status
 * lines on its stderr, "#N ... cov: C ... corp: K ..."; AFL++'s StatsD
 * datagrams, sent every second, and its fuzzer_stats and plot_data files,
 * which AFL++ 4.04c without a UI writes only about once a minute), whether
 * they still run, and stopping them.
 *
 * Why not `afl-whatsup -s`: it reads the same fuzzer_stats files, but its
 * summary (AFL++ 4.04c) rounds the executions to thousands ("N millions,
 * M thousands") and gives neither edges_found nor corpus_count, which the
 * progress plot needs; nor does it read plot_data or StatsD, which are fresher.
 */
#include "campaign.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#define STOP_GRACE_MS 3000

/* Kept here, not in campaign_engine.c: the engine calls the stats, never
 * the other way round. */
void afl_name(unsigned i, char *buf, size_t n)
{
	if (i)
		snprintf(buf, n, "s%u", i);
	else
		snprintf(buf, n, "main");
}

static unsigned long num_after(const char *line, const char *key)
{
	const char *p = strstr(line, key);

	return p ? strtoul(p + strlen(key), NULL, 10) : 0;
}

static void libfuzzer_line(struct engine *e, const char *l)
{
	unsigned long long n;
	char *end;

	if (l[0] != '#')
		return;
	n = strtoull(l + 1, &end, 10);
	if (end == l + 1 || !strstr(l, "cov: "))
		return;
	e->st.execs = n;
	e->st.cov = (unsigned)num_after(l, "cov: ");
	if (strstr(l, "corp: "))
		e->st.corpus = (unsigned)num_after(l, "corp: ");
	e->st.seen = true;
}

/* Copy what the libFuzzer pipe holds to the log; parse complete lines.
 * Returns false at end of file. */
static bool libfuzzer_read(struct engine *e)
{
	char buf[4096];
	ssize_t n, i;

	while ((n = read(e->err_fd, buf, sizeof(buf))) > 0) {
		if (e->log)
			fwrite(buf, 1, (size_t)n, e->log);
		for (i = 0; i < n; i++) {
			if (buf[i] != '\n') {
				if (e->linelen < sizeof(e->line) - 1)
					e->line[e->linelen++] = buf[i];
				continue;
			}
			e->line[e->linelen] = '\0';
			libfuzzer_line(e, e->line);
			e->linelen = 0;
		}
	}
	if (e->log)
		fflush(e->log);
	return n != 0;
}

struct afl_numbers {
	unsigned long long execs;
	unsigned corpus, edges;
};

/* "key   : value" lines of fuzzer_stats. */
static void afl_stats_file(const char *path, struct afl_numbers *a)
{
	FILE *f = fopen(path, "r");
	char line[256];

	while (f && fgets(line, sizeof(line), f)) {
		char *colon = strchr(line, ':');

		if (!colon)
			continue;
		if (!strncmp(line, "execs_done ", 11))
			a->execs = strtoull(colon + 1, NULL, 10);
		else if (!strncmp(line, "corpus_count ", 13))
			a->corpus = (unsigned)strtoul(colon + 1, NULL, 10);
		else if (!strncmp(line, "edges_found ", 12))
			a->edges = (unsigned)strtoul(colon + 1, NULL, 10);
	}
	if (f)
		fclose(f);
}

/* Value of column `name` in the plot_data row `row`, per header `head`. */
static unsigned long long plot_column(const char *head, const char *row,
				      const char *name)
{
	const char *h = strstr(head, name);
	unsigned col = 0;

	if (!h)
		return 0;
	for (; head < h; head++)
		col += *head == ',';
	while (col-- && row)
		if ((row = strchr(row, ',')))
			row++;
	return row ? strtoull(row, NULL, 10) : 0;
}

/* The newest row of plot_data, when it beats what fuzzer_stats said. */
static void afl_plot_file(const char *path, struct afl_numbers *a)
{
	FILE *f = fopen(path, "r");
	char head[512] = "", line[512], last[512] = "";
	long size;

	if (!f)
		return;
	if (fgets(head, sizeof(head), f) && !fseek(f, 0, SEEK_END)) {
		size = ftell(f);
		fseek(f, size > 2048 ? size - 2048 : 0, SEEK_SET);
		while (fgets(line, sizeof(line), f))
			if (line[0] != '#' && strchr(line, '\n'))
				memcpy(last, line, sizeof(last));
	}
	fclose(f);
	if (last[0] && plot_column(head, last, "total_execs") > a->execs) {
		a->execs = plot_column(head, last, "total_execs");
		a->corpus = (unsigned)plot_column(head, last, "corpus_count");
		a->edges = (unsigned)plot_column(head, last, "edges_found");
	}
}

int statsd_open(unsigned *port)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t len = sizeof(a);
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0)
		return -1;
	if (bind(fd, (struct sockaddr *)&a, sizeof(a)) ||
	    getsockname(fd, (struct sockaddr *)&a, &len)) {
		close(fd);
		return -1;
	}
	*port = ntohs(a.sin_port);
	return fd;
}

/* "fuzzing.NAME:VALUE|g" lines of the StatsD datagrams waiting on fd. */
static void statsd_read(int fd, struct afl_numbers *a)
{
	char buf[4096];
	ssize_t n;

	while ((n = recv(fd, buf, sizeof(buf) - 1, 0)) > 0) {
		buf[n] = '\0';
		if (strstr(buf, "fuzzing.execs_done:"))
			a->execs = strtoull(strstr(buf, "fuzzing.execs_done:") +
						    19,
					    NULL, 10);
		if (strstr(buf, "fuzzing.corpus_count:"))
			a->corpus = (unsigned)num_after(
				buf, "fuzzing.corpus_count:");
		if (strstr(buf, "fuzzing.edges_found:"))
			a->edges = (unsigned)num_after(buf,
						       "fuzzing.edges_found:");
	}
}

/* Instance i's freshest numbers: StatsD, or the files when they are
 * newer (at the start and the end of a run). */
static void afl_instance(struct engine *e, const char *out, unsigned i)
{
	struct afl_numbers a = { 0 }, d = { 0 };
	struct engine_stats *st = &e->afl[i];
	char path[CAMPAIGN_PATH + 64], name[16];

	afl_name(i, name, sizeof(name));
	snprintf(path, sizeof(path), "%s/afl/%s/fuzzer_stats", out, name);
	afl_stats_file(path, &a);
	snprintf(path, sizeof(path), "%s/afl/%s/plot_data", out, name);
	afl_plot_file(path, &a);
	if (e->statsd_fd[i] >= 0)
		statsd_read(e->statsd_fd[i], &d);
	if (d.execs > a.execs)
		a = d;
	if (a.execs >= st->execs) {
		st->execs = a.execs;
		st->corpus = a.corpus;
		st->cov = a.edges;
		st->seen = a.execs > 0;
	}
}

static void afl_read(struct engine *e, const char *out)
{
	struct engine_stats st = { 0 };
	unsigned i;

	for (i = 0; i < e->n; i++) {
		afl_instance(e, out, i);
		st.execs += e->afl[i].execs;
		st.corpus = e->afl[i].corpus > st.corpus ? e->afl[i].corpus
							 : st.corpus;
		st.cov = e->afl[i].cov > st.cov ? e->afl[i].cov : st.cov;
		st.seen |= e->afl[i].seen;
	}
	e->st.corpus = st.corpus;
	e->st.cov = st.cov;
	e->st.seen |= st.seen;
	if (st.execs > e->st.execs)
		e->st.execs = st.execs;
}

/* What the engines say, then the true count of the targets' runs. */
void engine_poll(struct engine *e, const char *out, int timeout_ms)
{
	struct pollfd p = { .fd = e->err_fd, .events = POLLIN };

	if (e->kind == ENG_AFL || e->kind == ENG_AFL_RAW) {
		poll(NULL, 0, timeout_ms);
		afl_read(e, out);
	} else if (e->err_fd < 0) {
		poll(NULL, 0, timeout_ms);
	} else if (poll(&p, 1, timeout_ms) > 0 && !libfuzzer_read(e)) {
		close(e->err_fd);
		e->err_fd = -1;
	}
	if (e->counter && *e->counter) {
		e->st.execs = *e->counter;
		e->st.seen = true;
	}
}

unsigned long long engine_runs_left(const struct engine *e)
{
	unsigned long long done = e->counter ? *e->counter : e->st.execs;

	if (!e->runs)
		return ~0ull;
	return done < e->runs ? e->runs - done : 0;
}

unsigned engine_alive(struct engine *e)
{
	unsigned i, alive = 0;

	for (i = 0; i < e->n; i++) {
		if (e->child[i].pid > 0 && child_exited(&e->child[i]))
			child_kill(&e->child[i]);
		if (e->child[i].pid > 0)
			alive++;
	}
	return alive;
}

/* Wait up to STOP_GRACE_MS for every group leader to exit. */
static void grace(struct engine *e)
{
	unsigned i, waited;
	bool all;

	for (waited = 0; waited < STOP_GRACE_MS; waited += 50) {
		all = true;
		for (i = 0; i < e->n; i++)
			if (e->child[i].pid > 0 && !child_exited(&e->child[i]))
				all = false;
		if (all)
			break;
		poll(NULL, 0, 50);
	}
}

void engine_stop(struct engine *e)
{
	unsigned i;

	for (i = 0; i < e->n; i++)
		if (e->child[i].pid > 0)
			kill(-e->child[i].pid, SIGTERM);
	grace(e);
	for (i = 0; i < e->n; i++)
		child_kill(&e->child[i]); /* what is left of the group */
	if (e->err_fd >= 0)
		close(e->err_fd);
	e->err_fd = -1;
	if (e->log)
		fclose(e->log);
	e->log = NULL;
	for (i = 0; i < CAMPAIGN_MAX_JOBS; i++) {
		if (e->statsd_fd[i] >= 0)
			close(e->statsd_fd[i]);
		e->statsd_fd[i] = -1;
	}
}

void engine_print_totals(const struct engine *e, double seconds)
{
	struct rusage self, kids;

	getrusage(RUSAGE_SELF, &self);
	getrusage(RUSAGE_CHILDREN, &kids);
	printf("this run: %llu execs in %.0f s, mean %.0f exec/s; peak RSS "
	       "%.1f MB (largest engine process), %.1f MB (vmfuzz)\n",
	       e->st.execs, seconds,
	       seconds > 0 ? (double)e->st.execs / seconds : 0,
	       kids.ru_maxrss / 1024.0, self.ru_maxrss / 1024.0);
}
