// SPDX-License-Identifier: GPL-2.0
/*
 * `vmfuzz gen`: deterministic random programs, shaped like real use of the
 * allocator (allocate, write, check, touch, free, now and then an odd size,
 * a bogus free or an injected failure). The benchmark mix and seed corpora
 * come from here.
 */
#include "cli.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct rng {
	uint64_t s;
};

static uint32_t next(struct rng *r)
{
	r->s ^= r->s << 13;
	r->s ^= r->s >> 7;
	r->s ^= r->s << 17;
	return (uint32_t)(r->s >> 16);
}

static uint32_t pick_size(struct rng *r)
{
	static const uint32_t odd[] = { 0,	   1,	      4095,
					4097,	   0x100000,  0x400000,
					0x401000,  0x6ffe000, 0xfffff000,
					0xffffffff };
	uint32_t k = next(r) % 16;

	if (k == 0)
		return odd[next(r) % (sizeof(odd) / sizeof(odd[0]))];
	if (k < 4)
		return (next(r) % 64 + 1) * 4096;
	return next(r) % 32768 + 1;
}

static void gen_op(struct rng *r, struct vmf_op *op)
{
	static const uint8_t weights[NR_OPS] = {
		[OP_VMALLOC] = 6,     [OP_VMALLOC_32] = 1,
		[OP_GET_VM_AREA] = 2, [OP_VMAP] = 2,
		[OP_WRITE] = 4,	      [OP_CHECK] = 2,
		[OP_TOUCH] = 3,	      [OP_VFREE] = 5,
		[OP_VUNMAP] = 1,      [OP_FREE_VM_AREA] = 1,
		[OP_FAIL_ALLOC] = 1,  [OP_MEMINFO] = 1,
	};
	uint32_t total = 0, k, c;

	for (c = 0; c < NR_OPS; c++)
		total += weights[c];
	k = next(r) % total;
	c = 0;
	while (k >= weights[c])
		k -= weights[c++];
	memset(op, 0, sizeof(*op));
	op->code = (uint8_t)c;
	op->slot = (uint8_t)(next(r) % 8);
	op->a = pick_size(r);
	op->b = next(r) % 16384;
	if (c == OP_GET_VM_AREA)
		op->mode = (uint8_t)(next(r) % NR_AREA_KINDS);
	if (c == OP_VMAP || c == OP_FAIL_ALLOC)
		op->a = next(r) % 12;
	if (c == OP_TOUCH)
		op->a = next(r) % 0x12000;
	if (c == OP_VFREE || c == OP_VUNMAP) {
		op->mode = next(r) % 8 ? TARGET_SLOT : TARGET_ADDR;
		op->a = op->mode == TARGET_SLOT
				? (next(r) % 8 ? 0 : 1)
				: 0xf8800000 + next(r) % 0x40000;
	}
	if (!vmf_op_uses_slot(op))
		op->slot = 0;
}

/* Fill *p with a program of 4..40 ops from seed. */
void gen_program(uint64_t seed, struct vmf_program *p)
{
	struct rng r = { seed * 0x9e3779b97f4a7c15ull + 1 };
	uint32_t i;

	p->nops = 4 + next(&r) % 37;
	for (i = 0; i < p->nops; i++)
		gen_op(&r, &p->ops[i]);
}

#define GEN_MAX 10000000ul /* programs per call: 10 M files is plenty */

/* A whole argument as decimal or 0x hex, at most max: 0, or -1 (a sign, a
 * space, anything after the digits, or a value past max or 2^64). */
static int parse_count(const char *s, unsigned long long max,
		       unsigned long long *out)
{
	bool hex = s[0] == '0' && (s[1] == 'x' || s[1] == 'X');
	const char *d = hex ? s + 2 : s;
	char *end;

	if (!isxdigit((unsigned char)*d) ||
	    (!hex && !isdigit((unsigned char)*d)))
		return -1;
	errno = 0;
	*out = strtoull(d, &end, hex ? 16 : 10);
	return *end || errno == ERANGE || *out > max ? -1 : 0;
}

static int gen_usage(const char *what, const char *arg)
{
	fprintf(stderr,
		"vmfuzz: gen: %s '%s'\nusage: vmfuzz gen COUNT DIR [SEED] "
		"(COUNT 1..%lu, SEED a number below 2^64)\n",
		what, arg, GEN_MAX);
	return EXIT_USAGE;
}

int cmd_gen(int argc, char **argv)
{
	static struct vmf_program p;
	static uint8_t bin[VMF_MAX_OPS * VMF_OP_MAX_BYTES];
	unsigned long long n, seed = 1, i;
	char path[4096], err[512];

	if (argc < 4 || argc > 5)
		return gen_usage(argc < 4 ? "missing arguments after"
					  : "unexpected argument",
				 argc < 4 ? argv[1] : argv[5]);
	if (parse_count(argv[2], GEN_MAX, &n) || !n)
		return gen_usage("bad COUNT", argv[2]);
	if (argc > 4 && parse_count(argv[4], ~0ull, &seed))
		return gen_usage("bad SEED", argv[4]);
	for (i = 0; i < n; i++) {
		gen_program(seed * 1000003 + i, &p);
		snprintf(path, sizeof(path), "%s/gen-%llu-%05llu.bin", argv[3],
			 seed, i);
		if (write_new_file(path, bin, prog_encode(&p, bin, sizeof(bin)),
				   err, sizeof(err))) {
			fprintf(stderr, "vmfuzz: %s\n", err);
			return EXIT_USAGE;
		}
	}
	return EXIT_OK;
}
