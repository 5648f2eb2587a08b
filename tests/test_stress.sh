#!/usr/bin/env bash
# --stress N (issue 17; WORLD=qemu or bochs): a two-CPU program N times with
# both CPUs free-running. Real outcomes, no timing:
#  - unmap-after-unlink with its knob: the table's counts sum to N, every
#    title is ok or a symptom of that race (the live area lost its PTE:
#    seen by the sweep, or by cpu1's own write), and the exit code says
#    whether it was reproduced (1) or not (0);
#  - the same program without the knob, and a lock-heavy one (both CPUs
#    allocating 100-page areas at once): N/N ok, exit 0 (no false alarm
#    with the locks atomic);
#  - a one-CPU program: N/N ok;
#  - bad arguments: one line, exit 2.
set -u
. "$(dirname "$0")/lib.sh"
: "${VMFUZZ:?}" "${SRC:?}" "${WORLD:?}"
reg=$SRC/corpora/regress
export TMPDIR=$tmp
prog=$reg/unmap-after-unlink.vmf
race='BUG: live area not mapped in vfree|BUG: fault on live area in write|BUG: unable to handle kernel paging request in write'

# table FILE N TITLES: the rows of FILE's table sum to N, each title
# matches TITLES (a regex); prints the BUG count.
table() {
	awk -v n="$2" -v re="^($3)\$" '
		/^ +[0-9]+ +[0-9.]+% / {
			c = $1; $1 = ""; $2 = ""; sub(/^ +/, "")
			if ($0 !~ re) { print "bad title: " $0 > "/dev/stderr"; bad = 1 }
			sum += c; if ($0 ~ /^BUG/) bugs += c
		}
		END { if (sum != n) { print "sum " sum " != " n > "/dev/stderr"; bad = 1 }
		      print bugs + 0; exit bad }' "$1"
}

"$VMFUZZ" "$WORLD" --stress 20 --bugs=unmap-after-unlink "$prog" \
	>"$tmp/out" 2>"$tmp/err"
rc=$?
bugs=$(table "$tmp/out" 20 "ok|$race") && ok || bad "knob table: $(cat "$tmp/out" "$tmp/err")"
expect_grep "$tmp/out" "reproduced $bugs/20\$"
[ "$rc" = "$([ "${bugs:-0}" -gt 0 ] && echo 1 || echo 0)" ] && ok ||
	bad "exit $rc for $bugs BUG runs"

expect_rc 0 "$VMFUZZ" "$WORLD" --stress 20 "$prog"
table "$tmp/out" 20 ok >/dev/null && ok || bad "no-knob table: $(cat "$tmp/out")"
expect_rc 0 "$VMFUZZ" "$WORLD" --stress 4 "$SRC/tests/data/stress-pages.vmf"
table "$tmp/out" 4 ok >/dev/null && ok || bad "lock-heavy table: $(cat "$tmp/out")"
expect_rc 0 "$VMFUZZ" "$WORLD" --stress=20 "$reg/no-flush.vmf"
expect_grep "$tmp/out" '^ +20 +100\.0% +ok$'
expect_grep "$tmp/out" 'reproduced 0/20$'

for args in "--stress 0 $prog" "--stress x $prog" "--stress" \
	"--stress 2 $prog $prog"; do
	# shellcheck disable=SC2086
	expect_rc 2 "$VMFUZZ" "$WORLD" $args
	[ "$(wc -l <"$tmp/err")" = 1 ] && ok || bad "$args: $(cat "$tmp/err")"
done
expect_rc 2 "$VMFUZZ" run --stress 2 "$prog"
expect_grep "$tmp/err" 'is for the emulators'

finish "stress-$WORLD"
