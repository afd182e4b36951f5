/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The functions of module_kunit_fixture.c, each a text section of its
 * own, as a module's may be: the table gen_paraminfo makes of that object
 * (module_kunit_table.S) names them.
 */
#ifndef _PARAMINFO_MODULE_KUNIT_H
#define _PARAMINFO_MODULE_KUNIT_H

#include <linux/init.h>

struct pi_kmod_obj {
	long a;
};

int pi_kmod_two(struct pi_kmod_obj *obj, unsigned long flags);
void pi_kmod_none(void);
int __init pi_kmod_init(int level);

extern const u8 pi_kunit_modtable[];
extern const u8 pi_kunit_modtable_end[];

#endif /* _PARAMINFO_MODULE_KUNIT_H */
