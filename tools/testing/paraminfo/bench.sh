#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# bench.sh GEN BUILD - size and lookup latency of the flat, pool and delta
# encodings on the reference Debian 6.1 vmlinux of each architecture
# (x86-64 and arm64, see fetch-vmlinux.sh).
#
# Encodes each vmlinux three times with GEN (--format=bin), builds
# BUILD/bench from tools/testing/paraminfo/bench.c and the kernel decoders
# (cc -O2, no sanitizers) unless it is already up to date, runs it, and
# plots bytes per function against median lookup latency with gnuplot into
# BUILD/bench-out/paraminfo-encodings.png (copy it over
# Documentation/admin-guide/paraminfo-encodings.png when updating the
# documentation's numbers; a benchmark writes no tracked file). The
# plain-text tables are printed and kept in BUILD/bench-out/ARCH/bench.txt,
# the plot data in BUILD/bench-out/ARCH/bench.dat.
#
# A benchmark, not a test: it never fails on timing, only when a command
# fails or the encodings disagree about an address. Environment: ARCHES
# (default "x86_64 arm64"), VMLINUX (one file instead, for the first of
# ARCHES, skipping fetch-vmlinux.sh), ROUNDS (default 5), LOOKUPS (default
# 200000), SEED, CC (default cc), PLOT (output PNG, "" for none).
set -eu

if [ $# -ne 2 ]; then
	echo "usage: $0 GEN BUILD" >&2
	exit 2
fi
GEN=$(realpath "$1")
BUILD=$2
T=$(dirname "$(realpath "$0")")
TOP=$(realpath "$T/../../..")
OUT=$BUILD/bench-out
CC=${CC:-cc}
ROUNDS=${ROUNDS:-5}
LOOKUPS=${LOOKUPS:-200000}
SEED=${SEED:-0x5eed}
PLOT=${PLOT-$OUT/paraminfo-encodings.png}

ARCHES=${ARCHES:-x86_64 arm64}
mkdir -p "$OUT"

# The kernel decoders, compiled unchanged like the harness, but optimised
# and without sanitizers.
srcs=("$T/bench.c")
for f in core stream decode_flat decode_pool decode_delta decode_unwind; do
	srcs+=("$TOP/kernel/paraminfo/$f.c")
done
BENCH=$BUILD/bench
stale=0
[ -x "$BENCH" ] || stale=1
for f in "${srcs[@]}" "$TOP"/include/linux/paraminfo*.h "$T"/linux/*.h; do
	[ "$f" -nt "$BENCH" ] && stale=1
done
if [ $stale -eq 1 ]; then
	"$CC" -O2 -g -Wall -Wextra -Wno-unused-parameter -I"$T" -I"$TOP/include" \
		'-Dnoinline=__attribute__((noinline))' \
		-o "$BENCH" "${srcs[@]}" -lxxhash
fi

plots=()
for arch in $ARCHES; do
	if [ -n "${VMLINUX:-}" ]; then
		vmlinux=$VMLINUX
		unset VMLINUX
	else
		vmlinux=$("$T/fetch-vmlinux.sh" "$arch")
	fi
	mkdir -p "$OUT/$arch"
	for enc in flat pool delta; do
		"$GEN" --encoding=$enc --format=bin -o "$OUT/$arch/$enc.bin" "$vmlinux"
	done
	echo "bench: $(basename "$vmlinux"), $(nproc) CPUs, $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(date -u '+%Y-%m-%d %H:%M UTC')"
	echo "bench: load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
	"$BENCH" -r "$ROUNDS" -n "$LOOKUPS" -s "$SEED" -o "$OUT/$arch/bench.dat" \
		"$OUT/$arch/flat.bin" "$OUT/$arch/pool.bin" "$OUT/$arch/delta.bin" |
		tee "$OUT/$arch/bench.txt"
	echo "bench: load average after the run: $(cut -d' ' -f1-3 /proc/loadavg)"
	plots+=("$arch")
done

[ -n "$PLOT" ] || exit 0
if ! command -v gnuplot >/dev/null; then
	if ! "$T/install-deps.sh" gnuplot-nox || ! command -v gnuplot >/dev/null; then
		echo "bench: no gnuplot; skipping the plot" >&2
		exit 0
	fi
fi

# bench.dat columns: method, bytes/function, then median and p99 (ns) of
# the inside, range and printer sets.
gnuplot <<EOF
set terminal pngcairo noenhanced size 900,600 font "sans,11"
set output "$PLOT"
set title "paraminfo encodings: table size against lookup latency\n(Debian 6.1 vmlinux: x86-64 filled, arm64 open; $(date -u +%Y-%m-%d))"
set xlabel "table bytes per function"
set ylabel "latency, ns (median; bars up to p99)"
set logscale xy
set xrange [2.5:300]
set yrange [10:20000]
set grid xtics ytics mxtics mytics
set key bottom right
set arrow from 22, graph 0 to 22, graph 1 nohead dt 2 lc rgb "#2ca02c"
set label "goal: delta <= 22 B/function" at 22, 150 rotate by 90 left offset -0.8, 0 tc rgb "#2ca02c"
plot "$OUT/${plots[0]}/bench.dat" using 2:3:3:4 with yerrorbars pt 7 ps 1.5 lc rgb "#1f77b4" \
	title "find: address inside a function", \
     "" using 2:7:7:8 with yerrorbars pt 5 ps 1.3 lc rgb "#d62728" \
	title "oops printer: find + every parameter + loc_at", \
     "" using 2:3:(strcol(1) eq "bsearch" ? "reference: bsearch over u32 starts" : strcol(1)) with labels offset 1.2,-1.0 left notitle, \
$(for a in "${plots[@]:1}"; do
	printf '     "%s" using 2:3:3:4 with yerrorbars pt 6 ps 1.5 lc rgb "#1f77b4" notitle, \\\n' "$OUT/$a/bench.dat"
	printf '     "" using 2:7:7:8 with yerrorbars pt 4 ps 1.3 lc rgb "#d62728" notitle, \\\n'
done)
     100 with lines dt 2 lw 1.5 lc rgb "#555555" title "goal: flat median <= 100 ns", \
     1000 with lines dt 4 lw 1.5 lc rgb "#ff7f0e" title "goal: every p99 < 1 us"
EOF
echo "bench: plot written to $PLOT"
