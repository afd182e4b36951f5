#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# test_modtable.sh - module tables: the .paraminfo section gen_paraminfo
# writes for a relocatable object, read back by the kernel's own
# kernel/paraminfo/modtable.c and decoders in pi_harness --module.
# GEN and BUILD come from run-tests.sh, or default to build/.
#
#  1. For an x86-64 and an AArch64 object (gcc -O2 -g -c, functions in
#     .text, .text.unlikely, .init.text and .exit.text, and a section of
#     data between them) and for pi_distro.ko when distro/run.sh has built
#     it, in every encoding: the module table decodes to exactly
#     gen_paraminfo --dump of the object (names from the .ko for delta),
#     --selfcheck passes, --format=asm assembles to the same bytes, and the
#     header lists, in section-header order with their sizes, the
#     SHF_EXECINSTR sections holding an STT_FUNC symbol, as readelf (not
#     the code under test) finds them.
#  2. The generator refuses an object with more text sections holding
#     functions than a header lists, and a section name that does not fit.
#  3. Damaged headers (magic, version, section count, table offset and
#     size, names, overlapping sections, init text in the table inside),
#     and a vmlinux-style table given as a module's and back: the harness
#     (ASan, UBSan) exits 1 with the refusal, no sanitizer report.
set -u
T=${T:-$(dirname "$(realpath "$0")")}
BUILD=${BUILD:-build}
GEN=${GEN:-$BUILD/gen_paraminfo}
HARNESS=$BUILD/pi_harness
# shellcheck source=ktap.sh
. "$T/ktap.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
start=$(date +%s)

cat > "$tmp/mod.c" <<'SRC'
struct pair { long lo, hi; };

extern long ext(long x);

long plain(long a, int b)
{
	asm volatile("" : : "r"(a), "r"(b));
	return ext(a) + b;
}

__attribute__((cold, noinline)) long cold_path(void *p, long why)
{
	asm volatile("" : : "r"(p), "r"(why));
	return ext(why);
}

const char table[64] = "data between the text sections";

__attribute__((section(".init.text"), noinline)) int mod_init(int x,
							     struct pair q)
{
	asm volatile("" : : "r"(x));
	return ext(q.lo) + x;
}

__attribute__((section(".exit.text"), noinline)) void mod_exit(long *p)
{
	asm volatile("" : : "r"(p) : "memory");
}

long pick(long a, long b, long c)
{
	if (a > b)
		return cold_path(&a, c);
	return plain(b, c) + table[a & 63];
}
SRC

# header TABLE: the header's sections, "name off size" a line.
header() {
	python3 - "$1" <<'PY'
import struct, sys
d = open(sys.argv[1], 'rb').read()
magic, ver, n, toff, tsize = struct.unpack_from('<IHHII', d)
for i in range(n):
    name, addr, off, size = struct.unpack_from('<24sQII', d, 16 + 40 * i)
    print(name.split(b'\0')[0].decode(), off, size)
PY
}

# expected OBJ READELF: per readelf, the SHF_EXECINSTR sections holding an
# STT_FUNC symbol, in section-header order: "name size" a line.
expected() {
	"$2" -SW "$1" > "$tmp/sections"
	"$2" -sW "$1" > "$tmp/symbols"
	python3 - "$tmp/sections" "$tmp/symbols" <<'PY'
import re, sys
secs = {}
for l in open(sys.argv[1]):
    m = re.match(r'\s*\[\s*(\d+)\]\s+(\S+)\s+\S+\s+[0-9a-f]+\s+[0-9a-f]+\s+([0-9a-f]+)\s+[0-9a-f]+\s+(\S*)', l)
    if m and 'X' in m.group(4) and 'A' in m.group(4):
        secs[int(m.group(1))] = (m.group(2), int(m.group(3), 16))
used = set()
for l in open(sys.argv[2]):
    f = l.split()
    if len(f) >= 8 and f[3] == 'FUNC' and f[6].isdigit():
        used.add(int(f[6]))
for i in sorted(secs):
    if i in used:
        print(secs[i][0], secs[i][1])
PY
}

