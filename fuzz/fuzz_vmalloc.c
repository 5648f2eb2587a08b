// SPDX-License-Identifier: GPL-2.0
/*
 * The fuzz target: every input is a binary program (core/prog.h), run on the
 * host soft MMU under the oracle. A BUG outcome prints the report to stderr
 * (its first line is the title "BUG: <what> in <function>") and aborts, so
 * that every engine records a crash and de-duplicates it by that title.
 *
 * Knobs come from the environment, VMFUZZ_BUGS=LIST and VMFUZZ_VMALLOC=SIZE,
 * or from the flags -bugs=LIST and -vmalloc=SIZE (one or two dashes), which
 * are taken out of argv and copied into the environment, so that the
 * children of libFuzzer's -fork/-jobs modes see them too.
 *
 * VMFUZZ_KNOWN_TITLES names a file of BUG titles, one per line, already
 * found (`vmfuzz fuzz` keeps it): an input that hits one of those returns
 * normally, so the engine keeps fuzzing instead of stopping for a known bug.
 * VMFUZZ_EXEC_COUNTER names a file whose first 8 bytes count the programs
 * run, by every process of the campaign (`vmfuzz fuzz` reads it for its
 * progress line: the engines' own figures lag or stand still).
 *
 * Every CPU switch of a two-CPU program is interleaving coverage (icov.c).
 *
 * The known-titles file grows while the engines run: a title not in our copy
 * makes us read it again before crashing (AFL++'s persistent processes live
 * long).
 */
#include "fuzz.h"

#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "arch_soft.h"
#include "bugs.h"
#include "icov.h"
#include "vmfuzz.h"

static struct vmf_config fuzz_cfg;
static int fuzz_ready;
static char *known_titles; /* "\n" + one title per line, or NULL */
static unsigned long long *exec_counter; /* shared with the campaign */

static void __noreturn __printf(1, 2) die(const char *fmt, ...)
{
	va_list ap;

	fputs("fuzz_vmalloc: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(2);
}

/* If arg is -NAME=VALUE or --NAME=VALUE, return VALUE. */
static const char *flag_value(const char *arg, const char *name)
{
	size_t n = strlen(name);

	if (arg[0] != '-')
		return NULL;
	arg += arg[1] == '-' ? 2 : 1;
	if (strncmp(arg, name, n) || arg[n] != '=')
		return NULL;
	return arg + n + 1;
}

/* Move -bugs= and -vmalloc= flags from argv into the environment. */
static void take_flags(int *argc, char **argv)
{
	int i, j = 1;

	for (i = 1; i < *argc; i++) {
		const char *v;

		if ((v = flag_value(argv[i], "bugs")))
			setenv("VMFUZZ_BUGS", v, 1);
		else if ((v = flag_value(argv[i], "vmalloc")))
			setenv("VMFUZZ_VMALLOC", v, 1);
		else
			argv[j++] = argv[i];
	}
	if (j < *argc)
		argv[j] = NULL;
	*argc = j;
}

static void read_env(void)
{
	const char *bugs = getenv("VMFUZZ_BUGS");
	const char *size = getenv("VMFUZZ_VMALLOC");
	const char *bad;
	u32 badlen;

	if (bugs && *bugs &&
	    bugs_parse(bugs, (u32)strlen(bugs), &fuzz_cfg.bugs, &bad, &badlen))
		die("unknown bug knob '%.*s' in VMFUZZ_BUGS", (int)badlen, bad);
	if (size && *size &&
	    vmf_parse_vmalloc(size, (u32)strlen(size),
			      &fuzz_cfg.vmalloc_reserve))
		die("bad VMFUZZ_VMALLOC size '%s' (24M..960M)", size);
}

static void read_known(void)
{
	const char *path = getenv("VMFUZZ_KNOWN_TITLES");
	FILE *f = path && *path ? fopen(path, "r") : NULL;
	long n;

	if (!f)
		return;
	free(known_titles);
	known_titles = NULL;
	if (!fseek(f, 0, SEEK_END) && (n = ftell(f)) > 0 &&
	    !fseek(f, 0, SEEK_SET) && (known_titles = malloc((size_t)n + 2))) {
		known_titles[0] = '\n';
		n = (long)fread(known_titles + 1, 1, (size_t)n, f);
		known_titles[n + 1] = '\0';
	}
	fclose(f);
}

/* Is title a whole line of the known-titles file? */
static bool known(const char *title)
{
	const char *p = known_titles;
	size_t n = strlen(title);

	while (p && (p = strstr(p, title))) {
		if (p[-1] == '\n' && (p[n] == '\n' || !p[n]))
			return true;
		p += n;
	}
	return false;
}

/* Map VMFUZZ_EXEC_COUNTER, shared with every process forked from here. */
static void map_counter(void)
{
	const char *path = getenv("VMFUZZ_EXEC_COUNTER");
	int fd = path && *path ? open(path, O_RDWR | O_CLOEXEC) : -1;
	void *p;

	if (fd < 0)
		return;
	p = mmap(NULL, sizeof(*exec_counter), PROT_READ | PROT_WRITE,
		 MAP_SHARED, fd, 0);
	close(fd);
	if (p != MAP_FAILED)
		exec_counter = p;
}

static void setup(void)
{
	read_env();
	icov_install(&fuzz_cfg);
	read_known();
	map_counter();
	if (soft_machine_init())
		die("cannot allocate the soft machine's memory");
	fuzz_ready = 1;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	if (argc && argv && *argv)
		take_flags(argc, *argv);
	setup();
	return 0;
}

/* Print the BUG report (the capture from its title line on), then abort. */
static void __noreturn crash(const struct vmf_result *res)
{
	size_t len;
	const char *text = soft_console_peek(&len);
	const char *start = strstr(text, res->title);

	if (!start) {
		fprintf(stderr, "%s\n", res->title);
		start = text;
	}
	fwrite(start, 1, len - (size_t)(start - text), stderr);
	fflush(stderr);
	abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vmf_result res;

	if (!fuzz_ready)
		setup();
	soft_console_clear();
	vmf_run(data, size > 0xffffffffu ? 0xffffffffu : (u32)size, &fuzz_cfg,
		&res);
	if (exec_counter)
		__atomic_fetch_add(exec_counter, 1, __ATOMIC_RELAXED);
	if (res.outcome != VMF_BUG || known(res.title))
		return 0;
	read_known();
	if (!known(res.title))
		crash(&res);
	return 0;
}
