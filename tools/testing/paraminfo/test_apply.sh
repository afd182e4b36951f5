#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# scripts/paraminfo/apply-to-tree.sh on the files it patches, taken from
# Debian's linux-source-6.1 and linux-source-6.12: it applies to each, with
# the link-vmlinux.sh hunks of that version, a second run changes nothing,
# a tree where one hunk does not apply gets a message naming it and is
# left byte for byte unchanged, and something that is not a kernel tree
# is refused.
set -u
: "${T:?}"
top=$(realpath "$T/../../..")
apply=$top/scripts/paraminfo/apply-to-tree.sh
. "$T/ktap.sh"

"$T/install-deps.sh" linux-source-6.1 linux-source-6.12 xz-utils || exit 1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
files=(Makefile scripts/link-vmlinux.sh scripts/Makefile lib/Kconfig.debug
	lib/Makefile kernel/Makefile arch/x86/kernel/Makefile
	arch/x86/kernel/dumpstack.c arch/x86/mm/fault.c
	arch/arm64/kernel/Makefile arch/arm64/kernel/process.c
	arch/arm64/kernel/traps.c arch/arm64/mm/fault.c
	include/linux/module.h kernel/module/main.c scripts/Makefile.modfinal
	tools/testing/selftests/Makefile)
# What building the kselftest needs besides.
ksft_files=(tools/testing/selftests/lib.mk tools/testing/selftests/kselftest.h
	tools/testing/selftests/kselftest_harness.h
	tools/testing/selftests/kselftest scripts/subarch.include)

# snapshot DIR: every file's checksum, for "unchanged" checks.
snapshot() {
	(cd "$1" && find . -type f -print0 | sort -z | xargs -0 sha256sum)
}

# The table of the first link goes into every later link; 6.1 links one
# of its own, 6.12 keeps the DWARF of the link it shares with BTF.
declare -A first=(
	[6.1]='paraminfo_step .tmp_vmlinux.paraminfo'
	[6.12]='paraminfo_step .tmp_vmlinux1'
)
declare -A linked=(
	[6.1]='vmlinux_link vmlinux "${kallsymso}" ${btf_vmlinux_bin_o} ${paraminfo_o}'
	[6.12]='${kallsymso} ${btf_vmlinux_bin_o} ${paraminfo_o} ${ldlibs}'
)

