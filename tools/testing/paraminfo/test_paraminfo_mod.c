// SPDX-License-Identifier: GPL-2.0
/*
 * Module cases for the paraminfo end-to-end test: the same kind of WARNs
 * as lib/test_paraminfo.c, in a loadable module, whose functions only its
 * own table (its .paraminfo section) describes.
 *
 *   modinit   a function of .init.text WARNs while the module initialises
 *   modwarn   /sys/kernel/debug/paraminfo_test_mod/modwarn: a WARN
 *   modclone  .../modclone: a WARN in a function gcc may clone
 *   modoops   .../modoops: an oops, a load from a bad pointer parameter
 *
 * Loaded with quiet=1 its init does not WARN: e2e/init loads and unloads
 * it so 200 times while another CPU WARNs.
 *
 * Each prints its arguments first, in test_paraminfo.c's format:
 *
 *   paraminfo_test: case modwarn: func=pi_mod_warn a=0x1111000000007001 ...
 *
 * and tools/testing/paraminfo/e2e/check_e2e.py checks the block after the
 * WARN against them.
 */

#define pr_fmt(fmt) "paraminfo_test: " fmt

#include <linux/bug.h>
#include <linux/compiler.h>
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/types.h>

#include "test_paraminfo.h"

static int pi_mod_armed = 1;
static u64 pi_mod_result;

static bool quiet;
module_param(quiet, bool, 0400);
MODULE_PARM_DESC(quiet, "no WARN while the module initialises");

struct pi_mod_obj {
	long first;
	long second;
};

static noinline __noclone u64 pi_mod_sink(u64 a, u64 b, u64 c)
{
	return a ^ b ^ c;
}

static noinline __noclone u64 pi_mod_sink5(u64 a, u64 b, u32 c, u16 d,
					   void *p)
{
	return a ^ b ^ c ^ d ^ (unsigned long)p;
}

/* (modinit) In .init.text: gone from the table once the module is live. */
static noinline __noclone __init u64 pi_mod_init_warn(u64 a, u32 b, void *p)
{
	WARN_ON(READ_ONCE(pi_mod_armed));
	return pi_hidden(pi_mod_sink)(a, b, (unsigned long)p);
}

/*
 * (modwarn) Every argument in its register at the WARN: they are passed
 * on unchanged after it.
 */
static noinline __noclone u64 pi_mod_warn(u64 a, u64 b, u32 c, u16 d, void *p)
{
	WARN_ON(READ_ONCE(pi_mod_armed));
	return pi_hidden(pi_mod_sink5)(a, b, c, d, p);
}

/* (modclone) Called directly with a dead argument: gcc may clone it. */
static noinline u64 pi_mod_clone(u64 a, u64 dead, u64 c)
{
	WARN_ON(READ_ONCE(pi_mod_armed));
	return a * 7 + c;
}

/* (modoops) Faults on p, a bad pointer: the fault address is p's field. */
static noinline __noclone long pi_mod_oops(u64 cookie, struct pi_mod_obj *p,
					   u32 flags)
{
	return READ_ONCE(p->first) + cookie + flags;
}

static void pi_mod_run_oops(void)
{
	u64 cookie = pi_opaque(0x111100000000a001ULL);
	struct pi_mod_obj *p = pi_opaque((struct pi_mod_obj *)0xbad0UL);
	u32 flags = pi_opaque(0x3333a003);

	pr_info("case modoops: func=pi_mod_oops cookie=0x%016llx p=0x%016lx flags=0x%08x\n",
		cookie, (unsigned long)p, flags);
	WRITE_ONCE(pi_mod_result, pi_hidden(pi_mod_oops)(cookie, p, flags));
}

static void pi_mod_run_warn(void)
{
	u64 a = pi_opaque(0x1111000000007001ULL);
	u64 b = pi_opaque(0x2222000000007002ULL);
	u32 c = pi_opaque(0x33337003);
	u16 d = pi_opaque(0x7004);
	void *p = pi_opaque((void *)0x5555000000007005UL);

	pr_info("case modwarn: func=pi_mod_warn a=0x%016llx b=0x%016llx c=0x%08x d=0x%04x p=0x%016lx\n",
		a, b, c, d, (unsigned long)p);
	WRITE_ONCE(pi_mod_result, pi_hidden(pi_mod_warn)(a, b, c, d, p));
}

static void pi_mod_run_clone(void)
{
	u64 a = pi_opaque(0x1111000000008001ULL);
	u64 dead = pi_opaque(0x2222000000008002ULL);
	u64 c = pi_opaque(0x3333000000008003ULL);

	pr_info("case modclone: func=pi_mod_clone a=0x%016llx dead=0x%016llx c=0x%016llx\n",
		a, dead, c);
	WRITE_ONCE(pi_mod_result, pi_mod_clone(a, dead, c));
}

struct pi_mod_case {
	const char *name;
	void (*run)(void);
};

static const struct pi_mod_case pi_mod_cases[] = {
	{ "modwarn", pi_mod_run_warn },
	{ "modclone", pi_mod_run_clone },
	{ "modoops", pi_mod_run_oops },
};

static ssize_t pi_mod_write(struct file *file, const char __user *buf,
			    size_t count, loff_t *ppos)
{
	const struct pi_mod_case *mc = file->private_data;

	mc->run();
	pr_info("case %s: done\n", mc->name);
	return count;
}

static const struct file_operations pi_mod_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = pi_mod_write,
	.llseek = noop_llseek,
};

static struct dentry *pi_mod_dir;

static int __init test_paraminfo_mod_init(void)
{
	u64 a = pi_opaque(0x1111000000006001ULL);
	u32 b = pi_opaque(0x22226002);
	void *p = pi_opaque((void *)0x3333000000006003UL);
	int i;

	if (!quiet) {
		pr_info("case modinit: func=pi_mod_init_warn a=0x%016llx b=0x%08x p=0x%016lx\n",
			a, b, (unsigned long)p);
		WRITE_ONCE(pi_mod_result, pi_hidden(pi_mod_init_warn)(a, b, p));
		pr_info("case modinit: done\n");
	}
	pi_mod_dir = debugfs_create_dir("paraminfo_test_mod", NULL);
	for (i = 0; i < ARRAY_SIZE(pi_mod_cases); i++)
		debugfs_create_file(pi_mod_cases[i].name, 0200, pi_mod_dir,
				    (void *)&pi_mod_cases[i], &pi_mod_fops);
	return 0;
}

static void __exit test_paraminfo_mod_exit(void)
{
	debugfs_remove(pi_mod_dir);
}

module_init(test_paraminfo_mod_init);
module_exit(test_paraminfo_mod_exit);
MODULE_DESCRIPTION("Module cases for the paraminfo end-to-end test");
MODULE_LICENSE("GPL");
