#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run.sh OUTDIR - a real WARN and oops log of Debian's own, unmodified
# 6.1.0-56-cloud-amd64 kernel, with known arguments, for checking an
# offline paraminfo decoder.
#
# On a Debian 12 amd64 machine, as root:
#  - installs with apt-get what is missing (linux-headers-6.1.0-56-cloud-amd64,
#    qemu-system-x86, busybox-static, cpio, gzip, gcc, make);
#  - fetches linux-image-6.1.0-56-cloud-amd64 at the headers' version with
#    apt-get download (never installs it) and keeps only boot/vmlinuz and
#    boot/config from it (its System.map is a placeholder);
#  - builds pi_distro.ko (pi_distro.c here) against the headers, with its
#    DWARF (checked);
#  - boots the kernel in QEMU (TCG, never KVM) with a busybox initramfs
#    whose /init inserts the module with case=warn, case=warn2 and last
#    case=oops (or case=bug), which panics (oops=panic);
#  - checks the log: the Debian kernel booted, every case announced its
#    arguments, a WARNING block for each WARN case, the oops (or BUG), and
#    at each trap the argument registers (rdi, rsi, rdx, rcx, r8, r9, in
#    order, only the argument's width) hold the announced values.
#
# OUTDIR gets: console.log (the serial console, '\r' removed), pi_distro.ko
# (the module that ran, with DWARF) and vmlinux-path (the path of the
# matching debug vmlinux, from ../fetch-vmlinux.sh: about 280 MB to
# download once). Each case announces itself before its trap with
#
#   pi_distro: case NAME: func=FUNCTION ARG=0xVALUE ...
#
# every argument in the order of the signature, in hex, 16 digits for a
# u64 or pointer, 8 for a u32, 4 for a u16, 2 for a u8.
#
# Cache: ${PARAMINFO_CACHE:-$HOME/.cache/paraminfo}/distro/: boot/ with
# the kernel (14 MB), build/, the module's build directory, rebuilt every
# run, and the initramfs (1 MB). The debug vmlinux stays in dbg/, where
# fetch-vmlinux.sh keeps it.
#
# Environment: PI_DISTRO_FATAL=oops (default) or bug, the last case;
# PI_DISTRO_TIMEOUT, QEMU's limit in seconds (300).
#
# Time (2 cores, 2026-12-02), printed to stderr by every run: 12 s from
# an empty cache (the 27 MB download 4-5 s, the module 1.5 s, the TCG boot
# 5 s), 6.5-8 s cached; plus, where they are missing, installing the
# packages (the headers: 5 s) and the debug vmlinux (280 MB, once).
#
# What the log looks like: the kernel is at a KASLR offset and so is the
# module (p values change from run to run; the case line has them). The
# "Code:" bytes are the running code: the __fentry__ call is a 5-byte
# NOP there, the __x86_return_thunk jump a "ret; int3" sequence. The
# oops prints its register dump twice, the second after "---[ end trace";
# the checks use the first. The module is unsigned and out of tree: the
# kernel says so and taints itself (OE), then W after the first WARN.
set -eu

if [ $# -ne 1 ]; then
	echo "usage: $0 OUTDIR" >&2
	exit 2
fi
outdir=$1

KVER=6.1.0-56-cloud-amd64
HERE=$(dirname "$(realpath "$0")")
PI=$HERE/..
CACHE=${PARAMINFO_CACHE:-$HOME/.cache/paraminfo}
DC=$CACHE/distro
HDRS=/usr/src/linux-headers-$KVER
FATAL=${PI_DISTRO_FATAL:-oops}
LIMIT=${PI_DISTRO_TIMEOUT:-300}

case $FATAL in
oops | bug) ;;
*) echo "$0: PI_DISTRO_FATAL=$FATAL: oops or bug" >&2; exit 2 ;;
esac
CASES="warn warn2 $FATAL"

