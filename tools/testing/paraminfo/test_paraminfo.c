// SPDX-License-Identifier: GPL-2.0
/*
 * WARN and oops cases for the paraminfo end-to-end test
 *
 * Every file in /sys/kernel/debug/paraminfo_test/ triggers one case: a
 * write prints the case's argument values, e.g.
 *
 *   paraminfo_test: case entry: func=pi_test_entry a=0x1111000000000001 ...
 *
 * (each value in hex with two digits per byte of the parameter's type) and
 * calls a noinline function with them that WARNs, or, for "oops", faults
 * on a pointer parameter. tools/testing/paraminfo/e2e/check_e2e.py then
 * checks the "Function parameters" block of the report against them.
 *
 * The values are hidden from the optimizer and the functions (but
 * pi_test_clone) are __noclone and called through a pointer the compiler
 * cannot see through, so gcc can neither propagate the values nor clone
 * or re-sign the functions: each runs as the out-of-line copy its DWARF
 * describes. pi_test_clone is the exception on purpose: it is called
 * directly with a dead parameter, which invites an .isra clone whose
 * registers differ from the declared ones.
 *
 * "smp" makes two CPUs WARN at the same moment, each in its own function
 * (pi_test_smp0, pi_test_smp1) with values of its own, logged first as
 *
 *   paraminfo_test: case smp cpu1: func=pi_test_smp1 a=0x... b=0x...
 *
 * so that the checker can tell the two reports apart and verify both.
 *
 * "alt" WARNs right after an alternative (x86-64 or arm64) whose
 * replacement, patched in at boot, overwrites argument registers that the
 * original (nops on disk) leaves alone: a value may be printed from those
 * registers only if the table knows what runs there, not what the file
 * holds.
 *
 * "spill" WARNs where gcc keeps all six arguments in stack slots: the
 * values come from the stack, at the stack pointer the registers give.
 *
 * "many" passes ten arguments: the ones past the argument registers (six
 * on x86-64, eight on arm64) are on the stack and print no value. "big"
 * passes a 24-byte struct by value: x86-64 copies it to the stack, arm64
 * (AAPCS64) passes the address of a copy in a register, which must never
 * be printed as if it were the struct. Both log the struct as one
 * little-endian integer of its size.
 *
 * "sysrq", "nmi" and "softlockup" make show_regs() print a context that
 * did not fail: pi_test_spin, spinning with its arguments live, is
 * interrupted by sysrq 'p' (run from a timer interrupt, as from a
 * keyboard's), by another CPU's NMI backtrace request, or by the soft
 * lockup watchdog (with /proc/sys/kernel/watchdog_thresh at 1, set by
 * e2e/init). Its block must say "interrupted" and print the true values.
 *
 * lib/test_paraminfo_chain.c and lib/test_paraminfo_loop.c add their
 * cases to the same directory.
 */

#define pr_fmt(fmt) "paraminfo_test: " fmt

#include <linux/atomic.h>
#include <linux/bug.h>
#include <linux/compiler.h>
#include <linux/cpumask.h>
#include <linux/debugfs.h>
#include <linux/delay.h>
#include <linux/fs.h>
#include <linux/hrtimer.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/nmi.h>
#include <linux/panic.h>
#include <linux/preempt.h>
#include <linux/smp.h>
#include <linux/sysrq.h>
#include <linux/types.h>
#include <asm/alternative.h>
#ifdef CONFIG_X86
#include <asm/cpufeatures.h>
#endif

#include "test_paraminfo.h"

struct pi_test_obj {
	long first;
	long second;
};

/* Eight bytes of INTEGER class: passed in one register. */
struct pi_test_pair {
	u32 lo;
	u32 hi;
};

/* Sixteen bytes of INTEGER class: passed in two registers. */
struct pi_test_wide {
	u64 x;
	u64 y;
};

/* Twenty-four bytes: passed in memory (x86-64) or by reference (arm64). */
struct pi_test_big {
	u64 x;
	u64 y;
	u64 z;
};

/* Never cleared; read with READ_ONCE() so every WARN condition is opaque. */
static int pi_armed = 1;

static noinline __noclone u64 pi_test_helper(u64 x)
{
	return x * 3 + READ_ONCE(pi_armed);
}

