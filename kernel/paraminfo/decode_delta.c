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
	    h->sect[PARAMINFO_DELTA_DATA].size > U32_MAX / 8 ||
	    h->align_shift > PARAMINFO_DELTA_MAX_ALIGN_SHIFT ||
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

	pr->compact = true;
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
 * reading three to five numbers per function. Its prototype is opened only by
 * delta_open(), for the function finally chosen.
 */
static int delta_next(const struct paraminfo_table *t,
		      struct paraminfo_cursor *c, u32 *end,
		      struct paraminfo_func *f)
{
	u32 gap, flags = 0, size, id, len;

	/* Without a gap, the function starts at the next aligned offset. */
	if (paraminfo_uleb(c, &len))
		return -EINVAL;
	gap = -*end & ((1U << t->hdr->align_shift) - 1);
	if (((len & 1) && paraminfo_uleb(c, &gap)) ||
	    ((len & 2) && paraminfo_uleb(c, &flags)) ||
	    paraminfo_uleb(c, &size) || paraminfo_uleb(c, &id))
		return -EINVAL;
	len >>= 2;
	if (gap > U32_MAX - *end || size > U32_MAX - *end - gap ||
	    len > c->end - c->p)
		return -EINVAL;
	f->addr = t->text_base + *end + gap;
	f->size = size;
	f->flags = flags;	/* delta_open() adds the prototype's */
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
	f->flags |= pr.flags;
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

/*
 * A parameter's ranges are a bit stream (paraminfo_format.h); a reader
 * never goes past DATA's end, which delta_init() keeps within U32_MAX bits.
 */
struct delta_bits {
	const u8 *p;		/* DATA */
	u32 pos;		/* next bit */
	u32 end;		/* bits in DATA */
};

static int delta_bits_at(const struct paraminfo_table *t, u32 pos,
			 struct delta_bits *b)
{
	u32 size;

	b->p = paraminfo_section(t, PARAMINFO_DELTA_DATA, &size);
	b->pos = pos;
	b->end = size * 8;
	return b->p && pos <= b->end ? 0 : -EINVAL;
}

/* @n (at most 32) bits, the first one read the most significant. */
static int delta_bits_get(struct delta_bits *b, u32 n, u32 *v)
{
	u32 i;

	if (n > b->end - b->pos)
		return -EINVAL;
	for (*v = 0, i = 0; i < n; i++, b->pos++)
		*v = *v << 1 | (b->p[b->pos / 8] >> (b->pos % 8) & 1);
	return 0;
}

/* An order-@k exponential-Golomb number. */
static int delta_bits_eg(struct delta_bits *b, u32 k, u32 *v)
{
	u32 z, bit, rest, low;

	for (z = 0;; z++) {
		if (delta_bits_get(b, 1, &bit))
			return -EINVAL;
		if (bit)
			break;
		if (z == PARAMINFO_DELTA_EG_MAX_ZEROS)
			return -EINVAL;
	}
	if (delta_bits_get(b, z, &rest) || delta_bits_get(b, k, &low))
		return -EINVAL;
	*v = ((1U << z | rest) - 1) << k | low;
	return 0;
}

/* How many ranges a parameter has, or why none: p->nlocs and p->why. */
static int delta_locs_begin(struct delta_bits *b, struct paraminfo_param *p)
{
	u32 v, n;

	if (delta_bits_get(b, 1, &v))
		return -EINVAL;
	if (!v) {
		if (delta_bits_get(b, PARAMINFO_DELTA_WHY_BITS, &v) ||
		    v == PARAMINFO_WHY_REG || v >= PARAMINFO_WHY_NR)
			return -EINVAL;
		p->nlocs = 0;
		p->why = v;
		return 0;
	}
	if (delta_bits_eg(b, 0, &n) || delta_bits_get(b, 1, &v))
		return -EINVAL;
	p->nlocs = n + 1;
	p->why = v ? PARAMINFO_WHY_REASSIGNED : PARAMINFO_WHY_REG;
	return 0;
}

/*
 * The next range of parameter @p of a function of @fsize bytes. @prev_to
 * is where the previous range ended (0 before the first), @last the
 * register of its last range outside reg[0] (PARAMINFO_NR_REGS before one).
 */
static int delta_locs_next(struct delta_bits *b, const struct paraminfo_param *p,
			   u32 fsize, u32 *prev_to, u32 *last,
			   struct paraminfo_loc *l)
{
	u32 v, gap = 0, len;

