/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The register names each architecture's paraminfo hooks give the
 * printer (arch/<arch>/kernel/paraminfo.c), for the host programs that
 * run kernel/paraminfo/print.c unchanged: it knows no register set, so
 * its caller passes the names with the registers, chosen by the ELF
 * machine of the table (the header's machine field).
 */
#ifndef _PI_REGNAMES_H
#define _PI_REGNAMES_H

#include <linux/kernel.h>
#include <linux/paraminfo.h>

#ifndef EM_X86_64
#define EM_X86_64	62
#endif
#ifndef EM_AARCH64
#define EM_AARCH64	183
#endif

/* DWARF x86-64 numbers: 0 rax ... 7 rsp, 8-15 r8-r15. */
static const char * const pi_regs_x86_64[] = {
	"rax", "rdx", "rcx", "rbx", "rsi", "rdi", "rbp", "rsp",
	"r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15",
};

/* DWARF AArch64 numbers: 0-30 x0-x30, 31 sp. */
static const char * const pi_regs_arm64[] = {
	"x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7",
	"x8", "x9", "x10", "x11", "x12", "x13", "x14", "x15",
	"x16", "x17", "x18", "x19", "x20", "x21", "x22", "x23",
	"x24", "x25", "x26", "x27", "x28", "x29", "x30", "sp",
};

/*
 * Set @r's names and count for a table of ELF machine @machine, as the
 * kernel of that machine would; NULL names (no register printable) for
 * any other machine.
 */
static inline void pi_set_reg_names(struct paraminfo_regs *r,
				    unsigned int machine)
{
	const char * const *names = NULL;
	unsigned int nr = 0;

	if (machine == EM_X86_64) {
		names = pi_regs_x86_64;
		nr = ARRAY_SIZE(pi_regs_x86_64);
	} else if (machine == EM_AARCH64) {
		names = pi_regs_arm64;
		nr = ARRAY_SIZE(pi_regs_arm64);
	}
	r->names = names;
	r->nr = nr < PARAMINFO_NR_REGS ? nr : PARAMINFO_NR_REGS;
}

#endif /* _PI_REGNAMES_H */
