// SPDX-License-Identifier: GPL-2.0
/*
 * Reading and writing program files.
 */
#include "progfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vmf_text.h"

/* prog_decode() reads at most VMF_MAX_OPS ops of at most VMF_OP_MAX_BYTES. */
#define PROG_BYTES_MAX ((unsigned)VMF_MAX_OPS * VMF_OP_MAX_BYTES)
/* A text program holds at most VMF_MAX_OPS operations: with room for
 * comments and blank lines, 256 bytes a line is more than any real one. */
#define PROG_TEXT_MAX ((size_t)VMF_MAX_OPS * 256)

bool progfile_is_text(const char *path)
{
	size_t n = strlen(path);

	return n >= 4 && !strcmp(path + n - 4, ".vmf");
}

/* Write all of data to fd (and fsync it); 0, or -1 with errno set. */
static int write_all(int fd, const char *p, size_t len, bool sync)
{
	while (len) {
		ssize_t w = write(fd, p, len);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			if (!w)
				errno = ENOSPC;
			return -1;
		}
		p += w;
		len -= (size_t)w;
	}
	return sync ? fsync(fd) : 0;
}

/* Give the complete file tmp the name path, unless path exists: link() (no
 * overwrite, ever), or rename() where the file system has no hard links. */
static int publish(const char *tmp, const char *path)
{
	if (!link(tmp, path))
		return 0;
	if (errno == EEXIST || (errno != EPERM && errno != ENOTSUP &&
				errno != EOPNOTSUPP && errno != EMLINK))
		return -1;
	if (!access(path, F_OK))
		return errno = EEXIST, -1;
	return rename(tmp, path);
}

static int write_new(const char *path, const void *data, size_t len, bool sync,
		     char *err, size_t errlen)
{
	char tmp[4200];
	int fd, e;

	if (!access(path, F_OK)) {
		snprintf(err, errlen, "%s: %s (not overwritten)", path,
			 strerror(EEXIST));
		return -1;
	}
	snprintf(tmp, sizeof(tmp), "%s.tmp%ld", path, (long)getpid());
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	e = write_all(fd, data, len, sync) ? errno : 0;
	if (close(fd) && !e)
		e = errno;
	if (!e && publish(tmp, path))
		e = errno;
	if (e) {
		unlink(tmp);
		snprintf(err, errlen, "%s: %s%s", path, strerror(e),
			 e == EEXIST ? " (not overwritten)" : "");
		return -1;
	}
	unlink(tmp); /* after link(): the other name */
	return 0;
}

int write_new_file(const char *path, const void *data, size_t len, char *err,
		   size_t errlen)
{
	return write_new(path, data, len, false, err, errlen);
}

int write_new_file_sync(const char *path, const void *data, size_t len,
			char *err, size_t errlen)
{
	return write_new(path, data, len, true, err, errlen);
}

int progfile_emit(const char *out, const void *data, size_t len)
{
	char err[512];

	if (!out) {
		fwrite(data, 1, len, stdout);
		return fflush(stdout) ? EXIT_USAGE : EXIT_OK;
	}
	if (write_new_file(out, data, len, err, sizeof(err))) {
		fprintf(stderr, "vmfuzz: %s\n", err);
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

/*
 * Read at most max bytes of path into a malloc'ed, NUL-terminated buffer;
 * *cut says there was more (never read: /dev/zero or a sparse 1 GB file
 * costs max bytes). Returns 0, or -1 with "PATH: reason" in err.
 */
static int read_bounded(const char *path, size_t max, char **data,
			size_t *len, bool *cut, char *err, size_t errlen)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	char *buf = fd < 0 ? NULL : malloc(max + 2);
	size_t n = 0;
	int e = 0;

	if (fd < 0 || !buf)
		e = fd < 0 ? errno : ENOMEM;
	while (!e && n <= max) {
		ssize_t got = read(fd, buf + n, max + 1 - n);

		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			e = errno;
		if (got <= 0)
			break;
		n += (size_t)got;
	}
	if (fd >= 0)
		close(fd);
	if (e) {
		free(buf);
		snprintf(err, errlen, "%s: %s", path, strerror(e));
		return -1;
	}
	*cut = n > max;
	*len = *cut ? max : n;
	buf[*len] = '\0';
	/* Keep what was read, not the bound: a batch of a thousand files
	 * would otherwise hold max bytes of fresh heap each. */
	*data = realloc(buf, *len + 1);
	if (!*data)
		*data = buf;
	return 0;
}

/* The file's bytes that can be a program: a binary file is cut to the
 * bytes that decode (with a warning), a text file past PROG_TEXT_MAX is
 * an error. */
static int read_program(const char *path, char **data, size_t *len,
			char *err, size_t errlen)
{
	bool text = progfile_is_text(path), cut;
	size_t max = text ? PROG_TEXT_MAX : PROG_BYTES_MAX;

	if (read_bounded(path, max, data, len, &cut, err, errlen))
		return -1;
	if (cut && text) {
		free(*data);
		snprintf(err, errlen,
			 "%s: longer than %zu bytes, more than a text "
			 "program can hold (%d operations)",
			 path, max, VMF_MAX_OPS);
		return -1;
	}
	if (cut)
		fprintf(stderr,
			"vmfuzz: warning: %s: only its first %zu bytes can "
			"decode (%d operations of at most %d bytes); the rest "
			"was cut\n",
			path, max, VMF_MAX_OPS, VMF_OP_MAX_BYTES);
	return 0;
}

int progfile_program(const char *path, struct vmf_program *p, char *err,
		     size_t errlen)
{
	char *data;
	size_t len;
	int rc = 0;

	if (read_program(path, &data, &len, err, errlen))
		return -1;
	if (progfile_is_text(path))
		rc = vmf_text_parse(data, len, path, p, err, errlen);
	else
		prog_decode((const u8 *)data, (u32)len, p);
	free(data);
	return rc;
}

int progfile_load(const char *path, struct prog_input *in, char *err,
		  size_t errlen)
{
	static struct vmf_program p;
	unsigned char *bin;
	u32 len, cap;

	if (!progfile_is_text(path)) {
		char *data;
		size_t n;

		/* Only PROG_BYTES_MAX bytes can decode: no more are read. */
		if (read_program(path, &data, &n, err, errlen))
			return -1;
		in->name = path;
		in->data = (unsigned char *)data;
		in->len = (unsigned)n;
		return 0;
	}
	if (progfile_program(path, &p, err, errlen))
		return -1;
	cap = p.nops * VMF_OP_MAX_BYTES + 2 * p.nsched + 1; /* ops, runs */
	bin = malloc(cap);
	if (!bin)
		return snprintf(err, errlen, "%s: out of memory", path), -1;
	len = prog_encode(&p, bin, cap);
	if (!len && (p.nops || p.nsched)) {
		free(bin);
		return snprintf(err, errlen, "%s: program does not encode",
				path), -1;
	}
	in->name = path;
	in->data = bin;
	in->len = len;
	return 0;
}
