/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A minimal assertion kit for the test programs: CHECK() records a failure
 * with file and line (the first CHECK_MAX_REPORTS of them are printed) and
 * goes on; check_done() prints "N passed, N failed" and returns the exit
 * status.
 */
#ifndef VMFUZZ_TESTS_CHECK_H
#define VMFUZZ_TESTS_CHECK_H

#include <stdio.h>

static unsigned check_passed, check_failed;

#define CHECK_MAX_REPORTS 20

#define CHECK(cond, ...)                                                       \
	do {                                                                   \
		if (cond) {                                                    \
			check_passed++;                                        \
		} else if (check_failed++ < CHECK_MAX_REPORTS) {               \
			fprintf(stderr, "%s:%d: check failed: %s: ", __FILE__, \
				__LINE__, #cond);                              \
			fprintf(stderr, __VA_ARGS__);                          \
			fputc('\n', stderr);                                   \
		}                                                              \
	} while (0)

static inline int check_done(const char *suite)
{
	printf("%s: %u passed, %u failed\n", suite, check_passed, check_failed);
	return check_failed ? 1 : 0;
}

#endif
