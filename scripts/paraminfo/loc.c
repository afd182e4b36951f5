// SPDX-License-Identifier: GPL-2.0
/*
 * A parameter's DW_AT_location, read with dwarf_getlocations(), reduced to
 * what the oops printer may use: the PC ranges over which the value is, in
 * full, in one general-purpose register that struct pt_regs saves. A range
 * counts only when its expression is a single DW_OP_regN or DW_OP_regx;
 * every other expression is classified so the printer and the statistics
 * can say why there is no value (entry value, memory, computed, pieces,
 * vector register, or nothing at all).
 */
#include <dwarf.h>
#include <stdlib.h>
#include <string.h>

#include "reader.h"
#include "util.h"

/* What one location expression says; ordered by how much it tells. */
enum pi_expr {
	PI_EXPR_EMPTY,
	PI_EXPR_XMM,
	PI_EXPR_COMPUTED,
	PI_EXPR_PIECES,
	PI_EXPR_MEMORY,
	PI_EXPR_ENTRY_VALUE,
	PI_EXPR_GPR,
	PI_EXPR_NR
};

static const uint8_t pi_expr_why[PI_EXPR_NR] = {
	[PI_EXPR_EMPTY] = PI_WHY_OPTIMIZED_OUT,
	[PI_EXPR_XMM] = PI_WHY_XMM,
	[PI_EXPR_COMPUTED] = PI_WHY_COMPUTED,
	[PI_EXPR_PIECES] = PI_WHY_PIECES,
	[PI_EXPR_MEMORY] = PI_WHY_MEMORY,
	[PI_EXPR_ENTRY_VALUE] = PI_WHY_ENTRY_VALUE,
	[PI_EXPR_GPR] = PI_WHY_REG,
};

static enum pi_expr pi_expr_class(const struct pi_target *t,
				  const Dwarf_Op *expr, size_t len,
				  const struct pi_param *p, uint8_t *reg)
{
	unsigned int atom;
	size_t i;

	if (!len)
		return PI_EXPR_EMPTY;
	atom = expr[0].atom;
	if (len == 1 && ((atom >= DW_OP_reg0 && atom <= DW_OP_reg31) ||
			 atom == DW_OP_regx)) {
		uint64_t r = atom == DW_OP_regx ? expr[0].number : atom - DW_OP_reg0;

		if (r >= t->vec_first && r <= t->vec_last)
			return PI_EXPR_XMM;
		/* A value wider than a register cannot be all in one. */
		if (!pi_reg_printable(t, r) || p->size > 8 ||
		    p->abi == PI_ABI_BYREF)
			return PI_EXPR_COMPUTED;
		*reg = r;
		return PI_EXPR_GPR;
	}
	for (i = 0; i < len; i++)
		if (expr[i].atom == DW_OP_entry_value ||
		    expr[i].atom == DW_OP_GNU_entry_value)
			return PI_EXPR_ENTRY_VALUE;
	for (i = 0; i < len; i++)
		if (expr[i].atom == DW_OP_piece || expr[i].atom == DW_OP_bit_piece)
			return PI_EXPR_PIECES;
	switch (expr[len - 1].atom) {
	case DW_OP_stack_value:
	case DW_OP_implicit_value:
	case DW_OP_implicit_pointer:
	case DW_OP_GNU_implicit_pointer:
		return PI_EXPR_COMPUTED;
	}
	/*
	 * A composite passed by reference lives in the caller's copy: at
	 * first "the memory at x0", whose address is what the table keeps.
	 */
	if (p->abi == PI_ABI_BYREF && len == 1 && !expr[0].number &&
	    atom >= DW_OP_breg0 && atom <= DW_OP_breg31 &&
	    pi_reg_printable(t, atom - DW_OP_breg0)) {
		*reg = atom - DW_OP_breg0;
		return PI_EXPR_GPR;
	}
	if ((atom >= DW_OP_breg0 && atom <= DW_OP_breg31) || atom == DW_OP_bregx ||
	    atom == DW_OP_fbreg || atom == DW_OP_addr)
		return PI_EXPR_MEMORY;
	return PI_EXPR_COMPUTED;
}

static int pi_loc_cmp(const void *a, const void *b)
{
	const struct pi_loc *la = a, *lb = b;

	if (la->from != lb->from)
		return la->from < lb->from ? -1 : 1;
	return (int)la->to - (int)lb->to;
}

/*
 * Sort, merge touching or overlapping ranges in the same register, and give
 * up on the parameter when two ranges that overlap name different
 * registers: the table cannot say which one is right.
 */
