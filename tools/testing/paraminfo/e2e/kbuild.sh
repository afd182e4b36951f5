#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# kbuild.sh base|flat|pool|delta[-mod]|modbench - build a test kernel.
#
# Extracts Debian's linux-source-6.1 (or, with PARAMINFO_KVER=6.12,
# linux-source-6.12) once into the cache, configures a
# tinyconfig for $ARCH (x86_64, the default, or arm64) with DWARF 5,
# KALLSYMS, a serial console, debugfs and KUnit, and builds bzImage (x86)
# or Image (arm64, cross-compiled with $CROSS_COMPILE, by default
# aarch64-linux-gnu-):
#
#   base                 no paraminfo (CONFIG_KALLSYMS_PARAMINFO off): the
#                        size and link-time baseline. Own build directory.
#   flat | pool | delta  paraminfo with that encoding, the KUnit suite and
#                        lib/test_paraminfo.c. The three share one build
#                        directory; switching encodings rebuilds only the
#                        decoder and relinks.
#   ENC-mod              the same, but vmlinux's table is the module
#                        paraminfo_vmlinux.ko (PARAMINFO_VMLINUX_LOADABLE),
#                        made from the final vmlinux; KUnit's suite of
#                        vmlinux's table is left out. Same directory.
#   modbench             delta, with BLOCK and nine file systems (and NLS)
#                        as modules, for bench-modules.sh. Own directory.
#
# Each build also installs the kselftest, statically linked, in
# $OUT/kselftest (run_kselftest.sh at its top).
#
# The build runs link-vmlinux.sh with PARAMINFO_CHECK=1, which fails if
# the table linked in is not the one made from vmlinux. After the build,
# vmlinux is relinked twice more on its own, without the check, to time
# scripts/link-vmlinux.sh. The artifacts (vmlinux, bzImage or Image, System.map,
# .config, build-seconds, link-seconds, link-cpu-seconds, objects.size,
# paraminfo.funcs) are
# copied to $CACHE/kernel/out/WHAT/ and that directory is printed on stdout;
# everything else goes to stderr. For arm64 the build directories and the
# output directory carry an "arm64-" prefix: build-arm64-pi, out/arm64-delta.
#
# Environment: PARAMINFO_CACHE (default ~/.cache/paraminfo), JOBS (default
# nproc), PARAMINFO_REPO (default: this repository), ARCH (x86_64 or
# arm64), CROSS_COMPILE, PARAMINFO_KVER (6.1, the default, or 6.12: its
# tree, build and output directories are named with a further "6.12-"
# prefix: build-6.12-pi, out/6.12-delta, out/arm64-6.12-delta).
set -eu
set -o pipefail

what=${1:-}
case $what in
base | flat | pool | delta | flat-mod | pool-mod | delta-mod | modbench) ;;
*)
	echo "usage: $0 base|flat|pool|delta[-mod]|modbench" >&2
	exit 2
	;;
esac

HERE=$(dirname "$(realpath "$0")")
REPO=${PARAMINFO_REPO:-$(realpath "$HERE/../../../..")}
CACHE=${PARAMINFO_CACHE:-$HOME/.cache/paraminfo}
KDIR=$CACHE/kernel
KVER=${PARAMINFO_KVER:-6.1}
case $KVER in
6.1) kpfx= ;;
6.12) kpfx=6.12- ;;
*)
	echo "$0: PARAMINFO_KVER=$KVER: only 6.1 and 6.12 are known" >&2
	exit 2
	;;
esac
KSRC=$KDIR/linux-source-$KVER
TARBALL=/usr/src/linux-source-$KVER.tar.xz
JOBS=${JOBS:-$(nproc)}
ARCH=${ARCH:-x86_64}
case $ARCH in
x86 | x86_64)
	ARCH=x86_64
	SRCARCH=x86
	IMAGE=arch/x86/boot/bzImage
	PREFIX=
	CROSS_COMPILE=${CROSS_COMPILE:-}
	CROSS_PKGS=()
	;;
