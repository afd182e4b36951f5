#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Accuracy oracle on AArch64: the default fixture cross-built with
# aarch64-linux-gnu-gcc at -O2, -O1 and -Os (build/fixtures/arm64-*), its
# table dumped with $GEN, and oracle_arm64.py calling every function under
# qemu-aarch64's gdbstub with values it chose, checking every register the
# table claims at every instruction of the function's frame, and every
# stack slot. Any wrong value fails, and so does a stack slot outside the
# frame ([sp, CFA), the CFA from the call frame information). Corrupted
# tables must be caught, or the oracle proves nothing: x0 and x1 swapped
# everywhere, a pointer claimed in its register across an ldp post-index
# writeback and an LSE swap that overwrite it, and stack slots claimed
# at the wrong offset, outside the frame and after a callee wrote them.
#
# Each table gets a line "stack slots checked: N pairs, M wrong"; at -O2
# the generator's own table must have some in fixtures/spill.c
# (oracle_stack.sh).
#
# ORACLE_TABLES="model flat pool delta" says which tables are checked: the
# generator's model and each encoding as the kernel decoders read it back
# (pi_harness), as in test_oracle.sh.
set -u
: "${GEN:?}" "${BUILD:?}" "${T:?}"
ROOT=$(realpath "$T/../../..")
ORACLE=$T/oracle_arm64.py
OBJDUMP=aarch64-linux-gnu-objdump
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$T/ktap.sh"
. "$T/oracle_stack.sh"

if ! "$T/install-deps.sh" gcc-aarch64-linux-gnu libc6-dev-arm64-cross \
		binutils-aarch64-linux-gnu qemu-user > "$tmp/err" 2>&1; then
	sed 's/^/# /' "$tmp/err"
	result 1 "the AArch64 cross compiler and qemu-user are installed"
	ktap_done oracle_arm64
	exit 1
fi

# O2p: gcc's hot/cold partitioning is off by default on AArch64 (on for
# x86-64); with it check_pos's unlikely branch becomes check_pos.cold,
# which the oracle checks in check_pos's frame.
mkdir -p "$tmp/fixtures"
# table ELF SOURCE: the dump the oracle checks. "model" is what the
# generator prints; an encoding name is that table as the kernel decoders
# read it back (pi_harness), so every encoding is held to the same bar.
table() {
	if [ "$2" = model ]; then
		"$GEN" --dump "$1"
	else
		"$GEN" --encoding="$2" -o "$tmp/t.bin" "$1" &&
			"$BUILD/pi_harness" --encoding="$2" --elf "$1" "$tmp/t.bin" --dump
	fi
}