say() { echo "pi_distro: $*" >&2; }
die() { echo "pi_distro: FAIL: $*" >&2; exit 1; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

t_all=$(now)
tmps=()
trap 'rm -rf "${tmps[@]}"' EXIT

# --- Debian packages --------------------------------------------------------
t=$(now)
"$PI/install-deps.sh" "linux-headers-$KVER" qemu-system-x86 busybox-static \
	cpio gzip gcc make
t_pkgs=$(since "$t")

ver=$(dpkg-query -W -f='${Version}' "linux-headers-$KVER")
grep -q "\"$KVER\"" "$HDRS/include/generated/utsrelease.h" ||
	die "$HDRS is not for $KVER"

# --- The kernel: linux-image-$KVER at the headers' version, not installed ----
t=$(now)
boot=$DC/boot
vmlinuz=$boot/vmlinuz-$KVER
if [ ! -s "$vmlinuz" ] || [ "$(cat "$boot/version" 2>/dev/null)" != "$ver" ]; then
	say "downloading linux-image-$KVER=$ver (27 MB; kept: vmlinuz, config)"
	tmp=$(mktemp -d)
	tmps+=("$tmp")
	# apt-get download works as _apt when it can write there.
	chmod 777 "$tmp"
	pkg=linux-image-$KVER=$ver
	(cd "$tmp" && { apt-get download -qq "$pkg" 2>/dev/null ||
		{ apt-get update -qq && apt-get download -qq "$pkg"; }; }) >&2 ||
		die "apt-get download $pkg failed"
	mkdir -p "$tmp/root"
	dpkg-deb -x "$tmp"/linux-image-"$KVER"_*.deb "$tmp/root"
	rm -rf "$boot"
	mkdir -p "$boot"
	for f in config vmlinuz; do
		cp "$tmp/root/boot/$f-$KVER" "$boot/$f-$KVER"
	done
	echo "$ver" > "$boot/version"
	# The modules and the rest of the package are not needed.
	rm -rf "$tmp"
fi
t_dl=$(since "$t")
# The bzImage's version string: the kernel the headers are for.
grep -aq "$KVER (debian-kernel@lists.debian.org) .* Debian $ver " "$vmlinuz" ||
	die "$vmlinuz is not $KVER at $ver"

# --- The module -------------------------------------------------------------
t=$(now)
build=$DC/build
rm -rf "$build"
mkdir -p "$build"
cp "$HERE/pi_distro.c" "$HERE/Makefile" "$build/"
make -s -C "$HDRS" M="$build" modules >&2 ||
	die "building pi_distro.ko against $HDRS failed"
ko=$build/pi_distro.ko
if ! readelf -S "$ko" | grep -q '\.debug_info'; then
	say "no .debug_info in pi_distro.ko; rebuilding with KCFLAGS=-g"
	make -s -C "$HDRS" M="$build" clean >&2
	make -s -C "$HDRS" M="$build" KCFLAGS=-g modules >&2
	readelf -S "$ko" | grep -q '\.debug_info' ||
		die "pi_distro.ko has no .debug_info"
fi
vermagic=$(readelf -p .modinfo "$ko" | sed -n 's/.*vermagic=//p')
case $vermagic in
"$KVER "*) ;;
*) die "pi_distro.ko's vermagic '$vermagic' is not for $KVER" ;;
esac
t_build=$(since "$t")

# --- The initramfs: static busybox, the module, /init, /cases ---------------
initrd=$DC/initramfs.cpio.gz
root=$(mktemp -d)
tmps+=("$root")
mkdir -p "$root"/{bin,dev,proc,sys,tmp}
cp /bin/busybox "$root/bin/busybox"
cp "$HERE/init" "$root/init"
cp "$ko" "$root/pi_distro.ko"
echo "$CASES" > "$root/cases"
chmod 755 "$root/init" "$root/bin/busybox"
(cd "$root" && find . | cpio -o -H newc --quiet | gzip -9) > "$initrd.tmp"
mv "$initrd.tmp" "$initrd"
rm -rf "$root"

# --- The debug vmlinux (about 280 MB once) -----------------------------------
t=$(now)
vmlinux=$("$PI/fetch-vmlinux.sh" x86_64)
t_dbg=$(since "$t")
grep -aq "Linux version $KVER (debian-kernel@lists.debian.org) .* Debian $ver (" \
	"$vmlinux" || die "$vmlinux is not $KVER at $ver"

# --- Boot -------------------------------------------------------------------
mkdir -p "$outdir"
rm -f "$outdir/console.raw" "$outdir/console.log"
say "booting $KVER in QEMU (TCG), cases: $CASES"
t=$(now)
rc=0
timeout --foreground -k 10 "$LIMIT" qemu-system-x86_64 -accel tcg -m 1024 \
	-smp 2 -nodefaults -display none -no-reboot \
	-kernel "$vmlinuz" -initrd "$initrd" \
	-append "console=ttyS0 oops=panic panic=-1 loglevel=7 rdinit=/init" \
	-serial "file:$outdir/console.raw" < /dev/null || rc=$?
t_boot=$(since "$t")
tr -d '\r' < "$outdir/console.raw" > "$outdir/console.log"
rm -f "$outdir/console.raw"
cp "$ko" "$outdir/pi_distro.ko"
echo "$vmlinux" > "$outdir/vmlinux-path"