arm64)
	SRCARCH=arm64
	IMAGE=arch/arm64/boot/Image
	PREFIX=arm64-
	if [ "$(uname -m)" = aarch64 ]; then
		CROSS_COMPILE=${CROSS_COMPILE:-}
		CROSS_PKGS=()
	else
		CROSS_COMPILE=${CROSS_COMPILE-aarch64-linux-gnu-}
		CROSS_PKGS=(gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu)
	fi
	;;
*)
	echo "$0: ARCH=$ARCH: only x86_64 and arm64 are supported" >&2
	exit 2
	;;
esac
PREFIX=$PREFIX$kpfx
APPLY=$REPO/scripts/paraminfo/apply-to-tree.sh

log() { echo "kbuild: $*" >&2; }
now() { date +%s.%N; }
elapsed() { echo "$(now) - $1" | bc | xargs printf '%.1f'; }

"$REPO/tools/testing/paraminfo/install-deps.sh" "linux-source-$KVER" gcc make bc \
	bison flex libssl-dev libelf-dev libdw-dev libxxhash-dev libcapstone-dev cpio xz-utils \
	binutils pkg-config rsync "${CROSS_PKGS[@]}" >&2

# Extract once; the stamp says the extraction finished.
if [ ! -e "$KSRC/.paraminfo-extracted" ]; then
	log "extracting $TARBALL into $KDIR"
	rm -rf "$KSRC"
	mkdir -p "$KDIR"
	tar -C "$KDIR" -xJf "$TARBALL"
	touch "$KSRC/.paraminfo-extracted"
fi

if [ "$what" = base ] || [ "$what" = modbench ]; then
	O=$KDIR/build-${PREFIX}$what
else
	O=$KDIR/build-${PREFIX}pi
	if [ ! -x "$APPLY" ]; then
		log "$APPLY does not exist yet: cannot build a paraminfo kernel"
		exit 1
	fi
fi
OUT=$KDIR/out/$PREFIX$what
mkdir -p "$O" "$OUT"

# The tree may carry the overlay from an earlier paraminfo build; keep it
# current (apply-to-tree.sh is idempotent). The baseline leaves it off in
# .config, so it builds the same kernel either way.
if [ -x "$APPLY" ]; then
	log "applying the paraminfo overlay to $KSRC"
	if ! "$APPLY" "$KSRC" >&2; then
		log "$APPLY failed"
		[ "$what" = base ] || exit 1
	fi
fi

kmake() {
	make -s -C "$KSRC" O="$O" ARCH="$ARCH" CROSS_COMPILE="$CROSS_COMPILE" \
		-j"$JOBS" "$@" >&2
}

# The options the test needs, with the value each must end up with. They
# are set after tinyconfig and verified after olddefconfig, because
# tinyconfig silently drops options whose dependencies are missing.
# SMP with two CPUs is for the concurrent-WARN case (QEMU -smp 2); PVH
# lets QEMU boot an uncompressed vmlinux directly (-kernel vmlinux), which
# the corrupted-table run uses on a copy of vmlinux with its table patched.
# MAGIC_SYSRQ and SOFTLOCKUP_DETECTOR are for the interrupted cases;
# RANDOMIZE_BASE makes every boot of a bzImage run at a KASLR offset, which
# the printer and the debugfs dump must take off.
# On arm64, QEMU's virt machine has one PL011 UART, so the guest's copy of
# the debugfs dump goes out through a virtio console (hvc0); it passes a
# kaslr-seed in the device tree, which RANDOMIZE_BASE uses. Its GICv3
# gives ARM64_PSEUDO_NMI a real NMI: from Linux 6.8 on, the backtrace IPI
# of the nmi case is one, and interrupts the spinning CPU's irqs-off loop.
want=(
	64BIT=y EXPERT=y PRINTK=y BUG=y TTY=y
	BLK_DEV_INITRD=y RD_GZIP=y BINFMT_ELF=y
	BINFMT_SCRIPT=y DEVTMPFS=y DEVTMPFS_MOUNT=y PROC_FS=y SYSFS=y
	DEBUG_KERNEL=y DEBUG_FS=y DEBUG_INFO=y DEBUG_INFO_DWARF5=y
	DEBUG_INFO_NONE=n KALLSYMS=y
	CC_OPTIMIZE_FOR_PERFORMANCE=y CC_OPTIMIZE_FOR_SIZE=n
	RUNTIME_TESTING_MENU=y KUNIT=y
	PANIC_TIMEOUT=0
	SMP=y NR_CPUS=2
	MAGIC_SYSRQ=y SOFTLOCKUP_DETECTOR=y RELOCATABLE=y RANDOMIZE_BASE=y
	MODULES=y MODULE_UNLOAD=y
)
if [ "$ARCH" = arm64 ]; then
	want+=(SERIAL_AMBA_PL011=y SERIAL_AMBA_PL011_CONSOLE=y
	       VIRTIO_MENU=y VIRTIO_MMIO=y VIRTIO_CONSOLE=y
	       ARM64_PSEUDO_NMI=y)
