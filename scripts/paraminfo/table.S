/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The paraminfo table in vmlinux's .rodata, 8-byte aligned between the
 * symbols paraminfo_table and paraminfo_table_end: the bytes that
 * scripts/link-vmlinux.sh had gen_paraminfo --format=bin write to the file
 * PARAMINFO_TABLE_BIN (a string, given with -D), included as they are, as
 * BTF includes its .o, rather than as megabytes of .byte lines.
 */
#include <linux/linkage.h>

	.section .rodata, "a"
	.balign 8
SYM_DATA_START(paraminfo_table)
	.incbin PARAMINFO_TABLE_BIN
SYM_DATA_END_LABEL(paraminfo_table, SYM_L_GLOBAL, paraminfo_table_end)
