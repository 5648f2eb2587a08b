#!/usr/bin/env bash
# The address map of issue 10 in one world (host: `run`, qemu: `qemu`):
# for several vmalloc= sizes, including ones that leave high_memory off an
# 8 MB boundary, the first vmalloc lands on VMALLOC_START, a module area on
# MODULES_VADDR, and VmallocTotal matches, all derived here from the i386
# definitions, independently of core/memlayout.h:
#   MAXMEM        = -PAGE_OFFSET - __VMALLOC_RESERVE    (lowmem = MAXMEM:
#   high_memory   = PAGE_OFFSET + lowmem                  the box has 1 GB)
#   VMALLOC_START = (high_memory + vmalloc_earlyreserve + 2*VMALLOC_OFFSET - 1)
#                   & ~(VMALLOC_OFFSET - 1)             (earlyreserve = 0)
#   VMALLOC_END   = PKMAP_BASE - 2 * PAGE_SIZE = 0xFF7FE000
# Usage: test_layout.sh host|qemu
set -u
. "$(dirname "$0")/lib.sh"
: "${VMFUZZ:?}"
world=${1:?host or qemu}
cmd=run
[ "$world" = qemu ] && cmd=qemu
export TMPDIR=$tmp

printf 'a0 = vmalloc 4096\na1 = get_vm_area 4096 module\nmeminfo\n' >"$tmp/l.vmf"

# size[=bytes]: the vmalloc= argument and its value in bytes ("" = default).
for arg in 24M 60M 100M 0x6401000 128M 130M 200M 256M 960M ""; do
	case $arg in
	"") bytes=$((128 << 20)) ;;
	0x*) bytes=$((arg)) ;;
	*M) bytes=$((${arg%M} << 20)) ;;
	esac
	page_offset=$((0xC0000000))
	offset=$((8 << 20))
	maxmem=$(((1 << 32) - page_offset - bytes))
	high=$((page_offset + maxmem))
	start=$(((high + 0 + 2 * offset - 1) & ~(offset - 1)))
	total_kb=$(((0xFF7FE000 - start) / 1024))
	want_a0=$(printf '0x%08x' "$start")
	want_a1=$(printf '0x%08x' $((start - (4 << 20))))
	opt=()
	[ -n "$arg" ] && opt=(--vmalloc="$arg")
	expect_rc 0 "$VMFUZZ" "$cmd" --trace "${opt[@]}" "$tmp/l.vmf"
	expect_grep "$tmp/out" "^ +0  a0 = vmalloc 4096 -> $want_a0\$"
	expect_grep "$tmp/out" "^ +1  a1 = get_vm_area 4096 module -> $want_a1\$"
	expect_grep "$tmp/out" "^VmallocTotal: +$total_kb kB\$"
done

finish "layout-$world"
