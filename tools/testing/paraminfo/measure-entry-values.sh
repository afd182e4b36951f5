#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# measure-entry-values.sh GEN ENTRYVAL OUT - what DWARF's call-site
# parameters could add where paraminfo prints no value because DWARF says
# "entry value" (issue 13 item 4), on the reference Debian 6.1 vmlinux of
# each architecture (x86-64 and arm64, fetched like make bench does, see
# fetch-vmlinux.sh).
#
# For each, GEN --dump --stats gives what paraminfo prints, ENTRYVAL
# (tools/testing/paraminfo/entryval.c) measures against the vmlinux's
# DWARF; the reports go to OUT, written whole or not at all.
# Documentation/admin-guide/paraminfo.rst, "Entry values: measured", has
# the numbers. Environment: ARCHES (default "x86_64 arm64").
set -eu

if [ $# -ne 3 ]; then
	echo "usage: $0 GEN ENTRYVAL OUT" >&2
	exit 2
fi
GEN=$1
ENTRYVAL=$2
OUT=$3
T=$(dirname "$(realpath "$0")")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for arch in ${ARCHES:-x86_64 arm64}; do
	vmlinux=$("$T/fetch-vmlinux.sh" "$arch")
	"$GEN" --dump --stats "$vmlinux" > "$tmp/$arch.json" 2> "$tmp/$arch.stats"
	"$ENTRYVAL" --dump="$tmp/$arch.json" --stats="$tmp/$arch.stats" \
		"$vmlinux" >> "$tmp/out"
	echo >> "$tmp/out"
done
mv "$tmp/out" "$OUT"
cat "$OUT"
