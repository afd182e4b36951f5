// SPDX-License-Identifier: GPL-2.0
/*
 * arm64 hooks for paraminfo (see the architecture interface in
 * include/linux/paraminfo.h): struct pt_regs by DWARF register number
 * and the registers' names as __show_regs() prints them.
 * kernel/paraminfo/show.c does the rest.
 *
 * AAPCS64 passes the first eight integer arguments in x0-x7; DWARF
 * numbers x0-x30 as 0-30 and sp as 31, which is also how pt_regs lays
 * them out (regs[0..30], then sp).
 */
#include <linux/build_bug.h>
#include <linux/elf-em.h>
#include <linux/kernel.h>
#include <linux/paraminfo.h>
#include <asm/pointer_auth.h>
#include <asm/ptrace.h>

static const char * const paraminfo_arm64_regs[] = {
	"x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7",
	"x8", "x9", "x10", "x11", "x12", "x13", "x14", "x15",
	"x16", "x17", "x18", "x19", "x20", "x21", "x22", "x23",
	"x24", "x25", "x26", "x27", "x28", "x29", "x30", "sp",
};
static_assert(ARRAY_SIZE(paraminfo_arm64_regs) <= PARAMINFO_NR_REGS);

const struct paraminfo_arch paraminfo_arch = {
	.machine = EM_AARCH64,
	.nr_regs = ARRAY_SIZE(paraminfo_arm64_regs),
	.reg_names = paraminfo_arm64_regs,
	.vec_name = "v",
};

/**
 * paraminfo_arch_regs() - the registers of a context by DWARF number
 * @regs: the saved context
 * @r: filled in: the general-purpose registers, the pc and the stack
 *	pointer
 */
void paraminfo_arch_regs(const struct pt_regs *regs, struct paraminfo_regs *r)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(regs->regs); i++)
		r->gpr[i] = regs->regs[i];
	r->gpr[31] = regs->sp;
	r->pc = regs->pc;
	r->sp = regs->sp;
}


/**
 * paraminfo_arch_code_addr() - a saved return address as code
 * @ra: the return address as x30 or its save slot holds it
 *
 * With pointer authentication, PACIASP signed it: a kernel address's
 * authentication code lies in the bits above the virtual address size,
 * which are all ones in the address itself, as the arch's unwinder
 * restores them (ptrauth_strip_kernel_insn_pac()).
 *
 * Return: @ra with those bits set.
 */
u64 paraminfo_arch_code_addr(u64 ra)
{
	return ra | ptrauth_kernel_pac_mask();
}
