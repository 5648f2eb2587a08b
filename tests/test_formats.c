// SPDX-License-Identifier: GPL-2.0
/*
 * The program formats: every byte string decodes; decode -> encode ->
 * decode is stable; canonical text -> binary -> text is the identity; bad
 * text gets one line naming the file and line.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "prog.h"
#include "vmf_text.h"

static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint32_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng >> 11);
}

static bool same_program(const struct vmf_program *a,
			 const struct vmf_program *b)
{
	return a->nops == b->nops &&
	       !memcmp(a->ops, b->ops, a->nops * sizeof(a->ops[0]));
}

static void test_random_bytes(void)
{
	static struct vmf_program p, q, r;
	static uint8_t in[4096], bin[VMF_MAX_OPS * VMF_OP_MAX_BYTES];
	char err[256];
	unsigned iter, bad = 0, badtext = 0;

	for (iter = 0; iter < 5000; iter++) {
		uint32_t len = rnd() % (iter < 100 ? 16 : sizeof(in)), i, n;
		char *text;

		for (i = 0; i < len; i++)
			in[i] = (uint8_t)rnd();
		prog_decode(in, len, &p);
		n = prog_encode(&p, bin, sizeof(bin));
		prog_decode(bin, n, &q);
		if (!same_program(&p, &q) || (p.nops && !n))
			bad++;
		text = vmf_text_format(&p);
		if (!text ||
		    vmf_text_parse(text, strlen(text), "t", &r, err,
				   sizeof(err)) ||
		    !same_program(&p, &r))
			badtext++;
		free(text);
	}
	CHECK(bad == 0, "%u of 5000 random inputs did not round-trip", bad);
	CHECK(badtext == 0, "%u of 5000 did not round-trip through text",
	      badtext);
}

/* prog_canonical_op() gives exactly what decoding its encoding gives. */
static void test_canonical_op(void)
{
	static struct vmf_program p, q;
	static uint8_t bin[VMF_MAX_OPS * VMF_OP_MAX_BYTES];
	unsigned iter, bad = 0;

	for (iter = 0; iter < 5000; iter++) {
		struct vmf_op *op = &p.ops[0];

		op->code = (uint8_t)rnd();
		op->slot = (uint8_t)rnd();
		op->mode = (uint8_t)rnd();
		op->a = rnd() << 11 ^ rnd();
		op->b = rnd() << 11 ^ rnd();
		prog_canonical_op(op);
		p.nops = 1;
		prog_decode(bin, prog_encode(&p, bin, sizeof(bin)), &q);
		bad += !same_program(&p, &q);
	}
	CHECK(bad == 0, "%u of 5000 canonical ops changed by a round trip",
	      bad);
}

static const char canonical[] = "a0 = vmalloc 8192\n"
				"a1 = vmalloc_32 0x100000\n"
				"a2 = get_vm_area 0x100000 ioremap\n"
				"a3 = get_vm_area 4096 module\n"
				"a4 = get_vm_area 0xffffffff\n"
				"a15 = vmap 3\n"
				"a16 = vmalloc_user 4096\n"
				"a63 = vmap 1\n"
				"check a63\n"
				"vfree a47+4096\n"
				"write a0 0 8192\n"
				"check a0\n"
				"touch a0 8192\n"
				"vfree a0\n"
				"vfree a0+4096\n"
				"vfree 0xf8801000\n"
				"vfree 0\n"
				"vunmap a15\n"
				"free_vm_area a2\n"
				"fail_alloc 2\n"
				"meminfo\n";

static void test_canonical_identity(void)
{
	static struct vmf_program p, q;
	static uint8_t bin[VMF_MAX_OPS * VMF_OP_MAX_BYTES];
	char err[256], *text;
	uint32_t n;

	CHECK(!vmf_text_parse(canonical, strlen(canonical), "c.vmf", &p, err,
			      sizeof(err)),
	      "%s", err);
	CHECK(p.nops == 21, "ops %u", p.nops);
	n = prog_encode(&p, bin, sizeof(bin));
	prog_decode(bin, n, &q);
	text = vmf_text_format(&q);
	CHECK(text && !strcmp(text, canonical), "text -> bin -> text:\n%s",
	      text);
	free(text);
}

static void test_lenient_text(void)
{
	static struct vmf_program p;
	static const char src[] =
		"# comment only\n\n"
		"  a1   =  vmalloc   0x2000   # trailing\n"
		"get_vm_area_is_not_here_just_a_comment # x\n";
	char err[256];

	CHECK(vmf_text_parse(src, strlen(src), "l.vmf", &p, err, sizeof(err)),
	      "unknown op accepted");
	CHECK(!strcmp(err, "l.vmf:4: unknown operation "
			   "'get_vm_area_is_not_here_just_a_comment'"),
	      "got: %s", err);
	static const char octal[] = "a0 = vmalloc 010\na1 = vmap 08\n";

	CHECK(!vmf_text_parse(octal, strlen(octal), "o.vmf", &p, err,
			      sizeof(err)) &&
		      p.ops[0].a == 10 && p.ops[1].a == 8,
	      "leading zeros are decimal: %s", err);
	CHECK(!vmf_text_parse(src, (size_t)(strstr(src, "get_") - src), "l.vmf",
			      &p, err, sizeof(err)) &&
		      p.nops == 1 && p.ops[0].a == 0x2000 && p.ops[0].slot == 1,
	      "comments and spaces: %s", err);
}

