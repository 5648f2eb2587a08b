#!/usr/bin/env bash
# The three-valued verdict (exec_verdict(), README "Known differences"):
# agree, explained (the strict-TLB class: exit 1 for the BUG, never 3) and
# DISAGREE (exit 3), in cross, regress and bisect, with fake emulators that
# print fixed results, so nothing depends on a real TLB or the clock.
set -u
. "$(dirname "$0")/lib.sh"
: "${VMFUZZ:?}" "${SRC:?}"
prog=$SRC/corpora/regress/no-flush.vmf

# fake NAME VERDICT DIGEST OPS TITLE: a qemu-system-i386 that ends program 0
# so (and whatever it is asked: it runs one program per boot here).
fake() {
	cat >"$tmp/emu-$1" <<EOS
#!/bin/sh
printf '@@vmfuzz begin 0\n@@vmfuzz end 0 $2 $3 $4 $5\n@@vmfuzz done\n'
EOS
	chmod +x "$tmp/emu-$1"
}
host=$("$VMFUZZ" run --bugs=no-flush "$prog" | tail -n 1)
hd=$(sed -n 's/.* digest=\([0-9a-f]*\) .*/\1/p' <<<"$host")
[ -n "$hd" ] && ok || bad "no host digest in: $host"
title='BUG: freed area still accessible in vfree'
fake same BUG "$hd" 4 "$title"
fake evicted ok 1111111111111111 5 ''
fake later BUG 2222222222222222 5 "$title"
fake earlier BUG 3333333333333333 3 "$title"
fake other BUG 4444444444444444 4 'BUG: wrong VmallocUsed in get_vmalloc_info'

# cross W WANT_RC WORD: --worlds host,qemu under no-flush with fake W.
cross() {
	VMFUZZ_FIRMWARE=/dev/null VMFUZZ_QEMU=$tmp/emu-$1 \
		expect_rc "$2" "$VMFUZZ" cross --worlds host,qemu --bugs=no-flush "$prog"
	expect_grep "$tmp/out" " qemu=[a-zA-Z-]+ digest=[0-9a-f]{16} $3( |\$)"
}
cross same 1 agree
cross evicted 1 'explained \(BUG: freed area still accessible in vfree\): a finite TLB had evicted'
cross later 1 explained
cross earlier 3 DISAGREE
cross other 3 DISAGREE
# The third stale-TLB title: at the quiescent point after flush-local's
# vfree, the oracle's probe through cpu1's TLB hits its stale entry; an
# emulator that had evicted it says ok.
fl=$SRC/corpora/regress/flush-local.vmf
VMFUZZ_FIRMWARE=/dev/null VMFUZZ_QEMU=$tmp/emu-evicted \
	expect_rc 1 "$VMFUZZ" cross --worlds host,qemu --bugs=flush-local "$fl"
expect_grep "$tmp/out" ' qemu=ok digest=1111111111111111 explained \(BUG: freed area still accessible on the other CPU in vfree\)'
# A BUG of another title is explained too when the host's run went through
# a stale TLB entry: under unmap-after-unlink cpu1 writes a0 through its
# stale entry for a1's freed frame, and the sweep finds a0 corrupted.
sw=$SRC/tests/data/stale-write.vmf
VMFUZZ_FIRMWARE=/dev/null VMFUZZ_QEMU=$tmp/emu-evicted \
	expect_rc 1 "$VMFUZZ" cross --worlds host,qemu --bugs=2.5.32 "$sw"
expect_grep "$tmp/out" ' qemu=ok digest=1111111111111111 explained \(BUG: live area corrupted in vfree\)'
# Kernel code's own access to a page array whose PTE is clear faults in
# every world whatever the TLB holds (kva_ptr): the host no longer reads
# on through its stale entry, every world says __vmalloc, and a world that
# names map_area_pte (what QEMU and Bochs said before) is a DISAGREE.
fake mapfault BUG 5555555555555555 2 'BUG: unable to handle kernel paging request in map_area_pte'
VMFUZZ_FIRMWARE=/dev/null VMFUZZ_QEMU=$tmp/emu-mapfault \
	expect_rc 3 "$VMFUZZ" cross --worlds host,qemu --bugs=2.5.32 "$SRC/corpora/regress/unmap-after-unlink-array.vmf"
expect_grep "$tmp/out" 'host=BUG .* qemu=BUG digest=5555555555555555 DISAGREE \(BUG: unable to handle kernel paging request in __vmalloc\)'
# ... but not when no access used a stale entry: guard-overflow's BUG
# against an emulator that says ok is a DISAGREE.
go=$SRC/corpora/regress/guard-overflow.vmf
VMFUZZ_FIRMWARE=/dev/null VMFUZZ_QEMU=$tmp/emu-evicted \
	expect_rc 3 "$VMFUZZ" cross --worlds host,qemu --bugs=guard-overflow "$go"
expect_grep "$tmp/out" 'host=BUG .* qemu=ok digest=1111111111111111 DISAGREE'
# A real disagreement with no knob: host ok, the emulator a BUG.
VMFUZZ_FIRMWARE=/dev/null VMFUZZ_QEMU=$tmp/emu-same \
	expect_rc 3 "$VMFUZZ" cross --worlds host,qemu "$prog"
expect_grep "$tmp/out" 'host=ok .* qemu=BUG .* DISAGREE'

# regress: the explained world holds (a TAP comment says why), exit 0.
VMFUZZ_FIRMWARE=/dev/null VMFUZZ_QEMU=$tmp/emu-evicted \
	expect_rc 3 "$VMFUZZ" regress --worlds host,qemu "$prog"
# (without the knob the fake's ok digest differs from the host's: DISAGREE)
expect_grep "$tmp/out" '^not ok [0-9]+ - agree: .* --bugs=none'
expect_grep "$tmp/out" '^ok [0-9]+ - qemu: .* --bugs=no-flush: BUG: freed area still accessible in vfree # explained: a finite TLB'
expect_grep "$tmp/out" '^ok [0-9]+ - agree: .* --bugs=no-flush # explained: '
expect_grep "$tmp/out" '1 disagree, 1 explained$'

# bisect's emulator confirmation calls it explained, not DISAGREES.
VMFUZZ_FIRMWARE=/dev/null VMFUZZ_QEMU=$tmp/emu-evicted \
	"$VMFUZZ" bisect --bugs=no-flush "$prog" >"$tmp/out" 2>"$tmp/err"
grep -qE '^qemu: explained: .*a finite TLB' "$tmp/out" && ok ||
	bad "bisect: $(grep '^qemu' "$tmp/out")"
grep -q 'DISAGREES' "$tmp/out" && bad "bisect says DISAGREES" || ok

finish verdict
