#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Reproducibility: gen_paraminfo's tables (flat, pool, delta; asm and bin)
# and its --dump are byte-identical
#
#   - across two runs,
#   - run from another working directory with a relative path, and from /
#     with an absolute one (the output file named likewise),
#   - under LC_ALL=C, C.UTF-8 and a non-C locale when one is installed,
#   - in an empty environment (env -i, PATH only, another TZ),
#   - with glibc's MALLOC_PERTURB_ filling fresh memory (no uninitialised
#     padding reaches a table),
#
# on every fixture level, or with --real on the real Debian vmlinux, or
# with --all on both. One KTAP line per input and variant.
set -u
what=${1:---fixtures}
: "${GEN:?}" "${BUILD:?}" "${T:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp" "$tmp.loc"' EXIT
n=0
fails=0
outs=(flat:asm flat:bin pool:asm pool:bin delta:asm delta:bin)

# A non-C locale: one installed (locale -a spells them variously), else
# de_DE.UTF-8 compiled into a private directory from Debian's "locales".
other=$(locale -a 2>/dev/null | grep -viE '^(c|posix|c\.utf-?8)$' | head -1)
locpath=()
if [ -z "$other" ]; then
	"$T/install-deps.sh" locales > /dev/null 2>&1
	mkdir -p "$tmp.loc"
	if localedef -i de_DE -f UTF-8 "$tmp.loc/de_DE.UTF-8" > /dev/null 2>&1; then
		other=de_DE.UTF-8
		locpath=(LOCPATH="$tmp.loc")
	fi
fi

# produce DIR CWD IN PREFIX...: every output of IN into DIR, run from CWD
# under the command PREFIX (env settings); IN and DIR as the caller spells
# them (relative to CWD or absolute).
produce() {
	local dir=$1 cwd=$2 in=$3 o
	shift 3
	for o in "${outs[@]}"; do
		(cd "$cwd" && "$@" "$GEN" --encoding="${o%:*}" --format="${o#*:}" \
			-o "$dir/${o/:/.}" --dump "$in" > "$dir/dump.${o/:/.}") ||
			return 1
	done
}

# same NAME REF DIR: DIR's outputs are REF's, byte for byte.
same() {
	local name=$1 ref=$2 dir=$3 f bad=() all=("$2"/*)

	for f in "$ref"/*; do
		cmp -s "$f" "$dir/$(basename "$f")" || bad+=("$(basename "$f")")
	done
	n=$((n + 1))
	if [ ${#bad[@]} -eq 0 ]; then
		echo "ok $n - $name: ${#all[@]} outputs identical"
	else
		echo "not ok $n - $name: ${bad[*]} differ"
		fails=$((fails + 1))
	fi
}

# check NAME ELF: every variant against a first run.
check() {
	local name=$1 elf=$2 d t0 t1

	t0=$(date +%s)
	rm -rf "$tmp"/[a-z]*
	mkdir -p "$tmp/ref" "$tmp/again" "$tmp/rel/in" "$tmp/rel/out" "$tmp/abs" \
		"$tmp/c" "$tmp/cutf8" "$tmp/other" "$tmp/envi" "$tmp/perturb"
	if ! produce "$tmp/ref" "$PWD" "$elf" env; then
		n=$((n + 1))
		fails=$((fails + 1))
		echo "not ok $n - $name: the generator runs"
		return
	fi
	# The reference's dump must be the same whichever output came with it.
	for d in "$tmp"/ref/dump.*; do
		cmp -s "$d" "$tmp/ref/dump.flat.asm" || {
			n=$((n + 1))
			fails=$((fails + 1))
			echo "not ok $n - $name: --dump depends on the encoding asked"
		}
	done
	produce "$tmp/again" "$PWD" "$elf" env
	same "$name: a second run" "$tmp/ref" "$tmp/again"
	# Another cwd, input and output by relative paths.
	ln -s "$(realpath "$elf")" "$tmp/rel/in/vmlinux"
	produce ../out "$tmp/rel/in" ./vmlinux env
	same "$name: from another directory, relative paths" "$tmp/ref" "$tmp/rel/out"
	produce "$tmp/abs" / "$(realpath "$elf")" env
	same "$name: from /, absolute paths" "$tmp/ref" "$tmp/abs"
	produce "$tmp/c" "$PWD" "$elf" env LC_ALL=C
	same "$name: LC_ALL=C" "$tmp/ref" "$tmp/c"
	produce "$tmp/cutf8" "$PWD" "$elf" env LC_ALL=C.UTF-8
	same "$name: LC_ALL=C.UTF-8" "$tmp/ref" "$tmp/cutf8"
	if [ -n "$other" ]; then
		produce "$tmp/other" "$PWD" "$elf" env "${locpath[@]}" LC_ALL="$other"
		same "$name: LC_ALL=$other" "$tmp/ref" "$tmp/other"
	fi
	produce "$tmp/envi" "$PWD" "$elf" env -i PATH=/usr/bin:/bin TZ=Asia/Kolkata
	same "$name: env -i, PATH and TZ only" "$tmp/ref" "$tmp/envi"
	produce "$tmp/perturb" "$PWD" "$elf" env MALLOC_PERTURB_=165
	same "$name: MALLOC_PERTURB_=165" "$tmp/ref" "$tmp/perturb"
	t1=$(date +%s)
	echo "# $name: $((t1 - t0)) s"
}

[ -n "$other" ] || echo "# no non-C locale is installed: that variant is skipped"
if [ "$what" != --real ]; then
	for lvl in O2 O1 Os O0; do
		check "fixture $lvl" "$BUILD/fixtures/default-$lvl"
	done
fi
if [ "$what" != --fixtures ]; then
	vmlinux=$("$T/fetch-vmlinux.sh") || vmlinux=
	if [ -n "$vmlinux" ] && [ -e "$vmlinux" ]; then
		check "real vmlinux" "$vmlinux"
	else
		n=$((n + 1))
		fails=$((fails + 1))
		echo "not ok $n - real vmlinux: fetch-vmlinux.sh found none"
	fi
fi

echo "# repro: $((n - fails)) passed, $fails failed"
[ "$fails" -eq 0 ]
