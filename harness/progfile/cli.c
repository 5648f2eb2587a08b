// SPDX-License-Identifier: GPL-2.0
/*
 * Option and file handling shared by the subcommands.
 */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "bugs.h"
#include "walk.h"

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

static int add_one(void *c, const char *path)
{
	return add_file(c, path);
}

/* A directory stands for the files below it (walk.h). */
static int add_path(struct cli *c, const char *path)
{
	char err[4096 + 64];
	int rc = walk_programs(path, add_one, c, err, sizeof(err));

	if (rc < 0)
		return usage_error("%s", err);
	return rc;
}

int knob_option(int argc, char **argv, int *i, struct vmf_config *cfg,
		const char **bugs, const char **vmalloc)
{
	const char *arg = argv[*i], *val, *bad;
	bool is_bugs = !strncmp(arg, "--bugs", 6);
	u32 badlen;

	if (!is_bugs && strncmp(arg, "--vmalloc", 9))
		return 0;
	val = arg + (is_bugs ? 6 : 9);
	if (*val == '=') {
		val++;
	} else if (*val) {
		return 0;
	} else if (++*i < argc) {
		val = argv[*i];
	} else {
		fprintf(stderr, "vmfuzz: %s needs a value\n", arg);
		return -1;
	}
	if (is_bugs &&
	    bugs_parse(val, (u32)strlen(val), &cfg->bugs, &bad, &badlen)) {
		fprintf(stderr,
			"vmfuzz: unknown bug knob '%.*s' (see `vmfuzz "
			"bugs`)\n",
			(int)badlen, bad);
		return -1;
	}
	if (!is_bugs &&
	    vmf_parse_vmalloc(val, (u32)strlen(val), &cfg->vmalloc_reserve)) {
		fprintf(stderr, "vmfuzz: bad --vmalloc size '%s' (24M..960M)\n",
			val);
		return -1;
	}
	*(is_bugs ? bugs : vmalloc) = val;
	return 1;
}

int cli_parse(int argc, char **argv, int first, struct cli *c)
{
	const char *bugs, *vmalloc;
	struct stat st;
	int i, rc;

	bool opts = true;

	memset(c, 0, sizeof(*c));
	for (i = first; i < argc; i++) {
		if (!opts || !strcmp(argv[i], "-") || argv[i][0] != '-') {
			if ((rc = add_path(c, argv[i])))
				return rc;
			continue;
		}
		if (!strcmp(argv[i], "--")) {
			opts = false;
			continue;
		}
		if (!strcmp(argv[i], "-o")) {
			if (++i == argc)
				return usage_error("%s needs a file name",
						   "-o");
			c->out = argv[i];
			if (!*c->out)
				return usage_error("%s needs a file name, not "
						   "''", "-o");
			/* Refused now, before the work (min takes long). */
			if (!lstat(c->out, &st))
				return usage_error("%s: File exists (not "
						   "overwritten)", c->out);
			continue;
		}
		rc = knob_option(argc, argv, &i, &c->cfg, &bugs, &vmalloc);
		if (rc < 0)
			return EXIT_USAGE;
		if (rc > 0)
			continue;
		if (!strcmp(argv[i], "--trace"))
			c->cfg.trace = true;
		else if (!strncmp(argv[i], "--worlds=", 9))
			c->worlds = argv[i] + 9;
		else if (!strcmp(argv[i], "--worlds") && i + 1 < argc)
			c->worlds = argv[++i];
		else if (!strncmp(argv[i], "--stress=", 9))
			c->stress = argv[i] + 9;
		else if (!strcmp(argv[i], "--stress"))
			c->stress = ++i < argc ? argv[i] : "";
		else if (!strcmp(argv[i], "--paranoid"))
			c->cfg.paranoid = true;
		else
			return usage_error("unknown option '%s' (-- ends the "
					   "options)",
					   argv[i]);
	}
	return 0;
}

char *cli_escape(const char *s)
{
	char *out = malloc(4 * strlen(s) + 1), *o = out;

	for (; out && *s; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch == '\\')
			o += sprintf(o, "\\\\");
		else if (ch == '\n')
			o += sprintf(o, "\\n");
		else if (ch < 0x20 || ch == 0x7f)
			o += sprintf(o, "\\x%02x", ch);
		else
			*o++ = (char)ch;
	}
	if (out)
		*o = '\0';
	return out;
}

int cli_load(const struct cli *c, struct prog_input **progs)
{
	struct prog_input *p = calloc(c->nfiles ? c->nfiles : 1, sizeof(*p));
	char err[512];
	unsigned i;

	if (!p)
		return usage_error("%s", "out of memory");
	for (i = 0; i < c->nfiles; i++) {
		if (progfile_load(c->files[i], &p[i], err, sizeof(err)) ||
		    !(p[i].name = cli_escape(c->files[i]))) {
			fprintf(stderr, "vmfuzz: %s\n",
				p[i].data ? "out of memory" : err);
			free(p[i].data);
			while (i--) {
				free(p[i].data);
				free((char *)p[i].name);
			}
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

	for (i = 0; progs && i < c->nfiles; i++) {
		free(progs[i].data);
		free((char *)progs[i].name);
	}
	free(progs);
	for (i = 0; i < c->nfiles; i++)
		free(c->files[i]);
	free(c->files);
	c->files = NULL;
	c->nfiles = 0;
}