else
	want+=(SERIAL_8250=y SERIAL_8250_CONSOLE=y KERNEL_GZIP=y KERNEL_XZ=n
	       HYPERVISOR_GUEST=y PVH=y)
fi
if [ "$what" = base ]; then
	# The test module too: decode_oops decodes the baseline's log offline.
	want+=(KALLSYMS_PARAMINFO=n TEST_PARAMINFO=y)
else
	enc=$(echo "${what%-mod}" | tr '[:lower:]' '[:upper:]')
	if [ "$what" = modbench ]; then
		enc=DELTA
		want+=(BLOCK=y MISC_FILESYSTEMS=y MINIX_FS=m FAT_FS=m MSDOS_FS=m VFAT_FS=m EXT2_FS=m
		       ISO9660_FS=m ROMFS_FS=m CRAMFS=m SQUASHFS=m)
	fi
	want+=(KALLSYMS_PARAMINFO=y "PARAMINFO_ENCODING_$enc=y"
	       PARAMINFO_KUNIT_TEST=y TEST_PARAMINFO=y TEST_PARAMINFO_MODULE=m)
	if [ "$what" = "${what%-mod}" ] || [ "$what" = modbench ]; then
		want+=(PARAMINFO_VMLINUX_BUILTIN=y PARAMINFO_VMLINUX_LOADABLE=n)
	else
		want+=(PARAMINFO_VMLINUX_BUILTIN=n PARAMINFO_VMLINUX_LOADABLE=y)
	fi
	for e in FLAT POOL DELTA; do
		[ "$e" = "$enc" ] || want+=("PARAMINFO_ENCODING_$e=n")
	done
fi

configure() {
	local opt name val args=()
	for opt in "${want[@]}"; do
		name=${opt%%=*}
		val=${opt#*=}
		case $val in
		y) args+=(--enable "$name") ;;
		n) args+=(--disable "$name") ;;
		*) args+=(--set-val "$name" "$val") ;;
		esac
	done
	"$KSRC/scripts/config" --file "$O/.config" "${args[@]}"
	kmake olddefconfig
}

