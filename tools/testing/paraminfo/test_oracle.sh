#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Accuracy oracle: for the default fixture at -O2, -O1 and -Os, dump the
# table with $GEN and let oracle call every function under ptrace with
# values it chose, checking every register and stack slot the table claims
# at every instruction. Any wrong value fails, and so does a stack slot
# outside the frame ([rsp, CFA), the CFA from .eh_frame). A deliberately
# corrupted table must be caught, or the oracle proves nothing.
#
# Each table gets a line "stack slots checked: N pairs, M wrong"; at -O2
# the generator's own table must have some in fixtures/spill.c, which gcc
# makes spill its arguments (oracle_stack.sh).
#
# ORACLE_DUMP="command args" replaces "$GEN --dump" (e.g. a script that
# encodes the table and prints pi_harness's decoded dump); it gets ELF last.
# ORACLE_TABLES="model flat pool delta" says which tables are checked: the
# generator's model and each encoding decoded by the kernel decoders.
# ORACLE_SP=0 drops the fixtures built with -O2 -fstack-protector-all, whose
# DWARF from gcc 12 ignores the canary's scratch register: they check that
# gen_paraminfo ends those ranges (scripts/paraminfo/clobber.c). O2sp reads
# the canary from %fs:0x28 (glibc's TLS guard); O2spg from the global
# __stack_chk_guard (-mstack-protector-guard=global); O2spgs the Linux 6.15
# way, %gs:__stack_chk_guard(%rip) (-mstack-protector-guard-reg=gs
# -mstack-protector-guard-symbol=): the gs base is 0 in a user process, so
# that reads the symbol fixtures/machine.c defines.
set -u
: "${GEN:?}" "${BUILD:?}" "${T:?}"
ORACLE=${ORACLE:-$BUILD/oracle}
read -ra dump <<< "${ORACLE_DUMP:-$GEN --dump}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$T/ktap.sh"
. "$T/oracle_stack.sh"

if [ ! -x "$ORACLE" ] || [ "$T/oracle.c" -nt "$ORACLE" ] ||
   [ "$T/oracle_dump.c" -nt "$ORACLE" ] || [ "$T/oracle_unwind.c" -nt "$ORACLE" ] ||
   [ "$T/oracle.h" -nt "$ORACLE" ]; then
	cc -O2 -Wall -o "$ORACLE" "$T/oracle.c" "$T/oracle_dump.c" "$T/oracle_unwind.c" -ldw -lelf ||
		{ result 1 "build the oracle"; exit 1; }
fi

