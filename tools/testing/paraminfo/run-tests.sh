#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run-tests.sh host|real|e2e|sanitize|all GEN BUILD - run a group of tests.
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

host_tests=("$BUILD/test_decode" "$BUILD/test_stack" "$T/test_fixtures.py" "$T/test_decode_oops.py" "$T/test_badinput.sh"
	    "$T/test_encodings.py" "$T/test_modtable.sh"
	    "$T/test_oracle.sh" "$T/test_oracle_arm64.sh" "$T/test_oracle_unwind.sh" "$T/test_insn.py" "$T/test_malformed.sh" "$T/test_repro.sh"
	    "$T/test_sanitize.sh" "$T/test_fuzz.sh" "$T/test_apply.sh" "$T/test_entryval.sh")
real_tests=("$T/test_btf.py" "$T/test_btf.py --arch arm64" "$T/test_encodings.py --real"
	    "$T/test_repro.sh --real" "$T/test_insn.py --real" "$T/test_modules.sh $BUILD")
# test_malformed.sh --asan uses the sanitized generator test_sanitize.sh builds.
sanitize_tests=("$T/test_sanitize.sh --all" "$T/test_malformed.sh --asan")
e2e_tests=("$T/e2e/run.sh $GEN $BUILD")
case $group in
host)
	tests=("${host_tests[@]}")
	;;
real)
	tests=("${real_tests[@]}")
	;;
e2e)
	tests=("${e2e_tests[@]}")
	;;
sanitize)
	tests=("${sanitize_tests[@]}")
	;;
all)
	# Fast host tests first, the QEMU end to end last.
	tests=("${host_tests[@]}" "${real_tests[@]}" "${e2e_tests[@]}")
	;;
*)
	echo "usage: $0 host|real|e2e|sanitize|all GEN BUILD" >&2
	exit 2
	;;
esac

passed=0
failed=0
for t in "${tests[@]}"; do
	[ -e "${t%% *}" ] || continue
	name=$(basename "${t%% *}")
	echo "# running $name${t#"${t%% *}"}"
	out=$(mktemp)
	# Streamed as it runs; a test may carry its arguments.
	# shellcheck disable=SC2086
	$t 2>&1 | tee "$out"
	rc=${PIPESTATUS[0]}
	p=$(grep -c '^ok ' "$out")
	f=$(grep -c '^not ok ' "$out")
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "not ok - $name exited with status $rc"
		f=1
	fi
	passed=$((passed + p))
	failed=$((failed + f))
	rm -f "$out"
done
echo "# $group: $passed passed, $failed failed"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
