// SPDX-License-Identifier: GPL-2.0
/*
 * Test of the structure-aware mutator: thousands of seeded mutations, each
 * fed the previous output the way a fuzzer's queue would, must decode,
 * round-trip, be canonical, respect the size limit, change the program and
 * be deterministic; crossover must take operations from both parents; and
 * across the run the interesting values must show up.
 *
 *   test_mutator SEED_DIR
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "memlayout.h"
#include "mutate.h"
#include "mutate_impl.h"

#define ROUNDS 20000
#define MAXB VMF_PROG_MAX_BYTES

static struct {
	u8 data[64][MAXB];
	size_t len[64];
	unsigned n;
} seeds;

static void load_seeds(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;

	while (d && (de = readdir(d)) && seeds.n < 64) {
		char path[4096];
		FILE *f;

		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (!(f = fopen(path, "rb")))
			continue;
		seeds.len[seeds.n] = fread(seeds.data[seeds.n], 1, MAXB, f);
		seeds.n++;
		fclose(f);
	}
	if (d)
		closedir(d);
	CHECK(seeds.n > 0, "no seeds in %s", dir);
}

static bool same_prog(const struct vmf_program *a, const struct vmf_program *b)
{
	u32 i;

	if (a->nops != b->nops)
		return false;
	for (i = 0; i < a->nops; i++)
		if (memcmp(&a->ops[i], &b->ops[i], sizeof(a->ops[i])))
			return false;
	return true;
}

/* decode -> encode is the identity on out; decode -> encode -> decode too. */
static void check_canonical(const u8 *out, size_t len, unsigned round)
{
	static struct vmf_program p, q;
	static u8 again[MAXB];
	u32 n;

	prog_decode(out, (u32)len, &p);
	n = prog_encode(&p, again, sizeof(again));
	CHECK(n == len && !memcmp(again, out, len),
	      "round %u: output not canonical (%zu -> %u bytes)", round, len,
	      n);
	prog_decode(again, n, &q);
	CHECK(same_prog(&p, &q), "round %u: round trip changed the program",
	      round);
}

/* What the run must have produced at least once. */
static struct {
	unsigned grew, shrank, same_len, addr_free, total_size, wrap_size;
	unsigned count_1024, small_fail, big_array, user, high_slot;
} seen;

static void note(const u8 *in, size_t inlen, const u8 *out, size_t len)
{
	static struct vmf_program p, q;
	u32 i;

	prog_decode(in, (u32)inlen, &q);
	prog_decode(out, (u32)len, &p);
	seen.grew += p.nops > q.nops;
	seen.shrank += p.nops < q.nops;
	seen.same_len += p.nops == q.nops;
	for (i = 0; i < p.nops; i++) {
		const struct vmf_op *op = &p.ops[i];

		seen.addr_free +=
			op->code == OP_VFREE && op->mode == TARGET_ADDR &&
			op->a >= VMALLOC_START_DEFAULT && op->a < VMALLOC_END;
		seen.total_size += op->a >= VMALLOC_TOTAL_DEFAULT - 0x1000 &&
				   op->a <= VMALLOC_TOTAL_DEFAULT + 0x3000;
		seen.wrap_size += op->a >= 0xFFFFE000u;
		seen.count_1024 +=
			op->code == OP_VMAP && op->a >= 1023 && op->a <= 1025;
		seen.small_fail +=
			op->code == OP_FAIL_ALLOC && op->a && op->a <= 16;
		seen.user += op->code == OP_VMALLOC_USER;
		seen.high_slot += vmf_op_uses_slot(op) && op->slot >= 16;
		seen.big_array += op->code == OP_VMALLOC &&
				  op->a > 1024 * 4096 && op->a < 0x01000000u;
	}
}