static noinline __noclone u64 pi_test_sink(u64 r, u64 a, u64 b, u64 c)
{
	return r ^ a ^ (b << 1) ^ (c << 2);
}

/*
 * The sums of the entry, seven and many cases, each called through a
 * hidden pointer after the WARN with the arguments unchanged: gcc must keep
 * them in their entry registers until then, and cannot compute anything
 * from them before the WARN. (A sum in place lets gcc for arm64 start it
 * before the WARN's branch, whose brk it places out of line after it.)
 */
static noinline __noclone u64 pi_sum_entry(u64 a, u64 b, u32 c, u16 d, u8 e,
					   struct pi_test_obj *p)
{
	return a + b + c + d + e + (unsigned long)p;
}

static noinline __noclone u64 pi_sum_seven(u64 a, u32 b, u16 c, u8 d, s32 e,
					   void *f, long seven)
{
	return a + b + c + d + e + (unsigned long)f + seven;
}

static noinline __noclone u64 pi_sum_many(u64 a, u64 b, u64 c, u64 d, u64 e,
					  u64 f, u64 g, u64 h, u64 i, u32 j)
{
	return a + b + c + d + e + f + g + h + i + j;
}

/* (a) WARN first thing: every argument is still in its entry register. */
static noinline __noclone u64 pi_test_entry(u64 a, u64 b, u32 c, u16 d, u8 e,
					    struct pi_test_obj *p)
{
	WARN_ON(READ_ONCE(pi_armed));
	return pi_hidden(pi_sum_entry)(a, b, c, d, e, p);
}

/*
 * (b) WARN after a call: the arguments are needed after it, so they live
 * in callee-saved registers across it, not in their entry registers.
 */
static noinline __noclone u64 pi_test_callee_saved(u64 a, u64 b, u32 c)
{
	u64 r = pi_hidden(pi_test_helper)(a);

	WARN_ON(READ_ONCE(pi_armed));
	return pi_hidden(pi_test_sink)(r, a, b, c);
}

/*
 * (c) A parameter that is never used, WARN after a call that clobbers
 * its register: nothing proves its value there.
 */
static noinline __noclone u64 pi_test_unused(u64 a, u64 unused, u64 c)
{
	u64 r = pi_hidden(pi_test_helper)(a);

	WARN_ON(READ_ONCE(pi_armed));
	return r + c;
}

/* (d) Structs by value: one in one register, one in two. */
static noinline __noclone u64 pi_test_struct_arg(struct pi_test_pair s,
						 struct pi_test_wide w, u64 z)
{
	WARN_ON(READ_ONCE(pi_armed));
	return s.lo + s.hi + w.x + w.y + z;
}

/* (e) Seven arguments: the seventh is passed on the stack. */
static noinline __noclone u64 pi_test_seven(u64 a, u32 b, u16 c, u8 d, s32 e,
					    void *f, long seven)
{
	WARN_ON(READ_ONCE(pi_armed));
	return pi_hidden(pi_sum_seven)(a, b, c, d, e, f, seven);
}

/* (f) A load through a pointer parameter that faults at that address. */
static noinline __noclone long pi_test_oops(u64 cookie, struct pi_test_obj *p,
					    u32 flags)
{
	return READ_ONCE(p->first) + cookie + flags;
}

/* (g) No parameters at all. */
static noinline __noclone void pi_test_noparams(void)
{
	WARN_ON(READ_ONCE(pi_armed));
}

/* (h) Called directly with a dead parameter: gcc may clone it (.isra). */
static noinline u64 pi_test_clone(u64 a, u64 dead, u64 c)
{
	WARN_ON(READ_ONCE(pi_armed));
	return a * 5 + c;
}

/* (i) One function per CPU of the smp case, so their reports differ. */
static noinline __noclone u64 pi_test_smp0(u64 a, u32 b)
{
	WARN_ON(READ_ONCE(pi_armed));
	return a + b;
}

static noinline __noclone u64 pi_test_smp1(u64 a, u32 b)
{
	WARN_ON(READ_ONCE(pi_armed));
	return a ^ b;
}

