// SPDX-License-Identifier: GPL-2.0
/*
 * vmf2bin: the seed corpus from the text corpora. Every FILE.vmf becomes the
 * binary program DIR/<parent>-<name> (corpora/regress/no-flush.vmf ->
 * DIR/regress-no-flush), overwriting what is there; then the stamp file, if
 * one is named, is written. Used by fuzz/meson.build and
 * ci/oss-fuzz-build.sh, so that no binary seed is ever committed.
 *
 *   vmf2bin -o DIR [-s STAMP] FILE.vmf...
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "progfile.h"

static int die(const char *what, const char *path)
{
	fprintf(stderr, "vmf2bin: %s: %s\n", path, what);
	return 2;
}

/* "<parent>-<name>" of path, without the .vmf extension. */
static void seed_name(const char *path, char *out, size_t n)
{
	const char *base = strrchr(path, '/');
	const char *parent = path;
	size_t blen, plen = 0;

	base = base ? base + 1 : path;
	if (base > path + 1) {
		for (parent = base - 2; parent > path && parent[-1] != '/';)
			parent--;
		plen = (size_t)(base - 1 - parent);
	}
	blen = strlen(base);
	if (blen > 4 && !strcmp(base + blen - 4, ".vmf"))
		blen -= 4;
	if (plen)
		snprintf(out, n, "%.*s-%.*s", (int)plen, parent, (int)blen,
			 base);
	else
		snprintf(out, n, "%.*s", (int)blen, base);
}

static int write_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	if (!f)
		return die(strerror(errno), path);
	if (fwrite(data, 1, len, f) != len || fclose(f))
		return die("write failed", path);
	return 0;
}

static int convert(const char *dir, const char *path)
{
	static struct vmf_program prog;
	static u8 bin[VMF_MAX_OPS * VMF_OP_MAX_BYTES];
	char err[512], name[1024], out[4096];

	if (progfile_program(path, &prog, err, sizeof(err))) {
		fprintf(stderr, "vmf2bin: %s\n", err);
		return 2;
	}
	seed_name(path, name, sizeof(name));
	snprintf(out, sizeof(out), "%s/%s", dir, name);
	return write_file(out, bin, prog_encode(&prog, bin, sizeof(bin)));
}

int main(int argc, char **argv)
{
	const char *dir = NULL, *stamp = NULL;
	int i = 1, rc = 0;

	for (; i + 1 < argc && argv[i][0] == '-'; i += 2) {
		if (!strcmp(argv[i], "-o"))
			dir = argv[i + 1];
		else if (!strcmp(argv[i], "-s"))
			stamp = argv[i + 1];
		else
			break;
	}
	if (!dir) {
		fputs("usage: vmf2bin -o DIR [-s STAMP] FILE.vmf...\n", stderr);
		return 2;
	}
	if (mkdir(dir, 0777) && errno != EEXIST)
		return die(strerror(errno), dir);
	for (; i < argc && !rc; i++)
		rc = convert(dir, argv[i]);
	if (!rc && stamp)
		rc = write_file(stamp, "", 0);
	return rc;
}
