#!/usr/bin/env bash
# The two generations side by side: `vmfuzz cross --gens` (same, explained,
# DIFFERENT and its exit codes) and `vmfuzz bisect` at the generation
# boundary ("introduced/fixed by the rewrite in 2.6.28"), on real programs.
set -u
. "$(dirname "$0")/lib.sh"
: "${VMFUZZ:?}" "${SRC:?}"
reg=$SRC/corpora/regress
seed=$SRC/corpora/seed
export TMPDIR=$tmp

# cross --gens: the correct defaults of both generations.
expect_rc 0 "$VMFUZZ" cross --gens "$seed/ioremap.vmf" "$seed/basic.vmf" \
	"$seed/big.vmf" "$reg/vmap-block-purge.vmf" "$reg/end-check.vmf"
expect_grep "$tmp/out" '^.*/ioremap\.vmf: same$'
# a touch after vfree: gen 1 faults, gen 2's stale TLB entry lives to the purge
expect_grep "$tmp/out" '^.*/basic\.vmf: explained \(1 differences: lazy TLB x1\)$'
# a failed vmalloc's area is freed lazily: the next area lands above it
expect_grep "$tmp/out" '^.*/big\.vmf: explained \(.*lazy reuse x1'
expect_grep "$tmp/out" '^.*/vmap-block-purge\.vmf: explained \(6 differences: vm_map_ram x6\)$'
expect_grep "$tmp/out" '^.*/end-check\.vmf: explained \(1 differences: warning text x1\)$'
expect_grep "$tmp/out" '^gens none / correct-2\.6\.28: 5 programs: 1 same, 4 explained, 0 DIFFERENT, 0 skipped; 0 BUG runs$'
# --trace lists the explained differences.
expect_rc 0 "$VMFUZZ" cross --gens --trace "$seed/basic.vmf"
expect_grep "$tmp/out" '^  op 9 `touch a0 0`: fault / ok \(lazy TLB: '
# Two CPUs: skipped (the generations' yield points differ).
expect_rc 0 "$VMFUZZ" cross --gens "$reg/lazy-count-race.vmf"
expect_grep "$tmp/out" 'lazy-count-race\.vmf: skipped \(two CPUs'
# A difference no documented change explains: gen 1 with ioremap-align-8
# places the ioremap area elsewhere before any free. Exit 3.
expect_rc 3 "$VMFUZZ" cross --gens=ioremap-align-8/correct-2.6.28 "$reg/ioremap-align-8.vmf"
expect_grep "$tmp/out" '^.*ioremap-align-8\.vmf: DIFFERENT \(1 unexplained of 2\)$'
expect_grep "$tmp/out" '^  op 1 `a1 = get_vm_area 0x100000 ioremap`: 0xf8808000 / 0xf8880000 \(UNEXPLAINED\)$'
# A BUG on one side only (double-guard, in 2.6.28-rc1): DIFFERENT, exit 3.
expect_rc 3 "$VMFUZZ" cross --gens=none/2.6.28-rc1 "$reg/double-guard.vmf"
expect_grep "$tmp/out" '^  outcome: ok / BUG: area not where first fit puts it in __get_vm_area  <- unexplained$'
# Release profiles of both sides; usage errors.
expect_rc 0 "$VMFUZZ" cross --gens=2.6.27/2.6.39 "$seed/basic.vmf"
expect_grep "$tmp/out" '^gens 2\.6\.27 / 2\.6\.39: 1 programs'
expect_rc 2 "$VMFUZZ" cross --gens=correct-2.6.28/none "$seed/basic.vmf"
expect_rc 2 "$VMFUZZ" cross --gens=none/2.6.99 "$seed/basic.vmf"
expect_rc 2 "$VMFUZZ" cross --gens

# bisect at the boundary. vmap-block-purge: BUG in 2.6.28 .. 2.6.32 only.
expect_rc 1 "$VMFUZZ" bisect --host-only "$reg/vmap-block-purge.vmf"
expect_grep "$tmp/out" '^cause: vmap-block-purge \(generation 2\)$'
expect_grep "$tmp/out" '^introduced by the rewrite in 2\.6\.28 \(Nick Piggin, db64fe02258f "mm: rewrite vmap layer"\): absent in 2\.6\.27, present in 2\.6\.28$'
# guard-wrap: BUG in 2.6.12 .. 2.6.27, gone with the rewrite.
expect_rc 1 "$VMFUZZ" bisect --host-only "$reg/guard-wrap.vmf"
expect_grep "$tmp/out" '^fixed by the rewrite in 2\.6\.28 .*: present in 2\.6\.27, absent in 2\.6\.28; in no generation-2 release$'
# basic.vmf under correct-2.6.28: its touch after vfree does not fault in
# every generation-2 release and faults in every generation-1 one: the
# layer itself is the cause.
expect_rc 0 "$VMFUZZ" bisect --host-only --bugs=correct-2.6.28 "$seed/basic.vmf"
expect_grep "$tmp/out" '^cause: the generation-2 vmap layer itself \(correct-2\.6\.28, no knob\)$'
expect_grep "$tmp/out" '^present 2\.6\.28 \.\.\. 2\.6\.39$'
expect_grep "$tmp/out" '^introduced by the rewrite in 2\.6\.28 .*; in every generation-2 release \(2\.6\.28 \.\. 2\.6\.39\)$'
# a gen-1 knob bug not at the boundary: no such line.
expect_rc 1 "$VMFUZZ" bisect --host-only "$reg/guard-overflow.vmf"
grep -q 'by the rewrite in 2\.6\.28' "$tmp/out" && bad "guard-overflow at the boundary" || ok
finish gens
