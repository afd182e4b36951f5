#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Unwind rows and caller frames, x86-64: for the default fixture at -O0,
# -O1, -O2 and -Os, the oracle checks the table of gen_paraminfo --dump
# --unwind at every single-step stop in a fixture function (any frame):
# the row at the pc against the CFA libdw computes from .eh_frame and the
# registers the function was entered with, then each caller frame the rows
# reach (return address - 1), its row and every parameter the table places
# in a preserved register or a stack slot there, against the value that
# caller was entered with (oracle_unwind.c). Any wrong row or value fails;
# so does a level where no caller-frame parameter was checked, or, at -O2,
# none of fixtures/chain.c's.
#
# Then the same for the AArch64 build under qemu-user (oracle_arm64.py).
#
# Deliberately wrong rows and slots must be caught, or the check proves
# nothing: one saved register's offset, one CFA, and a caller's stack slot
# (x86-64), one saved register's offset (AArch64).
set -u
: "${GEN:?}" "${BUILD:?}" "${T:?}"
ORACLE=${ORACLE:-$BUILD/oracle}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$T/ktap.sh"

if [ ! -x "$ORACLE" ] || [ "$T/oracle.c" -nt "$ORACLE" ] ||
   [ "$T/oracle_dump.c" -nt "$ORACLE" ] || [ "$T/oracle_unwind.c" -nt "$ORACLE" ] ||
   [ "$T/oracle.h" -nt "$ORACLE" ]; then
	cc -O2 -Wall -o "$ORACLE" "$T/oracle.c" "$T/oracle_dump.c" "$T/oracle_unwind.c" -ldw -lelf ||
		{ result 1 "build the oracle"; ktap_done oracle_unwind; exit 1; }
fi

# counts OUT: "ROWS WRONG CROWS CWRONG PAIRS PRINTABLE CHECKED PWRONG"
counts() {
	sed -n 's/^# unwind rows checked: \([0-9]*\), \([0-9]*\) wrong .*/\1 \2/p;
		s/^# caller frames: [0-9]* walked, \([0-9]*\) with a row, \([0-9]*\) rows wrong$/\1 \2/p;
		s/^# caller frame parameters: \([0-9]*\) pairs, \([0-9]*\) printable ([0-9.]*%), \([0-9]*\) checked, \([0-9]*\) wrong;.*/\1 \2 \3 \4/p' "$1" |
		tr '\n' ' '
}

# level_results TAG LEVEL OUT RC: the two lines of one oracle run (output
# OUT, exit status RC): no wrong row, no wrong caller-frame value, some
# caller-frame parameters checked, and at -O2 some of chain.c's printable.
level_results() {
	local rows wrong crows cwrong pairs printable checked pwrong chain pct

	grep -E '^# (WRONG|unwind rows|caller frame)' "$3" | sed "s/^# /# $1: /"
	read -r rows wrong crows cwrong pairs printable checked pwrong <<< "$(counts "$3")"
	chain=$(awk '/^(not )?ok [0-9]+ - chain_a: / && match($0, /caller frames [0-9]+ rows, [0-9]+ wrong, [0-9]+ pairs, [0-9]+ printable/) {
			split(substr($0, RSTART, RLENGTH), w, " "); print w[9] }' "$3")
	[ "$4" -eq 0 ] && [ "${rows:-0}" -gt 0 ] && [ "$wrong" -eq 0 ] && [ "$cwrong" -eq 0 ]
	result $? "$1: ${rows:-?} rows checked at stops, ${wrong:-?} wrong; ${crows:-?} caller-frame rows, ${cwrong:-?} wrong (exit $4)"
	pct=$(awk -v a="${printable:-0}" -v b="${pairs:-0}" 'BEGIN { printf "%.1f", b ? 100 * a / b : 0 }')
	[ "$4" -eq 0 ] && [ "${checked:-0}" -gt 0 ] && [ "$pwrong" -eq 0 ] &&
		{ [ "$2" != O2 ] || [ "${chain:-0}" -gt 0 ]; }
	result $? "$1: caller-frame parameters ${pairs:-?} pairs, ${printable:-?} printable ($pct%), ${checked:-?} checked, ${pwrong:-?} wrong (chain_a's chain: ${chain:-0} printable)"
}

for level in O0 O1 O2 Os; do
	elf=$BUILD/fixtures/default-$level
	if [ ! -x "$elf" ]; then
		result 1 "unwind $level: fixture $elf not built"
		continue
	fi
	if ! "$GEN" --dump --unwind "$elf" > "$tmp/$level.jsonl" 2> "$tmp/err"; then
		sed 's/^/# /' "$tmp/err"
		result 1 "unwind $level: gen_paraminfo --dump --unwind"
		continue
	fi
	timeout 600 "$ORACLE" "$elf" "$tmp/$level.jsonl" > "$tmp/$level.out" 2> "$tmp/err"
	rc=$?
	sed 's/^/# stderr: /' "$tmp/err"
	level_results "unwind $level" "$level" "$tmp/$level.out" "$rc"
