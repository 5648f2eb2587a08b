#!/usr/bin/env bash
# Two CPUs with no knob (core/exec/interp.c caller rule, run_smp.c overlap):
#  - an op whose slot is in flight on the other CPU is a caller race and is
#    skipped: cpu1's vfree a0 while cpu0's a0 = vmalloc runs is "skipped",
#    after it returned it frees (ok); the program is ok either way;
#  - a write into a slot whose vfree returned on the other CPU is skipped,
#    not a "fault on live area" (liveness is updated at each op end);
#  - 60 generated two-CPU programs (random CPU per op, random schedule)
#    are all ok with no knob.
set -u
. "$(dirname "$0")/lib.sh"
: "${VMFUZZ:?}" "${SRC:?}"

printf 'a0 = vmalloc 8192\ncpu1: vfree a0\nschedule 0:3 1:1000\n' >"$tmp/race.vmf"
expect_rc 0 "$VMFUZZ" run --trace "$tmp/race.vmf"
expect_grep "$tmp/out" 'cpu1: vfree a0 -> skipped'
printf 'a0 = vmalloc 8192\ncpu1: vfree a0\nschedule 0:1000 1:1000\n' >"$tmp/seq.vmf"
expect_rc 0 "$VMFUZZ" run --trace "$tmp/seq.vmf"
expect_grep "$tmp/out" 'cpu1: vfree a0 -> ok'
for n in $(seq 0 60); do
	printf 'a0 = vmalloc 8192\ncpu1: vfree a0\nwrite a0 0 8192\nschedule 0:%d 1:%d 0:1000\n' \
		"$n" "$n" >"$tmp/w.vmf"
	expect_rc 0 "$VMFUZZ" run "$tmp/w.vmf"
done
expect_rc 0 "$VMFUZZ" run "$SRC"/tests/data/smp-noknob/*.vmf
if grep -q '(BUG: ' "$tmp/out"; then
	bad "two-CPU programs with no knob gave a BUG: $(grep "(BUG: " "$tmp/out")"
fi
finish smp-false
