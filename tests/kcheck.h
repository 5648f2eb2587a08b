/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers of the test programs that drive the core directly on the soft
 * machine (test_oracle, test_placement, test_kfault): run a text program,
 * and check the BUG title of a body run under arch_try().
 */
#ifndef VMFUZZ_TESTS_KCHECK_H
#define VMFUZZ_TESTS_KCHECK_H

#include <string.h>

#include "arch.h"
#include "arch_soft.h"
#include "check.h"
#include "interp.h"
#include "vmf_text.h"

/* Run the text program `text` with cfg on a fresh machine; the result in
 * *res, the console cleared. Returns res->outcome. */
static inline int kcheck_run_text(const char *text,
				  const struct vmf_config *cfg,
				  struct vmf_result *res)
{
	static struct vmf_program p;
	static uint8_t bin[VMF_MAX_OPS * VMF_OP_MAX_BYTES];
	char err[256];
	uint32_t n;

	if (vmf_text_parse(text, strlen(text), "t", &p, err, sizeof(err)))
		fprintf(stderr, "%s\n", err);
	n = prog_encode(&p, bin, sizeof(bin));
	vmf_run(bin, n, cfg, res);
	soft_console_clear();
	return res->outcome;
}

/* Check that a body that returned `bugged` (arch_try()) gave the BUG title
 * `want` ("" = no BUG), then clear the console. */
static inline void kcheck_title(const char *what, int bugged, const char *want)
{
	if (!*want)
		CHECK(!bugged, "%s: unexpected %s", what, vmf.title);
	else
		CHECK(bugged && !strcmp(vmf.title, want),
		      "%s: got '%s', want '%s'", what,
		      bugged ? vmf.title : "ok", want);
	soft_console_clear();
}

/* Run fn(arg) under arch_try() and check its BUG title against want. */
static inline void kcheck_expect(const char *what, void (*fn)(void *),
				 void *arg, const char *want)
{
	vmf.title[0] = '\0';
	kcheck_title(what, arch_try(fn, arg), want);
}

#endif
