#!/usr/bin/env bash
# `vmfuzz plot DIR`: progress.gnuplot generated from a campaign's
# progress.csv, progress.png drawn when gnuplot is installed, errors.
set -u
. "$(dirname "$0")/lib.sh"
: "${VMFUZZ:?}"

d=$tmp/camp
mkdir -p "$d"
printf 'engine: afl\njobs: 2\nbugs: seed\nvmalloc: \n' >"$d/campaign.txt"
{
	echo 'elapsed_s,execs,execs_per_s,corpus,coverage,bugs'
	for t in 0 5 10 15 20 25 30; do
		echo "$t.0,$((t * 20000)),20000,$((10 + t)),$((100 + 3 * t)),$((t / 10))"
	done
} >"$d/progress.csv"

# Without gnuplot on PATH: the script, no PNG, exit 0.
PATH=/nonexistent expect_rc 0 "$VMFUZZ" plot "$d"
expect_grep "$tmp/out" 'gnuplot is not installed'
expect_grep "$d/progress.gnuplot" "^set output 'progress.png'$"
expect_grep "$d/progress.gnuplot" "^plot 'progress.csv' using \(\\\$1/unit\):3 "
expect_grep "$d/progress.gnuplot" "title 'vmfuzz fuzz --engine afl --bugs=seed'"
expect_grep "$d/progress.gnuplot" "ylabel 'executions / s'"
expect_grep "$d/progress.gnuplot" "xlabel sprintf\('elapsed time \(%s\)"
[ ! -e "$d/progress.png" ] && ok || bad "progress.png without gnuplot"

if command -v gnuplot >/dev/null; then
	expect_rc 0 "$VMFUZZ" plot "$d"
	[ "$(head -c 8 "$d/progress.png" | od -An -tx1 | tr -d ' ')" = 89504e470d0a1a0a ] &&
		ok || bad "progress.png is no PNG"
	# The script draws the same picture again when run by hand.
	rm "$d/progress.png"
	(cd "$d" && gnuplot progress.gnuplot) && [ -s "$d/progress.png" ] && ok ||
		bad "gnuplot progress.gnuplot failed"
fi

expect_rc 2 "$VMFUZZ" plot "$tmp/nosuch"
expect_grep "$tmp/err" 'nosuch/progress.csv: no such file'
expect_rc 2 "$VMFUZZ" plot

finish plot
