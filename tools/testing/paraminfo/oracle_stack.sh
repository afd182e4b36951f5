# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# shellcheck disable=SC2154 # T and tmp are the sourcing script's
#
# oracle_stack.sh - the stack slot lines of test_oracle.sh and
# test_oracle_arm64.sh; source it after ktap.sh, with T and tmp set.
#
#   stack_line PREFIX TAG OUT LEVEL SRC
#	"PREFIXTAG: stack slots checked: N pairs, M wrong, Z outside the
#	frame (S in spill.c)" from the oracle's output OUT: not ok on a
#	wrong value or a slot outside the frame, and for the generator's
#	own table (SRC model) at LEVEL O2 when S is 0, fixtures/spill.c
#	being made to spill its arguments.
#   stack_selftests PREFIX ARCH ELF DUMP ORACLE...
#	claims made from objdump alone (slot_claim.py), on DUMP, the -O2
#	table of ELF, checked by the command ORACLE... ELF TABLE:
#	spill_reload's y in the slot gcc stores it to is right, 8 bytes up
#	it is wrong, 256 bytes up outside the frame, and spill_escape's a
#	in its slot is wrong from where spill_bump(&a), which writes it,
#	returns.

stack_line() {
	local pairs wrong outside spill what

	read -r pairs wrong outside < <(sed -n \
		's/^# stack slots checked: \([0-9]*\) pairs, \([0-9]*\) wrong, \([0-9]*\) outside the frame$/\1 \2 \3/p' "$3")
	spill=$(awk '/^(not )?ok [0-9]+ - spill_/ && match($0, /; stack slots [0-9]+ checks/) {
			n += substr($0, RSTART + 14, RLENGTH - 21) } END { print n + 0 }' "$3")
	what="$1$2: stack slots checked: ${pairs:-?} pairs, ${wrong:-?} wrong, ${outside:-?} outside the frame ($spill in spill.c)"
	if [ -z "$pairs" ] || [ "$wrong" -ne 0 ] || [ "$outside" -ne 0 ]; then
		not_ok "$what"
	elif [ "$4/$5" != O2/model ] || [ "$spill" -gt 0 ]; then
		ok "$what"
	else
		not_ok "$what: spill.c's spilled arguments are in no stack range"
	fi
}

# slot_run ARCH ELF DUMP FUNC PARAM REG DELTA ORACLE...: the oracle on
# slot_claim.py's table, its output in $tmp/out, "FROM TO RET K" in
# $tmp/where; its exit status.
slot_run() {
	python3 "$T/slot_claim.py" "$1" "$2" "$3" "$4" "$5" "$6" "$7" \
		> "$tmp/slot.jsonl" 2> "$tmp/where"
	local elf=$2

	shift 7
	"$@" "$elf" "$tmp/slot.jsonl" > "$tmp/out" 2>&1
}

stack_selftests() {
	local prefix=$1 arch=$2 elf=$3 dump=$4 y=rsi a=rdi
	local from to ret k rc n first

	shift 4
	[ "$arch" = arm64 ] && y=x1 a=x0
	slot_run "$arch" "$elf" "$dump" spill_reload y $y 0 "$@"
	rc=$?
	read -r from to ret k < "$tmp/where"
	n=$(sed -n 's/^ok [0-9]* - spill_reload: .*; stack slots \([0-9]*\) checks, 0 wrong, 0 outside the frame$/\1/p' "$tmp/out")
	[ "$rc" -eq 0 ] && [ "${n:-0}" -gt 0 ]
	result $? "${prefix}the oracle reads spill_reload(y) right in its slot sp+${k:-?} over [+0x${from:-?},+0x${to:-?}) (objdump; ${n:-0} stack checks, exit $rc)"

	slot_run "$arch" "$elf" "$dump" spill_reload y $y 8 "$@"
	rc=$?
	n=$(grep -c "^# WRONG spill_reload: y (long int) at +0x[0-9a-f]*: stack sp+$((k + 8)) = " "$tmp/out")
	[ "$rc" -eq 1 ] && [ "$n" -gt 0 ]
	result $? "${prefix}the oracle catches spill_reload(y) claimed 8 bytes above its slot ($n wrong values shown, exit $rc)"

	slot_run "$arch" "$elf" "$dump" spill_reload y $y 256 "$@"
	rc=$?
	n=$(grep -c "^# OUTSIDE THE FRAME spill_reload: y (long int) at +0x[0-9a-f]*: stack sp+$((k + 256)), 8 bytes at " "$tmp/out")
	[ "$rc" -eq 1 ] && [ "$n" -gt 0 ]
	result $? "${prefix}the oracle catches spill_reload(y) claimed at sp+$((k + 256)), above the CFA ($n slots outside the frame shown, exit $rc)"

	slot_run "$arch" "$elf" "$dump" spill_escape a $a 0 "$@"
	rc=$?
	read -r from to ret k < "$tmp/where"
	first=$(sed -n 's/^# WRONG spill_escape: a (long int) at +0x\([0-9a-f]*\): stack sp+.*/\1/p' "$tmp/out" | head -1)
	[ "$rc" -eq 1 ] && [ -n "$ret" ] && [ "$first" = "$ret" ]
	result $? "${prefix}the oracle catches spill_escape(a) claimed in its slot sp+${k:-?} after spill_bump(&a) wrote it (first wrong value at +0x${first:-?}, the call returns to +0x${ret:-?})"
}
