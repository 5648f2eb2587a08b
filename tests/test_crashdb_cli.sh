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

finish crashdb-cli
