#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# test_entryval.sh - entryval (make measure-entry-values) on a fixture
# whose answers are known from its source. GEN and BUILD come from
# run-tests.sh, or default to build/; BUILD/entryval is built if missing.
#
# callee(a, b) calls sink(a), then sink(b): after the first call DWARF has
# a only as DW_OP_entry_value of the first argument register, and b too
# after b's callee-saved copy is popped. Its three callers pass:
#
#   caller_const   constants (42, 7)                       class (a)
#   caller_saved   callee-saved registers (v, y kept across a call)  (b)
#   caller_tail    a tail call: never recoverable
#
# and _start calls the callers with constants. For x86-64 and AArch64
# (gcc -O2 -g, no libc):
#  1. the population is gen_paraminfo --stats' own;
#  2. callee's first argument register: the pairs from the first call's
#     return address to the end of callee (objdump's and nm's addresses),
#     three call sites, one tail call, one constant, one callee-saved
#     register; x86-64's second: one pair (the ret after the pop), alike;
#  3. the cost lines: with (a) only, the constants of caller_const and of
#     _start (3 call sites, 5 values of one byte each plus a byte of
#     register and class: 10 B); x86-64 with (a)+(b)+(c) adds
#     caller_saved's two registers (1 byte, register, offset 0: 16 B);
# and a damaged dump is refused with a message and exit status 1.
set -u
T=${T:-$(dirname "$(realpath "$0")")}
BUILD=${BUILD:-build}
GEN=${GEN:-$BUILD/gen_paraminfo}
ENTRYVAL=$BUILD/entryval
# shellcheck source=ktap.sh
. "$T/ktap.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if [ ! -x "$ENTRYVAL" ]; then
	make -s -C "$T/../../.." "BUILD=$(realpath "$BUILD")" \
		"$(realpath "$BUILD")/entryval" > "$tmp/make.log" 2>&1 ||
		cat "$tmp/make.log"
fi

cat > "$tmp/ev.c" <<'SRC'
extern void sink(long v);
extern long other(long v);

__attribute__((noinline, noclone)) long callee(long a, long b)
{
	sink(a);
	sink(b);
	return 1;
}

long caller_const(void)
{
	return callee(42, 7) + 1;
}

long caller_saved(long x, long y)
{
	long v = other(x) * 3;

	callee(v, y);
	return v;
}

long caller_tail(long x)
{
	return callee(other(x), 2);
}
SRC
cat > "$tmp/ext.c" <<'SRC'
long caller_const(void);
long caller_saved(long x, long y);
long caller_tail(long x);

volatile long seen;

__attribute__((noinline)) void sink(long v)
{
	seen = v;
}

__attribute__((noinline)) long other(long v)
{
	return v + seen;
}

void _start(void)
{
	seen = caller_const() + caller_saved(1, 2) + caller_tail(3);
	for (;;)
		;
}
SRC

# first_ret ELF OBJDUMP: the return address of callee's first call.
first_ret() {
	"$2" -d --no-show-raw-insn "$1" |
		awk '/^[0-9a-f]+ <callee>:/ { on = 1; next }
		     on && /^$/ { exit }
		     on && call { sub(":", "", $1); print $1; exit }
		     on && /\t(call|bl)[ \t]/ { call = 1 }'
}

# callee_end ELF NM: callee's address plus its size.
callee_end() {
	local addr size

	read -r addr size < <("$2" -S "$1" | awk '$4 == "callee" { print $1, $2 }')
	echo $((0x$addr + 0x$size))
}

for arch in x86-64 arm64; do
	if [ "$arch" = x86-64 ]; then
		cc=gcc pre='' r0=rdi r1=rsi flags=(-fno-pie -no-pie)
	else
		cc=aarch64-linux-gnu-gcc pre=aarch64-linux-gnu- r0=x0 r1='' flags=(-static)
	fi
	if ! command -v "$cc" > /dev/null; then
		not_ok "$arch: $cc is missing"
		continue
	fi
	elf=$tmp/$arch
	$cc -O2 -g -nostdlib "${flags[@]}" -o "$elf" "$tmp/ev.c" "$tmp/ext.c" &&
		"$GEN" --dump --stats "$elf" > "$elf.json" 2> "$elf.stats" &&
		"$ENTRYVAL" -v --dump="$elf.json" --stats="$elf.stats" "$elf" > "$elf.out"
	result $? "$arch: the fixture built, gen_paraminfo and entryval ran"
	grep '^#' "$elf.out"
	want=$(sed -n 's/.*pairs, scalar parameters among the first [0-9]*: //p' "$elf.stats")
	grep -q "^(parameter, byte) pairs, .*: $want (gen_paraminfo --stats: $want)$" "$elf.out"
	result $? "$arch: the population is gen_paraminfo's ($want pairs)"

	pairs=$(( $(callee_end "$elf" ${pre}nm) - 0x$(first_ret "$elf" ${pre}objdump) ))
	line="# callee $r0: pairs $pairs, call sites 3, tail 1, a 1 b 1 c 0 d 0 e 0 m 0"
	grep -qxF "$line" "$elf.out"
	result $? "$arch: ${line#\# }"
	if [ -n "$r1" ]; then
		line="# callee $r1: pairs 1, call sites 3, tail 1, a 1 b 1 c 0 d 0 e 0 m 0"
		grep -qxF "$line" "$elf.out"
		result $? "$arch: ${line#\# }"
		grep -A1 '^recoverable with (a)+(b)+(c)' "$elf.out" |
			grep -q 'cost: 4 call sites, 7 values (16 B)'
		result $? "$arch: (a)+(b)+(c) costs 4 call sites, 7 values (16 B)"
	fi
	grep -A1 '^recoverable with (a):' "$elf.out" |
		grep -q 'cost: 3 call sites, 5 values (10 B)'
	result $? "$arch: (a) costs 3 call sites, 5 values (10 B)"
done

sed '1s/"addr":"0x/"addr":"/' "$tmp/x86-64.json" > "$tmp/bad.json"
"$ENTRYVAL" --dump="$tmp/bad.json" "$tmp/x86-64" > /dev/null 2> "$tmp/err"
rc=$?
[ $rc -eq 1 ] && grep -q '^entryval: .*bad.json:1: expected' "$tmp/err"
result $? "a damaged dump: exit status $rc, $(head -c 80 "$tmp/err")"

ktap_done test_entryval.sh
