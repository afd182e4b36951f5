// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of paraminfo's generic code with stand-in decoders, which
 * need no table linked in: a function claiming more than
 * PARAMINFO_MAX_PARAMS parameters is refused; a parameter in a stack
 * slot is printed through the reader the printer is given, not read when
 * the slot is outside the stack's bounds, refused with an offset over
 * PARAMINFO_STACK_OFF_MAX or a size over 8; the unwind rows section is
 * read back, its gaps answer -ENOENT and its damage -EINVAL.
 */
#include <kunit/test.h>
#include <linux/limits.h>
#include <linux/paraminfo.h>
#include <linux/paraminfo_format.h>
#include <linux/string.h>

#include "paraminfo_kunit.h"

/**
 * pi_kunit_emit() - keep the printer's first two lines, count them all
 * @ctx: a struct pi_kunit_lines
 * @line: a line the printer emits
 */
void pi_kunit_emit(void *ctx, const char *line)
{
	struct pi_kunit_lines *l = ctx;

	if (l->n < 2)
		strscpy(l->line[l->n], line, sizeof(l->line[0]));
	l->n++;
}
/*
 * A stand-in decoder: its table has one function, which claims
 * pi_kunit_fake_nparams parameters and finds none of them.
 */
#define PI_KUNIT_FAKE_ENCODING	0x7fff

static u32 pi_kunit_fake_nparams;

static int pi_kunit_fake_init(struct paraminfo_table *t)
{
	return 0;
}

static int pi_kunit_fake_func(const struct paraminfo_table *t, u32 index,
			      struct paraminfo_func *f)
{
	memset(f, 0, sizeof(*f));
	f->addr = t->text_base;
	f->size = 16;
	f->nparams = pi_kunit_fake_nparams;
	f->index = index;
	f->name = "pi_kunit_fake";
	return 0;
}

static int pi_kunit_fake_find(const struct paraminfo_table *t, u64 addr,
			      struct paraminfo_func *f)
{
	return pi_kunit_fake_func(t, 0, f);
}

static int pi_kunit_fake_param(const struct paraminfo_table *t,
			       const struct paraminfo_func *f, u32 i,
			       struct paraminfo_param *p)
{
	return -EINVAL;
}

static int pi_kunit_fake_loc(const struct paraminfo_table *t,
			     const struct paraminfo_func *f,
			     const struct paraminfo_param *p, u32 i,
			     struct paraminfo_loc *l)
{
	return -EINVAL;
}

static int pi_kunit_fake_find_name(const struct paraminfo_table *t,
				   const char *name, struct paraminfo_func *f)
{
	return pi_kunit_fake_func(t, 0, f);
}

static const struct paraminfo_decoder pi_kunit_fake = {
	.name = "kunit",
	.encoding = PI_KUNIT_FAKE_ENCODING,
	.init = pi_kunit_fake_init,
	.func = pi_kunit_fake_func,
	.find = pi_kunit_fake_find,
	.param = pi_kunit_fake_param,
	.loc = pi_kunit_fake_loc,
	.find_name = pi_kunit_fake_find_name,
};

#define PI_KUNIT_FAKE_TEXT	0xffffffff81000000ULL

/* @t over @h, a header of no sections, for decoder @dec. */
static void pi_kunit_dec_table(struct kunit *test, struct paraminfo_table *t,
			       struct paraminfo_header *h,
			       const struct paraminfo_decoder *dec)
{
	memset(h, 0, sizeof(*h));
	h->magic = PARAMINFO_MAGIC;
	h->version = PARAMINFO_VERSION;
	h->encoding = PI_KUNIT_FAKE_ENCODING;
	h->size = sizeof(*h);
	h->nfuncs = 1;
	h->text_base = PI_KUNIT_FAKE_TEXT;
	KUNIT_ASSERT_EQ(test, paraminfo_table_init(t, h, sizeof(*h), dec), 0);
}

/* @t over @h, its one function claiming @nparams. */
static void pi_kunit_fake_table(struct kunit *test, struct paraminfo_table *t,
				struct paraminfo_header *h, u32 nparams)
{
	pi_kunit_fake_nparams = nparams;
	pi_kunit_dec_table(test, t, h, &pi_kunit_fake);
}

static void paraminfo_find_refuses_over_max_params(struct kunit *test)
{
	struct paraminfo_header h;
	struct paraminfo_table t;
	struct paraminfo_func f;

	pi_kunit_fake_table(test, &t, &h, PARAMINFO_MAX_PARAMS + 1);
	KUNIT_EXPECT_EQ(test, paraminfo_find(&t, PI_KUNIT_FAKE_TEXT, &f), -EINVAL);
}

