// SPDX-License-Identifier: GPL-2.0
/*
 * The knobs recorded on disk: OUT/campaign.txt's "bugs:" and "vmalloc:"
 * lines, and those recorded with one crash directory (repro.vmf's
 * "# knobs:" line, meta.txt's "knobs:"), so that bisect and promote of a
 * crash directory copied out of its campaign replay it as it was found.
 * Lines are read whole (getline()); one over KNOB_LINE_MAX bytes is an
 * error naming file:line, never cut into two.
 */
#define _GNU_SOURCE /* getline() */
#include "campaign.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "bugs.h"

#define KNOB_LINE_MAX 4096

/* One line of campaign.txt into cfg; *bugs when it was the bugs: line.
 * Returns 0 or -1 (a knob that does not parse). */
static int campaign_line(const char *line, size_t len, struct vmf_config *cfg,
			 bool *bugs)
{
	const char *bad;
	u32 badlen;

	if (!strncmp(line, "bugs: ", 6)) {
		*bugs = true;
		return bugs_parse(line + 6, (u32)(len - 6), &cfg->bugs, &bad,
				  &badlen);
	}
	if (!strncmp(line, "vmalloc: ", 9) && line[9])
		return vmf_parse_vmalloc(line + 9, (u32)(len - 9),
					 &cfg->vmalloc_reserve);
	return 0;
}

/* Next line of f into *line (no newline), its number in *no. Returns its
 * length, -1 at the end, -2 after a message when it is too long. */
static ssize_t next_line(FILE *f, const char *path, char **line, size_t *cap,
			 unsigned *no)
{
	ssize_t n = getline(line, cap, f);

	if (n < 0)
		return -1;
	++*no;
	if (n > KNOB_LINE_MAX) {
		fprintf(stderr,
			"vmfuzz: %s:%u: line too long (%zd bytes, at most "
			"%d)\n",
			path, *no, n, KNOB_LINE_MAX);
		return -2;
	}
	n = (ssize_t)strcspn(*line, "\r\n");
	(*line)[n] = '\0';
	return n;
}

int campaign_knobs(const char *out, struct vmf_config *cfg)
{
	char path[CAMPAIGN_PATH + 32], *line = NULL;
	size_t cap = 0;
	bool bugs = false;
	unsigned no = 0;
	ssize_t n;
	FILE *f;
	int rc = 0;

	snprintf(path, sizeof(path), "%s/campaign.txt", out);
	f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "vmfuzz: %s: %s (the knobs of the campaign)\n",
			path, strerror(errno));
		return -1;
	}
	while ((n = next_line(f, path, &line, &cap, &no)) >= 0) {
		if (campaign_line(line, (size_t)n, cfg, &bugs)) {
			fprintf(stderr,
				"vmfuzz: %s:%u: bad knob line '%.80s'\n", path,
				no, line);
			n = -2;
			break;
		}
	}
	rc = n == -2 ? -1 : 0;
	fclose(f);
	free(line);
	if (!rc && !bugs)
		fprintf(stderr,
			"vmfuzz: %s: no 'bugs:' line, so the campaign's knobs "
			"are unknown (give --bugs)\n",
			path);
	return rc || !bugs ? -1 : 0;
}

/* "--bugs=LIST [--vmalloc=SIZE]" (min_format_knobs()) into cfg. Returns 0
 * or -1. */
static int parse_knobs(const char *s, struct vmf_config *cfg)
{
	struct vmf_config c = *cfg;
	bool bugs = false;
	const char *bad;
	u32 badlen;
	size_t n;
	int rc = 0;

	c.vmalloc_reserve = 0;
	for (s += strspn(s, " \t"); *s && !rc; s += n, s += strspn(s, " \t")) {
		n = strcspn(s, " \t");
		if (!strncmp(s, "--bugs=", 7)) {
			rc = bugs_parse(s + 7, (u32)(n - 7), &c.bugs, &bad,
					&badlen);
			bugs = true;
		} else if (!strncmp(s, "--vmalloc=", 10)) {
			rc = vmf_parse_vmalloc(s + 10, (u32)(n - 10),
					       &c.vmalloc_reserve);
		} else {
			rc = -1;
		}
	}
	if (rc || !bugs)
		return -1;
	*cfg = c;
	return 0;
}

/* The line of file path starting with prefix, parsed into cfg. Returns 0,
 * 1 when the file or the line is not there, -1 after a message. */
static int knobs_in(const char *path, const char *prefix,
		    struct vmf_config *cfg)
{
	size_t cap = 0, pl = strlen(prefix);
	char *line = NULL;
	unsigned no = 0;
	ssize_t n = -1;
	FILE *f = fopen(path, "r");
	int rc = 1;

	while (f && (n = next_line(f, path, &line, &cap, &no)) >= 0)
		if (!strncmp(line, prefix, pl))
			break;
	if (n >= 0) {
		rc = parse_knobs(line + pl, cfg);
		if (rc)
			fprintf(stderr, "vmfuzz: %s:%u: bad knobs '%.80s'\n",
				path, no, line + pl);
	}
	rc = n == -2 ? -1 : rc;
	if (f)
		fclose(f);
	free(line);
	return rc;
}

int crashdir_knobs(const char *dir, struct vmf_config *cfg)
{
	char path[CAMPAIGN_PATH + 32];
	struct stat st;
	int rc;

	snprintf(path, sizeof(path), "%s/repro.vmf", dir);
	if ((rc = knobs_in(path, "# knobs: ", cfg)) <= 0)
		return rc;
	snprintf(path, sizeof(path), "%s/meta.txt", dir);
	if ((rc = knobs_in(path, "knobs: ", cfg)) <= 0)
		return rc;
	snprintf(path, sizeof(path), "%s/../../campaign.txt", dir);
	if (!stat(path, &st)) {
		snprintf(path, sizeof(path), "%s/../..", dir);
		return campaign_knobs(path, cfg);
	}
	fprintf(stderr,
		"vmfuzz: %s: no knobs recorded (no '# knobs:' line in "
		"repro.vmf, no 'knobs:' in meta.txt, no ../../campaign.txt); "
		"give --bugs\n",
		dir);
	return -1;
}