for v in 6.1 6.12; do
	tar -xJf "/usr/src/linux-source-$v.tar.xz" -C "$tmp" \
		"${files[@]/#/linux-source-$v/}" "${ksft_files[@]/#/linux-source-$v/}"
	tree=$tmp/linux-source-$v
	cp -a "$tree" "$tmp/pristine-$v"
	"$apply" "$tree" > "$tmp/out" 2>&1
	result $? "applies to linux-source-$v: $(tail -1 "$tmp/out")"
	link=$tree/scripts/link-vmlinux.sh
	grep -q 'paraminfo_show_regs(regs, KERN_DEFAULT);' "$tree/arch/x86/kernel/dumpstack.c" &&
		grep -A2 '^static int __die_body(' "$tree/arch/x86/kernel/dumpstack.c" |
			grep -q 'paraminfo_note_oops(regs);' &&
		grep -q 'paraminfo_note_fault(regs, address);' "$tree/arch/x86/mm/fault.c" &&
		grep -q '^config KALLSYMS_PARAMINFO' "$tree/lib/Kconfig.debug" &&
		grep -qF "${first[$v]}" "$link" &&
		grep -qF "${linked[$v]}" "$link" &&
		grep -q '^	paraminfo_check vmlinux$' "$link" &&
		[ -f "$tree/kernel/paraminfo/decode_delta.c" ] &&
		[ -f "$tree/scripts/paraminfo/main.c" ] &&
		[ -f "$tree/scripts/paraminfo/table.S" ] &&
		[ -f "$tree/include/linux/paraminfo_format.h" ] &&
		[ -f "$tree/arch/x86/kernel/paraminfo.c" ]
	result $? "$v: the hunks (link-vmlinux.sh: '${first[$v]}') and the overlay files are in place"
	grep -B3 '^void show_regs(' "$tree/arch/arm64/kernel/process.c" |
		grep -q 'paraminfo_show_regs(regs, KERN_DEFAULT);' &&
		grep -A1 'print_modules();' "$tree/arch/arm64/kernel/traps.c" |
			grep -q 'paraminfo_note_oops(regs);' &&
		grep -A1 'paraminfo_note_fault(regs, addr);' "$tree/arch/arm64/mm/fault.c" |
			grep -q 'die("Oops", regs, esr);' &&
		[ -f "$tree/arch/arm64/kernel/paraminfo.c" ]
	result $? "$v: the arm64 hunks and arch/arm64/kernel/paraminfo.c are in place"
	# The kselftest: its files, its TARGETS line, and it builds there.
	ksft=$tree/tools/testing/selftests
	grep -qx 'TARGETS += paraminfo' "$ksft/Makefile" &&
		[ -f "$ksft/paraminfo/paraminfo_test.c" ] &&
		[ -f "$ksft/paraminfo/Makefile" ] && [ -f "$ksft/paraminfo/config" ] &&
		make -s -C "$ksft" TARGETS=paraminfo O="$tmp/ksft-$v" > "$tmp/out" 2>&1 &&
		[ -x "$tmp/ksft-$v/kselftest/paraminfo/paraminfo_test" ]
	rc=$?
	[ $rc -eq 0 ] || tail -5 "$tmp/out" | sed 's/^/# /'
	result $rc "$v: the kselftest is in TARGETS and builds (make -C tools/testing/selftests TARGETS=paraminfo)"
	bash -n "$link" && sh -n "$link"
	result $? "$v: the patched link-vmlinux.sh is valid shell (bash and sh)"
	# The relink loop is gone: one generation, no kallsyms pass of its own.
	! grep -q 'paraminfo_pass\|kallsyms_step \$' "$link"
	result $? "$v: no relink loop"

	snapshot "$tree" > "$tmp/once"
	"$apply" "$tree" > /dev/null 2>&1 && snapshot "$tree" > "$tmp/twice" &&
		cmp -s "$tmp/once" "$tmp/twice"
	result $? "$v: a second run changes nothing (idempotent)"
done

# A link-vmlinux.sh of neither layout: refused, untouched.
cp -a "$tmp/pristine-6.12" "$tmp/other"
sed -i 's/sysmap_and_kallsyms()/kallsyms_and_sysmap()/' \
	"$tmp/other/scripts/link-vmlinux.sh"
snapshot "$tmp/other" > "$tmp/before"
"$apply" "$tmp/other" > "$tmp/out" 2>&1
rc=$?
snapshot "$tmp/other" > "$tmp/after"
[ $rc -ne 0 ] && grep -q 'neither the 6.1 nor the 6.12 layout' "$tmp/out" &&
	grep -q 'nothing was changed' "$tmp/out" && cmp -s "$tmp/before" "$tmp/after"
result $? "a link-vmlinux.sh of another layout: clear error, tree unchanged"

# A tree whose fault.c lacks the anchor: refused, untouched.
cp -a "$tmp/pristine-6.1" "$tmp/bad"
sed -i 's/if (__die("Oops", regs, error_code))/if (__die("Oops!", regs, error_code))/' \
	"$tmp/bad/arch/x86/mm/fault.c"
snapshot "$tmp/bad" > "$tmp/before"
"$apply" "$tmp/bad" > "$tmp/out" 2>&1
rc=$?
snapshot "$tmp/bad" > "$tmp/after"
[ $rc -ne 0 ] && grep -q 'arch/x86/mm/fault.c' "$tmp/out" &&
	grep -q 'nothing was changed' "$tmp/out" && cmp -s "$tmp/before" "$tmp/after"
result $? "a hunk that does not apply: clear error, tree unchanged ($(head -1 "$tmp/out"))"

mkdir "$tmp/empty"
"$apply" "$tmp/empty" > "$tmp/out" 2>&1
[ $? -ne 0 ] && grep -q 'not a kernel source tree' "$tmp/out" &&
	[ -z "$(ls -A "$tmp/empty")" ]
result $? "a directory that is not a kernel tree is refused"

ktap_done apply
