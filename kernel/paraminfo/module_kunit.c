// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of modules' tables: registration, lookup and unregistration,
 * against a module table crafted from module_kunit_fixture.o at build time
 * (the table gen_paraminfo makes of any .ko), and against damaged copies.
 *
 * A module is stood in for by a struct module of the test's own and by
 * section headers that place each text section the table names where
 * vmlinux has the fixture's function of that name; it then goes through
 * what the loader does: paraminfo_module_sections() while the sections
 * are placed, paraminfo_module_state() for each state the module
 * notifier chain announces.
 */
#include <kunit/test.h>
#include <linux/elf.h>
#include <linux/module.h>
#include <linux/paraminfo.h>
#include <linux/paraminfo_format.h>
#include <linux/preempt.h>
#include <linux/string.h>
#include "module_kunit.h"

#define PI_KMOD_MAX_SHDRS	(PARAMINFO_MODULE_MAX_SECTS + 2)

struct pi_kmod {
	struct module *mod;
	struct paraminfo_module_header *h;	/* the writable copy */
	size_t size;
	Elf_Shdr shdrs[PI_KMOD_MAX_SHDRS];
	char strs[PI_KMOD_MAX_SHDRS * PARAMINFO_MODULE_NAME_LEN + 16];
	unsigned int shnum;
};

/*
 * The address of the fixture's init function: compared, never called, so
 * the reference from .text is fine (__ref tells modpost as much).
 */
static unsigned long __ref pi_kmod_init_addr(void)
{
	return (unsigned long)pi_kmod_init;
}

/* The fixture's function that is the whole of the section @name. */
static unsigned long pi_kmod_func_of(const char *name)
{
	if (!strcmp(name, ".text.hot.pi_kmod_two"))
		return (unsigned long)pi_kmod_two;
	if (!strcmp(name, ".text.hot.pi_kmod_none"))
		return (unsigned long)pi_kmod_none;
	if (!strcmp(name, ".init.text"))
		return pi_kmod_init_addr();
	return 0;
}

static void pi_kmod_shdr(struct pi_kmod *k, const char *name, u64 flags,
			 unsigned long addr, u64 size)
{
	size_t used = 1;
	unsigned int i;

	for (i = 1; i < k->shnum; i++)
		used += strlen(k->strs + k->shdrs[i].sh_name) + 1;
	k->shdrs[k->shnum].sh_name = used;
	k->shdrs[k->shnum].sh_flags = flags;
	k->shdrs[k->shnum].sh_addr = addr;
	k->shdrs[k->shnum].sh_size = size;
	strscpy(k->strs + used, name, sizeof(k->strs) - used);
	k->shnum++;
}

/*
 * A module whose .paraminfo section is a copy of the crafted table, with
 * @edit applied to it, and whose text sections are where vmlinux has the
 * fixture's functions; @grow is added to the size of each, as if the
 * module were another build. Its sections are then placed.
 */
static void pi_kmod_load(struct kunit *test, struct pi_kmod *k,
			 void (*edit)(struct paraminfo_module_header *h),
			 u64 grow)
{
	const struct paraminfo_module_header *orig = (const void *)pi_kunit_modtable;
	unsigned int i, n;

	memset(k, 0, sizeof(*k));
	k->size = pi_kunit_modtable_end - pi_kunit_modtable;
	KUNIT_ASSERT_GE(test, k->size, sizeof(*orig));
	n = orig->nsects;
	KUNIT_ASSERT_GE(test, n, 3U);
	KUNIT_ASSERT_LE(test, n, (unsigned int)PARAMINFO_MODULE_MAX_SECTS);
	k->h = kunit_kmalloc(test, k->size, GFP_KERNEL);
	k->mod = kunit_kzalloc(test, sizeof(*k->mod), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, k->h);
	KUNIT_ASSERT_NOT_NULL(test, k->mod);
	memcpy(k->h, orig, k->size);
	strscpy(k->mod->name, "pi_kunit_mod", sizeof(k->mod->name));
	k->shnum = 1;
	pi_kmod_shdr(k, ".paraminfo", SHF_ALLOC, (unsigned long)k->h, k->size);
	for (i = 0; i < n; i++) {
		const struct paraminfo_module_sect *s = &orig->sect[i];
		unsigned long at = pi_kmod_func_of(s->name);

		KUNIT_ASSERT_NE_MSG(test, at, 0UL, "no function for %s", s->name);
		pi_kmod_shdr(k, s->name, SHF_ALLOC | SHF_EXECINSTR, at,
			     s->size + grow);
	}
	if (edit)
		edit(k->h);
	paraminfo_module_sections(k->mod, k->shdrs, k->strs, k->shnum);
}

