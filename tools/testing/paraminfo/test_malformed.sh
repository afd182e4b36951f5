#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The generator's malformed-input suite, on the -O2 fixture (several units,
# location lists, a real .symtab):
#
#   - the ELF truncated at dozens of offsets spread over the file and inside
#     .debug_info, .debug_abbrev, .debug_loclists, .debug_str, .symtab and
#     .strtab (this also cuts off the section headers, which are last);
#   - section headers intact but a section's extent, or its offset, past the
#     end of the file; ELF headers with section headers out of the file,
#     too many of them, a bad string-table index or entry size;
#   - random bytes of .debug_info, .debug_abbrev, .debug_loclists,
#     .debug_str, .symtab and .strtab overwritten (PI_MALFORMED_SEEDS seeds
#     per section, default 20; deterministic);
#   - DWARF 4 and DWARF 5 builds of the fixture (accepted: the same model),
#     split DWARF 4 and 5, a 32-bit ELF, a big-endian header, a RISC-V
#     ELF (e_machine patched), an empty file, a directory, a missing file;
#     and a real AArch64 ELF (aarch64-linux-gnu-gcc), which is accepted.
#
# Every malformed input must end with exit status 1, exactly one
# "gen_paraminfo: FILE: ..." line on stderr, nothing on stdout and no output
# file; or, where overwritten bytes still form valid input, exit 0 with a
# table that the kernel's decoder (pi_harness) decodes back to the
# generator's own --dump. A signal, another status or a hang (timeout,
# PI_MALFORMED_TIMEOUT s, default 30) fails. With --asan the generator under
# test is BUILD/san/gen_paraminfo (built by test_sanitize.sh, ASan+UBSan)
# and there are 40 seeds per section; PI_MALFORMED_GEN names any other
# build. KTAP.
set -u
: "${GEN:?}" "${BUILD:?}" "${T:?}"
G=${PI_MALFORMED_GEN:-$GEN}
seeds=${PI_MALFORMED_SEEDS:-20}
if [ "${1:-}" = --asan ]; then
	G=$BUILD/san/gen_paraminfo
	seeds=${PI_MALFORMED_SEEDS:-40}
	if [ ! -x "$G" ]; then
		echo "not ok 1 - $G exists (test_sanitize.sh builds it)"
		exit 1
	fi
	export ASAN_OPTIONS=detect_leaks=1:exitcode=99
	export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:exitcode=99
fi
H=$BUILD/pi_harness
M=$T/fuzz/malform.py
limit=${PI_MALFORMED_TIMEOUT:-30}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$T/ktap.sh"
encs=(flat pool delta)

# gen ENC FILE: run the generator once; sets rc.
gen() {
	rm -f "$tmp/out.bin"
	timeout "$limit" "$G" --encoding="$1" --format=bin -o "$tmp/out.bin" "$2" \
		> "$tmp/stdout" 2> "$tmp/stderr"
	rc=$?
}

# rejected: did the last run fail cleanly, with one message naming FILE?
rejected() {
	[ "$rc" -eq 1 ] && [ ! -s "$tmp/stdout" ] && [ ! -e "$tmp/out.bin" ] &&
		[ "$(wc -l < "$tmp/stderr")" -eq 1 ] &&
		[[ "$(cat "$tmp/stderr")" == "gen_paraminfo: $1: "?* ]]
}

# decodes ENC FILE: the table of the last run decodes to the model of FILE.
decodes() {
	local elf=()

	[ "$1" = delta ] && elf=(--elf "$2")
	timeout "$limit" "$H" --encoding="$1" "${elf[@]}" "$tmp/out.bin" --dump \
		> "$tmp/decoded" 2> "$tmp/harness.err" &&
		timeout "$limit" "$G" --dump "$2" > "$tmp/model" 2> /dev/null &&
		cmp -s "$tmp/decoded" "$tmp/model"
}

why() {
	echo "# exit $rc, $(wc -c < "$tmp/stdout") bytes on stdout, output file $([ -e "$tmp/out.bin" ] && echo left || echo none)"
	head -3 "$tmp/stderr" | sed 's/^/# stderr: /'
	[ -s "$tmp/harness.err" ] && head -3 "$tmp/harness.err" | sed 's/^/# harness: /'
}

