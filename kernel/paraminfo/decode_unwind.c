// SPDX-License-Identifier: GPL-2.0
/*
 * paraminfo unwind rows: section PARAMINFO_SECT_UNWIND, one layout for
 * every encoding (include/linux/paraminfo_format.h). A function's rows are
 * found from its index: the block's offset, then at most
 * PARAMINFO_UNWIND_BLOCK - 1 functions skipped, each by its sequence's
 * rows; a row's shape, then the shape's saved set, each from its
 * dictionary's index and at most PARAMINFO_UNWIND_IDX_STEP - 1 entries
 * skipped. Every read goes through a cursor bounded by its part of the
 * section, and every loop consumes at least one byte of it: a damaged
 * section answers -EINVAL, never a read outside it or an endless walk.
 */
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/paraminfo.h>

/* The section and its header, or NULL when the table has no rows. */
static const struct paraminfo_unwind_header *
paraminfo_unwind_hdr(const struct paraminfo_table *t, u32 *size)
{
	const struct paraminfo_unwind_header *h;

	h = paraminfo_section(t, PARAMINFO_SECT_UNWIND, size);
	return h && *size ? h : NULL;
}

static u32 paraminfo_unwind_idx(u32 n, u32 step)
{
	return n / step + !!(n % step);
}

/* Index entries before SAVEIDX's: BLOCKS'. */
static u32 paraminfo_unwind_saveidx(const struct paraminfo_table *t)
{
	return paraminfo_unwind_idx(t->nfuncs, PARAMINFO_UNWIND_BLOCK);
}

/* Index entries before SHAPEIDX's: BLOCKS' and SAVEIDX's. */
static u32 paraminfo_unwind_shapeidx(const struct paraminfo_table *t,
				     const struct paraminfo_unwind_header *h)
{
	return paraminfo_unwind_saveidx(t) +
	       paraminfo_unwind_idx(h->nsaves, PARAMINFO_UNWIND_IDX_STEP);
}

/* Index entries before SEQIDX's: BLOCKS', SAVEIDX's and SHAPEIDX's. */
static u32 paraminfo_unwind_seqidx(const struct paraminfo_table *t,
				   const struct paraminfo_unwind_header *h)
{
	return paraminfo_unwind_shapeidx(t, h) +
	       paraminfo_unwind_idx(h->nshapes, PARAMINFO_UNWIND_IDX_STEP);
}

/**
 * paraminfo_unwind_check() - validate a table's unwind rows section
 * @t: the table, its header already checked
 *
 * Called by paraminfo_table_init(). The parts of the section must be in
 * order and inside it, its indexes sized by the counts; what they point
 * to is checked when read.
 *
 * Return: 0, also for an empty section; -EINVAL when it is malformed.
 */
int paraminfo_unwind_check(const struct paraminfo_table *t)
{
	const struct paraminfo_unwind_header *h;
	u64 idx;
	u32 size;

	h = paraminfo_unwind_hdr(t, &size);
	if (!h)
		return 0;
	if (size < sizeof(*h) || h->ra >= PARAMINFO_NR_REGS ||
	    h->shift > PARAMINFO_UNWIND_SHIFT_MAX || h->pad[0] || h->pad[1])
		return -EINVAL;
	idx = (u64)paraminfo_unwind_seqidx(t, h) +
	      paraminfo_unwind_idx(h->nseqs, PARAMINFO_UNWIND_IDX_STEP);
	if (sizeof(*h) + idx * sizeof(u32) != h->saves ||
	    h->saves > h->shapes || h->shapes > h->seqs ||
	    h->seqs > h->rows || h->rows > size)
		return -EINVAL;
	return 0;
}

/* The u32 at index @i of the index array starting after @skip others. */
static u32 paraminfo_unwind_index(const struct paraminfo_unwind_header *h,
				  u32 skip, u32 i)
{
	const u32 *a = (const u32 *)(h + 1);

	return a[skip + i];
}

/*
 * A cursor at entry @id of the dictionary [@lo, @hi) of the section,
 * whose index starts after @skip other index entries: the indexed entry,
 * then id % PARAMINFO_UNWIND_IDX_STEP entries skipped by @skip_one.
 */
static int paraminfo_unwind_entry(const struct paraminfo_unwind_header *h,
				  u32 skip, u32 n, u32 lo, u32 hi, u32 id,
				  int (*skip_one)(struct paraminfo_cursor *c),
				  struct paraminfo_cursor *c)
{
	const u8 *s = (const u8 *)h;
	u32 off, i;
	int ret;

