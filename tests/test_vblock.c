// SPDX-License-Identifier: GPL-2.0
/*
 * core/kernel/vmap_block.c (2.6.28's per-CPU vmap blocks) driven through
 * programs on the soft machine: where vm_map_ram puts runs, the blocks'
 * bitmaps and counts, when blocks are freed, the vmap-block-purge and
 * vmap-block-ncpus knobs (a configured NR_CPUS, nr-cpus=N), the first
 * generation's skip, and the ops' binary form.
 */
#include <string.h>

#include "bugs.h"
#include "kcheck.h"
#include "vmap_block.h"

static struct vmf_result res;

static int run(const char *text, u32 bugs, bool paranoid)
{
	struct vmf_config cfg = { 0 };

	cfg.bugs = bugs;
	cfg.paranoid = paranoid;
	return kcheck_run_text(text, &cfg, &res);
}

static const u32 GEN2 = VMF_GEN2;

static void test_placement(void)
{
	const struct vmap_block *vb;
	ulong32 base;

	run("a0 = vm_map_ram 1\na1 = vm_map_ram 3\na2 = vm_map_ram 32\n"
	    "write a1 0 12288\ncheck a1\n",
	    GEN2, true);
	CHECK(res.outcome == VMF_OK, "placement: %s", res.title);
	vb = vmap_block_at(0);
	CHECK(vb && !vmap_block_at(1), "placement: one block");
	if (!vb)
		return;
	base = vb->va->va_start;
	CHECK(vmf.res[0].value == base, "a0 at the block start");
	CHECK(vmf.res[1].value == base + 4 * PAGE_SIZE,
	      "a1 (3 pages: order 2) aligned to 4 pages: 0x%x",
	      vmf.res[1].value);
	CHECK(vmf.res[2].value == base + 32 * PAGE_SIZE, "a2 at page 32");
	CHECK(vb->free == VMAP_BBMAP_BITS - 1 - 4 - 32 && vb->dirty == 0,
	      "counts: free %u dirty %u", vb->free, vb->dirty);
	CHECK(vb->va->va_end - base == VMAP_BLOCK_SIZE &&
		      VMAP_BLOCK_SIZE == 4u << 20,
	      "4 MB blocks (2.6.28, NR_CPUS 2)");
}

static void test_fragmented(void)
{
	static const char prog[] = "a0 = vm_map_ram 1\na1 = vm_map_ram 32\n"
				   "vm_unmap_ram a0\nvm_unmap_ram a1\n";
	char text[256];
	const struct vmap_block *vb;

	run(prog, GEN2, false);
	vb = vmap_block_at(0);
	CHECK(res.outcome == VMF_OK && vb && vb->dirty == 33 &&
		      vb->free == VMAP_BBMAP_BITS - 33,
	      "unmapped runs dirty, block kept until a purge");
	snprintf(text, sizeof(text), "%spurge\n", prog);
	run(text, GEN2, false);
	CHECK(res.outcome == VMF_OK && !vmap_block_at(0),
	      "fixed: purge frees the fragmented block (%s)", res.title);
	run(text, GEN2 | BUG_VMAP_BLOCK_PURGE, false);
	CHECK(!strcmp(res.title, "BUG: fragmented vmap block kept in "
				 "vm_unmap_aliases"),
	      "vmap-block-purge: %s", res.title);
	CHECK(vmap_block_at(0) != NULL, "knob: the block stays");
}

