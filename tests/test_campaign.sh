#!/bin/sh
# A short libFuzzer campaign with the seed's knobs must find the end-of-range
# bug, minimize it, agree with QEMU, leave no process behind, and resume
# without touching existing crash files. Skips (77) without QEMU, firmware
# or the libFuzzer build.
# env: VMFUZZ (the vmfuzz binary), SRC (source root); optional TIME.
set -u
: "${VMFUZZ:?}" "${SRC:?}"
TIME=${TIME:-30}
TITLE="BUG: vm area outside vmalloc range in get_vm_area"

skip() { echo "test_campaign: skipped: $*"; exit 77; }
fail() { echo "test_campaign: FAILED: $*"; failed=1; }
failed=0

command -v qemu-system-i386 >/dev/null 2>&1 || skip "no qemu-system-i386"
lf=${VMFUZZ_LIBFUZZER_DIR:-$(dirname "$VMFUZZ")/../build-libfuzzer}
[ -x "$lf/fuzz/fuzz_vmalloc" ] || [ -x "$lf/fuzz_vmalloc" ] ||
	skip "no libFuzzer build in $lf (ci/setup)"
"$VMFUZZ" qemu --bugs=end-check "$SRC/corpora/regress/end-check.vmf" \
	>/dev/null 2>&1
[ $? -eq 1 ] || skip "QEMU replay does not work here (firmware?)"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
out=$tmp/campaign

"$VMFUZZ" fuzz --bugs=seed --time "$TIME" --jobs 2 --out "$out" \
	>"$tmp/log" 2>&1
rc=$?
[ $rc -eq 1 ] || fail "fuzz exit $rc, want 1"
pgrep -f "$out" >/dev/null && fail "engine processes left behind"

dir=$(grep -l "^title: $TITLE\$" "$out"/crashes/*/meta.txt 2>/dev/null |
	head -n 1)
if [ -z "$dir" ]; then
	fail "'$TITLE' not found"
	cat "$tmp/log"
	exit 1
fi
dir=$(dirname "$dir")
for f in repro.vmf repro.bin report.txt qemu.txt meta.txt; do
	[ -s "$dir/$f" ] || fail "$dir/$f missing"
done
grep -q "^qemu: agree (same title and digest)\$" "$dir/qemu.txt" ||
	fail "qemu.txt does not agree: $(tail -n 1 "$dir/qemu.txt")"
grep -q "^ops: 1\$" "$dir/meta.txt" || fail "not minimized to one op"
grep -q "($TITLE)\$" "$dir/report.txt" || fail "report.txt has another title"
"$VMFUZZ" run --bugs=seed "$dir/repro.vmf" | grep -q "($TITLE)\$" ||
	fail "repro.vmf does not reproduce"
[ -s "$out/progress.png" ] && [ -s "$out/progress.csv" ] ||
	fail "no progress plot"

"$VMFUZZ" triage "$out" >"$tmp/triage" 2>&1
[ $? -eq 1 ] || fail "triage exit is not 1"
grep -q "^$TITLE " "$tmp/triage" || fail "triage does not list the title"

# Resume: existing crash files stay as they are.
sum=$(cat "$dir/repro.vmf" "$dir/report.txt" "$dir/qemu.txt" | cksum)
"$VMFUZZ" fuzz --bugs=seed --time 5 --out "$out" >"$tmp/log2" 2>&1
[ $? -eq 1 ] || fail "resumed fuzz exit is not 1"
[ "$(cat "$dir/repro.vmf" "$dir/report.txt" "$dir/qemu.txt" | cksum)" = \
	"$sum" ] || fail "resume rewrote crash files"
grep -q "^seeded" "$tmp/log2" && fail "resume seeded the corpus again"

[ $failed -eq 0 ] && echo "test_campaign: 1 passed, 0 failed" ||
	echo "test_campaign: 0 passed, 1 failed"
exit $failed