static void paraminfo_func_at_refuses_over_max_params(struct kunit *test)
{
	struct paraminfo_header h;
	struct paraminfo_table t;
	struct paraminfo_func f;

	pi_kunit_fake_table(test, &t, &h, U16_MAX);
	KUNIT_EXPECT_EQ(test, paraminfo_func_at(&t, 0, &f), -EINVAL);
}

static void paraminfo_find_name_refuses_over_max_params(struct kunit *test)
{
	struct paraminfo_header h;
	struct paraminfo_table t;
	struct paraminfo_func f;

	pi_kunit_fake_table(test, &t, &h, U32_MAX);
	KUNIT_EXPECT_EQ(test, paraminfo_find_name(&t, "pi_kunit_fake", &f),
			-EINVAL);
}

static void paraminfo_accepts_max_params(struct kunit *test)
{
	struct paraminfo_header h;
	struct paraminfo_table t;
	struct paraminfo_func f;

	pi_kunit_fake_table(test, &t, &h, PARAMINFO_MAX_PARAMS);
	KUNIT_EXPECT_EQ(test, paraminfo_find(&t, PI_KUNIT_FAKE_TEXT, &f), 0);
}

/*
 * Another stand-in decoder: its one function, pi_kunit_fake's with
 * pi_kunit_fake_nparams 1, has one parameter "v" of pi_kunit_slot.size
 * bytes, in a stack slot at sp + pi_kunit_slot.off over the whole
 * function.
 */
static struct {
	u32 off;
	u8 size;
	/* The stack the printer is given, and what it read. */
	u64 mem[8];
	unsigned int reads;
	unsigned int outside;
} pi_kunit_slot;

static int pi_kunit_slot_param(const struct paraminfo_table *t,
			       const struct paraminfo_func *f, u32 i,
			       struct paraminfo_param *p)
{
	memset(p, 0, sizeof(*p));
	p->name = "v";
	p->type = pi_kunit_slot.size == 4 ? "u32" : "u64";
	p->abi = PARAMINFO_ABI_REG;
	p->reg[0] = PI_KUNIT_ARG0;
	p->why = PARAMINFO_WHY_REG;
	p->size = pi_kunit_slot.size;
	p->nlocs = 1;
	return 0;
}

static int pi_kunit_slot_loc(const struct paraminfo_table *t,
			     const struct paraminfo_func *f,
			     const struct paraminfo_param *p, u32 i,
			     struct paraminfo_loc *l)
{
	l->from = 0;
	l->to = f->size;
	l->reg = PARAMINFO_LOC_STACK;
	l->off = pi_kunit_slot.off;
	return 0;
}

static const struct paraminfo_decoder pi_kunit_slot_dec = {
	.name = "kunit-slot",
	.encoding = PI_KUNIT_FAKE_ENCODING,
	.init = pi_kunit_fake_init,
	.func = pi_kunit_fake_func,
	.find = pi_kunit_fake_find,
	.param = pi_kunit_slot_param,
	.loc = pi_kunit_slot_loc,
};

/* The printer's reader: pi_kunit_slot.mem is the whole stack. */
static int pi_kunit_slot_read(void *dst, u64 addr, size_t len)
{
	u64 lo = (unsigned long)pi_kunit_slot.mem;

	pi_kunit_slot.reads++;
	if (addr < lo || addr - lo >= sizeof(pi_kunit_slot.mem) ||
	    len > sizeof(pi_kunit_slot.mem) - (addr - lo)) {
		pi_kunit_slot.outside++;
		return -EFAULT;
	}
	memcpy(dst, (void *)(unsigned long)addr, len);
	return 0;
}

/* Print the slot function with sp at mem[0] and stack [mem, @hi). */
static void pi_kunit_slot_print(struct kunit *test, u32 off, u8 size, u64 hi,
				struct pi_kunit_lines *l)
{
	struct paraminfo_regs r = {
		.names = paraminfo_arch.reg_names,
		.nr = paraminfo_arch.nr_regs,
		.sp = (unsigned long)pi_kunit_slot.mem,
		.stack_lo = (unsigned long)pi_kunit_slot.mem,
		.stack_hi = hi,
		.read = pi_kunit_slot_read,
	};
	struct paraminfo_header h;
	struct paraminfo_table t;
	struct paraminfo_func f;