static const struct paraminfo_modtable *pi_kmod_table(struct pi_kmod *k)
{
	const struct paraminfo_modtable *mt;

	preempt_disable();
	mt = paraminfo_module_modtable(k->mod);
	preempt_enable();
	return mt;
}

/* A module loaded as it is, coming: its table, published. */
static const struct paraminfo_modtable *pi_kmod_coming(struct kunit *test,
						       struct pi_kmod *k)
{
	const struct paraminfo_modtable *mt;

	pi_kmod_load(test, k, NULL, 0);
	paraminfo_module_state(k->mod, MODULE_STATE_COMING);
	mt = pi_kmod_table(k);
	KUNIT_ASSERT_NOT_NULL(test, mt);
	return mt;
}

/* Where the module's table has @addr, found there: the function. */
static int pi_kmod_find(const struct paraminfo_modtable *mt, void *fn,
			unsigned int off, struct paraminfo_func *f)
{
	u64 taddr = paraminfo_modtable_addr(mt, (unsigned long)fn + off);

	if (!taddr)
		return -ENOENT;
	return paraminfo_find(&mt->t, taddr, f);
}

static void paraminfo_module_registers(struct kunit *test)
{
	const struct paraminfo_modtable *mt;
	struct pi_kmod k;
	unsigned int i;

	pi_kmod_load(test, &k, NULL, 0);
	KUNIT_ASSERT_PTR_EQ(test, k.mod->paraminfo_data, (void *)k.h);
	/* Each section's load address, written into the table's header. */
	for (i = 0; i < k.h->nsects; i++)
		KUNIT_EXPECT_EQ(test, k.h->sect[i].addr,
				(u64)pi_kmod_func_of(k.h->sect[i].name));
	KUNIT_EXPECT_NULL(test, pi_kmod_table(&k));
	paraminfo_module_state(k.mod, MODULE_STATE_COMING);
	mt = pi_kmod_table(&k);
	KUNIT_ASSERT_NOT_NULL(test, mt);
	KUNIT_EXPECT_EQ(test, mt->t.machine, paraminfo_arch.machine);
	paraminfo_module_state(k.mod, MODULE_STATE_LIVE);
	KUNIT_EXPECT_PTR_EQ(test, pi_kmod_table(&k), mt);
	paraminfo_module_state(k.mod, MODULE_STATE_GOING);
	KUNIT_EXPECT_NULL(test, pi_kmod_table(&k));
}

static void paraminfo_module_lookup(struct kunit *test)
{
	const struct paraminfo_modtable *mt;
	struct paraminfo_func f;
	struct paraminfo_param p;
	struct pi_kmod k;

	mt = pi_kmod_coming(test, &k);
	KUNIT_ASSERT_EQ(test, pi_kmod_find(mt, pi_kmod_two, 1, &f), 0);
	KUNIT_EXPECT_EQ(test, paraminfo_modtable_text(mt, f.addr),
			(unsigned long)pi_kmod_two);
	KUNIT_ASSERT_EQ(test, f.nparams, 2U);
	KUNIT_ASSERT_EQ(test, paraminfo_param(&mt->t, &f, 0, &p), 0);
	KUNIT_EXPECT_STREQ(test, p.name, "obj");
	KUNIT_EXPECT_STREQ(test, p.type, "struct pi_kmod_obj *");
	KUNIT_ASSERT_EQ(test, paraminfo_param(&mt->t, &f, 1, &p), 0);
	KUNIT_EXPECT_STREQ(test, p.name, "flags");
	KUNIT_EXPECT_STREQ(test, p.type, "long unsigned int");

	KUNIT_ASSERT_EQ(test, pi_kmod_find(mt, pi_kmod_none, 0, &f), 0);
	KUNIT_EXPECT_EQ(test, f.nparams, 0U);
	KUNIT_ASSERT_EQ(test, pi_kmod_find(mt, (void *)pi_kmod_init_addr(), 0, &f), 0);
	KUNIT_EXPECT_EQ(test, f.nparams, 1U);

	/* vmlinux's own code is in none of the module's sections. */
	KUNIT_EXPECT_EQ(test, paraminfo_modtable_addr(mt,
			(unsigned long)paraminfo_module_state), 0ULL);
	paraminfo_module_state(k.mod, MODULE_STATE_GOING);
}

