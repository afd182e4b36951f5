// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_decoder - a libFuzzer target for one paraminfo table decoder
 *
 * Built once per encoding with -DPI_FUZZ_DECODER=paraminfo_decoder_NAME and
 * linked with kernel/paraminfo/{core,stream,print,callers,decode_*}.c compiled
 * unchanged against the stand-in headers in tools/testing/paraminfo/linux/.
 *
 * The input is a table: it is copied into a buffer of exactly its size
 * (malloc is 16-byte aligned, as the kernel's tables are 8-byte aligned),
 * so ASan sees any read past its end. When paraminfo_table_init() accepts
 * it, every function, parameter and range is decoded, lookups are made at
 * addresses around every function and at addresses taken from the input,
 * paraminfo_loc_at() is asked at the edges of every range and compared with
 * the decoded ranges, every function's unwind rows are walked and asked
 * for at their edges (paraminfo_unwind_at()), names are looked up (pool), and the oops printer
 * formats every function into a buffer, with a stack to read stack slots
 * from whose bounds come from the input: the reader aborts if the
 * printer asks for a byte outside them, or for more than 8 bytes. The
 * printer then walks each function's callers up that stack, whose words
 * come from the input, every sixteenth a return address into the table.
 *
 * An input that starts with PARAMINFO_MODULE_MAGIC is a module's table
 * (the .paraminfo section of a .ko): paraminfo_modtable_init() validates
 * it, its sections are loaded where the module loader could put them
 * (one in four left unloaded), it is validated again, the table inside is
 * fuzzed as above, and addresses are mapped both ways through the
 * sections (paraminfo_modtable_addr(), paraminfo_modtable_text()).
 *
 * Besides memory errors (ASan) and undefined behaviour (UBSan), a broken
 * promise of the API aborts: a lookup that answers a function not holding
 * the address or with over PARAMINFO_MAX_PARAMS parameters, a range outside
 * its function or out of order, a register outside pt_regs, loc_at()
 * disagreeing with the ranges, a stack range whose offset or parameter
 * size a table may not hold, a read outside the stack or of more than
 * 8 bytes, a name lookup answering another name, an unterminated or
 * over-long printed line, an unwind row outside its function or that
 * paraminfo_unwind_at() and paraminfo_unwind_next() disagree on.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/paraminfo.h>

#include "regnames.h"

#ifndef PI_FUZZ_DECODER
#error "build with -DPI_FUZZ_DECODER=paraminfo_decoder_flat|pool|delta"
#endif

/* Bounds the work per input: big tables are decoded in part. */
#define FUZZ_MAX_FUNCS		1024
#define FUZZ_MAX_PARAMS		64
#define FUZZ_MAX_LOCS		64

#define fuzz_assert(cond) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "fuzz_decoder: %s:%d: broken promise: %s\n", \
			__FILE__, __LINE__, #cond);			\
		abort();						\
	}								\
} while (0)

struct fuzz_out {
	unsigned long lines;
	unsigned long bytes;
};

static void fuzz_emit(void *ctx, const char *line)
{
	struct fuzz_out *o = ctx;
	size_t len = strlen(line);

	/* print.c formats into a 256-byte buffer. */
	fuzz_assert(len < 256);
	o->lines++;
	o->bytes += len;
}

/*
 * The stack the printer is given: [fuzz_stack.lo, fuzz_stack.hi), backed
 * by mem (FUZZ_STACK_SIZE bytes at lo when the input makes it the
 * bounds), which the reader copies from.
 */
#define FUZZ_STACK_SIZE		8192

static struct {
	u64 lo, hi;
	u8 mem[FUZZ_STACK_SIZE];
	unsigned long reads;
} fuzz_stack;

static int fuzz_read(void *dst, u64 addr, size_t len)
{
	fuzz_assert(len >= 1 && len <= 8);
	fuzz_assert(addr >= fuzz_stack.lo && addr < fuzz_stack.hi &&
		    len <= fuzz_stack.hi - addr);
	fuzz_stack.reads++;
	/* Bounds the input chose but mem does not back: unreadable. */
	if (fuzz_stack.hi - fuzz_stack.lo > FUZZ_STACK_SIZE)
		return -EFAULT;
	memcpy(dst, fuzz_stack.mem + (addr - fuzz_stack.lo), len);
	return 0;
}

/* A u64 from the input at @off, or 0 past its end. */
static u64 fuzz_u64(const u8 *data, size_t size, size_t off)
{
	u64 v = 0;

	if (off < size)
		memcpy(&v, data + off, size - off < 8 ? size - off : 8);
	return v;
}

