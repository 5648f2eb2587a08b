#!/usr/bin/env python3
"""Write corpora/stress/*.vmf: lib/test_vmalloc.c's scenarios (Uladzislau
Rezki, 2018) scaled to one vmfuzz program each (<= 4096 ops, 64 slots, the
4096-frame pool). Run by hand after changing it; CI runs the .vmf files it
writes (tests/meson.build: corpus-stress, corpus-stress-qemu).

Areas that outlive their slot are freed as `vfree aK+OFF`: an offset from a
live area whose neighbours sit at known distances (first fit places
1-page vmallocs 8 KB apart, guard page included), so the programs do not
depend on the vmalloc= layout.
"""
import os

HERE = os.path.dirname(os.path.abspath(__file__))
PAGE = 4096
MAX_OPS = 4096


class Rng:
    """xorshift32 with a fixed seed: the same programs on every run."""

    def __init__(self, seed):
        self.s = seed

    def next(self):
        s = self.s
        s ^= (s << 13) & 0xFFFFFFFF
        s ^= s >> 17
        s ^= (s << 5) & 0xFFFFFFFF
        self.s = s
        return s


def write(name, about, ops):
    assert len(ops) <= MAX_OPS, (name, len(ops))
    with open(os.path.join(HERE, name + ".vmf"), "w") as f:
        f.write("# expect-without: ok\n#\n")
        for line in about.strip().splitlines():
            f.write(("# " + line).rstrip() + "\n")
        f.write("# (%d operations; written by make-stress.py)\n" % len(ops))
        f.write("\n".join(ops) + "\n")


def fix_size():
    ops = []
    for _ in range(MAX_OPS // 3):
        ops += ["a0 = vmalloc %d" % (3 * PAGE), "write a0 0 1", "vfree a0"]
    write("fix_size", """
fix_size_alloc_test: vmalloc(3 * PAGE_SIZE), write its first byte, vfree,
over and over: every round must land on the same free range and leave no
page, kmalloc object or mapping behind.""", ops)


def full_fit():
    n, ops = 800, []
    for i in range(n):  # ptr[i] and junk[i] alternate: 8 KB apart each
        ops += ["a0 = vmalloc %d" % PAGE if i == 0 else "a1 = vmalloc %d" % PAGE,
                "a1 = vmalloc %d" % PAGE]
    for i in range(n):  # free the junk: n one-page holes between the ptrs
        ops.append("vfree a0+%d" % ((2 * i + 1) * 2 * PAGE))
    loops = (MAX_OPS - len(ops) - n - 1) // 4
    for _ in range(loops):  # each fits a hole exactly
        ops += ["a2 = vmalloc %d" % PAGE, "write a2 0 1", "check a2",
                "vfree a2"]
    for i in range(n - 1, -1, -1):
        ops.append("vfree a0+%d" % (2 * i * 2 * PAGE) if i else "vfree a0")
    ops.append("meminfo")
    write("full_fit", """
full_fit_alloc_test: %d pairs of one-page areas, then the second of each pair
freed, leaving %d one-page holes; %d rounds of a one-page vmalloc that must
fit a hole exactly, write, check, vfree; then everything freed (VmallocUsed
back to 0 kB in the meminfo at the end).""" % (n, n, loops), ops)


def long_busy_list():
    n, ops = 1500, ["a0 = vmalloc %d" % PAGE]
    ops += ["a1 = vmalloc %d" % PAGE] * (n - 1)
    loops = (MAX_OPS - 2 * n - 1) // 6
    for _ in range(loops):
        ops += ["a2 = vmalloc %d" % (100 * PAGE), "a3 = vmalloc %d" % PAGE,
                "write a2 0 1", "write a3 0 1", "vfree a2", "vfree a3"]
    for i in range(n - 1, 0, -1):
        ops.append("vfree a0+%d" % (i * 2 * PAGE))
    ops += ["vfree a0", "meminfo"]
    write("long_busy_list", """
long_busy_list_alloc_test: %d one-page areas kept live (test_vmalloc.c keeps
15000; the pool has 4096 frames), then %d rounds of a 100-page and a 1-page
vmalloc, a write to each and their vfree: every allocation walks the whole
busy list (2.6's first fit is O(N)); then all freed.""" % (n, loops), ops)


def random_size():
    r, ops = Rng(0x2018), []
    for _ in range(MAX_OPS // 3):
        pages = r.next() % 100 + 1
        ops += ["a0 = vmalloc %d" % (pages * PAGE), "write a0 0 1",
                "vfree a0"]
    write("random_size", """
random_size_alloc_test: vmalloc of 1..100 pages (fixed pseudo-random
sequence), write its first byte, vfree; sizes past 1024 pages' worth of
page-array entries are not reached (100 pages: a 400-byte array).""", ops)


def align():
    r, ops = Rng(0x5EED), []
    # align_shift_alloc_test: align = 1 << i for every bit; 2.6 has no
    # align argument, so the ioremap alignment (from the size, capped at
    # IOREMAP_MAX_ORDER) stands in for it; the big ones must fail.
    for i in range(32):
        ops += ["a%d = get_vm_area %s ioremap" % (i, hex(1 << i)),
                "free_vm_area a%d" % i]
    # fix_align / random_size_align_alloc_test: a one-page vmalloc moves the
    # cursor off every alignment, then an ioremap area of 1 << (rnd % 23)
    # bytes, 1..10 pages otherwise; 48 slots live at once, reused in turn.
    i = 0
    while len(ops) + 6 <= MAX_OPS - 1:
        s = 16 + i % 48
        t = 2 + i % 14
        if i >= 48:
            ops.append("free_vm_area a%d" % s)
        if i >= 14:
            ops.append("vfree a%d" % t)
        ops.append("a%d = vmalloc %d" % (t, PAGE * (r.next() % 3 + 1)))
        if r.next() % 2:
            size = 1 << (r.next() % 23)
        else:
            size = PAGE * (r.next() % 10 + 1)
        ops.append("a%d = get_vm_area %s ioremap" % (s, size if size < 0x10000
                                                      else hex(size)))
        ops.append("write a%d 0 1" % t)
        i += 1
    ops.append("meminfo")
    write("align", """
fix_align_alloc_test, random_size_align_alloc_test and
align_shift_alloc_test: 2.6.11 has no align argument, so every alignment is
VM_IOREMAP's (1 << fls(size), between a page and IOREMAP_MAX_ORDER); the
oracle checks each area's alignment. First get_vm_area(1 << i, ioremap) for
every bit (the ones larger than VmallocTotal return NULL, as test_vmalloc.c
expects large alignments to fail), then ioremap areas of random sizes
between one-page to three-page vmallocs that misalign the cursor, up to 48
live at once.""", ops)


if __name__ == "__main__":
    fix_size()
    full_fit()
    long_busy_list()
    random_size()
    align()
