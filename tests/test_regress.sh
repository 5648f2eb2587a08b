#!/usr/bin/env bash
# `vmfuzz regress` and `vmfuzz promote` on the host world: TAP and JUnit,
# exit codes, a broken expectation failing, promote never overwriting.
set -u
. "$(dirname "$0")/lib.sh"
: "${VMFUZZ:?}" "${SRC:?}"
reg=$SRC/corpora/regress
set -- "$reg"/*.vmf
n=$#

expect_rc 0 "$VMFUZZ" regress --worlds host --junit "$tmp/r.xml" "$reg"
expect_grep "$tmp/out" '^TAP version 13$'
expect_grep "$tmp/out" "^1\.\.$((2 * n))\$"
[ "$(grep -c '^ok [0-9]* - host: ' "$tmp/out")" = $((2 * n)) ] && ok ||
	bad "not every run of $reg is ok"
expect_grep "$tmp/out" '^ok [0-9]+ - host: .*/no-flush.vmf --bugs=no-flush: BUG: freed area still accessible in vfree$'
expect_grep "$tmp/r.xml" '^<testsuites name="vmfuzz regress" tests="'$((2 * n))'" failures="0">$'
expect_grep "$tmp/r.xml" '<testcase classname="vmfuzz.regress.host" name=".*/end-check.vmf --bugs=end-check"/>'
expect_grep "$tmp/r.xml" '<testsuite name="qemu" .*skipped="'$((2 * n))'"'
if command -v xmllint >/dev/null; then
	xmllint --noout "$tmp/r.xml" && ok || bad "r.xml is not well-formed"
fi
# The JUnit file is never overwritten.
expect_rc 2 "$VMFUZZ" regress --worlds host --junit "$tmp/r.xml" "$reg"
expect_grep "$tmp/err" 'r.xml: exists, not overwritten'

# A broken expectation: not ok, a JUnit failure, exit 1.
sed 's/^# expect-with: .*/# expect-with: ok/' "$reg/no-flush.vmf" >"$tmp/broken.vmf"
expect_rc 1 "$VMFUZZ" regress --worlds host --junit "$tmp/b.xml" "$tmp/broken.vmf" "$reg/end-check.vmf"
expect_grep "$tmp/out" '^not ok 2 - host: .*/broken.vmf --bugs=no-flush: ok$'
expect_grep "$tmp/out" "message: got BUG 'BUG: freed area still accessible in vfree'"
expect_grep "$tmp/out" '^ok 4 - host: .*end-check.vmf --bugs=end-check'
expect_grep "$tmp/b.xml" '<failure type="expectation" message="want ok, got BUG BUG: freed area'
expect_grep "$tmp/b.xml" 'failures="1"'
# ... and without the knob.
sed 's/^# expect-without: .*/# expect-without: BUG: freed area still accessible in vfree/' \
	"$reg/no-flush.vmf" >"$tmp/broken2.vmf"
expect_rc 1 "$VMFUZZ" regress --worlds host "$tmp/broken2.vmf"
expect_grep "$tmp/out" '^not ok 1 - host: .*broken2.vmf --bugs=none'

# Bad input: exit 2, one line naming the file and line; nothing runs.
grep -v '^# expect-without' "$reg/no-flush.vmf" >"$tmp/nohead.vmf"
expect_rc 2 "$VMFUZZ" regress --worlds host "$tmp/nohead.vmf"
expect_grep "$tmp/err" "^vmfuzz: $tmp/nohead.vmf:1: no '# expect-without: OUTCOME' header$"
sed 's/^# knob: .*/# knob: nosuch/' "$reg/no-flush.vmf" >"$tmp/badknob.vmf"
expect_rc 2 "$VMFUZZ" regress --worlds host "$tmp/badknob.vmf"
expect_grep "$tmp/err" "badknob.vmf:1: unknown bug knob nosuch"
[ ! -s "$tmp/out" ] && ok || bad "regress ran despite bad input"
expect_rc 2 "$VMFUZZ" regress --worlds host
expect_rc 2 "$VMFUZZ" regress --bugs=seed "$reg"

