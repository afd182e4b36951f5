// SPDX-License-Identifier: GPL-2.0
/*
 * paraminfo_test's cases: lib/test_paraminfo.c's WARN cases and
 * test_paraminfo_mod.ko's, and what each is for on this architecture.
 */
#include <stdbool.h>
#include <stddef.h>

#include "../kselftest.h"
#include "paraminfo_test.h"

/*
 * What a case is for, beyond "every value printed is the argument":
 * parameters that must print a value, and those that must print
 * <passed on the stack>. Only for the architectures whose code generation
 * tools/testing/paraminfo/e2e/check_e2e.py pins down the same way.
 */
#if defined(__x86_64__)
#define PI_KNOWN_ARCH	1
#define PI_SEVEN_VALUES	"a b c d e f"
#define PI_SEVEN_STACK	"seven"
#define PI_MANY_VALUES	"a b c d e f"
#define PI_MANY_STACK	"g h i j"
#define PI_BIG_STACK	"big"
#define PI_SPILL_VALUES	"a b c d e f"
#elif defined(__aarch64__)
#define PI_KNOWN_ARCH	1
#define PI_SEVEN_VALUES	"a b c d e f seven"
#define PI_SEVEN_STACK	NULL
#define PI_MANY_VALUES	"a b c d e f g h"
#define PI_MANY_STACK	"i j"
#define PI_BIG_STACK	NULL
#define PI_SPILL_VALUES	"a b c d e f"
#else
#define PI_KNOWN_ARCH	0
#define PI_SEVEN_VALUES	NULL
#define PI_SEVEN_STACK	NULL
#define PI_MANY_VALUES	NULL
#define PI_MANY_STACK	NULL
#define PI_BIG_STACK	NULL
#define PI_SPILL_VALUES	NULL
#endif

/* lib/test_paraminfo.c's WARN cases, in e2e/init's order. */
const struct pi_case pi_cases[] = {
	{ .name = "entry", .values = "a b c d e p" },
	{ .name = "callee_saved", .values = "a b c" },
	{ .name = "unused", .values = "c" },
	{ .name = "struct_arg", .values = "z" },
	{ .name = "seven", .values = PI_SEVEN_VALUES, .stack = PI_SEVEN_STACK },
	{ .name = "noparams", .none = true },
	{ .name = "clone", .values = "a c" },
	{ .name = "alt" },
	{ .name = "many", .values = PI_MANY_VALUES, .stack = PI_MANY_STACK },
	{ .name = "big", .values = "after", .stack = PI_BIG_STACK },
	{ .name = "spill", .values = PI_SPILL_VALUES },
};

/* test_paraminfo_mod.ko's: its init's WARN, then its files'. */
const struct pi_case pi_modinit = { .name = "modinit", .values = "a b p" };
const struct pi_case pi_modcases[] = {
	{ .name = "modwarn", .values = "a b c d p" },
	{ .name = "modclone", .values = "a c" },
};

const unsigned int pi_ncases = ARRAY_SIZE(pi_cases);
const unsigned int pi_nmodcases = ARRAY_SIZE(pi_modcases);
const bool pi_known_arch = PI_KNOWN_ARCH;
