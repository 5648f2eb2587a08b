// SPDX-License-Identifier: GPL-2.0
/*
 * The incremental oracle against the full sweep: COUNT programs from the
 * generator (`vmfuzz gen`), most of them put through the fuzzers'
 * structure-aware mutator and crossover, each run under every knob set
 * (none, each knob alone, seed, all) twice: incrementally and paranoid
 * (the full sweep after every op). Both must give the same outcome, the
 * same first BUG title at the same op, and the same digest. The knob runs
 * must find BUGs (else the comparison proves little), and none with no
 * knob on.
 *
 * (The generator: vmf_generate(), at most 64 pages an allocation.)
 * Usage: test_equiv [COUNT [SEED]]   (default 1500 programs, seed 1; the
 * benchmark-style run, ci/bench-equiv, asks for 100,000)
 */
#include <stdlib.h>
#include <string.h>

#include "arch_soft.h"
#include "bugs.h"
#include "check.h"
#include "cli.h"
#include "mutate.h"
#include "oracle.h"

static u8 buf[VMF_PROG_MAX_BYTES], prev[VMF_PROG_MAX_BYTES];
static size_t prev_len;

/* Program i: generated, then (3 in 4) mutated 1..4 times, (1 in 8) spliced
 * with the previous one. */
static size_t make_program(unsigned long i, unsigned long seed)
{
	static struct vmf_program p;
	u32 r = (u32)(i * 2654435761u ^ seed), k;
	size_t len;

	vmf_generate(seed * 1000003 + i, 64, &p);
	len = prog_encode(&p, buf, sizeof(buf));
	if (r % 4)
		for (k = 0; k < 1 + (r >> 4) % 4; k++)
			len = vmf_mutate(buf, len, sizeof(buf), r + k, NULL);
	if (r % 8 == 1 && prev_len) {
		u8 out[VMF_PROG_MAX_BYTES];

		len = vmf_crossover(buf, len, prev, prev_len, out, sizeof(out),
				    r);
		memcpy(buf, out, len);
	}
	memcpy(prev, buf, len);
	prev_len = len;
	return len;
}

static bool same(const struct vmf_result *a, const struct vmf_result *b)
{
	return a->outcome == b->outcome && a->nops == b->nops &&
	       a->digest == b->digest && !strcmp(a->title, b->title);
}

int main(int argc, char **argv)
{
	unsigned long count = argc > 1 ? strtoul(argv[1], NULL, 0) : 1500;
	unsigned long seed = argc > 2 ? strtoul(argv[2], NULL, 0) : 1, i;
	u32 masks[NR_BUGS + 3], nbugs[NR_BUGS + 3] = { 0 };
	unsigned nmasks = 0, m, bad = 0;

	if (soft_machine_init())
		return 2;
	masks[nmasks++] = 0;
	for (m = 0; m < NR_BUGS; m++)
		masks[nmasks++] = 1u << m;
	masks[nmasks++] = BUGS_SEED;
	masks[nmasks++] = (1u << NR_BUGS) - 1;
	for (i = 0; i < count; i++) {
		size_t len = make_program(i, seed);

		for (m = 0; m < nmasks; m++) {
			struct vmf_config inc = { .bugs = masks[m] };
			struct vmf_config par = { .bugs = masks[m],
						  .paranoid = true };
			struct vmf_result a, b;

			vmf_run(buf, (u32)len, &inc, &a);
			soft_console_clear();
			vmf_run(buf, (u32)len, &par, &b);
			soft_console_clear();
			nbugs[m] += a.outcome == VMF_BUG;
			if (same(&a, &b))
				continue;
			if (!bad && getenv("EQUIV_DUMP")) {
				FILE *f = fopen(getenv("EQUIV_DUMP"), "wb");

				if (f) {
					fwrite(buf, 1, len, f);
					fclose(f);
				}
			}
			if (bad++ < 10)
				fprintf(stderr,
					"program %lu knobs 0x%x: incremental "
					"%s op %u '%s' %016llx, paranoid %s "
					"op %u '%s' %016llx\n",
					i, masks[m], a.outcome ? "BUG" : "ok",
					a.nops, a.title,
					(unsigned long long)a.digest,
					b.outcome ? "BUG" : "ok", b.nops,
					b.title, (unsigned long long)b.digest);
		}
	}
	CHECK(bad == 0, "%u of %lu runs differ", bad, count * nmasks);
	CHECK(nbugs[0] == 0, "%u BUGs with no knob on", nbugs[0]);
	/* ioremap-align-8 only moves areas (a placement difference): no BUG;
	 * pte-recheck, flush-local and flush-irqs-off need two CPUs and a
	 * schedule that random bytes rarely give (corpora/regress has one of
	 * each). */
	for (m = 1; m < nmasks; m++)
		CHECK(nbugs[m] > 0 || count < 1000 ||
			      masks[m] == BUG_IOREMAP_ALIGN_8 ||
			      masks[m] == BUG_PTE_RECHECK ||
			      masks[m] == BUG_FLUSH_LOCAL ||
			      masks[m] == BUG_FLUSH_IRQS_OFF ||
			      /* second-generation knobs: no-ops without
			       * VMF_GEN2 */
			      masks[m] == BUG_DOUBLE_GUARD ||
			      masks[m] == BUG_SEARCH_RESTART ||
			      masks[m] == BUG_VMAP_BLOCK_PURGE ||
			      masks[m] == BUG_FAILURE_FLUSH ||
			      masks[m] == BUG_LAZY_COUNT_RACE ||
			      /* and a no-op without nr-cpus=3 too */
			      masks[m] == BUG_VMAP_BLOCK_NCPUS,
		      "knobs 0x%x: no BUG in %lu programs", masks[m], count);
	printf("equiv: %lu programs x %u knob sets, %u differ; BUGs per knob "
	       "set:",
	       count, nmasks, bad);
	for (m = 0; m < nmasks; m++)
		printf(" 0x%x:%u", masks[m], nbugs[m]);
	putchar('\n');
	return check_done("equiv");
}
