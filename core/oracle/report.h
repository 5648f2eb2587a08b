/* SPDX-License-Identifier: GPL-2.0 */
/*
 * BUG reports and trace lines of the running program (report.c).
 */
#ifndef VMFUZZ_REPORT_H
#define VMFUZZ_REPORT_H

#include "interp.h"

/* Print op i as a trace line: index, canonical text, "->", result. */
void vmf_print_op(u32 i);

/* BUG report of the running op; the title is in vmf.title. */
void vmf_report(void);

#endif
