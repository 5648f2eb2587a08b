#!/usr/bin/env bash
# Issue 19's adversarial findings 8-11 (input limits and errors): each part
# failed before its fix. Host side only; emulators are fake scripts.
set -u
. "$(dirname "$0")/lib.sh"
: "${VMFUZZ:?}" "${SRC:?}"
VMFUZZ=$(cd "$(dirname "$VMFUZZ")" && pwd)/$(basename "$VMFUZZ")
export TMPDIR=$tmp

# 8. Program files are read up to what can be used: 4096 ops of at most 10
#    bytes for a binary file (the rest cut, with a warning naming the
#    file), 1 MiB for a text one (more is an error). /dev/zero grew past
#    1.3 GB, a 1 GB sparse file cost 1 GB of RSS.
printf 'a0 = vmalloc 4096\n' >"$tmp/one.vmf"
maxrss "$VMFUZZ" run "$tmp/one.vmf"
read -r rc base <"$tmp/rss"
truncate -s 1G "$tmp/sparse.bin"
for f in /dev/zero "$tmp/sparse.bin"; do
	# (the timeout only ends a run that never would: /dev/zero read whole)
	maxrss timeout 120 "$VMFUZZ" run "$f"
	read -r rc rss <"$tmp/rss"
	[ "$rc" = 0 ] && ok || bad "run $f: exit $rc, want 0"
	[ "$rss" -lt $((base + 20000)) ] && ok ||
		bad "run $f: $rss KB of RSS (baseline $base KB)"
	expect_grep "$tmp/out" "^$f: ok digest=[0-9a-f]{16} ops=4096$"
	expect_grep "$tmp/err" "^vmfuzz: warning: $f: only its first 40960 bytes can decode .*; the rest was cut$"
	[ "$(wc -l <"$tmp/err")" = 1 ] && ok || bad "run $f: $(wc -l <"$tmp/err") lines on stderr"
done
# Exactly 40960 bytes: nothing was cut, no warning.
head -c 40960 /dev/zero >"$tmp/full.bin"
expect_rc 0 "$VMFUZZ" run "$tmp/full.bin"
[ ! -s "$tmp/err" ] && ok || bad "40960 bytes warned: $(cat "$tmp/err")"
# A text file past 1 MiB is an error naming it, read no further.
{ echo 'a0 = vmalloc 4096'; head -c 2000000 /dev/zero | tr '\0' '#'; } >"$tmp/big.vmf"
maxrss "$VMFUZZ" run "$tmp/big.vmf"
read -r rc rss <"$tmp/rss"
[ "$rc" = 2 ] && ok || bad "run big.vmf: exit $rc, want 2"
expect_grep "$tmp/err" "^vmfuzz: $tmp/big.vmf: longer than 1048576 bytes, more than a text program can hold"
[ "$rss" -lt $((base + 20000)) ] && ok || bad "run big.vmf: $rss KB of RSS"

# 9. Smaller ones: each error is one line naming what is wrong, exit 2.
# -o EXISTING is refused before any work (min minimized first, and an ok
# program said "nothing to minimize", exit 0); -o '' and --out '' name it.
cp "$tmp/one.vmf" "$tmp/keep.vmf"
expect_rc 2 "$VMFUZZ" min -o "$tmp/keep.vmf" "$SRC/corpora/regress/end-check.vmf"
expect_grep "$tmp/err" "^vmfuzz: $tmp/keep.vmf: File exists \(not overwritten\)$"
cmp -s "$tmp/one.vmf" "$tmp/keep.vmf" && ok || bad "min -o overwrote its output"
expect_rc 2 "$VMFUZZ" min -o "$tmp/keep.vmf" "$tmp/one.vmf"
expect_grep "$tmp/err" "File exists"
expect_rc 2 "$VMFUZZ" decode -o '' "$tmp/one.vmf"
expect_grep "$tmp/err" "^vmfuzz: -o needs a file name, not ''$"
expect_rc 2 "$VMFUZZ" fuzz --out '' --time 1
expect_grep "$tmp/err" "^vmfuzz: fuzz: --out needs a directory, not ''$"
# gen names the directory that is missing (or no directory).
expect_rc 2 "$VMFUZZ" gen 3 "$tmp/missing"
expect_grep "$tmp/err" "^vmfuzz: gen: $tmp/missing: No such file or directory"
expect_rc 2 "$VMFUZZ" gen 3 "$tmp/one.vmf"
expect_grep "$tmp/err" "^vmfuzz: gen: $tmp/one.vmf: Not a directory"
# A TMPDIR that does not exist is named (exit 4: the emulator cannot run).
printf '#!/bin/sh\nexit 1\n' >"$tmp/emu-none"
chmod +x "$tmp/emu-none"
TMPDIR=$tmp/nonexist VMFUZZ_FIRMWARE=/dev/null VMFUZZ_QEMU=$tmp/emu-none \
	expect_rc 4 "$VMFUZZ" qemu "$tmp/one.vmf"
