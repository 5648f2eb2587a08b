/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The host end of the firmware's serial protocol (core/wire.h). VMF_MARK
 * bytes are stripped from the text and counted since the last begin: after
 * a hang or reset, the count names the last operation seen.
 *
 * A runaway emulator cannot exhaust vmfuzz: a line is kept up to
 * GUEST_LINE_MAX bytes (a longer one is no protocol line; it is kept cut,
 * in its place, with a note of what it lost), and a program's text up to
 * GUEST_HEAD_MAX bytes from its start plus the last GUEST_TAIL_MAX; the
 * text then says how many bytes were dropped between. A NUL byte is kept
 * as the two characters "\0", so the text is a whole C string.
 * Progress (for the watchdog) is only a well-formed protocol event: the
 * begin of the next program, the end of the running one, or one of its at
 * most VMF_MAX_OPS operation marks.
 */
#ifndef VMFUZZ_GUESTPROTO_H
#define VMFUZZ_GUESTPROTO_H

#include <stdbool.h>
#include <stddef.h>
#include "exec.h"

#define GUEST_MSG_MAX 160
#define GUEST_LINE_MAX 4096u
#define GUEST_HEAD_MAX (1u << 20)
#define GUEST_TAIL_MAX (64u << 10)

/* Growable byte buffer, always NUL-terminated once non-empty. */
struct gbuf {
	char *s;
	size_t len, cap;
};

struct guest_proto {
	struct exec_result *results; /* this boot's programs, [0, n) */
	unsigned n;
	int cur;	     /* program begun and not ended, or -1 */
	unsigned marks;	     /* VMF_MARKs since the begin of cur */
	bool done;	     /* "@@vmfuzz done" seen */
	unsigned events;     /* begin and end lines taken */
	unsigned next;	     /* the program a begin may name */
	bool oom;	     /* a buffer could not grow: text truncated */
	struct gbuf line;    /* the line being received, marks stripped */
	size_t line_dropped; /* bytes of it past GUEST_LINE_MAX */
	struct gbuf text;    /* cur's text, its first GUEST_HEAD_MAX */
	struct gbuf tail;    /* then its last GUEST_TAIL_MAX (or more) */
	unsigned long long dropped; /* bytes of cur's text between the two */
	char error[GUEST_MSG_MAX];  /* "@@vmfuzz error" message, or "" */
	char fault[GUEST_MSG_MAX];  /* "@@vmfuzz fault" message, or "" */
	char proto[GUEST_MSG_MAX];  /* a malformed protocol line, quoted, or
				     * "": no protocol line is taken after it */
};

/* Mark results[0..n) EXEC_NOTRUN, with no text. */
void guest_proto_reset(struct exec_result *results, unsigned n);

/* Start parsing one boot that runs results[0..n) (set to EXEC_NOTRUN). */
void guest_proto_init(struct guest_proto *gp, struct exec_result *results,
		      unsigned n);

/* Feed len bytes of serial output. */
void guest_proto_feed(struct guest_proto *gp, const char *buf, size_t len);

/*
 * Pass what the guest added to the console ring of core/wire.h in ram[0,
 * size) (its RAM) to feed(arg, buf, len) and mark it read. Returns true
 * when feed did (progress); false too while the guest has set up no ring.
 * A head more than the ring's size ahead (a guest that wrote over it) is
 * read as its last WIRE_RING_SIZE bytes.
 */
bool guest_ring_drain(unsigned char *ram, size_t size,
		      bool (*feed)(void *arg, const char *buf, size_t len),
		      void *arg);

/*
 * End of output: a partial last line joins the running program's text
 * (ended with a newline), and that program (if any) gets its text so far
 * and nops = marks seen; its outcome is left to the caller. Frees the
 * parser's buffers.
 */
void guest_proto_finish(struct guest_proto *gp);

#endif
