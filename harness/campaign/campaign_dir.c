// SPDX-License-Identifier: GPL-2.0
/*
 * File plumbing of campaigns and triage: raw crash listing, crash ids, knob
 * options, atomic replacement.
 */
#define _XOPEN_SOURCE 700
#include "campaign.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bugs.h"
#include "progfile.h"
#include "walk.h"

struct rawfile {
	char *path;
	struct timespec mtime;
};

struct filelist {
	struct rawfile *f;
	unsigned n, cap;
};

static void list_add(struct filelist *l, const char *path,
		     const struct stat *st)
{
	struct rawfile *f = l->f;

	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		f = realloc(l->f, l->cap * sizeof(*f));
		if (!f)
			return;
		l->f = f;
	}
	f[l->n].path = strdup(path);
	f[l->n].mtime = st->st_mtim;
	if (f[l->n].path)
		l->n++;
}

static int list_one(void *l, const char *path)
{
	struct stat st;

	if (!stat(path, &st))
		list_add(l, path, &st);
	return 0;
}

/* Every file below dir (walk.h); none when dir does not exist. */
static void list_dir(struct filelist *l, const char *dir)
{
	char err[CAMPAIGN_PATH + 64];

	walk_programs(dir, list_one, l, err, sizeof(err));
}

static int by_time(const void *a, const void *b)
{
	const struct rawfile *x = a, *y = b;

	if (x->mtime.tv_sec != y->mtime.tv_sec)
		return x->mtime.tv_sec < y->mtime.tv_sec ? -1 : 1;
	if (x->mtime.tv_nsec != y->mtime.tv_nsec)
		return x->mtime.tv_nsec < y->mtime.tv_nsec ? -1 : 1;
	return strcmp(x->path, y->path);
}

static void list_free(struct filelist *l)
{
	unsigned i;

	for (i = 0; i < l->n; i++)
		free(l->f[i].path);
	free(l->f);
}

unsigned raw_crash_walk(const char *out,
			void (*fn)(void *arg, const char *path), void *arg)
{
	struct filelist l = { 0 };
	char path[CAMPAIGN_PATH + 256];
	struct dirent *de;
	DIR *d;
	unsigned i, n;

	snprintf(path, sizeof(path), "%s/raw-crashes", out);
	list_dir(&l, path);
	snprintf(path, sizeof(path), "%s/afl", out);
	d = opendir(path);
	while (d && (de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/afl/%s/crashes", out,
			 de->d_name);
		list_dir(&l, path);
	}
	if (d)
		closedir(d);
	if (l.n)
		qsort(l.f, l.n, sizeof(*l.f), by_time);
	for (i = 0; i < l.n; i++)
		fn(arg, l.f[i].path);
	n = l.n;
	list_free(&l);
	return n;
}

const char *raw_crash_key(const char *path)
{
	const char *c[4], *p = path + strlen(path);
	unsigned n = 0;

	/* c[0] the last component, c[1] the one before, ... */
	while (n < 4 && p > path) {
		while (p > path && p[-1] != '/')
			p--;
		c[n++] = p;
		while (p > path && p[-1] == '/')
			p--;
	}
	if (n >= 2 && !strncmp(c[1], "raw-crashes/", 12))
		return c[1];
	if (n >= 4 && !strncmp(c[3], "afl/", 4) &&
	    !strncmp(c[1], "crashes/", 8))
		return c[3];
	return path;
}

unsigned long long fnv1a64(const char *s)
{
	unsigned long long h = 0xcbf29ce484222325ull;

	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 0x100000001b3ull;
	}
	return h;
}

void crash_id(const char *title, char id[13])
{
	char hex[17];

	snprintf(hex, sizeof(hex), "%016llx", fnv1a64(title));
	memcpy(id, hex, 12);
	id[12] = '\0';
}

int replace_file(const char *path, const void *data, size_t len)
{
	char tmp[CAMPAIGN_PATH + 8];
	FILE *f;
	int e = 0;

	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	f = fopen(tmp, "wb");
	if (!f)
		return -1;
	if (fwrite(data, 1, len, f) != len || fflush(f) || fsync(fileno(f)))
		e = errno ? errno : EIO;
	if (fclose(f) && !e)
		e = errno;
	if (!e && rename(tmp, path))
		e = errno;
	if (!e)
		return 0;
	unlink(tmp);
	errno = e;
	return -1;
}

static const char *seed_out;
static unsigned seed_count;

