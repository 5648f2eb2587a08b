// SPDX-License-Identifier: GPL-2.0
/*
 * JUnit XML for `vmfuzz regress --junit FILE`, in the shape GitLab, Jenkins
 * and GitHub test reporters read: <testsuites> holding one <testsuite> per
 * world (and "agree"), one <testcase> per program and knob setting, a
 * <failure> when the expectation broke, a <skipped/> suite for a world that
 * is not available here.
 */
#include "regress.h"

#include <stdio.h>
#include <stdlib.h>

#include "progfile.h"

/* s with &, <, >, " and ' escaped, and control bytes dropped. */
static void xml_text(FILE *f, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '&')
			fputs("&amp;", f);
		else if (c == '<')
			fputs("&lt;", f);
		else if (c == '>')
			fputs("&gt;", f);
		else if (c == '"')
			fputs("&quot;", f);
		else if (c == '\'')
			fputs("&apos;", f);
		else if (c >= 0x20 || c == '\n' || c == '\t')
			fputc(c, f);
	}
}

static void testcase_open(FILE *f, const char *suite, const char *file,
			  const char *knob)
{
	fprintf(f, "    <testcase classname=\"vmfuzz.regress.");
	xml_text(f, suite);
	fprintf(f, "\" name=\"");
	xml_text(f, file);
	fprintf(f, " --bugs=");
	xml_text(f, knob);
	fprintf(f, "\"");
}

/* The testcase of run k in world w. */
static void world_case(FILE *f, const struct regress *r, unsigned k, unsigned w,
		       char **files)
{
	const struct regress_run *run = &r->runs[k];
	const struct exec_result *g = &run->res[w];

	testcase_open(f, r->name[w], files[run->prog], run->knob);
	if (run->held[w]) {
		fprintf(f, "/>\n");
		return;
	}
	fprintf(f, ">\n      <failure type=\"expectation\" message=\"want ");
	xml_text(f, run->want);
	fprintf(f, ", got %s ", exec_outcome_word(g->outcome));
	xml_text(f, g->title);
	fprintf(f, "\">");
	xml_text(f, g->text ? g->text : "");
	fprintf(f, "</failure>\n    </testcase>\n");
}

static void agree_case(FILE *f, const struct regress *r, unsigned k,
		       char **files)
{
	const struct regress_run *run = &r->runs[k];
	unsigned w;

	testcase_open(f, "agree", files[run->prog], run->knob);
	if (!run->disagree && run->explained) {
		fprintf(f, ">\n      <system-out>explained: ");
		xml_text(f, run->explained);
		fprintf(f, "</system-out>\n    </testcase>\n");
		return;
	}
	if (!run->disagree) {
		fprintf(f, "/>\n");
		return;
	}
	fprintf(f, ">\n      <failure type=\"disagreement\" message=\"");
	for (w = 0; w < r->nw; w++)
		if (!r->skip[w])
			fprintf(f, "%s=%s/%016llx ", r->name[w],
				exec_outcome_word(run->res[w].outcome),
				run->res[w].digest);
	fprintf(f, "\"/>\n    </testcase>\n");
}

/* One testsuite: world w, or "agree" when w == r->nw. */
static void suite(FILE *f, const struct regress *r, unsigned w, char **files)
{
	const char *name = w < r->nw ? r->name[w] : "agree";
	unsigned k, fails = 0;

	for (k = 0; k < r->nruns; k++)
		fails += w < r->nw ? !r->runs[k].held[w] : r->runs[k].disagree;
	fprintf(f,
		"  <testsuite name=\"%s\" tests=\"%u\" failures=\"%u\" "
		"errors=\"0\" skipped=\"%u\">\n",
		name, r->nruns, w < r->nw && r->skip[w] ? 0 : fails,
		w < r->nw && r->skip[w] ? r->nruns : 0);
	for (k = 0; k < r->nruns; k++) {
		if (w < r->nw && r->skip[w]) {
			testcase_open(f, name, files[r->runs[k].prog],
				      r->runs[k].knob);
			fprintf(f, "><skipped message=\"%s\"/></testcase>\n",
				r->skip[w]);
		} else if (w < r->nw) {
			world_case(f, r, k, w, files);
		} else {
			agree_case(f, r, k, files);
		}
	}
	fprintf(f, "  </testsuite>\n");
}

int junit_write(const char *path, const struct regress *r, char **files)
{
	char *text = NULL, err[4096 + 128];
	size_t len = 0;
	unsigned w;
	FILE *f = open_memstream(&text, &len);
	int rc;

	if (!f)
		return -1;
	fprintf(f,
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<testsuites name=\"vmfuzz regress\" tests=\"%u\" "
		"failures=\"%u\">\n",
		r->npoints, r->broken + r->disagreements);
	for (w = 0; w < r->nw; w++)
		suite(f, r, w, files);
	if (r->nworlds > 1)
		suite(f, r, r->nw, files);
	fprintf(f, "</testsuites>\n");
	fclose(f);
	rc = write_new_file(path, text, len, err, sizeof(err));
	if (rc)
		fprintf(stderr, "vmfuzz: %s\n", err);
	free(text);
	return rc;
}
