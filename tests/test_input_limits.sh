#!/usr/bin/env bash
# Issue 19's adversarial findings 8-11 (input limits and errors): each part
# failed before its fix. Host side only; emulators are fake scripts.
set -u
. "$(dirname "$0")/lib.sh"
: "${VMFUZZ:?}" "${SRC:?}"
VMFUZZ=$(cd "$(dirname "$VMFUZZ")" && pwd)/$(basename "$VMFUZZ")
export TMPDIR=$tmp

# maxrss CMD...: run CMD (stdout to $tmp/out, stderr to $tmp/err), print
# its exit code and peak RSS in KB into $tmp/rss.
maxrss() {
	python3 -c 'import resource, subprocess, sys
rc = subprocess.run(sys.argv[3:], stdout=open(sys.argv[1], "wb"),
    stderr=open(sys.argv[2], "wb")).returncode
print(rc, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)' \
		"$tmp/out" "$tmp/err" "$@" >"$tmp/rss"
}

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

finish input-limits
