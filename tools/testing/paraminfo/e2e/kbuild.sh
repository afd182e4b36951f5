#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# kbuild.sh base|flat|pool|delta - build the end-to-end test kernel.
#
# Extracts Debian's linux-source-6.1 once into the cache, configures an
# x86-64 tinyconfig with DWARF 5, KALLSYMS, a serial console, debugfs and
# KUnit, and builds bzImage:
#
#   base                 no paraminfo (CONFIG_KALLSYMS_PARAMINFO off): the
#                        size and link-time baseline. Own build directory.
#   flat | pool | delta  paraminfo with that encoding, the KUnit suite and
#                        lib/test_paraminfo.c. The three share one build
#                        directory; switching encodings rebuilds only the
#                        decoder and relinks.
#
# After the build, vmlinux is relinked once more on its own to time
# scripts/link-vmlinux.sh. The artifacts (vmlinux, bzImage, System.map,
# .config, build-seconds, link-seconds) are copied to $CACHE/kernel/out/WHAT/
# and that directory is printed on stdout; everything else goes to stderr.
#
# Environment: PARAMINFO_CACHE (default ~/.cache/paraminfo), JOBS (default
# nproc), PARAMINFO_REPO (default: this repository).
set -eu
set -o pipefail

what=${1:-}
case $what in
base | flat | pool | delta) ;;
*)
	echo "usage: $0 base|flat|pool|delta" >&2
	exit 2
	;;
esac

HERE=$(dirname "$(realpath "$0")")
REPO=${PARAMINFO_REPO:-$(realpath "$HERE/../../../..")}
CACHE=${PARAMINFO_CACHE:-$HOME/.cache/paraminfo}
KDIR=$CACHE/kernel
KSRC=$KDIR/linux-source-6.1
TARBALL=/usr/src/linux-source-6.1.tar.xz
JOBS=${JOBS:-$(nproc)}
APPLY=$REPO/scripts/paraminfo/apply-to-tree.sh

log() { echo "kbuild: $*" >&2; }
now() { date +%s.%N; }
elapsed() { echo "$(now) - $1" | bc | xargs printf '%.1f'; }

"$REPO/tools/testing/paraminfo/install-deps.sh" linux-source-6.1 gcc make bc \
	bison flex libssl-dev libelf-dev libdw-dev libxxhash-dev cpio xz-utils \
	binutils pkg-config >&2

# Extract once; the stamp says the extraction finished.
if [ ! -e "$KSRC/.paraminfo-extracted" ]; then
	log "extracting $TARBALL into $KDIR"
	rm -rf "$KSRC"
	mkdir -p "$KDIR"
	tar -C "$KDIR" -xJf "$TARBALL"
	touch "$KSRC/.paraminfo-extracted"
fi

if [ "$what" = base ]; then
	O=$KDIR/build-base
else
	O=$KDIR/build-pi
	if [ ! -x "$APPLY" ]; then
		log "$APPLY does not exist yet: cannot build a paraminfo kernel"
		exit 1
	fi
fi
OUT=$KDIR/out/$what
mkdir -p "$O" "$OUT"

# The tree may carry the overlay from an earlier paraminfo build; keep it
# current (apply-to-tree.sh is idempotent). The baseline leaves it off in
# .config, so it builds the same kernel either way.
if [ -x "$APPLY" ]; then
	log "applying the paraminfo overlay to $KSRC"
	"$APPLY" "$KSRC" >&2
fi

kmake() {
	make -s -C "$KSRC" O="$O" ARCH=x86_64 -j"$JOBS" "$@" >&2
}

# The options the test needs, with the value each must end up with. They
# are set after tinyconfig and verified after olddefconfig, because
# tinyconfig silently drops options whose dependencies are missing.
want=(
	64BIT=y EXPERT=y PRINTK=y BUG=y TTY=y SERIAL_8250=y
	SERIAL_8250_CONSOLE=y BLK_DEV_INITRD=y RD_GZIP=y BINFMT_ELF=y
	BINFMT_SCRIPT=y DEVTMPFS=y DEVTMPFS_MOUNT=y PROC_FS=y SYSFS=y
	DEBUG_KERNEL=y DEBUG_FS=y DEBUG_INFO=y DEBUG_INFO_DWARF5=y
	DEBUG_INFO_NONE=n KALLSYMS=y KERNEL_GZIP=y
	CC_OPTIMIZE_FOR_PERFORMANCE=y RUNTIME_TESTING_MENU=y KUNIT=y
	PANIC_TIMEOUT=0
)
if [ "$what" = base ]; then
	want+=(KALLSYMS_PARAMINFO=n)
else
	enc=$(echo "$what" | tr '[:lower:]' '[:upper:]')
	want+=(KALLSYMS_PARAMINFO=y "PARAMINFO_ENCODING_$enc=y"
	       PARAMINFO_KUNIT_TEST=y TEST_PARAMINFO=y)
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
	local opt name val bad=0
	for opt in "${want[@]}"; do
		name=${opt%%=*}
		val=${opt#*=}
		if [ "$val" = n ]; then
			grep -q "^CONFIG_$name=" "$O/.config" || continue
		else
			grep -qx "CONFIG_$name=$val" "$O/.config" && continue
		fi
		echo "CONFIG_$name (want $val, have: $(grep "CONFIG_$name[= ]" "$O/.config" || echo unset))"
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
		echo "$missing" | sed 's/^/kbuild:   /' >&2
		exit 1
	fi
fi

log "building $what in $O (make -j$JOBS)"
t0=$(now)
kmake vmlinux
kmake bzImage
build_s=$(elapsed "$t0")
log "build of $what took ${build_s}s"

# Time the final link alone: kallsyms (and paraminfo) passes included.
rm -f "$O/vmlinux"
t0=$(now)
kmake vmlinux
link_s=$(elapsed "$t0")
kmake bzImage
log "link of $what took ${link_s}s"

for f in vmlinux arch/x86/boot/bzImage System.map .config; do
	cp "$O/$f" "$OUT/$(basename "$f").tmp"
	mv "$OUT/$(basename "$f").tmp" "$OUT/$(basename "$f")"
done
echo "$build_s" > "$OUT/build-seconds"
echo "$link_s" > "$OUT/link-seconds"
echo "$O" > "$OUT/build-dir"
echo "$OUT"