levels="O2 O1 Os"
if [ "${ORACLE_SP:-1}" = 1 ]; then
	mkdir -p "$tmp/fixtures"
	cc -O2 -fstack-protector-all -g -fno-pie -no-pie -o "$tmp/fixtures/default-O2sp" \
		"$T"/fixtures/*.c && levels="$levels O2sp"
	cc -O2 -fstack-protector-all -mstack-protector-guard=global -g -fno-pie -no-pie \
		-o "$tmp/fixtures/default-O2spg" "$T"/fixtures/*.c && levels="$levels O2spg"
	cc -O2 -fstack-protector-all -mstack-protector-guard=tls -mstack-protector-guard-reg=gs \
		-mstack-protector-guard-symbol=__stack_chk_guard -g -fno-pie -no-pie \
		-o "$tmp/fixtures/default-O2spgs" "$T"/fixtures/*.c && levels="$levels O2spgs"
	# The symbol-guard builds must really read the symbol, not %fs:0x28.
	guard='0x[0-9a-f]+\(%rip\),%r[a-z0-9]+ +# [0-9a-f]+ <__stack_chk_guard>'
	canary() {	# canary LEVEL LOAD: LOAD$guard is the canary load
		objdump -d --no-show-raw-insn "$tmp/fixtures/default-$1" |
			awk '/^[0-9a-f]+ <file_pos_add>:/ { on = 1; next } /^$/ { on = 0 } on' \
			> "$tmp/canary"
		! grep -q '%fs:0x28' "$tmp/canary" && grep -Eq "$2$guard" "$tmp/canary"
		result $? "$1: file_pos_add reads its canary RIP-relative from __stack_chk_guard, not %fs:0x28 (objdump)"
	}
	canary O2spg 'mov +'
	canary O2spgs 'mov +%gs:'
fi

# table ELF SOURCE OUT: the dump the oracle checks. "model" is what the
# generator prints; an encoding name is that table as the kernel decoders
# read it back (pi_harness), so every encoding is held to the same bar.
table() {
	if [ "$2" = model ]; then
		"${dump[@]}" "$1"
	else
		"$GEN" --encoding="$2" -o "$tmp/t.bin" "$1" &&
			"$BUILD/pi_harness" --encoding="$2" --elf "$1" "$tmp/t.bin" --dump
	fi
}

for level in $levels; do
	elf=$BUILD/fixtures/default-$level
	case $level in O2sp*) elf=$tmp/fixtures/default-$level ;; esac
	if [ ! -x "$elf" ]; then
		result 1 "$level: fixture $elf not built"
		continue
	fi
	for src in ${ORACLE_TABLES:-model flat pool delta}; do
		tag=$level/$src
		[ "$src" = model ] && tag=$level
		if ! table "$elf" "$src" > "$tmp/${tag/\//-}.jsonl" 2> "$tmp/err"; then
			sed 's/^/# /' "$tmp/err"
			result 1 "$tag: cannot make the table"
			continue
		fi
		timeout 600 "$ORACLE" "$elf" "$tmp/${tag/\//-}.jsonl" > "$tmp/out" 2> "$tmp/err"
		rc=$?
		# Renumber the oracle's lines and prefix them with the level.
		while IFS= read -r line; do
			case $line in
			"ok "*)
				result 0 "$tag ${line#* - }" ;;
			"not ok "*)
				result 1 "$tag ${line#* - }" ;;
			"# "*)
				echo "# $tag: ${line#\# }" ;;
			esac
		done < "$tmp/out"
		sed 's/^/# stderr: /' "$tmp/err"
		if [ "$rc" -ne 0 ] && [ "$rc" -ne 1 ]; then
			result 1 "$tag: oracle exited with status $rc"
		fi
		stack_line "" "$tag" "$tmp/out" "$level" "$src"
	done
done

# Self-test: rdi and rsi swapped in every location must be caught.
if [ -s "$tmp/O2.jsonl" ]; then
	sed -e 's/"reg":"rdi"/"reg":"@"/g; s/"reg":"rsi"/"reg":"rdi"/g; s/"reg":"@"/"reg":"rsi"/g' \
		"$tmp/O2.jsonl" > "$tmp/bad.jsonl"
	"$ORACLE" "$BUILD/fixtures/default-O2" "$tmp/bad.jsonl" > "$tmp/out" 2>&1
	rc=$?
	wrong=$(grep -c '^# WRONG' "$tmp/out")
	[ "$rc" -eq 1 ] && [ "$wrong" -gt 0 ]
	result $? "the oracle catches a table with rdi and rsi swapped ($wrong wrong values shown, exit $rc)"

	# Self-test: single-stepping stops after each iteration of a rep movsb,
	# RIP still on it and rdi advanced. A table claiming rep_movsb_copy's
	# dst in rdi over the whole function must give a wrong value at the
	# rep's own offset more than once.
	elf=$BUILD/fixtures/default-O2
	line=$(grep '"name":"rep_movsb_copy"' "$tmp/O2.jsonl")
	addr=$(sed -n 's/.*"addr":"0x\([0-9a-f]*\)".*/\1/p' <<< "$line")
	size=$(sed -n 's/.*"size":\([0-9]*\).*/\1/p' <<< "$line")
	rep=$(objdump -d --no-show-raw-insn "$elf" |
		awk '/^[0-9a-f]+ <rep_movsb_copy>:/ { on = 1; next } /^$/ { on = 0 }
		     on && /\trep movsb / { sub(":", "", $1); print $1 }')
	off=$(printf '%x' $((0x${rep:-0} - 0x${addr:-0})))
	{
		grep -v '"name":"rep_movsb_copy"' "$tmp/O2.jsonl"
		printf '{"name":"rep_movsb_copy","addr":"0x%s","size":%s,"params":[' "$addr" "$size"
		printf '{"name":"dst","type":"void *","abi":"rdi","locs":[{"from":0,"to":%s,"reg":"rdi"}]},' "$size"
		printf '{"name":"src","type":"const void *","abi":"rsi","locs":[]},'
		printf '{"name":"len","type":"size_t","abi":"rdx","locs":[]}]}\n'
	} > "$tmp/rep.jsonl"
	"$ORACLE" "$elf" "$tmp/rep.jsonl" > "$tmp/out" 2>&1
	at_rep=$(grep -c "^# WRONG rep_movsb_copy: dst (void \*) at +0x$off: rdi = " "$tmp/out")
	[ -n "$rep" ] && [ "$at_rep" -ge 2 ]
	result $? "the oracle stops on rep movsb (rep_movsb_copy+0x$off) once per iteration and checks there ($at_rep wrong values at the rep)"

	# Stack slots claimed from objdump alone, right and wrong.
	stack_selftests "" x86-64 "$elf" "$tmp/O2.jsonl" "$ORACLE"
fi
ktap_done oracle
