// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the running kernel's paraminfo table: lookups of
 * functions defined here, whose parameters are known, exact-match
 * behaviour at function edges, functions without parameters, addresses
 * outside any function, the printed lines (a variadic function's end in
 * "..."), and a copy of the table with
 * a wrong function count, which must be refused. show_regs() on a CPU
 * that is already in the printer must print only the line that says so.
 * decoder_kunit.c tests the generic code with stand-in decoders.
 */
#include <kunit/resource.h>
#include <kunit/test.h>
#include <linux/compiler.h>
#include <linux/kallsyms.h>
#include <linux/limits.h>
#include <linux/paraminfo.h>
#include <linux/paraminfo_format.h>
#include <linux/ptrace.h>
#include <linux/stdarg.h>
#include <linux/string.h>
#include <linux/vmalloc.h>
#include <asm/sections.h>

#include "paraminfo_kunit.h"


struct pi_kunit_obj {
	long a;
};

static noinline int pi_kunit_two(struct pi_kunit_obj *obj, unsigned long flags)
{
	return obj ? (int)(obj->a + flags) : (int)flags;
}

static noinline void pi_kunit_none(void)
{
	barrier();
}

static noinline int pi_kunit_varargs(int count, ...)
{
	va_list ap;
	int sum = 0;

	va_start(ap, count);
	while (count-- > 0)
		sum += va_arg(ap, int);
	va_end(ap);
	return sum;
}

/* Taken addresses keep them out of line and unchanged (no clones). */
static void *pi_kunit_funcs[] = {
	pi_kunit_two, pi_kunit_none, pi_kunit_varargs,
};

static u64 pi_kunit_addr(int i)
{
	void *fn = pi_kunit_funcs[i];

	OPTIMIZER_HIDE_VAR(fn);
	return paraminfo_table_addr((unsigned long)fn);
}

static void pi_kunit_find(struct kunit *test, int i, struct paraminfo_func *f)
{
	KUNIT_ASSERT_EQ(test, paraminfo_find(paraminfo_kernel_table(),
					     pi_kunit_addr(i), f), 0);
}

static void paraminfo_finds_known_params(struct kunit *test)
{
	const struct paraminfo_table *t = paraminfo_kernel_table();
	struct paraminfo_func f;
	struct paraminfo_param p;

	pi_kunit_find(test, 0, &f);
	KUNIT_EXPECT_EQ(test, f.addr, pi_kunit_addr(0));
	KUNIT_ASSERT_EQ(test, f.nparams, 2U);

	KUNIT_ASSERT_EQ(test, paraminfo_param(t, &f, 0, &p), 0);
	KUNIT_EXPECT_STREQ(test, p.name, "obj");
	KUNIT_EXPECT_STREQ(test, p.type, "struct pi_kunit_obj *");
	KUNIT_EXPECT_EQ(test, p.abi, PARAMINFO_ABI_REG);
	KUNIT_EXPECT_EQ(test, p.reg[0], PI_KUNIT_ARG0);
	KUNIT_EXPECT_EQ(test, p.size, 8);

	KUNIT_ASSERT_EQ(test, paraminfo_param(t, &f, 1, &p), 0);
	KUNIT_EXPECT_STREQ(test, p.name, "flags");
	KUNIT_EXPECT_STREQ(test, p.type, "long unsigned int");
	KUNIT_EXPECT_EQ(test, p.reg[0], PI_KUNIT_ARG1);
	KUNIT_EXPECT_EQ(test, paraminfo_param(t, &f, 2, &p), -ENOENT);
}

static void paraminfo_entry_register(struct kunit *test)
{
	const struct paraminfo_table *t = paraminfo_kernel_table();
	struct paraminfo_func f;
	struct paraminfo_param p;
	struct paraminfo_loc l;

	/* At a plain function's first instruction, arguments are in place. */
	pi_kunit_find(test, 0, &f);
	KUNIT_ASSERT_EQ(test, paraminfo_param(t, &f, 0, &p), 0);
	KUNIT_ASSERT_EQ(test, paraminfo_loc_at(t, &f, &p, 0, &l), 0);
	KUNIT_EXPECT_EQ(test, l.reg, PI_KUNIT_ARG0);
	KUNIT_EXPECT_EQ(test, l.off, 0);
}

