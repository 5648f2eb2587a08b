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
	"  cross  FILE...   both; exit 3 when they disagree\n"
	"  encode FILE.vmf  text -> binary (stdout, or -o FILE)\n"
	"  decode FILE      binary -> canonical text (stdout, or -o FILE)\n"
	"  bugs             list the historic-bug knobs\n"
	"  min    FILE      minimize a BUG reproducer (text to stdout, or -o)\n"
	"  triage DIR|FILE...  group raw crash files by BUG title\n"
	"  fuzz   [--engine libfuzzer|libfuzzer-raw|afl|afl-raw] [--jobs N]\n"
	"         [--time SECONDS] [--out DIR] [--seeds DIR] [--until-bug]\n"
	"         [--no-qemu]  run a fuzz campaign; crashes in DIR/crashes\n"
	"  gen COUNT DIR [SEED]  write COUNT generated binary programs\n"
	"\n"
	"options: --bugs=LIST  --vmalloc=SIZE  --trace  -o FILE\n"
	"FILE: a .vmf text program, a binary program, or a directory of them\n"
	"exit: 0 ok, 1 BUG, 2 usage/input error, 3 disagreement, 4 emulator\n";

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*fn)(struct cli *);
	} cmds[] = {
		{ "run", cmd_run },	  { "qemu", cmd_qemu },
		{ "cross", cmd_cross },	  { "encode", cmd_encode },
		{ "decode", cmd_decode }, { "min", cmd_min },
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
	if (!strcmp(argv[1], "fuzz"))
		return cmd_fuzz(argc - 2, argv + 2);
	if (!strcmp(argv[1], "triage"))
		return cmd_triage(argc - 2, argv + 2);
	if (!strcmp(argv[1], "gen"))
		return cmd_gen(argc, argv);
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
