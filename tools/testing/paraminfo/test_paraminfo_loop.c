// SPDX-License-Identifier: GPL-2.0
/*
 * The WARN loop of the paraminfo end-to-end test: two files in
 * /sys/kernel/debug/paraminfo_test/, next to lib/test_paraminfo.c's.
 *
 *   loopstart  starts a thread on the second online CPU that WARNs every
 *              20 ms in pi_test_loop, each time logged as the "warnloop"
 *              case in test_paraminfo.c's format
 *   loopstop   stops it
 *
 * e2e/init loads and unloads a module 200 times in between: nothing may
 * crash, and every WARN must print its right block.
 */

#define pr_fmt(fmt) "paraminfo_test: " fmt

#include <linux/bug.h>
#include <linux/compiler.h>
#include <linux/cpumask.h>
#include <linux/debugfs.h>
#include <linux/delay.h>
#include <linux/err.h>
#include <linux/fs.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/notifier.h>
#include <linux/types.h>

#include "test_paraminfo.h"

static int pi_loop_armed = 1;
static struct task_struct *pi_loop_task;
static u64 pi_loop_result;

/* (warnloop) WARNs over and over while modules come and go. */
static noinline __noclone u64 pi_test_loop(u64 a, u32 b)
{
	WARN_ON(READ_ONCE(pi_loop_armed));
	return a - b;
}

/*
 * print_modules(), which every WARN runs, checks that a module is not
 * UNFORMED and module_flags() BUG()s if it is: free_module() can make it
 * so in between (the kernel's own race; the cycles loop hit it under
 * TCG). So no WARN is in flight from a module's GOING until the next
 * module comes: rmmod returns only once its module is freed.
 */
static DEFINE_MUTEX(pi_loop_lock);
static bool pi_loop_going;

static int pi_loop_notify(struct notifier_block *nb, unsigned long state,
			  void *data)
{
	mutex_lock(&pi_loop_lock);
	if (state == MODULE_STATE_GOING)
		pi_loop_going = true;
	else if (state == MODULE_STATE_COMING)
		pi_loop_going = false;
	mutex_unlock(&pi_loop_lock);
	return NOTIFY_DONE;
}

static struct notifier_block pi_loop_nb = {
	.notifier_call = pi_loop_notify,
};

static int pi_loop_fn(void *unused)
{
	unsigned int n = 0;

	/* After loopstart's "done" line, not in the middle of a report. */
	msleep(100);
	while (!kthread_should_stop()) {
		u64 a = pi_opaque(0x1111000000009000ULL + n);
		u32 b = pi_opaque(0x22229000 + n);

		mutex_lock(&pi_loop_lock);
		if (!pi_loop_going) {
			pr_info("case warnloop: func=pi_test_loop a=0x%016llx b=0x%08x\n",
				a, b);
			WRITE_ONCE(pi_loop_result,
				   pi_hidden(pi_test_loop)(a, b));
			pr_info("case warnloop: done\n");
			n++;
		}
		mutex_unlock(&pi_loop_lock);
		msleep(20);
	}
	pr_info("warnloop: %u WARNs\n", n);
	return 0;
}

static void pi_loop_start(void)
{
	unsigned int cpu = cpumask_next(cpumask_first(cpu_online_mask),
					cpu_online_mask);
	struct task_struct *task;

	if (pi_loop_task)
		return;
	if (cpu >= nr_cpu_ids) {
		pr_info("case loopstart: needs two online CPUs, has %u\n",
			num_online_cpus());
		return;
	}
	task = kthread_create(pi_loop_fn, NULL, "pi_warnloop");
	if (IS_ERR(task)) {
		pr_info("case loopstart: no thread (%ld)\n", PTR_ERR(task));
		return;
	}
	kthread_bind(task, cpu);
	pi_loop_going = false;
	register_module_notifier(&pi_loop_nb);
	pi_loop_task = task;
	wake_up_process(task);
}

static void pi_loop_stop(void)
{
	if (!pi_loop_task)
		return;
	kthread_stop(pi_loop_task);
	unregister_module_notifier(&pi_loop_nb);
	pi_loop_task = NULL;
}

static ssize_t pi_loop_write(struct file *file, const char __user *buf,
			     size_t count, loff_t *ppos)
{
	if (file->private_data) {
		pi_loop_start();
		pr_info("case loopstart: done\n");
	} else {
		pi_loop_stop();
		pr_info("case loopstop: done\n");
	}
	return count;
}

static const struct file_operations pi_loop_fops = {
	.open = simple_open,
	.write = pi_loop_write,
	.llseek = noop_llseek,
};

/* After test_paraminfo.c's initcall has made the directory. */
static int __init test_paraminfo_loop_init(void)
{
	struct dentry *dir = debugfs_lookup("paraminfo_test", NULL);

	if (IS_ERR_OR_NULL(dir)) {
		pr_info("loop: no /sys/kernel/debug/paraminfo_test\n");
		return 0;
	}
	debugfs_create_file("loopstart", 0200, dir, (void *)1, &pi_loop_fops);
	debugfs_create_file("loopstop", 0200, dir, NULL, &pi_loop_fops);
	dput(dir);
	return 0;
}
late_initcall(test_paraminfo_loop_init);