	/* 0: reg[0]; 10: *last; 11 (1 without *last): a register number. */
	if (delta_bits_get(b, 1, &v))
		return -EINVAL;
	if (!v)
		v = p->reg[0];
	else if (*last < PARAMINFO_NR_REGS && delta_bits_get(b, 1, &v))
		return -EINVAL;
	else if (!v)
		v = *last;
	else if (delta_bits_get(b, PARAMINFO_DELTA_REG_BITS, &v))
		return -EINVAL;
	if (v >= PARAMINFO_NR_REGS)
		return -EINVAL;
	l->reg = v;
	if (v != p->reg[0])
		*last = v;
	/* A stack slot's offset follows its register, however coded. */
	l->off = 0;
	if (v == PARAMINFO_LOC_STACK) {
		if (delta_bits_eg(b, PARAMINFO_DELTA_K_STACK, &v) ||
		    v > PARAMINFO_STACK_OFF_MAX)
			return -EINVAL;
		l->off = v;
	}
	if (delta_bits_get(b, 1, &v) ||
	    (v && delta_bits_eg(b, PARAMINFO_DELTA_K_GAP, &gap)))
		return -EINVAL;
	gap += v;
	if (*prev_to > fsize || gap > fsize - *prev_to)
		return -EINVAL;
	l->from = *prev_to + gap;
	if (delta_bits_get(b, 1, &v))
		return -EINVAL;
	if (v) {
		len = fsize - l->from;
	} else {
		if (delta_bits_eg(b, PARAMINFO_DELTA_K_LEN, &len))
			return -EINVAL;
		len++;
	}
	if (!len || len > fsize - l->from)
		return -EINVAL;
	l->to = l->from + len;
	*prev_to = l->to;
	return 0;
}

static int delta_locs_skip(struct delta_bits *b, struct paraminfo_param *p,
			   u32 fsize)
{
	struct paraminfo_loc l;
	u32 i, prev_to = 0, last = PARAMINFO_NR_REGS;

	if (delta_locs_begin(b, p))
		return -EINVAL;
	for (i = 0; i < p->nlocs; i++)
		if (delta_locs_next(b, p, fsize, &prev_to, &last, &l))
			return -EINVAL;
	return 0;
}

static int delta_param(const struct paraminfo_table *t,
		       const struct paraminfo_func *f, u32 i,
		       struct paraminfo_param *p)
{
	struct paraminfo_proto pr = {
		.flags = f->flags, .nparams = f->nparams,
		.explicit = f->priv[1] & 1, .hdr = t->hdr, .compact = true,
	};
	struct paraminfo_cursor pc;
	struct delta_bits b;
	u32 j, name, type;

	if (paraminfo_cursor_at(t, PARAMINFO_DELTA_PROTOS, f->priv[1] >> 1, &pc) ||
	    f->priv[0] > U32_MAX / 8 || delta_bits_at(t, f->priv[0] * 8, &b))
		return -EINVAL;
	/* Ranges name the entry register: each parameter's slot first. */
	for (j = 0; j <= i; j++)
		if (paraminfo_proto_param(&pc, &pr, j, &name, &type, p) ||
		    (j < i && delta_locs_skip(&b, p, f->size)))
			return -EINVAL;
	if (delta_locs_begin(&b, p))
		return -EINVAL;
	p->name = delta_string(t, name);
	p->type = delta_string(t, type);
	p->priv = b.pos;
	/* A type's string starts with its size + 1. */
	if (!p->name || !p->type || !*p->type ||
	    (u8)*p->type > PARAMINFO_SIZE_MAX + 1)
		return -EINVAL;
	p->size = (u8)*p->type++ - 1;
	return 0;
}

static int delta_loc(const struct paraminfo_table *t,
		     const struct paraminfo_func *f,
		     const struct paraminfo_param *p, u32 i,
		     struct paraminfo_loc *l)
{
	u32 j, prev_to = 0, last = PARAMINFO_NR_REGS;
	struct delta_bits b;

	/* Ranges are deltas from each other: decode up to the i-th. */
	if (delta_bits_at(t, p->priv, &b))
		return -EINVAL;
	for (j = 0; j <= i; j++)
		if (delta_locs_next(&b, p, f->size, &prev_to, &last, l))
			return -EINVAL;
	return 0;
}

static int delta_loc_at(const struct paraminfo_table *t,
			const struct paraminfo_func *f,
			const struct paraminfo_param *p, u32 off,
			struct paraminfo_loc *l)
{
	u32 i, prev_to = 0, last = PARAMINFO_NR_REGS;
	struct delta_bits b;

	if (delta_bits_at(t, p->priv, &b))
		return -EINVAL;
	/* Ranges are sorted: stop at the first one that starts after @off. */
	for (i = 0; i < p->nlocs; i++) {
		if (delta_locs_next(&b, p, f->size, &prev_to, &last, l))
			return -EINVAL;
		if (l->from > off)
			break;
		if (off < l->to)
			return 0;
	}
	return -ENOENT;
}

const struct paraminfo_decoder paraminfo_decoder_delta = {
	.name = "delta",
	.encoding = PARAMINFO_ENC_DELTA,
	.init = delta_init,
	.func = delta_func,
	.find = delta_find,
	.param = delta_param,
	.loc = delta_loc,
	.loc_at = delta_loc_at,
};