# An emulator that cannot run is exit 4 (when this build has the firmware).
if [ -n "${FIRMWARE:-}" ] && [ -f "$FIRMWARE" ]; then
	VMFUZZ_QEMU=/bin/false expect_rc 4 "$VMFUZZ" regress --worlds host,qemu "$reg/no-flush.vmf"
	expect_grep "$tmp/out" '^not ok [0-9]+ - qemu: '
	# A world that answers, but otherwise: exit 3, the digests named.
	cat >"$tmp/fakeqemu" <<-'EOF'
		#!/bin/sh
		printf '@@vmfuzz begin 0\n@@vmfuzz end 0 ok 0000000000000000 4 \n'
		printf '@@vmfuzz done\n'
		exit 1
	EOF
	chmod +x "$tmp/fakeqemu"
	VMFUZZ_QEMU=$tmp/fakeqemu expect_rc 3 "$VMFUZZ" regress --worlds host,qemu --junit "$tmp/d.xml" "$reg/no-flush.vmf"
	expect_grep "$tmp/out" '^not ok 3 - agree: .*no-flush.vmf --bugs=none$'
	expect_grep "$tmp/out" 'message: host ok digest=[0-9a-f]{16}, qemu ok digest=0{16}$'
	expect_grep "$tmp/d.xml" '<failure type="disagreement" message="host=ok/'
fi

# promote: a campaign's crash directory -> a regression program that passes.
camp=$tmp/camp
mkdir -p "$camp/crashes/0123456789ab"
printf 'engine: libfuzzer\njobs: 1\nbugs: no-flush\nvmalloc: \n' >"$camp/campaign.txt"
"$VMFUZZ" encode "$reg/no-flush.vmf" -o "$camp/crashes/0123456789ab/repro.bin"
expect_rc 0 "$VMFUZZ" promote "$camp/crashes/0123456789ab" "$tmp/new.vmf"
expect_grep "$tmp/new.vmf" '^# knob: no-flush$'
expect_grep "$tmp/new.vmf" '^# expect-with: BUG: freed area still accessible in vfree$'
expect_grep "$tmp/new.vmf" '^# expect-without: ok$'
expect_grep "$tmp/new.vmf" '^touch a0 0$'
expect_rc 0 "$VMFUZZ" regress --worlds host "$tmp/new.vmf"
# Of several knobs (seed), the one that alone makes the BUG is kept.
expect_rc 0 "$VMFUZZ" promote --bugs=seed "$reg/end-check.vmf" "$tmp/one.vmf"
expect_grep "$tmp/one.vmf" '^# knob: end-check$'
expect_rc 0 "$VMFUZZ" promote --bugs=seed,no-flush "$reg/no-flush.vmf" "$tmp/one2.vmf"
expect_grep "$tmp/one2.vmf" '^# knob: no-flush$'
# ... never overwriting: the file stays as it was.
cp "$tmp/new.vmf" "$tmp/new.copy"
expect_rc 2 "$VMFUZZ" promote --bugs=end-check "$reg/end-check.vmf" "$tmp/new.vmf"
expect_grep "$tmp/err" 'new.vmf: exists, not overwritten'
cmp -s "$tmp/new.vmf" "$tmp/new.copy" && ok || bad "promote overwrote new.vmf"
# --vmalloc is kept as a header and honoured by regress.
expect_rc 0 "$VMFUZZ" promote --bugs=end-check --vmalloc=256M "$reg/end-check.vmf" "$tmp/v.vmf"
expect_grep "$tmp/v.vmf" '^# vmalloc: 0x10000000$'
expect_rc 0 "$VMFUZZ" regress --worlds host "$tmp/v.vmf"
expect_rc 2 "$VMFUZZ" promote "$reg/end-check.vmf"

finish regress
