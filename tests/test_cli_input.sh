#!/usr/bin/env bash
# Issue 6 on the command line (host side): hostile input is an error (exit 2,
# one line naming file and line), never a silently shorter program; outputs
# fail loudly; every command answers --help. Run against the plain and the
# sanitized (ASan + LeakSanitizer) vmfuzz.
set -u
. "$(dirname "$0")/lib.sh"
: "${VMFUZZ:?}" "${SRC:?}"
VMFUZZ=$(cd "$(dirname "$VMFUZZ")" && pwd)/$(basename "$VMFUZZ")
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



# 4. A runaway emulator: only well-formed protocol lines are progress, and
#    what is kept of its output is bounded (head + tail, with a note).
emu() { # emu NAME < BODY: a fake qemu-system-i386 running BODY
	{ echo '#!/bin/sh' && cat; } >"$tmp/emu-$1"
	chmod +x "$tmp/emu-$1"
}
emu begin <<'EOS'
exec yes '@@vmfuzz begin 0'
EOS
emu marks <<'EOS'
printf '@@vmfuzz begin 0\n'; exec yes "$(printf '\036')"
EOS
emu nonl <<'EOS'
printf '@@vmfuzz begin 0\n'; exec tr '\0' x </dev/zero
EOS
printf 'a0 = vmalloc 4096\n' >"$tmp/one.vmf"
maxrss "$VMFUZZ" run "$tmp/one.vmf"
read -r rc base <"$tmp/rss"
for e in begin marks nonl; do
	# The watchdog at 2 s, doubled while it fired before the fake's first
	# line was read (a loaded machine); `timeout 300` only ends a vmfuzz
	# that ignores its own watchdog.
	for t in 2 4 8 16 32; do
		VMFUZZ_FIRMWARE=/dev/null VMFUZZ_QEMU=$tmp/emu-$e VMFUZZ_QEMU_TIMEOUT=$t \
			maxrss timeout 300 "$VMFUZZ" qemu "$tmp/one.vmf"
		grep -q 'started no program' "$tmp/err" || break
	done
	read -r rc rss <"$tmp/rss"
	[ "$rc" = 4 ] && ok || bad "runaway emulator '$e': exit $rc, want 4"
	# (a flood of begins is a protocol error at the second one)
	expect_grep "$tmp/err" "hung .*no progress for $t s|guest protocol error: begin out of order"
	[ "$rss" -lt $((base + 20000)) ] && ok ||
		bad "runaway emulator '$e': $rss KB (baseline $base KB)"
	[ "$(wc -c <"$tmp/out")" -lt 2000000 ] && ok ||
		bad "runaway emulator '$e': $(wc -c <"$tmp/out") bytes kept"
done
# (nonl's endless line is kept cut at 4096 bytes, with its own note)
expect_grep "$tmp/out" '^x{4096}\[vmfuzz: [0-9]+ more bytes of this line not kept\]$'
# 5. gen: COUNT and SEED are whole numbers in range; nothing extra.
mkdir "$tmp/gen"
for args in "-1" "18446744073709551617" "0" "1x" "+2" "2 SEED" "2 -3" \
	"2 18446744073709551616" "2 1 extra"; do
	# shellcheck disable=SC2086 # split on purpose: COUNT [SEED [...]]
	set -- $args
	# (refused before any work: `timeout 60` only ends a gen that took a
	# wrapped COUNT and writes files forever)
	expect_rc 2 timeout 60 "$VMFUZZ" gen "$1" "$tmp/gen" "${@:2}"
	expect_grep "$tmp/err" '^vmfuzz: gen: (bad COUNT|bad SEED|unexpected)'
done
[ -z "$(ls "$tmp/gen")" ] && ok || bad "gen wrote files on bad arguments"
expect_rc 0 "$VMFUZZ" gen 2 "$tmp/gen" 0x10
[ "$(ls "$tmp/gen" | tr '\n' ' ')" = "gen-16-00000.bin gen-16-00001.bin " ] &&
	ok || bad "gen 2 DIR 0x10 wrote: $(ls "$tmp/gen")"