/* Store one seed program as OUT/corpus/seed-N-NAME.bin (binary form). */
static int add_seed(void *arg, const char *path)
{
	static struct vmf_program p;
	static u8 bin[VMF_MAX_OPS * VMF_OP_MAX_BYTES];
	char out[CAMPAIGN_PATH + 300], err[CAMPAIGN_PATH + 128];
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;

	(void)arg;
	if (progfile_program(path, &p, err, sizeof(err))) {
		fprintf(stderr, "vmfuzz: seed skipped: %s\n", err);
		return 0;
	}
	snprintf(out, sizeof(out), "%s/corpus/seed-%u-%s.bin", seed_out,
		 seed_count++, base);
	if (write_new_file(out, bin, prog_encode(&p, bin, sizeof(bin)), err,
			   sizeof(err)))
		fprintf(stderr, "vmfuzz: %s\n", err);
	return 0;
}

int seed_corpus(const char *out, const char *seeds)
{
	static const u8 meminfo = OP_MEMINFO;
	char dir[CAMPAIGN_PATH + 32], err[CAMPAIGN_PATH + 128];
	struct filelist l = { 0 };
	struct stat st;

	snprintf(dir, sizeof(dir), "%s/corpus", out);
	list_dir(&l, dir);
	list_free(&l);
	if (l.n)
		return 0;
	if (!seeds)
		build_sibling("corpora", dir);
	else
		snprintf(dir, sizeof(dir), "%s", seeds);
	if (stat(dir, &st)) {
		fprintf(stderr, "vmfuzz: seeds: %s: no such directory\n", dir);
		return -1;
	}
	seed_out = out;
	walk_programs(dir, add_seed, NULL, err, sizeof(err));
	snprintf(dir, sizeof(dir), "%s/corpus/seed-meminfo.bin", out);
	if (write_new_file(dir, &meminfo, 1, err, sizeof(err)))
		fprintf(stderr, "vmfuzz: %s\n", err);
	printf("seeded %s/corpus with %u programs\n", out, seed_count + 1);
	return 0;
}

static int remove_one(const char *path, const struct stat *st, int type,
		      struct FTW *ftw)
{
	(void)st;
	(void)type;
	(void)ftw;
	remove(path);
	return 0;
}

void remove_tree(const char *dir)
{
	nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

void remove_stale_tmp(const char *out)
{
	char path[CAMPAIGN_PATH + 256];
	struct dirent *de;
	DIR *d = opendir(out);

	while (d && (de = readdir(d))) {
		if (strncmp(de->d_name, "tmp.", 4) || strlen(de->d_name) != 10)
			continue;
		snprintf(path, sizeof(path), "%s/%s", out, de->d_name);
		remove_tree(path);
	}
	if (d)
		closedir(d);
}

/* OUT must be new, empty or a campaign (with campaign.txt): never adopt a
 * directory of other files, whose tmp/ a campaign once emptied. A directory
 * holding only our lock (and campaign.txt.tmp) is a campaign whose first
 * run could not write campaign.txt (a full disk): empty, so resumable. */
static int check_out(const char *out)
{
	char path[CAMPAIGN_PATH + 32];
	struct dirent *de;
	bool empty = true;
	DIR *d = opendir(out);

	if (!d && errno == ENOENT)
		return 0;
	if (!d) {
		fprintf(stderr, "vmfuzz: fuzz: %s: %s\n", out, strerror(errno));
		return -1;
	}
	while (empty && (de = readdir(d)))
		empty = !strcmp(de->d_name, ".") || !strcmp(de->d_name, "..") ||
			!strcmp(de->d_name, "lock") ||
			!strcmp(de->d_name, "campaign.txt.tmp");
	closedir(d);
	snprintf(path, sizeof(path), "%s/campaign.txt", out);
	if (empty || !access(path, F_OK))
		return 0;
	fprintf(stderr,
		"vmfuzz: fuzz: %s is not empty and has no campaign.txt, so it "
		"is no campaign directory; choose another --out\n",
		out);
	return -1;
}

int make_dir(const char *out, const char *sub)
{
	char path[CAMPAIGN_PATH + 32], *p;

	snprintf(path, sizeof(path), "%s%s%s", out, *sub ? "/" : "", sub);
	for (p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, 0755) && errno != EEXIST)
			break;
		*p = '/';
	}
	if (!*p && (!mkdir(path, 0755) || errno == EEXIST))
		return 0;
	fprintf(stderr, "vmfuzz: %s: %s\n", path, strerror(errno));
	return -1;
}

int campaign_claim(const char *out)
{
	char path[CAMPAIGN_PATH + 32];
	struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
	int fd;

	if (check_out(out) || make_dir(out, ""))
		return -1;
	snprintf(path, sizeof(path), "%s/lock", out);
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (fd >= 0 && !fcntl(fd, F_SETLK, &fl))
		return 0; /* held until exit */
	fprintf(stderr, "vmfuzz: %s: %s\n", path,
		fd < 0 ? strerror(errno) : "another vmfuzz fuzz runs here");
	return -1;
}
