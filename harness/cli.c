// SPDX-License-Identifier: GPL-2.0
/*
 * Option and file handling shared by the subcommands.
 */
#include "cli.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "bugs.h"

#ifndef VMFUZZ_FIRMWARE
#define VMFUZZ_FIRMWARE ""
#endif

const char *cli_firmware(void)
{
	const char *env = getenv("VMFUZZ_FIRMWARE");

	return env && *env ? env : VMFUZZ_FIRMWARE;
}

static int usage_error(const char *fmt, const char *arg)
{
	fprintf(stderr, "vmfuzz: ");
	fprintf(stderr, fmt, arg);
	fputc('\n', stderr);
	return EXIT_USAGE;
}

static int add_file(struct cli *c, const char *path)
{
	char **f = realloc(c->files, (c->nfiles + 1) * sizeof(*f));

	if (!f || !(f[c->nfiles] = strdup(path)))
		return usage_error("%s: out of memory", path);
	c->files = f;
	c->nfiles++;
	return 0;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A directory stands for its regular files, sorted, hidden ones and
 * `.expect` files left out. */
static int add_path(struct cli *c, const char *path)
{
	struct stat st;
	struct dirent *de;
	unsigned first = c->nfiles;
	DIR *d;

	if (stat(path, &st))
		return usage_error("%s: no such file or directory", path);
	if (!S_ISDIR(st.st_mode))
		return add_file(c, path);
	if (!(d = opendir(path)))
		return usage_error("%s: cannot open directory", path);
	while ((de = readdir(d))) {
		char full[4096];
		size_t n = strlen(de->d_name);

		if (de->d_name[0] == '.' ||
		    (n > 7 && !strcmp(de->d_name + n - 7, ".expect")))
			continue;
		snprintf(full, sizeof(full), "%s%s%s", path,
			 path[strlen(path) - 1] == '/' ? "" : "/", de->d_name);
		if (!stat(full, &st) && S_ISREG(st.st_mode) &&
		    add_file(c, full))
			return closedir(d), EXIT_USAGE;
	}
	closedir(d);
	qsort(c->files + first, c->nfiles - first, sizeof(*c->files),
	      cmp_names);
	return 0;
}

static int parse_option(struct cli *c, const char *arg)
{
	const char *bad;
	u32 badlen;

	if (!strncmp(arg, "--bugs=", 7)) {
		if (bugs_parse(arg + 7, (u32)strlen(arg + 7), &c->cfg.bugs,
			       &bad, &badlen)) {
			fprintf(stderr,
				"vmfuzz: unknown bug knob '%.*s' "
				"(see `vmfuzz bugs`)\n",
				(int)badlen, bad);
			return EXIT_USAGE;
		}
		return 0;
	}
	if (!strncmp(arg, "--vmalloc=", 10)) {
		if (vmf_parse_vmalloc(arg + 10, (u32)strlen(arg + 10),
				      &c->cfg.vmalloc_reserve))
			return usage_error(
				"bad --vmalloc size '%s' (24M..960M)",
				arg + 10);
		return 0;
	}
	if (!strcmp(arg, "--trace")) {
		c->cfg.trace = true;
		return 0;
	}
	return usage_error("unknown option '%s'", arg);
}

int cli_parse(int argc, char **argv, int first, struct cli *c)
{
	int i, rc;

	memset(c, 0, sizeof(*c));
	for (i = first; i < argc; i++) {
		if (!strcmp(argv[i], "-o")) {
			if (++i == argc)
				return usage_error("%s needs a file name",
						   "-o");
			c->out = argv[i];
			continue;
		}
		if (argv[i][0] == '-' && argv[i][1])
			rc = parse_option(c, argv[i]);
		else
			rc = add_path(c, argv[i]);
		if (rc)
			return rc;
	}
	return 0;
}

int cli_load(const struct cli *c, struct prog_input **progs)
{
	struct prog_input *p = calloc(c->nfiles ? c->nfiles : 1, sizeof(*p));
	char err[512];
	unsigned i;

	if (!p)
		return usage_error("%s", "out of memory");
	for (i = 0; i < c->nfiles; i++) {
		if (progfile_load(c->files[i], &p[i], err, sizeof(err))) {
			fprintf(stderr, "vmfuzz: %s\n", err);
			while (i--)
				free(p[i].data);
			free(p);
			return EXIT_USAGE;
		}
	}
	*progs = p;
	return 0;
}

void cli_free(struct cli *c, struct prog_input *progs)
{
	unsigned i;

	for (i = 0; progs && i < c->nfiles; i++)
		free(progs[i].data);
	free(progs);
	for (i = 0; i < c->nfiles; i++)
		free(c->files[i]);
	free(c->files);
}