/* The table being fuzzed, for the callers' walk to find pcs in. */
static const struct paraminfo_table *fuzz_cur;

static int fuzz_find(u64 pc, struct paraminfo_where *w)
{
	w->t = fuzz_cur;
	w->addr = pc;
	return paraminfo_find(fuzz_cur, pc, &w->f);
}

static const struct paraminfo_walk fuzz_walk = {
	.find = fuzz_find,
	.max_frames = PARAMINFO_MAX_CALLERS,
};

/*
 * The stack's words, from the input; every sixteenth is a return address
 * into one of @t's functions, so that the callers' walk goes on.
 */
static void fuzz_fill_stack(const struct paraminfo_table *t, const u8 *data,
			    size_t size)
{
	struct paraminfo_func f;
	u32 k;

	for (k = 0; k < FUZZ_STACK_SIZE / 8; k++) {
		u64 w = fuzz_u64(data, size, k * 8 % (size ? size : 1));

		if (k % 16 == 0 && t->nfuncs &&
		    !paraminfo_func_at(t, (u32)w % t->nfuncs, &f))
			w = f.addr + (f.size ? (w >> 32) % f.size : 0) + 1;
		memcpy(fuzz_stack.mem + k * 8, &w, sizeof(w));
	}
}

static void fuzz_lookup(const struct paraminfo_table *t, u64 addr)
{
	struct paraminfo_func f;

	if (paraminfo_find(t, addr, &f))
		return;
	fuzz_assert(f.addr <= addr && addr - f.addr < f.size);
	fuzz_assert(f.index < t->nfuncs);
	fuzz_assert(f.nparams <= PARAMINFO_MAX_PARAMS);
	if (f.name)
		(void)strlen(f.name);
}

/* The decoded range that covers @off, or NULL. */
static const struct paraminfo_loc *fuzz_loc_in(const struct paraminfo_loc *l,
					       u32 n, u32 off)
{
	u32 i;

	for (i = 0; i < n; i++)
		if (l[i].from <= off && off < l[i].to)
			return &l[i];
	return NULL;
}

static void fuzz_loc_at(const struct paraminfo_table *t,
			const struct paraminfo_func *f,
			const struct paraminfo_param *p,
			const struct paraminfo_loc *l, u32 n, bool all, u32 off)
{
	const struct paraminfo_loc *want;
	struct paraminfo_loc got;
	int ret = paraminfo_loc_at(t, f, p, off, &got);

	fuzz_assert(ret == 0 || ret == -ENOENT || ret == -EINVAL);
	if (!ret) {
		fuzz_assert(got.reg < PARAMINFO_NR_REGS);
		fuzz_assert(got.from <= off && off < got.to && got.to <= f->size);
		fuzz_assert(got.reg == PARAMINFO_LOC_STACK ?
			    got.off <= PARAMINFO_STACK_OFF_MAX && p->size &&
			    p->size <= PARAMINFO_STACK_SIZE_MAX : !got.off);
	}
	/* With every range decoded, the one-pass answer must agree. */
	if (!all)
		return;
	want = fuzz_loc_in(l, n, off);
	fuzz_assert(ret == (want ? 0 : -ENOENT));
	if (want)
		fuzz_assert(got.from == want->from && got.to == want->to &&
			    got.reg == want->reg && got.off == want->off);
}