# check_obj WHAT OBJ READELF AS OBJCOPY: section 1 for one object.
check_obj() {
	local what=$1 obj=$2 readelf=$3 as=$4 objcopy=$5 enc rc

	"$GEN" --dump "$obj" > "$tmp/want.json" 2> "$tmp/err"
	result $? "$what: gen_paraminfo --dump ($(wc -l < "$tmp/want.json") functions)"
	expected "$obj" "$readelf" > "$tmp/want.sects"
	for enc in flat pool delta; do
		"$GEN" --encoding=$enc --format=bin -o "$tmp/t.bin" "$obj" 2> "$tmp/err"
		rc=$?
		result $rc "$what, $enc: gen_paraminfo writes a module table ($(stat -c %s "$tmp/t.bin" 2>/dev/null) bytes)"
		[ "$rc" -eq 0 ] || { sed 's/^/# /' "$tmp/err"; continue; }
		header "$tmp/t.bin" > "$tmp/got"
		if cut -d' ' -f1,3 "$tmp/got" | cmp -s - "$tmp/want.sects"; then
			ok "$what, $enc: the header lists readelf's text sections with functions ($(cut -d' ' -f1 "$tmp/got" | paste -sd,))"
		else
			not_ok "$what, $enc: the header lists readelf's text sections with functions"
			diff "$tmp/got" "$tmp/want.sects" | sed 's/^/# /' | head -8
		fi
		"$HARNESS" --encoding=$enc --module --elf "$obj" "$tmp/t.bin" --dump \
			> "$tmp/got.json" 2> "$tmp/err"
		if cmp -s "$tmp/got.json" "$tmp/want.json"; then
			ok "$what, $enc: the module table decodes to gen_paraminfo --dump"
		else
			not_ok "$what, $enc: the module table decodes to gen_paraminfo --dump"
			{ cat "$tmp/err"; diff "$tmp/got.json" "$tmp/want.json"; } |
				sed 's/^/# /' | head -8
		fi
		# The unwind rows a module's relocated CFI gives, likewise.
		"$GEN" --dump --unwind "$obj" > "$tmp/want-uw.json" 2> /dev/null
		"$HARNESS" --encoding=$enc --module --elf "$obj" "$tmp/t.bin" --dump \
			--unwind > "$tmp/got-uw.json" 2> "$tmp/err"
		cmp -s "$tmp/got-uw.json" "$tmp/want-uw.json"
		result $? "$what, $enc: the module table's unwind rows decode to gen_paraminfo --dump --unwind ($(grep -o '"cfa"' "$tmp/want-uw.json" | wc -l) rows)"
		"$HARNESS" --encoding=$enc --module "$tmp/t.bin" --selfcheck \
			> "$tmp/out" 2> "$tmp/err"
		result $? "$what, $enc: --selfcheck ($(cat "$tmp/out" "$tmp/err" | head -1))"
		"$GEN" --encoding=$enc --format=asm -o "$tmp/t.S" "$obj" &&
			"$as" -o "$tmp/t.o" "$tmp/t.S" &&
			"$objcopy" -O binary --only-section=.paraminfo "$tmp/t.o" "$tmp/t.raw" &&
			cmp -s "$tmp/t.raw" "$tmp/t.bin" &&
			"$readelf" -SW "$tmp/t.o" | grep -Eq '\.paraminfo .* A +0 +0 +8$'
		result $? "$what, $enc: --format=asm assembles to the same bytes in .paraminfo (A, 8-byte aligned)"
	done
}

## 1. Objects and a module: decoded, checked, listed.

for arch in x86-64 arm64; do
	if [ "$arch" = x86-64 ]; then
		cc=gcc pre=
	else
		cc=aarch64-linux-gnu-gcc pre=aarch64-linux-gnu-
	fi
	if ! command -v "$cc" > /dev/null; then
		not_ok "$arch: $cc is missing"
		continue
	fi
	$cc -O2 -g -c -o "$tmp/$arch.o" "$tmp/mod.c"
	result $? "$arch: mod.c compiled to a .o"
	check_obj "$arch .o" "$tmp/$arch.o" ${pre}readelf ${pre}as ${pre}objcopy
done
# Kept for sections 2 and 3.
"$GEN" --encoding=delta --format=bin -o "$tmp/good.bin" "$tmp/x86-64.o"

ko=${PARAMINFO_CACHE:-$HOME/.cache/paraminfo}/distro/build/pi_distro.ko
if [ -e "$ko" ]; then
	check_obj pi_distro.ko "$ko" readelf as objcopy
else
	echo "# SKIP pi_distro.ko: $ko is absent (distro/run.sh builds it, as root)"
fi

## 2. What the generator refuses: a message and exit status 1.

