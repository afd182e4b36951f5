#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run.sh GEN BUILD - the QEMU end-to-end test (what `make e2e` runs).
#
# Builds Debian's linux-source-6.1 as an x86-64 tinyconfig kernel without
# paraminfo (the baseline) and with each encoding (flat, pool, delta),
# boots each paraminfo kernel in QEMU, where /init triggers the WARN and
# oops cases of lib/test_paraminfo.c and copies the debugfs dump out, and
# checks the logs with check_e2e.py (KTAP on stdout). Then reports what
# paraminfo costs: `size vmlinux` against the baseline, the table's size
# (nm -S paraminfo_table) and the extra link time, as "# " lines and in
# tools/testing/paraminfo/e2e/results.txt.
#
# The kernel tree and builds are cached in ${PARAMINFO_CACHE:-~/.cache/
# paraminfo}/kernel; the first run (extraction, two full builds) takes
# about 20 minutes on 2 cores, later ones a few. PARAMINFO_E2E_ENCODINGS
# chooses the encodings (default "flat pool delta").
#
# The same for arm64 (cross-compiled, booted on qemu-system-aarch64 -M
# virt under TCG), run directories and build outputs prefixed "arm64-".
# PARAMINFO_E2E_ARCHES chooses the architectures (default "x86_64
# arm64"); PARAMINFO_E2E_ARM64_ENCODINGS the arm64 encodings, by default
# delta alone and no arm64 baseline, which keeps make check within its
# time; PARAMINFO_E2E_FULL=1 (make e2e) makes it "flat pool delta" and
# builds the arm64 baseline too.
#
# Then Debian's linux-source-6.12, whose scripts/link-vmlinux.sh differs,
# on x86-64 in the encodings PARAMINFO_E2E_612 names (default "delta", one
# build and boot; "" for none), and with PARAMINFO_E2E_FULL=1 also on
# arm64 in PARAMINFO_E2E_ARM64_612 (default there "delta"), checked the
# same way but on their own; the builds are cached apart (kbuild.sh,
# PARAMINFO_KVER=6.12), the runs are $RUNS/6.12-ENC and arm64-6.12-ENC. The first 6.12 build takes about 9 minutes on 2 cores,
# a cached run about one (two timed relinks, the boot, the checks).
#
# Then vmlinux's table as a module (PARAMINFO_VMLINUX_LOADABLE): the
# encodings PARAMINFO_E2E_MOD names (default "delta"; with
# PARAMINFO_E2E_FULL=1 on arm64 too, PARAMINFO_E2E_ARM64_MOD, default
# "delta"), kernels ENC-mod, in the pi build directory. /init WARNs before
# it loads paraminfo_vmlinux.ko (one line says the table is not loaded),
# loads a copy whose vmlinux build ID was patched (refused), then the
# module, and runs every case: the blocks must be those of the kernel
# with the table linked in.
#
# PARAMINFO_E2E_BASE=0 leaves out the x86-64 baseline (a build of its
# own, and its boot).
#
# In every boot /init also runs the kselftest
# (tools/testing/selftests/paraminfo, installed by kbuild.sh) through
# run_kselftest.sh, its KTAP copied out like the dump; check_e2e.py checks
# each kernel's verdicts and compares them, the dumps and every case's
# block across the encodings of one architecture and tree.
#
# Then the corrupted-table runs: copies of one encoding's vmlinux (delta,
# else flat, else the first that built) with bytes of the table patched,
# booted directly through PVH (no bzImage is built from them), each of
# which must warn once that the table is invalid and print no parameters:
#
#   magic    the header's magic, first byte inverted
#   sectoff  section 0's offset far past the table's end (4-byte aligned,
#            so that only the bounds check can reject it)
#   nfuncs   the function count, which the decoder's own checks must catch
#   machine  the other architecture's ELF machine: a valid table, which
#            the kernel must refuse as another machine's
#
# On arm64 the patched copy is of Image (the table is at its address less
# _text's), run directories arm64-corrupt-*; make check runs the machine
# variant there, make e2e all four.
set -u

