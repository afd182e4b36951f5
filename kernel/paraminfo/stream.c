// SPDX-License-Identifier: GPL-2.0
/*
 * paraminfo varint streams: the prototype and range encodings that the
 * pool and delta tables share (layout in include/linux/paraminfo_format.h).
 * Every read goes through a cursor that knows where its section ends; a
 * read past it, an over-long ULEB128 or an impossible value is -EINVAL.
 */
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/paraminfo.h>

/**
 * paraminfo_cursor_at() - a cursor at an offset of a section
 * @t: the table
 * @sect: the section
 * @off: offset in it
 * @c: the cursor, reading to the section's end
 *
 * Return: 0, or -EINVAL when @off is outside the section.
 */
int paraminfo_cursor_at(const struct paraminfo_table *t, unsigned int sect,
			u32 off, struct paraminfo_cursor *c)
{
	u32 size;
	const u8 *s = paraminfo_section(t, sect, &size);

	if (!s || off > size)
		return -EINVAL;
	c->p = s + off;
	c->end = s + size;
	return 0;
}

/**
 * paraminfo_cursor_off() - where a cursor is in a section
 * @t: the table
 * @sect: the section the cursor reads
 * @c: the cursor
 *
 * Return: the offset, for paraminfo_cursor_at() to come back to.
 */
u32 paraminfo_cursor_off(const struct paraminfo_table *t, unsigned int sect,
			 const struct paraminfo_cursor *c)
{
	u32 size;

	return c->p - (const u8 *)paraminfo_section(t, sect, &size);
}

/**
 * paraminfo_uleb() - read an unsigned LEB128 number of at most 32 bits
 * @c: the cursor, advanced past the number
 * @val: the number
 *
 * Return: 0, or -EINVAL at the end of the section or for over 32 bits.
 */
int paraminfo_uleb(struct paraminfo_cursor *c, u32 *val)
{
	u32 shift = 0, v = 0;
	u8 b;

	do {
		if (c->p >= c->end || shift > 28)
			return -EINVAL;
		b = *c->p++;
		if (shift == 28 && (b & 0x70))
			return -EINVAL;
		v |= (u32)(b & 0x7f) << shift;
		shift += 7;
	} while (b & 0x80);
	*val = v;
	return 0;
}

static int paraminfo_byte(struct paraminfo_cursor *c, u8 *b)
{
	if (c->p >= c->end)
		return -EINVAL;
	*b = *c->p++;
	return 0;
}

/**
 * paraminfo_proto_begin() - read a prototype's header
 * @t: the table, whose header lists the argument registers
 * @c: the cursor, left at the first parameter
 * @pr: flags, parameter count and whether ABI slots are stored; its
 *	compact member says which layout to read
 *
 * Return: 0 or -EINVAL.
 */
int paraminfo_proto_begin(const struct paraminfo_table *t,
			  struct paraminfo_cursor *c, struct paraminfo_proto *pr)
{
	u32 v;

	pr->hdr = t->hdr;
	if (pr->compact) {
		pr->flags = 0;
		if (paraminfo_uleb(c, &v) ||
		    ((v & 2) && paraminfo_uleb(c, &pr->flags)))
			return -EINVAL;
		pr->nparams = v >> 2;
		pr->explicit = v & 1;
		return 0;
	}
	if (paraminfo_uleb(c, &pr->flags) || paraminfo_uleb(c, &v))
		return -EINVAL;
	pr->nparams = v >> 1;
	pr->explicit = v & 1;
	return 0;
}

/**
 * paraminfo_proto_param() - read the next parameter of a prototype
 * @c: the cursor, advanced past it
 * @pr: the prototype
 * @i: the parameter's position
 * @name_id: its name, as the encoding numbers strings
 * @type_id: its type, likewise
 * @p: abi and reg[] are filled in
 *
 * Return: 0 or -EINVAL.
 */
int paraminfo_proto_param(struct paraminfo_cursor *c,
			  const struct paraminfo_proto *pr, u32 i,
			  u32 *name_id, u32 *type_id,
			  struct paraminfo_param *p)
{
	u32 slot = i + !!(pr->flags & PARAMINFO_F_HIDDEN_RET);
	u8 b;

	if (paraminfo_uleb(c, name_id) || paraminfo_uleb(c, type_id))
		return -EINVAL;
	/* A compact prototype's type string holds the size. */
	p->size = pr->compact ? 0 : *type_id & PARAMINFO_SIZE_MAX;
	if (!pr->compact)
		*type_id >>= 4;
	p->reg[1] = 0;
	if (!pr->explicit) {
		if (!pr->hdr || slot >= pr->hdr->nargs)
			return -EINVAL;
		p->abi = PARAMINFO_ABI_REG;
		p->reg[0] = pr->hdr->arg_regs[slot];
		return 0;
	}
	if (paraminfo_byte(c, &b) || (b & 7) >= PARAMINFO_ABI_NR)
		return -EINVAL;
	p->abi = b & 7;
	p->reg[0] = b >> 3;
	if (p->abi == PARAMINFO_ABI_REG2 && paraminfo_byte(c, &p->reg[1]))
		return -EINVAL;
	if (p->reg[0] >= PARAMINFO_NR_REGS || p->reg[1] >= PARAMINFO_NR_REGS)
		return -EINVAL;
	return 0;
}

