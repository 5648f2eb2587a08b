// SPDX-License-Identifier: GPL-2.0
/*
 * Per-op cost for ci/bench, in one process: program B maps and writes SIZE
 * bytes; program A is B followed by N copies of OP. Each runs REPS times,
 * alternately, and the per-op cost is (min A - min B) / N: minima, because
 * a loaded machine only ever adds time. Built by ci/bench against the
 * libraries of a build directory (so an older build can be measured with
 * the same tool).
 *
 * Usage: bench_ops SIZE OP N REPS   (OP: "touch", "meminfo", "vmalloc":
 * the pair `a1 = vmalloc 4096` + `vfree a1`, counted as two ops)
 * Prints: nanoseconds per op.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "arch_soft.h"
#include "prog.h"
#include "vmf_text.h"
#include "vmfuzz.h"

static uint8_t bin[2][VMF_MAX_OPS * VMF_OP_MAX_BYTES];
static uint32_t len[2];

static void build(int which, unsigned long size, const char *op, int n)
{
	static struct vmf_program p;
	static char text[65536];
	char err[256];
	int at, i;

	at = snprintf(text, sizeof(text), "a0 = vmalloc %lu\nwrite a0 0 %lu\n",
		      size, size);
	for (i = 0; which == 0 && i < n; i++) {
		if (!strcmp(op, "vmalloc"))
			at += snprintf(text + at, sizeof(text) - at, "%s",
				       i % 2 ? "vfree a1\n"
					     : "a1 = vmalloc 4096\n");
		else
			at += snprintf(text + at, sizeof(text) - at, "%s\n",
				       strcmp(op, "touch") ? "meminfo"
							   : "touch a0 0");
	}
	if (vmf_text_parse(text, (size_t)at, "bench", &p, err, sizeof(err))) {
		fprintf(stderr, "bench_ops: %s\n", err);
		exit(2);
	}
	len[which] = prog_encode(&p, bin[which], sizeof(bin[which]));
}

static double run_ns(int which)
{
	static struct vmf_config cfg;
	struct vmf_result res;
	struct timespec a, b;

	clock_gettime(CLOCK_MONOTONIC, &a);
	vmf_run(bin[which], len[which], &cfg, &res);
	clock_gettime(CLOCK_MONOTONIC, &b);
	soft_console_clear();
	if (res.outcome != VMF_OK) {
		fprintf(stderr, "bench_ops: %s\n", res.title);
		exit(1);
	}
	return (b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec);
}

int main(int argc, char **argv)
{
	double best[2] = { 1e18, 1e18 };
	int n, reps, i, w;

	if (argc != 5 || soft_machine_init()) {
		fprintf(stderr, "usage: bench_ops SIZE OP N REPS\n");
		return 2;
	}
	n = atoi(argv[3]);
	reps = atoi(argv[4]);
	build(0, strtoul(argv[1], NULL, 0), argv[2], n);
	build(1, strtoul(argv[1], NULL, 0), argv[2], n);
	for (i = 0; i < reps; i++) {
		for (w = 0; w < 2; w++) {
			double t = run_ns(w);

			if (t < best[w])
				best[w] = t;
		}
	}
	printf("%.0f\n", (best[0] - best[1]) / n);
	return 0;
}
