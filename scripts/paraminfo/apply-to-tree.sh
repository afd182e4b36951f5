#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# apply-to-tree.sh KSRC - put paraminfo into a Linux 6.1 or 6.12 source tree.
#
# Copies the overlay files (the generator, the kernel decoders and printer,
# the headers, the test modules, the kselftest in
# tools/testing/selftests/paraminfo/) into KSRC and applies the small hunks
# to the tree's own files: lib/Kconfig.debug, seven Makefiles (the
# selftests' gets the kselftest's TARGETS line),
# scripts/Makefile.modfinal, scripts/link-vmlinux.sh, arch/x86/kernel/dumpstack.c, arch/x86/mm/fault.c,
# arch/arm64/kernel/process.c, arch/arm64/kernel/traps.c and
# arch/arm64/mm/fault.c. link-vmlinux.sh gets the hunks of its version:
# 6.12 reworked it, and paraminfo's table then comes from the first link,
# which BTF shares; 6.1 gets a first link of its own.
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
# paraminfo: the table of every function's parameters, generated from the
# DWARF of ${1} by gen_paraminfo and assembled with .incbin into
# .tmp_paraminfo.o. It stores code addresses as offsets from _stext and
# from _sinittext, which nothing linked after .text moves (kallsyms, BTF,
# the table itself): generated once, from a first link, it is the table
# of vmlinux.
paraminfo_step()
{
	local enc=flat

	is_enabled CONFIG_PARAMINFO_ENCODING_POOL && enc=pool
	is_enabled CONFIG_PARAMINFO_ENCODING_DELTA && enc=delta
	info PARAMINFO .tmp_paraminfo.bin
	if ! ${objtree}/scripts/paraminfo/gen_paraminfo --encoding=${enc} \
			--format=bin -o .tmp_paraminfo.bin ${1}; then
		echo >&2 "Failed to generate the paraminfo table from ${1}"
		exit 1
	fi
	info AS .tmp_paraminfo.o
	${CC} ${NOSTDINC_FLAGS} ${LINUXINCLUDE} ${KBUILD_CPPFLAGS} \
	      ${KBUILD_AFLAGS} ${KBUILD_AFLAGS_KERNEL} \
	      -DPARAMINFO_TABLE_BIN='".tmp_paraminfo.bin"' \
	      -c -o .tmp_paraminfo.o ${srctree}/scripts/paraminfo/table.S
	paraminfo_o=.tmp_paraminfo.o
	paraminfo_enc=${enc}
}

# paraminfo: with PARAMINFO_CHECK set in the environment, generate the
# table again from ${1} and fail unless it is the one linked in.
paraminfo_check()
{
	[ -n "${PARAMINFO_CHECK}" ] || return 0
	info PARAMINFO "${1} (check)"
	${objtree}/scripts/paraminfo/gen_paraminfo --encoding=${paraminfo_enc} \
		--format=bin -o .tmp_paraminfo.check.bin ${1}
	if ! cmp -s .tmp_paraminfo.bin .tmp_paraminfo.check.bin; then
		echo >&2 "paraminfo: the table linked in is not the table of ${1}"
		exit 1
	fi
}

paraminfo_o=
'''

# 6.1: a first link of its own, before kallsyms's.
LINK_FIRST_61 = r'''
if is_enabled CONFIG_PARAMINFO_VMLINUX_BUILTIN; then
	vmlinux_link .tmp_vmlinux.paraminfo
	paraminfo_step .tmp_vmlinux.paraminfo
fi
'''

# 6.12: the first link, which BTF shares, keeps its DWARF for paraminfo.
LINK_FIRST_612 = r'''
if is_enabled CONFIG_PARAMINFO_VMLINUX_BUILTIN; then
	paraminfo_step .tmp_vmlinux1
fi
'''

LINK_CHECK = r'''
if is_enabled CONFIG_PARAMINFO_VMLINUX_BUILTIN; then
	paraminfo_check vmlinux
