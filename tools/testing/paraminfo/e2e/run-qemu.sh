#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run-qemu.sh BZIMAGE LOGDIR [TIMEOUT] - boot the end-to-end kernel once.
#
# ARCH (x86_64, the default, or arm64) says which kernel BZIMAGE is.
#
# x86_64: BZIMAGE may also be an uncompressed vmlinux: QEMU boots it
# through its PVH entry point (the kernel is built with CONFIG_PVH). The
# guest has two CPUs for the concurrent-WARN case, as two sockets: the
# kernel has no ACPI, and SeaBIOS's MP table lists one CPU per socket
# only. KVM is used only when the CPU has vmx/svm and /dev/kvm is usable;
# TCG otherwise.
#
# arm64: BZIMAGE is arch/arm64/boot/Image, booted on QEMU's virt machine
# (-cpu max, TCG, two CPUs), which passes a kaslr-seed in the device tree.
# The virt machine has one UART: the dump goes out through a virtio
# console. The initramfs holds Debian's static arm64 busybox, fetched
# with apt-get download into the cache when it is not there.
#
# Builds a busybox initramfs around e2e/init (cached, rebuilt when init
# changes) and boots BZIMAGE in QEMU: the console (ttyS0, ttyAMA0) goes to
# LOGDIR/console.log, the guest's copy of the debugfs dump (ttyS1, hvc0)
# to LOGDIR/ttyS1.log. Both have '\r' removed. The guest ends the run
# itself (oops=panic panic=-1 -no-reboot); TIMEOUT (default 300 s) bounds
# it. Exit status: QEMU's (124 on timeout). MODULES, a directory, adds
# its files under /modules; KSELFTEST, an installed kselftest
# (run_kselftest.sh at its top), adds it as /kselftest.
set -eu

bzimage=${1:?usage: run-qemu.sh BZIMAGE LOGDIR [TIMEOUT]}
logdir=${2:?usage: run-qemu.sh BZIMAGE LOGDIR [TIMEOUT]}
limit=${3:-300}

HERE=$(dirname "$(realpath "$0")")
CACHE=${PARAMINFO_CACHE:-$HOME/.cache/paraminfo}
ARCH=${ARCH:-x86_64}

case $ARCH in
x86 | x86_64)
	INITRD=$CACHE/kernel/initramfs.cpio
	BUSYBOX=/bin/busybox
	"$HERE/../install-deps.sh" qemu-system-x86 busybox-static cpio >&2
	;;
arm64)
	INITRD=$CACHE/kernel/initramfs-arm64.cpio
	BUSYBOX=$CACHE/arm64/busybox-arm64
	"$HERE/../install-deps.sh" qemu-system-arm cpio >&2
	;;
*)
	echo "$0: ARCH=$ARCH: only x86_64 and arm64 are supported" >&2
	exit 2
	;;
esac

# Debian's static busybox for arm64, from the package, not installed: an
# installed busybox-static:arm64 would replace the host's.
fetch_busybox_arm64() {
	local tmp

	tmp=$(mktemp -d)
	# apt-get download writes as _apt when it can.
	chmod 755 "$tmp"
	if ! dpkg --print-foreign-architectures | grep -qx arm64; then
		dpkg --add-architecture arm64 && apt-get update -qq
	fi
	(cd "$tmp" && apt-get download -qq busybox-static:arm64) >&2 &&
		dpkg-deb -x "$tmp"/busybox-static_*_arm64.deb "$tmp/root" &&
		mkdir -p "$(dirname "$BUSYBOX")" &&
		cp "$tmp/root/bin/busybox" "$BUSYBOX.tmp" &&
		mv "$BUSYBOX.tmp" "$BUSYBOX"
	local rc=$?
	rm -rf "$tmp"
	return $rc
}

if [ ! -s "$BUSYBOX" ] && [ "$ARCH" = arm64 ] && ! fetch_busybox_arm64; then
	echo "$0: cannot get busybox-static:arm64 (apt-get download)" >&2
	exit 1
fi

