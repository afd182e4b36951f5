// SPDX-License-Identifier: GPL-2.0
/*
 * x86-64 glue for paraminfo: after show_regs() has printed a kernel-mode
 * register dump, print the parameters of the function that was running.
 *
 * Values come from struct pt_regs only; nothing is dereferenced. The table
 * holds link-time addresses, so KASLR's offset is taken off first. The
 * "<-- fault address" marker is set only for the regs that the page-fault
 * oops path named (paraminfo_note_fault()), never from a stale CR2.
 *
 * show_regs() also runs for sysrq, NMI backtraces and soft lockups. Their
 * regs, too, are the state at an instruction boundary of the interrupted
 * function (ip is the next instruction to run), so the table's proofs hold
 * and the same block is printed, within that dump.
 */
#include <linux/kallsyms.h>
#include <linux/paraminfo.h>
#include <linux/percpu.h>
#include <linux/printk.h>
#include <asm/ptrace.h>
#include <asm/setup.h>

struct paraminfo_fault {
	struct pt_regs *regs;
	unsigned long address;
};

static DEFINE_PER_CPU(struct paraminfo_fault, paraminfo_fault);

/**
 * paraminfo_link_addr() - the link-time address of a kernel text address
 * @addr: a runtime address
 *
 * Return: @addr without the KASLR offset, as the table stores addresses.
 */
u64 paraminfo_link_addr(unsigned long addr)
{
	return addr - kaslr_offset();
}

/**
 * paraminfo_runtime_addr() - the runtime address of a link-time address
 * @addr: an address from the table
 *
 * Return: @addr with the KASLR offset added.
 */
unsigned long paraminfo_runtime_addr(u64 addr)
{
	return addr + kaslr_offset();
}

/**
 * paraminfo_note_fault() - remember the page fault an oops is about
 * @regs: the registers the oops will show
 * @address: the faulting address (CR2)
 *
 * Called by the page-fault oops path just before __die().
 */
void paraminfo_note_fault(struct pt_regs *regs, unsigned long address)
{
	this_cpu_write(paraminfo_fault.address, address);
	this_cpu_write(paraminfo_fault.regs, regs);
}

static void paraminfo_emit(void *ctx, const char *line)
{
	pr_warn("%s\n", line);
}

/**
 * paraminfo_show_regs() - print the parameters of the trapped function
 * @regs: kernel-mode registers of an oops or WARN
 *
 * Printed after the registers, at warning level like the rest of the dump.
 */
void paraminfo_show_regs(struct pt_regs *regs)
{
	const struct paraminfo_table *t = paraminfo_kernel_table();
	struct paraminfo_regs r = {
		.gpr = {
			regs->ax, regs->dx, regs->cx, regs->bx,
			regs->si, regs->di, regs->bp, regs->sp,
			regs->r8, regs->r9, regs->r10, regs->r11,
			regs->r12, regs->r13, regs->r14, regs->r15,
		},
	};
	struct paraminfo_func f;
	u64 ip = paraminfo_link_addr(regs->ip);
	unsigned long flags;

	if (this_cpu_read(paraminfo_fault.regs) == regs) {
		r.fault = true;
		r.fault_addr = this_cpu_read(paraminfo_fault.address);
		this_cpu_write(paraminfo_fault.regs, NULL);
	}
	if (user_mode(regs) || paraminfo_find(t, ip, &f))
		return;
	/*
	 * Keep one CPU's block together when several CPUs WARN at once, as
	 * dump_stack() does; the lock is reentrant and safe in NMI context.
	 */
	printk_cpu_sync_get_irqsave(flags);
	pr_warn("Function parameters (%pS):%s\n", (void *)regs->ip,
		f.nparams ? "" : " none");
	paraminfo_print_params(t, &f, ip - f.addr, &r, paraminfo_emit, NULL);
	printk_cpu_sync_put_irqrestore(flags);
}