static void fuzz_param(const struct paraminfo_table *t,
		       const struct paraminfo_func *f, u32 i, u32 extra)
{
	static struct paraminfo_loc locs[FUZZ_MAX_LOCS];
	struct paraminfo_param p;
	u32 j, n, done;
	bool all;

	if (paraminfo_param(t, f, i, &p))
		return;
	fuzz_assert(p.name && p.type);
	(void)strlen(p.name);
	(void)strlen(p.type);
	fuzz_assert(p.abi < PARAMINFO_ABI_NR);
	fuzz_assert(p.why < PARAMINFO_WHY_NR);
	n = p.nlocs < FUZZ_MAX_LOCS ? p.nlocs : FUZZ_MAX_LOCS;
	for (j = 0; j < n; j++) {
		if (paraminfo_loc(t, f, &p, j, &locs[j]))
			break;
		/* Ranges are inside the function, in order, not overlapping. */
		fuzz_assert(locs[j].from < locs[j].to);
		fuzz_assert(locs[j].to <= f->size);
		fuzz_assert(!j || locs[j].from >= locs[j - 1].to);
		fuzz_assert(locs[j].reg < PARAMINFO_NR_REGS);
		fuzz_assert(locs[j].reg == PARAMINFO_LOC_STACK ?
			    locs[j].off <= PARAMINFO_STACK_OFF_MAX &&
			    p.size && p.size <= PARAMINFO_STACK_SIZE_MAX :
			    !locs[j].off);
	}
	done = j;
	all = done == p.nlocs;
	/* Past the last range: an error, and nothing read beyond the stored ones. */
	if (all) {
		struct paraminfo_loc l;

		fuzz_assert(paraminfo_loc(t, f, &p, p.nlocs, &l));
	}
	for (j = 0; j < done; j++) {
		fuzz_loc_at(t, f, &p, locs, done, all, locs[j].from);
		fuzz_loc_at(t, f, &p, locs, done, all, locs[j].to - 1);
		fuzz_loc_at(t, f, &p, locs, done, all, locs[j].to);
	}
	fuzz_loc_at(t, f, &p, locs, done, all, 0);
	if (f->size)
		fuzz_loc_at(t, f, &p, locs, done, all, f->size - 1);
	fuzz_loc_at(t, f, &p, locs, done, all, f->size);
	fuzz_loc_at(t, f, &p, locs, done, all, extra);
}

/* A row's promises: inside the function, well formed. */
static void fuzz_unwind_row(const struct paraminfo_func *f,
			    const struct paraminfo_unwind *u, u32 off)
{
	u32 k;

	fuzz_assert(u->from < u->to && u->to <= f->size && off < u->to);
	fuzz_assert(u->nsaved <= PARAMINFO_UNWIND_SAVED);
	for (k = 0; k < u->nsaved; k++)
		fuzz_assert(u->saved[k].reg < PARAMINFO_NR_REGS);
}

/*
 * The unwind rows: walked with paraminfo_unwind_next() (at most as many
 * as the function has bytes, in order), and paraminfo_unwind_at() at each
 * row's edges and at @extra agreeing with the walk.
 */
static void fuzz_unwind(const struct paraminfo_table *t,
			const struct paraminfo_func *f, u32 extra)
{
	struct paraminfo_unwind u, v;
	u32 off = 0, n = 0, preserved;
	int ret;
	u8 ra;

	while (n++ < FUZZ_MAX_LOCS && !paraminfo_unwind_next(t, f, off, &u)) {
		fuzz_unwind_row(f, &u, off);
		fuzz_assert(!paraminfo_unwind_at(t, f, u.from, &v) &&
			    v.from == u.from && v.to == u.to && v.cfa == u.cfa);
		fuzz_assert(!paraminfo_unwind_at(t, f, u.to - 1, &v) &&
			    v.from == u.from);
		if (u.from > off)
			fuzz_assert(paraminfo_unwind_at(t, f, off, &v) == -ENOENT);
		off = u.to;
	}
	ret = paraminfo_unwind_at(t, f, extra, &u);
	fuzz_assert(ret == 0 || ret == -ENOENT || ret == -EINVAL);
	if (!ret)
		fuzz_unwind_row(f, &u, extra);
	ret = paraminfo_unwind_abi(t, &ra, &preserved);
	fuzz_assert(ret ? ret == -ENOENT : ra < PARAMINFO_NR_REGS);
}

