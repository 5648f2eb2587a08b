#!/usr/bin/env bash
# `meson install` into a DESTDIR gives a working tool, away from the source
# and build trees: --version names the installed parts, `regress` of the
# installed corpora, `qemu` on a program; with the libFuzzer build
# installed into the same DESTDIR, a 5 s campaign finds its engine in
# libexec/vmfuzz/libfuzzer-fast/. Skips (77) without the firmware or QEMU;
# the campaign part is skipped (with a message) without build-libfuzzer-fast/.
# env: BUILD (this build dir), SRC (source root), optional FUZZ_BUILD.
set -u
. "$(dirname "$0")/lib.sh"
: "${BUILD:?}" "${SRC:?}"
FUZZ_BUILD=${FUZZ_BUILD:-$SRC/build-libfuzzer-fast}
skip() { echo "test_install: skipped: $*"; exit 77; }
[ -f "$BUILD/vmfuzz.elf" ] || skip "no firmware in $BUILD (cross build)"
command -v qemu-system-i386 >/dev/null 2>&1 || skip "no qemu-system-i386"
# Nothing may point the installed vmfuzz at the build tree.
for v in $(env | sed -n 's/^\(VMFUZZ_[A-Z_]*\)=.*/\1/p'); do unset "$v"; done

dest=$tmp/dest
expect_rc 0 meson install -C "$BUILD" --no-rebuild --destdir "$dest"
bin=$(find "$dest" -path '*/bin/vmfuzz' -type f | head -1)
[ -x "$bin" ] || { bad "no bin/vmfuzz under $dest"; finish test_install; exit; }
prefix=$(cd "$(dirname "$bin")/.." && pwd)
for f in libexec/vmfuzz/vmfuzz.elf libexec/vmfuzz/vmfuzz-boot.img \
	libexec/vmfuzz/vmfuzz-empty.elf libexec/vmfuzz/vmfuzz-reset.elf \
	libexec/vmfuzz/vmfuzz-hang.elf share/vmfuzz/fuzz_vmalloc.dict \
	share/vmfuzz/fuzz_vmalloc.options share/vmfuzz/corpora/regress; do
	[ -e "$prefix/$f" ] && ok || bad "not installed: $f"
done

# From another directory, with the build and source trees out of sight.
work=$tmp/elsewhere
mkdir -p "$work"
cd "$work" || exit 1
export TMPDIR=$tmp
expect_rc 0 "$bin" --version
expect_grep "$tmp/out" "^firmware: $prefix/libexec/vmfuzz/vmfuzz.elf \(installed\)$"
expect_grep "$tmp/out" "^bochs floppy: $prefix/libexec/vmfuzz/vmfuzz-boot.img \(installed\)$"
expect_grep "$tmp/out" "^corpora: $prefix/share/vmfuzz/corpora \(installed\)$"
grep -q "$SRC\|$BUILD" "$tmp/out" && bad "--version names the tree: $(grep "$SRC\|$BUILD" "$tmp/out")" || ok
# An environment override still comes first.
VMFUZZ_FIRMWARE=/nowhere/fw.elf expect_rc 0 "$bin" --version
expect_grep "$tmp/out" '^firmware: /nowhere/fw.elf \(\$VMFUZZ_FIRMWARE, missing\)$'

cp -r "$prefix/share/vmfuzz/corpora" corpora
expect_rc 0 "$bin" regress --worlds host,qemu corpora/regress
expect_grep "$tmp/out" '^# [0-9]+ programs, [0-9]+ runs, 2 worlds: 0 broken, 0 disagree(, [0-9]+ explained)?$'
expect_rc 1 "$bin" qemu --bugs=end-check corpora/regress/end-check.vmf
expect_grep "$tmp/out" '^BUG: vm area outside vmalloc range'
expect_rc 0 "$bin" qemu corpora/seed/basic.vmf
expect_grep "$tmp/out" 'basic.vmf: ok digest=[0-9a-f]{16}'

if [ -x "$FUZZ_BUILD/fuzz/fuzz_vmalloc" ] && [ -f "$FUZZ_BUILD/fuzz/fuzz_vmalloc.dict" ]; then
	expect_rc 0 meson install -C "$FUZZ_BUILD" --no-rebuild --destdir "$dest"
	lf=$prefix/libexec/vmfuzz/libfuzzer-fast
	[ -x "$lf/fuzz_vmalloc" ] && ok || bad "no $lf/fuzz_vmalloc"
	[ -x "$lf/fuzz_vmalloc_raw" ] && ok || bad "no $lf/fuzz_vmalloc_raw"
	[ -x "$prefix/bin/vmfuzz" ] && cmp -s "$bin" "$BUILD/vmfuzz" && ok ||
		bad "the fuzz build replaced bin/vmfuzz"
	expect_rc 0 "$bin" --version
	expect_grep "$tmp/out" "^engine libfuzzer-fast: $lf/fuzz_vmalloc \(installed\)$"
	# (--time 5, justified: what is checked is set up before the engine
	# runs an input: the seeded corpus, campaign.txt, and the "Dictionary:"
	# line libFuzzer prints while it starts)
	expect_rc 0 "$bin" fuzz --time 5 --no-bochs --out camp
	# With no knob a BUG is the oracle's false alarm: say which one.
	grep -h '^title:\|^example:' camp/crashes/*/meta.txt 2>/dev/null >&2
	cat camp/crashes/*/repro.vmf 2>/dev/null >&2
	[ -s camp/campaign.txt ] && ok || bad "no camp/campaign.txt"
	ls camp/corpus | grep -q . && ok || bad "empty camp/corpus"
	# seeded from the installed corpora, fuzzed with the installed dict
	expect_grep "$tmp/out" "^seeded camp/corpus with [0-9]+ programs"
	grep -rqsE '^Dictionary: [1-9][0-9]* entries' camp/logs && ok ||
		bad "libFuzzer loaded no dictionary (share/vmfuzz)"
else
	echo "test_install: campaign part skipped: no $FUZZ_BUILD/fuzz/fuzz_vmalloc (ci/setup)"
fi
finish test_install