/* The canonical form of in[0..len), trailing ops dropped to fit max. */
static size_t canon_fit(const u8 *in, size_t len, u8 *out, size_t max)
{
	static struct vmf_program p;
	size_t n;

	prog_decode(in, (u32)len, &p);
	if (p.nsched > max / 4) /* the mutator's encode_fit(): runs first */
		p.nsched = (u32)(max / 4);
	while ((n = prog_encode(&p, out, MAXB)) > max && p.nops)
		p.nops--;
	return n;
}

static size_t pick_max(unsigned round)
{
	static const size_t maxes[] = { MAXB, MAXB, MAXB, 4096, 100, 17, 9, 1 };

	return maxes[round % 8];
}

static void test_mutate(void)
{
	static u8 cur[MAXB], out[MAXB], again[MAXB], canon[MAXB];
	size_t len = 0, max, n, clen;
	unsigned round, changed = 0;

	for (round = 0; round < ROUNDS; round++) {
		if (round % 64 == 0 && seeds.n) {
			len = seeds.len[(round / 64) % seeds.n];
			memcpy(cur, seeds.data[(round / 64) % seeds.n], len);
		}
		max = pick_max(round);
		if (len > max)
			len = max;
		memcpy(out, cur, len);
		n = vmf_mutate(out, len, max, round * 2654435761u, NULL);
		CHECK(n <= max, "round %u: %zu bytes > max %zu", round, n, max);
		check_canonical(out, n, round);
		memcpy(again, cur, len);
		CHECK(vmf_mutate(again, len, max, round * 2654435761u, NULL) ==
				      n &&
			      !memcmp(again, out, n),
		      "round %u: not deterministic", round);
		clen = canon_fit(cur, len, canon, max);
		changed += clen != n || memcmp(canon, out, n);
		CHECK(clen != n || memcmp(canon, out, n),
		      "round %u: identity mutation", round);
		note(cur, len, out, n);
		memcpy(cur, out, n);
		len = n;
	}
	printf("mutate: %u rounds, %u changed; grew %u shrank %u same-length "
	       "%u\n",
	       ROUNDS, changed, seen.grew, seen.shrank, seen.same_len);
}

static void check_seen(void)
{
	CHECK(seen.grew && seen.shrank && seen.same_len, "edit kinds missing");
	CHECK(seen.addr_free, "no vfree of a vmalloc-range address");
	CHECK(seen.total_size, "no size around VmallocTotal");
	CHECK(seen.wrap_size, "no size near 0xFFFFFFFF");
	CHECK(seen.count_1024, "no vmap count around 1024");
	CHECK(seen.small_fail, "no small fail_alloc");
	CHECK(seen.big_array, "no vmalloc of more than 1024 pages");
	CHECK(seen.user, "no vmalloc_user");
	CHECK(seen.high_slot, "no slot above a15");
}

/* Parent a: vmalloc ops; parent b: touch ops. */
static size_t make_parent(u8 *buf, u8 code, u32 nops, u32 salt)
{
	static struct vmf_program p;
	u32 i;

	memset(&p, 0, sizeof(p));
	p.nops = nops;
	for (i = 0; i < nops; i++) {
		p.ops[i].code = code;
		p.ops[i].slot = (u8)(i % VMF_NSLOTS);
		p.ops[i].a = (i + 1) * 4096 + salt;
	}
	return prog_encode(&p, buf, MAXB);
}

static void test_crossover(void)
{
	static u8 a[MAXB], b[MAXB], out[MAXB];
	static struct vmf_program p;
	unsigned round;

	for (round = 0; round < ROUNDS / 4; round++) {
		size_t alen = make_parent(a, OP_VMALLOC, 1 + round % 256, 0);
		size_t blen = make_parent(b, OP_TOUCH, 1 + round * 7 % 256, 1);
		size_t max = 10 + round % MAXB, n;
		u32 i, from_a = 0, from_b = 0;

		n = vmf_crossover(a, alen, b, blen, out, max, round);
		CHECK(n <= max, "crossover %u: too long", round);
		check_canonical(out, n, round);
		prog_decode(out, (u32)n, &p);
		for (i = 0; i < p.nops; i++) {
			from_a += p.ops[i].code == OP_VMALLOC;
			from_b += p.ops[i].code == OP_TOUCH;
		}
		CHECK(from_a && from_b, "crossover %u: a %u ops, b %u ops",
		      round, from_a, from_b);
	}
	printf("crossover: %u rounds\n", ROUNDS / 4);
}

