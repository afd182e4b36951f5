/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What paraminfo's KUnit suites share: what they expect of the
 * architecture (the first two argument registers, by DWARF number, and
 * their names, as the psABI defines them, not as the table says), and a
 * sink for the printer's lines (decoder_kunit.c).
 */
#ifndef _PARAMINFO_KUNIT_H
#define _PARAMINFO_KUNIT_H

#if defined(CONFIG_X86_64)
#define PI_KUNIT_ARG0		5	/* rdi */
#define PI_KUNIT_ARG1		4	/* rsi */
#define PI_KUNIT_ARG0_NAME	"rdi"
#define PI_KUNIT_ARG1_NAME	"rsi"
#elif defined(CONFIG_ARM64)
#define PI_KUNIT_ARG0		0	/* x0 */
#define PI_KUNIT_ARG1		1	/* x1 */
#define PI_KUNIT_ARG0_NAME	"x0"
#define PI_KUNIT_ARG1_NAME	"x1"
#endif

/* The first two lines the printer emits, and how many it emitted. */
struct pi_kunit_lines {
	char line[2][256];
	int n;
};

void pi_kunit_emit(void *ctx, const char *line);

#endif /* _PARAMINFO_KUNIT_H */