	pi_kunit_slot.off = off;
	pi_kunit_slot.size = size;
	pi_kunit_slot.reads = pi_kunit_slot.outside = 0;
	memset(l, 0, sizeof(*l));
	pi_kunit_fake_nparams = 1;
	pi_kunit_dec_table(test, &t, &h, &pi_kunit_slot_dec);
	KUNIT_ASSERT_EQ(test, paraminfo_find(&t, PI_KUNIT_FAKE_TEXT, &f), 0);
	paraminfo_print_params(&t, &f, 4, &r, pi_kunit_emit, l);
	KUNIT_EXPECT_EQ(test, l->n, 1);
}

/* A slot's value, 8 and 4 bytes, read through the reader the caller gave. */
static void paraminfo_prints_stack_slot(struct kunit *test)
{
	u64 hi = (unsigned long)(pi_kunit_slot.mem + 8);
	struct pi_kunit_lines l;
	u32 v32 = 0x55667788;

	memset(pi_kunit_slot.mem, 0, sizeof(pi_kunit_slot.mem));
	pi_kunit_slot.mem[2] = 0x1122334455667788ULL;
	pi_kunit_slot_print(test, 16, 8, hi, &l);
	KUNIT_EXPECT_STREQ(test, l.line[0],
			   " v (u64) = 0x1122334455667788  [stack sp+16]");
	KUNIT_EXPECT_EQ(test, pi_kunit_slot.reads, 1U);
	KUNIT_EXPECT_EQ(test, pi_kunit_slot.outside, 0U);

	memcpy(&pi_kunit_slot.mem[3], &v32, sizeof(v32));
	pi_kunit_slot_print(test, 24, 4, hi, &l);
	KUNIT_EXPECT_STREQ(test, l.line[0], " v (u32) = 0x55667788  [stack sp+24]");
	KUNIT_EXPECT_EQ(test, pi_kunit_slot.outside, 0U);
}

/*
 * A slot that does not fit in the stack the printer was given is not
 * read, whatever the table says: the last byte one past the end, or no
 * stack known at all.
 */
static void paraminfo_stack_slot_outside(struct kunit *test)
{
	u64 lo = (unsigned long)pi_kunit_slot.mem;
	struct pi_kunit_lines l;

	pi_kunit_slot_print(test, 57, 8, lo + 64, &l);
	KUNIT_EXPECT_STREQ(test, l.line[0],
			   " v (u64) = <on the stack at sp+57: outside the task's stack>");
	KUNIT_EXPECT_EQ(test, pi_kunit_slot.reads, 0U);
	pi_kunit_slot_print(test, PARAMINFO_STACK_OFF_MAX, 8, lo + 64, &l);
	KUNIT_EXPECT_EQ(test, pi_kunit_slot.reads, 0U);
	pi_kunit_slot_print(test, 0, 8, 0, &l);
	KUNIT_EXPECT_EQ(test, pi_kunit_slot.reads, 0U);
}

/*
 * A decoder's stack range with an offset over PARAMINFO_STACK_OFF_MAX,
 * or of a parameter of 0 or over 8 bytes, is refused by the core: the
 * printer prints a reason and reads nothing.
 */
static void paraminfo_stack_slot_refused(struct kunit *test)
{
	static const struct { u32 off; u8 size; } bad[] = {
		{ PARAMINFO_STACK_OFF_MAX + 1, 8 }, { 65535, 8 }, { 8, 0 },
		{ 8, 9 }, { 8, 15 },
	};
	struct paraminfo_header h;
	struct paraminfo_table t;
	struct paraminfo_func f;
	struct paraminfo_param p;
	struct paraminfo_loc loc;
	struct pi_kunit_lines l;
	int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		pi_kunit_slot_print(test, bad[i].off, bad[i].size, U64_MAX, &l);
		KUNIT_EXPECT_NOT_NULL(test, strstr(l.line[0],
						   "= <not in a register here>"));
		KUNIT_EXPECT_EQ(test, pi_kunit_slot.reads, 0U);
		pi_kunit_dec_table(test, &t, &h, &pi_kunit_slot_dec);
		KUNIT_ASSERT_EQ(test, paraminfo_func_at(&t, 0, &f), 0);
		KUNIT_ASSERT_EQ(test, paraminfo_param(&t, &f, 0, &p), 0);
		KUNIT_EXPECT_EQ(test, paraminfo_loc(&t, &f, &p, 0, &loc), -EINVAL);
		KUNIT_EXPECT_EQ(test, paraminfo_loc_at(&t, &f, &p, 4, &loc),
				-EINVAL);
	}
	/* The largest offset and size that may be, for contrast. */
	pi_kunit_slot.off = PARAMINFO_STACK_OFF_MAX;
	pi_kunit_slot.size = 8;
	KUNIT_ASSERT_EQ(test, paraminfo_param(&t, &f, 0, &p), 0);
	KUNIT_EXPECT_EQ(test, paraminfo_loc_at(&t, &f, &p, 4, &loc), 0);
	KUNIT_EXPECT_EQ(test, loc.off, PARAMINFO_STACK_OFF_MAX);
}

