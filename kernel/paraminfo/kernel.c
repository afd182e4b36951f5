// SPDX-License-Identifier: GPL-2.0
/*
 * The running kernel's paraminfo table.
 *
 * scripts/link-vmlinux.sh links the table generated from the kernel's own
 * DWARF between paraminfo_table and paraminfo_table_end; the first link
 * pass has none, so the symbols are weak. The table is validated once,
 * early; a table that fails validation disables paraminfo with one
 * warning instead of being read in an oops.
 *
 * The table stores text as offsets from _stext and init text as offsets
 * from _sinittext, from the header's init_off on. The kernel's own symbols
 * turn a runtime address into what the lookups take, text_base plus that
 * offset, and back: wherever KASLR put the kernel, and whatever the link
 * put after .text (this table among it).
 *
 * Also the per-CPU guard that keeps the oops printer from running inside
 * itself: a fault (or an NMI backtrace) in the middle of a parameter
 * block would otherwise show its regs through the same code again.
 */
#include <linux/cache.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/paraminfo.h>
#include <linux/percpu.h>
#include <linux/printk.h>
#include <linux/string.h>
#include <asm/sections.h>

#define PARAMINFO_DECODER	PARAMINFO_KERNEL_DECODER

static struct paraminfo_table paraminfo_kernel __ro_after_init;

/* How deep this CPU is in the printer: more than 1 means nested. */
static DEFINE_PER_CPU(unsigned int, paraminfo_depth);

static int __init paraminfo_kernel_init(void)
{
	size_t size = paraminfo_table_end - paraminfo_table;

	if (!paraminfo_table || !size) {
		pr_warn("paraminfo: no table linked in\n");
		return 0;
	}
	/* Without init_off, text_base is not _stext: not a kernel's table. */
	if (paraminfo_table_init(&paraminfo_kernel, paraminfo_table, size,
				 &PARAMINFO_DECODER) ||
	    !paraminfo_kernel.hdr->init_off) {
		memset(&paraminfo_kernel, 0, sizeof(paraminfo_kernel));
		pr_warn("paraminfo: the %s table is invalid: parameters will not be printed\n",
			PARAMINFO_DECODER.name);
		return 0;
	}
	/*
	 * Registers are numbered per architecture: another machine's table
	 * would print this one's registers under that one's names.
	 */
	if (paraminfo_kernel.machine != paraminfo_arch.machine) {
		pr_warn("paraminfo: the %s table is for ELF machine %u, this kernel is %u: parameters will not be printed\n",
			PARAMINFO_DECODER.name, paraminfo_kernel.machine,
			paraminfo_arch.machine);
		memset(&paraminfo_kernel, 0, sizeof(paraminfo_kernel));
		return 0;
	}
	pr_info("paraminfo: %u functions, %zu bytes, %s encoding\n",
		paraminfo_kernel.nfuncs, size, PARAMINFO_DECODER.name);
	return 0;
}
early_initcall(paraminfo_kernel_init);

/**
 * paraminfo_kernel_table() - the running kernel's validated table
 *
 * Return: the table; when there is none or it is invalid, a table that
 * answers every lookup with -ENOENT.
 */
const struct paraminfo_table *paraminfo_kernel_table(void)
{
	return &paraminfo_kernel;
}

/**
 * paraminfo_table_addr() - where the kernel's table has a code address
 * @addr: a runtime address
 *
 * Context: any; reads only the validated table header and link symbols.
 * Return: the address paraminfo_find() takes for @addr in the table of
 * paraminfo_kernel_table(): text_base plus @addr's offset from _stext, or
 * for init text init_off plus its offset from _sinittext. 0, which no
 * lookup finds, outside [_stext, _etext) and [_sinittext, _einittext), or
 * when there is no table.
 */
u64 paraminfo_table_addr(unsigned long addr)
{
	const struct paraminfo_table *t = &paraminfo_kernel;

	if (!t->hdr)
		return 0;
	if (addr >= (unsigned long)_stext && addr < (unsigned long)_etext)
		return t->text_base + (addr - (unsigned long)_stext);
	if (addr >= (unsigned long)_sinittext &&
	    addr < (unsigned long)_einittext)
		return t->text_base + t->hdr->init_off +
		       (addr - (unsigned long)_sinittext);
	return 0;
}

/**
 * paraminfo_text_addr() - the runtime address of a table address
 * @addr: a function's address from the kernel's table (paraminfo_func.addr)
 *
 * Context: any.
 * Return: where that code is running, the inverse of
 * paraminfo_table_addr(); 0 when there is no table.
 */
unsigned long paraminfo_text_addr(u64 addr)
{
	const struct paraminfo_table *t = &paraminfo_kernel;
	u64 off = addr - t->text_base;

	if (!t->hdr)
		return 0;
	if (off >= t->hdr->init_off)
		return (unsigned long)_sinittext + (off - t->hdr->init_off);
	return (unsigned long)_stext + off;
}

/**
 * paraminfo_reg_name() - the name of a register of the running kernel
 * @reg: DWARF register number
 *
 * Return: the architecture's name for it ("rdi", "x0"), "?" for a number
 * it has no register of.
 */
const char *paraminfo_reg_name(unsigned int reg)
{
	if (reg >= paraminfo_arch.nr_regs || reg >= PARAMINFO_NR_REGS)
		return "?";
	return paraminfo_arch.reg_names[reg];
}

/**
 * paraminfo_enter() - claim this CPU's parameter printer
 *
 * Every call must be paired with paraminfo_exit(), on the same CPU:
 * interrupts or at least preemption stay off in between. A fault inside
 * the printer never returns to the paraminfo_exit() of that call, so the
 * printer then stays claimed on that CPU: having faulted once, it is not
 * run there again.
 *
 * Context: any, NMI included.
 * Return: true when this CPU was not already in the printer; false when
 * it was (the caller runs inside it, or an earlier call died in it): then
 * nothing may be read from the table.
 */
bool paraminfo_enter(void)
{
	return this_cpu_inc_return(paraminfo_depth) == 1;
}

/**
 * paraminfo_exit() - release what paraminfo_enter() claimed
 *
 * Context: the same CPU as the paraminfo_enter() it pairs with.
 */
void paraminfo_exit(void)
{
	this_cpu_dec(paraminfo_depth);
}
