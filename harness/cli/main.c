// SPDX-License-Identifier: GPL-2.0
/*
 * vmfuzz: fuzz the Linux 2.6 vmalloc allocator on a soft MMU, reproduce on
 * real i386 paging in QEMU.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "bugs.h"
#include "campaign.h"
#include "commands.h"
#include "paths.h"

#ifndef VMFUZZ_VERSION
#define VMFUZZ_VERSION "unknown"
#endif

static const char usage[] =
	"usage: vmfuzz COMMAND [OPTIONS] FILE...\n"
	"\n"
	"  run    FILE...   run programs on the host soft MMU\n"
	"  qemu   FILE...   run programs in QEMU on real i386 paging\n"
	"  bochs  FILE...   run programs in Bochs on real i386 paging\n"
	"         [--stress N FILE]  N runs, two CPUs free-running: a table\n"
	"         of outcomes (exit 1 when any run was a BUG)\n"
	"  cross  FILE...   host and every installed emulator; exit 3 when\n"
	"         [--worlds host,qemu,bochs]  any two disagree\n"
	"         [--gens[=GEN1/GEN2]]  instead: the host under a profile of\n"
	"         each generation (none, correct-2.6.28), op by op; exit 3\n"
	"         when a difference no documented change explains\n"
	"  encode FILE.vmf  text -> binary (stdout, or -o FILE)\n"
	"  decode FILE      binary -> canonical text (stdout, or -o FILE)\n"
	"  bugs             list the historic-bug knobs\n"
	"  min    FILE      minimize a BUG reproducer (text to stdout, or -o)\n"
	"  triage DIR|FILE...  group raw crash files by BUG title\n"
	"  fuzz   [--engine libfuzzer|libfuzzer-raw|afl|afl-raw] [--jobs N]\n"
	"         [--time SECONDS] [--out DIR] [--seeds DIR] [--until-bug]\n"
	"         [--no-qemu] [--no-bochs] [--seed N] [--runs N]  run a fuzz\n"
	"         campaign (--seed, --runs: repeatable); crashes in\n"
	"         DIR/crashes, replayed in QEMU and Bochs\n"
	"  bisect CRASH_DIR|FILE [--host-only]  the knobs (and releases) a\n"
	"         reproducer needs; a FILE starts from --bugs=all by default\n"
	"  cov [--bugs=LIST] [--out DIR] DIR|FILE...  line coverage of core/\n"
	"         (per file, per function, HTML) in the build-cov/ build\n"
	"  plot   DIR       draw a campaign's progress.png with gnuplot\n"
	"  gen COUNT DIR [SEED]  write COUNT generated binary programs\n"
	"  regress [--junit FILE] [--worlds host,qemu,bochs] DIR|FILE.vmf...\n"
	"         check regression programs' expect-with/-without headers in\n"
	"         every world; TAP on stdout, JUnit XML with --junit\n"
	"  promote [--bugs=LIST] CRASHDIR|FILE NEW.vmf\n"
	"         turn a crash into a regression program (never overwrites)\n"
	"\n"
	"options: --bugs=LIST  --vmalloc=SIZE  --trace  -o FILE  -- (ends "
	"options)\n"
	"         --paranoid  the oracle's full sweep after every op (host)\n"
	"help: vmfuzz COMMAND -h, vmfuzz --version\n"
	"FILE: a .vmf text program, a binary program, or a directory of them\n"
	"exit: 0 ok, 1 BUG, 2 usage/input error, 3 disagreement, 4 emulator\n";

/* CMD's line in `usage` ("  CMD ..."), or NULL. */
static const char *usage_line(const char *cmd)
{
	const char *l;
	size_t n = strlen(cmd);

	for (l = strstr(usage, "\n  "); l; l = strstr(l + 1, "\n  "))
		if (!strncmp(l + 3, cmd, n) && l[3 + n] == ' ')
			return l + 1;
	return NULL;
}

/* `vmfuzz CMD -h`: CMD's usage lines (its line in `usage` and the deeper
 * indented ones after it), then the options and exit codes. */
static int command_help(const char *line)
{
	const char *opts = strstr(usage, "\noptions:"), *l = line;

	fputs("usage: vmfuzz COMMAND [OPTIONS] [--] FILE...\n", stdout);
	do {
		printf("%.*s\n", (int)strcspn(l, "\n"), l);
		l += strcspn(l, "\n") + 1;
	} while (!strncmp(l, "   ", 3));
	fputs(opts ? opts : "", stdout);
	return EXIT_OK;
}

