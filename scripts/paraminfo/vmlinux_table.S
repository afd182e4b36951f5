/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vmlinux's paraminfo table in paraminfo_vmlinux.ko (PARAMINFO_VMLINUX_LOADABLE):
 * the bytes gen_paraminfo --format=bin made from the final vmlinux, in the
 * file PARAMINFO_TABLE_BIN, and that vmlinux's .notes section, whose build
 * ID the kernel compares with its own, in the file PARAMINFO_NOTES_BIN
 * (strings, given with -D). scripts/Makefile.modfinal assembles this into
 * the module's link; the module's C code refers to the symbols weakly,
 * since modpost sees it before.
 */
#include <linux/linkage.h>

	.section .rodata, "a"
	.balign 8
SYM_DATA_START(paraminfo_vmlinux_table)
	.incbin PARAMINFO_TABLE_BIN
SYM_DATA_END_LABEL(paraminfo_vmlinux_table, SYM_L_GLOBAL, paraminfo_vmlinux_table_end)
	.balign 4
SYM_DATA_START(paraminfo_vmlinux_notes)
	.incbin PARAMINFO_NOTES_BIN
SYM_DATA_END_LABEL(paraminfo_vmlinux_notes, SYM_L_GLOBAL, paraminfo_vmlinux_notes_end)
