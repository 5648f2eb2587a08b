// SPDX-License-Identifier: GPL-2.0
/*
 * `vmfuzz cross`: the same programs in every world (host soft MMU, QEMU,
 * Bochs), one line per program:
 *
 *   NAME: host=ok digest=D qemu=ok digest=D bochs=ok digest=D agree
 *
 * The last word is the worst verdict of each world against the first
 * (exec_verdict()): agree, explained (a documented model difference, with
 * its reason after the title; exit 1 for its BUG, never 3), DISAGREE (exit
 * 3), or incomplete when a world did not run (exit 4).
 *
 * By default the host and every emulator that can run here (the others
 * are named on stderr as skipped); `--worlds host,qemu,bochs` chooses,
 * and then a world that cannot run is an error (exit 4).
 */
#include "commands.h"
#include "emu.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The worlds of --worlds LIST as a mask, or 0 after a one-line error. */
static unsigned parse_worlds(const char *list)
{
	unsigned mask = 0, w;
	size_t len;

	while (*list) {
		len = strcspn(list, ",");
		for (w = 0; w < NR_WORLDS; w++)
			if (strlen(exec_world_names[w]) == len &&
			    !strncmp(list, exec_world_names[w], len))
				break;
		if (w == NR_WORLDS || !len) {
			fprintf(stderr,
				"vmfuzz: --worlds: unknown world '%.*s' "
				"(host, qemu, bochs)\n",
				(int)len, list);
			return 0;
		}
		mask |= 1u << w;
		list += len + (list[len] == ',');
	}
	if (!mask)
		fprintf(stderr, "vmfuzz: --worlds needs host, qemu or bochs\n");
	return mask;
}

/* Drop the emulators that cannot run here, saying so. */
static unsigned installed_worlds(unsigned mask, const struct vmf_config *cfg)
{
	char why[512];
	unsigned w;

	for (w = WORLD_HOST + 1; w < NR_WORLDS; w++) {
		if (!(mask & (1u << w)) ||
		    !exec_world(w, emu_firmware(), NULL, 0, cfg, NULL, why,
				sizeof(why)))
			continue;
		fprintf(stderr, "vmfuzz: cross: %s skipped (%s)\n",
			exec_world_names[w], why);
		mask &= ~(1u << w);
	}
	return mask;
}

/* One program's line; returns its exit code (0 ok, 1 BUG, 3 disagree).
 * Each world is classified against the first (exec_verdict()); the line
 * carries the worst verdict, and the reason of an explained one. A world
 * that did not run makes the line "incomplete" (its error gives exit 4). */
static int print_line(const char *name, unsigned mask,
		      struct exec_result *res[NR_WORLDS], unsigned i)
{
	const struct exec_result *first = NULL;
	enum exec_verdict worst = VERDICT_AGREE, v;
	const char *title = "", *why = "", *vwhy;
	bool bug = false, notrun = false, strict = false;
	unsigned w;

	printf("%s:", name);
	for (w = 0; w < NR_WORLDS; w++) {
		const struct exec_result *r = &res[w][i];

		if (!(mask & (1u << w)))
			continue;
		printf(" %s=%s digest=%016llx", exec_world_names[w],
		       exec_outcome_word(r->outcome), r->digest);
		notrun |= r->outcome == EXEC_NOTRUN;
		bug |= r->outcome == EXEC_BUG;
		if (!first) {
			first = r;
			strict = w == WORLD_HOST;
		} else if ((v = exec_verdict(first, r, strict, &vwhy)) > worst) {
			worst = v;
			why = vwhy;
		}
		if (!title[0])
			title = r->title;
	}
	printf(" %s", notrun ? "incomplete" : exec_verdict_word(worst));
	if (title[0])
		printf(" (%s)", title);
	if (!notrun && worst == VERDICT_EXPLAINED)
		printf(": %s", why);
	putchar('\n');
	if (notrun)
		return EXIT_OK;
	if (worst == VERDICT_DISAGREE)
		return EXIT_DISAGREE;
	return bug ? EXIT_BUG : EXIT_OK;
}

/* Run every world of mask; the first failure's exit code and reason. */
static int run_worlds(struct cli *c, const struct prog_input *progs,
		      unsigned mask, struct exec_result *res[NR_WORLDS])
{
	char why[512];
	int rc, worst = 0;
	unsigned w;

	for (w = 0; w < NR_WORLDS; w++) {
		if (!(mask & (1u << w)))
			continue;
		rc = exec_world(w, emu_firmware(), progs, c->nfiles, &c->cfg,
				res[w], why, sizeof(why));
		if (rc)
			fprintf(stderr, "vmfuzz: %s\n", why);
		if (rc && !worst)
			worst = rc;
	}
	return worst;
}

int cmd_cross(struct cli *c)
{
	struct exec_result *res[NR_WORLDS] = { 0 };
	struct prog_input *progs;
	unsigned mask, w, i;
	int rc, erc, worst = EXIT_OK;

	mask = c->worlds ? parse_worlds(c->worlds) : (1u << NR_WORLDS) - 1;
	if (!mask)
		return EXIT_USAGE;
	if ((rc = cli_need_files(c, "cross")) || (rc = cli_load(c, &progs)))
		return rc;
	if (!c->worlds)
		mask = installed_worlds(mask, &c->cfg);
	for (w = 0; w < NR_WORLDS; w++)
		if (!(res[w] = calloc(c->nfiles, sizeof(*res[w]))))
			mask = 0;
	erc = mask ? run_worlds(c, progs, mask, res) : EXIT_USAGE;
	for (i = 0; mask && i < c->nfiles; i++) {
		rc = print_line(progs[i].name, mask, res, i);
		if (rc > worst)
			worst = rc;
	}
	fflush(stdout);
	for (w = 0; w < NR_WORLDS; w++) {
		for (i = 0; res[w] && i < c->nfiles; i++)
			exec_result_free(&res[w][i]);
		free(res[w]);
	}
	cli_free(c, progs);
	return erc ? erc : worst;
}
