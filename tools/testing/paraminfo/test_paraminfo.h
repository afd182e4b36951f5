/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers of the paraminfo end-to-end test's kernel code
 * (lib/test_paraminfo.c, lib/test_paraminfo_chain.c and
 * lib/test_paraminfo_mod.c): values and callees the compiler cannot see
 * through, and a clobber that makes a function save the callee-saved
 * registers.
 */
#ifndef _LIB_TEST_PARAMINFO_H
#define _LIB_TEST_PARAMINFO_H

#include <linux/compiler.h>

/* X as a value the compiler cannot see: no constant propagation. */
#define pi_opaque(x) ({ typeof(x) __v = (x); OPTIMIZER_HIDE_VAR(__v); __v; })

/* Call FN, a function pointer, without letting gcc know the callee. */
#define pi_hidden(fn) ({ typeof(&(fn)) __f = (fn); OPTIMIZER_HIDE_VAR(__f); __f; })

/* Every callee-saved register but the frame pointer: clobbered. */
static __always_inline void pi_clobber_callee_saved(void)
{
#if defined(CONFIG_X86)
	asm volatile("" : : : "rbx", "r12", "r13", "r14", "r15", "memory");
#elif defined(CONFIG_ARM64)
	asm volatile("" : : : "x19", "x20", "x21", "x22", "x23", "x24",
		     "x25", "x26", "x27", "x28", "memory");
#else
	barrier();
#endif
}

#endif /* _LIB_TEST_PARAMINFO_H */
