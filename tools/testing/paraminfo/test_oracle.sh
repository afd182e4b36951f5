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
# the generator's own table must have N > 0 in fixtures/spill.c, which
# gcc makes spill its arguments, once ORACLE_STACK_REQUIRED=1: the
# generator does not emit stack slots yet, and until it does the line
# says SKIP when N is 0.
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

if [ ! -x "$ORACLE" ] || [ "$T/oracle.c" -nt "$ORACLE" ]; then
	cc -O2 -Wall -o "$ORACLE" "$T/oracle.c" -ldw -lelf || { result 1 "build the oracle"; exit 1; }
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

# stack_line TAG OUT LEVEL SRC: the KTAP line of the stack slots the
# oracle checked (OUT its output); at O2 the model needs some in spill.c.
stack_line() {
	local pairs wrong outside spill what

	read -r pairs wrong outside < <(sed -n \
		's/^# stack slots checked: \([0-9]*\) pairs, \([0-9]*\) wrong, \([0-9]*\) outside the frame$/\1 \2 \3/p' "$2")
	spill=$(awk '/^(not )?ok [0-9]+ - spill_/ && match($0, /; stack slots [0-9]+ checks/) {
			n += substr($0, RSTART + 14, RLENGTH - 21) } END { print n + 0 }' "$2")
	what="$1: stack slots checked: ${pairs:-?} pairs, ${wrong:-?} wrong, ${outside:-?} outside the frame ($spill in spill.c)"
	if [ -z "$pairs" ] || [ "$wrong" -ne 0 ] || [ "$outside" -ne 0 ]; then
		not_ok "$what"
	elif [ "$3/$4" != O2/model ] || [ "$spill" -gt 0 ]; then
		ok "$what"
	elif [ "${ORACLE_STACK_REQUIRED:-0}" = 1 ]; then
		not_ok "$what: spill.c's spilled arguments are in no stack range"
	else
		ok "$what # SKIP no stack ranges from the generator yet (ORACLE_STACK_REQUIRED=1 requires them)"
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
		stack_line "$tag" "$tmp/out" "$level" "$src"
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

	# Self-tests of the stack slots, on claims made from objdump alone:
	# spill_reload's y where gcc stores it, from that store to the add
	# that pops the frame, must be checked and right; the slot 8 bytes up
	# must be caught as wrong, and one 256 bytes up as outside the frame.
	# spill_escape's a in its slot is right until spill_bump(&a) writes
	# it: the first wrong value is where the call returns.
	slot_claim() {	# FUNC PARAM REG DELTA: $tmp/slot.jsonl, $tmp/where
		objdump -d --no-show-raw-insn "$elf" |
			awk -v f="$1" '$0 ~ "^[0-9a-f]+ <" f ">:" { on = 1; next } /^$/ { on = 0 } on' |
			python3 -c '
import json, re, sys
fn, pn, reg, delta, dump = sys.argv[1:]
ins = []
for line in sys.stdin:
    m = re.match(r"\s*([0-9a-f]+):\s+(.*)$", line)
    if m:
        ins.append((int(m.group(1), 16), " ".join(m.group(2).split())))
base = ins[0][0]
store = [i for i, (_, t) in enumerate(ins) if re.fullmatch(
    r"mov %%%s,(0x[0-9a-f]+)?\(%%rsp\)" % reg, t)][0]
k = int(re.search(r",(0x[0-9a-f]+)?\(", ins[store][1]).group(1) or "0", 16)
pop = [a for a, t in ins[store:] if re.fullmatch(r"add \$0x[0-9a-f]+,%rsp", t)][0]
call = [ins[i + 1][0] for i in range(store, len(ins) - 1)
        if ins[i][1].startswith("call")][0]
for line in open(dump):
    f = json.loads(line)
    if f["name"] == fn:
        for p in f["params"]:
            if p["name"] == pn:
                p["locs"] = [{"from": ins[store + 1][0] - base,
                              "to": pop - base, "stack": k + int(delta)}]
        line = json.dumps(f, separators=(",", ":")) + "\n"
    sys.stdout.write(line)
print("%x %x %x %d" % (ins[store + 1][0] - base, pop - base, call - base, k),
      file=sys.stderr)
' "$1" "$2" "$3" "$4" "$tmp/O2.jsonl" > "$tmp/slot.jsonl" 2> "$tmp/where"
	}
	slot_claim spill_reload y rsi 0
	read -r from to ret k < "$tmp/where"
	"$ORACLE" "$elf" "$tmp/slot.jsonl" > "$tmp/out" 2>&1
	rc=$?
	checks=$(sed -n 's/^ok [0-9]* - spill_reload: .*; stack slots \([0-9]*\) checks, 0 wrong, 0 outside the frame$/\1/p' "$tmp/out")
	[ "$rc" -eq 0 ] && [ "${checks:-0}" -gt 0 ]
	result $? "the oracle reads spill_reload(y) right in its slot sp+${k:-?} over [+0x${from:-?},+0x${to:-?}) (objdump; ${checks:-0} stack checks, exit $rc)"

	slot_claim spill_reload y rsi 8
	"$ORACLE" "$elf" "$tmp/slot.jsonl" > "$tmp/out" 2>&1
	rc=$?
	wrong=$(grep -c "^# WRONG spill_reload: y (long int) at +0x[0-9a-f]*: stack sp+$((k + 8)) = " "$tmp/out")
	[ "$rc" -eq 1 ] && [ "$wrong" -gt 0 ]
	result $? "the oracle catches spill_reload(y) claimed 8 bytes above its slot ($wrong wrong values shown, exit $rc)"

	slot_claim spill_reload y rsi 256
	"$ORACLE" "$elf" "$tmp/slot.jsonl" > "$tmp/out" 2>&1
	rc=$?
	outside=$(grep -c "^# OUTSIDE THE FRAME spill_reload: y (long int) at +0x[0-9a-f]*: stack sp+$((k + 256)), 8 bytes at " "$tmp/out")
	[ "$rc" -eq 1 ] && [ "$outside" -gt 0 ]
	result $? "the oracle catches spill_reload(y) claimed at sp+$((k + 256)), above the CFA ($outside slots outside the frame shown, exit $rc)"

	slot_claim spill_escape a rdi 0
	read -r from to ret k < "$tmp/where"
	"$ORACLE" "$elf" "$tmp/slot.jsonl" > "$tmp/out" 2>&1
	rc=$?
	first=$(sed -n 's/^# WRONG spill_escape: a (long int) at +0x\([0-9a-f]*\): stack sp+.*/\1/p' "$tmp/out" | head -1)
	[ "$rc" -eq 1 ] && [ -n "$ret" ] && [ "$first" = "$ret" ]
	result $? "the oracle catches spill_escape(a) claimed in its slot sp+${k:-?} after spill_bump(&a) wrote it (first wrong value at +0x${first:-?}, the call returns to +0x${ret:-?})"
fi
ktap_done oracle
