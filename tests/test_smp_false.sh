#!/usr/bin/env bash
# Two CPUs with no knob (core/exec/interp.c caller rule, run_smp.c overlap):
#  - an op whose slot is in flight on the other CPU is a caller race and is
#    skipped: cpu1's write a0 while cpu0's vfree a0 runs is "skipped",
#    before that vfree started it writes (ok);
#  - a write into a slot whose vfree returned on the other CPU is skipped,
#    not a "fault on live area" (liveness is updated at each op end);
#  - 60 generated two-CPU programs (random CPU per op, random schedule)
#    are all ok with no knob.
set -u
. "$(dirname "$0")/lib.sh"
: "${VMFUZZ:?}" "${SRC:?}"

# cpu0's vfree a0 is in flight from its 17th yield point on: at 0:15 cpu1's
# write lands before it (ok); at 0:17 the area is still mapped but its free
# has begun (the caller rule skips it: before it, it wrote); at 0:18 the
# PTEs are being cleared (before the rule: "fault on live area in write").
w='a0 = vmalloc 8192\nvfree a0\ncpu1: write a0 0 8192\nschedule 0:%d 1:1000\n'
printf "$w" 15 >"$tmp/before.vmf"
expect_rc 0 "$VMFUZZ" run --trace "$tmp/before.vmf"
expect_grep "$tmp/out" 'cpu1: write a0 0 8192 -> ok'
for n in 17 18 19; do
	printf "$w" "$n" >"$tmp/race.vmf"
	expect_rc 0 "$VMFUZZ" run --trace "$tmp/race.vmf"
	expect_grep "$tmp/out" 'cpu1: write a0 0 8192 -> skipped'
done
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
