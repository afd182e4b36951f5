// SPDX-License-Identifier: GPL-2.0
/*
 * paraminfo "delta" decoder. A lookup reads one u32 of the page index to
 * narrow the block index to a few entries, binary-searches those, then
 * decodes at most PARAMINFO_DELTA_BLOCK functions of one block. Prototypes
 * and strings are found through an index of every
 * PARAMINFO_DELTA_IDX_STEP-th one. The table holds no function names:
 * paraminfo_func.name is NULL and callers ask kallsyms.
 */
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/paraminfo.h>

#define DELTA_NBLOCKS	0	/* t->aux[]: entries in INDEX */
#define DELTA_NPAGES	1	/* entries in PAGES, minus the final one */
#define DELTA_NPROTOS	2	/* prototype ids PROTOIDX can reach */
#define DELTA_NSTRINGS	3	/* string ids STRIDX can reach */

static const u32 *delta_u32s(const struct paraminfo_table *t, unsigned int s)
{
	u32 size;

	return paraminfo_section(t, s, &size);
}

static int delta_init(struct paraminfo_table *t)
{
	const struct paraminfo_header *h = t->hdr;
	/* Rounded up without wrapping: nfuncs may be anything up to U32_MAX. */
	u32 nblocks = t->nfuncs / PARAMINFO_DELTA_BLOCK +
		      !!(t->nfuncs % PARAMINFO_DELTA_BLOCK);
	u32 npages = h->sect[PARAMINFO_DELTA_PAGES].size / sizeof(u32);
	const u32 *idx = delta_u32s(t, PARAMINFO_DELTA_INDEX);
	const u32 *pages = delta_u32s(t, PARAMINFO_DELTA_PAGES);
	u32 i;

	if (h->sect[PARAMINFO_DELTA_INDEX].size != nblocks * 2 * sizeof(u32) ||
	    h->sect[PARAMINFO_DELTA_PAGES].size % sizeof(u32) ||
	    h->sect[PARAMINFO_DELTA_PROTOIDX].size % sizeof(u32) ||
	    h->sect[PARAMINFO_DELTA_STRIDX].size % sizeof(u32) ||
	    h->sect[PARAMINFO_DELTA_PROTOIDX].size / sizeof(u32) >
		U32_MAX / PARAMINFO_DELTA_IDX_STEP ||
	    h->sect[PARAMINFO_DELTA_STRIDX].size / sizeof(u32) >
		U32_MAX / PARAMINFO_DELTA_IDX_STEP ||
	    (nblocks && npages < 2))
		return -EINVAL;
	if (!paraminfo_sorted(idx, nblocks, 2))
		return -EINVAL;
	/*
	 * Page entries name blocks, in order, so the search stays in bounds;
	 * each page's block starts at or before the page (all but the final
	 * entry), so the search in delta_find() always finds a block.
	 */
	for (i = 0; i < npages; i++)
		if (pages[i] >= nblocks || (i && pages[i] < pages[i - 1]) ||
		    (i + 1 < npages &&
		     idx[pages[i] * 2] > (u64)i << PARAMINFO_DELTA_PAGE_SHIFT))
			return -EINVAL;
	t->aux[DELTA_NBLOCKS] = nblocks;
	t->aux[DELTA_NPAGES] = npages ? npages - 1 : 0;
	/* Upper bounds: the last step of each may be short. */
	t->aux[DELTA_NPROTOS] = h->sect[PARAMINFO_DELTA_PROTOIDX].size /
				sizeof(u32) * PARAMINFO_DELTA_IDX_STEP;
	t->aux[DELTA_NSTRINGS] = h->sect[PARAMINFO_DELTA_STRIDX].size /
				 sizeof(u32) * PARAMINFO_DELTA_IDX_STEP;
	return 0;
}

/*
 * Open prototype @id: header read, cursor left at its first parameter.
 * PROTOIDX points at every PARAMINFO_DELTA_IDX_STEP-th prototype; the ones
 * in between are skipped, at most PARAMINFO_MAX_PARAMS parameters each.
 */
