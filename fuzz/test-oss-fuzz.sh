#!/bin/sh
# Run ci/oss-fuzz-build.sh the way OSS-Fuzz would (libFuzzer + ASan), then
# run the target it built on its own seed corpus: no knobs must mean no
# crash, and the seed's knobs must crash it.
#
#   test-oss-fuzz.sh REPO_ROOT
set -eu
root=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/out" "$tmp/work" "$tmp/corpus"

CC=clang CFLAGS="-fsanitize=address,fuzzer-no-link" \
	LIB_FUZZING_ENGINE=-fsanitize=fuzzer OUT="$tmp/out" WORK="$tmp/work" \
	"$root/ci/oss-fuzz-build.sh"
for f in fuzz_vmalloc fuzz_vmalloc_seed_corpus.zip fuzz_vmalloc.dict \
	fuzz_vmalloc.options; do
	[ -s "$tmp/out/$f" ] || { echo "FAIL: \$OUT/$f missing"; exit 1; }
done
python3 -m zipfile -e "$tmp/out/fuzz_vmalloc_seed_corpus.zip" "$tmp/corpus"
n=$(find "$tmp/corpus" -type f | wc -l)
[ "$n" -gt 0 ] || { echo "FAIL: empty seed corpus"; exit 1; }

"$tmp/out/fuzz_vmalloc" -runs=0 "$tmp/corpus" 2>"$tmp/log" || {
	echo "FAIL: fuzz_vmalloc -runs=0 on the seed corpus"; cat "$tmp/log"
	exit 1
}
if VMFUZZ_BUGS=seed "$tmp/out/fuzz_vmalloc" -runs=0 "$tmp/corpus" \
	2>"$tmp/log"; then
	echo "FAIL: VMFUZZ_BUGS=seed did not crash on the seed corpus"
	exit 1
fi
grep -q '^BUG: ' "$tmp/log" || { echo "FAIL: no BUG title"; cat "$tmp/log"; exit 1; }
echo "ok: $n seeds; VMFUZZ_BUGS=seed: $(grep -m1 '^BUG: ' "$tmp/log")"