	if (id >= n)
		return -EINVAL;
	off = paraminfo_unwind_index(h, skip, id / PARAMINFO_UNWIND_IDX_STEP);
	if (off > hi - lo)
		return -EINVAL;
	c->p = s + lo + off;
	c->end = s + hi;
	for (i = 0; i < id % PARAMINFO_UNWIND_IDX_STEP; i++) {
		ret = skip_one(c);
		if (ret)
			return ret;
	}
	return 0;
}

/* Read one saved set into @u; with @u NULL, only pass it. */
static int paraminfo_unwind_save(struct paraminfo_cursor *c,
				 struct paraminfo_unwind *u)
{
	u32 n, i, off;

	if (paraminfo_uleb(c, &n) || n > PARAMINFO_UNWIND_SAVED)
		return -EINVAL;
	if (u)
		u->nsaved = n;
	for (i = 0; i < n; i++) {
		if (c->p >= c->end || *c->p >= PARAMINFO_NR_REGS)
			return -EINVAL;
		if (u)
			u->saved[i].reg = *c->p;
		c->p++;
		if (paraminfo_uleb(c, &off) || off > PARAMINFO_UNWIND_OFF_MAX)
			return -EINVAL;
		if (u)
			u->saved[i].off = off;
	}
	return 0;
}

static int paraminfo_unwind_skip_save(struct paraminfo_cursor *c)
{
	return paraminfo_unwind_save(c, NULL);
}

/* Read one shape's CFA and lost into @u, its saved set's id into @save. */
static int paraminfo_unwind_shape(struct paraminfo_cursor *c,
				  struct paraminfo_unwind *u, u32 *save)
{
	u32 cfa, lost;

	if (paraminfo_uleb(c, &cfa) || paraminfo_uleb(c, &lost) ||
	    paraminfo_uleb(c, save) || cfa > PARAMINFO_UNWIND_OFF_MAX)
		return -EINVAL;
	if (u) {
		u->cfa = cfa;
		u->lost = lost;
	}
	return 0;
}

static int paraminfo_unwind_skip_shape(struct paraminfo_cursor *c)
{
	u32 save;

	return paraminfo_unwind_shape(c, NULL, &save);
}

static int paraminfo_unwind_skip_seq(struct paraminfo_cursor *c)
{
	u32 n, i, id;

	if (paraminfo_uleb(c, &n))
		return -EINVAL;
	/* Each row takes a byte: a huge count runs out of section. */
	for (i = 0; i < n; i++)
		if (paraminfo_uleb(c, &id))
			return -EINVAL;
	return 0;
}

/* A cursor at sequence @id's rows, and its row count. */
static int paraminfo_unwind_seq(const struct paraminfo_table *t,
				const struct paraminfo_unwind_header *h,
				u32 id, struct paraminfo_cursor *c, u32 *nrows)
{
	if (paraminfo_unwind_entry(h, paraminfo_unwind_seqidx(t, h), h->nseqs,
				   h->seqs, h->rows, id,
				   paraminfo_unwind_skip_seq, c) ||
	    paraminfo_uleb(c, nrows))
		return -EINVAL;
	return 0;
}

/*
 * Row @k of @n: its shape id from the sequence @seq, the bytes it skips
 * and its length from ROWS at @c, in units of 1 << shift (@len 0: to the
 * function's end).
 */
static int paraminfo_unwind_bounds(struct paraminfo_cursor *seq,
				   struct paraminfo_cursor *c, u32 k, u32 n,
				   u32 *shape, u32 *skip, u32 *len)
{
	u32 v;

	if (paraminfo_uleb(seq, &v) || ((v & 1) && k + 1 != n))
		return -EINVAL;
	*shape = v >> 2;
	*skip = 0;
	*len = 0;
	if ((v & 2) && (paraminfo_uleb(c, skip) || ++*skip == 0))
		return -EINVAL;
	if (!(v & 1) && (paraminfo_uleb(c, len) || ++*len == 0))
		return -EINVAL;
	return 0;
}

/* @u's CFA, lost and saved registers, from shape @id. */
static int paraminfo_unwind_row(const struct paraminfo_table *t,
				const struct paraminfo_unwind_header *h, u32 id,
				struct paraminfo_unwind *u)
{
	struct paraminfo_cursor c;
	u32 save;

	if (paraminfo_unwind_entry(h, paraminfo_unwind_shapeidx(t, h),
				   h->nshapes, h->shapes, h->seqs, id,
				   paraminfo_unwind_skip_shape, &c) ||
	    paraminfo_unwind_shape(&c, u, &save) ||
	    paraminfo_unwind_entry(h, paraminfo_unwind_saveidx(t), h->nsaves,
				   h->saves, h->shapes, save,
				   paraminfo_unwind_skip_save, &c))
		return -EINVAL;
	return paraminfo_unwind_save(&c, u);
}

