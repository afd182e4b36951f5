#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run-tests.sh host|real GEN BUILD - run a group of paraminfo tests.
#
# Every test program prints KTAP lines ("ok N - what", "not ok N - what",
# "# diagnostics") on stdout. This runner passes them through, counts them
# and closes with "N passed, N failed"; it fails if any test failed or a
# test program exited non-zero without reporting a failure.
set -u
group=$1
export GEN=$(realpath "$2")
export BUILD=$(realpath "$3")
T=$(dirname "$(realpath "$0")")
export T

case $group in
host)
	tests=("$T/test_fixtures.py" "$T/test_badinput.sh" "$T/test_encodings.py"
	       "$T/test_oracle.sh")
	;;
real)
	tests=("$T/test_btf.py" "$T/test_encodings.py --real")
	;;
*)
	echo "usage: $0 host|real GEN BUILD" >&2
	exit 2
	;;
esac

passed=0
failed=0
for t in "${tests[@]}"; do
	[ -e "${t%% *}" ] || continue
	echo "# running $(basename "$t")"
	out=$(mktemp)
	# shellcheck disable=SC2086 # a test may carry its arguments
	$t > "$out" 2>&1
	rc=$?
	cat "$out"
	p=$(grep -c '^ok ' "$out")
	f=$(grep -c '^not ok ' "$out")
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "not ok - $(basename "$t") exited with status $rc"
		f=1
	fi
	passed=$((passed + p))
	failed=$((failed + f))
	rm -f "$out"
done
echo "# $group: $passed passed, $failed failed"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
