#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# test_modules.sh [BUILD] - kernel modules: gen_paraminfo and decode_oops
# on relocatable objects (BUILD/gen_paraminfo, BUILD/decode_oops; BUILD is
# build/ by default).
#
#  1. Relocation: one C file, compiled with gcc -O2 -g -c for x86-64 and
#     AArch64, is described from the .o (laid out and relocated by
#     libdwfl) exactly as from the program it is linked into, but for the
#     addresses: same parameters, types, ABI slots and location ranges
#     relative to each function. objdump (not the code under test) finds
#     the calls: a call of an external function that gcc cannot see
#     (inline asm) refutes the caller-saved registers after it, and a
#     parameter gcc keeps in a callee-saved register across a C call of
#     an external function stays proven after the call.
#  2. A real Debian kernel, unmodified: distro/run.sh boots
#     linux-image-6.1.0-56-cloud-amd64 in QEMU (TCG) and loads pi_distro.ko,
#     whose cases announce their arguments and WARN or oops. decode_oops
#     with the module's directory as MODULES_DIR must print a block for
#     every case, every value equal to the announced argument (at the
#     parameter's width), and mark the oops's fault address.
#  3. Bad input: a stripped .ko, a truncated one, a compressed one, no
#     module, no MODULES_DIR, a size the .ko does not have: a message on
#     stderr, no block, exit status 3, no crash.
#
# run.sh needs root (apt-get, the debug vmlinux download once). With
# PARAMINFO_OFFLINE=1, parts 2 and 3 are skipped with a message when not
# root or when run.sh fails; otherwise that is a failure.
set -u
T=$(dirname "$(realpath "$0")")
BUILD=${1:-build}
GEN=$(realpath "$BUILD/gen_paraminfo")
DECODE=$(realpath "$BUILD/decode_oops")
# shellcheck source=ktap.sh
. "$T/ktap.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
start=$(date +%s)

## 1. Relocation, independent of the kernel.

cat > "$tmp/reloc.c" <<'SRC'
struct pair { long lo, hi; };

extern long ext(long x);

#ifdef __aarch64__
#define CALL_EXT "bl ext"
#else
#define CALL_EXT "call ext"
#endif

/* a is kept in a callee-saved register across the C call. */
long keep_callee(long a, long b)
{
	long r = ext(b);

	asm volatile("" : : "r"(a));
	return r + a;
}

/* A call gcc does not see: a and b stay in their registers for it. */
long asm_call(long a, long b)
{
	asm volatile(CALL_EXT : : : "memory");
	asm volatile("" : : "r"(a), "r"(b));
	return a ^ b;
}

static __attribute__((noinline)) long local_callee(long x, struct pair p)
{
	asm volatile("" : : "r"(x));
	return x * p.lo + p.hi;
}

long many(char c, short s, int i, long l, void *p, unsigned char u,
	  long on_stack)
{
	struct pair q = { l, i };

	asm volatile("" : : "r"(c), "r"(s), "r"(p), "r"(u), "r"(on_stack));
	return local_callee(c + s, q) + ext(u);
}

int loop(const int *v, int n)
{
	int sum = 0;

	while (n-- > 0)
		sum += ext(*v++);
	return sum;
}
SRC
cat > "$tmp/ext.c" <<'SRC'
long ext(long x)
{
	asm volatile("" : "+r"(x));
	return x;
}

void _start(void)
{
	for (;;)
		;
}
SRC

# The functions of reloc.c in a dump, one JSON line each, without "addr".
strip_dump() {
	sed -E 's/"addr":"0x[0-9a-f]+",//' "$1" |
		grep -E '"name":"(keep_callee|asm_call|local_callee|many|loop)"' |
		sort
}

# The first call of ext in FUNC of OBJ, by objdump: "START END" offsets.
calls_of() {
	"$1" -dr --no-show-raw-insn "$2" | python3 -c '
import re, sys
func, on, base, last, pend = sys.argv[1], False, 0, None, None
for line in sys.stdin:
    m = re.match(r"([0-9a-f]+) <(.*)>:$", line)
    if m:
        on, base = m.group(2) == func, int(m.group(1), 16)
        continue
    if not on:
        continue
    m = re.match(r" *([0-9a-f]+):\s", line)
    if m:
        a = int(m.group(1), 16) - base
        if pend is not None:
            print(pend, a)
            sys.exit(0)
        last = a
    elif re.search(r"R_(X86_64_PLT32|X86_64_PC32|AARCH64_CALL26)\s+ext\b", line):
        pend = last
' "$3"
}