/*
 * A table of the stand-in decoder whose function (16 bytes) has two
 * unwind rows: [0, 1) CFA sp+8, the return address at CFA-8; then a gap;
 * then [4, 16) CFA sp+16, rbp at CFA-16 too (include/linux/paraminfo_format.h).
 */
struct pi_kunit_uw_table {
	struct paraminfo_header h;
	struct paraminfo_unwind_header uh;
	u32 idx[4];		/* BLOCKS, SAVEIDX, SHAPEIDX, SEQIDX */
	u8 bytes[20];		/* SAVES, SHAPES, SEQS, ROWS */
} __aligned(8);

static const u8 pi_kunit_uw_bytes[20] = {
	1, 16, 8,			/* saved set 0: ra at CFA-8 */
	2, 6, 16, 16, 8,		/* saved set 1: rbp at CFA-16 too */
	8, 0, 0,			/* shape 0: CFA sp+8, saved set 0 */
	16, 0, 1,			/* shape 1: CFA sp+16, saved set 1 */
	2, 0, 1 << 2 | 3,		/* sequence 0: shape 0; gap, shape 1, end */
	0, 1 - 1, 3 - 1,		/* seq 0; len 1; skip 3 */
};

/* One case's table, its function and the answers. */
struct pi_kunit_uw {
	struct pi_kunit_uw_table b;
	struct paraminfo_table t;
	struct paraminfo_func f;
	struct paraminfo_unwind u;
	u32 preserved;
	u8 ra;
};

/* Fill @w's table; paraminfo_table_init() must answer @ret. */
static void pi_kunit_uw_init(struct kunit *test, struct pi_kunit_uw *w,
			     int ret)
{
	struct pi_kunit_uw_table *b = &w->b;
	u32 off = offsetof(struct pi_kunit_uw_table, uh);

	memset(w, 0, sizeof(*w));
	b->h.magic = PARAMINFO_MAGIC;
	b->h.version = PARAMINFO_VERSION;
	b->h.encoding = PI_KUNIT_FAKE_ENCODING;
	b->h.size = sizeof(*b);
	b->h.nfuncs = 1;
	b->h.text_base = PI_KUNIT_FAKE_TEXT;
	b->h.sect[PARAMINFO_SECT_UNWIND].off = off;
	b->h.sect[PARAMINFO_SECT_UNWIND].size = sizeof(*b) - off;
	b->uh = (struct paraminfo_unwind_header){
		.ra = 16, .preserved = 0xf048, .nsaves = 2, .nshapes = 2,
		.nseqs = 1, .saves = sizeof(b->uh) + sizeof(b->idx),
	};
	b->uh.shapes = b->uh.saves + 8;
	b->uh.seqs = b->uh.shapes + 6;
	b->uh.rows = b->uh.seqs + 3;
	memcpy(b->bytes, pi_kunit_uw_bytes, sizeof(b->bytes));
	if (ret)	/* ROWS past the section's end */
		b->uh.rows = sizeof(*b);
	pi_kunit_fake_nparams = 0;
	KUNIT_ASSERT_EQ(test, paraminfo_table_init(&w->t, b, sizeof(*b),
						   &pi_kunit_fake), ret);
	if (!ret)
		KUNIT_ASSERT_EQ(test, paraminfo_func_at(&w->t, 0, &w->f), 0);
}

