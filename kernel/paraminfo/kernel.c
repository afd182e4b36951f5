// SPDX-License-Identifier: GPL-2.0
/*
 * The running kernel's paraminfo table.
 *
 * With PARAMINFO_VMLINUX_BUILTIN, scripts/link-vmlinux.sh links the table
 * generated from the kernel's own DWARF between paraminfo_table and
 * paraminfo_table_end; the first link pass has none, so the symbols are
 * weak. With PARAMINFO_VMLINUX_LOADABLE, vmlinux has none: the table made
 * from the final vmlinux is in paraminfo_vmlinux.ko, which hands it over
 * with paraminfo_vmlinux_load(), and only if vmlinux's build ID is the
 * one the table was made from. Either way the table is validated once; a
 * table that fails validation is not used, with one warning, instead of
 * being read in an oops. A valid table is published once and for good:
 * the module cannot be unloaded.
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
#include <linux/buildid.h>
#include <linux/cache.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/paraminfo.h>
#include <linux/percpu.h>
#include <linux/printk.h>
#include <linux/string.h>
#include <asm/sections.h>

#define PARAMINFO_DECODER	PARAMINFO_KERNEL_DECODER

#ifdef CONFIG_PARAMINFO_VMLINUX_LOADABLE
#define __paraminfo_kernel_ro	__read_mostly
#else
#define __paraminfo_kernel_ro	__ro_after_init
#endif

/* Written only while unpublished; then, through the pointer, read-only. */
static struct paraminfo_table paraminfo_kernel __paraminfo_kernel_ro;
static const struct paraminfo_table *paraminfo_kernel_ptr __paraminfo_kernel_ro;

/* What paraminfo_kernel_table() gives until then: every lookup fails. */
static const struct paraminfo_table paraminfo_none;

/* How deep this CPU is in the printer: more than 1 means nested. */
static DEFINE_PER_CPU(unsigned int, paraminfo_depth);

/*
 * Validate @data as vmlinux's table and publish it; @from says where it
 * comes from, after "table" in the messages. Called once at boot for a
 * linked-in table; for the module's, under paraminfo_vmlinux_lock, with
 * nothing published yet.
 */
static int paraminfo_kernel_set(const void *data, size_t size, const char *from)
{
	struct paraminfo_table *t = &paraminfo_kernel;

	/* Without init_off, text_base is not _stext: not a kernel's table. */
	if (paraminfo_table_init(t, data, size, &PARAMINFO_DECODER) ||
	    !t->hdr->init_off) {
		memset(t, 0, sizeof(*t));
		pr_warn("paraminfo: the %s table%s is invalid: parameters will not be printed\n",
			PARAMINFO_DECODER.name, from);
		return -EINVAL;
	}
	/*
	 * Registers are numbered per architecture: another machine's table
	 * would print this one's registers under that one's names.
	 */
	if (t->machine != paraminfo_arch.machine) {
		pr_warn("paraminfo: the %s table%s is for ELF machine %u, this kernel is %u: parameters will not be printed\n",
			PARAMINFO_DECODER.name, from, t->machine,
			paraminfo_arch.machine);
		memset(t, 0, sizeof(*t));
		return -EINVAL;
	}
	pr_info("paraminfo: %u functions, %zu bytes, %s encoding%s\n",
		t->nfuncs, size, PARAMINFO_DECODER.name, from);
	/* Readers that see the pointer see the table it points to. */
	smp_store_release(&paraminfo_kernel_ptr, t);
	return 0;
}

#ifdef CONFIG_PARAMINFO_VMLINUX_LOADABLE
static int __init paraminfo_kernel_init(void)
{
	pr_info("paraminfo: vmlinux's table is in paraminfo_vmlinux.ko, not loaded yet\n");
	return 0;
}
early_initcall(paraminfo_kernel_init);

static DEFINE_MUTEX(paraminfo_vmlinux_lock);