# range_end DUMP FUNC PARAM REG: the largest "to" of PARAM's ranges in REG.
range_end() {
	python3 - "$@" <<'PY'
import json, sys
dump, func, param, reg = sys.argv[1:]
best = -1
for line in open(dump):
    f = json.loads(line)
    if f["name"] != func:
        continue
    for p in f["params"]:
        if p["name"] != param:
            continue
        for l in p.get("locs", []):
            if reg in ("*", l.get("reg")):
                best = max(best, l["to"])
print(best)
PY
}

reloc_arch() {
	local arch=$1 cc=$2 objdump=$3 callee=$4 rc cnt

	if ! command -v "$cc" > /dev/null; then
		not_ok "$arch: $cc is missing"
		return
	fi
	mkdir -p "$tmp/$arch"
	$cc -O2 -g -c -o "$tmp/$arch/reloc.o" "$tmp/reloc.c" &&
		$cc -O2 -g -c -o "$tmp/$arch/ext.o" "$tmp/ext.c" &&
		$cc -O2 -g -nostdlib -static -o "$tmp/$arch/prog" \
			"$tmp/$arch/reloc.o" "$tmp/$arch/ext.o"
	result $? "$arch: reloc.c compiled to a .o and linked"
	"$GEN" --dump "$tmp/$arch/reloc.o" > "$tmp/$arch/o.json" 2> "$tmp/$arch/o.err"
	rc=$?
	cnt=$(strip_dump "$tmp/$arch/o.json" | wc -l)
	[ "$rc" -eq 0 ] && [ "$cnt" -eq 5 ]
	result $? "$arch: gen_paraminfo --dump reloc.o describes its 5 functions (exit $rc)"
	"$GEN" --dump "$tmp/$arch/prog" > "$tmp/$arch/prog.json" 2> /dev/null
	if cmp -s <(strip_dump "$tmp/$arch/o.json") <(strip_dump "$tmp/$arch/prog.json"); then
		ok "$arch: the .o's model equals the linked program's, but for addresses"
	else
		not_ok "$arch: the .o's model equals the linked program's, but for addresses"
		diff <(strip_dump "$tmp/$arch/o.json") <(strip_dump "$tmp/$arch/prog.json") |
			head -6 | sed 's/^/# /'
	fi
	# Some ranges at all: a proof that killed everything would be equal too.
	cnt=$(grep -o '"reg"' "$tmp/$arch/o.json" | wc -l)
	[ "$cnt" -ge 10 ]
	result $? "$arch: the .o's model has location ranges ($cnt)"

	read -r call_start call_end <<< "$(calls_of "$objdump" "$tmp/$arch/reloc.o" asm_call)"
	if [ -z "${call_end:-}" ]; then
		not_ok "$arch: objdump finds the call of ext in asm_call"
	else
		a=$(range_end "$tmp/$arch/o.json" asm_call a '*')
		b=$(range_end "$tmp/$arch/o.json" asm_call b '*')
		[ "$a" -ge 0 ] && [ "$a" -le "$call_end" ] &&
			[ "$b" -ge 0 ] && [ "$b" -le "$call_end" ]
		result $? "$arch: asm_call: a and b end at the hidden call of ext (ranges to $a and $b, call at $call_start-$call_end)"
	fi
	read -r call_start call_end <<< "$(calls_of "$objdump" "$tmp/$arch/reloc.o" keep_callee)"
	if [ -z "${call_end:-}" ]; then
		not_ok "$arch: objdump finds the call of ext in keep_callee"
	else
		a=$(range_end "$tmp/$arch/o.json" keep_callee a "$callee")
		[ "$a" -gt "$call_end" ]
		result $? "$arch: keep_callee: a in $callee stays proven after the call of ext (to $a, call ends at $call_end)"
	fi
}

reloc_arch x86-64 gcc objdump rbx
reloc_arch arm64 aarch64-linux-gnu-gcc aarch64-linux-gnu-objdump x19