static void paraminfo_name_is_kallsyms(struct kunit *test)
{
	char buf[KSYM_NAME_LEN];
	struct paraminfo_func f, g;
	int ret;

	pi_kunit_find(test, 0, &f);
	if (f.name)
		KUNIT_EXPECT_STREQ(test, f.name, "pi_kunit_two");
	KUNIT_ASSERT_EQ(test, lookup_symbol_name(paraminfo_text_addr(f.addr),
						 buf), 0);
	KUNIT_EXPECT_STREQ(test, buf, "pi_kunit_two");
	ret = paraminfo_find_name(paraminfo_kernel_table(), "pi_kunit_two", &g);
	if (ret == -EOPNOTSUPP)
		return;
	KUNIT_ASSERT_EQ(test, ret, 0);
	KUNIT_EXPECT_EQ(test, g.addr, f.addr);
	KUNIT_EXPECT_EQ(test, paraminfo_find_name(paraminfo_kernel_table(),
						  "pi_kunit_absent", &g), -ENOENT);
}

static void paraminfo_exact_match(struct kunit *test)
{
	const struct paraminfo_table *t = paraminfo_kernel_table();
	struct paraminfo_func f, g;

	pi_kunit_find(test, 0, &f);
	KUNIT_ASSERT_EQ(test, paraminfo_find(t, f.addr + f.size - 1, &g), 0);
	KUNIT_EXPECT_EQ(test, g.addr, f.addr);
	/* One past the end is the next function or nothing, never this one. */
	if (!paraminfo_find(t, f.addr + f.size, &g))
		KUNIT_EXPECT_EQ(test, g.addr, f.addr + f.size);
	if (!paraminfo_find(t, f.addr - 1, &g))
		KUNIT_EXPECT_LE(test, g.addr + g.size, f.addr);
}

static void paraminfo_no_params(struct kunit *test)
{
	struct paraminfo_func f;

	/* Found, with none: not the same as "not in the table". */
	pi_kunit_find(test, 1, &f);
	KUNIT_EXPECT_EQ(test, f.nparams, 0U);
}

static void paraminfo_outside_text(struct kunit *test)
{
	const struct paraminfo_table *t = paraminfo_kernel_table();
	struct paraminfo_func f;

	KUNIT_EXPECT_EQ(test, paraminfo_find(t, 0, &f), -ENOENT);
	KUNIT_EXPECT_EQ(test, paraminfo_find(t, ~0ULL, &f), -ENOENT);
	KUNIT_EXPECT_EQ(test, paraminfo_find(t, paraminfo_table_addr(
		(unsigned long)&pi_kunit_funcs), &f), -ENOENT);
}

/*
 * The table's last function is init text (the kernel links it after the
 * text), stored from init_off: its runtime address is in init text, a
 * symbol starts there, and looking that address up finds it again. KUnit
 * runs before init memory is freed.
 */
static void paraminfo_init_text(struct kunit *test)
{
	const struct paraminfo_table *t = paraminfo_kernel_table();
	unsigned long at, size, off;
	char buf[KSYM_NAME_LEN];
	struct paraminfo_func f, g;

	/* An invalid table (as the e2e's corrupted ones) has no header. */
	KUNIT_ASSERT_NOT_NULL(test, t->hdr);
	KUNIT_ASSERT_EQ(test, paraminfo_table_addr((unsigned long)_sinittext),
			t->text_base + t->hdr->init_off);
	KUNIT_ASSERT_EQ(test, paraminfo_func_at(t, t->nfuncs - 1, &f), 0);
	KUNIT_ASSERT_GE(test, f.addr, t->text_base + t->hdr->init_off);
	at = paraminfo_text_addr(f.addr);
	KUNIT_EXPECT_GE(test, at, (unsigned long)_sinittext);
	KUNIT_EXPECT_LT(test, at, (unsigned long)_einittext);
	KUNIT_ASSERT_TRUE(test, kallsyms_lookup_size_offset(at, &size, &off));
	KUNIT_EXPECT_EQ(test, off, 0UL);
	KUNIT_ASSERT_EQ(test, lookup_symbol_name(at, buf), 0);
	if (f.name)
		KUNIT_EXPECT_STREQ(test, f.name, buf);
	KUNIT_ASSERT_EQ(test, paraminfo_find(t, paraminfo_table_addr(at + f.size - 1),
					     &g), 0);
	KUNIT_EXPECT_EQ(test, g.index, f.index);
	KUNIT_EXPECT_EQ(test, g.addr, f.addr);
}