static int delta_proto(const struct paraminfo_table *t, u32 id,
		       struct paraminfo_proto *pr, struct paraminfo_cursor *c)
{
	struct paraminfo_param p;
	u32 i, j, name, type;

	if (id >= t->aux[DELTA_NPROTOS] ||
	    paraminfo_cursor_at(t, PARAMINFO_DELTA_PROTOS,
				delta_u32s(t, PARAMINFO_DELTA_PROTOIDX)
					[id / PARAMINFO_DELTA_IDX_STEP], c))
		return -EINVAL;
	for (i = 0; i < id % PARAMINFO_DELTA_IDX_STEP; i++) {
		if (paraminfo_proto_begin(t, c, pr) ||
		    pr->nparams > PARAMINFO_MAX_PARAMS)
			return -EINVAL;
		for (j = 0; j < pr->nparams; j++)
			if (paraminfo_proto_param(c, pr, j, &name, &type, &p))
				return -EINVAL;
	}
	return paraminfo_proto_begin(t, c, pr);
}

/*
 * Read the next function header of a block at @c, where @end is the end of
 * the function before it, and jump over its ranges: a lookup walks a block
 * reading four numbers per function. Its prototype is opened only by
 * delta_open(), for the function finally chosen.
 */
static int delta_next(const struct paraminfo_table *t,
		      struct paraminfo_cursor *c, u32 *end,
		      struct paraminfo_func *f)
{
	u32 gap, size, id, len;

	if (paraminfo_uleb(c, &gap) || paraminfo_uleb(c, &size) ||
	    paraminfo_uleb(c, &id) || paraminfo_uleb(c, &len) ||
	    gap > U32_MAX - *end || size > U32_MAX - *end - gap ||
	    len > c->end - c->p)
		return -EINVAL;
	f->addr = t->text_base + *end + gap;
	f->size = size;
	f->priv[0] = paraminfo_cursor_off(t, PARAMINFO_DELTA_DATA, c);
	f->priv[1] = id;
	f->name = NULL;
	c->p += len;
	*end += gap + size;
	return 0;
}

/* Fill in what the chosen function's prototype says. */
static int delta_open(const struct paraminfo_table *t, struct paraminfo_func *f,
		      u32 index)
{
	struct paraminfo_cursor pc;
	struct paraminfo_proto pr;

	if (delta_proto(t, f->priv[1], &pr, &pc))
		return -EINVAL;
	f->flags = pr.flags;
	f->nparams = pr.nparams;
	f->index = index;
	f->priv[1] = paraminfo_cursor_off(t, PARAMINFO_DELTA_PROTOS, &pc) << 1 |
		     pr.explicit;
	return 0;
}

static int delta_block(const struct paraminfo_table *t, u32 block,
		       struct paraminfo_cursor *c, u32 *start)
{
	const u32 *idx = delta_u32s(t, PARAMINFO_DELTA_INDEX);

	*start = idx[block * 2];
	return paraminfo_cursor_at(t, PARAMINFO_DELTA_DATA, idx[block * 2 + 1], c);
}

static int delta_func(const struct paraminfo_table *t, u32 index,
		      struct paraminfo_func *f)
{
	u32 block = index / PARAMINFO_DELTA_BLOCK, end, i;
	struct paraminfo_cursor c;

	if (delta_block(t, block, &c, &end))
		return -EINVAL;
	for (i = block * PARAMINFO_DELTA_BLOCK; i <= index; i++)
		if (delta_next(t, &c, &end, f))
			return -EINVAL;
	return delta_open(t, f, index);
}

static int delta_find(const struct paraminfo_table *t, u64 addr,
		      struct paraminfo_func *f)
{
	const u32 *pages = delta_u32s(t, PARAMINFO_DELTA_PAGES);
	const u32 *idx = delta_u32s(t, PARAMINFO_DELTA_INDEX);
	u64 off = addr - t->text_base;
	u32 page, lo, n, end, i, last;
	struct paraminfo_cursor c;