/* vmf_generate(): deterministic by seed, within its page bound, and able
 * to reach the big sizes without one. */
static void test_generate(void)
{
	static struct vmf_program a, b;
	u32 seed, i, big = 0, pages;

	for (seed = 0; seed < 2000; seed++) {
		vmf_generate(seed, 16, &a);
		vmf_generate(seed, 16, &b);
		CHECK(a.nops >= 4 && a.nops <= 40 && a.nops == b.nops &&
			      !memcmp(a.ops, b.ops, a.nops * sizeof(a.ops[0])),
		      "seed %u: not deterministic", seed);
		for (i = 0; i < a.nops; i++) {
			const struct vmf_op *op = &a.ops[i];

			pages = op->code == OP_VMAP ? op->a
				: op->code == OP_VMALLOC ||
						op->code == OP_VMALLOC_32
					? op->a / 4096u + 1
					: 0;
			CHECK(pages <= 16, "seed %u op %u: %u pages", seed, i,
			      pages);
		}
		vmf_generate(seed, 0, &a);
		for (i = 0; i < a.nops; i++)
			big += a.ops[i].code == OP_VMALLOC &&
			       a.ops[i].a > 1024 * 4096u;
	}
	CHECK(big > 0, "no big vmalloc without a bound");
}

/* mut_aligned_schedule(): deterministic, every run at least one yield
 * point, and cpu0's first park at the start of its second op as the core
 * counts it: a first vmalloc of one page takes 13 yield points (op start,
 * kmalloc, slab page, write_lock/unlock, kmalloc, the page, the page
 * table's spin_lock/unlock and page, spin_lock, set_pte, spin_unlock). */
static void test_aligned(void)
{
	static struct vmf_program p, q;
	struct mut_rng r;
	u32 seed, i, at_vfree = 0;

	memset(&p, 0, sizeof(p));
	p.nops = 4;
	p.ops[0] = (struct vmf_op){ .code = OP_VMALLOC, .a = 4096 };
	p.ops[1] = (struct vmf_op){ .cpu = 1, .code = OP_TOUCH };
	p.ops[2] = (struct vmf_op){ .code = OP_VFREE };
	p.ops[3] = (struct vmf_op){ .cpu = 1, .code = OP_TOUCH };
	for (seed = 0; seed < 2000; seed++) {
		r.s = seed;
		mut_aligned_schedule(&r, &p, 1 + seed % 4);
		r.s = seed;
		q = p;
		mut_aligned_schedule(&r, &q, 1 + seed % 4);
		CHECK(p.nsched && p.nsched == q.nsched &&
			      !memcmp(p.sched, q.sched,
				      p.nsched * sizeof(p.sched[0])),
		      "aligned %u: not deterministic", seed);
		for (i = 0; i < p.nsched; i++)
			CHECK(p.sched[i].count >= 1, "aligned %u: empty run",
			      seed);
		at_vfree += p.nsched > 1 && p.sched[0].cpu == 0 &&
			    p.sched[0].count == 13;
	}
	CHECK(at_vfree > 0, "no aligned schedule parks cpu0 at op 2's start");
	printf("aligned schedules: %u of 2000 park cpu0 at op 2's start\n",
	       at_vfree);
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fputs("usage: test_mutator SEED_DIR\n", stderr);
		return 2;
	}
	load_seeds(argv[1]);
	test_mutate();
	check_seen();
	test_crossover();
	test_generate();
	test_aligned();
	return check_done("mutator");
}
