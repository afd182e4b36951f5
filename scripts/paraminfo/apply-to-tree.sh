#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# apply-to-tree.sh KSRC - put paraminfo into a Linux 6.1 source tree.
#
# Copies the overlay files (the generator, the kernel decoders and printer,
# the headers, the test module) into KSRC and applies the small hunks to
# the tree's own files: lib/Kconfig.debug, five Makefiles,
# scripts/link-vmlinux.sh, arch/x86/kernel/dumpstack.c, arch/x86/mm/fault.c,
# arch/arm64/kernel/process.c, arch/arm64/kernel/traps.c and
# arch/arm64/mm/fault.c.
#
# Idempotent: the first run keeps each patched file as FILE.paraminfo-orig
# and every run patches from that copy. All hunks are prepared before any
# file is written; if one does not apply, the script says which and leaves
# the tree unchanged.
set -eu

usage() {
	echo "usage: $0 KSRC" >&2
	exit 2
}
[ $# -eq 1 ] || usage
ksrc=$(realpath "$1")
top=$(realpath "$(dirname "$0")/../..")
[ -f "$ksrc/Makefile" ] && [ -f "$ksrc/scripts/link-vmlinux.sh" ] || {
	echo "$0: $ksrc: not a kernel source tree" >&2
	exit 1
}

python3 - "$top" "$ksrc" <<'PY'
import os
import re
import shutil
import sys

top, ksrc = sys.argv[1], sys.argv[2]
errors = []


def read_orig(rel):
    path = os.path.join(ksrc, rel)
    orig = path + ".paraminfo-orig"
    return open(orig if os.path.exists(orig) else path).read()


def insert(text, anchor, block, rel, before=False):
    """Insert @block after (or before) the first line equal to @anchor."""
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if line == anchor:
            at = i if before else i + 1
            return "\n".join(lines[:at] + block.rstrip("\n").split("\n") +
                             lines[at:])
    errors.append("%s: no line '%s'" % (rel, anchor))
    return text


def replace(text, old, new, rel):
    if old not in text:
        errors.append("%s: no text '%s'" % (rel, old))
        return text
    return text.replace(old, new, 1)


def kconfig_blocks():
    """(anchor, block) pairs from lib/Kconfig.debug's '# after:' comments."""
    src = open(os.path.join(top, "lib/Kconfig.debug")).read()
    parts = re.split(r"^# after: (.*)$", src, flags=re.M)
    return [(parts[i], parts[i + 1].strip("\n") + "\n")
            for i in range(1, len(parts), 2)]


LINK_FUNCS = r'''
# paraminfo: generate the parameter table from the DWARF of ${1} as GNU as
# source ${2}, and assemble it into ${3}.
paraminfo_gen()
{
	local enc=flat

	is_enabled CONFIG_PARAMINFO_ENCODING_POOL && enc=pool
	is_enabled CONFIG_PARAMINFO_ENCODING_DELTA && enc=delta
	info PARAMINFO ${2}
	if ! ${objtree}/scripts/paraminfo/gen_paraminfo --encoding=${enc} \
			--format=asm -o ${2} ${1}; then
		echo >&2 "Failed to generate the paraminfo table from ${1}"
		exit 1
	fi
	info AS ${3}
	${CC} ${NOSTDINC_FLAGS} ${LINUXINCLUDE} ${KBUILD_CPPFLAGS} \
	      ${KBUILD_AFLAGS} ${KBUILD_AFLAGS_KERNEL} -c -o ${3} ${2}
}

# The table describes text addresses; .rodata growth moves .init.text, so
# it is made from a first link here and remade from vmlinux at the end.
paraminfo_o=""
if is_enabled CONFIG_KALLSYMS_PARAMINFO; then
	vmlinux_link .tmp_vmlinux.paraminfo "" ${btf_vmlinux_bin_o}
	paraminfo_gen .tmp_vmlinux.paraminfo .tmp_paraminfo.S .tmp_paraminfo.o
	paraminfo_o=.tmp_paraminfo.o
fi
'''

LINK_VERIFY = r'''
# paraminfo: the table linked in must be the table of this vmlinux. Remake
# it from vmlinux; while it differs, relink with it (and redo kallsyms,
# whose addresses move if the table's size changed).
if is_enabled CONFIG_KALLSYMS_PARAMINFO; then
	for paraminfo_pass in 1 2 3; do
		paraminfo_gen vmlinux .tmp_paraminfo.new.S .tmp_paraminfo.new.o
		if cmp -s .tmp_paraminfo.S .tmp_paraminfo.new.S; then
			break
		fi
		if [ ${paraminfo_pass} = 3 ]; then
			echo >&2 "paraminfo: the table does not match vmlinux after 3 links"
			exit 1
		fi
		mv .tmp_paraminfo.new.S .tmp_paraminfo.S
		mv .tmp_paraminfo.new.o .tmp_paraminfo.o
		if is_enabled CONFIG_KALLSYMS; then
			kallsyms_step $((paraminfo_pass + 3))
		fi
		vmlinux_link vmlinux "${kallsymso}" ${btf_vmlinux_bin_o} ${paraminfo_o}
	done
fi
'''

files = {}

rel = "lib/Kconfig.debug"
text = read_orig(rel)
for anchor, block in kconfig_blocks():
    text = insert(text, anchor, block + "\n", rel)
files[rel] = text

appends = {
    "kernel/Makefile": "obj-$(CONFIG_KALLSYMS_PARAMINFO) += paraminfo/",
    "arch/x86/kernel/Makefile": "obj-$(CONFIG_KALLSYMS_PARAMINFO) += paraminfo.o",
    "arch/arm64/kernel/Makefile": "obj-$(CONFIG_KALLSYMS_PARAMINFO) += paraminfo.o",
    "lib/Makefile": "obj-$(CONFIG_TEST_PARAMINFO) += test_paraminfo.o",
    "scripts/Makefile": "subdir-$(CONFIG_KALLSYMS_PARAMINFO) += paraminfo",
}
for rel, line in appends.items():
    files[rel] = read_orig(rel).rstrip("\n") + "\n" + line + "\n"

rel = "scripts/link-vmlinux.sh"
text = read_orig(rel)
text = insert(text, 'kallsymso=""', LINK_FUNCS.lstrip("\n") + "\n", rel,
              before=True)
old = '\tvmlinux_link ${kallsyms_vmlinux} "${kallsymso_prev}" ${btf_vmlinux_bin_o}\n'
text = replace(text, old, old.rstrip("\n") + " ${paraminfo_o}\n", rel)
old = 'vmlinux_link vmlinux "${kallsymso}" ${btf_vmlinux_bin_o}\n'
text = replace(text, old, old.rstrip("\n") + " ${paraminfo_o}\n" + LINK_VERIFY,
               rel)
files[rel] = text

rel = "arch/x86/kernel/dumpstack.c"
text = read_orig(rel)
text = insert(text, "#include <linux/kallsyms.h>", "#include <linux/paraminfo.h>",
              rel)
text = insert(text, "\t__show_regs(regs, print_kernel_regs, KERN_DEFAULT);",
              "\tparaminfo_show_regs(regs, KERN_DEFAULT);", rel)
old = ("static int __die_body(const char *str, struct pt_regs *regs, long err)\n"
       "{\n")
text = replace(text, old, old + "\tparaminfo_note_oops(regs);\n", rel)
files[rel] = text

rel = "arch/x86/mm/fault.c"
text = read_orig(rel)
text = insert(text, "#include <linux/kdebug.h>\t\t/* oops_begin/end, ...\t\t*/",
              "#include <linux/paraminfo.h>", rel)
text = insert(text, '\tif (__die("Oops", regs, error_code))',
              "\tparaminfo_note_fault(regs, address);", rel, before=True)
files[rel] = text

# arm64: the parameters after __show_regs()'s registers (it prints only
# those; show_regs() adds the backtrace), the oops note in __die() before
# it shows them, the fault note in die_kernel_fault().
rel = "arch/arm64/kernel/process.c"
text = read_orig(rel)
text = insert(text, "#include <linux/nospec.h>", "#include <linux/paraminfo.h>",
              rel)
old = ('\t\tpr_cont("\\n");\n\t}\n}\n\n'
       'void show_regs(struct pt_regs *regs)\n')
text = replace(text, old, old.replace(
    "\t}\n}\n", "\t}\n\n\tparaminfo_show_regs(regs, KERN_DEFAULT);\n}\n", 1), rel)
files[rel] = text

rel = "arch/arm64/kernel/traps.c"
text = read_orig(rel)
text = insert(text, "#include <linux/kdebug.h>", "#include <linux/paraminfo.h>",
              rel)
old = "\tprint_modules();\n\tshow_regs(regs);\n"
text = replace(text, old, "\tprint_modules();\n\tparaminfo_note_oops(regs);\n"
               "\tshow_regs(regs);\n", rel)
files[rel] = text

rel = "arch/arm64/mm/fault.c"
text = read_orig(rel)
text = insert(text, "#include <linux/kprobes.h>", "#include <linux/paraminfo.h>",
              rel)
text = insert(text, '\tdie("Oops", regs, esr);',
              "\tparaminfo_note_fault(regs, addr);", rel, before=True)
files[rel] = text

if errors:
    sys.stderr.write("apply-to-tree.sh: %s: these hunks do not apply, "
                     "nothing was changed:\n" % ksrc)
    for e in errors:
        sys.stderr.write("  %s\n" % e)
    sys.exit(1)

copies = [("include/linux/paraminfo.h",) * 2,
          ("include/linux/paraminfo_format.h",) * 2,
          ("arch/x86/kernel/paraminfo.c",) * 2,
          ("arch/arm64/kernel/paraminfo.c",) * 2]
for d in ["kernel/paraminfo", "scripts/paraminfo"]:
    for name in sorted(os.listdir(os.path.join(top, d))):
        if name.endswith((".c", ".h")) or name == "Makefile":
            copies.append((os.path.join(d, name),) * 2)
test_module = "tools/testing/paraminfo/test_paraminfo.c"
if os.path.exists(os.path.join(top, test_module)):
    copies.append((test_module, "lib/test_paraminfo.c"))

for rel, text in files.items():
    path = os.path.join(ksrc, rel)
    if not os.path.exists(path + ".paraminfo-orig"):
        shutil.copy2(path, path + ".paraminfo-orig")
    if open(path).read() != text:
        open(path, "w").write(text)
for src, dst in copies:
    dst = os.path.join(ksrc, dst)
    os.makedirs(os.path.dirname(dst), exist_ok=True)
    data = open(os.path.join(top, src), "rb").read()
    # Unchanged files keep their timestamps: no needless rebuilds.
    if not os.path.exists(dst) or open(dst, "rb").read() != data:
        open(dst, "wb").write(data)
print("paraminfo: applied to %s (%d files copied or current, %d patched)"
      % (ksrc, len(copies), len(files)))
PY