say "timing: packages ${t_pkgs}s, kernel download ${t_dl}s, module build ${t_build}s, debug vmlinux ${t_dbg}s, boot ${t_boot}s, total $(since "$t_all")s"

# --- Checks -----------------------------------------------------------------
log=$outdir/console.log
[ "$rc" -eq 124 ] && say "QEMU timed out after ${LIMIT}s"
grep -q "Linux version $KVER .* Debian $ver " "$log" ||
	die "$log: no banner of Linux $KVER, Debian $ver (QEMU exit status $rc)"
grep -q 'pi_distro-init: init started' "$log" ||
	die "$log: the kernel did not reach /init (QEMU exit status $rc)"
for bad in 'disagrees about version' 'Invalid module format' \
	'Unknown symbol' 'Required key not available' "can't insert"; do
	if grep -q "$bad" "$log"; then
		die "$log: the module did not load: $(grep -m1 "$bad" "$log")"
	fi
done

# check_case CASE TRAP-REGEX: the case's line, once, then its trap with RIP
# in the announced function and the code bytes around it, then the argument
# registers hold the announced values.
check_case() {
	local c=$1 trap=$2 out n

	n=$(grep -c "pi_distro: case $c: func=" "$log" || true)
	[ "$n" -le 1 ] || die "case $c: ran $n times"
	out=$(awk -v c="$c" -v trap="$trap" '
	function fail(m) { print m; bad = 1; exit 1 }
	state == 3 && / Code: / && !code {
		code = 1
		if (/Unable to access/) fail("no code bytes: " $0)
		next
	}
	# The register dump: "RAX: 0000... RBX: ..." three to a line.
	state == 3 && / (RAX|RDX|RBP|R10|R13): / {
		for (i = 1; i < NF; i++)
			if ($i ~ /^R[0-9A-Z]+:$/)
				reg[tolower(substr($i, 1, length($i) - 1))] = tolower($(i + 1))
		if ($0 ~ /R13:/) { done = 1; exit 0 }
		next
	}
	state == 0 && index($0, "pi_distro: case " c ": func=") {
		line = substr($0, index($0, "func="))
		n = split(line, w, " ")
		fn = substr(w[1], 6)
		nargs = 0
		for (i = 2; i <= n; i++) {
			split(w[i], kv, "=")
			names[++nargs] = kv[1]
			vals[nargs] = tolower(substr(kv[2], 3))
		}
		state = 1; next
	}
	state == 1 && $0 ~ trap { state = 2; next }
	state == 2 && /RIP: 0010:/ {
		if (index($0, "RIP: 0010:" fn "+") == 0)
			fail("RIP is not in " fn ": " $0)
		state = 3; next
	}
	END {
		if (bad) exit 1
		if (state == 0) { print "no case line"; exit 1 }
		if (state == 1) { print "no trap matching /" trap "/ after the case line"; exit 1 }
		if (state == 2) { print "no RIP line after the trap"; exit 1 }
		if (!done) { print "no complete register dump"; exit 1 }
		split("rdi rsi rdx rcx r8 r9", abi, " ")
		for (i = 1; i <= nargs; i++) {
			r = abi[i]
			if (r == "r8" || r == "r9") r = "r0" substr(r, 2)
			v = vals[i]
			got = substr(reg[r], 17 - length(v))
			printf "%s %s=0x%s %s=%s", (i > 1 ? "," : ""), names[i], v, \
				toupper(r), (got == v ? "ok" : "0x" reg[r] " MISMATCH")
			if (got != v) bad = 1
		}
		print ""
		exit bad
	}' "$log") || die "case $c: ${out# }"
	say "case $c: ${out# }"
}

check_case warn "WARNING: CPU: [0-9]+ PID: [0-9]+ at .*pi_distro_warn[+]"
check_case warn2 "WARNING: CPU: [0-9]+ PID: [0-9]+ at .*pi_distro_warn2[+]"
if [ "$FATAL" = oops ]; then
	check_case oops "BUG: unable to handle page fault for address: 000000000000bad0"
else
	check_case bug "kernel BUG at .*pi_distro.c:[0-9]+!"
fi
grep -q 'Kernel panic - not syncing: Fatal exception' "$log" ||
	die "$log: the $FATAL case did not end in a panic"
grep -q 'pi_distro-init: all cases done' "$log" &&
	die "$log: the kernel survived the $FATAL case"

say "OK: $log (module $outdir/pi_distro.ko, debug vmlinux $vmlinux)"
