/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The module table gen_paraminfo made of module_kunit_fixture.o, in the
 * file PI_KUNIT_MODTABLE_BIN (a string, given with -D), for module_kunit.c.
 * In .data: a module's table is written while it loads.
 */
#include <linux/linkage.h>

	.section .data, "aw"
	.balign 8
SYM_DATA_START(pi_kunit_modtable)
	.incbin PI_KUNIT_MODTABLE_BIN
SYM_DATA_END_LABEL(pi_kunit_modtable, SYM_L_GLOBAL, pi_kunit_modtable_end)