static void paraminfo_module_drops_init(struct kunit *test)
{
	const struct paraminfo_modtable *mt;
	struct paraminfo_func f;
	struct pi_kmod k;

	mt = pi_kmod_coming(test, &k);
	KUNIT_EXPECT_EQ(test, pi_kmod_find(mt, (void *)pi_kmod_init_addr(), 0, &f), 0);
	paraminfo_module_state(k.mod, MODULE_STATE_LIVE);
	KUNIT_EXPECT_EQ(test, pi_kmod_find(mt, (void *)pi_kmod_init_addr(), 0, &f), -ENOENT);
	KUNIT_EXPECT_EQ(test, pi_kmod_find(mt, pi_kmod_two, 0, &f), 0);
	paraminfo_module_state(k.mod, MODULE_STATE_GOING);
}

static void pi_kmod_bad_magic(struct paraminfo_module_header *h)
{
	h->magic ^= 0xff;
}

static void pi_kmod_bad_table(struct paraminfo_module_header *h)
{
	h->table_size = 0x7fffffff;
}

static void pi_kmod_bad_order(struct paraminfo_module_header *h)
{
	h->sect[1].off = 0;
	h->sect[0].off = h->sect[1].size + 8;
}

/* A damaged table is not published: the module loads without one. */
static void paraminfo_module_refuses_damage(struct kunit *test)
{
	void (*edits[])(struct paraminfo_module_header *h) = {
		pi_kmod_bad_magic, pi_kmod_bad_table, pi_kmod_bad_order,
	};
	struct pi_kmod k;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(edits); i++) {
		pi_kmod_load(test, &k, edits[i], 0);
		paraminfo_module_state(k.mod, MODULE_STATE_COMING);
		KUNIT_EXPECT_NULL_MSG(test, pi_kmod_table(&k), "edit %u", i);
		paraminfo_module_state(k.mod, MODULE_STATE_LIVE);
		paraminfo_module_state(k.mod, MODULE_STATE_GOING);
	}
}

/* Sections of another size are not placed: nothing is found in them. */
static void paraminfo_module_other_sizes(struct kunit *test)
{
	const struct paraminfo_modtable *mt;
	struct paraminfo_func f;
	struct pi_kmod k;
	unsigned int i;

	pi_kmod_load(test, &k, NULL, 16);
	for (i = 0; i < k.h->nsects; i++)
		KUNIT_EXPECT_EQ(test, k.h->sect[i].addr, 0ULL);
	paraminfo_module_state(k.mod, MODULE_STATE_COMING);
	mt = pi_kmod_table(&k);
	KUNIT_ASSERT_NOT_NULL(test, mt);
	KUNIT_EXPECT_EQ(test, pi_kmod_find(mt, pi_kmod_two, 0, &f), -ENOENT);
	paraminfo_module_state(k.mod, MODULE_STATE_GOING);
}

/* A section too short for its header is not even placed. */
static void paraminfo_module_short_section(struct kunit *test)
{
	struct pi_kmod k;

	pi_kmod_load(test, &k, NULL, 0);
	k.shdrs[1].sh_size = sizeof(*k.h) - 1;
	paraminfo_module_sections(k.mod, k.shdrs, k.strs, k.shnum);
	KUNIT_EXPECT_NULL(test, k.mod->paraminfo_data);
	paraminfo_module_state(k.mod, MODULE_STATE_COMING);
	KUNIT_EXPECT_NULL(test, pi_kmod_table(&k));
	paraminfo_module_state(k.mod, MODULE_STATE_GOING);
}

static struct kunit_case paraminfo_module_cases[] = {
	KUNIT_CASE(paraminfo_module_registers),
	KUNIT_CASE(paraminfo_module_lookup),
	KUNIT_CASE(paraminfo_module_drops_init),
	KUNIT_CASE(paraminfo_module_refuses_damage),
	KUNIT_CASE(paraminfo_module_other_sizes),
	KUNIT_CASE(paraminfo_module_short_section),
	{}
};

static struct kunit_suite paraminfo_module_suite = {
	.name = "paraminfo_module",
	.test_cases = paraminfo_module_cases,
};
kunit_test_suite(paraminfo_module_suite);

MODULE_LICENSE("GPL");
