#!/usr/bin/env bash
# `vmfuzz fuzz --seed N --runs N` (issue 19, finding 11): two one-job
# libFuzzer runs with the same seed and run count make the same corpus,
# the same raw crash files and the same crash directories; another seed
# makes another corpus; campaign.txt records the seed. No clock in it:
# each run ends after its runs. Skips (77) without build-libfuzzer-fast.
set -u
. "$(dirname "$0")/lib.sh"
: "${VMFUZZ:?}"
lf=${VMFUZZ_LIBFUZZER_DIR:-$(dirname "$VMFUZZ")/../build-libfuzzer-fast}
[ -x "$lf/fuzz/fuzz_vmalloc" ] || [ -x "$lf/fuzz_vmalloc" ] ||
	{ echo "campaign-seed: no libFuzzer build in $lf, skipped"; exit 77; }

# run NAME SEED: a 5000-run campaign of the seed's knobs into $tmp/NAME
run() {
	expect_rc 1 "$VMFUZZ" fuzz --bugs=seed --seed "$2" --runs 5000 \
		--no-qemu --no-bochs --out "$tmp/$1"
	cp "$tmp/out" "$tmp/$1.log"
}
# digest NAME: what must be equal, one line per file (name and content);
# repro.vmf without its "# found: TIME, S s into its run" line, the one
# wall-clock fact a crash records (crashdb.c)
digest() {
	(cd "$tmp/$1" && find corpus raw-crashes crashes -type f \
		\( -path 'corpus/*' -o -path 'raw-crashes/*' -o \
		-name repro.bin -o -name repro.vmf -o -name report.txt \) |
		sort | while read -r f; do
			case $f in
			*/repro.vmf) sum=$(grep -v '^# found: ' "$f" | sha1sum) ;;
			*) sum=$(sha1sum <"$f") ;;
			esac
			echo "${sum%% *}  $f"
		done)
}
run a 7
run b 7
run c 8
expect_grep "$tmp/a/campaign.txt" '^seed: 7$'
expect_grep "$tmp/a.log" '^the engine did its --runs 5000$'
# libFuzzer's -runs does not count the corpus it re-reads when it restarts
# after a new BUG, the shared counter does: at least 5000, more by the
# restarts (each new title is one), and the same count for the same seed.
execs() { sed -n 's/^this run: \([0-9]*\) execs in .*/\1/p' "$tmp/$1.log"; }
[ "$(execs a)" -ge 5000 ] 2>/dev/null && ok ||
	bad "a.log: $(execs a) execs, not at least 5000"
[ "$(execs a)" = "$(execs b)" ] && ok ||
	bad "same seed, other exec counts: $(execs a) and $(execs b)"
digest a >"$tmp/a.sum"
digest b >"$tmp/b.sum"
digest c >"$tmp/c.sum"
[ "$(grep -c ' corpus/' "$tmp/a.sum")" -gt 25 ] && ok ||
	bad "the corpus did not grow: $(grep -c ' corpus/' "$tmp/a.sum") files"
[ "$(grep -c '/repro.bin$' "$tmp/a.sum")" -ge 1 ] && ok || bad "no crash found"
diff "$tmp/a.sum" "$tmp/b.sum" >"$tmp/diff" && ok ||
	bad "same seed, other results: $(head -c 400 "$tmp/diff")"
grep ' corpus/' "$tmp/a.sum" >"$tmp/a.corpus"
grep ' corpus/' "$tmp/c.sum" >"$tmp/c.corpus"
cmp -s "$tmp/a.corpus" "$tmp/c.corpus" && bad "seed 8 made seed 7's corpus" || ok

# The options are checked before anything runs.
expect_rc 2 "$VMFUZZ" fuzz --seed 0 --out "$tmp/d"
expect_grep "$tmp/err" "--seed wants 1..4294967295, not '0'"
expect_rc 2 "$VMFUZZ" fuzz --runs 10 --jobs 2 --out "$tmp/d"
expect_grep "$tmp/err" '--runs limits one job'
expect_rc 2 "$VMFUZZ" fuzz --runs -3 --out "$tmp/d"
[ ! -e "$tmp/d" ] && ok || bad "a refused fuzz made $tmp/d"

finish campaign-seed