# The initramfs: static busybox and our /init, nothing else; made again
# when either differs from what it was made of (another checkout's /init
# may be older and still differ).
sum=$(cat "$HERE/init" "$BUSYBOX" | sha256sum | cut -d' ' -f1)
if [ ! -s "$INITRD" ] || [ "$(cat "$INITRD.sum" 2>/dev/null)" != "$sum" ]; then
	root=$(mktemp -d)
	mkdir -p "$root"/{bin,dev,proc,sys,tmp}
	cp "$BUSYBOX" "$root/bin/busybox"
	cp "$HERE/init" "$root/init"
	chmod 755 "$root/init" "$root/bin/busybox"
	mkdir -p "$(dirname "$INITRD")"
	(cd "$root" && find . | cpio -o -H newc --quiet) > "$INITRD.tmp"
	mv "$INITRD.tmp" "$INITRD"
	echo "$sum" > "$INITRD.sum"
	rm -rf "$root"
fi

mkdir -p "$logdir"
rm -f "$logdir/console.raw" "$logdir/ttyS1.raw"

# MODULES (a directory of .ko files, a corrupt/ one below it too) and
# KSELFTEST: a second cpio archive with them under /modules and
# /kselftest, after the first; the kernel unpacks both.
extra=()
[ -n "${MODULES:-}" ] && [ -d "$MODULES" ] && extra+=("$MODULES:modules")
[ -n "${KSELFTEST:-}" ] && [ -d "$KSELFTEST" ] && extra+=("$KSELFTEST:kselftest")
if [ ${#extra[@]} -gt 0 ]; then
	root=$(mktemp -d)
	for e in "${extra[@]}"; do
		mkdir -p "$root/${e##*:}"
		cp -r "${e%:*}"/. "$root/${e##*:}/"
	done
	(cd "$root" && find . | cpio -o -H newc --quiet) > "$logdir/modules.cpio"
	cat "$INITRD" "$logdir/modules.cpio" > "$logdir/initrd.cpio"
	rm -rf "$root" "$logdir/modules.cpio"
	INITRD=$logdir/initrd.cpio
fi
rc=0
append="oops=panic panic=-1 loglevel=7 rdinit=/init"
if [ "$ARCH" = arm64 ]; then
	# pauth-impdef: TCG's QARMA pointer authentication is slow. GICv3
	# and gicv3_pseudo_nmi: NMIs, for the NMI backtrace (Linux >= 6.8).
	timeout --foreground -k 10 "$limit" qemu-system-aarch64 \
		-M virt,gic-version=3 \
		-cpu max,pauth-impdef=on -accel tcg -m 512 -smp 2 \
		-nodefaults -display none -no-reboot \
		-kernel "$bzimage" -initrd "$INITRD" \
		-append "console=ttyAMA0 irqchip.gicv3_pseudo_nmi=1 $append" \
		-serial "file:$logdir/console.raw" \
		-device virtio-serial-device \
		-chardev "file,id=dump,path=$logdir/ttyS1.raw" \
		-device virtconsole,chardev=dump \
		< /dev/null || rc=$?
else
	accel=(-accel tcg)
	if grep -qE 'vmx|svm' /proc/cpuinfo && [ -r /dev/kvm ] && [ -w /dev/kvm ]; then
		accel=(-accel kvm -cpu host)
	fi
	timeout --foreground -k 10 "$limit" qemu-system-x86_64 "${accel[@]}" \
		-m 512 -smp 2,sockets=2,cores=1,threads=1 -nodefaults -display none -no-reboot \
		-kernel "$bzimage" -initrd "$INITRD" \
		-append "console=ttyS0 $append" \
		-serial "file:$logdir/console.raw" -serial "file:$logdir/ttyS1.raw" \
		< /dev/null || rc=$?
fi
tr -d '\r' < "$logdir/console.raw" > "$logdir/console.log"
tr -d '\r' < "$logdir/ttyS1.raw" > "$logdir/ttyS1.log"
rm -f "$logdir/console.raw" "$logdir/ttyS1.raw"
exit $rc
