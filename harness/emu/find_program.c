// SPDX-License-Identifier: GPL-2.0
/* find_program() of spawn.h: a program on $PATH, as execvp() looks. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "spawn.h"

bool find_program(const char *name)
{
	const char *p = getenv("PATH");
	char buf[PATH_MAX];

	if (strchr(name, '/'))
		return access(name, X_OK) == 0;
	for (p = p ? p : "/usr/bin:/bin"; *p; p += *p == ':') {
		size_t len = strcspn(p, ":");

		snprintf(buf, sizeof(buf), "%.*s/%s", (int)len, len ? p : ".",
			 name);
		if (access(buf, X_OK) == 0)
			return true;
		p += len;
	}
	return false;
}
