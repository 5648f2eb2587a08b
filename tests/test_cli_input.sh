#!/usr/bin/env bash
# Issue 6 on the command line (host side): hostile input is an error (exit 2,
# one line naming file and line), never a silently shorter program; outputs
# fail loudly; every command answers --help. Run against the plain and the
# sanitized (ASan + LeakSanitizer) vmfuzz.
set -u
. "$(dirname "$0")/lib.sh"
: "${VMFUZZ:?}" "${SRC:?}"
export TMPDIR=$tmp
reg=$SRC/corpora/regress

# 2. A NUL (or any byte a text program cannot hold) is an error, not the
#    end of the file.
printf 'a0 = vmalloc 4096\nwrite a0 0 4096\x00\nvfree a0\nvfree a0\n' >"$tmp/nul.vmf"
expect_rc 2 "$VMFUZZ" run "$tmp/nul.vmf"
expect_grep "$tmp/err" "^vmfuzz: $tmp/nul.vmf:2: byte 0x00 at column 16 "
printf 'a0 = vmalloc 4096\nvfree\x01 a0\n' >"$tmp/ctl.vmf"
expect_rc 2 "$VMFUZZ" run "$tmp/ctl.vmf"
expect_grep "$tmp/err" "^vmfuzz: $tmp/ctl.vmf:2: byte 0x01 "
printf 'a0 = vmalloc 4096 # caf\xc3\xa9\r\nvfree a0\r\n' >"$tmp/utf8.vmf"
expect_rc 0 "$VMFUZZ" run "$tmp/utf8.vmf"
expect_grep "$tmp/out" 'utf8.vmf: ok .* ops=2$'

# 7. Slot numbers do not wrap.
printf 'a4294967297 = vmalloc 4096\n' >"$tmp/wrap.vmf"
expect_rc 2 "$VMFUZZ" run "$tmp/wrap.vmf"
expect_grep "$tmp/err" "wrap.vmf:1: 'a4294967297' is not a slot"

finish cli-input
