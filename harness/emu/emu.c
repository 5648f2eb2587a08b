// SPDX-License-Identifier: GPL-2.0
/*
 * The worlds (emu.h): running programs in any of them, and the firmware path.
 */
#include "emu.h"

#include <stdio.h>

#include "paths.h"

const char *const exec_world_names[NR_WORLDS] = {
	[WORLD_HOST] = "host",
	[WORLD_QEMU] = "qemu",
	[WORLD_BOCHS] = "bochs",
};

int exec_world(enum exec_world w, const char *firmware,
	       const struct prog_input *progs, unsigned n,
	       const struct vmf_config *cfg, struct exec_result *results,
	       char *why, unsigned whylen)
{
	if (w == WORLD_QEMU)
		return qemu_exec(firmware, progs, n, cfg, results, why, whylen);
	if (w == WORLD_BOCHS)
		return bochs_exec(firmware, progs, n, cfg, results, why,
				  whylen);
	if (!softmmu_exec(progs, n, cfg, results))
		return 0;
	snprintf(why, whylen, "host: cannot set up the soft machine");
	return 2;
}

const char *emu_firmware(void)
{
	return paths_part(PART_FIRMWARE, NULL);
}