/**
 * paraminfo_vmlinux_load() - take vmlinux's table from paraminfo_vmlinux.ko
 * @table: the table, in the module's read-only data
 * @size: its size in bytes
 * @notes: the .notes section of the vmlinux the table was made from
 * @notes_size: its size in bytes
 *
 * The table is used from then on, in place: the module that holds it must
 * never be unloaded. It is refused unless the build ID in @notes is the
 * running kernel's: the table of another build would put its functions
 * at the wrong addresses, or give them the wrong registers.
 *
 * Context: process context; may sleep.
 * Return: 0 when the table was validated and published; -EEXIST when a
 * table already is, -ENOEXEC when either build ID cannot be read, -EINVAL
 * for another build's table or an invalid one.
 */
int paraminfo_vmlinux_load(const void *table, size_t size,
			   const void *notes, size_t notes_size)
{
	unsigned char have[BUILD_ID_SIZE_MAX], want[BUILD_ID_SIZE_MAX];
	int ret;

	mutex_lock(&paraminfo_vmlinux_lock);
	if (paraminfo_kernel_ptr) {
		pr_warn("paraminfo: vmlinux's table is loaded already\n");
		ret = -EEXIST;
	} else if (build_id_parse_buf(__start_notes, have,
				      __stop_notes - __start_notes) ||
		   build_id_parse_buf(notes, want, notes_size)) {
		pr_err("paraminfo: paraminfo_vmlinux.ko refused: no build ID to compare\n");
		ret = -ENOEXEC;
	} else if (memcmp(have, want, sizeof(have))) {
		pr_err("paraminfo: paraminfo_vmlinux.ko refused: it is the table of build ID %*phN, this kernel is %*phN\n",
		       BUILD_ID_SIZE_MAX, want, BUILD_ID_SIZE_MAX, have);
		ret = -EINVAL;
	} else {
		ret = paraminfo_kernel_set(table, size,
					   " of paraminfo_vmlinux.ko");
	}
	mutex_unlock(&paraminfo_vmlinux_lock);
	return ret;
}
EXPORT_SYMBOL_GPL(paraminfo_vmlinux_load);
#else
static int __init paraminfo_kernel_init(void)
{
	size_t size = paraminfo_table_end - paraminfo_table;

	if (!paraminfo_table || !size) {
		pr_warn("paraminfo: no table linked in\n");
		return 0;
	}
	paraminfo_kernel_set(paraminfo_table, size, "");
	return 0;
}
early_initcall(paraminfo_kernel_init);
#endif

/**
 * paraminfo_kernel_table() - the running kernel's validated table
 *
 * Context: any; once it has a table, it keeps it.
 * Return: the table; when there is none yet (paraminfo_vmlinux.ko not
 * loaded) or it is invalid, a table that answers every lookup with
 * -ENOENT.
 */
const struct paraminfo_table *paraminfo_kernel_table(void)
{
	/* Pairs with paraminfo_kernel_set()'s release: the table is whole. */
	const struct paraminfo_table *t = smp_load_acquire(&paraminfo_kernel_ptr);

	return t ? t : &paraminfo_none;
}

/**
 * paraminfo_kernel_unloaded() - whether vmlinux's table is still to come
 * @addr: a runtime address
 *
 * Context: any.
 * Return: true when @addr is vmlinux text whose table is in
 * paraminfo_vmlinux.ko and that module has not given it yet; false
 * otherwise, also when vmlinux's table is linked in but invalid.
 */
bool paraminfo_kernel_unloaded(unsigned long addr)
{
	if (!IS_ENABLED(CONFIG_PARAMINFO_VMLINUX_LOADABLE) ||
	    READ_ONCE(paraminfo_kernel_ptr))
		return false;
	return __is_kernel_text(addr) || is_kernel_inittext(addr);
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
	const struct paraminfo_table *t = paraminfo_kernel_table();

	if (!t->hdr)
		return 0;
	if (__is_kernel_text(addr))
		return t->text_base + (addr - (unsigned long)_stext);
	if (is_kernel_inittext(addr))
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
	const struct paraminfo_table *t = paraminfo_kernel_table();
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
