#!/usr/bin/env bash
# The two-CPU runner and oracle (issue 17, core/run/run_smp.c), host world:
#  - the oracle at a quiescent point sees one state: a0 = vmalloc on CPU 0
#    and a1 = vmalloc on CPU 1, under every split 0:N 1:1000, is ok (before
#    smp_quiet_begin(), get_vmalloc_info's read_lock inside the check handed
#    CPU 1 its op and N=14 was a false 'wrong VmallocUsed');
#  - a meminfo op on one CPU while the other is inside vmalloc is ok;
#  - each race knob's regress program is BUG with its knob, prints the
#    the interleaving and the CPU at the BUG, and is ok without the knob;
#  - flush-irqs-off's program alone on one CPU runs as without the knob.
set -u
. "$(dirname "$0")/lib.sh"
: "${VMFUZZ:?}" "${SRC:?}"
reg=$SRC/corpora/regress

for n in $(seq 0 40); do
	printf 'a0 = vmalloc 4096\ncpu1: a1 = vmalloc 4096\nschedule 0:%d 1:1000\n' \
		"$n" >"$tmp/split.vmf"
	expect_rc 0 "$VMFUZZ" run "$tmp/split.vmf"
	expect_grep "$tmp/out" ' ok digest=.* ops=2'
done
for n in 1 3 5 8 12; do
	printf 'a0 = vmalloc 8192\ncpu1: meminfo\ncpu1: meminfo\nschedule 0:%d 1:2 0:1000 1:1000\n' \
		"$n" >"$tmp/mi.vmf"
	expect_rc 0 "$VMFUZZ" run "$tmp/mi.vmf"
done
for k in unmap-after-unlink pte-recheck flush-local flush-irqs-off; do
	expect_rc 1 "$VMFUZZ" run --bugs="$k" "$reg/$k.vmf"
	expect_grep "$tmp/out" '^BUG: '
	expect_grep "$tmp/out" '^interleaving \(cpu, op, yield points in order\):'
	expect_grep "$tmp/out" '^  cpu0 op [0-9]+ \('
	expect_grep "$tmp/out" '^  at the BUG: cpu[01] running op [0-9]+$'
	expect_rc 0 "$VMFUZZ" run "$reg/$k.vmf"
done
for k in pte-recheck flush-local flush-irqs-off; do
	expect_rc 1 "$VMFUZZ" run --bugs="$k" "$reg/$k.vmf"
	expect_grep "$tmp/out" '^  cpu1 op [0-9]+ \(cpu1: '
done
# flush-irqs-off: the lock-discipline check, not the hang detector, names
# the IPI awaited with interrupts off while cpu1 spins with them off.
expect_rc 1 "$VMFUZZ" run --bugs=flush-irqs-off "$reg/flush-irqs-off.vmf"
expect_grep "$tmp/out" '^cpu0 waits for its IPI, cpu1 spins, both with interrupts off$'
expect_grep "$tmp/out" '^  cpu0 op 2 \(vfree a0\):.* flush IPI wait$'
# One CPU alone: the same programs without cpu1: and the schedule give the
# same line with the knob as without.
sed -e 's/^cpu1: //' -e '/^schedule /d' "$reg/flush-irqs-off.vmf" >"$tmp/one.vmf"
expect_rc 0 "$VMFUZZ" run "$tmp/one.vmf"
cp "$tmp/out" "$tmp/one.none"
expect_rc 0 "$VMFUZZ" run --bugs=flush-irqs-off "$tmp/one.vmf"
cmp -s "$tmp/out" "$tmp/one.none" && ok || bad "one CPU: flush-irqs-off changed the run"
finish smp-oracle