/*
 * (k) WARN right after an alternative: on disk nops, at run time (the
 * replacement is applied on every CPU: X86_FEATURE_ALWAYS, or
 * ARM64_ALWAYS_SYSTEM) two instructions that zero the entry registers of
 * b and d (rsi and rcx, x1 and x3). gcc is told both are clobbered: it
 * keeps b elsewhere for the return, and d, unused, is gone. The WARN's
 * condition is loaded before the asm ("memory" keeps it there), so that
 * no instruction on disk writes those registers before the trap: only
 * code that reads the nops could believe they still hold b and d there.
 */
static noinline __noclone u64 pi_test_alt(u64 a, u64 b, u64 c, u64 d)
{
	int armed = READ_ONCE(pi_armed);

#if defined(CONFIG_X86)
	asm volatile(ALTERNATIVE("", "xor %%esi, %%esi; xor %%ecx, %%ecx",
				 X86_FEATURE_ALWAYS)
		     : : : "rsi", "rcx", "memory");
#elif defined(CONFIG_ARM64)
	asm volatile(ALTERNATIVE("nop\n\tnop", "mov x1, xzr\n\tmov x3, xzr",
				 ARM64_ALWAYS_SYSTEM)
		     : : : "x1", "x3", "memory");
#endif
	WARN_ON(armed);
	return a + b + c;
}

/* (l) Ten arguments: the last four (x86-64) or two (arm64) on the stack. */
static noinline __noclone u64 pi_test_many(u64 a, u64 b, u64 c, u64 d, u64 e,
					   u64 f, u64 g, u64 h, u64 i, u32 j)
{
	WARN_ON(READ_ONCE(pi_armed));
	return pi_hidden(pi_sum_many)(a, b, c, d, e, f, g, h, i, j);
}

/* (m) A struct over 16 bytes by value, and an argument after it. */
static noinline __noclone u64 pi_test_big(struct pi_test_big big, u64 after)
{
	WARN_ON(READ_ONCE(pi_armed));
	return big.x + big.y + big.z + after;
}

/*
 * A call gcc cannot look into (noipa: no register allocation across it
 * either), called directly: it may write every caller-saved register and
 * takes no stack arguments.
 */
static noinline __attribute__((__noipa__)) u64 pi_spill_helper(u64 x)
{
	return x * 7 + READ_ONCE(pi_armed);
}

static noinline __noclone u64 pi_sum_spill(u64 a, u64 b, u64 c, u64 d, u64 e,
					   u64 f)
{
	return a + (b << 1) + (c << 2) + (d << 3) + (e << 4) + (f << 5);
}

/*
 * (n) WARN with the arguments in stack slots: the call may write every
 * argument register and the asm every callee-saved one (but the frame
 * pointer), so gcc keeps the six arguments, needed after the WARN, in its
 * frame: the table must prove the slots and the printer read them.
 */
static noinline __noclone u64 pi_test_spill(u64 a, u64 b, u64 c, u64 d, u64 e,
					    u64 f)
{
	u64 r = pi_spill_helper(a);

	pi_clobber_callee_saved();
	WARN_ON(READ_ONCE(pi_armed));
	return r + pi_hidden(pi_sum_spill)(a, b, c, d, e, f);
}

/* *state of pi_test_spin: set up, in the loop, told to stop. */
enum { PI_SPIN_SET, PI_SPINNING, PI_SPIN_STOP };

/*
 * (j) Spin, announcing it in *state, until *state is PI_SPIN_STOP; every
 * argument is kept live in a register on every turn, so whatever
 * interrupts the loop finds them all provable.
 */
static noinline __noclone void pi_test_spin(u64 a, u64 b, u32 c, int *state)
{
	while (cmpxchg(state, PI_SPIN_SET, PI_SPINNING) != PI_SPIN_STOP) {
		asm volatile("" : : "r" (a), "r" (b), "r" (c));
		cpu_relax();
	}
}

/* Where the results go, so that the calls are not dead. */
static u64 pi_result;

static void pi_run_entry(void)
{
	u64 a = pi_opaque(0x1111000000000001ULL);
	u64 b = pi_opaque(0x2222000000000002ULL);
	u32 c = pi_opaque(0x33330003);
	u16 d = pi_opaque(0x4444);
	u8 e = pi_opaque(0x55);
	struct pi_test_obj *p = pi_opaque((void *)0x6666000000000006UL);

	pr_info("case entry: func=pi_test_entry a=0x%016llx b=0x%016llx c=0x%08x d=0x%04x e=0x%02x p=0x%016lx\n",
		a, b, c, d, e, (unsigned long)p);
	WRITE_ONCE(pi_result, pi_hidden(pi_test_entry)(a, b, c, d, e, p));
}

