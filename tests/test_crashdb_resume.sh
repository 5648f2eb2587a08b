#!/usr/bin/env bash
# Issue 19, adversarial findings 2, 3, 7, 9 and 10 on the crash database:
# the repro files on disk are the truth, known-titles.txt, triaged.txt and
# meta.txt are caches. A resume rebuilds the crash db from the crash
# directories (a deleted one is found again, a damaged meta.txt rebuilt, a
# backup copy ignored), and bisect / promote of a crash directory copied
# out of its campaign use the knobs recorded with the crash. Host only: the
# engine is a fake libFuzzer target that exits at once, the raw crash files
# are made by hand.
set -u
. "$(dirname "$0")/lib.sh"
: "${VMFUZZ:?}" "${SRC:?}"
export TMPDIR=$tmp
reg=$SRC/corpora/regress
out=$tmp/c
T_END="BUG: vm area outside vmalloc range in get_vm_area"

mkdir -p "$tmp/lf"
printf '#!/bin/sh\nexec sleep 30\n' >"$tmp/lf/fuzz_vmalloc"
chmod +x "$tmp/lf/fuzz_vmalloc"
export VMFUZZ_LIBFUZZER_DIR=$tmp/lf

# Three raw crash files of three knobs, written "during" the run (mtime in
# the future), so that first_seen_s is not 0.
mkdir -p "$out/raw-crashes"
for p in end-check guard-overflow meminfo-chunk; do
	"$VMFUZZ" encode "$reg/$p.vmf" -o "$out/raw-crashes/crash-$p" \
		>/dev/null 2>&1 || bad "encode $p"
done
touch -d "@$(($(date +%s) + 100))" "$out"/raw-crashes/*
printf 'engine: libfuzzer\njobs: 1\nbugs: seed\nvmalloc: \n' >"$out/campaign.txt"

resume() { # resume: one more (empty) run of the campaign, exit 1
	expect_rc 1 "$VMFUZZ" fuzz --bugs=seed --time 1 --no-qemu --no-bochs \
		--out "$out"
	cp "$tmp/out" "$tmp/log"
	cp "$tmp/err" "$tmp/log.err"
}
nbugs() { # nbugs N: the summary says N distinct BUGs, known-titles N lines
	expect_grep "$tmp/log" "^$1 distinct BUGs?;"
	[ "$(sort -u "$out/known-titles.txt" | wc -l)" = "$1" ] &&
		[ "$(wc -l <"$out/known-titles.txt")" = "$1" ] && ok ||
		bad "known-titles.txt: $(cat "$out/known-titles.txt")"
}
hits() { sed -n 's/^hits: //p' "$out"/crashes/*/meta.txt |
	awk '{ s += $1 } END { print s + 0 }'; }

