#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# fuzz.sh build BUILD
# fuzz.sh seeds GEN BUILD
# fuzz.sh run BUILD ENCODING LIMIT...
#
# libFuzzer targets for the three table decoders (fuzz_decoder.c, built
# once per encoding under ASan+UBSan, into BUILD/fuzz/fuzz_ENCODING).
#
#   build  compiles the targets with clang (Debian's clang and libclang-rt)
#   seeds  writes the seed corpus BUILD/fuzz/seed-ENCODING/: the tables of
#          every fixture level and of the generator itself, some truncated
#          and byte-flipped copies, fuzz/regress/ENCODING-*.bin (inputs
#          that found bugs), the module tables of basic.c's x86-64 and
#          AArch64 objects, and the tables with stack ranges that
#          BUILD/test_stack builds (no fixture has them before the
#          generator proves stack slots)
#   run    fuzzes one target; LIMIT is passed to libFuzzer (-runs=N or
#          -max_total_time=S). The growing corpus is kept in
#          BUILD/fuzz/corpus-ENCODING/ so later runs start from it. Prints
#          one line "fuzz ENCODING: N execs in S s (R exec/s), cov C, corpus
#          K" and exits 0, or prints the crash report and exits 1; the
#          input is left in BUILD/fuzz/ENCODING-crash-* (or -timeout-,
#          -oom-) to reproduce with: BUILD/fuzz/fuzz_ENCODING FILE
#
# The decoders are also the kernel's: any finding is a bug in the oops path.
set -u
here=$(dirname "$(realpath "$0")")
T=$(dirname "$here")
top=$(realpath "$T/../../..")

# Inputs up to 16 KiB: the fixture tables are 2-12 KiB; a bigger table
# only repeats the same records and costs executions.
MAX_LEN=${PI_FUZZ_MAX_LEN:-16384}

build() {
	local out=$1/fuzz enc
	local srcs=("$top/kernel/paraminfo/core.c" "$top/kernel/paraminfo/stream.c"
		    "$top/kernel/paraminfo/print.c" "$top/kernel/paraminfo/callers.c"
		    "$top/kernel/paraminfo/modtable.c"
		    "$top"/kernel/paraminfo/decode_*.c)

	"$T/install-deps.sh" clang libclang-rt-dev libxxhash-dev || return 1
	mkdir -p "$out"
	for enc in flat pool delta; do
		# No comparison tracing: it costs 60% of the time and the
		# seeds already hold the magic, version and layout values.
		clang -O2 -g -fsanitize=fuzzer,address,undefined \
			-fno-sanitize-coverage=trace-cmp \
			-fno-sanitize-recover=all -Wall -Wextra -Wno-unused-parameter \
			-I"$T" -I"$top/include" \
			'-D__printf(a,b)=__attribute__((format(printf,a,b)))' \
			-DPI_FUZZ_DECODER="paraminfo_decoder_$enc" \
			-o "$out/fuzz_$enc" "$here/fuzz_decoder.c" "${srcs[@]}" \
			-lxxhash || return 1
	done
}

seeds() {
	local gen=$1 out=$2/fuzz enc lvl f size cut
	local elfs=("$gen")

	for lvl in O2 O1 Os O0; do
		[ -e "$2/fixtures/default-$lvl" ] && elfs+=("$2/fixtures/default-$lvl")
	done
	mkdir -p "$out"
	gcc -O2 -g -c -o "$out/module-x86-64.o" "$T/fixtures/basic.c" || return 1
	if command -v aarch64-linux-gnu-gcc > /dev/null; then
		aarch64-linux-gnu-gcc -O2 -g -c -o "$out/module-arm64.o" \
			"$T/fixtures/basic.c" || return 1
	fi
	for enc in flat pool delta; do
		rm -rf "$out/seed-$enc"
		mkdir -p "$out/seed-$enc"
		for f in "${elfs[@]}"; do
			"$gen" --encoding=$enc --format=bin \
				-o "$out/seed-$enc/$(basename "$f").bin" "$f" || return 1
		done
		# A few damaged copies of the smallest: cut short, and with
		# bytes flipped at fixed places (deterministic).
		f=$(find "$out/seed-$enc" -name '*.bin' -printf '%s %p\n' |
			sort -n | head -1 | cut -d' ' -f2-)
		size=$(stat -c %s "$f")
		for cut in 8 64 88 $((size / 3)) $((size / 2)) $((size - 1)); do
			head -c "$cut" "$f" > "$out/seed-$enc/cut-$cut.bin"
		done
		python3 - "$f" "$out/seed-$enc" <<-'EOF'
		import sys
		d = open(sys.argv[1], 'rb').read()
		for i, pos in enumerate(range(88, len(d), max(1, len(d) // 16))):
		    b = bytearray(d)
		    b[pos] ^= 0xff
		    open('%s/flip-%02d.bin' % (sys.argv[2], i), 'wb').write(b)
		EOF
		# Inputs that once found a bug stay in the corpus.
		for f in "$here/regress/$enc-"*.bin; do
			[ -e "$f" ] && cp "$f" "$out/seed-$enc/regress-$(basename "$f")"
		done
		# Module tables (.paraminfo of a .ko) of a fixture's object.
		for f in "$out"/module-*.o; do
			[ -e "$f" ] && { "$gen" --encoding=$enc --format=bin \
				-o "$out/seed-$enc/$(basename "$f" .o).bin" "$f" || return 1; }
		done
	done
	# Tables with stack ranges, of models test_stack builds in C.
	mkdir -p "$out/stack"
	"$2/test_stack" --seeds "$out/stack" > /dev/null || return 1
	for enc in flat pool delta; do
		cp "$out/stack/"*".$enc.bin" "$out/seed-$enc/" || return 1
	done
	rm -rf "$out/stack" "$out"/module-*.o
}

run() {
	local out=$1/fuzz enc=$2 log rc
	shift 2
	log=$(mktemp)
	mkdir -p "$out/corpus-$enc"
	# Crash inputs land in $out; keep libFuzzer's cwd there too.
	(cd "$out" && "./fuzz_$enc" -max_len="$MAX_LEN" -timeout=10 \
		-rss_limit_mb=2048 -print_final_stats=1 \
		-artifact_prefix="$out/$enc-" "$@" \
		"corpus-$enc" "seed-$enc") > "$log" 2>&1
	rc=$?
	if [ $rc -ne 0 ] || grep -qE 'ERROR: (AddressSanitizer|libFuzzer|UndefinedBehavior)|runtime error|broken promise' "$log"; then
		grep -vE '^#[0-9]+[[:space:]]+(NEW|REDUCE|pulse)' "$log" | tail -60
		rm -f "$log"
		return 1
	fi
	awk -v enc="$enc" '
		/stat::number_of_executed_units:/ { n = $2 }
		/stat::average_exec_per_sec:/ { r = $2 }
		/^Done [0-9]+ runs in/ { s = $(NF - 1) }
		/cov: / { for (i = 1; i < NF; i++) { if ($i == "cov:") c = $(i + 1);
			if ($i == "corp:") k = $(i + 1) } }
		END { printf "fuzz %s: %d execs in %d s (%d exec/s), cov %s, corpus %s\n",
			enc, n, s, r, c, k }' "$log"
	rm -f "$log"
}

case ${1:-} in
build)
	build "$2"
	;;
seeds)
	seeds "$(realpath "$2")" "$(realpath "$3")"
	;;
run)
	run "$(realpath "$2")" "${@:3}"
	;;
*)
	echo "usage: $0 build BUILD | seeds GEN BUILD | run BUILD ENCODING LIMIT..." >&2
	exit 2
	;;
esac
