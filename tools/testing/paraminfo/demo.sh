#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# demo.sh GEN BUILD - what `make demo` shows.
#
# The model of the embedded default fixture (stats and per-function view),
# then each encoding's table for it and, when the Debian reference vmlinux
# is already cached, for that too: bytes, bytes per function, and whether
# the kernel decoders read it back to exactly the model.
set -eu
GEN=$1
BUILD=$2
T=$(dirname "$(realpath "$0")")
fixture=$BUILD/fixtures/default-O2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "== gen_paraminfo --stats $fixture (gcc -O2 -g)"
"$GEN" --stats "$fixture"
echo
echo "== what the table says about each function"
"$GEN" --text "$fixture"

# sizes ELF LABEL: one line per encoding.
sizes() {
	local elf=$1 n enc bytes same
	"$GEN" --dump "$elf" > "$tmp/model.jsonl"
	n=$(wc -l < "$tmp/model.jsonl")
	for enc in flat pool delta; do
		"$GEN" --encoding=$enc --format=bin -o "$tmp/$enc.bin" "$elf"
		bytes=$(stat -c %s "$tmp/$enc.bin")
		same=differs
		"$BUILD/pi_harness" --encoding=$enc --elf "$elf" "$tmp/$enc.bin" --dump |
			cmp -s - "$tmp/model.jsonl" && same=identical
		printf '%-10s %-6s %6d functions %10d bytes %7.1f B/function  decoded: %s\n' \
			"$2" $enc "$n" "$bytes" "$(echo "$bytes / $n" | bc -l)" "$same"
	done
}

# at FUNC N REGEX: FUNC+OFF of the N-th instruction of FUNC that matches
# REGEX in objdump's disassembly (offsets depend on the compiler).
at() {
	local base addr

	base=$(nm "$fixture" | awk -v f="$1" '$3 == f { print $1 }')
	addr=$(objdump -d --no-show-raw-insn "$fixture" |
		sed -n "/^0*$base <$1>:/,/^\$/p" | grep -E "$3" |
		sed -n "$2{s/^ *\([0-9a-f]*\):.*/\1/p}")
	[ -n "$base" ] && [ -n "$addr" ] &&
		printf '%s+0x%x\n' "$1" $((0x$addr - 0x$base))
}

# What an oops at these instructions would print: the fixture really runs
# to each one under ptrace, and the kernel's printer formats its registers.
# The last two show the machine-code proof: at a rep movsb the registers it
# steps are not the arguments any more, and in touch_pages' loop addr has
# been advanced by a page.
"$GEN" --encoding=delta -o "$tmp/demo.bin" "$fixture"
for spot in file_flush file_flush+0x14 sum8 pair_sum mixed_fp \
	    inode_mode_bits.isra.0 check_pos.cold \
	    "$(at rep_movsb_copy 1 'rep movsb')" \
	    "$(at touch_pages 2 'mov +%rdi,0x')"; do
	echo
	echo "== an oops at $spot would print (registers from a real stop there)"
	"$BUILD/pi_harness" --encoding=delta --elf "$fixture" "$tmp/demo.bin" \
		--run "$spot"
done

echo
echo "== the three encodings"
sizes "$fixture" fixture
vmlinux=${PARAMINFO_CACHE:-$HOME/.cache/paraminfo}/dbg/vmlinux-6.1.0-56-cloud-amd64
if [ -s "$vmlinux" ]; then
	sizes "$vmlinux" vmlinux
else
	echo "(the Debian 6.1 vmlinux is not cached yet: make check fetches it)"
fi