static int pi_loc_normalize(struct pi_param *p)
{
	uint32_t i, out = 0;

	/* qsort() must not be given the NULL of an empty list. */
	if (p->nlocs > 1)
		qsort(p->locs, p->nlocs, sizeof(*p->locs), pi_loc_cmp);
	for (i = 0; i < p->nlocs; i++) {
		struct pi_loc *prev = out ? &p->locs[out - 1] : NULL;

		if (prev && p->locs[i].from < prev->to &&
		    p->locs[i].reg != prev->reg)
			return -1;
		if (prev && p->locs[i].from <= prev->to &&
		    p->locs[i].reg == prev->reg) {
			if (p->locs[i].to > prev->to)
				prev->to = p->locs[i].to;
			continue;
		}
		p->locs[out++] = p->locs[i];
	}
	p->nlocs = out;
	return 0;
}

static void pi_loc_add(struct pi_param *p, uint32_t from, uint32_t to,
		       uint8_t reg)
{
	/* Grow at every power of two, zero included. */
	if (!(p->nlocs & (p->nlocs - 1)))
		p->locs = pi_realloc(p->locs, p->nlocs ? p->nlocs * 2 : 1,
				     sizeof(*p->locs));
	p->locs[p->nlocs++] = (struct pi_loc){ from, to, reg, 0 };
}

/*
 * A memory location, the variable itself at a frame address: fbreg from
 * the CFA, or breg of a register; prove.c decides whether the slot holds
 * the argument there.
 */
static void pi_loc_mem(struct pi_param *p, const struct pi_part *part,
		       const Dwarf_Op *expr, size_t len, uint32_t from,
		       uint32_t to)
{
	unsigned int atom = expr[0].atom;
	uint8_t base;

	if (len != 1 || p->size > 8 || p->abi == PI_ABI_BYREF)
		return;
	if (atom == DW_OP_fbreg && part->fb_cfa)
		base = PI_MEM_CFA;
	else if (atom >= DW_OP_breg0 && atom <= DW_OP_breg31)
		base = atom - DW_OP_breg0;
	else
		return;
	if (!(p->nmems & (p->nmems - 1)))
		p->mems = pi_realloc(p->mems, p->nmems ? p->nmems * 2 : 1,
				     sizeof(*p->mems));
	p->mems[p->nmems++] = (struct pi_mem){ from, to, (int32_t)expr[0].number,
					       base };
}

static void pi_loc_drop(struct pi_param *p, enum pi_why why)
{
	free(p->locs);
	p->locs = NULL;
	p->nlocs = 0;
	free(p->mems);
	p->mems = NULL;
	p->nmems = 0;
	p->why = why;
}

/**
 * pi_loc_read() - a parameter's register ranges within one function part
 * @t: the architecture
 * @param: the concrete formal_parameter DIE (not its abstract origin)
 * @part: the address range of the function entry being built
 * @p: receives locs, nlocs and why; p->size must be set
 * @stats: counts parameters whose ranges contradict each other
 */
void pi_loc_read(const struct pi_target *t, Dwarf_Die *param,
		 const struct pi_part *part, struct pi_param *p,
		 struct pi_stats *stats)
{
	enum pi_expr best = PI_EXPR_EMPTY;
	Dwarf_Addr base, start, end;
	Dwarf_Attribute attr;
	Dwarf_Op *expr;
	size_t len;
	ptrdiff_t off = 0;

	p->why = PI_WHY_OPTIMIZED_OUT;
	if (!dwarf_attr(param, DW_AT_location, &attr)) {
		if (dwarf_hasattr(param, DW_AT_const_value))
			p->why = PI_WHY_COMPUTED;
		return;
	}
	while ((off = dwarf_getlocations(&attr, off, &base, &start, &end,
					 &expr, &len)) > 0) {
		uint8_t reg = 0;
		enum pi_expr c = pi_expr_class(t, expr, len, p, &reg);

		if (start < part->lo)
			start = part->lo;
		if (end > part->hi)
			end = part->hi;
		if (start >= end)
			continue;
		if (c > best)
			best = c;
		if (c == PI_EXPR_GPR)
			pi_loc_add(p, start - part->lo, end - part->lo, reg);
		else if (c == PI_EXPR_MEMORY)
			pi_loc_mem(p, part, expr, len, start - part->lo,
				   end - part->lo);
	}
	/*
	 * libdw rejects a whole list when one expression has an operation it
	 * does not know (gcc's DW_OP_GNU_uninit, say): keep nothing of it.
	 */
	if (off < 0) {
		stats->unreadable++;
		pi_loc_drop(p, PI_WHY_UNREADABLE);
	} else if (pi_loc_normalize(p)) {
		stats->bad_ranges++;
		pi_loc_drop(p, PI_WHY_UNTRUSTED);
	} else {
		p->why = pi_expr_why[best];
	}
}

/**
 * pi_loc_reg_at() - which register holds a parameter at an offset
 * @p: the parameter
 * @off: offset from the function's start
 *
 * Return: the DWARF register number, or -1 when no range covers @off.
 */
