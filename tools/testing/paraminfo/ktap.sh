# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# ktap.sh - KTAP lines for the shell tests; source it after setting T.
#
#   ok WHAT... / not_ok WHAT...	one numbered "ok N - WHAT" line each
#   result STATUS WHAT...	ok when STATUS is 0, not_ok otherwise
#   ktap_done NAME		"# NAME: N passed, N failed"; its exit status
#				is 0 only when nothing failed
n=0
fails=0

ok() {
	n=$((n + 1))
	echo "ok $n - $*"
}

not_ok() {
	n=$((n + 1))
	fails=$((fails + 1))
	echo "not ok $n - $*"
}

result() {
	local status=$1

	shift
	if [ "$status" -eq 0 ]; then
		ok "$@"
	else
		not_ok "$@"
	fi
}

ktap_done() {
	echo "# $1: $((n - fails)) passed, $fails failed"
	[ "$fails" -eq 0 ]
}