done

# bad NAME SED: the O2 table with SED applied to spill_chain2's line only;
# the oracle's output in $tmp/bad.out, its exit status.
bad() {
	sed "/\"name\":\"spill_chain2\"/ $2" "$tmp/O2.jsonl" > "$tmp/$1.jsonl"
	cmp -s "$tmp/O2.jsonl" "$tmp/$1.jsonl" && return 99	# nothing changed
	"$ORACLE" "$BUILD/fixtures/default-O2" "$tmp/$1.jsonl" > "$tmp/bad.out" 2>&1
}

if [ -s "$tmp/O2.jsonl" ]; then
	# rbp's slot 8 bytes off in every row of spill_chain2 that saves it.
	bad off 's/\[6,48\]/[6,40]/g'
	rc=$?
	hits=$(grep -c '^# WRONG ROW spill_chain2 at +0x[0-9a-f]* ([a-z ]*) .*: r6 at CFA-40 = ' "$tmp/bad.out")
	[ "$rc" -eq 1 ] && [ "$hits" -gt 0 ]
	result $? "unwind: the oracle catches spill_chain2's rbp claimed at CFA-40, not CFA-48 ($hits wrong rows shown, exit $rc)"

	# The CFA of its body 8 bytes off.
	bad cfa 's/"cfa":96,/"cfa":104,/'
	rc=$?
	hits=$(grep -c '^# WRONG ROW spill_chain2 at +0x[0-9a-f]* ([a-z ]*) \[[0-9]*,[0-9]*) cfa 104: CFA sp+104 = ' "$tmp/bad.out")
	[ "$rc" -eq 1 ] && [ "$hits" -gt 0 ]
	result $? "unwind: the oracle catches spill_chain2's CFA claimed at sp+104, not sp+96 ($hits wrong rows shown, exit $rc)"

	# b's slot 8 bytes off: wrong in its own frame and as a caller.
	bad slot 's/"stack":8}/"stack":16}/'
	rc=$?
	hits=$(grep -c '^# WRONG CALLER spill_chain2: b (long int) at +0x[0-9a-f]*: stack sp+16 = ' "$tmp/bad.out")
	[ "$rc" -eq 1 ] && [ "$hits" -gt 0 ]
	result $? "unwind: the oracle catches spill_chain2(b) claimed at sp+16 in its caller frame, below spill_chain3 ($hits wrong values shown, exit $rc)"
fi

# The same on AArch64 under qemu-user (oracle_arm64.py with
# oracle_arm64_unwind.py), at -O1, -O2, -Os and -O2 with hot/cold
# partitioning (check_pos.cold), after test_oracle_arm64.sh built them.
aarch64-linux-gnu-gcc -O2 -freorder-blocks-and-partition -g -static -fno-pie -no-pie \
	-o "$tmp/arm64-O2p" "$T"/fixtures/*.c 2> /dev/null
for level in O1 O2 Os O2p; do
	elf=$BUILD/fixtures/arm64-$level
	[ "$level" = O2p ] && elf=$tmp/arm64-$level
	if [ ! -x "$elf" ] || ! "$GEN" --dump --unwind "$elf" > "$tmp/a$level.jsonl" 2> "$tmp/err"; then
		sed 's/^/# /' "$tmp/err"
		result 1 "arm64 unwind $level: fixture $elf and its table"
		continue
	fi
	timeout 600 nice python3 "$T/oracle_arm64.py" "$elf" "$tmp/a$level.jsonl" > "$tmp/a$level.out" 2> "$tmp/err"
	rc=$?
	sed 's/^/# stderr: /' "$tmp/err"
	level_results "arm64 unwind $level" "$level" "$tmp/a$level.out" "$rc"
done

# x29's slot 8 bytes off in every row of chain_b that saves it.
if [ -s "$tmp/aO2.jsonl" ]; then
	sed '/"name":"chain_b"/ s/\[29,128\]/[29,120]/g' "$tmp/aO2.jsonl" > "$tmp/abad.jsonl"
	python3 "$T/oracle_arm64.py" "$BUILD/fixtures/arm64-O2" "$tmp/abad.jsonl" > "$tmp/bad.out" 2>&1
	rc=$?
	hits=$(grep -c '^# WRONG ROW chain_b at +0x[0-9a-f]* ([a-z ]*) .*: x29 at CFA-120 = ' "$tmp/bad.out")
	! cmp -s "$tmp/aO2.jsonl" "$tmp/abad.jsonl" && [ "$rc" -eq 1 ] && [ "$hits" -gt 0 ]
	result $? "arm64 unwind: the oracle catches chain_b's x29 claimed at CFA-120, not CFA-128 ($hits wrong rows shown, exit $rc)"
fi
ktap_done oracle_unwind
