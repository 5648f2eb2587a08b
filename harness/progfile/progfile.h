/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Program files: `.vmf` is text, anything else is the binary form. Files a
 * user gave are only ever read; outputs are created, never overwritten.
 */
#ifndef VMFUZZ_PROGFILE_H
#define VMFUZZ_PROGFILE_H

#include <stddef.h>
#include "exec.h"
#include "exitcodes.h"
#include "fileio.h"
#include "prog.h"

/* True if path names a text program (ends in ".vmf"). */
bool progfile_is_text(const char *path);

/*
 * Create path with data: written to PATH.tmpPID, then linked (renamed where
 * there are no hard links) to path, so path is either absent or complete,
 * even on a full disk. Fails (-1, "PATH: strerror" in err, the temporary
 * file removed) rather than overwrite an existing file.
 */
int write_new_file(const char *path, const void *data, size_t len, char *err,
		   size_t errlen);

/* The same, with an fsync() before the link: for files that must survive
 * a crash of the machine too (a campaign's crash files). */
int write_new_file_sync(const char *path, const void *data, size_t len,
			char *err, size_t errlen);

/*
 * Write an output: to stdout when out is NULL, else to a new file out
 * (never overwritten). Returns EXIT_OK, or EXIT_USAGE after a one-line
 * error.
 */
int progfile_emit(const char *out, const void *data, size_t len);

/*
 * Load one program file as binary into *in (name = path; data malloc'ed).
 * Text is parsed and encoded. Returns 0, or -1 with a one-line message
 * naming the file (and the line, for text) in err.
 */
int progfile_load(const char *path, struct prog_input *in, char *err,
		  size_t errlen);

/* Parse a program file into *p (text or binary). Same errors. */
int progfile_program(const char *path, struct vmf_program *p, char *err,
		     size_t errlen);

#endif
