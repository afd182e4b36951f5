// SPDX-License-Identifier: GPL-2.0
/*
 * The oops, WARN and register-dump side of paraminfo, for every
 * architecture: after the arch's register dump has printed a kernel-mode
 * context, print the parameters of the function that was running.
 *
 * Values come from struct pt_regs, through paraminfo_arch_regs(), and
 * from the stack slots the table names, read with
 * copy_from_kernel_nofault() and only inside the current task's stack,
 * when the regs' sp is on it (print.c checks every slot against those
 * bounds); nothing else is dereferenced. The pc is looked up through
 * paraminfo_table_addr(), which KASLR does not concern. The "<-- fault address"
 * marker is set only for the regs that the page-fault oops path named
 * (paraminfo_note_fault()), never from a stale fault register.
 *
 * Then each caller's parameters as its call runs (callers.c), up to
 * PARAMINFO_MAX_CALLERS frames, from the tables' unwind rows and the
 * save slots they name, read the same way.
 *
 * show_regs() also runs for sysrq, NMI (or IPI) backtraces and soft
 * lockups. Their regs, too, are the state at an instruction boundary of
 * the interrupted function (pc is the next instruction to run), so the
 * table's proofs hold and the values are printed, but the header says
 * "interrupted": that function did not fail, it was merely running. A
 * block is unlabelled only for the regs of an oops (paraminfo_note_oops())
 * or of a BUG or WARN trap (pc at a bug table entry's trapping
 * instruction: ud2 on x86, brk on arm64).
 */
#include <linux/bug.h>
#include <linux/delay.h>
#include <linux/errno.h>
#include <linux/kallsyms.h>
#include <linux/paraminfo.h>
#include <linux/percpu.h>
#include <linux/printk.h>
#include <linux/ptrace.h>
#include <linux/sched/task_stack.h>
#include <linux/uaccess.h>

/* What this CPU's oops path said about the regs it is about to show. */
struct paraminfo_note {
	struct pt_regs *oops_regs;
	struct pt_regs *fault_regs;
	unsigned long fault_address;
};

static DEFINE_PER_CPU(struct paraminfo_note, paraminfo_note);

/**
 * paraminfo_note_fault() - remember the page fault an oops is about
 * @regs: the registers the oops will show
 * @address: the faulting address (CR2, FAR_EL1)
 *
 * Called by the kernel page-fault oops path just before it dies.
 */
void paraminfo_note_fault(struct pt_regs *regs, unsigned long address)
{
	this_cpu_write(paraminfo_note.fault_address, address);
	this_cpu_write(paraminfo_note.fault_regs, regs);
}

/**
 * paraminfo_note_oops() - remember the regs an oops is about to show
 * @regs: the registers of the trapping instruction
 *
 * Called by the arch's die path just before show_regs(), for every oops.
 */
void paraminfo_note_oops(struct pt_regs *regs)
{
	this_cpu_write(paraminfo_note.oops_regs, regs);
}

/*
 * Take this CPU's notes about @regs: whether the die path is showing them
 * (an oops), and the fault address if the page-fault oops path named them.
 * Both are cleared whatever @regs are, so that no note outlives the show.
 */
static bool paraminfo_take_notes(struct pt_regs *regs, struct paraminfo_regs *r)
{
	bool oops = this_cpu_read(paraminfo_note.oops_regs) == regs;

	if (oops)
		this_cpu_write(paraminfo_note.oops_regs, NULL);
	if (this_cpu_read(paraminfo_note.fault_regs) == regs) {
		r->fault = true;
		r->fault_addr = this_cpu_read(paraminfo_note.fault_address);
		this_cpu_write(paraminfo_note.fault_regs, NULL);
	}
	return oops;
}

/*
 * printk() at a level chosen at run time, as the register dumps print:
 * @fmt starts with "%s" for the level, which printk() reads from the
 * formatted text. vprintk() is what printk() calls, NMI-safe like it.
 */
static __printf(1, 2) void paraminfo_printk(const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	vprintk(fmt, args);
	va_end(args);
}

/* How long to wait for another CPU's printk_cpu_sync: about a second. */
#define PARAMINFO_SYNC_WAIT_US	1000000

/*
 * Take printk's cpu-reentrant lock, which keeps one CPU's block together
 * when several CPUs print at once, as dump_stack() does, if it can be had
 * in bounded time. printk_cpu_sync_get_irqsave() would spin for as long
 * as another CPU holds it: forever if that CPU died holding it (faulted in
 * the middle of a dump_stack(), say, or hangs with interrupts off), and
 * this is the oops path. So wait at most about PARAMINFO_SYNC_WAIT_US,
 * which a CPU that is printing its own block or backtrace needs far less
 * than, and while an oops is in progress (oops_in_progress) not at all:
 * the holder may be the CPU that crashed, and the serial console drivers
 * likewise take their port lock only if it is free then. Without the
 * lock the block is printed anyway; its lines may then interleave with
 * another CPU's, each line whole.
 *
 * Called with interrupts off. Succeeds at once on the CPU that holds the
 * lock already (an NMI backtrace holds it around show_regs()).
 *
 * Return: true when the lock was taken: __printk_cpu_sync_put() it.
 */
static bool paraminfo_cpu_sync_get(void)
{
	unsigned int us;

	for (us = 0; ; us++) {
		if (__printk_cpu_sync_try_get())
			return true;
		if (oops_in_progress || us == PARAMINFO_SYNC_WAIT_US)
			return false;
		udelay(1);
	}
}