levels="O2 O1 Os"
aarch64-linux-gnu-gcc -O2 -freorder-blocks-and-partition -g -static -fno-pie -no-pie \
	-o "$tmp/fixtures/arm64-O2p" "$T"/fixtures/*.c && levels="$levels O2p"
for level in $levels; do
	elf=$BUILD/fixtures/arm64-$level
	[ "$level" = O2p ] && elf=$tmp/fixtures/arm64-$level
	# make rebuilds a fixture older than its sources, and only then.
	if [ "$level" != O2p ] &&
	   ! nice make -s -C "$ROOT" BUILD="$BUILD" "$elf" > "$tmp/err" 2>&1; then
		sed 's/^/# /' "$tmp/err"
		result 1 "$level: build the fixture $elf"
		continue
	fi
	for src in ${ORACLE_TABLES:-model flat pool delta}; do
		tag=$level/$src
		[ "$src" = model ] && tag=$level
		out=$tmp/${tag/\//-}.jsonl
		if ! table "$elf" "$src" > "$out" 2> "$tmp/err"; then
			sed 's/^/# /' "$tmp/err"
			result 1 "$tag: cannot make the table"
			continue
		fi
		timeout 300 nice python3 "$ORACLE" "$elf" "$out" > "$tmp/out" 2> "$tmp/err"
		rc=$?
		# Renumber the oracle's lines and prefix them with the level.
		while IFS= read -r line; do
			case $line in
			"ok "*)
				result 0 "arm64 $tag ${line#* - }" ;;
			"not ok "*)
				result 1 "arm64 $tag ${line#* - }" ;;
			"# "*)
				echo "# arm64 $tag: ${line#\# }" ;;
			esac
		done < "$tmp/out"
		sed 's/^/# stderr: /' "$tmp/err"
		if [ "$rc" -ne 0 ] && [ "$rc" -ne 1 ]; then
			result 1 "arm64 $tag: oracle exited with status $rc"
		fi
		stack_line "arm64 " "$tag" "$tmp/out" "$level" "$src"
		[ "$src" = model ] && cp "$tmp/out" "$tmp/$level.out"
	done
done

if [ ! -s "$tmp/O2.jsonl" ]; then
	result 1 "arm64: the self-tests of the oracle need the O2 table"
	ktap_done oracle_arm64
	exit 1
fi
elf=$BUILD/fixtures/arm64-O2

# The exclusive loop runs to its end: stepping it would never end.
grep -Eq '^ok [0-9]+ - a64_llsc_add: [1-9][0-9]* steps' "$tmp/O2.out" &&
	grep -q '^# a64_llsc_add: +0x[0-9a-f]*\.\.+0x[0-9a-f]*: an exclusive sequence' "$tmp/O2.out"
result $? "arm64: the oracle gets through a64_llsc_add's ldxr/stxr loop (run without stepping from the ldxr to the stxr)"

# The partitioned build has a .cold part, and the oracle stepped it.
grep -Eq '^# check_pos\.cold: checked in the frame of check_pos: [1-9][0-9]* steps' \
	"$tmp/O2p.out" 2> /dev/null
result $? "arm64 O2p: check_pos.cold is checked in the frame of check_pos (its steps counted there)"

# Self-test: x0 and x1 swapped in every location must be caught.
sed -e 's/"reg":"x0"/"reg":"@"/g; s/"reg":"x1"/"reg":"x0"/g; s/"reg":"@"/"reg":"x1"/g' \
	"$tmp/O2.jsonl" > "$tmp/bad.jsonl"
python3 "$ORACLE" "$elf" "$tmp/bad.jsonl" > "$tmp/out" 2>&1
rc=$?
wrong=$(grep -c '^# WRONG' "$tmp/out")
[ "$rc" -eq 1 ] && [ "$wrong" -gt 0 ]
result $? "arm64: the oracle catches a table with x0 and x1 swapped ($wrong wrong values shown, exit $rc)"

# claim_all FUNC PARAM REG: the O2 table with FUNC's PARAM claimed in REG
# over the whole function and no other claim in FUNC.
claim_all() {
	local line addr size

	line=$(grep "\"name\":\"$1\"" "$tmp/O2.jsonl")
	[ -n "$line" ] || return 1
	addr=$(sed -n 's/.*"addr":"0x\([0-9a-f]*\)".*/\1/p' <<< "$line")
	size=$(sed -n 's/.*"size":\([0-9]*\).*/\1/p' <<< "$line")
	grep -v "\"name\":\"$1\"" "$tmp/O2.jsonl"
	python3 - "$line" "$2" "$3" <<- 'EOF'
		import json, sys
		f = json.loads(sys.argv[1])
		for p in f["params"]:
		    p["locs"] = [{"from": 0, "to": f["size"], "reg": sys.argv[3]}] \
		        if p["name"] == sys.argv[2] else []
		print(json.dumps(f, separators=(",", ":")))
	EOF
	echo "$addr $size" > "$tmp/where"
}

# insn_off FUNC REGEX: the offset of FUNC's instruction matching REGEX
# (objdump), in hex.
insn_off() {
	local addr

	read -r addr _ < "$tmp/where"
	$OBJDUMP -d --no-show-raw-insn "$elf" |
		awk -v f="$1" -v re="$2" '$0 ~ "^[0-9a-f]+ <" f ">:" { on = 1; next }
			/^$/ { on = 0 } on && $0 ~ re { sub(":", "", $1); print $1; exit }' |
		{ read -r at && printf '%x\n' $((0x$at - 0x$addr)); }
}

# Self-tests: a writeback and an LSE atomic overwrite the argument's own
# register; the instruction after each must see a wrong value there.
for t in "a64_ldp_post p x0 ldp\tx[0-9]+, x[0-9]+, \\[x0\\], #16" \
	 "a64_stp_pre p x0 stp\tx[0-9]+, x[0-9]+, \\[x0, #16\\]!" \
	 "a64_lse_swap v x1 swpal\tx1, x1, \\[x0\\]"; do
	read -r fn pn reg re <<< "$t"
	off=
	claim_all "$fn" "$pn" "$reg" > "$tmp/claim.jsonl" && off=$(insn_off "$fn" "$re")
	python3 "$ORACLE" "$elf" "$tmp/claim.jsonl" > "$tmp/out" 2>&1
	next=$(printf '%x' $((0x${off:-0} + 4)))
	hit=$(grep -c "^# WRONG $fn: $pn ([^)]*) at +0x$next: $reg = " "$tmp/out")
	[ -n "$off" ] && [ "$hit" -eq 1 ]
	result $? "arm64: a table claiming $fn($pn) in $reg throughout is caught right after the ${re%%\\t*} at +0x${off:-?} (wrong at +0x$next)"
done

# Stack slots claimed from objdump alone, right and wrong.
stack_selftests "arm64: " arm64 "$elf" "$tmp/O2.jsonl" python3 "$ORACLE"
ktap_done oracle_arm64