static void fuzz_func(const struct paraminfo_table *t, u32 index,
		      const u8 *data, size_t size)
{
	struct paraminfo_func f, g;
	struct paraminfo_regs r;
	struct paraminfo_where w;
	struct fuzz_out o = { 0 };
	u32 i, n, extra;

	if (paraminfo_func_at(t, index, &f))
		return;
	fuzz_assert(f.index == index);
	fuzz_assert(f.nparams <= PARAMINFO_MAX_PARAMS);
	if (f.name)
		(void)strlen(f.name);
	extra = (u32)fuzz_u64(data, size, index * 4 % (size ? size : 1));
	n = f.nparams < FUZZ_MAX_PARAMS ? f.nparams : FUZZ_MAX_PARAMS;
	for (i = 0; i < n; i++)
		fuzz_param(t, &f, i, f.size ? extra % f.size : extra);
	fuzz_unwind(t, &f, extra % ((u64)f.size + 1));
	/* One past the last parameter answers an error, reads nothing. */
	if (f.nparams < FUZZ_MAX_PARAMS) {
		struct paraminfo_param p;

		fuzz_assert(paraminfo_param(t, &f, f.nparams, &p));
	}

	/* Lookups at the function's edges. */
	fuzz_lookup(t, f.addr);
	fuzz_lookup(t, f.addr - 1);
	if (f.size) {
		fuzz_lookup(t, f.addr + f.size - 1);
		fuzz_lookup(t, f.addr + f.size / 2);
	}
	fuzz_lookup(t, f.addr + f.size);

	/* The name index answers a function of that name. */
	if (f.name && !paraminfo_find_name(t, f.name, &g)) {
		fuzz_assert(g.name && !strcmp(g.name, f.name));
		fuzz_assert(g.index < t->nfuncs);
		fuzz_assert(g.nparams <= PARAMINFO_MAX_PARAMS);
	}

	/* The oops printer, registers and fault address from the input. */
	memset(&r, 0, sizeof(r));
	for (i = 0; i < PARAMINFO_NR_REGS; i++)
		r.gpr[i] = fuzz_u64(data, size, (index + i) * 8 % (size ? size : 1));
	/* The largest register set: every number a table may hold. */
	pi_set_reg_names(&r, EM_AARCH64);
	r.fault = index & 1;
	r.fault_addr = r.gpr[index % PARAMINFO_NR_REGS];
	/*
	 * A stack: mostly a real one around sp with room for a few slots,
	 * sometimes sp near its top or near 2^64, bounds from the input,
	 * unknown bounds, or no reader.
	 */
	r.sp = index % 6 ? 0xffffc90000000000ULL + (r.gpr[0] & 0xff8) :
			   ~0ULL - (r.gpr[1] & 0xfff);
	switch (index % 6) {
	case 0:
	case 1:
		fuzz_stack.lo = r.sp & ~(FUZZ_STACK_SIZE - 1ULL);
		fuzz_stack.hi = fuzz_stack.lo + FUZZ_STACK_SIZE;
		if (!fuzz_stack.hi)
			fuzz_stack.hi = ~0ULL;
		break;
	case 2:
		fuzz_stack.lo = r.gpr[2];
		fuzz_stack.hi = r.gpr[3];
		break;
	case 3:
		fuzz_stack.lo = fuzz_stack.hi = 0;
		break;
	default:
		fuzz_stack.lo = r.sp - (r.gpr[4] & 0x7ff);
		fuzz_stack.hi = fuzz_stack.lo + FUZZ_STACK_SIZE;
		break;
	}
	r.stack_lo = fuzz_stack.lo;
	r.stack_hi = fuzz_stack.hi;
	r.read = index % 7 == 6 ? NULL : fuzz_read;
	if (n < FUZZ_MAX_PARAMS) {
		u32 printed;

		printed = paraminfo_print_params(t, &f, f.size ? extra % f.size : 0,
						 &r, fuzz_emit, &o);
		/* One line per parameter, and "..." after a variadic one's. */
		fuzz_assert(printed <= f.nparams &&
			    o.lines == printed + (printed == f.nparams &&
						  (f.flags & PARAMINFO_F_VARARGS)));
		printed = paraminfo_print_params(t, &f, extra, &r, fuzz_emit, &o);
		fuzz_assert(printed <= f.nparams);
	}
	/* The callers: each read inside the stack, at most so many frames. */
	w.t = t;
	w.f = f;
	w.addr = f.addr + (f.size ? extra % f.size : 0);
	fuzz_assert(paraminfo_print_callers(&w, &r, &fuzz_walk, fuzz_emit,
					    &o) <= PARAMINFO_MAX_CALLERS);
}

/* Every function, lookups and names of a validated table @t of @data. */
static void fuzz_table(const struct paraminfo_table *t, const u8 *data,
		       size_t size)
{
	const struct paraminfo_decoder *dec = &PI_FUZZ_DECODER;
	struct paraminfo_func f;
	char name[64];
	u32 i, n;

	fuzz_assert(t->size <= size && t->dec == dec);
	fuzz_cur = t;
	fuzz_fill_stack(t, data, size);

	n = t->nfuncs < FUZZ_MAX_FUNCS ? t->nfuncs : FUZZ_MAX_FUNCS;
	for (i = 0; i < n; i++)
		fuzz_func(t, i, data, size);
	fuzz_assert(paraminfo_func_at(t, t->nfuncs, &f));
	fuzz_assert(paraminfo_func_at(t, U32_MAX, &f));

	/* Lookups at addresses from the header and from the input. */
	fuzz_lookup(t, 0);
	fuzz_lookup(t, ~0ULL);
	fuzz_lookup(t, t->text_base);
	fuzz_lookup(t, t->text_base - 1);
	fuzz_lookup(t, t->text_base + U32_MAX);
	fuzz_lookup(t, t->text_base + U32_MAX + 1ULL);
	for (i = 0; i + 8 <= size && i < 64 * 8; i += 8) {
		fuzz_lookup(t, fuzz_u64(data, size, i));
		fuzz_lookup(t, t->text_base + (u32)fuzz_u64(data, size, i));
	}

	/* Name lookups: an empty name, and one taken from the input's end. */
	(void)paraminfo_find_name(t, "", &f);
	n = size < sizeof(name) - 1 ? size : sizeof(name) - 1;
	memcpy(name, data + size - n, n);
	name[n] = 0;
	if (!paraminfo_find_name(t, name, &f))
		fuzz_assert(f.name && !strcmp(f.name, name));
}