/**
 * paraminfo_locs_begin() - read how many ranges a parameter has, or why none
 * @c: the cursor, left at the first range
 * @p: nlocs and why are filled in
 *
 * Return: 0 or -EINVAL.
 */
int paraminfo_locs_begin(struct paraminfo_cursor *c, struct paraminfo_param *p)
{
	u32 v;

	if (paraminfo_uleb(c, &v))
		return -EINVAL;
	if (v >= PARAMINFO_WHY_NR) {
		v -= PARAMINFO_WHY_NR;
		p->nlocs = (v >> 1) + 1;
		p->why = v & 1 ? PARAMINFO_WHY_REASSIGNED : PARAMINFO_WHY_REG;
	} else {
		p->nlocs = 0;
		p->why = v;
		if (v == PARAMINFO_WHY_REG)
			return -EINVAL;
	}
	return 0;
}

/**
 * paraminfo_locs_next() - read the next range of a parameter
 * @c: the cursor, advanced past it
 * @fsize: the function's size, which every range must fit in
 * @prev_to: end of the previous range (0 before the first); updated
 * @l: the range
 *
 * Return: 0 or -EINVAL.
 */
int paraminfo_locs_next(struct paraminfo_cursor *c, u32 fsize, u32 *prev_to,
			struct paraminfo_loc *l)
{
	u32 gap = 0, len, off = 0;
	u8 b;

	if (paraminfo_byte(c, &b))
		return -EINVAL;
	if ((b & PARAMINFO_LOC_GAP) && paraminfo_uleb(c, &gap))
		return -EINVAL;
	if (gap > fsize - *prev_to)
		return -EINVAL;
	l->from = *prev_to + gap;
	l->reg = b & PARAMINFO_LOC_REG;
	len = b >> PARAMINFO_LOC_LEN_SHIFT;
	if (len == PARAMINFO_LEN_TO_END) {
		len = fsize - l->from;
	} else if (len == PARAMINFO_LEN_ULEB) {
		if (paraminfo_uleb(c, &len))
			return -EINVAL;
	} else {
		len *= PARAMINFO_LEN_UNIT;
	}
	if (!len || len > fsize - l->from)
		return -EINVAL;
	/* A stack slot's offset follows the range. */
	if (l->reg == PARAMINFO_LOC_STACK &&
	    (paraminfo_uleb(c, &off) || off > PARAMINFO_STACK_OFF_MAX))
		return -EINVAL;
	l->off = off;
	l->to = l->from + len;
	*prev_to = l->to;
	return 0;
}

/**
 * paraminfo_locs_skip() - move past one parameter's ranges
 * @c: the cursor, at the parameter's count
 * @fsize: the function's size
 *
 * Return: 0 or -EINVAL.
 */
int paraminfo_locs_skip(struct paraminfo_cursor *c, u32 fsize)
{
	struct paraminfo_param p;
	struct paraminfo_loc l;
	u32 i, prev_to = 0;

	if (paraminfo_locs_begin(c, &p))
		return -EINVAL;
	for (i = 0; i < p.nlocs; i++)
		if (paraminfo_locs_next(c, fsize, &prev_to, &l))
			return -EINVAL;
	return 0;
}

/**
 * paraminfo_loc_in() - a parameter's i-th range from a varint stream
 * @t: the table
 * @sect: the section holding the ranges
 * @f: the function
 * @p: the parameter; p->priv is the offset of its first range in @sect
 * @i: which range
 * @l: the range
 *
 * Return: 0 or -EINVAL.
 */
int paraminfo_loc_in(const struct paraminfo_table *t, unsigned int sect,
		     const struct paraminfo_func *f,
		     const struct paraminfo_param *p, u32 i,
		     struct paraminfo_loc *l)
{
	struct paraminfo_cursor c;
	u32 j, prev_to = 0;

	/* Ranges are deltas from each other: decode up to the i-th. */
	if (paraminfo_cursor_at(t, sect, p->priv, &c))
		return -EINVAL;
	for (j = 0; j <= i; j++)
		if (paraminfo_locs_next(&c, f->size, &prev_to, l))
			return -EINVAL;
	return 0;
}

/**
 * paraminfo_loc_at_in() - the range covering an offset, in one pass
 * @t: the table
 * @sect: the section holding the ranges
 * @f: the function
 * @p: the parameter; p->priv is the offset of its first range in @sect
 * @off: offset of the instruction from the function's start
 * @l: filled in on success
 *
 * Return: 0, -ENOENT when no range covers @off, -EINVAL for a corrupt
 * range before the one that does.
 */
int paraminfo_loc_at_in(const struct paraminfo_table *t, unsigned int sect,
			const struct paraminfo_func *f,
			const struct paraminfo_param *p, u32 off,
			struct paraminfo_loc *l)
{
	struct paraminfo_cursor c;
	u32 i, prev_to = 0;

	if (paraminfo_cursor_at(t, sect, p->priv, &c))
		return -EINVAL;
	/* Ranges are sorted: stop at the first one that starts after @off. */
	for (i = 0; i < p->nlocs; i++) {
		if (paraminfo_locs_next(&c, f->size, &prev_to, l))
			return -EINVAL;
		if (l->from > off)
			break;
		if (off < l->to)
			return 0;
	}
	return -ENOENT;
}
