// SPDX-License-Identifier: GPL-2.0
/*
 * Call-chain cases for the paraminfo end-to-end test: the parameters of
 * every caller, printed after the faulting function's block, must be the
 * arguments it was called with. Two files in /sys/kernel/debug/
 * paraminfo_test/, next to lib/test_paraminfo.c's:
 *
 *   chain      pi_chain1 -> pi_chain2 -> pi_chain3 -> pi_chain_leaf, which
 *              WARNs
 *   chainoops  the same chain; the leaf loads through a bad pointer
 *
 * Each case logs the leaf's arguments in test_paraminfo.c's format, then
 * each caller's, innermost first:
 *
 *   paraminfo_test: case chain: func=pi_chain_leaf x=0x... p=0x...
 *   paraminfo_test: case chain: caller=pi_chain3 a=0x... b=0x... c=0x...
 *
 * Every caller needs its arguments after its call, so it keeps them
 * across it: pi_chain3 and pi_chain1 in callee-saved registers, which the
 * leaf and pi_chain2 save in their prologues (they clobber them), and
 * pi_chain2 in stack slots, as its asm clobbers the registers on both
 * sides of the call. The functions are noipa: gcc neither propagates the
 * values into them nor keeps anything in caller-saved registers across
 * their calls.
 */

#define pr_fmt(fmt) "paraminfo_test: " fmt

#include <linux/bug.h>
#include <linux/compiler.h>
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/types.h>

#include "test_paraminfo.h"

struct pi_chain_obj {
	u64 first;
};

static struct pi_chain_obj pi_chain_obj = { 0x7777000000000c07ULL };
static struct pi_chain_obj *pi_chain_ptr;
static int pi_chain_armed = 1;
static u64 pi_chain_result;

static noinline __attribute__((__noipa__)) u64
pi_chain_leaf(u64 x, struct pi_chain_obj *p)
{
	u64 v;

	pi_clobber_callee_saved();
	v = READ_ONCE(p->first);
	WARN_ON(READ_ONCE(pi_chain_armed));
	return v + x;
}

static noinline __attribute__((__noipa__)) u64
pi_chain3(u64 a, u64 b, u64 c)
{
	u64 r = pi_chain_leaf(a + b + c, READ_ONCE(pi_chain_ptr));

	return r ^ a ^ (b << 1) ^ (c << 2);
}

static noinline __attribute__((__noipa__)) u64
pi_chain2(u64 a, u64 b, u64 c)
{
	u64 r;

	pi_clobber_callee_saved();
	r = pi_chain3(b, c, a);
	pi_clobber_callee_saved();
	return r + a + (b << 3) + (c << 5);
}

static noinline __attribute__((__noipa__)) u64
pi_chain1(u64 a, u64 b, u64 c)
{
	u64 r = pi_chain2(c, a, b);

	pi_clobber_callee_saved();
	return r - a - b - c;
}

static void pi_chain_run(const char *name, struct pi_chain_obj *p)
{
	u64 a = pi_opaque(0x1111000000000c01ULL);
	u64 b = pi_opaque(0x2222000000000c02ULL);
	u64 c = pi_opaque(0x3333000000000c03ULL);

	pr_info("case %s: func=pi_chain_leaf x=0x%016llx p=0x%016lx\n", name,
		a + b + c, (unsigned long)p);
	pr_info("case %s: caller=pi_chain3 a=0x%016llx b=0x%016llx c=0x%016llx\n",
		name, a, b, c);
	pr_info("case %s: caller=pi_chain2 a=0x%016llx b=0x%016llx c=0x%016llx\n",
		name, c, a, b);
	pr_info("case %s: caller=pi_chain1 a=0x%016llx b=0x%016llx c=0x%016llx\n",
		name, a, b, c);
	WRITE_ONCE(pi_chain_ptr, p);
	WRITE_ONCE(pi_chain_result, pi_chain1(a, b, c));
	pr_info("case %s: done\n", name);
}

static ssize_t pi_chain_write(struct file *file, const char __user *buf,
			      size_t count, loff_t *ppos)
{
	if (file->private_data)
		/* Unmapped and below mmap_min_addr: the fault's address. */
		pi_chain_run("chainoops", pi_opaque((void *)0xbad0UL));
	else
		pi_chain_run("chain", &pi_chain_obj);
	return count;
}

static const struct file_operations pi_chain_fops = {
	.open = simple_open,
	.write = pi_chain_write,
	.llseek = noop_llseek,
};

/* After test_paraminfo.c's initcall has made the directory. */
static int __init test_paraminfo_chain_init(void)
{
	struct dentry *dir = debugfs_lookup("paraminfo_test", NULL);

	if (IS_ERR_OR_NULL(dir)) {
		pr_info("chain: no /sys/kernel/debug/paraminfo_test\n");
		return 0;
	}
	debugfs_create_file("chain", 0200, dir, NULL, &pi_chain_fops);
	debugfs_create_file("chainoops", 0200, dir, (void *)1, &pi_chain_fops);
	dput(dir);
	return 0;
}
late_initcall(test_paraminfo_chain_init);
