#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# scripts/paraminfo/apply-to-tree.sh on the files it patches, taken from
# Debian's linux-source-6.1: it applies, a second run changes nothing, a
# tree where one hunk does not apply gets a message naming it and is left
# byte for byte unchanged, and something that is not a kernel tree is
# refused.
set -u
: "${T:?}"
top=$(realpath "$T/../../..")
apply=$top/scripts/paraminfo/apply-to-tree.sh
tarball=/usr/src/linux-source-6.1.tar.xz
. "$T/ktap.sh"

"$T/install-deps.sh" linux-source-6.1 xz-utils || exit 1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
files=(Makefile scripts/link-vmlinux.sh scripts/Makefile lib/Kconfig.debug
	lib/Makefile kernel/Makefile arch/x86/kernel/Makefile
	arch/x86/kernel/dumpstack.c arch/x86/mm/fault.c
	arch/arm64/kernel/Makefile arch/arm64/kernel/process.c
	arch/arm64/kernel/traps.c arch/arm64/mm/fault.c)
tar -xJf "$tarball" -C "$tmp" "${files[@]/#/linux-source-6.1/}"
tree=$tmp/linux-source-6.1

# snapshot DIR: every file's checksum, for "unchanged" checks.
snapshot() {
	(cd "$1" && find . -type f -print0 | sort -z | xargs -0 sha256sum)
}

cp -a "$tree" "$tmp/pristine"
"$apply" "$tree" > "$tmp/out" 2>&1
result $? "applies to linux-source-6.1: $(tail -1 "$tmp/out")"
grep -q 'paraminfo_show_regs(regs, KERN_DEFAULT);' "$tree/arch/x86/kernel/dumpstack.c" &&
	grep -A2 '^static int __die_body(' "$tree/arch/x86/kernel/dumpstack.c" |
		grep -q 'paraminfo_note_oops(regs);' &&
	grep -q 'paraminfo_note_fault(regs, address);' "$tree/arch/x86/mm/fault.c" &&
	grep -q '^config KALLSYMS_PARAMINFO' "$tree/lib/Kconfig.debug" &&
	grep -q 'paraminfo_gen vmlinux' "$tree/scripts/link-vmlinux.sh" &&
	[ -f "$tree/kernel/paraminfo/decode_delta.c" ] &&
	[ -f "$tree/scripts/paraminfo/main.c" ] &&
	[ -f "$tree/include/linux/paraminfo_format.h" ] &&
	[ -f "$tree/arch/x86/kernel/paraminfo.c" ]
result $? "the hunks and the overlay files are in place"
grep -B3 '^void show_regs(' "$tree/arch/arm64/kernel/process.c" |
	grep -q 'paraminfo_show_regs(regs, KERN_DEFAULT);' &&
	grep -A1 'print_modules();' "$tree/arch/arm64/kernel/traps.c" |
		grep -q 'paraminfo_note_oops(regs);' &&
	grep -A1 'paraminfo_note_fault(regs, addr);' "$tree/arch/arm64/mm/fault.c" |
		grep -q 'die("Oops", regs, esr);' &&
	[ -f "$tree/arch/arm64/kernel/paraminfo.c" ]
result $? "the arm64 hunks and arch/arm64/kernel/paraminfo.c are in place"
bash -n "$tree/scripts/link-vmlinux.sh"
result $? "the patched link-vmlinux.sh is valid shell"

snapshot "$tree" > "$tmp/once"
"$apply" "$tree" > /dev/null 2>&1 && snapshot "$tree" > "$tmp/twice" &&
	cmp -s "$tmp/once" "$tmp/twice"
result $? "a second run changes nothing (idempotent)"

# A tree whose fault.c lacks the anchor: refused, untouched.
cp -a "$tmp/pristine" "$tmp/bad"
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
