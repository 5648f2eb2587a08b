// SPDX-License-Identifier: GPL-2.0
/*
 * BUG() and WARN() of the kernel room, handed to the sink the runner
 * installs (kernel.h): the kernel never calls up into the runner.
 */
#include "kernel.h"
#include "arch.h"

static __noreturn void default_bug(const char *func, const char *what, const char *fmt,
			va_list ap)
{
	char detail[128];

	vmf_vsnprintf(detail, sizeof(detail), fmt, ap);
	printk("BUG: %s in %s\n%s\n", what, func, detail);
	arch_throw();
}

static void default_warn(const char *fmt, va_list ap)
{
	(void)fmt;
	(void)ap;
}

static const struct kernel_sink default_sink = {
	.bug = default_bug,
	.warn = default_warn,
};

const struct kernel_sink *vmf_sink = &default_sink;

void vmf_set_sink(const struct kernel_sink *sink)
{
	vmf_sink = sink ? sink : &default_sink;
}

void vmf_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmf_sink->warn(fmt, ap);
	va_end(ap);
}

void vmf_bug(const char *func, const char *what, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmf_sink->bug(func, what, fmt, ap);
	arch_throw(); /* a sink that returned */
}