/* @addr of a loaded section of @mt and back, when the sum does not wrap. */
static void fuzz_module_addr(const struct paraminfo_modtable *mt,
			     const struct paraminfo_module_sect *s, u64 addr)
{
	u64 taddr = paraminfo_modtable_addr(mt, addr);

	if (addr - s->addr >= s->size) {
		/* Past the section: at most another one's. */
		if (taddr && taddr >= mt->t.text_base)
			fuzz_assert(paraminfo_modtable_text(mt, taddr) == addr);
		return;
	}
	fuzz_assert(taddr == mt->t.text_base + s->off + (addr - s->addr));
	if (taddr >= mt->t.text_base)
		fuzz_assert(paraminfo_modtable_text(mt, taddr) == addr);
	fuzz_lookup(&mt->t, taddr);
}

static void fuzz_module(u8 *data, size_t size)
{
	const struct paraminfo_decoder *dec = &PI_FUZZ_DECODER;
	struct paraminfo_module_header *h = (void *)data;
	struct paraminfo_modtable mt;
	struct paraminfo_func f;
	u64 base = 0xffff800000000000ULL;
	u32 i;

	if (paraminfo_modtable_init(&mt, data, size, dec)) {
		/* A refused table maps nothing and answers nothing. */
		fuzz_assert(!mt.hdr && !paraminfo_modtable_addr(&mt, base));
		fuzz_assert(!paraminfo_modtable_text(&mt, 0));
		fuzz_assert(paraminfo_func_at(&mt.t, 0, &f));
		return;
	}
	/* Loaded in table order, as the loader lays out text; some not. */
	for (i = 0; i < h->nsects; i++)
		h->sect[i].addr = (i & 3) == 3 ? 0 : base + h->sect[i].off;
	fuzz_assert(!paraminfo_modtable_init(&mt, data, size, dec));
	fuzz_assert(mt.hdr == h && !mt.t.hdr->init_off);
	fuzz_table(&mt.t, data + h->table_off, h->table_size);
	for (i = 0; i < h->nsects; i++) {
		const struct paraminfo_module_sect *s = &h->sect[i];

		if (!s->addr && s->size) {
			fuzz_assert(!paraminfo_modtable_text(&mt, mt.t.text_base +
							     s->off));
			continue;
		}
		if (!s->addr)
			continue;
		fuzz_module_addr(&mt, s, s->addr);
		fuzz_module_addr(&mt, s, s->addr + s->size / 2);
		if (s->size)
			fuzz_module_addr(&mt, s, s->addr + s->size - 1);
		fuzz_module_addr(&mt, s, s->addr + s->size);
	}
	fuzz_assert(!paraminfo_modtable_addr(&mt, 0));
	fuzz_assert(!paraminfo_modtable_addr(&mt, base - 1));
}

int LLVMFuzzerTestOneInput(const uint8_t *in, size_t size)
{
	const struct paraminfo_decoder *dec = &PI_FUZZ_DECODER;
	struct paraminfo_table t;
	struct paraminfo_func f;
	u8 *data;

	/* Exactly @size bytes: ASan reports any read past the table. */
	data = malloc(size ? size : 1);
	if (!data)
		return 0;
	memcpy(data, in, size);

	if ((u32)fuzz_u64(data, size, 0) == PARAMINFO_MODULE_MAGIC) {
		fuzz_module(data, size);
	} else if (paraminfo_table_init(&t, data, size, dec)) {
		/* A refused table answers nothing and reads nothing. */
		fuzz_assert(paraminfo_find(&t, fuzz_u64(data, size, 16), &f));
		fuzz_assert(paraminfo_func_at(&t, 0, &f));
		fuzz_assert(paraminfo_find_name(&t, "x", &f));
	} else {
		fuzz_table(&t, data, size);
	}
	free(data);
	return 0;
}
