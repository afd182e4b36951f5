#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# install-deps.sh PKG... - make sure Debian packages are installed.
#
# Installs the missing ones with apt-get (as root) and says so; prints what
# to install and fails when it cannot.
set -eu

missing=()
for pkg in "$@"; do
	dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' ||
		missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "paraminfo: installing missing Debian packages: ${missing[*]}" >&2
if [ "$(id -u)" -ne 0 ]; then
	echo "paraminfo: not root; please run: apt-get install -y ${missing[*]}" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
# A fresh machine has no package lists; refresh them only once per boot.
stamp=/tmp/.paraminfo-apt-updated
[ -e "$stamp" ] || { apt-get update -qq >&2 && touch "$stamp"; }
apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