/*
 * The stack @r's sp is on, for the printer to read stack slots from: the
 * current task's, [task_stack_page(current), + THREAD_SIZE), when sp is
 * inside it. Another stack (an IRQ or exception stack) is left unknown,
 * 0 and 0, and nothing on it is read.
 */
static void paraminfo_stack_bounds(struct paraminfo_regs *r)
{
	unsigned long lo = (unsigned long)task_stack_page(current);

	if (lo && r->sp >= lo && r->sp - lo < THREAD_SIZE) {
		r->stack_lo = lo;
		r->stack_hi = (u64)lo + THREAD_SIZE;
	}
}

/* A stack slot, if it can be read: the printer has checked the bounds. */
static int paraminfo_read_stack(void *dst, u64 addr, size_t len)
{
	return copy_from_kernel_nofault(dst, (const void *)(unsigned long)addr,
					len) ? -EFAULT : 0;
}

/* The table and function of the code at @pc: vmlinux's, else a module's. */
static int paraminfo_find_pc(u64 pc, struct paraminfo_where *w)
{
	w->addr = paraminfo_table_addr(pc);
	w->t = paraminfo_kernel_table();
	if (!paraminfo_find(w->t, w->addr, &w->f))
		return 0;
	w->t = paraminfo_module_table(pc, &w->addr);
	if (w->t && !paraminfo_find(w->t, w->addr, &w->f))
		return 0;
	return -ENOENT;
}

/* A caller's return address as the Call Trace prints it. */
static void paraminfo_symbol(u64 ra, char *buf, size_t len)
{
	snprintf(buf, len, "%pB", (void *)(unsigned long)ra);
}

static const struct paraminfo_walk paraminfo_walk = {
	.find = paraminfo_find_pc,
	.code_addr = paraminfo_arch_code_addr,
	.symbol = paraminfo_symbol,
	.max_frames = PARAMINFO_MAX_CALLERS,
};

/* @ctx is the log level: each line is printed as it is made, unbuffered. */
static void paraminfo_emit(void *ctx, const char *line)
{
	paraminfo_printk("%s%s\n", (const char *)ctx, line);
}

/**
 * paraminfo_show_regs() - print the parameters of the function at the pc
 * @regs: the registers the arch's register dump has just printed
 * @log_lvl: the log level they were printed at, e.g. KERN_DEFAULT
 *
 * Printed after the registers, at the same level as they were; labelled
 * "interrupted" unless @regs are an oops's or a BUG or WARN's. When this
 * CPU is already in the printer (a fault or an NMI inside it, see
 * paraminfo_enter()), one line says that the block is skipped and nothing
 * is read. When vmlinux's table is in paraminfo_vmlinux.ko and that is not
 * loaded, one line says so for a pc in vmlinux.
 *
 * Context: any, NMI included; takes no lock but, for at most about a
 * second, printk's cpu-reentrant one.
 * Return: what was printed.
 */
enum paraminfo_shown paraminfo_show_regs(struct pt_regs *regs,
					 const char *log_lvl)
{
	enum paraminfo_shown shown = PARAMINFO_SHOWN_NOTHING;
	struct paraminfo_regs r = { .nr = 0 };
	struct paraminfo_where w;
	unsigned long flags;
	bool trapped = paraminfo_take_notes(regs, &r);
	bool synced;

	/* A user-mode pc is neither in the table nor in the bug table. */
	if (user_mode(regs))
		return shown;
	paraminfo_arch_regs(regs, &r);
	r.names = paraminfo_arch.reg_names;
	r.nr = paraminfo_arch.nr_regs;
	paraminfo_stack_bounds(&r);
	r.read = paraminfo_read_stack;
	/* On this CPU until paraminfo_exit(), as paraminfo_enter() needs. */
	local_irq_save(flags);
	if (!paraminfo_enter()) {
		paraminfo_printk("%sFunction parameters: skipped, this CPU is already in the printer\n",
				 log_lvl);
		shown = PARAMINFO_SHOWN_SKIPPED;
		goto out;
	}
	/*
	 * Unlabelled: an oops, or a BUG or WARN, whose trapping instruction
	 * is in the bug table. Anything else (sysrq, NMI backtrace, lockup
	 * watchdog) shows an interrupted context.
	 */
	trapped = trapped || find_bug(r.pc);
	/* vmlinux's, or a module's in its own table. */
	if (paraminfo_find_pc(r.pc, &w)) {
		/* vmlinux's table is a module, not loaded: say so. */
		if (paraminfo_kernel_unloaded(r.pc)) {
			paraminfo_printk("%sFunction parameters (%pS%s): not loaded, modprobe paraminfo_vmlinux\n",
					 log_lvl, (void *)(unsigned long)r.pc,
					 trapped ? "" : ", interrupted");
			shown = PARAMINFO_SHOWN_UNLOADED;
		}
		goto out;
	}
	synced = paraminfo_cpu_sync_get();
	paraminfo_printk("%sFunction parameters (%pS%s):%s\n", log_lvl,
			 (void *)(unsigned long)r.pc,
			 trapped ? "" : ", interrupted",
			 w.f.nparams ? "" : " none");
	paraminfo_print_params(w.t, &w.f, w.addr - w.f.addr, &r,
			       paraminfo_emit, (void *)log_lvl);
	paraminfo_print_callers(&w, &r, &paraminfo_walk, paraminfo_emit,
				(void *)log_lvl);
	if (synced)
		__printk_cpu_sync_put();
	shown = PARAMINFO_SHOWN_BLOCK;
out:
	paraminfo_exit();
	local_irq_restore(flags);
	return shown;
}
