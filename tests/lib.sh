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

finish() {
	echo "$1: $passed passed, $failed failed"
	[ "$failed" = 0 ]
}
