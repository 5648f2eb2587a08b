// SPDX-License-Identifier: GPL-2.0
/*
 * The host executor and what all executors share: outcome words and the
 * summary line.
 */
#include "exec.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arch_soft.h"

const char *exec_outcome_word(enum exec_outcome o)
{
	static const char *const words[] = {
		[EXEC_OK] = "ok",	   [EXEC_BUG] = "BUG",
		[EXEC_HANG] = "hang",	   [EXEC_RESET] = "reset",
		[EXEC_NOTRUN] = "not-run",
	};

	return words[o];
}

void exec_print_summary(FILE *out, const char *name,
			const struct exec_result *r)
{
	fprintf(out, "%s: %s digest=%016llx ops=%u", name,
		exec_outcome_word(r->outcome), r->digest, r->nops);
	if (r->title[0])
		fprintf(out, " (%s)", r->title);
	fputc('\n', out);
}

bool exec_agree(const struct exec_result *a, const struct exec_result *b)
{
	return a->outcome == b->outcome && a->digest == b->digest &&
	       !strcmp(a->title, b->title);
}

/* The title prefixes of the BUGs a finite TLB can hide: the oracle's probe
 * of a freed area (on the running CPU, or on the other one at a two-CPU
 * quiescent point: flush-local), and a program's touch of an unmapped
 * address (its PTE is clear, so only a stale TLB entry lets it through). */
static bool stale_tlb_title(const char *title)
{
	static const char *const prefixes[] = {
		"BUG: freed area still accessible in ",
		"BUG: unmapped address did not fault in ",
		"BUG: freed area still accessible on the other CPU in ",
	};
	unsigned i;

	for (i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++)
		if (!strncmp(title, prefixes[i], strlen(prefixes[i])))
			return true;
	return false;
}

/* Did `strict` see a stale translation that `lax` had evicted? Either its
 * BUG is the oracle's probe finding one (the titles above: the lax world
 * ran alike up to that probe, so it is ok or BUGs the same way later), or
 * its run went through one with another BUG (a probe that hits a stale
 * entry BUGs at once, so these hits are the kernel's or the program's):
 * up to the first such hit both worlds ran alike, from there on a finite
 * TLB may fault where the strict one translated (a BUG in another
 * function) or let a write land in the live frame (ok). With no stale hit
 * on the host, no difference is the TLB's. */
static bool tlb_evicted(const struct exec_result *strict,
			const struct exec_result *lax)
{
	if (strict->outcome != EXEC_BUG)
		return false;
	if (!stale_tlb_title(strict->title))
		return strict->stale_tlb &&
		       (lax->outcome == EXEC_OK || lax->outcome == EXEC_BUG);
	if (lax->outcome == EXEC_OK)
		return true;
	return lax->outcome == EXEC_BUG && !strcmp(lax->title, strict->title) &&
	       lax->nops > strict->nops;
}

enum exec_verdict exec_verdict(const struct exec_result *a,
			       const struct exec_result *b, bool a_strict,
			       const char **why)
{
	if (why)
		*why = "";
	if (exec_agree(a, b))
		return VERDICT_AGREE;
	if (tlb_evicted(a, b) || (!a_strict && tlb_evicted(b, a))) {
		if (why)
			*why = "a finite TLB had evicted the stale entry a "
			       "stricter one kept (README: Known differences)";
		return VERDICT_EXPLAINED;
	}
	return VERDICT_DISAGREE;
}

const char *exec_verdict_word(enum exec_verdict v)
{
	static const char *const words[] = {
		[VERDICT_AGREE] = "agree",
		[VERDICT_EXPLAINED] = "explained",
		[VERDICT_DISAGREE] = "DISAGREE",
	};

	return words[v];
}

void exec_result_free(struct exec_result *r)
{
	free(r->text);
	r->text = NULL;
}

int softmmu_exec(const struct prog_input *progs, unsigned n,
		 const struct vmf_config *cfg, struct exec_result *results)
{
	unsigned i;

	if (soft_machine_init())
		return -1;
	for (i = 0; i < n; i++) {
		struct exec_result *r = &results[i];
		struct vmf_result res;

		unsigned long long stale = soft_machine_stale_hits();

		soft_console_clear();
		vmf_run(progs[i].data, progs[i].len, cfg, &res);
		r->stale_tlb = soft_machine_stale_hits() != stale;
		r->outcome = res.outcome == VMF_BUG ? EXEC_BUG : EXEC_OK;
		r->digest = res.digest;
		r->nops = res.nops;
		snprintf(r->title, sizeof(r->title), "%s", res.title);
		r->text = soft_console_take();
	}
	return 0;
}
