#!/usr/bin/env bash
# `vmfuzz cov`: line coverage of core/ through the coverage build (built
# next to build/ when missing). Skipped (77) without llvm-cov and clang.
set -u
. "$(dirname "$0")/lib.sh"
: "${VMFUZZ:?}" "${SRC:?}"
for t in llvm-cov llvm-profdata clang meson ninja; do
	command -v "$t" >/dev/null || { echo "cov: no $t, skipped"; exit 77; }
done
reg=$SRC/corpora/regress

printf 'meminfo\n' >"$tmp/meminfo.vmf"
expect_rc 0 "$VMFUZZ" cov --out "$tmp/c1" "$tmp/meminfo.vmf"
expect_grep "$tmp/out" '^core/kernel/vmalloc\.c +[0-9]+ +[0-9]+ +[0-9.]+%$'
expect_grep "$tmp/out" '^TOTAL +[0-9]+ +[0-9]+ +[0-9.]+%$'
[ "$(grep -c '^TOTAL' "$tmp/out")" = 1 ] && ok || bad "more than one TOTAL"
expect_grep "$tmp/out" '^  __vmalloc +[0-9]+ +[0-9]+ +0\.00%$'
expect_grep "$tmp/out" '^  get_vmalloc_info +[0-9]+ +[0-9]+ +[1-9][0-9.]*%$'
[ -s "$tmp/c1/html/index.html" ] && [ -s "$tmp/c1/cov.profdata" ] && ok ||
	bad "no HTML report or profile"

# More programs reach more: __vmalloc and vfree run now.
expect_rc 0 "$VMFUZZ" cov --out "$tmp/c2" "$reg/no-flush.vmf"
expect_grep "$tmp/out" '^  __vmalloc +[0-9]+ +[0-9]+ +[1-9][0-9.]*%$'
expect_grep "$tmp/out" '^  vfree +[0-9]+ +0 +100\.00%$'
# The regression program also ran with its knob: the stale TLB entry.
grep -q 'no-flush.vmf --bugs=no-flush' "$tmp/c2/cov.log" && ok ||
	bad "the regression program did not run with its knob"

# Never overwrites; bad input is exit 2.
expect_rc 2 "$VMFUZZ" cov --out "$tmp/c2" "$reg/no-flush.vmf"
expect_grep "$tmp/err" 'c2 exists, not overwritten'
expect_rc 2 "$VMFUZZ" cov --out "$tmp/c3" "$tmp/nosuch.vmf"
expect_rc 2 "$VMFUZZ" cov --bugs=nosuch --out "$tmp/c4" "$reg"
expect_rc 2 "$VMFUZZ" cov

# Issue 19 item 4: an input error is printed (file and line), exit 2, and
# nothing is left behind, so the next cov into the same --out runs.
printf 'garb\n' >"$tmp/garb.vmf"
expect_rc 2 "$VMFUZZ" cov --out "$tmp/c5" "$tmp/meminfo.vmf" "$tmp/garb.vmf"
expect_grep "$tmp/err" 'garb\.vmf:1: unknown operation'
[ ! -e "$tmp/c5" ] && ok || bad "a failed cov left $tmp/c5 behind"
# A tool that fails after the directory was made: its own words are
# printed, the directory goes again.
mkdir -p "$tmp/bin"
printf '#!/bin/sh\necho "profdata: disk on fire" >&2\nexit 1\n' \
	>"$tmp/bin/llvm-profdata"
chmod +x "$tmp/bin/llvm-profdata"
expect_rc 2 env PATH="$tmp/bin:$PATH" "$VMFUZZ" cov --out "$tmp/c5" \
	"$tmp/meminfo.vmf"
expect_grep "$tmp/err" 'llvm-profdata failed \(exit 1\)'
expect_grep "$tmp/err" 'profdata: disk on fire'
[ ! -e "$tmp/c5" ] && ok || bad "a failed cov left $tmp/c5 behind"
expect_rc 0 "$VMFUZZ" cov --out "$tmp/c5" "$tmp/meminfo.vmf"

finish cov
