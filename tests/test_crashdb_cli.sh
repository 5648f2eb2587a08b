#!/usr/bin/env bash
# Issue 19, adversarial findings on the crash database from the command
# line (host only): a campaign directory damaged by hand, a crash directory
# copied out of its campaign, triage of a half campaign. The engine is a
# fake libFuzzer target where one is needed (the refusals come first).
set -u
. "$(dirname "$0")/lib.sh"
: "${VMFUZZ:?}" "${SRC:?}"
export TMPDIR=$tmp
reg=$SRC/corpora/regress

# A fake libFuzzer build: the target exits at once.
mkdir -p "$tmp/lf"
printf '#!/bin/sh\nexit 0\n' >"$tmp/lf/fuzz_vmalloc"
chmod +x "$tmp/lf/fuzz_vmalloc"
export VMFUZZ_LIBFUZZER_DIR=$tmp/lf

# Finding 6: crashes/ as a plain file is refused at the start (exit 2),
# nothing seeded or run.
mkdir "$tmp/f6" && : >"$tmp/f6/crashes" && echo "bugs: seed" >"$tmp/f6/campaign.txt"
expect_rc 2 "$VMFUZZ" fuzz --bugs=seed --time 2 --no-qemu --no-bochs --out "$tmp/f6"
expect_grep "$tmp/err" "^vmfuzz: fuzz: $tmp/f6/crashes is not a directory"
[ ! -e "$tmp/f6/corpus" ] && ok || bad "f6: seeded before refusing"

# A small campaign directory by hand: raw crash files of three knobs.
mk_campaign() { # mk_campaign DIR: raw-crashes/ from regress programs
	mkdir -p "$1/raw-crashes"
	for p in end-check guard-overflow meminfo-chunk; do
		"$VMFUZZ" encode "$reg/$p.vmf" -o "$1/raw-crashes/crash-$p" \
			>/dev/null 2>&1 ||
			bad "convert $p"
	done
	printf 'engine: libfuzzer\njobs: 1\nbugs: seed\nvmalloc: \n' \
		>"$1/campaign.txt"
}

# Finding 5: triage of a campaign whose campaign.txt is empty, missing or
# has no bugs: line is exit 2, one line naming the file.
mk_campaign "$tmp/f5"
expect_rc 1 "$VMFUZZ" triage "$tmp/f5"
expect_grep "$tmp/out" '^3 files, 3 distinct BUG titles$'
: >"$tmp/f5/campaign.txt"
expect_rc 2 "$VMFUZZ" triage "$tmp/f5"
expect_grep "$tmp/err" "^vmfuzz: $tmp/f5/campaign.txt: no 'bugs:' line"
[ "$(wc -l <"$tmp/err")" = 1 ] && ok || bad "f5: not one line: $(cat "$tmp/err")"
printf 'engine: libfuzzer\njobs: 1\n' >"$tmp/f5/campaign.txt"
expect_rc 2 "$VMFUZZ" triage "$tmp/f5"
expect_grep "$tmp/err" "^vmfuzz: $tmp/f5/campaign.txt: no 'bugs:' line"
rm "$tmp/f5/campaign.txt"
expect_rc 2 "$VMFUZZ" triage "$tmp/f5"
expect_grep "$tmp/err" "^vmfuzz: $tmp/f5/campaign.txt: No such file"
# --bugs given: campaign.txt is not needed.
expect_rc 1 "$VMFUZZ" triage --bugs=seed "$tmp/f5"

finish crashdb-cli
