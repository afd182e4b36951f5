#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# fetch-vmlinux.sh - print the path of the reference Debian 6.1 vmlinux.
#
# Downloads linux-image-6.1.0-56-cloud-amd64-dbg with apt-get download once,
# extracts only vmlinux into the cache (outside the repository) and drops
# the .deb. Later calls just print the cached path.
set -eu

PKG=linux-image-6.1.0-56-cloud-amd64-dbg
KVER=6.1.0-56-cloud-amd64
CACHE=${PARAMINFO_CACHE:-$HOME/.cache/paraminfo}
dir=$CACHE/dbg
vmlinux=$dir/vmlinux-$KVER

if [ ! -s "$vmlinux" ]; then
	mkdir -p "$dir"
	cd "$dir"
	if ! ls ${PKG}_*.deb >/dev/null 2>&1; then
		echo "paraminfo: downloading $PKG (about 280 MB) into $dir" >&2
		[ -e /tmp/.paraminfo-apt-updated ] ||
			{ apt-get update -qq >&2 && touch /tmp/.paraminfo-apt-updated; }
		apt-get download "$PKG" >&2 2>/dev/null || apt-get download "$PKG" >&2
	fi
	deb=$(ls ${PKG}_*.deb | head -1)
	echo "paraminfo: extracting vmlinux from $deb" >&2
	dpkg-deb --fsys-tarfile "$deb" |
		tar -xO "./usr/lib/debug/boot/vmlinux-$KVER" > "$vmlinux.tmp"
	mv "$vmlinux.tmp" "$vmlinux"
	rm -f "$deb"
fi
echo "$vmlinux"
