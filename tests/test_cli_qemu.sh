#!/usr/bin/env bash
# The QEMU executor from the command line: same output as `run`, `cross`
# exit codes, and exit 4 with a clear reason (and no QEMU left behind) when
# the emulator is missing or hangs.
set -u
. "$(dirname "$0")/lib.sh"
: "${VMFUZZ:?}" "${SRC:?}"
reg=$SRC/corpora/regress
export TMPDIR=$tmp

expect_rc 0 "$VMFUZZ" run --trace "$reg/i386-array-1024.vmf" "$reg/no-flush.vmf"
mv "$tmp/out" "$tmp/host.out"
expect_rc 0 "$VMFUZZ" qemu --trace "$reg/i386-array-1024.vmf" "$reg/no-flush.vmf"
cmp -s "$tmp/host.out" "$tmp/out" && ok || bad "qemu output differs from run: $(diff "$tmp/host.out" "$tmp/out" | head -5)"
expect_rc 1 "$VMFUZZ" qemu --bugs=oom-rollback "$reg/oom-rollback.vmf"
expect_grep "$tmp/out" '^BUG: double-free or invalid-free in __vunmap$'

expect_rc 0 "$VMFUZZ" cross --worlds host,qemu "$reg"
expect_grep "$tmp/out" 'no-flush.vmf: host=ok digest=([0-9a-f]{16}) qemu=ok digest=\1 agree$'
expect_rc 1 "$VMFUZZ" cross --worlds host,qemu --bugs=end-check "$reg/end-check.vmf"
expect_grep "$tmp/out" 'host=BUG .* qemu=BUG .* agree \(BUG: vm area outside'

# The strict-TLB class on real paging: 12 MB written through vmalloc_32
# pages before the stale touch. QEMU's TLB evicts the entry (explained) or,
# should it ever keep it, agrees; either way exit 1 for the BUG, never 3.
expect_rc 1 "$VMFUZZ" cross --worlds host,qemu --bugs=no-flush "$SRC/tests/data/tlb-evicted.vmf"
expect_grep "$tmp/out" 'host=BUG .* (agree|explained) \(BUG: freed area still accessible in vfree\)'

# vmalloc= reaches the firmware: the same map in both worlds.
expect_rc 0 "$VMFUZZ" cross --worlds host,qemu --vmalloc=256M "$reg"
# (0x7000000 fits in 245752 kB: the end-check program is ok there.)
expect_rc 0 "$VMFUZZ" qemu --vmalloc=256M --bugs=end-check "$reg/end-check.vmf"
expect_grep "$tmp/out" '^VmallocTotal:   245752 kB$'

# A kernel that exits before any program: exit 4, and why.
VMFUZZ_FIRMWARE=${EMPTY_ELF:?} expect_rc 4 "$VMFUZZ" qemu "$reg/no-flush.vmf"
expect_grep "$tmp/err" 'ended \(exit status [0-9]+\) before any program'

# A guest that never finishes (vmfuzz-hang.elf begins program 0, then
# spins): exit 4, the program marked, QEMU gone. The watchdog starts at 1 s
# and grows while QEMU had not even booted (watchdog_rc, lib.sh).
VMFUZZ_FIRMWARE=${HANG_ELF:?} watchdog_rc 4 VMFUZZ_QEMU_TIMEOUT "$VMFUZZ" qemu "$reg/no-flush.vmf"
expect_grep "$tmp/err" "program 0 .*hung before its first op \(timeout: no progress for $(cat "$tmp/watchdog") s\)"
wait_gone "qemu-system-i386.*$tmp" && ok || bad "QEMU left running"

# No emulator on PATH: exit 4 and what to install.
PATH=/nonexistent expect_rc 4 "$VMFUZZ" qemu "$reg/no-flush.vmf"
expect_grep "$tmp/err" 'qemu-system-i386'

finish cli-qemu
