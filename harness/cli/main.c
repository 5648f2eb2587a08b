// SPDX-License-Identifier: GPL-2.0
/*
 * vmfuzz: fuzz the Linux 2.6 vmalloc allocator on a soft MMU, reproduce on
 * real i386 paging in QEMU.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const char usage[] =
	"usage: vmfuzz COMMAND [OPTIONS] FILE...\n"
	"\n"
	"  run    FILE...   run programs on the host soft MMU\n"
	"  qemu   FILE...   run programs in QEMU on real i386 paging\n"
	"  bochs  FILE...   run programs in Bochs on real i386 paging\n"
	"  cross  FILE...   host and every installed emulator; exit 3 when\n"
	"         [--worlds host,qemu,bochs]  any two disagree\n"
	"  encode FILE.vmf  text -> binary (stdout, or -o FILE)\n"
	"  decode FILE      binary -> canonical text (stdout, or -o FILE)\n"
	"  bugs             list the historic-bug knobs\n"
	"  min    FILE      minimize a BUG reproducer (text to stdout, or -o)\n"
	"  triage DIR|FILE...  group raw crash files by BUG title\n"
	"  fuzz   [--engine libfuzzer|libfuzzer-raw|afl|afl-raw] [--jobs N]\n"
	"         [--time SECONDS] [--out DIR] [--seeds DIR] [--until-bug]\n"
	"         [--no-qemu] [--no-bochs]  run a fuzz campaign; crashes in\n"
	"         DIR/crashes, replayed in QEMU and Bochs\n"
	"  bisect CRASH_DIR|FILE [--host-only]  the knobs (and releases) a\n"
	"         reproducer needs; a FILE starts from --bugs=all by default\n"
	"  cov [--bugs=LIST] [--out DIR] DIR|FILE...  line coverage of core/\n"
	"         (per file, per function, HTML) in the build-cov/ build\n"
	"  plot   DIR       draw a campaign's progress.png with gnuplot\n"
	"  gen COUNT DIR [SEED]  write COUNT generated binary programs\n"
	"  regress [--junit FILE] [--worlds host,qemu] DIR|FILE.vmf...\n"
	"         check regression programs' expect-with/-without headers in\n"
	"         every world; TAP on stdout, JUnit XML with --junit\n"
	"  promote [--bugs=LIST] CRASHDIR|FILE NEW.vmf\n"
	"         turn a crash into a regression program (never overwrites)\n"
	"\n"
	"options: --bugs=LIST  --vmalloc=SIZE  --trace  -o FILE\n"
	"         --paranoid  the oracle's full sweep after every op (host)\n"
	"FILE: a .vmf text program, a binary program, or a directory of them\n"
	"exit: 0 ok, 1 BUG, 2 usage/input error, 3 disagreement, 4 emulator\n";

int main(int argc, char **argv)
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
	    !strcmp(argv[1], "--help")) {
		fputs(usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? EXIT_USAGE : EXIT_OK;
	}
	if (!strcmp(argv[1], "bugs"))
		return cmd_bugs();
	for (i = 0; i < sizeof(own) / sizeof(own[0]); i++)
		if (!strcmp(argv[1], own[i].name))
			return own[i].fn(argc - 2, argv + 2);
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		if (strcmp(argv[1], cmds[i].name))
			continue;
		rc = cli_parse(argc, argv, 2, &c);
		return rc ? rc : cmds[i].fn(&c);
	}
	fprintf(stderr, "vmfuzz: unknown command '%s'\n%s", argv[1], usage);
	return EXIT_USAGE;
}