/* The version, the knob catalogue's revision (a digest of every knob's
 * name, era, fix and trigger text: it changes with any of them), then
 * where this vmfuzz found each of its parts, one line each (paths.h). */
static int version(void)
{
	unsigned long long h = 0xcbf29ce484222325ull;
	unsigned i;

	for (i = 0; i < NR_BUGS; i++) {
		const char *f[4] = { bug_knobs[i].name, bug_knobs[i].era,
				     bug_knobs[i].fix, bug_knobs[i].how };
		const char *c;
		unsigned k;

		for (k = 0; k < 4; k++)
			for (c = f[k]; *c; c++)
				h = (h ^ (unsigned char)*c) * 0x100000001b3ull;
	}
	printf("vmfuzz %s\nknob catalogue: %u knobs, revision %016llx\n",
	       VMFUZZ_VERSION, (unsigned)NR_BUGS, h);
	paths_print(stdout);
	return EXIT_OK;
}

/* -h or --help among the arguments, before any "--". */
static bool wants_help(int argc, char **argv)
{
	int i;

	for (i = 2; i < argc && strcmp(argv[i], "--"); i++)
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help"))
			return true;
	return false;
}

/* An exit code, unless stdout could not take the output: then say so and
 * return EXIT_USAGE (a full disk, `>/dev/full`). */
static int flush_stdout(int rc)
{
	if (!fflush(stdout) && !ferror(stdout))
		return rc;
	fprintf(stderr, "vmfuzz: cannot write to stdout: %s\n",
		strerror(errno ? errno : EIO));
	return EXIT_USAGE;
}

static int dispatch(int argc, char **argv);

/* `vmfuzz cross --gens[=A/B] ...`: argv without --gens, then cross_gens.c. */
static int cross_gens(int argc, char **argv, int at)
{
	const char *gens = argv[at];
	struct cli c;
	int i, rc;

	for (i = at; i + 1 < argc; i++)
		argv[i] = argv[i + 1];
	rc = cli_parse(argc - 1, argv, 2, &c);
	if (!rc)
		rc = cmd_cross_gens(gens, &c);
	cli_free(&c, NULL);
	return rc;
}

/* The index of --gens or --gens=... in a cross command line, or 0. */
static int gens_arg(int argc, char **argv)
{
	int i;

	if (strcmp(argv[1], "cross"))
		return 0;
	for (i = 2; i < argc && strcmp(argv[i], "--"); i++)
		if (!strcmp(argv[i], "--gens") ||
		    !strncmp(argv[i], "--gens=", 7))
			return i;
	return 0;
}

int main(int argc, char **argv)
{
	return flush_stdout(dispatch(argc, argv));
}

static int dispatch(int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*fn)(struct cli *);
	} cmds[] = {
		{ "run", cmd_run },	  { "qemu", cmd_qemu },
		{ "bochs", cmd_bochs },	  { "cross", cmd_cross },
		{ "encode", cmd_encode }, { "decode", cmd_decode },
		{ "min", cmd_min },
	};
	/* commands that parse their own options: argv after the name */
	static const struct {
		const char *name;
		int (*fn)(int argc, char **argv);
	} own[] = {
		{ "fuzz", cmd_fuzz },	    { "triage", cmd_triage },
		{ "regress", cmd_regress }, { "cov", cmd_cov },
		{ "plot", cmd_plot },	    { "promote", cmd_promote },
		{ "gen", cmd_gen },	    { "bisect", cmd_bisect },
	};
	struct cli c;
	unsigned i;
	int rc;

	if (argc < 2 || !strcmp(argv[1], "help") ||
	    !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		fputs(usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? EXIT_USAGE : EXIT_OK;
	}
	if (!strcmp(argv[1], "--version"))
		return version();
	if (wants_help(argc, argv) && usage_line(argv[1]))
		return command_help(usage_line(argv[1]));
	if (!strcmp(argv[1], "bugs"))
		return cmd_bugs();
	if ((i = (unsigned)gens_arg(argc, argv)))
		return cross_gens(argc, argv, (int)i);
	for (i = 0; i < sizeof(own) / sizeof(own[0]); i++)
		if (!strcmp(argv[1], own[i].name))
			return own[i].fn(argc - 2, argv + 2);
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		if (strcmp(argv[1], cmds[i].name))
			continue;
		rc = cli_parse(argc, argv, 2, &c);
		if (!rc)
			rc = cmds[i].fn(&c);
		cli_free(&c, NULL); /* what a failed parse or load left */
		return rc;
	}
	fprintf(stderr, "vmfuzz: unknown command '%s'\n%s", argv[1], usage);
	return EXIT_USAGE;
}
