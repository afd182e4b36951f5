// SPDX-License-Identifier: GPL-2.0
/*
 * Functions that module_kunit.c registers as a module's, through the
 * table that gen_paraminfo made of this object at build time, as
 * scripts/Makefile.modfinal makes one of each .ko. Built with
 * -ffunction-sections: each function is the whole of its text section,
 * which the test can then place where vmlinux has it.
 */
#include <linux/compiler.h>
#include <linux/init.h>
#include "module_kunit.h"

noinline int pi_kmod_two(struct pi_kmod_obj *obj, unsigned long flags)
{
	return obj ? (int)(obj->a + flags) : (int)flags;
}

noinline void pi_kmod_none(void)
{
	barrier();
}

/* In .init.text: what a module drops when it goes live. */
noinline int __init pi_kmod_init(int level)
{
	return level * 3 + 1;
}