static void pi_run_callee_saved(void)
{
	u64 a = pi_opaque(0x1111000000000011ULL);
	u64 b = pi_opaque(0x2222000000000022ULL);
	u32 c = pi_opaque(0x33330033);

	pr_info("case callee_saved: func=pi_test_callee_saved a=0x%016llx b=0x%016llx c=0x%08x\n",
		a, b, c);
	WRITE_ONCE(pi_result, pi_hidden(pi_test_callee_saved)(a, b, c));
}

static void pi_run_unused(void)
{
	u64 a = pi_opaque(0x1111000000000101ULL);
	u64 unused = pi_opaque(0x2222000000000202ULL);
	u64 c = pi_opaque(0x3333000000000303ULL);

	pr_info("case unused: func=pi_test_unused a=0x%016llx unused=0x%016llx c=0x%016llx\n",
		a, unused, c);
	WRITE_ONCE(pi_result, pi_hidden(pi_test_unused)(a, unused, c));
}

static void pi_run_struct_arg(void)
{
	struct pi_test_pair s = {
		.lo = pi_opaque(0x55550005),
		.hi = pi_opaque(0x66660006),
	};
	struct pi_test_wide w = {
		.x = pi_opaque(0x7777000000000007ULL),
		.y = pi_opaque(0x8888000000000008ULL),
	};
	u64 z = pi_opaque(0x9999000000000009ULL);

	/* Both structs as little-endian integers of their size. */
	pr_info("case struct_arg: func=pi_test_struct_arg s=0x%08x%08x w=0x%016llx%016llx z=0x%016llx\n",
		s.hi, s.lo, w.y, w.x, z);
	WRITE_ONCE(pi_result, pi_hidden(pi_test_struct_arg)(s, w, z));
}

static void pi_run_seven(void)
{
	u64 a = pi_opaque(0x1111000000001001ULL);
	u32 b = pi_opaque(0x22221002);
	u16 c = pi_opaque(0x3003);
	u8 d = pi_opaque(0x44);
	s32 e = pi_opaque(-5);
	void *f = pi_opaque((void *)0x6666000000001006UL);
	long seven = pi_opaque(0x7777000000001007L);

	pr_info("case seven: func=pi_test_seven a=0x%016llx b=0x%08x c=0x%04x d=0x%02x e=0x%08x f=0x%016lx seven=0x%016lx\n",
		a, b, c, d, (u32)e, (unsigned long)f, seven);
	WRITE_ONCE(pi_result, pi_hidden(pi_test_seven)(a, b, c, d, e, f, seven));
}

static void pi_run_noparams(void)
{
	pr_info("case noparams: func=pi_test_noparams\n");
	pi_hidden(pi_test_noparams)();
}

static void pi_run_clone(void)
{
	u64 a = pi_opaque(0x1111000000003001ULL);
	u64 dead = pi_opaque(0x2222000000003002ULL);
	u64 c = pi_opaque(0x3333000000003003ULL);

	pr_info("case clone: func=pi_test_clone a=0x%016llx dead=0x%016llx c=0x%016llx\n",
		a, dead, c);
	WRITE_ONCE(pi_result, pi_test_clone(a, dead, c));
}

static void pi_run_alt(void)
{
	u64 a = pi_opaque(0x1111000000007001ULL);
	u64 b = pi_opaque(0x2222000000007002ULL);
	u64 c = pi_opaque(0x3333000000007003ULL);
	u64 d = pi_opaque(0x4444000000007004ULL);

	pr_info("case alt: func=pi_test_alt a=0x%016llx b=0x%016llx c=0x%016llx d=0x%016llx\n",
		a, b, c, d);
	WRITE_ONCE(pi_result, pi_hidden(pi_test_alt)(a, b, c, d));
}