expect_grep "$tmp/err" "cannot create a scratch directory in $tmp/nonexist \(TMPDIR\): No such file"
# cross: a world that did not run is "incomplete" (exit 4), not DISAGREE.
VMFUZZ_FIRMWARE=/dev/null VMFUZZ_QEMU=$tmp/emu-none \
	expect_rc 4 "$VMFUZZ" cross --worlds host,qemu "$tmp/one.vmf"
expect_grep "$tmp/out" "qemu=not-run digest=0+ incomplete$"
grep -q DISAGREE "$tmp/out" && bad "cross: not-run called DISAGREE" || ok

# 10. A `# knob:` header holds every knob (all ten took 128 bytes, and the
#     header was cut at 127); one cut just after a comma dropped the rest
#     silently; one too long for any list is an error, not a shorter list.
all=$("$VMFUZZ" bugs | awk '/^[a-z]/ {print $1}' | paste -sd, -)
mkdir "$tmp/knobs"
hdr() { printf '# knob: %s\n# expect-with: ok\n# expect-without: ok\na0 = vmalloc 4096\n' "$1" >"$tmp/knobs/k.vmf"; }
hdr "$all"
expect_rc 0 "$VMFUZZ" regress --worlds=host "$tmp/knobs"
expect_grep "$tmp/out" "^ok 2 - host: .*/k.vmf --bugs=$all: ok$"
# 8 x "no-flush," + 5 x "guard-wrap," is 127 bytes: ioremap-align-8 was lost.
cut="$(printf 'no-flush,%.0s' 1 2 3 4 5 6 7 8)$(printf 'guard-wrap,%.0s' 1 2 3 4 5)ioremap-align-8"
hdr "$cut"
expect_rc 0 "$VMFUZZ" regress --worlds=host "$tmp/knobs"
expect_grep "$tmp/out" "^ok 2 - host: .*/k.vmf --bugs=${cut}: ok$"
hdr "$(printf 'no-flush,%.0s' $(seq 60))no-flush"
expect_rc 2 "$VMFUZZ" regress --worlds=host "$tmp/knobs"
expect_grep "$tmp/err" "k.vmf:1: # knob: header too long"
# campaign.txt: a long --bugs= kept its vmalloc: line (it was cut at 512
# bytes); the knobs are recorded once each, as `vmfuzz bugs` names them.
if [ -x "$(dirname "$VMFUZZ")/../build-libfuzzer-fast/fuzz/fuzz_vmalloc" ]; then
	long="$(printf 'no-flush,%.0s' $(seq 100))end-check"
	"$VMFUZZ" fuzz --out "$tmp/camp" --time 1 --no-qemu --no-bochs \
		--bugs="$long" --vmalloc=64M >/dev/null 2>&1
	expect_grep "$tmp/camp/campaign.txt" '^vmalloc: 64M$'
	expect_grep "$tmp/camp/campaign.txt" '^bugs: end-check,no-flush$'
else
	echo "input-limits: campaign.txt part skipped (no build-libfuzzer-fast)"
fi

finish input-limits