static void expect_error(const char *src, const char *want)
{
	static struct vmf_program p;
	char err[256] = "";

	CHECK(vmf_text_parse(src, strlen(src), "bad.vmf", &p, err,
			     sizeof(err)) == -1 &&
		      !strcmp(err, want),
	      "for %s: got '%s', want '%s'", src, err, want);
}

static void test_errors(void)
{
	expect_error("vmalloc 10\n", "bad.vmf:1: vmalloc needs a result slot: "
				     "a0 = vmalloc ...");
	expect_error("meminfo\na64 = vmalloc 1\n",
		     "bad.vmf:2: 'a64' is not a slot (a0..a63)");
	expect_error(
		"a0 = vmalloc 0x100000000\n",
		"bad.vmf:1: 0x100000000 is too large (at most 4294967295)");
	expect_error("a0 = vmap 70000\n",
		     "bad.vmf:1: 70000 is too large (at most 65535)");
	expect_error("\n\nwrite a0 1\n", "bad.vmf:3: write needs 3 arguments");
	expect_error("a0 = vmalloc 12k\n", "bad.vmf:1: '12k' is not a number");
	expect_error("a0 = vmalloc 0x\n", "bad.vmf:1: '0x' is not a number");
	expect_error("a0 = vmalloc 0x-1\n",
		     "bad.vmf:1: '0x-1' is not a number");
	expect_error("a0 = meminfo\n", "bad.vmf:1: meminfo returns nothing to "
				       "assign");
	expect_error("a0 = get_vm_area 1 dma\n",
		     "bad.vmf:1: unknown area kind 'dma' (alloc, ioremap, "
		     "module)");
	expect_error("check a0 a1\n", "bad.vmf:1: unexpected 'a1' after check");
}

/* Slots a16..a63 take a prefix byte; a0..a15 programs keep one header byte
 * per op; the last prefix before an op wins, one at the end is ignored. */
static void test_slot_prefix(void)
{
	static struct vmf_program p;
	static const uint8_t old[] = { 0x10, 0x00, 0x10, 0x00, 0x00 };
	static const uint8_t pre[] = { 0x2f, 0x3f, 0x50, 0x00, 0x10,
				       0x00, 0x00, 0x1f, 0x05, 0x3f };
	uint8_t bin[32];
	char err[256];

	CHECK(!vmf_text_parse("a1 = vmalloc 4096\n", 18, "s.vmf", &p, err,
			      sizeof(err)) &&
		      prog_encode(&p, bin, sizeof(bin)) == sizeof(old) &&
		      !memcmp(bin, old, sizeof(old)),
	      "a0..a15 encode as before");
	prog_decode(pre, sizeof(pre), &p);
	CHECK(p.nops == 2 && p.ops[0].code == OP_VMALLOC &&
		      p.ops[0].slot == 53 && p.ops[0].a == 4096 &&
		      p.ops[1].code == OP_CHECK && p.ops[1].slot == 16,
	      "prefixes: %u ops, slots %u %u", p.nops, p.ops[0].slot,
	      p.ops[1].slot);
	CHECK(prog_encode(&p, bin, sizeof(bin)) == 8 && bin[0] == 0x3f &&
		      bin[1] == 0x50 && bin[6] == 0x1f && bin[7] == 0x05,
	      "a53 and a16 re-encode with one prefix each");
	CHECK(prog_nslots(&p) == 54, "nslots %u", prog_nslots(&p));
}

/* VMF_MAX_OPS operations in both forms; one more is an error in text and
 * dropped in binary. */
static void test_limits(void)
{
	static struct vmf_program p, q;
	static uint8_t bin[VMF_MAX_OPS * VMF_OP_MAX_BYTES + 16];
	static char text[(VMF_MAX_OPS + 1) * 24];
	char err[256];
	size_t len = 0;
	uint32_t i, n;

	for (i = 0; i < VMF_MAX_OPS; i++)
		len += (size_t)sprintf(text + len, "a%u = vmalloc_user %u\n",
				       i % VMF_NSLOTS, i + 1);
	CHECK(!vmf_text_parse(text, len, "big.vmf", &p, err, sizeof(err)) &&
		      p.nops == VMF_MAX_OPS,
	      "%u ops: %s", VMF_MAX_OPS, err);
	n = prog_encode(&p, bin, sizeof(bin));
	bin[n++] = 0x0b; /* one more op: meminfo */
	prog_decode(bin, n, &q);
	CHECK(same_program(&p, &q), "binary of %u ops, the extra one dropped",
	      VMF_MAX_OPS);
	strcpy(text + len, "meminfo\n");
	CHECK(vmf_text_parse(text, len + 8, "big.vmf", &p, err, sizeof(err)) &&
		      strstr(err, "big.vmf:4097: more than 4096 operations"),
	      "op 4097: %s", err);
}

int main(void)
{
	test_slot_prefix();
	test_limits();
	test_random_bytes();
	test_canonical_op();
	test_canonical_identity();
	test_lenient_text();
	test_errors();
	return check_done("formats");
}
