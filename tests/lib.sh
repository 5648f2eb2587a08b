# Shared by the shell tests: expect_rc, expect_grep, and the closing line.
# shellcheck shell=bash
passed=0
failed=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL: $*" >&2; }

# expect_rc WANT CMD...: run CMD (output in $tmp/out, $tmp/err), check rc.
expect_rc() {
	local want=$1 rc
	shift
	"$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ "$rc" = "$want" ]; then ok; else bad "$* exited $rc, want $want: $(head -c 300 "$tmp/err")"; fi
}

# expect_grep FILE PATTERN: FILE has a line matching PATTERN (grep -E).
expect_grep() {
	if grep -qE -- "$2" "$1"; then ok; else bad "$1 lacks /$2/: $(head -c 300 "$1")"; fi
}

# wait_gone PATTERN: wait until no process matches `pgrep -f PATTERN`;
# 1 if one still does after 30 s. Not a race with the clock: a process that
# is being killed goes at once, the bound only ends a test whose cleanup is
# really broken (its message then says so).
wait_gone() {
	local i
	for i in $(seq 300); do
		pgrep -f -- "$1" >/dev/null || return 0
		sleep 0.1
	done
	return 1
}

# watchdog_rc WANT VAR CMD...: like expect_rc, for a guest that hangs: CMD
# runs with the emulator's per-step watchdog VAR (VMFUZZ_QEMU_TIMEOUT or
# VMFUZZ_BOCHS_TIMEOUT) at 1 s, then 2, 4 ... 64 s for as long as the
# watchdog fired before the emulator had even begun program 0 ("started no
# program"): the test then sees the guest's hang, not a slow boot, on any
# machine, and a fast one pays 1 s. $tmp/watchdog holds the last VAR value.
watchdog_rc() {
	local want=$1 var=$2 t rc
	shift 2
	for t in 1 2 4 8 16 32 64; do
		env "$var=$t" "$@" >"$tmp/out" 2>"$tmp/err"
		rc=$?
		grep -q 'timeout: the firmware started no program' "$tmp/err" || break
	done
	echo "$t" >"$tmp/watchdog"
	if [ "$rc" = "$want" ]; then ok; else bad "$var=$t $* exited $rc, want $want: $(head -c 300 "$tmp/err")"; fi
}

finish() {
	echo "$1: $passed passed, $failed failed"
	[ "$failed" = 0 ]
}

# maxrss CMD...: run CMD (stdout to $tmp/out, stderr to $tmp/err), print
# its exit code and peak RSS in KB into $tmp/rss.
maxrss() {
	python3 -c 'import resource, subprocess, sys
rc = subprocess.run(sys.argv[3:], stdout=open(sys.argv[1], "wb"),
    stderr=open(sys.argv[2], "wb")).returncode
print(rc, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)' \
		"$tmp/out" "$tmp/err" "$@" >"$tmp/rss"
}