# refuse NAME REGEX SRC CFLAGS...: compile SRC with CFLAGS, expect a refusal.
refuse() {
	local name=$1 regex=$2 src=$3 rc

	shift 3
	gcc -O2 -g -c "$@" -o "$tmp/r.o" "$src"
	"$GEN" --encoding=delta --format=bin -o "$tmp/r.bin" "$tmp/r.o" 2> "$tmp/err"
	rc=$?
	if [ "$rc" -eq 1 ] && grep -qE "$regex" "$tmp/err" && [ ! -e "$tmp/r.bin" ]; then
		ok "$name: $(head -1 "$tmp/err")"
	else
		not_ok "$name (exit $rc)"
		sed 's/^/# /' "$tmp/err" | head -3
	fi
}

echo "extern long ext(long x);" > "$tmp/many.c"
for i in $(seq 1 17); do
	echo "__attribute__((noinline)) long f$i(long x) { return x * $i + ext(x); }"
done >> "$tmp/many.c"
refuse "17 text sections with functions, 16 in a header" \
	"more than 16 text sections hold functions" "$tmp/many.c" -ffunction-sections
echo '__attribute__((section(".text.a_name_of_24_bytes_and_more")))
long far(long x) { return ext(x); }' >> "$tmp/mod.c"
refuse "a section name longer than 23 bytes" "a_name_of_24_bytes_and_more is longer" \
	"$tmp/mod.c"

## 3. Damaged module tables: refused, no crash.

# damage NAME PYTHON: apply PYTHON to d (a bytearray of good.bin; h is the
# table's header offset) and expect pi_harness --module to refuse it.
damage() {
	local name=$1 rc

	python3 - "$tmp/good.bin" "$tmp/bad.bin" "$2" <<'PY'
import struct, sys
d = bytearray(open(sys.argv[1], 'rb').read())
h = struct.unpack_from('<I', d, 8)[0]
exec(sys.argv[3])
open(sys.argv[2], 'wb').write(d)
PY
	"$HARNESS" --encoding=delta --module "$tmp/bad.bin" --dump > /dev/null 2> "$tmp/err"
	rc=$?
	if [ "$rc" -eq 1 ] && grep -q 'not a valid module table' "$tmp/err" &&
	   ! grep -qE 'Sanitizer|runtime error' "$tmp/err"; then
		ok "refused: $name"
	else
		not_ok "refused: $name (exit $rc)"
		sed 's/^/# /' "$tmp/err" | head -4
	fi
}

"$HARNESS" --encoding=delta --module "$tmp/good.bin" --selfcheck > /dev/null
result $? "the undamaged table is accepted"
damage "bad magic" "d[0] ^= 1"
damage "another version" "d[4] += 1"
damage "no sections" "struct.pack_into('<H', d, 6, 0)"
damage "17 sections" "struct.pack_into('<H', d, 6, 17)"
damage "more sections than bytes" "struct.pack_into('<H', d, 6, 16); del d[400:]"
damage "table_off misaligned" "struct.pack_into('<I', d, 8, h + 4)"
damage "table_off past the end" "struct.pack_into('<I', d, 8, len(d) + 8)"
damage "table_off inside the section list" "struct.pack_into('<I', d, 8, 16)"
damage "table_size past the end" "struct.pack_into('<I', d, 12, len(d) - h + 1)"
damage "a section name without NUL" "d[16:40] = b'x' * 24"
damage "an empty section name" "d[16] = 0"
damage "overlapping sections" "struct.pack_into('<I', d, 56 + 32, 0)"
damage "sections out of order" "struct.pack_into('<I', d, 16 + 32, 0x1000)"
damage "a section past 4 GiB" "struct.pack_into('<II', d, 16 + 32, 0xfffffff0, 0x20)"
damage "init text in the table inside" "struct.pack_into('<I', d, h + 20, 8)"
damage "another encoding inside" "struct.pack_into('<H', d, h + 6, 1)"
damage "a truncated section" "del d[len(d) - 16:]"
damage "the bare table inside, given as a module's" "d[:] = d[h:]"

"$GEN" --encoding=delta --format=bin -o "$tmp/plain.bin" "$BUILD/fixtures/default-O2" 2> /dev/null
cp "$tmp/plain.bin" "$tmp/bad.bin"
"$HARNESS" --encoding=delta --module "$tmp/bad.bin" --dump > /dev/null 2> "$tmp/err"
[ $? -eq 1 ] && grep -q 'not a valid module table' "$tmp/err"
result $? "refused: a program's table given as a module's"
"$HARNESS" --encoding=delta "$tmp/good.bin" --dump > /dev/null 2> "$tmp/err"
[ $? -eq 1 ] && grep -q 'not a valid delta table' "$tmp/err"
result $? "refused: a module table given as a plain one"

ktap_done "modtable"
rc=$?
echo "# runtime: $(($(date +%s) - start)) s"
exit $rc