GEN=$(realpath "${1:?usage: run.sh GEN BUILD}")
BUILD=$(realpath "${2:?usage: run.sh GEN BUILD}")
export BUILD
HERE=$(dirname "$(realpath "$0")")
CACHE=${PARAMINFO_CACHE:-$HOME/.cache/paraminfo}
RUNS=$CACHE/kernel/runs
RESULTS=$HERE/results.txt
ENCODINGS=${PARAMINFO_E2E_ENCODINGS:-flat pool delta}
ARCHES=${PARAMINFO_E2E_ARCHES:-x86_64 arm64}
if [ "${PARAMINFO_E2E_FULL:-0}" = 1 ]; then
	ARM64_ENCODINGS=${PARAMINFO_E2E_ARM64_ENCODINGS:-flat pool delta}
	ARM64_BASE=1
	ARM64_612=${PARAMINFO_E2E_ARM64_612-delta}
	ARM64_MOD=${PARAMINFO_E2E_ARM64_MOD-delta}
else
	ARM64_ENCODINGS=${PARAMINFO_E2E_ARM64_ENCODINGS:-delta}
	ARM64_BASE=0
	ARM64_612=${PARAMINFO_E2E_ARM64_612-}
	ARM64_MOD=${PARAMINFO_E2E_ARM64_MOD-}
fi
MOD=${PARAMINFO_E2E_MOD-delta}
BASE=${PARAMINFO_E2E_BASE:-1}
export PARAMINFO_CACHE=$CACHE
case " $ARCHES " in *" x86_64 "*) X86=1 ;; *) X86=0 ;; esac
case " $ARCHES " in *" arm64 "*) ARM64=1 ;; *) ARM64=0 ;; esac
ENCODINGS_612=${PARAMINFO_E2E_612-delta}
[ $X86 = 1 ] || ENCODINGS=
[ $X86 = 1 ] || ENCODINGS_612=
[ $ARM64 = 1 ] || ARM64_ENCODINGS=
[ $ARM64 = 1 ] || ARM64_612=
[ $X86 = 1 ] || MOD=
[ $ARM64 = 1 ] || ARM64_MOD=

start=$(date +%s)
say() { echo "# e2e: $*"; }
secs() { echo $(($(date +%s) - start)); }

"$HERE/../install-deps.sh" qemu-system-x86 busybox-static cpio bc bison flex \
	libssl-dev libelf-dev libdw-dev libxxhash-dev libcapstone-dev linux-source-6.1 binutils \
	python3 || exit 1

mkdir -p "$RUNS"
rundirs=()

# A copy of vmlinux's table module, paraminfo_vmlinux.ko, whose copy of
# vmlinux's build ID (in its .rodata, by vmlinux_table.S) is changed: the
# table of another build, as far as the kernel can tell.
foreign_table() {
	python3 - "$@" <<'PY'
import struct
import subprocess
import sys
import tempfile
ko, dst, objcopy = sys.argv[1:]
# An NT_GNU_BUILD_ID note of a 20-byte (sha1) ID: the only one in .rodata.
note = struct.pack('<III', 4, 20, 3) + b'GNU\0'
with tempfile.NamedTemporaryFile() as f:
    subprocess.run([objcopy, '--dump-section', '.rodata=' + f.name, ko, '/dev/null'],
                   check=True)
    data = bytearray(open(f.name, 'rb').read())
    at = data.find(note)
    if at < 0 or data.find(note, at + 1) >= 0:
        sys.exit('%s: not one build ID note in .rodata' % ko)
    data[at + len(note)] ^= 0xff
    open(f.name, 'wb').write(data)
    subprocess.run([objcopy, '--update-section', '.rodata=' + f.name, ko, dst],
                   check=True)
PY
}