resume
nbugs 3
id=$(grep -l "^title: $T_END\$" "$out"/crashes/*/meta.txt | head -n 1)
id=$(basename "$(dirname "$id")")
dir=$out/crashes/$id
[ -n "$id" ] && [ -d "$dir" ] && ok || { bad "no crash dir for $T_END"; exit 1; }

# Finding 9: meta.txt's example: is relative to OUT.
expect_grep "$dir/meta.txt" "^example: raw-crashes/crash-end-check\$"
expect_grep "$dir/meta.txt" "^hits: 1\$"

# Finding 2: a deleted crash directory is found again, with a warning.
rm -rf "$dir"
resume
nbugs 3
[ -s "$dir/repro.bin" ] && ok || bad "f2: $dir not recreated"
expect_grep "$dir/meta.txt" "^title: $T_END\$"
expect_grep "$tmp/log.err" "$dir.*(missing|gone)"
expect_grep "$dir/meta.txt" "^hits: 1\$"

# Finding 2: a meta.txt full of garbage, or cut inside the title, is
# rebuilt from repro.bin; the cut title is never written back.
head -c 3000 /dev/urandom | tr -d '\n' >"$dir/meta.txt"
resume
nbugs 3
expect_grep "$dir/meta.txt" "^title: $T_END\$"
printf 'title: BUG: vm area outs' >"$dir/meta.txt"
resume
nbugs 3
expect_grep "$dir/meta.txt" "^title: $T_END\$"
grep -q "^BUG: vm area outs\$" "$out/known-titles.txt" &&
	bad "f2: the cut title is in known-titles.txt" || ok

# Finding 7: once meta.txt is lost, qemu.txt and bochs.txt are read back and
# first_seen_s comes from repro.vmf's '# found:' line.
printf 'qemu: agree (same title and digest)\n' >"$dir/qemu.txt"
printf 'bochs: explained (because)\n' >"$dir/bochs.txt"
resume # (no-qemu: the verdicts enter meta.txt only from the files)
s0=$(sed -n 's/^first_seen_s: //p' "$dir/meta.txt")
meta0=$(cat "$dir/meta.txt")
rm "$dir/meta.txt"
resume
expect_grep "$dir/meta.txt" "^qemu: agree\$"
expect_grep "$dir/meta.txt" "^bochs: explained\$"
expect_grep "$tmp/log" "^$id .* agree +explained "
s1=$(sed -n 's/^first_seen_s: //p' "$dir/meta.txt")
[ "$s0" = "$s1" ] && [ "$s0" != "0.000" ] && ok ||
	bad "f7: first_seen_s $s0 -> $s1"
[ "$(cat "$dir/meta.txt")" = "$meta0" ] && ok ||
	bad "f7: meta.txt rebuilt differently: $(cat "$dir/meta.txt")"

# Finding 9: a lost triaged.txt does not count the hits twice.
h0=$(hits)
rm "$out/triaged.txt"
resume
[ "$(hits)" = "$h0" ] && [ "$h0" = 3 ] && ok || bad "f9: hits $h0 -> $(hits)"
expect_grep "$out/triaged.txt" "^raw-crashes/crash-end-check	$id\$"
# An older run's triaged.txt (keys alone): its files are triaged again
# once, the hits stay, and the lines get their ids.
sed -i 's/\t.*//' "$out/triaged.txt"
resume
[ "$(hits)" = 3 ] && ok || bad "older triaged.txt: hits 3 -> $(hits)"
expect_grep "$tmp/log.err" "triaged.txt: 3 lines of an older run"
[ "$(grep -c '	' "$out/triaged.txt")" = 3 ] && ok ||
	bad "older triaged.txt not given ids: $(cat "$out/triaged.txt")"

# Finding 10: a backup copy <id>.bak is no entry (one warning).
cp -r "$dir" "$dir.bak"
resume
nbugs 3
expect_grep "$tmp/log.err" "$id\\.bak.*ignored"
[ "$(grep -c "^$id " "$tmp/log")" = 1 ] && ok || bad "f10: $id listed twice"
rm -rf "$dir.bak"

# Finding 3: bisect and promote of a crash directory copied out of its
# campaign use the knobs recorded with it: repro.vmf's '# knobs:' line,
# then meta.txt's knobs:, else exit 2.
mkdir -p "$tmp/x/y" && cp -r "$dir" "$tmp/x/y/copy"
copy=$tmp/x/y/copy
expect_rc 1 "$VMFUZZ" bisect --host-only "$copy"
expect_grep "$tmp/out" "^cause: end-check\$"
expect_rc 0 "$VMFUZZ" promote "$copy" "$tmp/p1.vmf"
expect_grep "$tmp/p1.vmf" "^# knob: end-check\$"
expect_grep "$tmp/p1.vmf" "^# expect-with: $T_END\$"
expect_rc 0 "$VMFUZZ" regress --worlds=host "$tmp/p1.vmf"
sed -i '/^# knobs:/d' "$copy/repro.vmf"
expect_rc 1 "$VMFUZZ" bisect --host-only "$copy" # meta.txt's knobs:
expect_grep "$tmp/out" "^cause: end-check\$"
sed -i '/^knobs:/d' "$copy/meta.txt"
expect_rc 2 "$VMFUZZ" bisect --host-only "$copy"
expect_grep "$tmp/err" "^vmfuzz: $copy: no knobs recorded"
[ "$(wc -l <"$tmp/err")" = 1 ] && ok || bad "f3: not one line: $(cat "$tmp/err")"
expect_rc 2 "$VMFUZZ" promote "$copy" "$tmp/p2.vmf"
[ ! -e "$tmp/p2.vmf" ] && ok || bad "f3: promote wrote $tmp/p2.vmf"
expect_rc 1 "$VMFUZZ" bisect --host-only --bugs=seed "$copy" # given

# Finding 10: campaign.txt's reader keeps a long bugs: line whole (the
# knob past byte 512 counts), and a line over 4096 bytes is an error
# naming file:line.
long=$(printf 'end-check,%.0s' $(seq 60))meminfo-chunk,guard-overflow
printf 'engine: libfuzzer\njobs: 1\nbugs: %s\nvmalloc: \n' "$long" \
	>"$out/campaign.txt"
expect_rc 1 "$VMFUZZ" triage "$out"
expect_grep "$tmp/out" '^3 files, 3 distinct BUG titles$'
printf 'engine: libfuzzer\njobs: 1\nbugs: seed\nvmalloc: %05000d\n' 0 \
	>"$out/campaign.txt"
expect_rc 2 "$VMFUZZ" triage "$out"
expect_grep "$tmp/err" "^vmfuzz: $out/campaign.txt:4: line too long"

finish crashdb-resume
