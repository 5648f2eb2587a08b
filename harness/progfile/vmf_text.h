/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The text form of programs (.vmf): one operation per line, `#` comments,
 * slots a0..a63 naming results (see DESIGN.md and core/prog.h).
 */
#ifndef VMFUZZ_VMF_TEXT_H
#define VMFUZZ_VMF_TEXT_H

#include <stddef.h>
#include "prog.h"

/*
 * Parse text[0..len) into *p. Returns 0, or -1 with a one-line message
 * "NAME:LINE: what is wrong" in err[0..errlen) (NAME is `name`).
 */
int vmf_text_parse(const char *text, size_t len, const char *name,
		   struct vmf_program *p, char *err, size_t errlen);

/* Canonical text of *p, one op per line; malloc'ed, NULL when out of
 * memory. */
char *vmf_text_format(const struct vmf_program *p);

#endif
