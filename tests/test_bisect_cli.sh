#!/usr/bin/env bash
# `vmfuzz bisect` from the command line: causes, release ranges and exit
# codes on the host; with WORLD=qemu, the confirmation in QEMU too.
set -u
. "$(dirname "$0")/lib.sh"
: "${VMFUZZ:?}" "${SRC:?}"
reg=$SRC/corpora/regress
export TMPDIR=$tmp
host=--host-only
[ "${WORLD:-host}" = qemu ] && host=

expect_rc 1 "$VMFUZZ" bisect $host "$reg/guard-overflow.vmf"
expect_grep "$tmp/out" '^cause: guard-overflow$'
expect_grep "$tmp/out" '^present 2\.6\.0 \.\.\. 2\.6\.11, fixed by Andrea Arcangeli'
expect_rc 1 "$VMFUZZ" bisect $host "$reg/oom-rollback.vmf"
expect_grep "$tmp/out" '^present 2\.6\.9 \.\.\. 2\.6\.17, fixed by Jan Kiszka.*8757d5fa'
# The seed's i386-wrap: guard-overflow, and guard-wrap gives the same title
# in 2.6.12 .. 2.6.27.
expect_rc 1 "$VMFUZZ" bisect $host --bugs=seed "$reg/i386-wrap.vmf"
expect_grep "$tmp/out" '^cause: guard-overflow$'
expect_grep "$tmp/out" '^the same behaviour, through other knobs, in: 2\.6\.12 .* 2\.6\.27$'
# A pair, and a placement knob (ok: exit 0, but a cause).
expect_rc 1 "$VMFUZZ" bisect $host "$reg/align-8-overlap.vmf"
expect_grep "$tmp/out" '^cause: align-overlap\+ioremap-align-8$'
expect_rc 0 "$VMFUZZ" bisect $host "$reg/ioremap-align-8.vmf"
expect_grep "$tmp/out" '^cause: ioremap-align-8$'
# ok even with every knob of both generations: nothing to bisect, exit 0
# (misuse.vmf was this, until a FILE also tried generation 2's knobs:
# double-guard moves its areas).
printf 'a0 = vmalloc 4096\nwrite a0 0 4096\ncheck a0\n' > "$tmp/plain.vmf"
expect_rc 0 "$VMFUZZ" bisect $host "$tmp/plain.vmf"
expect_grep "$tmp/out" 'nothing to bisect'
# A 2.4 bug: its cause, and no 2.6 release profile has it.
expect_rc 1 "$VMFUZZ" bisect $host "$reg/size-bug.vmf"
expect_grep "$tmp/out" '^cause: size-bug$'
expect_grep "$tmp/out" '^releases: no release profile'
# Knobs that do not reproduce it: exit 0 as well.
expect_rc 0 "$VMFUZZ" bisect $host --bugs=no-flush "$reg/guard-wrap.vmf"
# A release profile as the start set.
expect_rc 1 "$VMFUZZ" bisect $host --bugs=2.6.18 "$reg/guard-wrap.vmf"
expect_grep "$tmp/out" '^cause: guard-wrap$'
# vmfuzz bugs: eras, sources, ranges and the release table.
expect_rc 0 "$VMFUZZ" bugs
expect_grep "$tmp/out" '^  era: synthetic'
expect_grep "$tmp/out" '^  releases: 2\.6\.12 \.\. 2\.6\.27$'
expect_grep "$tmp/out" '^  releases: none of 2\.6\.0 \.\. 2\.6\.39 \(see era\)$'
expect_grep "$tmp/out" '^2\.6\.11 +1 X \. X X X \. \. \.'
expect_grep "$tmp/out" '^2\.6\.28 +2 \. \.'
# --bugs=2.6.11 is the seed's code.
expect_rc 1 "$VMFUZZ" run --bugs=2.6.11 "$reg/i386-wrap.vmf"
mv "$tmp/out" "$tmp/release.out"
expect_rc 1 "$VMFUZZ" run --bugs=seed "$reg/i386-wrap.vmf"
cmp -s "$tmp/release.out" "$tmp/out" && ok || bad "2.6.11 differs from seed"
# Usage errors.
expect_rc 2 "$VMFUZZ" bisect
expect_rc 2 "$VMFUZZ" bisect --bugs=2.6.99 "$reg/guard-wrap.vmf"
expect_rc 2 "$VMFUZZ" bisect "$tmp/missing.vmf"
if [ -z "$host" ]; then
	expect_rc 1 "$VMFUZZ" bisect "$reg/end-check.vmf"
	expect_grep "$tmp/out" '^qemu: confirmed'
	# An emulator that cannot run the programs: not confirmed, exit 4.
	VMFUZZ_FIRMWARE=${EMPTY_ELF:?} expect_rc 4 "$VMFUZZ" bisect "$reg/end-check.vmf"
	expect_grep "$tmp/out" '^qemu: could not run'
fi
finish "bisect-cli ${WORLD:-host}"
