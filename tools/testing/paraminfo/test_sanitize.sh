#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The generator under AddressSanitizer, LeakSanitizer and UBSan, and under
# valgrind memcheck.
#
# Builds BUILD/san/gen_paraminfo from scripts/paraminfo/*.c with
# -fsanitize=address,undefined -fno-sanitize-recover=all and runs every mode
# (--dump, --stats, --text, each encoding as asm and as bin) on every
# fixture level and on the generator's own binary; with --real on the real
# Debian vmlinux instead, with --all on all of them. Each run must exit 0
# with no sanitizer report on stderr, and its output must be byte-identical
# to the plain build's. On the fixtures the plain build also runs under
# valgrind (--leak-check=full, every leak kind an error), unless
# PI_SANITIZE_VALGRIND=0. KTAP.
set -u
what=${1:---fixtures}
: "${GEN:?}" "${BUILD:?}" "${T:?}"
top=$(realpath "$T/../../..")
san=$BUILD/san
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$T/ktap.sh"

# Build the sanitized generator when a source is newer than it.
# The generator's sources: not decode_oops's own (it links the kernel's).
srcs=()
for f in "$top"/scripts/paraminfo/*.c; do
	case ${f##*/} in
	decode_oops.c | oopsblock.c) ;;
	*) srcs+=("$f") ;;
	esac
done
if [ ! -x "$san/gen_paraminfo" ] ||
   [ -n "$(find "$top/scripts/paraminfo" "$top/include/linux" -newer "$san/gen_paraminfo" \
	     -name '*.[ch]' | head -1)" ]; then
	mkdir -p "$san"
	# shellcheck disable=SC2046
	if ! ${CC:-gcc} -O1 -g -fno-omit-frame-pointer \
		-fsanitize=address,undefined -fno-sanitize-recover=all \
		-Wall -Wextra -Wno-unused-parameter \
		'-D__printf(a,b)=__attribute__((format(printf,a,b)))' \
		-I"$top/include" $(pkg-config --cflags libdw libelf capstone) \
		-o "$san/gen_paraminfo" "${srcs[@]}" \
		$(pkg-config --libs libdw libelf capstone) -lxxhash 2> "$tmp/cc"; then
		not_ok "the sanitized generator builds"
		sed 's/^/# /' "$tmp/cc" | head -20
		exit 1
	fi
fi
SGEN=$san/gen_paraminfo
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:exitcode=99:halt_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:exitcode=99

# run_all NAME ELF: every mode under the sanitizers, compared with $GEN.
run_all() {
	local name=$1 elf=$2 mode out rc t0 t1 bad=0 modes=0
	local -a args

	t0=$(date +%s.%N)
	for mode in --dump --stats --text \
		    flat:asm flat:bin pool:asm pool:bin delta:asm delta:bin; do
		modes=$((modes + 1))
		case $mode in
		--*)
			args=("$mode" "$elf")
			out=-
			;;
		*)
			out=$tmp/${mode/:/.}
			args=(--encoding="${mode%:*}" --format="${mode#*:}" -o "$out" "$elf")
			;;
		esac
		"$SGEN" "${args[@]}" > "$tmp/san.out" 2> "$tmp/san.err"
		rc=$?
		if [ "$rc" -ne 0 ] || grep -qE 'Sanitizer|runtime error' "$tmp/san.err"; then
			not_ok "$name: gen_paraminfo ${args[*]} under ASan+UBSan (exit $rc)"
			grep -E 'ERROR|SUMMARY|runtime error|#[0-9] ' "$tmp/san.err" |
				head -20 | sed 's/^/# /'
			bad=1
			continue
		fi
		# The sanitized build must answer exactly what the plain one does.
		if [ "$out" = - ]; then
			"$GEN" "${args[@]}" > "$tmp/plain.out" 2> /dev/null
			cmp -s "$tmp/san.out" "$tmp/plain.out"
		else
			mv "$out" "$tmp/san.bin"
			"$GEN" "${args[@]}" 2> /dev/null
			cmp -s "$tmp/san.bin" "$out"
		fi || {
			not_ok "$name: ${args[*]}: the sanitized build's output differs"
			bad=1
		}
	done
	t1=$(date +%s.%N)
	[ $bad -eq 0 ] &&
		ok "$name: $modes modes clean under ASan+LSan+UBSan, output identical ($(printf '%.1f' "$(echo "$t1 - $t0" | bc)") s)"
}

if [ "$what" != --real ]; then
	for lvl in O2 O1 Os O0; do
		f=$BUILD/fixtures/default-$lvl
		if [ -e "$f" ]; then
			run_all "fixture $lvl" "$f"
		else
			not_ok "fixture $lvl: $f is missing"
		fi
	done
	# The generator's own binary: a second, larger real program.
	run_all "gen_paraminfo itself" "$GEN"
fi

if [ "$what" != --fixtures ]; then
	vmlinux=$("$T/fetch-vmlinux.sh") || vmlinux=
	if [ -n "$vmlinux" ] && [ -e "$vmlinux" ]; then
		run_all "real vmlinux $(basename "$vmlinux")" "$vmlinux"
	else
		not_ok "real vmlinux: fetch-vmlinux.sh found none"
	fi
fi

if [ "$what" != --real ] && [ "${PI_SANITIZE_VALGRIND:-1}" != 0 ]; then
	"$T/install-deps.sh" valgrind || exit 1
	for lvl in O2 O1 Os O0; do
		f=$BUILD/fixtures/default-$lvl
		[ -e "$f" ] || continue
		bad=0
		for args in "--dump" "--text" "--stats" \
			    "--encoding=flat --format=bin -o $tmp/v.bin" \
			    "--encoding=pool --format=asm -o $tmp/v.S" \
			    "--encoding=delta --format=bin -o $tmp/v.bin"; do
			# shellcheck disable=SC2086
			valgrind -q --error-exitcode=99 --leak-check=full \
				--show-leak-kinds=definite,indirect,possible \
				--errors-for-leak-kinds=definite,indirect,possible \
				"$GEN" $args "$f" > /dev/null 2> "$tmp/vg.err"
			rc=$?
			if [ "$rc" -ne 0 ] || [ -s "$tmp/vg.err" ]; then
				not_ok "fixture $lvl: valgrind gen_paraminfo $args (exit $rc)"
				head -20 "$tmp/vg.err" | sed 's/^/# /'
				bad=1
			fi
		done
		[ $bad -eq 0 ] && ok "fixture $lvl: valgrind memcheck clean (6 modes, no leaks)"
	done
fi

ktap_done sanitize