static void test_full_block(void)
{
	char text[4096];
	u32 i, n = 0;

	for (i = 0; i < 32; i++)
		n += (u32)snprintf(text + n, sizeof(text) - n,
				   "a%u = vm_map_ram 32\n", i);
	n += (u32)snprintf(text + n, sizeof(text) - n, "a32 = vm_map_ram 1\n");
	run(text, GEN2, false);
	CHECK(res.outcome == VMF_OK && vmap_block_at(1) &&
		      vmap_block_at(0)->free == 0,
	      "a full block: free 0 (%s)", res.title);
	CHECK(vmf.res[32].value == vmf.res[0].value + VMAP_BLOCK_SIZE,
	      "the next run opens the next block");
	for (i = 0; i < 32; i++)
		n += (u32)snprintf(text + n, sizeof(text) - n,
				   "vm_unmap_ram a%u\n", i);
	run(text, GEN2, false);
	CHECK(res.outcome == VMF_OK && vmap_block_at(0) &&
		      !vmap_block_at(1),
	      "an all-dirty block is freed at once (%s)", res.title);
	CHECK(vmap_lazy_nr == VMAP_BBMAP_BITS,
	      "freed lazily: vmap_lazy_nr %u", vmap_lazy_nr);
	n += (u32)snprintf(text + n, sizeof(text) - n,
			   "touch a0 0\npurge\ntouch a0 0\n");
	run(text, GEN2, true);
	CHECK(res.outcome == VMF_OK && vmf.res[65].kind == RES_OK &&
		      vmf.res[67].kind == RES_FAULT,
	      "stale until the purge, then a fault (%s)", res.title);
}

static void test_big_and_gen1(void)
{
	run("a0 = vm_map_ram 40\nwrite a0 0 163840\na1 = vmalloc 4096\n"
	    "vm_unmap_ram a0\ntouch a0 0\npurge\ntouch a0 0\n",
	    GEN2, true);
	CHECK(res.outcome == VMF_OK && !vmap_block_at(0) &&
		      vmf.res[2].value == vmf.res[0].value + 40 * PAGE_SIZE,
	      "40 pages: an area of its own, no guard page (%s)", res.title);
	CHECK(vmf.res[4].kind == RES_OK && vmf.res[6].kind == RES_FAULT,
	      "big vm_unmap_ram: lazy until the purge");
	run("a0 = vm_map_ram 4\nvm_unmap_ram a0\n", 0, true);
	CHECK(res.outcome == VMF_OK && vmf.res[0].kind == RES_SKIP &&
		      vmf.res[1].kind == RES_SKIP,
	      "2.6.11: no vm_map_ram, skipped");
}

static u32 mask_of(const char *list)
{
	const char *bad;
	u32 mask = 0, badlen;

	CHECK(!bugs_parse(list, (u32)strlen(list), &mask, &bad, &badlen),
	      "parse '%s'", list);
	return mask;
}

/* A configured NR_CPUS: the block arithmetic of Clemens Ladisch's fix
 * (VMALLOC_PAGES / roundup_pow_of_two(NR_CPUS) / 16), and without it. */
