/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The subcommands implemented in cli/ (the ones over the campaign layer are
 * in campaign.h); main.c's table calls them. Each returns an exit code of
 * DESIGN.md.
 */
#ifndef VMFUZZ_COMMANDS_H
#define VMFUZZ_COMMANDS_H

#include "cli.h"

/* Subcommands (commands.c). */
int cmd_run(struct cli *c);
int cmd_qemu(struct cli *c);
int cmd_bochs(struct cli *c);
/* Host and the emulators compared (cross.c). */
int cmd_cross(struct cli *c);
int cmd_encode(struct cli *c);
int cmd_decode(struct cli *c);
int cmd_bugs(void);

/* `vmfuzz gen COUNT DIR [SEED]` (gen.c): write COUNT generated programs;
 * argv after "gen". */
int cmd_gen(int argc, char **argv);

/* For run, qemu, bochs, cross: 0 when c names program files and no -o
 * (results go to stdout); else a one-line error and EXIT_USAGE. */
int cli_need_files(const struct cli *c, const char *cmd);

#endif
