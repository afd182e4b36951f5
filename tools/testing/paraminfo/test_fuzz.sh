#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A short, bounded libFuzzer run of each table decoder (fuzz/fuzz_decoder.c
# under ASan+UBSan): PI_FUZZ_SECONDS (default 20) per encoding, starting
# from real tables of the fixtures and of the generator. One KTAP line per
# encoding with the executions made; any crash, sanitizer report, broken
# API promise or timeout fails it. The long run is "make fuzz".
set -u
: "${GEN:?}" "${BUILD:?}" "${T:?}"
secs=${PI_FUZZ_SECONDS:-20}
. "$T/ktap.sh"

if [ ! -x "$BUILD/fuzz/fuzz_delta" ] || [ ! -x "$BUILD/fuzz/fuzz_flat" ] ||
   [ ! -x "$BUILD/fuzz/fuzz_pool" ]; then
	"$T/fuzz/fuzz.sh" build "$BUILD" > /dev/null || {
		echo "not ok 1 - the fuzz targets build (clang, libclang-rt-dev)"
		exit 1
	}
fi
"$T/fuzz/fuzz.sh" seeds "$GEN" "$BUILD" || {
	echo "not ok 1 - the seed corpus is made"
	exit 1
}

for enc in flat pool delta; do
	out=$(mktemp)
	if "$T/fuzz/fuzz.sh" run "$BUILD" "$enc" -max_total_time="$secs" > "$out"; then
		ok "$(cat "$out")"
	else
		not_ok "fuzz $enc: a finding (reproducer in $BUILD/fuzz/)"
		sed 's/^/# /' "$out"
	fi
	rm -f "$out"
done
ktap_done fuzz
