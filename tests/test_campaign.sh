#!/bin/sh
# A short libFuzzer campaign with the seed's knobs (QEMU hidden) must find
# the end-of-range bug, minimize it and leave no process behind; a resume
# under another spelling of --out must replay no old raw file, add no hit,
# write the missing qemu.txt (agree) and touch no other crash file; Bochs
# writes bochs.txt (agree) in the first run already. A
# non-campaign directory is refused untouched, and kill -9 of vmfuzz leaves
# no engine. Skips (77) without QEMU, firmware or the libFuzzer build.
# env: VMFUZZ (the vmfuzz binary), SRC (source root); optional TIME.
set -u
: "${VMFUZZ:?}" "${SRC:?}"
TIME=${TIME:-600}
TITLE="BUG: vm area outside vmalloc range in get_vm_area"

skip() { echo "test_campaign: skipped: $*"; exit 77; }
fail() { echo "test_campaign: FAILED: $*"; failed=1; }
failed=0

command -v qemu-system-i386 >/dev/null 2>&1 || skip "no qemu-system-i386"
lf=${VMFUZZ_LIBFUZZER_DIR:-$(dirname "$VMFUZZ")/../build-libfuzzer-fast}
[ -x "$lf/fuzz/fuzz_vmalloc" ] || [ -x "$lf/fuzz_vmalloc" ] ||
	skip "no libFuzzer build in $lf (ci/setup)"
"$VMFUZZ" qemu --bugs=end-check "$SRC/corpora/regress/end-check.vmf" \
	>/dev/null 2>&1
[ $? -eq 1 ] || skip "QEMU replay does not work here (firmware?)"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
out=$tmp/campaign

# A directory of other files is no campaign: refused, left as it was.
mkdir -p "$tmp/user/tmp" && echo keep >"$tmp/user/tmp/keep.txt"
# (--time 1: refused before any fuzzing)
"$VMFUZZ" fuzz --time 1 --out "$tmp/user" >"$tmp/log0" 2>&1
[ $? -eq 2 ] || fail "non-campaign --out: exit is not 2"
[ "$(cd "$tmp/user" && find . | sort | tr '\n' ' ')" = \
	". ./tmp ./tmp/keep.txt " ] || fail "non-campaign --out was touched"

# No race with the clock: the campaign runs until the title is in a
# meta.txt (written once it is minimized), then is stopped as Ctrl-C does;
# TIME (600 s) only ends a campaign that never finds it.
VMFUZZ_QEMU=$tmp/no-qemu "$VMFUZZ" fuzz --bugs=seed --time "$TIME" \
	--jobs 2 --out "$out" >"$tmp/log" 2>&1 &
pid=$!
while kill -0 $pid 2>/dev/null &&
	! grep -qs "^title: $TITLE\$" "$out"/crashes/*/meta.txt; do
	sleep 0.2
done
kill -INT $pid 2>/dev/null
wait $pid
rc=$?
[ $rc -eq 1 ] || fail "fuzz exit $rc, want 1"
pgrep -f "$out" >/dev/null && fail "engine processes left behind"
ls -d "$out"/tmp* >/dev/null 2>&1 && fail "scratch directory left behind"

dir=$(grep -l "^title: $TITLE\$" "$out"/crashes/*/meta.txt 2>/dev/null |
	head -n 1)
if [ -z "$dir" ]; then
	fail "'$TITLE' not found"
	cat "$tmp/log"
	exit 1
fi
dir=$(dirname "$dir")
for f in repro.vmf repro.bin report.txt meta.txt; do
	[ -s "$dir/$f" ] || fail "$dir/$f missing"
done
[ -e "$dir/qemu.txt" ] && fail "qemu.txt written without QEMU"
grep -q "^qemu: error\$" "$dir/meta.txt" || fail "meta.txt: no qemu: error"
grep -q "not cross-checked" "$tmp/log" || fail "no message about QEMU"
# Bochs (when installed) replays it in the same run: bochs.txt agrees.
if command -v bochs-bin >/dev/null 2>&1; then
	grep -q "^bochs: agree (same title and digest)\$" "$dir/bochs.txt" ||
		fail "bochs.txt does not agree: $(tail -n 1 "$dir/bochs.txt" 2>&1)"
	grep -q "^bochs: agree\$" "$dir/meta.txt" || fail "meta.txt: no bochs: agree"
	grep -qE "^ID +TITLE .* QEMU +BOCHS +CAUSE\$" "$tmp/log" ||
		fail "summary table without a BOCHS column"