	page = off >> PARAMINFO_DELTA_PAGE_SHIFT;
	if (off > U32_MAX || page >= t->aux[DELTA_NPAGES])
		return -ENOENT;
	/* Only the blocks named by this page and the next can hold @off. */
	lo = pages[page];
	n = pages[page + 1] - lo + 1;
	lo += paraminfo_upper_bound(idx + lo * 2, n, 2, off) - 1;
	if (delta_block(t, lo, &c, &end))
		return -EINVAL;
	last = min_t(u32, t->nfuncs, (lo + 1) * PARAMINFO_DELTA_BLOCK);
	for (i = lo * PARAMINFO_DELTA_BLOCK; i < last; i++) {
		if (delta_next(t, &c, &end, f))
			return -EINVAL;
		if (off < f->addr - t->text_base)
			return -ENOENT;
		if (off < end)
			return delta_open(t, f, i);
	}
	return -ENOENT;
}

/*
 * String @id: STRIDX points at every PARAMINFO_DELTA_IDX_STEP-th string,
 * the ones in between are skipped, never past the section's end.
 */
static const char *delta_string(const struct paraminfo_table *t, u32 id)
{
	u32 size, off, i;
	const char *s = paraminfo_section(t, PARAMINFO_DELTA_STRINGS, &size);

	if (id >= t->aux[DELTA_NSTRINGS] || !s)
		return NULL;
	off = delta_u32s(t, PARAMINFO_DELTA_STRIDX)[id / PARAMINFO_DELTA_IDX_STEP];
	for (i = 0; i < id % PARAMINFO_DELTA_IDX_STEP && off < size; i++) {
		while (off < size && s[off])
			off++;
		off++;
	}
	return paraminfo_string(t, PARAMINFO_DELTA_STRINGS, off);
}

static int delta_param(const struct paraminfo_table *t,
		       const struct paraminfo_func *f, u32 i,
		       struct paraminfo_param *p)
{
	struct paraminfo_proto pr = {
		.flags = f->flags, .nparams = f->nparams,
		.explicit = f->priv[1] & 1, .hdr = t->hdr,
	};
	struct paraminfo_cursor pc, c;
	u32 j, name, type;

	if (paraminfo_cursor_at(t, PARAMINFO_DELTA_PROTOS, f->priv[1] >> 1, &pc) ||
	    paraminfo_cursor_at(t, PARAMINFO_DELTA_DATA, f->priv[0], &c))
		return -EINVAL;
	for (j = 0; j <= i; j++)
		if (paraminfo_proto_param(&pc, &pr, j, &name, &type, p))
			return -EINVAL;
	for (j = 0; j < i; j++)
		if (paraminfo_locs_skip(&c, f->size))
			return -EINVAL;
	if (paraminfo_locs_begin(&c, p))
		return -EINVAL;
	p->name = delta_string(t, name);
	p->type = delta_string(t, type);
	p->priv = paraminfo_cursor_off(t, PARAMINFO_DELTA_DATA, &c);
	return p->name && p->type ? 0 : -EINVAL;
}

static int delta_loc(const struct paraminfo_table *t,
		     const struct paraminfo_func *f,
		     const struct paraminfo_param *p, u32 i,
		     struct paraminfo_loc *l)
{
	return paraminfo_loc_in(t, PARAMINFO_DELTA_DATA, f, p, i, l);
}

static int delta_reg_at(const struct paraminfo_table *t,
		      const struct paraminfo_func *f,
		      const struct paraminfo_param *p, u32 off)
{
	return paraminfo_reg_at_in(t, PARAMINFO_DELTA_DATA, f, p, off);
}

const struct paraminfo_decoder paraminfo_decoder_delta = {
	.name = "delta",
	.encoding = PARAMINFO_ENC_DELTA,
	.init = delta_init,
	.func = delta_func,
	.find = delta_find,
	.param = delta_param,
	.loc = delta_loc,
	.reg_at = delta_reg_at,
};