static void paraminfo_unwind_row_found(struct kunit *test)
{
	struct pi_kunit_uw w;

	pi_kunit_uw_init(test, &w, 0);
	KUNIT_ASSERT_EQ(test, paraminfo_unwind_at(&w.t, &w.f, 0, &w.u), 0);
	KUNIT_EXPECT_EQ(test, w.u.from, 0);
	KUNIT_EXPECT_EQ(test, w.u.to, 1);
	KUNIT_EXPECT_EQ(test, w.u.cfa, 8);
	KUNIT_EXPECT_EQ(test, w.u.nsaved, 1);
	KUNIT_EXPECT_EQ(test, w.u.saved[0].reg, 16);
	KUNIT_EXPECT_EQ(test, w.u.saved[0].off, 8);
	KUNIT_ASSERT_EQ(test, paraminfo_unwind_at(&w.t, &w.f, 15, &w.u), 0);
	KUNIT_EXPECT_EQ(test, w.u.from, 4);
	KUNIT_EXPECT_EQ(test, w.u.to, 16);
	KUNIT_EXPECT_EQ(test, w.u.cfa, 16);
	KUNIT_EXPECT_EQ(test, w.u.nsaved, 2);
	KUNIT_EXPECT_EQ(test, w.u.saved[0].reg, 6);
	KUNIT_EXPECT_EQ(test, w.u.saved[0].off, 16);
	KUNIT_ASSERT_EQ(test, paraminfo_unwind_abi(&w.t, &w.ra, &w.preserved), 0);
	KUNIT_EXPECT_EQ(test, w.ra, 16);
	KUNIT_EXPECT_EQ(test, w.preserved, 0xf048);
}

static void paraminfo_unwind_gap_is_enoent(struct kunit *test)
{
	struct pi_kunit_uw w;

	pi_kunit_uw_init(test, &w, 0);
	KUNIT_EXPECT_EQ(test, paraminfo_unwind_at(&w.t, &w.f, 1, &w.u), -ENOENT);
	KUNIT_EXPECT_EQ(test, paraminfo_unwind_at(&w.t, &w.f, 3, &w.u), -ENOENT);
	KUNIT_EXPECT_EQ(test, paraminfo_unwind_at(&w.t, &w.f, 16, &w.u), -ENOENT);
	/* No section: no rows, and no ABI either. */
	w.b.h.sect[PARAMINFO_SECT_UNWIND].size = 0;
	KUNIT_ASSERT_EQ(test, paraminfo_table_init(&w.t, &w.b, sizeof(w.b),
						   &pi_kunit_fake), 0);
	KUNIT_EXPECT_EQ(test, paraminfo_unwind_at(&w.t, &w.f, 0, &w.u), -ENOENT);
	KUNIT_EXPECT_EQ(test, paraminfo_unwind_abi(&w.t, &w.ra, &w.preserved),
			-ENOENT);
}

static void paraminfo_unwind_corrupt_is_einval(struct kunit *test)
{
	struct pi_kunit_uw w;

	pi_kunit_uw_init(test, &w, -EINVAL);
	pi_kunit_uw_init(test, &w, 0);
	w.b.bytes[15] = 2 << 2;	/* sequence 0's first shape: no such shape */
	KUNIT_EXPECT_EQ(test, paraminfo_unwind_at(&w.t, &w.f, 0, &w.u), -EINVAL);
	w.b.bytes[15] = 0;
	w.b.bytes[14] = 100;	/* 100 rows: SEQS ends first */
	KUNIT_EXPECT_EQ(test, paraminfo_unwind_at(&w.t, &w.f, 16, &w.u), -EINVAL);
	w.b.bytes[14] = 2;
	w.b.bytes[10] = 3;	/* shape 0's saved set: no such set */
	KUNIT_EXPECT_EQ(test, paraminfo_unwind_at(&w.t, &w.f, 0, &w.u), -EINVAL);
	w.b.bytes[10] = 0;
	w.b.bytes[19] = 20;	/* the second row starts past the end */
	KUNIT_EXPECT_EQ(test, paraminfo_unwind_at(&w.t, &w.f, 15, &w.u), -EINVAL);
}

static struct kunit_case paraminfo_decoder_cases[] = {
	KUNIT_CASE(paraminfo_find_refuses_over_max_params),
	KUNIT_CASE(paraminfo_func_at_refuses_over_max_params),
	KUNIT_CASE(paraminfo_find_name_refuses_over_max_params),
	KUNIT_CASE(paraminfo_accepts_max_params),
	KUNIT_CASE(paraminfo_prints_stack_slot),
	KUNIT_CASE(paraminfo_stack_slot_outside),
	KUNIT_CASE(paraminfo_stack_slot_refused),
	KUNIT_CASE(paraminfo_unwind_row_found),
	KUNIT_CASE(paraminfo_unwind_gap_is_enoent),
	KUNIT_CASE(paraminfo_unwind_corrupt_is_einval),
	{}
};

static struct kunit_suite paraminfo_decoder_suite = {
	.name = "paraminfo_decoder",
	.test_cases = paraminfo_decoder_cases,
};
kunit_test_suite(paraminfo_decoder_suite);

MODULE_LICENSE("GPL");