static void test_ncpus(void)
{
	static const char prog[] = "a0 = vm_map_ram 1\na1 = vm_map_ram 4\n"
				   "write a1 0 16384\nvm_unmap_ram a1\n"
				   "check a0\npurge\n";
	u32 n3 = mask_of("correct-2.6.28,nr-cpus=3");
	const struct vmap_block *vb;
	char buf[BUGS_FORMAT_MAX];

	CHECK(vmf_nr_cpus(n3) == 3 && (n3 & GEN2) && !(n3 & ((1u << NR_BUGS) - 1)),
	      "nr-cpus=3: the field, no knob: 0x%x", n3);
	CHECK(mask_of("nr-cpus=2") == 0 && mask_of("nr-cpus=3,nr-cpus=2") == 0,
	      "nr-cpus=2 is the real count: no field");
	bugs_format(n3 | BUG_VMAP_BLOCK_NCPUS, buf, sizeof(buf));
	CHECK(!strcmp(buf, "correct-2.6.28,nr-cpus=3,vmap-block-ncpus"),
	      "format: %s", buf);
	CHECK(mask_of(buf) == (n3 | BUG_VMAP_BLOCK_NCPUS), "round trip");
	CHECK(mask_of("all") == ((1u << NR_BUGS) - 1), "all: knobs only");

	/* the arithmetic: 2 CPUs 1024 bits either way; 3 CPUs 512 (fixed)
	 * or 682 (before); 4 CPUs 512; 1 CPU 2048, clamped to 1024 */
	CHECK(vmap_bbmap_bits_for(GEN2) == 1024 &&
		      vmap_bbmap_bits_for(GEN2 | BUG_VMAP_BLOCK_NCPUS) == 1024,
	      "NR_CPUS 2: 4 MB blocks with and without the knob");
	CHECK(vmap_bbmap_bits_for(n3) == 512, "nr-cpus=3 fixed: %u",
	      vmap_bbmap_bits_for(n3));
	CHECK(vmap_bbmap_bits_for(n3 | BUG_VMAP_BLOCK_NCPUS) == 682,
	      "nr-cpus=3 before the fix: %u",
	      vmap_bbmap_bits_for(n3 | BUG_VMAP_BLOCK_NCPUS));
	CHECK(vmap_bbmap_bits_for(mask_of("nr-cpus=4,vmap-block-ncpus")) ==
			      512 &&
		      vmap_bbmap_bits_for(mask_of("nr-cpus=1")) == 1024,
	      "nr-cpus=4 and 1: powers of two, no difference");

	run(prog, n3, true);
	vb = vmap_block_at(0);
	CHECK(res.outcome == VMF_OK && vb && VMAP_BLOCK_SIZE == 2u << 20 &&
		      !(vb->va->va_start & (VMAP_BLOCK_SIZE - 1)),
	      "nr-cpus=3 fixed: one 2 MB block, aligned (%s)", res.title);
	CHECK(vb && vb->dirty == 4 && vb_test(vb->dirty_map, 4) &&
		      !vb_test(vb->dirty_map, 0) &&
		      vmf.res[1].value == vb->va->va_start + 4 * PAGE_SIZE,
	      "fixed: a1's pages 4-7 dirty, a0's page 0 not");
	run(prog, n3 | BUG_VMAP_BLOCK_NCPUS, true);
	vb = vmap_block_at(0);
	CHECK(VMAP_BLOCK_SIZE == 682u * PAGE_SIZE &&
		      vb->va->va_start % VMAP_BLOCK_SIZE != 0,
	      "knob: 682-page blocks, the block no multiple of its size");
	CHECK(!strcmp(res.title, "BUG: vmap block dirty page never allocated "
				 "in vm_unmap_ram") &&
		      vmf.pc == 3 && vb_test(vb->dirty_map, 0) &&
		      !vb_test(vb->dirty_map, 4),
	      "knob: vb_free marks pages 0-3, not 4-7: %s (op %u)", res.title,
	      vmf.pc);
	run(prog, GEN2 | BUG_VMAP_BLOCK_NCPUS, true);
	CHECK(res.outcome == VMF_OK && VMAP_BLOCK_SIZE == 4u << 20,
	      "knob with NR_CPUS 2: a power of two, ok (%s)", res.title);
}

static void test_codec(void)
{
	static struct vmf_program p, q;
	u8 bin[32];
	char err[128], line[64];
	u32 n;

	CHECK(!vmf_text_parse("a2 = vm_map_ram 300\nvm_unmap_ram a17\n", 37,
			      "t", &p, err, sizeof(err)),
	      "parse: %s", err);
	n = prog_encode(&p, bin, sizeof(bin));
	CHECK(n == 7 && bin[0] == 0x2E && bin[1] == 0 && bin[2] == 44 &&
		      bin[3] == 1 && bin[4] == 0x1F && bin[5] == 0x1E &&
		      bin[6] == 1,
	      "binary form: nibble 14, ext byte, count");
	prog_decode(bin, n, &q);
	CHECK(q.nops == 2 && q.ops[0].code == OP_VM_MAP_RAM &&
		      q.ops[0].a == 300 && q.ops[1].code == OP_VM_UNMAP_RAM &&
		      q.ops[1].slot == 17,
	      "decode round trip");
	prog_op_format(&q.ops[1], line, sizeof(line));
	CHECK(!strcmp(line, "vm_unmap_ram a17"), "text: %s", line);
	bin[1] = 0xff; /* the ext byte wraps: odd is vm_unmap_ram */
	prog_decode(bin, 2, &q);
	CHECK(q.nops == 1 && q.ops[0].code == OP_VM_UNMAP_RAM, "ext wraps");
}

int main(void)
{
	if (soft_machine_init())
		return 2;
	test_placement();
	test_fragmented();
	test_full_block();
	test_big_and_gen1();
	test_ncpus();
	test_codec();
	return check_done("vblock");
}