static void paraminfo_prints_values(struct kunit *test)
{
	struct paraminfo_regs r = {
		.names = paraminfo_arch.reg_names,
		.nr = paraminfo_arch.nr_regs,
		.fault = true,
		.fault_addr = 0x1234,
	};
	struct pi_kunit_lines l = { .n = 0 };
	struct paraminfo_func f;

	r.gpr[PI_KUNIT_ARG0] = 0x1234;		/* obj */
	r.gpr[PI_KUNIT_ARG1] = 0xabcdef;	/* flags */
	pi_kunit_find(test, 0, &f);
	paraminfo_print_params(paraminfo_kernel_table(), &f, 0, &r,
			       pi_kunit_emit, &l);
	KUNIT_ASSERT_EQ(test, l.n, 2);
	KUNIT_EXPECT_STREQ(test, l.line[0],
		" obj   (struct pi_kunit_obj *) = 0x0000000000001234  ["
		PI_KUNIT_ARG0_NAME "]  <-- fault address");
	KUNIT_EXPECT_STREQ(test, l.line[1],
		" flags (long unsigned int)     = 0x0000000000abcdef  ["
		PI_KUNIT_ARG1_NAME "]");
}

static void paraminfo_prints_varargs(struct kunit *test)
{
	struct paraminfo_regs r = {
		.names = paraminfo_arch.reg_names,
		.nr = paraminfo_arch.nr_regs,
	};
	struct pi_kunit_lines l = { .n = 0 };
	struct paraminfo_func f;

	r.gpr[PI_KUNIT_ARG0] = 3;		/* count */
	pi_kunit_find(test, 2, &f);
	KUNIT_EXPECT_TRUE(test, f.flags & PARAMINFO_F_VARARGS);
	paraminfo_print_params(paraminfo_kernel_table(), &f, 0, &r,
			       pi_kunit_emit, &l);
	KUNIT_ASSERT_EQ(test, l.n, 2);
	KUNIT_EXPECT_STREQ(test, l.line[0],
		" count (int) = 0x00000003  [" PI_KUNIT_ARG0_NAME "]");
	KUNIT_EXPECT_STREQ(test, l.line[1], " ...");
}

static void pi_kunit_vfree(struct kunit_resource *res)
{
	vfree(res->data);
}

/*
 * A copy of the running kernel's table, freed when the case ends. From
 * vmalloc(): a distro configuration's flat table is over KMALLOC_MAX_SIZE.
 */
static void *pi_kunit_table_copy(struct kunit *test, size_t size)
{
	void *copy = vmalloc(size);

	if (!copy)
		return NULL;
	if (!kunit_alloc_resource(test, NULL, pi_kunit_vfree, GFP_KERNEL, copy)) {
		vfree(copy);
		return NULL;
	}
	memcpy(copy, paraminfo_table, size);
	return copy;
}

/*
 * The kernel's decoder accepts a copy of its table and refuses the copy
 * once the header's function count no longer matches the sections; U32_MAX
 * once wrapped delta's rounded-up block count to zero and was accepted.
 */
