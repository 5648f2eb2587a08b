// SPDX-License-Identifier: GPL-2.0
/*
 * Reading a whole file (fileio.h).
 */
#include "fileio.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int read_whole_file(const char *path, char **data, size_t *len, char *err,
		    size_t errlen)
{
	FILE *f = fopen(path, "rb");
	struct stat st;
	size_t cap = 4096, n = 0;
	char *buf;

	/* Unbuffered, into a buffer the file's size: no stdio copy. */
	if (f && !fstat(fileno(f), &st) && st.st_size > 0 &&
	    st.st_size < (1 << 26))
		cap = (size_t)st.st_size + 2;
	if (f)
		setvbuf(f, NULL, _IONBF, 0);
	buf = malloc(cap);

	if (!f || !buf) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		if (f)
			fclose(f);
		free(buf);
		return -1;
	}
	for (;;) {
		size_t got = fread(buf + n, 1, cap - n - 1, f);
		char *p;

		n += got;
		if (got == 0)
			break;
		if (n + 1 < cap)
			continue;
		p = realloc(buf, cap * 2);
		if (!p) {
			snprintf(err, errlen, "%s: out of memory", path);
			fclose(f);
			free(buf);
			return -1;
		}
		buf = p;
		cap *= 2;
	}
	if (ferror(f)) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		fclose(f);
		free(buf);
		return -1;
	}
	fclose(f);
	buf[n] = '\0';
	*data = buf;
	*len = n;
	return 0;
}
