#!/usr/bin/env bash
# The vmfuzz command line on the host: exit codes of DESIGN.md, one-line
# errors naming file and line, format conversion, nothing overwritten.
set -u
. "$(dirname "$0")/lib.sh"
: "${VMFUZZ:?}" "${SRC:?}"
reg=$SRC/corpora/regress

expect_rc 0 "$VMFUZZ" run "$reg/no-flush.vmf"
expect_grep "$tmp/out" '^.*/no-flush.vmf: ok digest=[0-9a-f]{16} ops=5$'
expect_rc 1 "$VMFUZZ" run --bugs=no-flush "$reg/no-flush.vmf"
expect_grep "$tmp/out" '^BUG: freed area still accessible in vfree$'
expect_grep "$tmp/out" 'no-flush.vmf: BUG digest=[0-9a-f]{16} ops=4 \(BUG: '
# --paranoid (the oracle's full sweep after every op): the same verdicts.
"$VMFUZZ" run --bugs=seed "$reg" >"$tmp/inc" 2>&1
"$VMFUZZ" run --paranoid --bugs=seed "$reg" >"$tmp/par" 2>&1
# (an ASan build notes CPU 1's swapcontext once, with its PID: not a verdict)
sed -i "/^==[0-9]*==WARNING: ASan doesn't fully support makecontext/d" \
	"$tmp/inc" "$tmp/par"
cmp -s "$tmp/inc" "$tmp/par" && ok || bad "--paranoid changed an outcome"
expect_rc 0 "$VMFUZZ" run --trace "$reg/no-flush.vmf"
expect_grep "$tmp/out" '^   4  touch a0 0 -> fault$'

# Usage and input errors: exit 2, one line naming the file and line.
printf 'a0 = vmalloc 8192\nvfree a9x\n' >"$tmp/bad.vmf"
expect_rc 2 "$VMFUZZ" run "$tmp/bad.vmf"
expect_grep "$tmp/err" "^vmfuzz: $tmp/bad.vmf:2: 'a9x' is not a slot \(a0\.\.a63\)$"
[ "$(wc -l <"$tmp/err")" = 1 ] && ok || bad "error is not one line"
expect_rc 2 "$VMFUZZ" run --bugs=nosuch "$reg/no-flush.vmf"
expect_grep "$tmp/err" "unknown bug knob 'nosuch'"
expect_rc 2 "$VMFUZZ" run --vmalloc=1K "$reg/no-flush.vmf"
expect_rc 2 "$VMFUZZ" run "$tmp/missing.vmf"
expect_rc 2 "$VMFUZZ" frobnicate
expect_rc 2 "$VMFUZZ" run

# vmalloc= moves VMALLOC_START exactly as i386 does: 256M -> 245752 kB.
printf 'meminfo\n' >"$tmp/m.vmf"
expect_rc 0 "$VMFUZZ" run --vmalloc=256M "$tmp/m.vmf"
expect_grep "$tmp/out" '^VmallocTotal:   245752 kB$'
expect_rc 0 "$VMFUZZ" run "$tmp/m.vmf"
expect_grep "$tmp/out" '^VmallocTotal:   114680 kB$'

# A verdict does not depend on what ran before: a 4096-op program that
# leaves 48 areas and many shadow slots behind, then a short one.
expect_rc 0 "$VMFUZZ" run "$reg/i386-wrap.vmf"
alone=$(grep -o 'digest=[0-9a-f]*' "$tmp/out")
expect_rc 0 "$VMFUZZ" run "$SRC/corpora/stress/align.vmf" "$reg/i386-wrap.vmf"
[ "$(grep 'i386-wrap' "$tmp/out" | grep -o 'digest=[0-9a-f]*')" = "$alone" ] && ok ||
	bad "i386-wrap.vmf after align.vmf: another digest"

# encode/decode: canonical text round-trips, outputs are never clobbered.
expect_rc 0 "$VMFUZZ" encode "$reg/i386-wrap.vmf" -o "$tmp/w.bin"
expect_rc 0 "$VMFUZZ" decode "$tmp/w.bin" -o "$tmp/w.vmf"
expect_rc 0 "$VMFUZZ" encode "$tmp/w.vmf" -o "$tmp/w2.bin"
cmp -s "$tmp/w.bin" "$tmp/w2.bin" && ok || bad "binary differs after text round trip"
expect_rc 2 "$VMFUZZ" decode "$tmp/w.bin" -o "$tmp/w.vmf"
expect_grep "$tmp/err" 'not overwritten'
expect_rc 0 "$VMFUZZ" run "$tmp/w.bin" "$reg/i386-wrap.vmf"
[ "$(grep -o 'digest=[0-9a-f]*' "$tmp/out" | sort -u | wc -l)" = 1 ] && ok ||
	bad "binary and text forms give different digests"

# Any byte string is a program.
head -c 300 /dev/urandom >"$tmp/random.bin"
"$VMFUZZ" run "$tmp/random.bin" >"$tmp/out" 2>&1
rc=$?
{ [ "$rc" = 0 ] || [ "$rc" = 1 ]; } && ok || bad "random input exited $rc"
expect_rc 0 "$VMFUZZ" bugs
expect_grep "$tmp/out" '^end-check .*\[seed\]'

# Directories: one rule (harness/progfile/walk.h): files at any depth, in strcmp
# order; hidden names, README files and .expect files left out.
mkdir -p "$tmp/w/b/deep" "$tmp/w/.hid"
printf 'meminfo\n' >"$tmp/w/b/deep/z.vmf"
printf 'meminfo\n' >"$tmp/w/a.vmf"
printf 'meminfo\n' >"$tmp/w/.hid/x.vmf"
printf 'not a program\n' >"$tmp/w/README.md"
printf 'ok\n' >"$tmp/w/a.vmf.expect"
expect_rc 0 "$VMFUZZ" run "$tmp/w"
[ "$(grep -o '^[^:]*\.vmf: ok' "$tmp/out" | tr '\n' ' ')" = "$tmp/w/a.vmf: ok $tmp/w/b/deep/z.vmf: ok " ] &&
	ok || bad "directory walk: $(grep ': ok' "$tmp/out")"

# gen: the mutator's generator, the same programs for the same seed.
mkdir "$tmp/g1" "$tmp/g2" "$tmp/g3"
expect_rc 0 "$VMFUZZ" gen 50 "$tmp/g1" 7
expect_rc 0 "$VMFUZZ" gen 50 "$tmp/g2" 7
expect_rc 0 "$VMFUZZ" gen 50 "$tmp/g3" 8
[ "$(cat "$tmp"/g1/* | md5sum)" = "$(cat "$tmp"/g2/* | md5sum)" ] && ok ||
	bad "gen is not deterministic"
[ "$(cat "$tmp"/g1/* | md5sum)" != "$(cat "$tmp"/g3/* | md5sum)" ] && ok ||
	bad "gen ignores its seed"
expect_rc 0 "$VMFUZZ" run "$tmp/g1"
expect_rc 2 "$VMFUZZ" gen 5 "$tmp/g1" 7
expect_grep "$tmp/err" 'not overwritten'

finish cli
