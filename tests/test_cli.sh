#!/usr/bin/env bash
# The vmfuzz command line on the host: exit codes of DESIGN.md, one-line
# errors naming file and line, format conversion, nothing overwritten.
set -u
. "$(dirname "$0")/lib.sh"
: "${VMFUZZ:?}" "${SRC:?}"
reg=$SRC/corpora/regress

expect_rc 0 "$VMFUZZ" run "$reg/no-flush.vmf"
expect_grep "$tmp/out" '^.*/no-flush.vmf: ok digest=[0-9a-f]{16} ops=4$'
expect_rc 1 "$VMFUZZ" run --bugs=no-flush "$reg/no-flush.vmf"
expect_grep "$tmp/out" '^BUG: freed area still accessible in vfree$'
expect_grep "$tmp/out" 'no-flush.vmf: BUG digest=[0-9a-f]{16} ops=3 \(BUG: '
# --paranoid (the oracle's full sweep after every op): the same verdicts.
"$VMFUZZ" run --bugs=seed "$reg" >"$tmp/inc" 2>&1
"$VMFUZZ" run --paranoid --bugs=seed "$reg" >"$tmp/par" 2>&1
cmp -s "$tmp/inc" "$tmp/par" && ok || bad "--paranoid changed an outcome"
expect_rc 0 "$VMFUZZ" run --trace "$reg/no-flush.vmf"
expect_grep "$tmp/out" '^   3  touch a0 0 -> fault$'

# Usage and input errors: exit 2, one line naming the file and line.
printf 'a0 = vmalloc 8192\nvfree a9x\n' >"$tmp/bad.vmf"
expect_rc 2 "$VMFUZZ" run "$tmp/bad.vmf"
expect_grep "$tmp/err" "^vmfuzz: $tmp/bad.vmf:2: 'a9x' is not a slot \(a0\.\.a15\)$"
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

finish cli
