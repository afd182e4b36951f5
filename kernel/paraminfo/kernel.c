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

#if defined(CONFIG_PARAMINFO_ENCODING_POOL)
#define PARAMINFO_DECODER	paraminfo_decoder_pool
#elif defined(CONFIG_PARAMINFO_ENCODING_DELTA)
#define PARAMINFO_DECODER	paraminfo_decoder_delta
#else
#define PARAMINFO_DECODER	paraminfo_decoder_flat
#endif

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
	if (paraminfo_table_init(&paraminfo_kernel, paraminfo_table, size,
				 &PARAMINFO_DECODER)) {
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
