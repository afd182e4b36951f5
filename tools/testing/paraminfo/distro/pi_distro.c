// SPDX-License-Identifier: GPL-2.0
/*
 * Known arguments at a WARN, a BUG and an oops, for checking an offline
 * paraminfo decoder against Debian's own kernel.
 *
 * Load with case=NAME; module_init runs that one case:
 *
 *   warn   pi_distro_warn(): WARN_ON(1) with six arguments
 *   warn2  pi_distro_warn2(): WARN_ON(1), u8/u16/u32/u64/pointer mixed
 *   oops   pi_distro_oops(): a write through its pointer argument,
 *          0xbad0: a page fault whose address is that argument
 *   bug    pi_distro_bug(): BUG() with three arguments
 *
 * Before the trap, the caller prints one line naming the function and
 * every argument with the value it passes:
 *
 *   pi_distro: case warn: func=pi_distro_warn a=0x1111000000000001 ...
 *
 * u64 and pointers are printed with 16 hex digits, u32 with 8, u16 with
 * 4 and u8 with 2. The values are hidden from the compiler
 * (OPTIMIZER_HIDE_VAR), so the caller really passes them in registers
 * and no constant-propagated clone of the callee exists; each callee
 * uses every argument again after its trap (an empty asm), so they are
 * all still live there.
 *
 * The init of a WARN case succeeds: remove the module (rmmod) before the
 * next case. (Failing it with -EAGAIN would run the case twice under
 * busybox's insmod, which retries a failed finit_module() with
 * init_module().)
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bug.h>
#include <linux/compiler.h>
#include <linux/errno.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/string.h>
#include <linux/types.h>

static char *pi_case = "";
module_param_named(case, pi_case, charp, 0444);
MODULE_PARM_DESC(case, "the case to run: warn, warn2, oops or bug");

struct pi_distro_obj {
	u64 cookie;
	u32 flags;
};

static struct pi_distro_obj pi_distro_obj = {
	.cookie = 0x0b0b0b0b0b0b0b0bULL,
	.flags = 0x0f0f0f0f,
};

static char pi_distro_buf[16];

/* WARN_ON(1) with six arguments, in rdi, rsi, edx, cx, r8 and r9. */
static noinline int pi_distro_warn(u64 a, u64 b, u32 c, u16 d,
				   struct pi_distro_obj *p, u64 e)
{
	WARN_ON(1);
	asm volatile("" : : "r"(a), "r"(b), "r"(c), "r"(d), "r"(p), "r"(e));
	return 0;
}

/* WARN_ON(1) with narrow arguments: in dil, si, edx, rcx and r8. */
static noinline int pi_distro_warn2(u8 a, u16 b, u32 c, u64 d, void *p)
{
	WARN_ON(1);
	asm volatile("" : : "r"(a), "r"(b), "r"(c), "r"(d), "r"(p));
	return 0;
}

/* A write through p (rsi): the page fault's address is p. */
static noinline void pi_distro_oops(u64 cookie, int *p, u32 flags)
{
	WRITE_ONCE(*p, 1);
	asm volatile("" : : "r"(cookie), "r"(p), "r"(flags));
}

/* BUG() with three arguments, in rdi, esi and rdx. */
static noinline void pi_distro_bug(u64 a, u32 b, void *p)
{
	/* BUG() does not return: use the arguments just before it. */
	asm volatile("" : : "r"(a), "r"(b), "r"(p));
	BUG();
}

static int pi_distro_run_warn(void)
{
	u64 a = 0x1111000000000001ULL;
	u64 b = 0x2222000000000002ULL;
	u32 c = 0x33330003;
	u16 d = 0x4444;
	struct pi_distro_obj *p = &pi_distro_obj;
	u64 e = 0x6666000000000006ULL;
	int ret;

	OPTIMIZER_HIDE_VAR(a);
	OPTIMIZER_HIDE_VAR(b);
	OPTIMIZER_HIDE_VAR(c);
	OPTIMIZER_HIDE_VAR(d);
	OPTIMIZER_HIDE_VAR(p);
	OPTIMIZER_HIDE_VAR(e);
	pr_info("case warn: func=pi_distro_warn a=0x%016llx b=0x%016llx c=0x%08x d=0x%04x p=0x%016lx e=0x%016llx\n",
		a, b, c, d, (unsigned long)p, e);
	ret = pi_distro_warn(a, b, c, d, p, e);
	pr_info("case warn: returned %d\n", ret);
	return ret;
}

static int pi_distro_run_warn2(void)
{
	u8 a = 0xa5;
	u16 b = 0xb00b;
	u32 c = 0xc0de0003;
	u64 d = 0xdddd00000000000dULL;
	void *p = pi_distro_buf;
	int ret;

	OPTIMIZER_HIDE_VAR(a);
	OPTIMIZER_HIDE_VAR(b);
	OPTIMIZER_HIDE_VAR(c);
	OPTIMIZER_HIDE_VAR(d);
	OPTIMIZER_HIDE_VAR(p);
	pr_info("case warn2: func=pi_distro_warn2 a=0x%02x b=0x%04x c=0x%08x d=0x%016llx p=0x%016lx\n",
		a, b, c, d, (unsigned long)p);
	ret = pi_distro_warn2(a, b, c, d, p);
	pr_info("case warn2: returned %d\n", ret);
	return ret;
}

static int pi_distro_run_oops(void)
{
	u64 cookie = 0x1111000000002001ULL;
	int *p = (int *)0xbad0UL;
	u32 flags = 0x33332003;

	OPTIMIZER_HIDE_VAR(cookie);
	OPTIMIZER_HIDE_VAR(p);
	OPTIMIZER_HIDE_VAR(flags);
	pr_info("case oops: func=pi_distro_oops cookie=0x%016llx p=0x%016lx flags=0x%08x\n",
		cookie, (unsigned long)p, flags);
	pi_distro_oops(cookie, p, flags);
	pr_err("case oops: no fault\n");
	return -EFAULT;
}

static int pi_distro_run_bug(void)
{
	u64 a = 0x1111000000003001ULL;
	u32 b = 0x22223002;
	void *p = &pi_distro_obj;

	OPTIMIZER_HIDE_VAR(a);
	OPTIMIZER_HIDE_VAR(b);
	OPTIMIZER_HIDE_VAR(p);
	pr_info("case bug: func=pi_distro_bug a=0x%016llx b=0x%08x p=0x%016lx\n",
		a, b, (unsigned long)p);
	pi_distro_bug(a, b, p);
	return -EFAULT;
}

/*
 * Not __init: in .text, which the module loader places ahead of
 * .text.unlikely, where gcc puts the cases' functions (only called from
 * here, which calls the cold printk on every path). An oops prints the
 * 42 code bytes before RIP; at the very start of the module's text they
 * would be unmapped ("Code: Unable to access opcode bytes").
 */
static int __section(".text") pi_distro_init(void)
{
	if (!strcmp(pi_case, "warn"))
		return pi_distro_run_warn();
	if (!strcmp(pi_case, "warn2"))
		return pi_distro_run_warn2();
	if (!strcmp(pi_case, "oops"))
		return pi_distro_run_oops();
	if (!strcmp(pi_case, "bug"))
		return pi_distro_run_bug();
	pr_err("unknown case '%s' (warn, warn2, oops, bug)\n", pi_case);
	return -EINVAL;
}

static void __exit pi_distro_exit(void)
{
}

module_init(pi_distro_init);
module_exit(pi_distro_exit);

MODULE_DESCRIPTION("Known arguments at a WARN, BUG and oops, for paraminfo");
MODULE_LICENSE("GPL");