fi
grep -q "^ops: 1\$" "$dir/meta.txt" || fail "not minimized to one op"
grep -q "^cause: end-check\$" "$dir/meta.txt" || fail "meta.txt: cause not end-check"
grep -qE "^[0-9]+ root causes?, [0-9]+ titles?\$" "$tmp/log" ||
	fail "summary not grouped by cause"
grep -q "($TITLE)\$" "$dir/report.txt" || fail "report.txt has another title"
"$VMFUZZ" run --bugs=seed "$dir/repro.vmf" | grep -q "($TITLE)\$" ||
	fail "repro.vmf does not reproduce"
[ -s "$out/progress.csv" ] && [ -s "$out/progress.gnuplot" ] ||
	fail "no progress.csv and progress.gnuplot"
if command -v gnuplot >/dev/null; then
	[ -s "$out/progress.png" ] || fail "no progress.png (gnuplot is there)"
fi

"$VMFUZZ" triage "$out" >"$tmp/triage" 2>&1
[ $? -eq 1 ] || fail "triage exit is not 1"
grep -q "^$TITLE " "$tmp/triage" || fail "triage does not list the title"
grep -q "^  cause end-check" "$tmp/triage" || fail "triage does not group by cause"

# Resume under another spelling of --out, with QEMU: old raw files are not
# replayed (hits grow by the new ones only), qemu.txt gets written, the
# other crash files stay as they are.
hits() { cat "$out"/crashes/*/meta.txt | sed -n 's/^hits: //p' |
	awk '{ s += $1 } END { print s + 0 }'; }
sum=$(cat "$dir/repro.vmf" "$dir/report.txt" | cksum)
raw0=$(ls "$out/raw-crashes" | wc -l)
hits0=$(hits)
# (--time 5: what is checked is the resume and the final replay, done
# however little the engine fuzzed in those 5 s)
"$VMFUZZ" fuzz --bugs=seed --time 5 --out "$tmp/./campaign/" \
	>"$tmp/log2" 2>&1
[ $? -eq 1 ] || fail "resumed fuzz exit is not 1"
[ "$(cat "$dir/repro.vmf" "$dir/report.txt" | cksum)" = "$sum" ] ||
	fail "resume rewrote crash files"
grep -q "^seeded" "$tmp/log2" && fail "resume seeded the corpus again"
grep -q "^qemu: agree (same title and digest)\$" "$dir/qemu.txt" ||
	fail "qemu.txt does not agree: $(tail -n 1 "$dir/qemu.txt" 2>&1)"
set -- $(sed -n 's/.*this run: \([0-9]*\) raw.*, \([0-9]*\) not.*/\1 \2/p' \
	"$tmp/log2")
new=$(($(ls "$out/raw-crashes" | wc -l) - raw0))
[ "${1:-x}" = "$new" ] || fail "resume replayed ${1:-?} files, $new are new"
[ "$(hits)" -eq $((hits0 + new - ${2:-0})) ] ||
	fail "resume changed the hits: $hits0 -> $(hits), $new new files"
[ -z "$(sort "$out/triaged.txt" | uniq -d)" ] ||
	fail "triaged.txt lists a file twice"

# kill -9 of vmfuzz takes the engines (libFuzzer's fork jobs too) with it.
"$VMFUZZ" fuzz --bugs=seed --jobs 2 --no-qemu --no-bochs --out "$tmp/k" \
	>"$tmp/log3" 2>&1 &
pid=$!
# Polls with 0.1 s steps: the engine running with a fork job (a child of
# libFuzzer's parent), then no process of $tmp/k after the kill; the 120 s
# and 60 s bounds only end a broken run.
jobs_up() {
	for p in $(pgrep -f -- "-fork=2 .*$tmp/k/"); do
		pgrep -P "$p" >/dev/null && return 0
	done
	return 1
}
i=0
while [ $i -lt 1200 ] && ! jobs_up; do
	sleep 0.1
	i=$((i + 1))
done
jobs_up || fail "the engine's fork jobs never started"
kill -9 $pid
wait $pid 2>/dev/null
i=0
while [ $i -lt 600 ] && pgrep -f "$tmp/k( |/|\$)" >/dev/null; do
	sleep 0.1
	i=$((i + 1))
done
pgrep -f "$tmp/k( |/|\$)" >/dev/null &&
	fail "kill -9 left processes: $(pgrep -af "$tmp/k( |/|\$)")"

[ $failed -eq 0 ] && echo "test_campaign: 1 passed, 0 failed" ||
	echo "test_campaign: 0 passed, 1 failed"
exit $failed