# A kernel's modules for its boot, OUT/boot-modules: OUT/modules, and
# under corrupt/ a copy of test_paraminfo_mod.ko whose .paraminfo section
# has its magic inverted, which must load without a table; for a kernel
# whose table is a module, under foreign/ a copy of it with another build
# ID. Records OUT/modules, for decoding, in the run directory RUN.
modules_for() {
	local out=$1 run=$2 arch=$3 ko objcopy=objcopy
	ko=$out/modules/test_paraminfo_mod.ko
	[ "$arch" = arm64 ] && objcopy=aarch64-linux-gnu-objcopy
	rm -rf "$out/boot-modules"
	mkdir -p "$out/boot-modules/corrupt"
	if [ -e "$out/modules/paraminfo_vmlinux.ko" ]; then
		mkdir -p "$out/boot-modules/foreign"
		foreign_table "$out/modules/paraminfo_vmlinux.ko" \
			"$out/boot-modules/foreign/paraminfo_vmlinux.ko" "$objcopy" ||
			say "cannot make the foreign copy of paraminfo_vmlinux.ko"
	fi
	[ -e "$ko" ] || return 0
	echo "$out/modules" > "$run/modules"
	cp "$out"/modules/*.ko "$out/boot-modules/"
	python3 - "$ko" "$out/boot-modules/corrupt/test_paraminfo_mod.ko" "$objcopy" <<'PY' ||
import subprocess
import sys
import tempfile
ko, dst, objcopy = sys.argv[1:]
with tempfile.NamedTemporaryFile() as f:
    subprocess.run([objcopy, '--dump-section', '.paraminfo=' + f.name, ko, '/dev/null'],
                   check=True)
    data = bytearray(open(f.name, 'rb').read())
    data[0] ^= 0xff
    open(f.name, 'wb').write(data)
    subprocess.run([objcopy, '--update-section', '.paraminfo=' + f.name, ko, dst],
                   check=True)
PY
		say "cannot make the corrupted copy of $ko"
}

# The baseline of ARCH (prefix PRE): same configuration, paraminfo off,
# the test module on. Sets bases to the names of the baselines that
# built. Each is booted too, into $RUNS/PREbase: the same cases, whose
# log check_offline.py decodes with decode_oops.
bases=()
basedirs=()
build_base() {
	local arch=$1 pre=$2 out d=$RUNS/${2}base image=bzImage
	say "building the ${pre}baseline kernel (no paraminfo) [$(secs) s]"
	if out=$(ARCH=$arch timeout 3600 "$HERE/kbuild.sh" base \
		 2> "$RUNS/${pre}base-build.log"); then
		bases+=("${pre}base")
		say "${pre}baseline: built in $(cat "$out/build-seconds") s, link $(printf %.1f "$(cat "$out/link-seconds")") s"
		rm -rf "$d"
		mkdir -p "$d"
		echo base > "$d/encoding"
		echo "$arch" > "$d/arch"
		echo "$out/vmlinux" > "$d/vmlinux"
		[ "$arch" = arm64 ] && image=Image
		KSELFTEST=$out/kselftest ARCH=$arch "$HERE/run-qemu.sh" "$out/$image" "$d" 300
		echo $? > "$d/qemu-rc"
		basedirs+=("$d")
		say "${pre}baseline: QEMU status $(cat "$d/qemu-rc")"
	else
		say "${pre}baseline: build failed, see $RUNS/${pre}base-build.log:"
		tail -20 "$RUNS/${pre}base-build.log" | sed 's/^/#   /'
	fi
}
[ $X86 = 1 ] && [ "$BASE" = 1 ] && build_base x86_64 ""
[ $ARM64 = 1 ] && [ $ARM64_BASE = 1 ] && build_base arm64 arm64-

# Every (arch, encoding) to build and boot: x86_64's run directories are
# named by the encoding alone, as before arm64 came.
kernels=()
for enc in $ENCODINGS; do kernels+=("x86_64:$enc"); done
for enc in $ARM64_ENCODINGS; do kernels+=("arm64:$enc"); done
for enc in $MOD; do kernels+=("x86_64:$enc-mod"); done
for enc in $ARM64_MOD; do kernels+=("arm64:$enc-mod"); done

for k in "${kernels[@]}"; do
	arch=${k%%:*}
	enc=${k#*:}
	pre=
	[ "$arch" = arm64 ] && pre=arm64-
	d=$RUNS/$pre$enc
	rm -rf "$d"
	mkdir -p "$d"
	echo "$enc" > "$d/encoding"
	echo "$arch" > "$d/arch"
	say "building the $pre$enc kernel [$(secs) s]"
	out=$(ARCH=$arch timeout 3600 "$HERE/kbuild.sh" "$enc" 2> "$d/build.log")
	rc=$?
	echo "$rc" > "$d/build-rc"
	rundirs+=("$d")
	if [ "$rc" -ne 0 ]; then
		say "$pre$enc: build failed (status $rc), the last lines of $d/build.log:"
		grep -E 'error|Error|warning:|undefined' "$d/build.log" | head -20 | sed 's/^/#   /'
		tail -15 "$d/build.log" | sed 's/^/#   /'
		continue
	fi
	echo "$out/vmlinux" > "$d/vmlinux"
	say "$pre$enc: built in $(cat "$out/build-seconds") s, link $(printf %.1f "$(cat "$out/link-seconds")") s"
	say "booting the $pre$enc kernel [$(secs) s]"
	image=$out/bzImage
	[ "$arch" = arm64 ] && image=$out/Image
	t0=$(date +%s.%N)
	modules_for "$out" "$d" "$arch"
	MODULES=$out/boot-modules KSELFTEST=$out/kselftest ARCH=$arch \
		"$HERE/run-qemu.sh" "$image" "$d" 300
	echo $? > "$d/qemu-rc"
	echo "$(date +%s.%N) - $t0" | bc | xargs printf '%.1f\n' > "$d/qemu-seconds"
	say "$pre$enc: QEMU ran $(cat "$d/qemu-seconds") s, status $(cat "$d/qemu-rc")"
done

# Linux 6.12: the same build, boot and checks, another tree.
kernels612=()
for enc in $ENCODINGS_612; do kernels612+=("x86_64:$enc"); done
for enc in $ARM64_612; do kernels612+=("arm64:$enc"); done
rundirs612=()
for k in "${kernels612[@]}"; do
	arch=${k%%:*}
	enc=${k#*:}
	pre=6.12-
	image=bzImage
	[ "$arch" = arm64 ] && pre=arm64-6.12- && image=Image
	d=$RUNS/$pre$enc
	rm -rf "$d"
	mkdir -p "$d"
	echo "6.12-$enc" > "$d/encoding"
	echo "$arch" > "$d/arch"
	rundirs612+=("$d")
	say "building the $pre$enc kernel [$(secs) s]"
	out=$(PARAMINFO_KVER=6.12 ARCH=$arch timeout 3600 "$HERE/kbuild.sh" "$enc" \
	      2> "$d/build.log")
	echo $? > "$d/build-rc"
	if [ "$(cat "$d/build-rc")" -ne 0 ]; then
		say "$pre$enc: build failed, the last lines of $d/build.log:"
		tail -15 "$d/build.log" | sed 's/^/#   /'
		continue
	fi
	echo "$out/vmlinux" > "$d/vmlinux"
	say "$pre$enc: built in $(cat "$out/build-seconds") s, link $(printf %.1f "$(cat "$out/link-seconds")") s"
	t0=$(date +%s.%N)
	modules_for "$out" "$d" "$arch"
	MODULES=$out/boot-modules KSELFTEST=$out/kselftest ARCH=$arch \
		"$HERE/run-qemu.sh" "$out/$image" "$d" 300
	echo $? > "$d/qemu-rc"
	echo "$(date +%s.%N) - $t0" | bc | xargs printf '%.1f\n' > "$d/qemu-seconds"
	say "$pre$enc: QEMU ran $(cat "$d/qemu-seconds") s, status $(cat "$d/qemu-rc")"
done

# A copy of vmlinux (x86: booted as it is, PVH) or of Image (arm64, its
# raw image from _text on) with the table patched, written to DST.
corrupt() {
	local src=$1 variant=$2 dst=$3 arch=$4
	python3 - "$src" "$dst" "$variant" "$arch" <<'PY'
import os
import shutil
import struct
import subprocess
import sys

src, dst, variant, arch = sys.argv[1:]


def out(*cmd):
    return subprocess.run(cmd, stdout=subprocess.PIPE, universal_newlines=True,
                          check=True).stdout


syms = {}
for line in out('nm', src).splitlines():
    w = line.split()
    if len(w) == 3 and w[2] in ('paraminfo_table', 'paraminfo_table_end', '_text'):
        syms[w[2]] = int(w[0], 16)
start, end = syms['paraminfo_table'], syms['paraminfo_table_end']
fileoff = None
if arch == 'arm64':
    # Image is vmlinux's loaded bytes from _text on, objcopy -O binary.
    fileoff = start - syms['_text']
    print('table %#x..%#x at Image offset %#x' % (start, end, fileoff))
    src = os.path.join(os.path.dirname(src), 'Image')
# The section holding the table: file offset = sh_offset + (addr - sh_addr).
for line in out('readelf', '-SW', src).splitlines() if arch != 'arm64' else []:
    w = line.replace('[ ', '[').split()
    if len(w) > 6 and w[0].startswith('[') and w[2] == 'PROGBITS':
        addr, off, size = int(w[3], 16), int(w[4], 16), int(w[5], 16)
        if addr <= start and end <= addr + size:
            fileoff = off + start - addr
            print('table %#x..%#x in %s at file offset %#x' % (start, end, w[1], fileoff))
if fileoff is None:
    sys.exit('no PROGBITS section holds paraminfo_table')
shutil.copyfile(src, dst)
with open(dst, 'r+b') as f:
    f.seek(fileoff)
    # struct paraminfo_header up to sect[0] (include/linux/paraminfo_format.h)
    layout = '<IHHIIHBBI8sQII'
    hdr = bytearray(f.read(struct.calcsize(layout)))
    (magic, version, encoding, size, nfuncs, machine, nargs, _, init_off,
     arg_regs, text_base, s0off, s0size) = struct.unpack(layout, hdr)
    if magic != 0x464e4950 or size != end - start:
        sys.exit('not a paraminfo table: magic %#x size %d' % (magic, size))
    if variant == 'magic':
        hdr[0] ^= 0xff
    elif variant == 'sectoff':
        struct.pack_into('<I', hdr, struct.calcsize(layout) - 8,
                         (size + 0x10000) & ~3)
    elif variant == 'nfuncs':
        struct.pack_into('<I', hdr, 12, nfuncs * 16 + 1)
    elif variant == 'machine':
        # EM_X86_64 and EM_AARCH64, each for the other.
        struct.pack_into('<H', hdr, 16, {62: 183, 183: 62}.get(machine, 62))
    else:
        sys.exit('unknown variant ' + variant)
    f.seek(fileoff)
    f.write(hdr)
new = struct.unpack(layout, hdr)
print('%s: magic %#x -> %#x, nfuncs %d -> %d, sect[0].off %#x -> %#x, machine %d -> %d' % (
    variant, magic, new[0], nfuncs, new[4], s0off, new[11], machine, new[5]))
PY
}

# The corrupted-table runs of ARCH (prefix PRE) for VARIANTS, on the
# kernel of one of ENCS that this run built (delta, else flat, else the
# first).
corruptdirs=()
corrupt_runs() {
	local arch=$1 pre=$2 encs=$3 variants=$4 enc d corrupt_enc=
	for enc in delta flat $encs; do
		# Only a kernel this run built: another's may be stale.
		case " $encs " in *" $enc "*) ;; *) continue ;; esac
		if [ "$(cat "$RUNS/$pre$enc/build-rc" 2>/dev/null)" = 0 ]; then
			corrupt_enc=$enc
			break
		fi
	done
	[ -n "$corrupt_enc" ] || return 0
	for variant in $variants; do
		d=$RUNS/${pre}corrupt-$variant
		rm -rf "$d"
		mkdir -p "$d"
		echo "$corrupt_enc" > "$d/encoding"
		echo "$variant" > "$d/variant"
		echo "$arch" > "$d/arch"
		corruptdirs+=("$d")
		say "booting the $pre$corrupt_enc kernel with a corrupted table ($variant) [$(secs) s]"
		corrupt "$(cat "$RUNS/$pre$corrupt_enc/vmlinux")" "$variant" \
			"$d/image-corrupt" "$arch" > "$d/patch.log" 2>&1
		echo $? > "$d/patch-rc"
		sed 's/^/#   /' "$d/patch.log"
		[ "$(cat "$d/patch-rc")" = 0 ] || continue
		KSELFTEST=$(dirname "$(cat "$RUNS/$pre$corrupt_enc/vmlinux")")/kselftest \
			ARCH=$arch "$HERE/run-qemu.sh" "$d/image-corrupt" "$d" 300
		echo $? > "$d/qemu-rc"
		rm -f "$d/image-corrupt"
		say "${pre}corrupt-$variant: QEMU status $(cat "$d/qemu-rc")"
	done
}
corrupt_runs x86_64 "" "$ENCODINGS" "magic sectoff nfuncs machine"
if [ $ARM64_BASE = 1 ]; then
	corrupt_runs arm64 arm64- "$ARM64_ENCODINGS" "magic sectoff nfuncs machine"
else
	corrupt_runs arm64 arm64- "$ARM64_ENCODINGS" machine
fi

say "checking the logs [$(secs) s]"
python3 "$HERE/check_e2e.py" --gen "$GEN" "${rundirs[@]}" \
	"${corruptdirs[@]/#/--corrupt=}" "${basedirs[@]/#/--base=}"
check_rc=$?
# 6.12's kernels are checked apart: 6.1's encodings are compared with
# each other, and 6.12 has other functions.
if [ ${#rundirs612[@]} -gt 0 ]; then
	python3 "$HERE/check_e2e.py" --gen "$GEN" "${rundirs612[@]}" || check_rc=1
fi

# decode_oops: the baselines' logs decoded offline, checked against the
# arguments passed and the paraminfo kernels' own blocks; those blocks
# reproduced from their logs, in every log format.
# (The ENC-mod kernels' blocks are checked against ENC's by check_e2e.py.)
say "decoding the logs offline [$(secs) s]"
offline=()
for d in "${rundirs[@]}"; do
	case $d in *-mod) ;; *) offline+=("$d") ;; esac
done
python3 "$HERE/check_offline.py" --gen "$GEN" --decoder "$BUILD/decode_oops" \
	"${basedirs[@]/#/--base=}" "${offline[@]}" "${rundirs612[@]}" || check_rc=1

# What paraminfo costs, against the baseline of its architecture.
built=()
for k in "${kernels[@]}"; do
	enc=${k#*:}
	pre=
	[ "${k%%:*}" = arm64 ] && pre=arm64-
	[ "$(cat "$RUNS/$pre$enc/build-rc" 2>/dev/null)" = 0 ] && built+=("$pre$enc")
done
for d in "${rundirs612[@]}"; do
	[ "$(cat "$d/build-rc" 2>/dev/null)" = 0 ] && built+=("$(basename "$d")")
done
python3 - "$GEN" "$CACHE/kernel" "${bases[@]}" "${built[@]}" <<'PY' > "$RESULTS.tmp"
import subprocess
import sys
import time

gen, kdir, kernels = sys.argv[1], sys.argv[2], [k for k in sys.argv[3:] if k]
out = kdir + '/out'


def run(*cmd):
    return subprocess.run(cmd, stdout=subprocess.PIPE, universal_newlines=True,
                          check=True).stdout


def facts(k):
    v = '%s/%s/vmlinux' % (out, k)
    f = dict(zip(('text', 'data', 'bss', 'dec'),
                 map(int, run('size', v).splitlines()[1].split()[:4])))
    sect = {l.split()[0]: int(l.split()[1]) for l in run('size', '-A', v).splitlines()
            if l.startswith('.')}
    f['rodata'] = sect.get('.rodata', 0)
    f['table'] = 0
    # vmlinux's own table, or (ENC-mod) paraminfo_vmlinux.ko's.
    where, sym = v, 'paraminfo_table'
    if k.endswith('-mod'):
        where = '%s/%s/modules/paraminfo_vmlinux.ko' % (out, k)
        sym = 'paraminfo_vmlinux_table'
    for line in run('nm', '-S', where).splitlines():
        w = line.split()
        if len(w) == 4 and w[3] == sym:
            f['table'] = int(w[1], 16)
    f['link'] = float(open('%s/%s/link-seconds' % (out, k)).read())
    f['lcpu'] = float(open('%s/%s/link-cpu-seconds' % (out, k)).read())
    f['build'] = float(open('%s/%s/build-seconds' % (out, k)).read())
    f['funcs'] = run(gen, '--dump', v).count('\n') if not k.endswith('base') else 0
    try:
        f['boot'] = '%.1f' % float(open('%s/runs/%s/qemu-seconds' % (kdir, k)).read())
    except (OSError, ValueError):
        f['boot'] = '-'
    f['code'] = f['tests'] = 0
    if not k.endswith('base'):
        for line in open('%s/%s/objects.size' % (out, k)).read().splitlines()[1:]:
            w = line.split()
            test = 'kunit' in w[5] or 'test_' in w[5]
            f['tests' if test else 'code'] += int(w[0]) + int(w[1]) + int(w[2])
    return f


F = {k: facts(k) for k in kernels}
print('paraminfo end-to-end results, %s' % time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime()))
print('kernel: Debian linux-source-6.1 (6.12-* rows: linux-source-6.12), x86-64 tinyconfig')
print('        + DWARF 5 + KALLSYMS + serial')
print('        console + debugfs + KUnit + SMP (2 CPUs) + PVH + KASLR + sysrq +')
print('        soft lockup detector, gcc -O2')
print('        (CC_OPTIMIZE_FOR_PERFORMANCE); arm64- kernels: the same for arm64')
print('        (aarch64-linux-gnu-gcc, PL011 console, virtio console), booted on')
print('        qemu-system-aarch64 -M virt -cpu max under TCG')
print()
print('`size vmlinux` (vmlinux marks .rodata writable until boot, so `size`')
print('counts it as data; sections are padded to 2 MiB, so the .rodata column')
print('and the table are the exact figures), seconds of')
print('scripts/link-vmlinux.sh (wall and CPU, best of two each) and of the')
print('build that ran (a full build or an incremental one), and of the QEMU')
print('run (boot, dump copied out over ttyS1, every case, the oops):')
print()
hdr = ('kernel', 'text', 'data', 'bss', 'dec', '.rodata', 'table', 'funcs', 'link s',
       'cpu s', 'build s', 'qemu s')
print('%-11s %9s %9s %9s %9s %9s %9s %6s %6s %6s %7s %6s' % hdr)
for k, f in F.items():
    print('%-11s %9d %9d %9d %9d %9d %9d %6s %6.1f %6.1f %7.1f %6s' % (
        k, f['text'], f['data'], f['bss'], f['dec'], f['rodata'], f['table'],
        f['funcs'] or '-', f['link'], f['lcpu'], f['build'],
        f['boot'] if not k.endswith('base') else '-'))


def base_of(k):
    k = k[:-len('-mod')] if k.endswith('-mod') else k
    return k[:-len(k.split('-')[-1])] + 'base'


costed = [k for k in F if not k.endswith('base') and base_of(k) in F]
if costed:
    print()
    print('cost against the baseline (bytes; code = paraminfo objects without the')
    print('KUnit suite and lib/test_paraminfo.o, which are "tests"; ENC-mod kernels')
    print('have the table in paraminfo_vmlinux.ko, not in vmlinux):')
    print()
    print('%-11s %9s %9s %9s %10s %9s %7s %6s %6s %7s %7s' % (
        'kernel', 'd.text', 'd.data', 'd.dec', 'd.rodata', 'table', 'B/func',
        'code', 'tests', 'd.link', 'd.cpu'))
    for k in costed:
        f, b = F[k], F[base_of(k)]
        print('%-11s %+9d %+9d %+9d %+10d %9d %7.1f %6d %6d %+6.1fs %+6.1fs' % (
            k, f['text'] - b['text'], f['data'] - b['data'], f['dec'] - b['dec'],
            f['rodata'] - b['rodata'], f['table'], f['table'] / max(f['funcs'], 1),
            f['code'], f['tests'], f['link'] - b['link'], f['lcpu'] - b['lcpu']))
PY
{
	echo
	echo "check_e2e.py, check_offline.py: $([ $check_rc -eq 0 ] && echo passed || echo FAILED)"
	echo "total run time: $(secs) s"
} >> "$RESULTS.tmp"
mv "$RESULTS.tmp" "$RESULTS"
sed 's/^/# /' "$RESULTS"
exit $check_rc