# 7. SIGKILL of `vmfuzz qemu` leaves no scratch directory (nor emulator).
# The fake and the watchdog last 600 s: only the kill ends this run. The
# polls (0.1 s steps, 60 s bound) wait for events; the bound only ends a
# run whose vmfuzz never starts or never cleans up.
# (it execs a copy of sleep, so that pgrep finds it by its path)
cp "$(command -v sleep)" "$tmp/sleep-bin"
emu sleep <<'EOS'
printf '@@vmfuzz begin 0\n'; exec "$(dirname "$0")/sleep-bin" 600
EOS
mkdir "$tmp/scratch"
TMPDIR=$tmp/scratch VMFUZZ_FIRMWARE=/dev/null VMFUZZ_QEMU=$tmp/emu-sleep \
	VMFUZZ_QEMU_TIMEOUT=600 "$VMFUZZ" qemu "$tmp/one.vmf" >/dev/null 2>&1 &
pid=$!
for _ in $(seq 600); do
	[ -n "$(ls "$tmp/scratch")" ] && pgrep -f "$tmp/sleep-bin" >/dev/null && break
	sleep 0.1
done
[ -n "$(ls "$tmp/scratch")" ] && ok || bad "no scratch directory seen"
kill -9 "$pid"
wait "$pid" 2>/dev/null
for _ in $(seq 600); do
	[ -z "$(ls "$tmp/scratch")" ] && break
	sleep 0.1
done
[ -z "$(ls "$tmp/scratch")" ] && ok || bad "left after SIGKILL: $(ls "$tmp/scratch")"
wait_gone "$tmp/sleep-bin" && ok || bad "emulator left running"
# Adversarial 1 and 10 of issue 19: a begin past the batch, or any malformed
# protocol line, is exit 4 with the line quoted (it wrote past the results).
for body in 'begin 0\n@@vmfuzz end 0 ok 0000000000000000 1 \n@@vmfuzz begin 1\n@@vmfuzz end 1 BUG 0000000000000000 1 BUG: x in y' \
	'begin +0' 'begin 4294967296' 'begin 0\n@@vmfuzz end 0 okay 0000000000000000 1 ' \
	'begin 0\n@@vmfuzz end 0 ok 00000000000000000 1 ' \
	'begin 0\n@@vmfuzz end 4294967296 ok 0000000000000000 1 '; do
	printf "printf '@@vmfuzz %s\\n@@vmfuzz done\\n'\n" "$body" | emu proto
	VMFUZZ_FIRMWARE=/dev/null VMFUZZ_QEMU=$tmp/emu-proto expect_rc 4 "$VMFUZZ" qemu "$tmp/one.vmf"
	expect_grep "$tmp/err" "guest protocol error: .*'@@vmfuzz (begin|end) "
done
# 7. Small ones.
# A signal-killed emulator is named by its signal.
emu kill <<'EOS'
kill -SEGV $$
EOS
VMFUZZ_FIRMWARE=/dev/null VMFUZZ_QEMU=$tmp/emu-kill expect_rc 4 "$VMFUZZ" qemu "$tmp/one.vmf"
expect_grep "$tmp/err" 'killed by signal 11 \(SIGSEGV\)\) before any program'
# A binary program of 40 MB runs in QEMU: only the bytes that decode go.
head -c 40000000 /dev/zero >"$tmp/huge.bin"
emu echo <<'EOS'
for a; do case $a in *bundle) f=${a% bundle} ;; esac; done
printf '@@vmfuzz begin 0\n@@vmfuzz end 0 BUG 0000000000000000 1 BUG: bundle of %s bytes\n' "$(wc -c <"$f")"
EOS
VMFUZZ_FIRMWARE=/dev/null VMFUZZ_QEMU=$tmp/emu-echo expect_rc 1 "$VMFUZZ" qemu "$tmp/huge.bin"
size=$(sed -n 's/.*(BUG: bundle of \([0-9]*\) bytes)$/\1/p' "$tmp/out")
# (at most VMF_MAX_OPS = 4096 ops of at most VMF_OP_MAX_BYTES = 10 bytes)
[ "${size:-0}" -gt 8 ] && [ "$size" -le 40980 ] && ok ||
	bad "a 40 MB program made a bundle of '$size' bytes"
