#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Bad input to gen_paraminfo: each case must end with exit status 1, one
# "gen_paraminfo: FILE: problem" line on stderr naming the problem, and
# nothing on stdout (no half-written dump). A crash (signal) or a hang
# (bounded by timeout) fails.
set -u
: "${GEN:?}" "${T:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
fails=0

# expect NAME FILE REGEX: run the generator on FILE, check the outcome.
expect() {
	local name=$1 file=$2 regex=$3 rc
	n=$((n + 1))
	timeout 60 "$GEN" --dump "$file" > "$tmp/out" 2> "$tmp/err"
	rc=$?
	if [ "$rc" -eq 1 ] && [ ! -s "$tmp/out" ] &&
	   [ "$(wc -l < "$tmp/err")" -eq 1 ] &&
	   grep -qE "^gen_paraminfo: .*$regex" "$tmp/err"; then
		echo "ok $n - $name: $(cat "$tmp/err")"
	else
		echo "not ok $n - $name (exit $rc, $(wc -c < "$tmp/out") bytes on stdout)"
		sed 's/^/# stderr: /' "$tmp/err" | head -5
		fails=$((fails + 1))
	fi
}

cat > "$tmp/in.c" <<'SRC'
struct pair { long a, b; };
__attribute__((noinline)) long add(long x, struct pair p) { return x + p.a + p.b; }
int main(int argc, char **argv) { struct pair p = { argc, 2 }; return add(argc, p) == 7; }
SRC
cat > "$tmp/s.S" <<'SRC'
	.globl _start
_start:	ret
SRC
cc -O2 -g -o "$tmp/good" "$tmp/in.c"
cc -O2 -c -o "$tmp/nodebug.o" "$tmp/in.c"
cc -O2 -o "$tmp/nodebug" "$tmp/in.c"
cc -O2 -g -gsplit-dwarf -o "$tmp/split" "$tmp/in.c" 2> /dev/null
( cd "$tmp" && cc -O2 -g -gdwarf-4 -gsplit-dwarf -o split4 in.c )
objcopy --strip-all --keep-section='.debug_*' "$tmp/good" "$tmp/nosymtab"
objcopy --only-keep-debug "$tmp/good" "$tmp/debugonly"
as --32 -g -o "$tmp/s32.o" "$tmp/s.S" && ld -m elf_i386 -o "$tmp/elf32" "$tmp/s32.o"
size=$(stat -c %s "$tmp/good")
: > "$tmp/empty"
echo "not an ELF file at all" > "$tmp/text"

# Sanity: the good input is accepted, or every case below proves nothing.
n=$((n + 1))
if "$GEN" --dump "$tmp/good" | grep -q '"name":"add"'; then
	echo "ok $n - the unmodified input is accepted"
else
	echo "not ok $n - the unmodified input is accepted"
	fails=$((fails + 1))
fi

expect "missing file" "$tmp/missing" "cannot open: No such file"
expect "a directory" "$tmp" "not a regular file"
expect "empty file" "$tmp/empty" "not an ELF file"
expect "text file" "$tmp/text" "not an ELF file"
for cut in 64 100 $((size / 2)) $((size - 1)); do
	head -c "$cut" "$tmp/good" > "$tmp/cut$cut"
	expect "ELF truncated to $cut bytes" "$tmp/cut$cut" "truncated ELF"
done
expect "32-bit ELF" "$tmp/elf32" "not a 64-bit ELF"
# e_machine = 243 (EM_RISCV): a third architecture.
"$T/elfpatch.py" "$tmp/good" - 0x12 f300 "$tmp/riscv"
expect "RISC-V ELF" "$tmp/riscv" "machine 243 is neither x86-64 nor AArch64"
# EI_DATA = ELFDATA2MSB with e_machine = 183, big-endian: aarch64_be.
"$T/elfpatch.py" "$tmp/good" - 0x12 00b7 "$tmp/aarch64"
"$T/elfpatch.py" "$tmp/aarch64" - 5 02 "$tmp/aarch64be"
expect "big-endian AArch64 ELF" "$tmp/aarch64be" "big-endian ELF file"
# A relocatable object is read through libdwfl (kmod.c), if it has DWARF.
expect "relocatable object without DWARF" "$tmp/nodebug.o" "no DWARF debug info"
expect "no debug info" "$tmp/nodebug" "no DWARF debug info"
expect "split DWARF 5 (skeleton units)" "$tmp/split" "split DWARF"
expect "split DWARF 4 (GNU dwo_name)" "$tmp/split4" "split DWARF"
expect "no .symtab" "$tmp/nosymtab" "no .symtab"
# --only-keep-debug leaves .text as NOBITS: without the code no value can
# be proven, so no table is made.
expect "debug-only file (no code bytes)" "$tmp/debugonly" "no code bytes for "
# Kernel patch tables the proof cannot read must stop it, not be skipped:
# 24 bytes fit neither .altinstructions layout (12- or 14-byte entries
# pointing at code), and an __ex_table entry pointing outside the code is
# not the layout the reader knows.
printf '\377%.0s' $(seq 24) > "$tmp/garbage"
for sec in .altinstructions __ex_table; do
	objcopy --add-section "$sec=$tmp/garbage" \
		--set-section-flags "$sec=alloc,load,readonly,data" \
		"$tmp/good" "$tmp/bad$sec" 2> /dev/null
done
expect "unreadable .altinstructions" "$tmp/bad.altinstructions" \
	".altinstructions: no known entry layout fits"
expect "unreadable __ex_table" "$tmp/bad__ex_table" \
	"__ex_table: entry 0 points outside the code"
# The first abbreviation's first attribute gets form 0x7e, which no DWARF
# version defines.
"$T/elfpatch.py" "$tmp/good" .debug_abbrev 4 7e "$tmp/badform"
expect "unknown DWARF form" "$tmp/badform" "corrupt DWARF"
# The first DIE of the first unit gets an abbreviation code that is not
# in the table.
"$T/elfpatch.py" "$tmp/good" .debug_info 12 7f "$tmp/badcode"
expect "undefined abbreviation code" "$tmp/badcode" "corrupt DWARF"

echo "# bad input: $((n - fails)) passed, $fails failed"
[ "$fails" -eq 0 ]