# A .o's patch tables hold 0 until relocated: an exception-table entry
# and a jump label (whose key is an undefined symbol) must be read.
cat > "$tmp/ex.c" <<'SRC'
long f(long *p, long v)
{
#ifdef __aarch64__
	asm volatile("1: str %1, [%0]\n2:\n"
		     ".pushsection __ex_table,\"a\"\n.long 1b - .\n.long 2b - .\n"
		     ".short 0\n.short 0\n.popsection" : : "r"(p), "r"(v));
#else
	asm volatile("1: movq %1,(%0)\n2:\n"
		     ".pushsection __ex_table,\"a\"\n.long 1b - .\n.long 2b - .\n"
		     ".long 0\n.popsection\n"
		     ".pushsection __jump_table,\"aw\"\n.balign 8\n.long 1b - .\n"
		     ".long 2b - .\n.quad ext_key - .\n.popsection" : : "r"(p), "r"(v));
#endif
	return v;
}
SRC
for cc in gcc aarch64-linux-gnu-gcc; do
	want="0 jump labels, 1 exception fixups"
	[ "$cc" = gcc ] && want="1 jump labels, 1 exception fixups"
	$cc -O2 -g -c -o "$tmp/ex.o" "$tmp/ex.c" &&
		"$GEN" --stats "$tmp/ex.o" 2>&1 | grep -q "$want"
	result $? "$cc: a .o's relocated patch tables are read ($want)"
done

## 2. Debian's kernel, unmodified, with pi_distro.ko.

skip_distro() {
	local rc

	echo "# SKIP the distro kernel and bad module input: $*"
	ktap_done "modules"
	rc=$?
	echo "# runtime: $(($(date +%s) - start)) s"
	exit $rc
}

out=$tmp/distro
if [ "$(id -u)" -ne 0 ]; then
	if [ "${PARAMINFO_OFFLINE:-0}" = 1 ]; then
		skip_distro "not root (run.sh installs packages and boots QEMU)"
	fi
	not_ok "distro/run.sh needs root (PARAMINFO_OFFLINE=1 skips it)"
	ktap_done "modules"
	exit 1
fi
if ! "$T/distro/run.sh" "$out" > "$tmp/run.log" 2>&1; then
	sed 's/^/# run.sh: /' "$tmp/run.log" | tail -5
	if [ "${PARAMINFO_OFFLINE:-0}" = 1 ]; then
		skip_distro "distro/run.sh failed (offline?)"
	fi
	not_ok "distro/run.sh boots Debian's kernel and runs pi_distro's cases"
	ktap_done "modules"
	exit 1
fi
ok "distro/run.sh boots Debian's kernel and runs pi_distro's cases"
vmlinux=$(cat "$out/vmlinux-path")
log=$out/console.log

"$DECODE" "$vmlinux" "$out" < "$log" > "$tmp/decoded" 2> "$tmp/decoded.err"
rc=$?
[ "$rc" -eq 0 ]
result $? "decode_oops with MODULES_DIR: exit status 0 ($(tail -1 "$tmp/decoded.err"))"

# Every announced argument against its block: "proven wrong reason" counts
# and one line per problem.
python3 - "$tmp/decoded" > "$tmp/check" <<'PY'
import re, sys
lines = [re.sub(r'^\[[ 0-9.]+\] ', '', l.rstrip('\n')) for l in open(sys.argv[1])]
proven = wrong = reason = 0
problems = []
fault_marked = 0
for i, l in enumerate(lines):
    m = re.match(r'pi_distro: case (\w+): func=(\w+) (.*)', l)
    if not m:
        continue
    case, func, args = m.groups()
    want = re.findall(r'(\w+)=0x([0-9a-f]+)', args)
    for j in range(i + 1, len(lines)):
        if lines[j].startswith('Function parameters (%s+' % func):
            break
    else:
        problems.append('case %s: no block for %s' % (case, func))
        continue
    block = {}
    for l2 in lines[j + 1:j + 1 + len(want)]:
        p = re.match(r' (\w+) +\(.*?\) += (\S+)(.*)', l2)
        if p:
            block[p.group(1)] = (p.group(2), p.group(3))
    for name, hexval in want:
        if name not in block:
            problems.append('case %s: no line for %s' % (case, name))
            wrong += 1
            continue
        val, rest = block[name]
        if not val.startswith('0x'):
            reason += 1
            continue
        bits = 4 * len(hexval)
        if int(val, 16) & ((1 << bits) - 1) == int(hexval, 16):
            proven += 1
        else:
            wrong += 1
            problems.append('case %s: %s = %s, announced 0x%s' % (case, name, val, hexval))
        if 'fault address' in rest:
            fault_marked += 1
            if case != 'oops' or name != 'p':
                problems.append('case %s: %s marked as the fault address' % (case, name))
