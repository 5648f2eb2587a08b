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

finish() {
	echo "$1: $passed passed, $failed failed"
	[ "$failed" = 0 ]
}
