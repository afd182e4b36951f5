// SPDX-License-Identifier: GPL-2.0
/*
 * Functions that module_kunit.c registers as a module's, through the
 * table that gen_paraminfo made of this object at build time, as
 * scripts/Makefile.modfinal makes one of each .ko. Each function is the
 * whole of a text section of its own, as -ffunction-sections would make
 * it, which the test can then place where vmlinux has it; named
 * .text.hot.*, which vmlinux's linker script puts in .text (it keeps no
 * other .text.* section there without dead code elimination).
 */
#include <linux/compiler.h>
#include <linux/init.h>
#include "module_kunit.h"

noinline __section(".text.hot.pi_kmod_two")
int pi_kmod_two(struct pi_kmod_obj *obj, unsigned long flags)
{
	return obj ? (int)(obj->a + flags) : (int)flags;
}

noinline __section(".text.hot.pi_kmod_none") void pi_kmod_none(void)
{
	barrier();
}

/* In .init.text: what a module drops when it goes live. */
noinline int __init pi_kmod_init(int level)
{
	return level * 3 + 1;
}
