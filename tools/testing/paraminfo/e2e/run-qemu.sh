#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run-qemu.sh BZIMAGE LOGDIR [TIMEOUT] - boot the end-to-end kernel once.
#
# BZIMAGE may also be an uncompressed vmlinux: QEMU boots it through its
# PVH entry point (the kernel is built with CONFIG_PVH). The guest has two
# CPUs for the concurrent-WARN case, as two sockets: the kernel has no
# ACPI, and SeaBIOS's MP table lists one CPU per socket only.
#
# Builds a busybox initramfs around e2e/init (cached, rebuilt when init
# changes) and boots BZIMAGE in QEMU: the console (ttyS0) goes to
# LOGDIR/console.log, the guest's copy of the debugfs dump (ttyS1) to
# LOGDIR/ttyS1.log. Both have '\r' removed. The guest ends the run itself
# (oops=panic panic=-1 -no-reboot); TIMEOUT (default 300 s) bounds it.
# KVM is used only when the CPU has vmx/svm and /dev/kvm is usable; TCG
# otherwise. Exit status: QEMU's (124 on timeout).
set -eu

bzimage=${1:?usage: run-qemu.sh BZIMAGE LOGDIR [TIMEOUT]}
logdir=${2:?usage: run-qemu.sh BZIMAGE LOGDIR [TIMEOUT]}
limit=${3:-300}

HERE=$(dirname "$(realpath "$0")")
CACHE=${PARAMINFO_CACHE:-$HOME/.cache/paraminfo}
INITRD=$CACHE/kernel/initramfs.cpio

"$HERE/../install-deps.sh" qemu-system-x86 busybox-static cpio >&2

# The initramfs: static busybox and our /init, nothing else.
if [ ! -s "$INITRD" ] || [ "$HERE/init" -nt "$INITRD" ] ||
   [ /bin/busybox -nt "$INITRD" ]; then
	root=$(mktemp -d)
	mkdir -p "$root"/{bin,dev,proc,sys,tmp}
	cp /bin/busybox "$root/bin/busybox"
	cp "$HERE/init" "$root/init"
	chmod 755 "$root/init" "$root/bin/busybox"
	mkdir -p "$(dirname "$INITRD")"
	(cd "$root" && find . | cpio -o -H newc --quiet) > "$INITRD.tmp"
	mv "$INITRD.tmp" "$INITRD"
	rm -rf "$root"
fi

accel=(-accel tcg)
if grep -qE 'vmx|svm' /proc/cpuinfo && [ -r /dev/kvm ] && [ -w /dev/kvm ]; then
	accel=(-accel kvm -cpu host)
fi

mkdir -p "$logdir"
rm -f "$logdir/console.raw" "$logdir/ttyS1.raw"
rc=0
timeout --foreground -k 10 "$limit" qemu-system-x86_64 "${accel[@]}" \
	-m 512 -smp 2,sockets=2,cores=1,threads=1 -nodefaults -display none -no-reboot \
	-kernel "$bzimage" -initrd "$INITRD" \
	-append "console=ttyS0 oops=panic panic=-1 loglevel=7 rdinit=/init" \
	-serial "file:$logdir/console.raw" -serial "file:$logdir/ttyS1.raw" \
	< /dev/null || rc=$?
tr -d '\r' < "$logdir/console.raw" > "$logdir/console.log"
tr -d '\r' < "$logdir/ttyS1.raw" > "$logdir/ttyS1.log"
rm -f "$logdir/console.raw" "$logdir/ttyS1.raw"
exit $rc
