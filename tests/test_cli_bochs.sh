#!/usr/bin/env bash
# The Bochs executor from the command line: the same output as `run` and
# `qemu`, exit codes 0/1/2/4, three worlds in `cross`, a clear reason (and
# no Bochs, no scratch directory left behind) when Bochs is missing, hangs
# or the guest resets. Skipped (77) when Bochs is not installed.
set -u
. "$(dirname "$0")/lib.sh"
: "${VMFUZZ:?}" "${SRC:?}"
reg=$SRC/corpora/regress
export TMPDIR=$tmp
command -v bochs-bin >/dev/null || { echo "cli-bochs: skipped (no bochs-bin)"; exit 77; }

# no_leftovers WHAT: no Bochs of ours (its cwd under $tmp), no scratch dir.
no_leftovers() {
	local p i left
	# A Bochs being killed goes at once; 30 s only bounds a broken cleanup.
	for i in $(seq 300); do
		left=
		for p in $(pgrep -x bochs-bin); do
			case "$(readlink "/proc/$p/cwd" 2>/dev/null)" in
			"$tmp"/*) left=$p ;;
			esac
		done
		[ -z "$left" ] && break
		sleep 0.1
	done
	[ -z "$left" ] && ok || { bad "$1: Bochs $left left running"; return; }
	[ -z "$(ls -d "$tmp"/vmfuzz.* 2>/dev/null)" ] && ok || bad "$1: scratch directory left"
}

# 0: the same trace and summary lines as run.
expect_rc 0 "$VMFUZZ" run --trace "$reg/i386-array-1024.vmf" "$reg/no-flush.vmf"
mv "$tmp/out" "$tmp/host.out"
expect_rc 0 "$VMFUZZ" bochs --trace "$reg/i386-array-1024.vmf" "$reg/no-flush.vmf"
cmp -s "$tmp/host.out" "$tmp/out" && ok || bad "bochs output differs from run: $(diff "$tmp/host.out" "$tmp/out" | head -5)"
no_leftovers ok

# 1: a BUG, with the same title and digest as run.
expect_rc 1 "$VMFUZZ" run --bugs=seed "$reg/end-check.vmf"
mv "$tmp/out" "$tmp/host.out"
expect_rc 1 "$VMFUZZ" bochs --bugs=seed "$reg/end-check.vmf"
cmp -s "$tmp/host.out" "$tmp/out" && ok || bad "bochs BUG report differs from run"
expect_grep "$tmp/out" '^BUG: vm area outside vmalloc range in get_vm_area$'

# 2: usage and input errors, before Bochs starts.
expect_rc 2 "$VMFUZZ" bochs
expect_rc 2 "$VMFUZZ" bochs --bugs=nosuch "$reg/no-flush.vmf"
expect_grep "$tmp/err" "unknown bug knob 'nosuch'"
printf 'a0 = vmalloc\n' >"$tmp/bad.vmf"
expect_rc 2 "$VMFUZZ" bochs "$tmp/bad.vmf"
expect_grep "$tmp/err" 'bad.vmf:1'

# 4: Bochs missing: one line naming the packages.
VMFUZZ_BOCHS=/nonexistent/bochs-bin expect_rc 4 "$VMFUZZ" bochs "$reg/no-flush.vmf"
expect_grep "$tmp/err" 'apt-get install bochs bochsbios vgabios bochs-term'
[ "$(wc -l <"$tmp/err")" = 1 ] && ok || bad "missing bochs: more than one line"

# 4: a kernel that shuts down before any program.
VMFUZZ_FIRMWARE=${EMPTY_ELF:?} expect_rc 4 "$VMFUZZ" bochs "$reg/no-flush.vmf"
expect_grep "$tmp/err" 'ended \(exit status 1\) before any program.*Shutdown port'

# 4: a guest that triple-faults (a boot sector: lidt with limit 0, int3).
{ printf '\xfa\x0f\x01\x1e\x10\x7c\xcc\xeb\xfe'; head -c 501 /dev/zero; printf '\x55\xaa'; } >"$tmp/tf.img"
truncate -s 1474560 "$tmp/tf.img"
VMFUZZ_BOCHS_BOOT=$tmp/tf.img expect_rc 4 "$VMFUZZ" bochs "$reg/no-flush.vmf"
expect_grep "$tmp/err" '3rd \(13\) exception with no resolution'
rm -f "$tmp/tf.img"
no_leftovers reset

# 4: a program that triple-faults the guest is a reset, named.
VMFUZZ_FIRMWARE=${RESET_ELF:?} expect_rc 4 "$VMFUZZ" bochs "$reg/no-flush.vmf" "$reg/end-check.vmf"
expect_grep "$tmp/out" 'no-flush.vmf: reset digest=0{16} ops=0$'
expect_grep "$tmp/err" 'program 0 \(.*no-flush.vmf\) reset the guest before its first op .*3rd \(13\) exception'
no_leftovers reset-in-program

# 4: no progress before the watchdog: Bochs stopped, nothing left. The
# guest (vmfuzz-hang.elf) begins program 0 and then spins forever, so the
# watchdog fires however fast Bochs is; it starts at 1 s and grows while
# Bochs had not even booted (watchdog_rc, lib.sh), so the hang is program 0's.
VMFUZZ_FIRMWARE=${HANG_ELF:?} watchdog_rc 4 VMFUZZ_BOCHS_TIMEOUT "$VMFUZZ" bochs "$reg/no-flush.vmf"
expect_grep "$tmp/err" "program 0 .*hung before its first op \(timeout: no progress for $(cat "$tmp/watchdog") s\)"
no_leftovers hang

# cross: three worlds by default; a missing emulator is skipped and named.
expect_rc 0 "$VMFUZZ" cross "$reg/no-flush.vmf"
expect_grep "$tmp/out" 'no-flush.vmf: host=ok digest=([0-9a-f]{16}) qemu=ok digest=\1 bochs=ok digest=\1 agree$'
expect_rc 1 "$VMFUZZ" cross --worlds host,bochs --bugs=no-flush "$reg/no-flush.vmf"
expect_grep "$tmp/out" 'host=BUG digest=([0-9a-f]{16}) bochs=BUG digest=\1 agree \(BUG: freed area'
VMFUZZ_BOCHS=/nonexistent/bochs-bin expect_rc 4 "$VMFUZZ" cross --worlds host,bochs "$reg/no-flush.vmf"
VMFUZZ_BOCHS=/nonexistent/bochs-bin expect_rc 0 "$VMFUZZ" cross "$reg/no-flush.vmf"
expect_grep "$tmp/err" 'bochs skipped'
expect_rc 2 "$VMFUZZ" cross --worlds host,nosuch "$reg/no-flush.vmf"

# A batch bigger than one optramimage takes (128 KB): 6 programs of 27 KB
# each must all read what they read alone (past 128 KB they read zeros).
mkdir "$tmp/big"
for i in 0 1 2 3 4 5; do
	cp "$SRC/corpora/stress/random_size.vmf" "$tmp/big/r$i.vmf"
done
want=$("$VMFUZZ" run "$tmp/big/r0.vmf" | sed -n 's/.*: \(ok digest=.*\)$/\1/p')
expect_rc 0 "$VMFUZZ" bochs "$tmp/big"
n=$(grep -c "/r[0-5].vmf: $want\$" "$tmp/out")
[ "$n" = 6 ] && ok || bad "a 164 KB batch: $n of 6 programs read whole"

# Bochs loads an optramimage only up to the end of its 128 KB memory block:
# from the bundle's address, 124 KB. 1100 generated programs (131 KB) read
# zeros from the 1031st on with a 128 KB limit: all must agree with the host.
mkdir "$tmp/gen"
"$VMFUZZ" gen 1100 "$tmp/gen" 1 >/dev/null
"$VMFUZZ" run "$tmp/gen" >"$tmp/gen-host.txt"
"$VMFUZZ" bochs "$tmp/gen" >"$tmp/gen-bochs.txt"
grep -E ': (ok|BUG) digest=' "$tmp/gen-host.txt" >"$tmp/gen-host.res"
grep -E ': (ok|BUG) digest=' "$tmp/gen-bochs.txt" >"$tmp/gen-bochs.res"
[ "$(wc -l <"$tmp/gen-host.res")" = 1100 ] && ok || bad "gen: $(wc -l <"$tmp/gen-host.res") host results"
cmp -s "$tmp/gen-host.res" "$tmp/gen-bochs.res" && ok ||
	bad "a 131 KB batch of 1100 programs: bochs differs from the host"

finish cli-bochs
