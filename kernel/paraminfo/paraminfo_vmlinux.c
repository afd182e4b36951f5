// SPDX-License-Identifier: GPL-2.0
/*
 * paraminfo_vmlinux.ko: vmlinux's own paraminfo table, as a module
 * (PARAMINFO_VMLINUX_LOADABLE), so that vmlinux carries only paraminfo's
 * code and the table is loaded where and when it is wanted.
 *
 * scripts/Makefile.modfinal links into this module, after vmlinux's final
 * link, the table gen_paraminfo made from that vmlinux and a copy of its
 * .notes (scripts/paraminfo/vmlinux_table.S). Loading hands both to the
 * kernel, which keeps the table if the build ID is its own, and refuses
 * the module otherwise. The kernel reads the table in place from then on:
 * there is no exit function, so the module cannot be unloaded.
 */
#include <linux/init.h>
#include <linux/module.h>
#include <linux/paraminfo.h>
#include <linux/printk.h>

static int __init paraminfo_vmlinux_init(void)
{
	if (!paraminfo_vmlinux_table || !paraminfo_vmlinux_notes) {
		pr_err("paraminfo_vmlinux: built without a table\n");
		return -ENOEXEC;
	}
	return paraminfo_vmlinux_load(paraminfo_vmlinux_table,
				      paraminfo_vmlinux_table_end -
				      paraminfo_vmlinux_table,
				      paraminfo_vmlinux_notes,
				      paraminfo_vmlinux_notes_end -
				      paraminfo_vmlinux_notes);
}
module_init(paraminfo_vmlinux_init);

MODULE_DESCRIPTION("vmlinux's table of function parameters for oopses");
MODULE_LICENSE("GPL");
