// SPDX-License-Identifier: GPL-2.0
/*
 * `vmfuzz promote [--bugs=LIST] [--vmalloc=SIZE] CRASHDIR|FILE NEW.vmf`:
 * turn a campaign's crash (OUT/crashes/ID/, its repro.bin and the knobs
 * recorded with it: repro.vmf, meta.txt, else OUT/campaign.txt; exit 2
 * when none is) or any program file into a regression program
 * (regress.h): the canonical text with its knob, vmalloc and expectation
 * headers, the expectations being what the host does with and without the
 * knobs now. Of several knobs, the one that alone gives the same outcome is
 * kept, when there is one. NEW.vmf is created, never overwritten. Exit 0, or 2
 * (bad input, NEW.vmf exists).
 */
#include "regress.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bugs.h"
#include "campaign.h"
#include "vmf_text.h"

/* Which knob options the command line gave. */
struct knobs_given {
	bool bugs, vmalloc;
};

/* The outcome word of the header: "ok" or the BUG title (else the word). */
static void outcome_of(const struct vmf_program *p,
		       const struct vmf_config *cfg, char *out, size_t n)
{
	static u8 bin[VMF_MAX_OPS * VMF_OP_MAX_BYTES];
	struct prog_input in = { "promote", bin, 0 };
	struct exec_result r;

	memset(&r, 0, sizeof(r));
	in.len = prog_encode(p, bin, sizeof(bin));
	softmmu_exec(&in, 1, cfg, &r);
	snprintf(out, n, "%s",
		 r.outcome == EXEC_BUG ? r.title
				       : exec_outcome_word(r.outcome));
	exec_result_free(&r);
}

/* The one knob of cfg->bugs that gives the same outcome as all of them,
 * if there is one: a regression program names the bug it keeps fixed. */
static void fewest_knobs(const struct vmf_program *p, struct vmf_config *cfg)
{
	char all[VMF_TITLE_MAX], one[VMF_TITLE_MAX];
	struct vmf_config c = *cfg;
	unsigned i;

	outcome_of(p, cfg, all, sizeof(all));
	for (i = 0; i < NR_BUGS && (cfg->bugs & (cfg->bugs - 1)); i++) {
		if (!(cfg->bugs >> i & 1))
			continue;
		c.bugs = 1u << i;
		outcome_of(p, &c, one, sizeof(one));
		if (!strcmp(one, all))
			cfg->bugs = c.bugs;
	}
}

/* The regression program's text: headers, then the program. */
static char *promoted_text(const struct vmf_program *p,
			   const struct vmf_config *cfg, const char *from)
{
	struct vmf_config none = { .vmalloc_reserve = cfg->vmalloc_reserve };
	char with[VMF_TITLE_MAX], without[VMF_TITLE_MAX], knob[BUGS_FORMAT_MAX];
	char *body = vmf_text_format(p), *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	if (!body || !f) {
		free(body);
		if (f)
			fclose(f);
		free(text);
		return NULL;
	}
	bugs_format(cfg->bugs, knob, sizeof(knob));
	outcome_of(p, cfg, with, sizeof(with));
	outcome_of(p, &none, without, sizeof(without));
	if (cfg->bugs)
		fprintf(f, "# knob: %s\n# expect-with: %s\n", knob, with);
	fprintf(f, "# expect-without: %s\n", cfg->bugs ? without : with);
	if (cfg->vmalloc_reserve)
		fprintf(f, "# vmalloc: 0x%x\n", (unsigned)cfg->vmalloc_reserve);
	fprintf(f, "#\n# promoted from %s (%u ops)\n%s", from,
		(unsigned)p->nops, body);
	fclose(f);
	free(body);
	return text;
}

/* The program of a crash directory (repro.bin) with the knobs recorded
 * with it (crashdir_knobs(); unless --bugs is given, and a --vmalloc given
 * wins), or of a program file. */
static int load(const char *src, const struct knobs_given *given,
		struct vmf_config *cfg, struct vmf_program *p)
{
	char path[CAMPAIGN_PATH + 32], err[CAMPAIGN_PATH + 128];
	ulong32 vmalloc = cfg->vmalloc_reserve;
	struct stat st;

	if (!stat(src, &st) && S_ISDIR(st.st_mode)) {
		if (!given->bugs && crashdir_knobs(src, cfg))
			return EXIT_USAGE;
		if (given->vmalloc)
			cfg->vmalloc_reserve = vmalloc;
		snprintf(path, sizeof(path), "%s/repro.bin", src);
		src = path;
	}
	if (progfile_program(src, p, err, sizeof(err))) {
		fprintf(stderr, "vmfuzz: %s\n", err);
		return EXIT_USAGE;
	}
	return 0;
}

/* Knob options and the two names. Returns 0 or EXIT_USAGE. */
static int parse(int argc, char **argv, struct vmf_config *cfg,
		 struct knobs_given *given, const char **name)
{
	const char *bugs = NULL, *vmalloc = NULL;
	int i, k, n = 0;

	for (i = 0; i < argc; i++) {
		k = knob_option(argc, argv, &i, cfg, &bugs, &vmalloc);
		if (k < 0)
			return EXIT_USAGE;
		if (!k && (argv[i][0] == '-' || n == 2))
			n = 3;
		else if (!k)
			name[n++] = argv[i];
	}
	given->bugs = bugs != NULL;
	given->vmalloc = vmalloc != NULL;
	if (n == 2 && progfile_is_text(name[1]))
		return 0;
	fprintf(stderr, "usage: vmfuzz promote [--bugs=LIST] [--vmalloc=SIZE] "
			"CRASHDIR|FILE NEW.vmf\n");
	return EXIT_USAGE;
}

int cmd_promote(int argc, char **argv)
{
	static struct vmf_program p;
	struct vmf_config cfg = { 0 };
	const char *name[3];
	char err[CAMPAIGN_PATH + 128], *text;
	struct knobs_given given;
	int rc;

	if ((rc = parse(argc, argv, &cfg, &given, name)))
		return rc;
	if (!access(name[1], F_OK)) {
		fprintf(stderr, "vmfuzz: %s: exists, not overwritten\n",
			name[1]);
		return EXIT_USAGE;
	}
	if ((rc = load(name[0], &given, &cfg, &p)))
		return rc;
	fewest_knobs(&p, &cfg);
	text = promoted_text(&p, &cfg, name[0]);
	if (!text ||
	    write_new_file(name[1], text, strlen(text), err, sizeof(err))) {
		fprintf(stderr, "vmfuzz: %s\n", text ? err : "out of memory");
		free(text);
		return EXIT_USAGE;
	}
	printf("%s", text);
	free(text);
	return EXIT_OK;
}