# Is every wanted option in .config? Prints the ones that are not.
check_config() {
	local opt name val have bad=0
	for opt in "${want[@]}"; do
		name=${opt%%=*}
		val=${opt#*=}
		if [ "$val" = n ]; then
			grep -q "^CONFIG_$name=" "$O/.config" || continue
		else
			grep -qx "CONFIG_$name=$val" "$O/.config" && continue
		fi
		have=$(grep "CONFIG_${name}[= ]" "$O/.config" || echo unset)
		echo "CONFIG_$name (want $val, have: $have)"
		bad=1
	done
	return $bad
}

if [ ! -e "$O/.config" ] || ! check_config >/dev/null; then
	if [ ! -e "$O/.config" ]; then
		log "configuring $O (tinyconfig + test options)"
		kmake tinyconfig
	else
		log "updating the configuration in $O for $what"
	fi
	# Twice: some options only appear once their menu is enabled.
	configure
	configure
	if ! missing=$(check_config); then
		log "the configuration lacks required options:"
		while read -r line; do log "  $line"; done <<< "$missing"
		exit 1
	fi
fi

log "building $what in $O (make -j$JOBS)"
t0=$(now)
# The build proves that the table linked in is vmlinux's own (made again
# from vmlinux and compared); the timed links below leave that out.
PARAMINFO_CHECK=1 kmake vmlinux
kmake "$(basename "$IMAGE")" modules
build_s=$(elapsed "$t0")
log "build of $what took ${build_s}s"

# Time the final link alone, scripts/link-vmlinux.sh with its kallsyms (and
# paraminfo) passes: wall and CPU (user + sys) seconds, the better of two of
# each, as other jobs may share the CPUs.
link_s=
link_cpu=
TIMEFORMAT='%R %U %S'
for _ in 1 2; do
	rm -f "$O/vmlinux"
	{ time kmake vmlinux 2>&3; } 3>&2 2> "$O/.paraminfo-link-time"
	read -r real user sys < "$O/.paraminfo-link-time"
	cpu=$(echo "$user + $sys" | bc)
	if [ -z "$link_s" ] || [ "$(echo "$real < $link_s" | bc)" = 1 ]; then
		link_s=$real
	fi
	if [ -z "$link_cpu" ] || [ "$(echo "$cpu < $link_cpu" | bc)" = 1 ]; then
		link_cpu=$cpu
	fi
done
# Each link numbers the kernel anew (#N, in its build ID): the modules
# again too, for paraminfo_vmlinux.ko's table is of the final vmlinux.
kmake "$(basename "$IMAGE")" modules
log "link of $what took ${link_s}s (${link_cpu}s CPU)"

for f in vmlinux "$IMAGE" System.map .config; do
	cp "$O/$f" "$OUT/$(basename "$f").tmp"
	mv "$OUT/$(basename "$f").tmp" "$OUT/$(basename "$f")"
done
# The modules, for the initramfs (run-qemu.sh) and decode_oops: those of
# this configuration (modules.order), not those another left behind.
rm -rf "$OUT/modules"
mkdir -p "$OUT/modules"
sed 's/\.o$/.ko/' "$O/modules.order" | (cd "$O" && xargs -r cp -t "$OUT/modules/")
# The code paraminfo adds, object by object (Berkeley size of each).
if [ "$what" != base ]; then
	mapfile -t objs < <(ar t "$O/kernel/paraminfo/built-in.a")
	(cd "$O" && size "${objs[@]}" "arch/$SRCARCH/kernel/paraminfo.o" \
		lib/test_paraminfo.o) > "$OUT/objects.size"
	# Functions of paraminfo's own kernel code, which differs by encoding.
	(cd "$O" && nm --defined-only "${objs[@]}" "arch/$SRCARCH/kernel/paraminfo.o") |
		awk '$2 ~ /^[tT]$/ { print $3 }' | sort -u > "$OUT/paraminfo.funcs"
fi
# The kselftest, built and installed as a kernel developer would (make -C
# tools/testing/selftests TARGETS=paraminfo install), but linked
# statically for the busybox initramfs: run_kselftest.sh and the test in
# $OUT/kselftest, which run-qemu.sh puts under /kselftest. A kselftest
# that does not build leaves the kernel usable: the checks say so.
rm -rf "$OUT/kselftest"
if ! make -s -C "$KSRC/tools/testing/selftests" O="$O" ARCH="$SRCARCH" \
	CROSS_COMPILE="$CROSS_COMPILE" TARGETS=paraminfo USERLDFLAGS=-static \
	KSFT_INSTALL_PATH="$OUT/kselftest" install >&2; then
	log "the kselftest (tools/testing/selftests/paraminfo) did not build"
	rm -rf "$OUT/kselftest"
fi
echo "$build_s" > "$OUT/build-seconds"
echo "$link_s" > "$OUT/link-seconds"
echo "$link_cpu" > "$OUT/link-cpu-seconds"
echo "$O" > "$OUT/build-dir"
echo "$OUT"