/*
 * The first row of @f that ends after @off: 0 and the row in @u, -ENOENT
 * when none does (or the table has no rows), -EINVAL when the section is
 * damaged.
 */
static int paraminfo_unwind_find(const struct paraminfo_table *t,
				 const struct paraminfo_func *f, u32 off,
				 struct paraminfo_unwind *u)
{
	const struct paraminfo_unwind_header *h;
	struct paraminfo_cursor c, seq;
	u32 size, i, k, n, id, skip, len, prev = 0;
	const u8 *s;

	h = paraminfo_unwind_hdr(t, &size);
	if (!h)
		return -ENOENT;
	if (f->index >= t->nfuncs)
		return -EINVAL;
	s = (const u8 *)h;
	i = paraminfo_unwind_index(h, 0, f->index / PARAMINFO_UNWIND_BLOCK);
	if (i > size - h->rows)
		return -EINVAL;
	c.p = s + h->rows + i;
	c.end = s + size;
	/* Pass the functions before @f in its block, row by row. */
	for (i = 0; i < f->index % PARAMINFO_UNWIND_BLOCK; i++) {
		if (paraminfo_uleb(&c, &id) ||
		    paraminfo_unwind_seq(t, h, id, &seq, &n))
			return -EINVAL;
		for (k = 0; k < n; k++)
			if (paraminfo_unwind_bounds(&seq, &c, k, n, &id, &skip,
						    &len))
				return -EINVAL;
	}
	if (paraminfo_uleb(&c, &id) || paraminfo_unwind_seq(t, h, id, &seq, &n))
		return -EINVAL;
	for (k = 0; k < n; k++) {
		if (paraminfo_unwind_bounds(&seq, &c, k, n, &id, &skip, &len) ||
		    skip > (f->size - prev) >> h->shift)
			return -EINVAL;
		u->from = prev + (skip << h->shift);
		if (len > (f->size - u->from) >> h->shift)
			return -EINVAL;
		len = len ? len << h->shift : f->size - u->from;
		if (!len)
			return -EINVAL;
		u->to = u->from + len;
		prev = u->to;
		if (u->to > off)
			return paraminfo_unwind_row(t, h, id, u);
	}
	return -ENOENT;
}

/**
 * paraminfo_unwind_at() - how to find the caller's registers at an offset
 * @t: the table
 * @f: a function of it, from paraminfo_find() or paraminfo_func_at()
 * @off: bytes from the function's start
 * @u: the row covering @off
 *
 * Return: 0 and the row; -ENOENT when no row covers @off or the table has
 * no rows; -EINVAL when the section is damaged.
 */
int paraminfo_unwind_at(const struct paraminfo_table *t,
			const struct paraminfo_func *f, u32 off,
			struct paraminfo_unwind *u)
{
	int ret = paraminfo_unwind_next(t, f, off, u);

	if (!ret && u->from > off)
		return -ENOENT;
	return ret;
}

/**
 * paraminfo_unwind_next() - the first row that ends after an offset
 * @t: the table
 * @f: a function of it
 * @off: bytes from the function's start
 * @u: the row: the one covering @off, or else the next one
 *
 * Walks a function's rows, for dumps: from @off 0, then each row's to.
 *
 * Return: 0 and the row; -ENOENT when no row ends after @off or the table
 * has no rows; -EINVAL when the section is damaged.
 */
int paraminfo_unwind_next(const struct paraminfo_table *t,
			  const struct paraminfo_func *f, u32 off,
			  struct paraminfo_unwind *u)
{
	return paraminfo_unwind_find(t, f, off, u);
}

/**
 * paraminfo_unwind_abi() - what the rows leave unsaid of the architecture
 * @t: the table
 * @ra: the return address column
 * @preserved: the registers a call preserves, but the stack pointer
 *
 * A register of @preserved (or @ra) that a row neither saves nor lists as
 * lost still holds the caller's value.
 *
 * Return: 0, or -ENOENT when the table has no rows.
 */
int paraminfo_unwind_abi(const struct paraminfo_table *t, u8 *ra,
			 u32 *preserved)
{
	const struct paraminfo_unwind_header *h;
	u32 size;

	h = paraminfo_unwind_hdr(t, &size);
	if (!h)
		return -ENOENT;
	*ra = h->ra;
	*preserved = h->preserved;
	return 0;
}
