// SPDX-License-Identifier: GPL-2.0
/*
 * The directory walker of walk.h.
 */
#define _DEFAULT_SOURCE
#include "walk.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

bool walk_skip(const char *name)
{
	size_t n = strlen(name);

	return name[0] == '.' || !strcmp(name, "README") ||
	       !strncmp(name, "README.", 7) ||
	       (n > 7 && !strcmp(name + n - 7, ".expect"));
}

static int keep(const struct dirent *de)
{
	return !walk_skip(de->d_name);
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

struct walk {
	int (*fn)(void *arg, const char *file);
	void *arg;
	char *err;
	size_t errlen;
};

static int walk_dir(struct walk *w, const char *dir, unsigned depth)
{
	struct dirent **names;
	int i, count, rc = 0;

	count = scandir(dir, &names, keep, by_name);
	if (count < 0) {
		snprintf(w->err, w->errlen, "%s: cannot read directory", dir);
		return -1;
	}
	for (i = 0; i < count; i++) {
		char full[4096];
		struct stat st;

		snprintf(full, sizeof(full), "%s%s%s", dir,
			 dir[strlen(dir) - 1] == '/' ? "" : "/",
			 names[i]->d_name);
		if (!rc && !lstat(full, &st) && S_ISDIR(st.st_mode) &&
		    depth < WALK_DEPTH)
			rc = walk_dir(w, full, depth + 1);
		else if (!rc && !stat(full, &st) && S_ISREG(st.st_mode))
			rc = w->fn(w->arg, full);
		free(names[i]);
	}
	free(names);
	return rc;
}

int walk_programs(const char *path, int (*fn)(void *arg, const char *file),
		  void *arg, char *err, size_t errlen)
{
	struct walk w = { fn, arg, err, errlen };
	struct stat st;

	if (stat(path, &st)) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode))
		return fn(arg, path);
	return walk_dir(&w, path, 0);
}
