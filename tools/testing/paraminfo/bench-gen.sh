#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# bench-gen.sh GEN - wall time and peak RSS of gen_paraminfo against pahole
# on the reference Debian 6.1 vmlinux.
#
# Runs "GEN --dump VMLINUX > /dev/null" and
# "pahole -J --btf_encode_detached=X.btf VMLINUX" RUNS times each,
# interleaved (gen, pahole, gen, pahole, ...) so that both see the same
# page-cache and machine state, and prints the median of each and the
# ratios pahole/gen. Both tools read the whole DWARF of the same file, so
# this is the cost of our generator next to the BTF step a kernel build
# already pays.
#
# A benchmark, not a test: it never fails on timing, only when a command
# fails. Environment: RUNS (default 3), VMLINUX (skip fetch-vmlinux.sh).
set -eu

if [ $# -ne 1 ]; then
	echo "usage: $0 GEN" >&2
	exit 2
fi
GEN=$(realpath "$1")
T=$(dirname "$(realpath "$0")")
RUNS=${RUNS:-3}
TIME=/usr/bin/time

for tool in "$GEN" pahole "$TIME"; do
	if ! command -v "$tool" >/dev/null; then
		echo "bench-gen: $tool not found" >&2
		exit 1
	fi
done

VMLINUX=${VMLINUX:-$("$T/fetch-vmlinux.sh")}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# run NAME CMD... - one timed run, stdout discarded; appends
# "seconds kilobytes" to $TMP/NAME
run() {
	local name=$1
	shift
	if ! "$TIME" -f '%e %M' -o "$TMP/one" "$@" > /dev/null; then
		echo "bench-gen: command failed: $*" >&2
		exit 1
	fi
	tail -n 1 "$TMP/one" >> "$TMP/$name"
}

# median COLUMN FILE - median of one column (1 = seconds, 2 = KiB)
median() {
	sort -n -k "$1,$1" "$2" | awk -v c="$1" '{ v[NR] = $c }
		END { if (NR % 2) print v[(NR + 1) / 2];
		      else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

echo "bench-gen: $(basename "$VMLINUX") ($(du -m "$VMLINUX" | cut -f1) MB)"
echo "bench-gen: $(nproc) CPUs, $(uname -m), $(pahole --version), $RUNS runs each, interleaved"
: > "$TMP/gen"
: > "$TMP/pahole"
for i in $(seq 1 "$RUNS"); do
	run gen "$GEN" --dump "$VMLINUX"
	rm -f "$TMP/x.btf"
	run pahole pahole -J --btf_encode_detached="$TMP/x.btf" "$VMLINUX"
	printf 'bench-gen: run %d: gen %s s %s KiB, pahole %s s %s KiB\n' "$i" \
		$(tail -n 1 "$TMP/gen") $(tail -n 1 "$TMP/pahole")
done

gs=$(median 1 "$TMP/gen")
gm=$(median 2 "$TMP/gen")
ps=$(median 1 "$TMP/pahole")
pm=$(median 2 "$TMP/pahole")
awk -v runs="$RUNS" -v gs="$gs" -v gm="$gm" -v ps="$ps" -v pm="$pm" 'BEGIN {
	rt = (gs > 0) ? sprintf("%.2fx", ps / gs) : "n/a"
	rm = (gm > 0) ? sprintf("%.2fx", pm / gm) : "n/a"
	printf "\n%-32s %10s %16s\n", "median of " runs " runs", "wall (s)", "peak RSS (MiB)"
	printf "%-32s %10.2f %16.1f\n", "gen_paraminfo --dump", gs, gm / 1024
	printf "%-32s %10.2f %16.1f\n", "pahole -J (detached BTF)", ps, pm / 1024
	printf "%-32s %10s %16s\n", "ratio pahole / gen", rt, rm
}'
