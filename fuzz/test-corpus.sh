#!/bin/sh
# Replay one corpus program through the fuzz entry point (fuzz_vmalloc_replay,
# built with ASan/UBSan) and hold it to its header:
#   # knob: NAME                 the knob that brings its bug back
#   # expect-with: BUG: ...      the title with VMFUZZ_BUGS=NAME
#   # expect-without: ok|BUG: .. the outcome with no knobs
# A file without a header must not trip a sanitizer.
#
#   test-corpus.sh REPLAY FILE.vmf SEED
set -u
replay=$1 vmf=$2 seed=$3
err=$(mktemp)
trap 'rm -f "$err"' EXIT

header() {
	sed -n "s/^# $1: *//p" "$vmf" | head -n 1
}

# run KNOBS: exit status in $rc, first stderr line in $title
run() {
	VMFUZZ_BUGS=$1 "$replay" "$seed" 2>"$err"
	rc=$?
	# (ASan's one-time note on CPU 1's swapcontext is not the title)
	title=$(grep -v "^==[0-9]*==WARNING: ASan doesn't fully support makecontext" \
		"$err" | head -n 1)
}

# expect KNOBS OUTCOME: OUTCOME is ok or a BUG title ("ok (placement
# differs)" is ok here: test_corpus compares the digests)
expect() {
	run "$1"
	if [ "$2" = ok ] || [ "$2" = "ok (placement differs)" ]; then
		[ "$rc" -eq 0 ] && return 0
		echo "FAIL: $vmf with knobs '$1': want ok, got exit $rc:"
	else
		[ "$rc" -ne 0 ] && [ "$rc" -ne 2 ] && [ "$title" = "$2" ] &&
			return 0
		echo "FAIL: $vmf with knobs '$1': want '$2', got exit $rc:"
	fi
	cat "$err"
	exit 1
}

knob=$(header knob)
with=$(header expect-with)
without=$(header expect-without)

if [ -n "$without" ]; then
	expect "" "$without"
else
	run ""
	case $rc/$title in
	0/* | 134/BUG:*) ;;
	*) echo "FAIL: $vmf: exit $rc"; cat "$err"; exit 1 ;;
	esac
fi
if [ -n "$knob" ] && [ -n "$with" ]; then
	expect "$knob" "$with"
fi
echo "ok: $vmf${knob:+ (knob $knob: $with)}"