fi
'''


def patch_link_61(text, rel):
    text = insert(text, 'kallsymso=""',
                  (LINK_FUNCS + LINK_FIRST_61).lstrip("\n"), rel, before=True)
    old = ('\tvmlinux_link ${kallsyms_vmlinux} "${kallsymso_prev}" '
           '${btf_vmlinux_bin_o}\n')
    text = replace(text, old, old.rstrip("\n") + " ${paraminfo_o}\n", rel)
    old = 'vmlinux_link vmlinux "${kallsymso}" ${btf_vmlinux_bin_o}\n'
    return replace(text, old, old.rstrip("\n") + " ${paraminfo_o}\n" +
                   LINK_CHECK, rel)


def patch_link_612(text, rel):
    text = insert(text, 'btf_vmlinux_bin_o=', LINK_FUNCS.lstrip("\n"), rel,
                  before=True)
    old = '\t\t${kallsymso} ${btf_vmlinux_bin_o} ${ldlibs}\n'
    text = replace(text, old, old.replace("${ldlibs}",
                                          "${paraminfo_o} ${ldlibs}"), rel)
    old = '\tif ! is_enabled CONFIG_DEBUG_INFO_BTF; then\n\t\tstrip_debug=1\n'
    text = replace(text, old, old.replace(
        "; then", " &&\n\t   ! is_enabled CONFIG_PARAMINFO_VMLINUX_BUILTIN; then"), rel)
    old = ('\t\techo >&2 "Try to disable CONFIG_DEBUG_INFO_BTF"\n'
           '\t\texit 1\n\tfi\nfi\n')
    text = replace(text, old, old + LINK_FIRST_612, rel)
    old = '\nvmlinux_link vmlinux\n'
    return replace(text, old, old + LINK_CHECK, rel)


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
    "lib/Makefile": "obj-$(CONFIG_TEST_PARAMINFO) += test_paraminfo.o "
                    "test_paraminfo_chain.o test_paraminfo_loop.o\n"
                    "obj-$(CONFIG_TEST_PARAMINFO_MODULE) += test_paraminfo_mod.o",
    "scripts/Makefile": "subdir-$(CONFIG_KALLSYMS_PARAMINFO) += paraminfo",
}
for rel, line in appends.items():
    files[rel] = read_orig(rel).rstrip("\n") + "\n" + line + "\n"

# 6.1 runs kallsyms_step(); 6.12 reworked the script around
# sysmap_and_kallsyms() and a first link that BTF shares.
rel = "scripts/link-vmlinux.sh"
text = read_orig(rel)
if "\nkallsyms_step()\n" in text:
    text = patch_link_61(text, rel)
elif "\nsysmap_and_kallsyms()\n" in text:
    text = patch_link_612(text, rel)
else:
    errors.append("%s: neither the 6.1 nor the 6.12 layout "
                  "(no kallsyms_step() or sysmap_and_kallsyms())" % rel)
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

# vmlinux's table as a module is made from vmlinux: like module BTF, the
# modules then need vmlinux first.
rel = "Makefile"
text = read_orig(rel)
old = "ifdef CONFIG_DEBUG_INFO_BTF_MODULES\nKBUILD_BUILTIN := 1\nmodules: vmlinux\nendif\n"
text = replace(text, old, old + "\n# paraminfo_vmlinux.ko holds the table of the final vmlinux.\n"
               "ifdef CONFIG_PARAMINFO_VMLINUX_LOADABLE\nKBUILD_BUILTIN := 1\n"
               "modules: vmlinux\nendif\n", rel)
files[rel] = text

# Modules: each .ko's .paraminfo section, placed while the module loads
# (find_module_sections()) and kept in struct module.
rel = "include/linux/module.h"
text = read_orig(rel)
old = "#ifdef CONFIG_JUMP_LABEL\n\tstruct jump_entry *jump_entries;\n"
text = replace(text, old, "#ifdef CONFIG_KALLSYMS_PARAMINFO\n"
               "\tvoid *paraminfo_data;\n"
               "\tunsigned int paraminfo_size;\n"
               "\tstruct paraminfo_module __rcu *paraminfo;\n"
               "#endif\n" + old, rel)
files[rel] = text

rel = "kernel/module/main.c"
text = read_orig(rel)
text = insert(text, "#include <linux/kmemleak.h>", "#include <linux/paraminfo.h>",
              rel)
old = '#ifdef CONFIG_JUMP_LABEL\n\tmod->jump_entries = section_objs(info, "__jump_table",\n'
text = replace(text, old, "#ifdef CONFIG_KALLSYMS_PARAMINFO\n"
               "\tparaminfo_module_sections(mod, info->sechdrs, info->secstrings,\n"
               "\t\t\t\t  info->hdr->e_shnum);\n"
               "#endif\n" + old, rel)
files[rel] = text

# Each module's own table, from its DWARF, as its .paraminfo section: made
# right after the link of the .ko, in the encoding Kconfig chose. A module
# gen_paraminfo cannot describe is built without one, and says so.
rel = "scripts/Makefile.modfinal"
text = read_orig(rel)
MODFINAL_CMD = r"""# paraminfo: the module's table of parameters, its .paraminfo section.
paraminfo-enc-$(CONFIG_PARAMINFO_ENCODING_FLAT) := flat
paraminfo-enc-$(CONFIG_PARAMINFO_ENCODING_POOL) := pool
paraminfo-enc-$(CONFIG_PARAMINFO_ENCODING_DELTA) := delta
quiet_cmd_paraminfo_ko = PINFO [M] $@
      cmd_paraminfo_ko =						\
	if $(objtree)/scripts/paraminfo/gen_paraminfo			\
		--encoding=$(paraminfo-enc-y) --format=bin		\
		-o $@.paraminfo $@; then				\
		$(OBJCOPY) --add-section .paraminfo=$@.paraminfo	\
			--set-section-flags .paraminfo=alloc,readonly $@ &&	\
		$(OBJCOPY) --set-section-alignment .paraminfo=8 $@;	\
	else								\
		echo >&2 "paraminfo: $@: no table, parameters will not be printed"; \
	fi; rm -f $@.paraminfo

# Part of the link's command, which if_changed tracks: another encoding
# links the module again, with a table in it; so does another generator,
# whose table may be of another format.
ifdef CONFIG_KALLSYMS_PARAMINFO
cmd_ld_ko_o += ; $(cmd_paraminfo_ko)
$(patsubst %.o,%.ko,$(modules)): $(objtree)/scripts/paraminfo/gen_paraminfo
endif

# paraminfo: vmlinux's own table as a module (PARAMINFO_VMLINUX_LOADABLE),
# made from the final vmlinux, with its .notes for the build ID, and
# assembled into the objects paraminfo_vmlinux.ko is linked from.
ifdef CONFIG_PARAMINFO_VMLINUX_LOADABLE
paraminfo-vmlinux := kernel/paraminfo/paraminfo_vmlinux
quiet_cmd_paraminfo_vmlinux = PINFO   $@
      cmd_paraminfo_vmlinux =						\
	$(objtree)/scripts/paraminfo/gen_paraminfo			\
		--encoding=$(paraminfo-enc-y) --format=bin		\
		-o $(@:.o=.bin) vmlinux &&				\
	$(OBJCOPY) -O binary --only-section=.notes vmlinux $(@:.o=.notes) && \
	$(CC) $(NOSTDINC_FLAGS) $(LINUXINCLUDE) $(KBUILD_CPPFLAGS)	\
		$(KBUILD_AFLAGS) $(KBUILD_AFLAGS_MODULE)		\
		-DPARAMINFO_TABLE_BIN='"$(@:.o=.bin)"'			\
		-DPARAMINFO_NOTES_BIN='"$(@:.o=.notes)"'		\
		-c -o $@ $(srctree)/scripts/paraminfo/vmlinux_table.S

$(paraminfo-vmlinux).ko: $(paraminfo-vmlinux)_table.o
$(paraminfo-vmlinux)_table.o: vmlinux $(objtree)/scripts/paraminfo/gen_paraminfo FORCE
	$(call if_changed,paraminfo_vmlinux)
targets += $(paraminfo-vmlinux)_table.o
endif

"""
text = insert(text, "# Same as if_changed, but allows to exclude specified extra dependencies",
              MODFINAL_CMD, rel, before=True)
files[rel] = text

# The kselftest: "paraminfo" joins the selftests' TARGETS, in its place
# in the alphabetical list, so that make -C tools/testing/selftests
# TARGETS=paraminfo (and the kselftest targets of the top Makefile) find it.
rel = "tools/testing/selftests/Makefile"
text = read_orig(rel)
targets = re.findall(r"^TARGETS \+= (\S+)$", text, flags=re.M)
after = [t for t in targets if t > "paraminfo"]
if "paraminfo" in targets:
    pass
elif not after:
    errors.append("%s: no TARGETS list" % rel)
else:
    text = insert(text, "TARGETS += " + after[0], "TARGETS += paraminfo", rel,
                  before=True)
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
        if name.endswith((".c", ".h", ".S")) or name == "Makefile":
            copies.append((os.path.join(d, name),) * 2)
for test_module in ("test_paraminfo.h", "test_paraminfo.c",
                    "test_paraminfo_chain.c", "test_paraminfo_loop.c",
                    "test_paraminfo_mod.c"):
    src = os.path.join("tools/testing/paraminfo", test_module)
    if os.path.exists(os.path.join(top, src)):
        copies.append((src, os.path.join("lib", test_module)))

ksft = "tools/testing/selftests/paraminfo"
for name in sorted(os.listdir(os.path.join(top, ksft))):
    if name.endswith((".c", ".h")) or name in ("Makefile", "config",
                                               "settings", ".gitignore"):
        copies.append((os.path.join(ksft, name),) * 2)

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
