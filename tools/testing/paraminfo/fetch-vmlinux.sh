#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# fetch-vmlinux.sh [x86_64|arm64] - print the path of a reference Debian 6.1
# vmlinux: linux-image-6.1.0-56-cloud-amd64-dbg (the default) or
# linux-image-6.1.0-57-cloud-arm64-dbg:arm64.
#
# Downloads the package with apt-get download once (adding the arm64 dpkg
# architecture for the second), extracts only vmlinux into the cache
# (outside the repository) and drops the .deb. Later calls just print the
# cached path.
set -eu

case ${1:-x86_64} in
x86_64)	KVER=6.1.0-56-cloud-amd64; PKG=linux-image-$KVER-dbg ;;
arm64)	KVER=6.1.0-57-cloud-arm64; PKG=linux-image-$KVER-dbg:arm64 ;;
*)	echo "usage: $0 [x86_64|arm64]" >&2; exit 2 ;;
esac
CACHE=${PARAMINFO_CACHE:-$HOME/.cache/paraminfo}
dir=$CACHE/dbg
vmlinux=$dir/vmlinux-$KVER

if [ ! -s "$vmlinux" ]; then
	mkdir -p "$dir"
	cd "$dir"
	if ! ls ${PKG%:*}_*.deb >/dev/null 2>&1; then
		echo "paraminfo: downloading $PKG (about 280 MB) into $dir" >&2
		case $PKG in
		*:arm64)
			dpkg --print-foreign-architectures | grep -qx arm64 || {
				dpkg --add-architecture arm64 &&
				rm -f /tmp/.paraminfo-apt-updated; } ;;
		esac
		[ -e /tmp/.paraminfo-apt-updated ] ||
			{ apt-get update -qq >&2 && touch /tmp/.paraminfo-apt-updated; }
		apt-get download "$PKG" >&2 2>/dev/null || apt-get download "$PKG" >&2
	fi
	deb=$(ls ${PKG%:*}_*.deb | head -1)
	echo "paraminfo: extracting vmlinux from $deb" >&2
	dpkg-deb --fsys-tarfile "$deb" |
		tar -xO "./usr/lib/debug/boot/vmlinux-$KVER" > "$vmlinux.tmp"
	mv "$vmlinux.tmp" "$vmlinux"
	rm -f "$deb"
fi
echo "$vmlinux"
