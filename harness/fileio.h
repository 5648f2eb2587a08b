/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Plain file helpers below every harness layer (like exitcodes.h): the
 * emulator runners read the firmware with them, progfile/ program files.
 */
#ifndef VMFUZZ_FILEIO_H
#define VMFUZZ_FILEIO_H

#include <stddef.h>

/*
 * Read the whole file into a malloc'ed buffer (*data, *len; NUL-terminated).
 * Returns 0, or -1 with "PATH: reason" in err.
 */
int read_whole_file(const char *path, char **data, size_t *len, char *err,
		    size_t errlen);

#endif
