// SPDX-License-Identifier: GPL-2.0
/*
 * guest_ring_drain() (harness/emu/guestproto.c) against the ring of
 * core/wire.h written here the way boot/console.c writes it: nothing
 * before the magic, the bytes in order across the wrap, the tail
 * published, and a head that ran more than the ring ahead read as the
 * ring's last WIRE_RING_SIZE bytes.
 */
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "guestproto.h"
#include "memlayout.h"
#include "wire.h"

static unsigned char *ram;

/* What feed() received, in order. */
static char got[2 * WIRE_RING_SIZE];
static size_t got_len;
static unsigned feeds;

static bool feed(void *arg, const char *buf, size_t len)
{
	(void)arg;
	if (got_len + len <= sizeof(got))
		memcpy(got + got_len, buf, len);
	got_len += len;
	feeds++;
	return true;
}

static u32 *word(u32 off)
{
	return (u32 *)(ram + WIRE_RING_PHYS + off);
}

/* The guest's side: s[0..n) at head, then head published. */
static void guest_write(const char *s, u32 n)
{
	u8 *data = ram + WIRE_RING_PHYS + WIRE_RING_DATA;
	u32 head = *word(WIRE_RING_HEAD_OFF);

	while (n--)
		data[head++ & (WIRE_RING_SIZE - 1)] = (u8)*s++;
	*word(WIRE_RING_HEAD_OFF) = head;
}

static void reset(u32 start)
{
	memset(ram, 0, RAM_SIZE);
	*word(WIRE_RING_HEAD_OFF) = start;
	*word(WIRE_RING_TAIL_OFF) = start;
	*word(WIRE_RING_MAGIC_OFF) = WIRE_RING_MAGIC;
	got_len = feeds = 0;
}

static bool drain(void)
{
	return guest_ring_drain(ram, RAM_SIZE, feed, NULL);
}

int main(void)
{
	static char big[WIRE_RING_SIZE + 100];
	size_t i;

	ram = calloc(1, RAM_SIZE);
	if (!ram)
		return 2;

	*word(WIRE_RING_HEAD_OFF) = 5;
	CHECK(!drain() && feeds == 0, "read %u times without the magic", feeds);
	CHECK(!guest_ring_drain(NULL, 0, feed, NULL) &&
		      !guest_ring_drain(ram, WIRE_RING_PHYS, feed, NULL),
	      "no RAM, or too little of it: nothing to read");

	reset(0);
	CHECK(!drain() && feeds == 0, "an empty ring is no progress");
	guest_write("@@vmfuzz begin 0\n", 17);
	CHECK(drain() && got_len == 17 &&
		      !memcmp(got, "@@vmfuzz begin 0\n", 17),
	      "one write: %zu bytes", got_len);
	CHECK(*word(WIRE_RING_TAIL_OFF) == 17, "tail %u after 17 bytes",
	      *word(WIRE_RING_TAIL_OFF));
	CHECK(!drain() && got_len == 17, "read twice");

	/* Across the wrap, and the u32 counters across 2^32. */
	reset(0xfffffff0u);
	for (i = 0; i < 64; i++)
		big[i] = (char)('a' + i % 26);
	guest_write(big, 64);
	CHECK(drain() && got_len == 64 && !memcmp(got, big, 64),
	      "64 bytes across the wrap: %zu, in %u pieces", got_len, feeds);
	CHECK(*word(WIRE_RING_TAIL_OFF) == 0x30u, "tail 0x%x",
	      *word(WIRE_RING_TAIL_OFF));

	/* A head more than the ring ahead: its last WIRE_RING_SIZE bytes. */
	reset(0);
	for (i = 0; i < sizeof(big); i++)
		big[i] = (char)(i * 7 + 3);
	guest_write(big, sizeof(big));
	CHECK(drain() && got_len == WIRE_RING_SIZE &&
		      !memcmp(got, big + 100, WIRE_RING_SIZE),
	      "overrun: %zu bytes read", got_len);
	CHECK(*word(WIRE_RING_TAIL_OFF) == sizeof(big), "tail %u",
	      *word(WIRE_RING_TAIL_OFF));
	free(ram);
	return check_done("guestring");
}
