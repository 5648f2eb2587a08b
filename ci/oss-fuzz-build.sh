#!/bin/bash -eu
# OSS-Fuzz / ClusterFuzzLite build of vmfuzz's fuzz target, following the
# OSS-Fuzz build.sh contract: compile with $CC $CFLAGS, link with
# $LIB_FUZZING_ENGINE ($CXX $CXXFLAGS when set, as the engines are C++), and
# put into $OUT:
#   fuzz_vmalloc                  the target + structure-aware mutator
#   fuzz_vmalloc_seed_corpus.zip  binary encodings of corpora/**/*.vmf
#                                 (but corpora/stress/: over max_len)
#   fuzz_vmalloc.dict, fuzz_vmalloc.options
# Sources: $SRC/vmfuzz if it exists, else the repository holding this script.
# No meson needed. Local run:
#   CC=clang CFLAGS=-fsanitize=address,fuzzer-no-link \
#   LIB_FUZZING_ENGINE=-fsanitize=fuzzer OUT=/tmp/out ci/oss-fuzz-build.sh

src=${SRC:-/nonexistent}/vmfuzz
[ -d "$src/core" ] || src=$(cd "$(dirname "$0")/.." && pwd)
work=${WORK:-}
if [ -z "$work" ]; then
	work=$(mktemp -d)
	trap 'rm -rf "$work"' EXIT
fi
obj=$work/vmfuzz-obj
rm -rf "$obj" "$work/vmfuzz-seeds"
mkdir -p "$obj" "$work/vmfuzz-seeds" "$OUT"

incs="-I$src/core/kernel -I$src/core/program -I$src/core/exec -I$src/core/oracle -I$src/core/run -I$src/harness -I$src/harness/machine -I$src/harness/progfile -I$src/fuzz"
defs="-std=gnu11"
cd "$src"

# group NAME: the files of group NAME in ci/sources.txt (meson reads it too).
group() {
	awk -v g="[$1]" '$0 == g { on = 1; next } /^\[/ { on = 0 }
		on && NF && $1 !~ /^#/ { print $1 }' ci/sources.txt
}
mapfile -t core < <(group core_alloc; group core_dispatch; group core_check)
mapfile -t check < <(group core_check)
mapfile -t host < <(group soft_machine)
mapfile -t files < <(group program_files)
mapfile -t fuzz < <(echo fuzz/fuzz_vmalloc.c; echo fuzz/icov.c; echo fuzz/mutator.c; group mutator)
[ "${#core[@]}" -gt 0 ] && [ "${#host[@]}" -gt 0 ] && [ "${#fuzz[@]}" -gt 2 ] || {
	echo "oss-fuzz-build: no source groups in $src/ci/sources.txt" >&2
	exit 1
}

# Only the allocator and the interpreter's dispatch are instrumented: the
# checker, the soft machine and the drivers get no coverage (issue 18).
nocov=-fno-sanitize-coverage=inline-8bit-counters,inline-bool-flag,pc-table,trace-cmp,trace-pc-guard,trace-pc,edge,indirect-calls,trace-div,trace-gep
echo 'int x;' | $CC $nocov -x c -c - -o /dev/null 2>/dev/null || nocov=
for f in "${core[@]}" "${host[@]}" "${fuzz[@]}"; do
	o=$obj/$(echo "${f%.c}" | tr / _).o
	extra=$nocov
	case " ${core[*]:0:$((${#core[@]} - ${#check[@]}))} " in
	*" $f "*) extra= ;;
	esac
	# shellcheck disable=SC2086 # CFLAGS is a list of flags
	$CC $CFLAGS $extra $defs $incs -c "$f" -o "$o"
done
# shellcheck disable=SC2086
${CXX:-$CC} ${CXXFLAGS:-$CFLAGS} "$obj"/*.o $LIB_FUZZING_ENGINE \
	-o "$OUT/fuzz_vmalloc"

# The seed corpus, encoded by a plain (uninstrumented) build of vmf2bin.
# shellcheck disable=SC2086
$CC -O1 $defs $incs "${core[@]}" "${host[@]}" "${files[@]}" fuzz/vmf2bin.c \
	-o "$work/vmf2bin"
find corpora -name '*.vmf' ! -path 'corpora/stress/*' | LC_ALL=C sort |
	xargs "$work/vmf2bin" -o "$work/vmfuzz-seeds"
rm -f "$OUT/fuzz_vmalloc_seed_corpus.zip"
if command -v zip >/dev/null; then
	(cd "$work/vmfuzz-seeds" && zip -q -X "$OUT/fuzz_vmalloc_seed_corpus.zip" ./*)
else
	(cd "$work/vmfuzz-seeds" && python3 -m zipfile \
		-c "$OUT/fuzz_vmalloc_seed_corpus.zip" ./*)
fi
cp fuzz/fuzz_vmalloc.dict fuzz/fuzz_vmalloc.options "$OUT/"
