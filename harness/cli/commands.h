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

/* `qemu|bochs --stress N FILE` (stress.c): FILE N times free-running in
 * emulator `which` (1: QEMU, 2: Bochs), then the outcome table. Returns the
 * exit code: 1 reproduced (any BUG), 4 any hang/reset/not run, else 0. */
int cli_stress(struct cli *c, int which);

/* Parse --stress's N (1..100000) into *n: 0, or -1 when it is not one. */
int cli_stress_count(const char *s, unsigned *n);
/* Host and the emulators compared (cross.c). */
int cmd_cross(struct cli *c);
/* `cross --gens[=GEN1/GEN2]` (cross_gens.c): gens is that argument; the
 * host under a profile of each generation, compared op by op. */
int cmd_cross_gens(const char *gens, struct cli *c);
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