static void pi_run_many(void)
{
	u64 a = pi_opaque(0x1111000000008001ULL);
	u64 b = pi_opaque(0x2222000000008002ULL);
	u64 c = pi_opaque(0x3333000000008003ULL);
	u64 d = pi_opaque(0x4444000000008004ULL);
	u64 e = pi_opaque(0x5555000000008005ULL);
	u64 f = pi_opaque(0x6666000000008006ULL);
	u64 g = pi_opaque(0x7777000000008007ULL);
	u64 h = pi_opaque(0x8888000000008008ULL);
	u64 i = pi_opaque(0x9999000000008009ULL);
	u32 j = pi_opaque(0xaaaa800a);

	pr_info("case many: func=pi_test_many a=0x%016llx b=0x%016llx c=0x%016llx d=0x%016llx e=0x%016llx f=0x%016llx g=0x%016llx h=0x%016llx i=0x%016llx j=0x%08x\n",
		a, b, c, d, e, f, g, h, i, j);
	WRITE_ONCE(pi_result,
		   pi_hidden(pi_test_many)(a, b, c, d, e, f, g, h, i, j));
}

static void pi_run_big(void)
{
	struct pi_test_big big = {
		.x = pi_opaque(0x1111000000009001ULL),
		.y = pi_opaque(0x2222000000009002ULL),
		.z = pi_opaque(0x3333000000009003ULL),
	};
	u64 after = pi_opaque(0x4444000000009004ULL);

	pr_info("case big: func=pi_test_big big=0x%016llx%016llx%016llx after=0x%016llx\n",
		big.z, big.y, big.x, after);
	WRITE_ONCE(pi_result, pi_hidden(pi_test_big)(big, after));
}

static void pi_run_oops(void)
{
	u64 cookie = pi_opaque(0x1111000000002001ULL);
	/* Unmapped and below mmap_min_addr: the fault's CR2 is this. */
	struct pi_test_obj *p = pi_opaque((void *)0xbad0UL);
	u32 flags = pi_opaque(0x33332003);

	pr_info("case oops: func=pi_test_oops cookie=0x%016llx p=0x%016lx flags=0x%08x\n",
		cookie, (unsigned long)p, flags);
	WRITE_ONCE(pi_result, pi_hidden(pi_test_oops)(cookie, p, flags));
}

/* The smp case: the two CPUs, and how many reached the barrier. */
static struct cpumask pi_smp_cpus;
static atomic_t pi_smp_arrived;

/* Runs on both CPUs of pi_smp_cpus at once, with interrupts off. */
static void pi_smp_one(void *unused)
{
	unsigned int cpu = smp_processor_id();
	unsigned int role = cpu != cpumask_first(&pi_smp_cpus);
	/* Through a pointer gcc cannot see through, as pi_hidden() does. */
	u64 (*fn)(u64 a, u32 b) = role ? pi_test_smp1 : pi_test_smp0;
	u64 a = pi_opaque(0x5350000000000000ULL | (cpu + 1) * 0x01010101ULL);
	u32 b = pi_opaque(0x53500000U | (cpu + 1) * 0x0101U);
	unsigned long waited;

	pr_info("case smp cpu%u: func=pi_test_smp%u a=0x%016llx b=0x%08x\n",
		cpu, role, a, b);
	/* Meet the other CPU, then both WARN together; 2 s at most. */
	atomic_inc(&pi_smp_arrived);
	for (waited = 0; atomic_read(&pi_smp_arrived) < 2; waited++) {
		if (waited == 2000000) {
			pr_info("case smp cpu%u: the other CPU never came\n", cpu);
			break;
		}
		udelay(1);
	}
	WRITE_ONCE(pi_result, pi_opaque(fn)(a, b));
}

/* The first two online CPUs into pi_smp_cpus; false if there are not two. */
static bool pi_pick_two_cpus(const char *name)
{
	unsigned int cpu;

	cpumask_clear(&pi_smp_cpus);
	for_each_online_cpu(cpu) {
		cpumask_set_cpu(cpu, &pi_smp_cpus);
		if (cpumask_weight(&pi_smp_cpus) == 2)
			return true;
	}
	pr_info("case %s: needs two online CPUs, has %u\n", name,
		num_online_cpus());
	return false;
}