int pi_loc_reg_at(const struct pi_param *p, uint32_t off)
{
	uint32_t i;

	for (i = 0; i < p->nlocs; i++)
		if (off >= p->locs[i].from && off < p->locs[i].to)
			return p->locs[i].reg;
	return -1;
}

/* One variable's frame bytes, or objs_unknown when they cannot be told. */
static void pi_loc_object(Dwarf_Die *var, int fb_cfa, unsigned int sp,
			  unsigned int fp, struct pi_func *f)
{
	Dwarf_Attribute attr, tattr;
	Dwarf_Addr base, start, end;
	Dwarf_Word size;
	Dwarf_Die type;
	Dwarf_Op *expr;
	ptrdiff_t off = 0;
	size_t len, i;

	if (!dwarf_attr(var, DW_AT_location, &attr))
		return;
	while ((off = dwarf_getlocations(&attr, off, &base, &start, &end,
					 &expr, &len)) > 0) {
		int mem = 0;

		/* A value computed from the frame's address is no location. */
		if (!len || expr[len - 1].atom == DW_OP_stack_value ||
		    expr[len - 1].atom == DW_OP_implicit_value)
			continue;
		for (i = 0; i < len; i++)
			if (expr[i].atom == DW_OP_fbreg ||
			    expr[i].atom == DW_OP_breg0 + sp ||
			    expr[i].atom == DW_OP_breg0 + fp ||
			    expr[i].atom == DW_OP_bregx ||
			    expr[i].atom == DW_OP_call_frame_cfa)
				mem = 1;
		if (!mem)
			continue;
		/* Only "the variable is at fbreg k" says where it is. */
		if (len != 1 || expr[0].atom != DW_OP_fbreg || !fb_cfa ||
		    !dwarf_attr_integrate(var, DW_AT_type, &tattr) ||
		    !dwarf_formref_die(&tattr, &type) ||
		    dwarf_aggregate_size(&type, &size) || size > INT32_MAX / 4) {
			f->objs_unknown = 1;
			return;
		}
		if (!(f->nobjs & (f->nobjs - 1)))
			f->objs = pi_realloc(f->objs, f->nobjs ? f->nobjs * 2 : 1,
					     sizeof(*f->objs));
		f->objs[f->nobjs].lo = (int32_t)expr[0].number;
		f->objs[f->nobjs].hi = (int32_t)expr[0].number + (int32_t)size;
		f->nobjs++;
	}
	if (off < 0)
		f->objs_unknown = 1;
}

static int pi_obj_cmp(const void *a, const void *b)
{
	const struct pi_obj *oa = a, *ob = b;

	return oa->lo < ob->lo ? -1 : oa->lo > ob->lo;
}

/* Objects that overlap or touch become one: what an escape may reach. */
static void pi_loc_merge_objects(struct pi_func *f)
{
	uint32_t i, n = 0;

	if (f->nobjs > 1)
		qsort(f->objs, f->nobjs, sizeof(*f->objs), pi_obj_cmp);
	for (i = 0; i < f->nobjs; i++) {
		if (n && f->objs[i].lo <= f->objs[n - 1].hi) {
			if (f->objs[i].hi > f->objs[n - 1].hi)
				f->objs[n - 1].hi = f->objs[i].hi;
			continue;
		}
		f->objs[n++] = f->objs[i];
	}
	f->nobjs = n;
}

static void pi_loc_walk_objects(const struct pi_target *t, Dwarf_Die *die,
				int fb_cfa, struct pi_func *f)
{
	Dwarf_Die child;

	if (dwarf_child(die, &child))
		return;
	do {
		switch (dwarf_tag(&child)) {
		case DW_TAG_variable:
		case DW_TAG_formal_parameter:
			pi_loc_object(&child, fb_cfa, t->sp, t->fp, f);
			break;
		case DW_TAG_lexical_block:
		case DW_TAG_inlined_subroutine:
			pi_loc_walk_objects(t, &child, fb_cfa, f);
			break;
		}
	} while (!f->objs_unknown && dwarf_siblingof(&child, &child) == 0);
}

/**
 * pi_loc_objects() - the variables a function keeps in its frame
 * @t: the architecture
 * @die: the function's concrete DIE
 * @fb_cfa: its frame base is the CFA
 * @f: receives objs, nobjs and objs_unknown
 *
 * Its parameters' and variables', those of the blocks and inlined calls
 * inside it included, merged where they overlap or touch: what an address
 * taken from the stack pointer may legally point into.
 */
void pi_loc_objects(const struct pi_target *t, Dwarf_Die *die, int fb_cfa,
		    struct pi_func *f)
{
	pi_loc_walk_objects(t, die, fb_cfa, f);
	pi_loc_merge_objects(f);
}