# -o is refused where it would be ignored; -- ends the options.
for cmd in run qemu cross; do
	expect_rc 2 "$VMFUZZ" "$cmd" -o "$tmp/o.txt" "$tmp/one.vmf"
	expect_grep "$tmp/err" "-o is for encode, decode and min"
done
cp "$tmp/one.vmf" "$tmp/--trace"
expect_rc 0 env -C "$tmp" "$VMFUZZ" run -- one.vmf --trace
expect_grep "$tmp/out" '^--trace: ok digest='
expect_rc 2 "$VMFUZZ" run --frob "$tmp/one.vmf"
# A full stdout is an error, with a message.
expect_rc 2 sh -c '"$0" run "$1" >/dev/full' "$VMFUZZ" "$tmp/one.vmf"
expect_grep "$tmp/err" '^vmfuzz: cannot write to stdout: No space left on device$'
expect_rc 2 sh -c '"$0" decode "$1" >/dev/full' "$VMFUZZ" "$tmp/one.vmf"
expect_grep "$tmp/err" 'No space left on device'
# A file name cannot forge a result line; a symlink loop says so.
nl=$tmp/$'x\ny: ok digest=0000000000000000 ops=1'
cp "$tmp/one.vmf" "$nl.vmf"
expect_rc 0 "$VMFUZZ" run "$nl.vmf"
[ "$(wc -l <"$tmp/out")" = 1 ] && ok || bad "a name made $(wc -l <"$tmp/out") lines"
expect_grep "$tmp/out" 'x\\ny: ok digest=0+ ops=1\.vmf: ok digest='
ln -s "$tmp/loop" "$tmp/loop"
expect_rc 2 "$VMFUZZ" run "$tmp/loop"
expect_grep "$tmp/err" 'loop: Too many levels of symbolic links$'
# Every command answers -h/--help (exit 0); --version names the catalogue.
for cmd in run qemu cross encode decode bugs min triage fuzz gen; do
	expect_rc 0 "$VMFUZZ" "$cmd" -h
	expect_grep "$tmp/out" "^  $cmd "
	expect_rc 0 "$VMFUZZ" "$cmd" --help
done
expect_rc 0 "$VMFUZZ" --help
expect_rc 0 "$VMFUZZ" --version
expect_grep "$tmp/out" '^vmfuzz [0-9]+\.[0-9]+'
expect_grep "$tmp/out" '^knob catalogue: [0-9]+ knobs, revision [0-9a-f]{16}$'
# 8. QEMU reads no user config and runs under seccomp (-sandbox on); one
#    built without seccomp is booted without it, saying so.
emu args <<'EOS'
printf '%s\n' "$@" >"$(dirname "$0")/args"
case " $* " in *" -sandbox "*) [ -n "$NOSECCOMP" ] &&
	echo "qemu-system-i386: -sandbox on: seccomp support is disabled" >&2 &&
	exit 1 ;; esac
printf '@@vmfuzz begin 0\n@@vmfuzz end 0 ok 0000000000000000 1 \n'
EOS
VMFUZZ_FIRMWARE=/dev/null VMFUZZ_QEMU=$tmp/emu-args expect_rc 0 "$VMFUZZ" qemu "$tmp/one.vmf"
expect_grep "$tmp/args" '^-no-user-config$'
grep -A1 -x -- -sandbox "$tmp/args" | grep -q '^on,.*spawn=deny' && ok ||
	bad "no -sandbox on: $(tr '\n' ' ' <"$tmp/args")"
NOSECCOMP=1 VMFUZZ_FIRMWARE=/dev/null VMFUZZ_QEMU=$tmp/emu-args expect_rc 0 "$VMFUZZ" qemu "$tmp/one.vmf"
expect_grep "$tmp/err" 'no -sandbox here .*seccomp support is disabled'
finish cli-input
