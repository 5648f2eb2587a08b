#!/usr/bin/env bash
# Two real CPUs in one emulator (issue 17; WORLD=qemu or bochs): with
# VMFUZZ_EMU_CPUS=2 the firmware starts the AP by INIT-SIPI-SIPI, and its
# boot self-test (smptest=1) passes the baton and the flush IPI both ways
# (to a CPU with interrupts on: handled at once; off: pending until it
# enables them). The self-test line is the expected one, byte-identical
# over two runs; the guest console of the two runs is too; and the
# one-CPU programs give the host's output on a two-CPU boot.
set -u
. "$(dirname "$0")/lib.sh"
: "${VMFUZZ:?}" "${SRC:?}" "${WORLD:?}"
reg=$SRC/corpora/regress
export TMPDIR=$tmp
want='smp: cpus=2 seq=0a1a0bi10s1b1p0ci00e1z0z acks=2'
progs=("$reg/i386-array-1024.vmf" "$reg/no-flush.vmf")

expect_rc 0 "$VMFUZZ" run --trace "${progs[@]}"
mv "$tmp/out" "$tmp/host.out"
for i in 1 2; do
	VMFUZZ_EMU_CPUS=2 VMFUZZ_EMU_CMDLINE=smptest=1 \
		VMFUZZ_EMU_CONSOLE=$tmp/con.$i \
		expect_rc 0 "$VMFUZZ" "$WORLD" --trace "${progs[@]}"
	cmp -s "$tmp/host.out" "$tmp/out" && ok ||
		bad "two-CPU $WORLD differs from run: $(diff "$tmp/host.out" "$tmp/out" | head -5)"
	grep -qxF "$want" "$tmp/con.$i" && ok ||
		bad "run $i: no '$want' in $(grep '^smp:' "$tmp/con.$i")"
done
cmp -s "$tmp/con.1" "$tmp/con.2" && ok || bad "the two consoles differ"
# Debugger lines of Bochs's second CPU never reach the guest protocol.
grep -q '^(1)' "$tmp/con.1" && bad "a (1) debugger line in the console" || ok

# One CPU (the default): no AP, and the self-test says so.
VMFUZZ_EMU_CMDLINE=smptest=1 VMFUZZ_EMU_CONSOLE=$tmp/con.one \
	expect_rc 0 "$VMFUZZ" "$WORLD" "$reg/no-flush.vmf"
expect_grep "$tmp/con.one" '^smp: cpus=1$'

finish "smp-$WORLD"