static void pi_run_smp(void)
{
	if (!pi_pick_two_cpus("smp"))
		return;
	atomic_set(&pi_smp_arrived, 0);
	on_each_cpu_mask(&pi_smp_cpus, pi_smp_one, NULL, true);
}

/* The interrupted cases: the spinner's state and the timer that stops it. */
static int pi_spin_state;
static struct hrtimer pi_spin_timer;
static ktime_t pi_spin_deadline;
static bool pi_spin_sysrq;

/* Hard interrupt context, on the spinning CPU: get_irq_regs() is its regs. */
static enum hrtimer_restart pi_spin_tick(struct hrtimer *timer)
{
	bool spinning = READ_ONCE(pi_spin_state) == PI_SPINNING;

	if (pi_spin_sysrq && spinning) {
		/* This CPU was in pi_test_spin's loop: it never leaves it. */
		handle_sysrq('p');
	} else if (pi_spin_sysrq || (!test_taint(TAINT_SOFTLOCKUP) &&
				     ktime_before(ktime_get(), pi_spin_deadline))) {
		hrtimer_forward_now(timer, ms_to_ktime(10));
		return HRTIMER_RESTART;
	}
	WRITE_ONCE(pi_spin_state, PI_SPIN_STOP);
	return HRTIMER_NORESTART;
}

/*
 * Log the arguments of case @name, call @ready (which arranges the
 * interruption, if any), then spin in pi_test_spin on this CPU until
 * stopped. The caller has set pi_spin_state to PI_SPIN_SET.
 */
static void pi_spin_here(const char *name, u64 a, u64 b, u32 c,
			 void (*ready)(void))
{
	pr_info("case %s: func=pi_test_spin a=0x%016llx b=0x%016llx c=0x%08x state=0x%016lx\n",
		name, a, b, c, (unsigned long)&pi_spin_state);
	if (ready)
		ready();
	pi_hidden(pi_test_spin)(a, b, c, &pi_spin_state);
}

/* pi_spin_here() on this CPU, for an interruption from this CPU's timer. */
static void pi_spin_pinned(const char *name, u64 a, u64 b, u32 c,
			   void (*ready)(void))
{
	preempt_disable();
	WRITE_ONCE(pi_spin_state, PI_SPIN_SET);
	pi_spin_here(name, a, b, c, ready);
	preempt_enable();
}

static void pi_sysrq_ready(void)
{
	pi_spin_sysrq = true;
	hrtimer_start(&pi_spin_timer, ms_to_ktime(20), HRTIMER_MODE_REL_PINNED);
}

/* sysrq 'p' from a timer interrupt that lands in the spinning loop. */
static void pi_run_sysrq(void)
{
	if (!IS_ENABLED(CONFIG_MAGIC_SYSRQ)) {
		pr_info("case sysrq: needs CONFIG_MAGIC_SYSRQ\n");
		return;
	}
	pi_spin_pinned("sysrq", pi_opaque(0x1111000000004001ULL),
		       pi_opaque(0x2222000000004002ULL), pi_opaque(0x33334003),
		       pi_sysrq_ready);
}

static void pi_softlockup_ready(void)
{
	pi_spin_sysrq = false;
	pi_spin_deadline = ktime_add_ms(ktime_get(), 20000);
	hrtimer_start(&pi_spin_timer, ms_to_ktime(10), HRTIMER_MODE_REL_PINNED);
}

/*
 * The soft lockup watchdog's report: spin, without scheduling, until it
 * taints the kernel, 20 s at most.
 */
static void pi_run_softlockup(void)
{
	if (test_taint(TAINT_SOFTLOCKUP)) {
		pr_info("case softlockup: the kernel had a soft lockup before\n");
		return;
	}
	pi_spin_pinned("softlockup", pi_opaque(0x1111000000006001ULL),
		       pi_opaque(0x2222000000006002ULL), pi_opaque(0x33336003),
		       pi_softlockup_ready);
	if (!test_taint(TAINT_SOFTLOCKUP))
		pr_info("case softlockup: no soft lockup was reported\n");
}

/*
 * The nmi case: the first CPU of pi_smp_cpus spins, with interrupts off,
 * until the other has had it print an NMI backtrace.
 */