print(proven, wrong, reason, fault_marked)
for p in problems:
    print(p)
PY
read -r proven wrong reason fault < "$tmp/check"
tail -n +2 "$tmp/check" | sed 's/^/# /'
cases=$(grep -c 'pi_distro: case [a-z0-9]*: func=' "$log")
blocks=$(grep -c 'Function parameters (pi_distro_[a-z0-9]*+0x[0-9a-f]*/0x[0-9a-f]* \[pi_distro\]):$' "$tmp/decoded")
[ "$blocks" -eq "$cases" ] && [ "$cases" -ge 3 ]
result $? "a block for each of the $cases cases, with the kernel's header ($blocks)"
[ "$wrong" -eq 0 ] && [ "$((proven + reason))" -gt 0 ]
result $? "every value printed is the announced argument: $proven proven, $wrong wrong, $reason given a reason"
[ "$proven" -ge 14 ]
result $? "the arguments live at the traps are proven ($proven of $((proven + reason)))"
[ "$fault" -eq 1 ]
result $? "the oops's block marks p as the fault address"
# The decoded log is the log plus the blocks.
grep -v -e '^\[[ 0-9.]*\] Function parameters (' -e '^\[[ 0-9.]*\]  [a-z_0-9]* *(.*) *= ' \
	"$tmp/decoded" | cmp -s - "$log"
result $? "decode_oops copies the rest of the log unchanged"

## 3. Bad input: a message, no block, exit status 3, no crash.

# bad NAME MODDIR LOG REGEX: decode LOG with MODDIR ("" for none).
bad() {
	local name=$1 dir=$2 in=$3 regex=$4 rc

	if [ -n "$dir" ]; then
		timeout 120 "$DECODE" "$vmlinux" "$dir" < "$in" > "$tmp/bad.out" 2> "$tmp/bad.err"
	else
		timeout 120 "$DECODE" "$vmlinux" < "$in" > "$tmp/bad.out" 2> "$tmp/bad.err"
	fi
	rc=$?
	if [ "$rc" -eq 3 ] && grep -qE "$regex" "$tmp/bad.err" &&
	   ! grep -q 'Function parameters (pi_distro_warn+' "$tmp/bad.out"; then
		ok "$name: $(grep -m1 -E "$regex" "$tmp/bad.err")"
	else
		not_ok "$name (exit $rc)"
		sed 's/^/# stderr: /' "$tmp/bad.err" | head -4
	fi
}

mkdir -p "$tmp/stripped" "$tmp/cut" "$tmp/packed" "$tmp/none" "$tmp/dash/sub"
strip --strip-debug -o "$tmp/stripped/pi_distro.ko" "$out/pi_distro.ko"
head -c 30000 "$out/pi_distro.ko" > "$tmp/cut/pi_distro.ko"
xz -c "$out/pi_distro.ko" > "$tmp/packed/pi_distro.ko.xz"
cp "$out/pi_distro.ko" "$tmp/dash/sub/pi-distro.ko"
sed 's|pi_distro_warn+0x5/0xe|pi_distro_warn+0x5/0xf|' "$log" > "$tmp/size.log"

bad "a .ko without DWARF" "$tmp/stripped" "$log" "pi_distro.ko: no DWARF debug info"
bad "a truncated .ko" "$tmp/cut" "$log" "pi_distro.ko: truncated ELF"
bad "a compressed .ko" "$tmp/packed" "$log" "pi_distro.ko.xz is compressed"
bad "no pi_distro.ko in MODULES_DIR" "$tmp/none" "$log" "no pi_distro.ko under"
bad "no MODULES_DIR" "" "$log" "give MODULES_DIR"
bad "a size the .ko does not have" "$out" "$tmp/size.log" \
	"pi_distro_warn is 0xf bytes in the log, 0xe in .*: the log is from another build"
n_other=$(grep -c 'Function parameters (pi_distro_' "$tmp/bad.out")
[ "$n_other" -eq $((cases - 1)) ]
result $? "... the other cases' blocks are still decoded ($n_other)"
"$DECODE" "$vmlinux" "$tmp/dash" < "$log" > "$tmp/dash.out" 2> /dev/null
cmp -s "$tmp/dash.out" "$tmp/decoded"
result $? "pi-distro.ko in a subdirectory is found for [pi_distro], as modprobe would"

ktap_done "modules"
rc=$?
echo "# runtime: $(($(date +%s) - start)) s"
exit $rc