static void paraminfo_refuses_bad_counts(struct kunit *test)
{
	const struct paraminfo_table *kt = paraminfo_kernel_table();
	size_t size = paraminfo_table_end - paraminfo_table;
	struct paraminfo_header *h;
	struct paraminfo_table t;
	u32 bad[4];
	int i;

	KUNIT_ASSERT_NOT_NULL(test, kt->dec);
	h = pi_kunit_table_copy(test, size);
	KUNIT_ASSERT_NOT_NULL(test, h);
	KUNIT_ASSERT_EQ(test, paraminfo_table_init(&t, h, size, kt->dec), 0);
	KUNIT_ASSERT_GT(test, h->nfuncs, 0U);

	bad[0] = 0;
	bad[1] = h->nfuncs + PARAMINFO_DELTA_BLOCK;
	bad[2] = U32_MAX;
	bad[3] = U32_MAX - PARAMINFO_DELTA_BLOCK + 2;
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		h->nfuncs = bad[i];
		KUNIT_EXPECT_NE_MSG(test, paraminfo_table_init(&t, h, size,
							       kt->dec), 0,
				    "nfuncs %u accepted", bad[i]);
	}
}


/* Kernel-mode regs at @ip, as a trap there would save them. */
static void pi_kunit_regs(struct pt_regs *regs, unsigned long ip)
{
	memset(regs, 0, sizeof(*regs));
	instruction_pointer_set(regs, ip);
#if defined(CONFIG_X86_64)
	regs->cs = __KERNEL_CS;
#elif defined(CONFIG_ARM64)
	regs->pstate = PSR_MODE_EL1h;
#endif
}

/*
 * show_regs() of a function in the table, on a CPU that is in the printer
 * already (as after a fault inside it): one "skipped" line, no block.
 */
static void paraminfo_show_regs_skips_when_nested(struct kunit *test)
{
	enum paraminfo_shown shown;
	unsigned long flags;
	struct pt_regs regs;
	bool entered;

	pi_kunit_regs(&regs, paraminfo_text_addr(pi_kunit_addr(0)));
	local_irq_save(flags);
	entered = paraminfo_enter();
	shown = paraminfo_show_regs(&regs, KERN_INFO);
	paraminfo_exit();
	local_irq_restore(flags);
	KUNIT_ASSERT_TRUE(test, entered);
	KUNIT_EXPECT_EQ(test, shown, PARAMINFO_SHOWN_SKIPPED);
}

/*
 * Once released, the printer runs again on that CPU: regs outside every
 * function print nothing, rather than the "skipped" line.
 */
static void paraminfo_show_regs_runs_after_exit(struct kunit *test)
{
	enum paraminfo_shown shown;
	unsigned long flags;
	struct pt_regs regs;
	bool entered;

	pi_kunit_regs(&regs, (unsigned long)&pi_kunit_funcs);
	local_irq_save(flags);
	entered = paraminfo_enter();
	paraminfo_exit();
	shown = paraminfo_show_regs(&regs, KERN_INFO);
	local_irq_restore(flags);
	KUNIT_ASSERT_TRUE(test, entered);
	KUNIT_EXPECT_EQ(test, shown, PARAMINFO_SHOWN_NOTHING);
}


static struct kunit_case paraminfo_cases[] = {
	KUNIT_CASE(paraminfo_finds_known_params),
	KUNIT_CASE(paraminfo_entry_register),
	KUNIT_CASE(paraminfo_name_is_kallsyms),
	KUNIT_CASE(paraminfo_exact_match),
	KUNIT_CASE(paraminfo_no_params),
	KUNIT_CASE(paraminfo_outside_text),
	KUNIT_CASE(paraminfo_init_text),
	KUNIT_CASE(paraminfo_prints_values),
	KUNIT_CASE(paraminfo_prints_varargs),
	KUNIT_CASE(paraminfo_refuses_bad_counts),
	KUNIT_CASE(paraminfo_show_regs_skips_when_nested),
	KUNIT_CASE(paraminfo_show_regs_runs_after_exit),
	{}
};

static struct kunit_suite paraminfo_suite = {
	.name = "paraminfo",
	.test_cases = paraminfo_cases,
};
kunit_test_suite(paraminfo_suite);

MODULE_LICENSE("GPL");
