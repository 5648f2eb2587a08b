// SPDX-License-Identifier: GPL-2.0
/*
 * Issue 6, defect 3: a full disk never destroys a campaign's crashes. The
 * disk fills by an injected write failure (RLIMIT_FSIZE 0, SIGXFSZ
 * ignored: every write of a byte fails with EFBIG, as ENOSPC would): no
 * crash file may be left empty or partial, the crash directory stays
 * unfinished, and the next open + scan (a resume) completes it. A crash
 * directory an older run left with empty files is completed too, and a
 * campaign directory holding only its lock can be claimed again.
 */
#define _XOPEN_SOURCE 700
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bugs.h"
#include "campaign.h"
#include "check.h"
#include "progfile.h"

static const char *const files[] = { "repro.vmf", "repro.bin", "report.txt",
				     "meta.txt" };

static char out[256], dir[512];

static void disk_full(bool full)
{
	struct rlimit rl;

	getrlimit(RLIMIT_FSIZE, &rl);
	rl.rlim_cur = full ? 0 : rl.rlim_max;
	setrlimit(RLIMIT_FSIZE, &rl);
}

/* How many of the crash files exist, and how many of those are empty. */
static unsigned count_files(unsigned *empty)
{
	char path[700];
	struct stat st;
	unsigned i, n = 0;

	*empty = 0;
	for (i = 0; i < 4; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
		if (stat(path, &st))
			continue;
		n++;
		*empty += st.st_size == 0;
	}
	return n;
}

/* One run of the crash database over OUT: open, scan, close. */
static unsigned run_db(const struct vmf_config *cfg)
{
	struct crashdb db;
	unsigned n = 0;

	if (crashdb_open(&db, out, cfg))
		return ~0u;
	crashdb_scan(&db, true);
	n = db.n;
	crashdb_close(&db);
	return n;
}

static void write_raw(const char *src)
{
	char err[512], path[512];
	struct prog_input in;

	CHECK(!progfile_load(src, &in, err, sizeof(err)), "%s", err);
	snprintf(path, sizeof(path), "%s/raw-crashes/crash-1", out);
	CHECK(!write_new_file(path, in.data, in.len, err, sizeof(err)), "%s",
	      err);
	free(in.data);
}

static void truncate_files(void)
{
	char path[700];
	unsigned i;

	for (i = 0; i < 4; i += 3) { /* repro.vmf and meta.txt */
		snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
		CHECK(!truncate(path, 0), "truncate %s", path);
	}
}

int main(int argc, char **argv)
{
	struct vmf_config cfg = { .bugs = BUG_END_CHECK };
	char id[13], path[700];
	unsigned n, empty;

	if (argc < 2)
		return fprintf(stderr, "usage: test_crashdb SRC\n"), 2;
	signal(SIGXFSZ, SIG_IGN);
	snprintf(out, sizeof(out), "%s/vmfuzz-crashdb-XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(out))
		return perror("mkdtemp"), 2;
	make_dir(out, "raw-crashes");
	snprintf(path, sizeof(path), "%s/corpora/regress/end-check.vmf",
		 argv[1]);
	write_raw(path);
	crash_id("BUG: vm area outside vmalloc range in get_vm_area", id);
	snprintf(dir, sizeof(dir), "%s/crashes/%s", out, id);

	/* The disk is full when the crash is found. */
	disk_full(true);
	n = run_db(&cfg);
	disk_full(false);
	CHECK(n == 0, "an entry without files: %u", n);
	n = count_files(&empty);
	CHECK(empty == 0, "%u empty crash files", empty);
	snprintf(path, sizeof(path), "%s/meta.txt", dir);
	CHECK(access(path, F_OK), "meta.txt of an unfinished crash");

	/* The resume completes it. */
	CHECK(run_db(&cfg) == 1, "resume found no entry");
	CHECK(count_files(&empty) == 4 && !empty, "not completed: %u empty",
	      empty);

	/* What an older run left: empty files, the raw file triaged. */
	truncate_files();
	CHECK(run_db(&cfg) == 1, "damaged directory not restored");
	CHECK(count_files(&empty) == 4 && !empty, "still %u empty", empty);

	/* A campaign dir whose first run wrote only its lock. */
	snprintf(path, sizeof(path), "%s/half", out);
	make_dir(path, "");
	snprintf(path, sizeof(path), "%s/half/lock", out);
	fclose(fopen(path, "w"));
	snprintf(path, sizeof(path), "%s/half", out);
	CHECK(!campaign_claim(path), "half-initialised %s refused", path);

	remove_tree(out);
	return check_done("crashdb");
}
