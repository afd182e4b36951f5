// SPDX-License-Identifier: GPL-2.0
/*
 * x86-64 hooks for paraminfo (see the architecture interface in
 * include/linux/paraminfo.h): struct pt_regs by DWARF register number
 * and the registers' names. kernel/paraminfo/show.c does the rest.
 */
#include <linux/build_bug.h>
#include <linux/elf-em.h>
#include <linux/kernel.h>
#include <linux/paraminfo.h>
#include <asm/ptrace.h>

/* DWARF x86-64 numbers: 0 rax ... 7 rsp, 8-15 r8-r15. */
static const char * const paraminfo_x86_regs[] = {
	"rax", "rdx", "rcx", "rbx", "rsi", "rdi", "rbp", "rsp",
	"r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15",
};
static_assert(ARRAY_SIZE(paraminfo_x86_regs) <= PARAMINFO_NR_REGS);

const struct paraminfo_arch paraminfo_arch = {
	.machine = EM_X86_64,
	.nr_regs = ARRAY_SIZE(paraminfo_x86_regs),
	.reg_names = paraminfo_x86_regs,
	.vec_name = "xmm",
};

/**
 * paraminfo_arch_regs() - the registers of a context by DWARF number
 * @regs: the saved context
 * @r: filled in: the general-purpose registers, the pc and the stack
 *	pointer
 */
void paraminfo_arch_regs(const struct pt_regs *regs, struct paraminfo_regs *r)
{
	r->gpr[0] = regs->ax;
	r->gpr[1] = regs->dx;
	r->gpr[2] = regs->cx;
	r->gpr[3] = regs->bx;
	r->gpr[4] = regs->si;
	r->gpr[5] = regs->di;
	r->gpr[6] = regs->bp;
	r->gpr[7] = regs->sp;
	r->gpr[8] = regs->r8;
	r->gpr[9] = regs->r9;
	r->gpr[10] = regs->r10;
	r->gpr[11] = regs->r11;
	r->gpr[12] = regs->r12;
	r->gpr[13] = regs->r13;
	r->gpr[14] = regs->r14;
	r->gpr[15] = regs->r15;
	r->pc = regs->ip;
	r->sp = regs->sp;
}


/**
 * paraminfo_arch_code_addr() - a saved return address as code
 * @ra: the return address as the stack holds it
 *
 * Return: @ra: x86-64 stores return addresses as they are.
 */
u64 paraminfo_arch_code_addr(u64 ra)
{
	return ra;
}