# reject NAME FILE [REGEX]: the input must be refused with one message.
reject() {
	local name=$1 file=$2 regex=${3:-}

	gen "${encs[n % 3]}" "$file"
	if rejected "$file" && grep -qE -- "$regex" "$tmp/stderr"; then
		ok "$name: $(cut -d: -f3- < "$tmp/stderr" | cut -c2-)"
	else
		not_ok "$name"
		why
	fi
}

# either NAME FILE ENC: refused cleanly, or accepted with a decodable table.
either() {
	local name=$1 file=$2 enc=$3

	rm -f "$tmp/harness.err"
	gen "$enc" "$file"
	if rejected "$file"; then
		ok "$name: refused: $(cut -d: -f3- < "$tmp/stderr" | cut -c2-)"
	elif [ "$rc" -eq 0 ] && decodes "$enc" "$file"; then
		ok "$name: accepted, the $enc table decodes to the model"
	else
		not_ok "$name"
		why
	fi
}

base=$tmp/fixture
cp "$BUILD/fixtures/default-O2" "$base"
size=$(stat -c %s "$base")
python3 "$M" sections "$base" > "$tmp/sections"
n=$((n + 1))
if "$G" --dump "$base" > /dev/null; then
	echo "ok $n - the unmodified fixture is accepted"
else
	echo "not ok $n - the unmodified fixture is accepted"
	fails=$((fails + 1))
fi

# Truncation: 24 places spread over the file, then into key sections.
for i in $(seq 0 23); do
	cut=$((size * i / 24 + i))
	head -c "$cut" "$base" > "$tmp/cut"
	reject "truncated to $cut of $size bytes" "$tmp/cut" "truncated ELF|not an ELF"
done
wanted=(.debug_info .debug_abbrev .debug_loclists .debug_str .symtab .strtab)
for sec in "${wanted[@]}"; do
	read -r off len < <(awk -v s="$sec" '$1 == s { print $2, $3 }' "$tmp/sections")
	if [ -z "${off:-}" ]; then
		not_ok "the fixture has a $sec section"
		continue
	fi
	for cut in $((off + 1)) $((off + len / 2)) $((off + len - 1)); do
		head -c "$cut" "$base" > "$tmp/cut"
		reject "truncated inside $sec at $cut" "$tmp/cut" "truncated ELF"
	done
done

# Section headers intact, the data they describe not in the file.
for sec in "${wanted[@]}"; do
	python3 "$M" extent "$base" "$sec" "$tmp/ext" &&
		reject "$sec extends past the end of the file" "$tmp/ext"
	python3 "$M" offset "$base" "$sec" "$tmp/ext" &&
		reject "$sec starts past the end of the file" "$tmp/ext"
done
for field in shoff shnum shstrndx; do
	python3 "$M" ehdr "$base" "$field" "$tmp/ehdr" &&
		reject "ELF header: bad e_$field" "$tmp/ehdr"
done
# libelf reads section headers at their own size: e_shentsize is not used.
python3 "$M" ehdr "$base" shentsize "$tmp/ehdr" &&
	either "ELF header: bad e_shentsize" "$tmp/ehdr" flat

# Overwritten bytes: refused, or a table that decodes.
for sec in "${wanted[@]}"; do
	accepted=0
	refused=0
	bad=0
	for seed in $(seq 1 "$seeds"); do
		enc=${encs[seed % 3]}
		python3 "$M" overwrite "$base" "$sec" "$seed" "$tmp/ow"
		rm -f "$tmp/harness.err"
		gen "$enc" "$tmp/ow"
		if rejected "$tmp/ow"; then
			refused=$((refused + 1))
		elif [ "$rc" -eq 0 ] && decodes "$enc" "$tmp/ow"; then
			accepted=$((accepted + 1))
		else
			bad=$((bad + 1))
			echo "# $sec seed $seed ($enc):"
			why
			cp "$tmp/ow" "$BUILD/malformed-$sec-$seed"
			echo "# kept as $BUILD/malformed-$sec-$seed"
		fi
	done
	if [ $bad -eq 0 ]; then
		ok "$sec overwritten, $seeds seeds: $refused refused, $accepted accepted and decoded"
	else
		not_ok "$sec overwritten, $seeds seeds: $bad neither refused cleanly nor decoded"
	fi