static void pi_nmi_one(void *unused)
{
	unsigned int cpu = smp_processor_id();
	unsigned int spinner = cpumask_first(&pi_smp_cpus);
	unsigned long waited;

	if (cpu == spinner) {
		pi_spin_here("nmi", pi_opaque(0x1111000000005001ULL),
			     pi_opaque(0x2222000000005002ULL),
			     pi_opaque(0x33335003), NULL);
		return;
	}
	/* Until the spinner is in its loop, which it leaves only when told. */
	for (waited = 0; READ_ONCE(pi_spin_state) != PI_SPINNING; waited++) {
		if (waited == 2000000) {
			pr_info("case nmi: the spinner never spun\n");
			break;
		}
		udelay(1);
	}
	if (!trigger_single_cpu_backtrace(spinner))
		pr_info("case nmi: no NMI backtrace on this architecture\n");
	WRITE_ONCE(pi_spin_state, PI_SPIN_STOP);
}

static void pi_run_nmi(void)
{
	if (!pi_pick_two_cpus("nmi"))
		return;
	WRITE_ONCE(pi_spin_state, PI_SPIN_SET);
	on_each_cpu_mask(&pi_smp_cpus, pi_nmi_one, NULL, true);
}

static void pi_run_spill(void)
{
	u64 a = pi_opaque(0x1111000000000a01ULL);
	u64 b = pi_opaque(0x2222000000000a02ULL);
	u64 c = pi_opaque(0x3333000000000a03ULL);
	u64 d = pi_opaque(0x4444000000000a04ULL);
	u64 e = pi_opaque(0x5555000000000a05ULL);
	u64 f = pi_opaque(0x6666000000000a06ULL);

	pr_info("case spill: func=pi_test_spill a=0x%016llx b=0x%016llx c=0x%016llx d=0x%016llx e=0x%016llx f=0x%016llx\n",
		a, b, c, d, e, f);
	WRITE_ONCE(pi_result, pi_hidden(pi_test_spill)(a, b, c, d, e, f));
}

struct pi_test_case {
	const char *name;
	void (*run)(void);
};

/* The oops comes last: with oops=panic it ends the test run. */
static const struct pi_test_case pi_test_cases[] = {
	{ "entry", pi_run_entry },
	{ "callee_saved", pi_run_callee_saved },
	{ "unused", pi_run_unused },
	{ "struct_arg", pi_run_struct_arg },
	{ "seven", pi_run_seven },
	{ "noparams", pi_run_noparams },
	{ "clone", pi_run_clone },
	{ "alt", pi_run_alt },
	{ "many", pi_run_many },
	{ "big", pi_run_big },
	{ "spill", pi_run_spill },
	{ "smp", pi_run_smp },
	{ "sysrq", pi_run_sysrq },
	{ "nmi", pi_run_nmi },
	{ "softlockup", pi_run_softlockup },
	{ "oops", pi_run_oops },
};

static ssize_t pi_test_write(struct file *file, const char __user *buf,
			     size_t count, loff_t *ppos)
{
	const struct pi_test_case *tc = file->private_data;

	tc->run();
	pr_info("case %s: done\n", tc->name);
	return count;
}

static const struct file_operations pi_test_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = pi_test_write,
	.llseek = noop_llseek,
};

static struct dentry *pi_test_dir;

static int __init test_paraminfo_init(void)
{
	int i;

	hrtimer_init(&pi_spin_timer, CLOCK_MONOTONIC, HRTIMER_MODE_REL_PINNED);
	pi_spin_timer.function = pi_spin_tick;
	pi_test_dir = debugfs_create_dir("paraminfo_test", NULL);
	for (i = 0; i < ARRAY_SIZE(pi_test_cases); i++)
		debugfs_create_file(pi_test_cases[i].name, 0200, pi_test_dir,
				    (void *)&pi_test_cases[i], &pi_test_fops);
	pr_info("%zu cases in /sys/kernel/debug/paraminfo_test/\n",
		ARRAY_SIZE(pi_test_cases));
	return 0;
}

static void __exit test_paraminfo_exit(void)
{
	debugfs_remove(pi_test_dir);
}

module_init(test_paraminfo_init);
module_exit(test_paraminfo_exit);
MODULE_DESCRIPTION("Cases for the paraminfo end-to-end test");
MODULE_LICENSE("GPL");
