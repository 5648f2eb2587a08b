#!/usr/bin/env bash
# What is kept of a guest's output (issue 19, findings 10): a fake
# qemu-system-i386 (VMFUZZ_QEMU) prints the text, `vmfuzz qemu` shows
# what the parser kept of it.
set -u
. "$(dirname "$0")/lib.sh"
: "${VMFUZZ:?}"

emu() { # emu NAME < BODY: a fake qemu-system-i386 running BODY
	{ echo '#!/bin/sh' && cat; } >"$tmp/emu-$1"
	chmod +x "$tmp/emu-$1"
}
qemu() { # qemu NAME: `vmfuzz qemu` of one program under fake NAME
	VMFUZZ_FIRMWARE=/dev/null VMFUZZ_QEMU=$tmp/emu-$1 \
		expect_rc 1 "$VMFUZZ" qemu "$tmp/one.vmf"
}
printf 'a0 = vmalloc 4096\n' >"$tmp/one.vmf"
end='@@vmfuzz end 0 BUG 0123456789abcdef 1 BUG: fake in fake\n@@vmfuzz done\n'

# One line over GUEST_LINE_MAX (4096) is kept cut, in its place in the
# 1 MiB head: the 5,000 short lines after it (about 350 KB) all stay in
# the head too, none goes to the 64 KiB tail.
emu long <<EOS
printf '@@vmfuzz begin 0\n'
head -c 5000 /dev/zero | tr '\0' x; echo
seq -f 'short line %g of the guest output after a long line, padded to 70' 5000
printf '$end'
EOS
qemu long
[ "$(grep -c '^short line [0-9]* of the guest' "$tmp/out")" = 5000 ] && ok ||
	bad "$(grep -c '^short line' "$tmp/out") of 5000 short lines kept"
grep -q 'bytes of guest output not kept' "$tmp/out" &&
	bad "output dropped: $(grep 'not kept' "$tmp/out")" || ok
expect_grep "$tmp/out" '^x{4096}\[vmfuzz: 904 more bytes of this line not kept\]$'
expect_grep "$tmp/out" '^short line 5000 of the guest'

# A NUL byte does not cut the text (it is used as a C string later): it is
# written "\0", and the rest of the BUG report is kept.
emu nul <<EOS
printf '@@vmfuzz begin 0\nBUG: fake in fake\nbefore\000after the NUL\n'
printf 'the rest of the report\n'
printf '$end'
EOS
qemu nul
expect_grep "$tmp/out" '^before\\0after the NUL$'
expect_grep "$tmp/out" '^the rest of the report$'
expect_grep "$tmp/out" 'BUG digest=0123456789abcdef ops=1 \(BUG: fake in fake\)'

finish guest-output