done

# DWARF versions: both accepted, and they describe the same program.
for v in 4 5; do
	(cd "$tmp" && cc -O2 -g -gdwarf-$v -fno-pie -no-pie -o "dwarf$v" "$T"/fixtures/*.c)
	for enc in "${encs[@]}"; do
		either "DWARF $v fixture ($enc)" "$tmp/dwarf$v" "$enc"
	done
	"$G" --dump "$tmp/dwarf$v" > "$tmp/dump$v" 2> /dev/null
done
n=$((n + 1))
if [ -s "$tmp/dump4" ] && cmp -s "$tmp/dump4" "$tmp/dump5"; then
	echo "ok $n - DWARF 4 and DWARF 5 builds give the same model ($(wc -l < "$tmp/dump5") functions)"
else
	echo "not ok $n - DWARF 4 and DWARF 5 builds give the same model"
	diff "$tmp/dump4" "$tmp/dump5" | head -6 | sed 's/^/# /'
	fails=$((fails + 1))
fi

# Split DWARF: the skeleton units have no locations to read.
for v in 4 5; do
	(cd "$tmp" && cc -O2 -g -gdwarf-$v -gsplit-dwarf -fno-pie -no-pie \
		-o "split$v" "$T"/fixtures/*.c)
	reject "split DWARF $v" "$tmp/split$v" "split DWARF"
done

# Other machines and classes.
printf '\t.globl _start\n_start:\tret\n' > "$tmp/s.S"
as --32 -g -o "$tmp/s32.o" "$tmp/s.S" && ld -m elf_i386 -o "$tmp/elf32" "$tmp/s32.o"
reject "32-bit ELF (i386)" "$tmp/elf32" "not a 64-bit ELF"
"$T/elfpatch.py" "$base" - 4 01 "$tmp/class32"
reject "64-bit ELF marked ELFCLASS32" "$tmp/class32" "64-bit|truncated|not"
"$T/elfpatch.py" "$base" - 5 02 "$tmp/be"
reject "big-endian ELF header" "$tmp/be" "big-endian ELF file"
"$T/elfpatch.py" "$base" - 0x12 f300 "$tmp/riscv"
reject "RISC-V ELF (e_machine patched)" "$tmp/riscv" "machine 243 is neither"
# AArch64 is a supported machine: a real one is read, with AAPCS64's slots.
cat > "$tmp/a64.c" <<'SRC'
struct pair { long a, b; };
__attribute__((noinline)) long add(long x, struct pair p) { return x + p.a + p.b; }
int main(int argc, char **argv) { struct pair p = { argc, 2 }; return add(argc, p) == 7; }
SRC
aarch64-linux-gnu-gcc -O2 -g -nostdlib -static -Wl,-eadd -o "$tmp/aarch64" "$tmp/a64.c"
if "$GEN" --dump "$tmp/aarch64" 2> "$tmp/a64.err" |
   grep -q '"name":"add",.*"abi":"x0".*"abi":"x1+x2"'; then
	ok "AArch64 ELF (aarch64-linux-gnu-gcc) is read: x in x0, p in x1+x2"
else
	not_ok "AArch64 ELF (aarch64-linux-gnu-gcc) is read: x in x0, p in x1+x2"
	sed 's/^/# /' "$tmp/a64.err"
fi

# Not ELF files at all.
: > "$tmp/empty"
reject "empty file" "$tmp/empty" "not an ELF file"
mkdir "$tmp/dir"
reject "a directory" "$tmp/dir" "not a regular file"
reject "missing file" "$tmp/missing" "cannot open"
python3 -c 'import random, sys; r = random.Random(1); sys.stdout.buffer.write(b"\x7fELF\x02\x01\x01" + bytes(r.randrange(256) for _ in range(4089)))' > "$tmp/noise"
reject "ELF magic then noise" "$tmp/noise"

ktap_done malformed
