// SPDX-License-Identifier: GPL-2.0
/*
 * The "delta" encoding, the smallest: functions in blocks of
 * PARAMINFO_DELTA_BLOCK as ULEB128 gaps and sizes, a prototype id and
 * each parameter's ranges in a bit stream that spends a bit or two on the
 * common shapes (entry register from 0, then one other register, each
 * range starting where the last ended); prototypes (names, types, ABI
 * slots) and strings are stored once and numbered by how often they are
 * used, so the common ones take one byte; every PARAMINFO_DELTA_IDX_STEP-th
 * of each is indexed. A block index and a per-16-KiB-page index (like the
 * ORC unwinder's lookup table) bound a lookup to a short binary search and
 * the decoding of one block. Function names are not stored: they are what
 * kallsyms prints for the address.
 */
#include <linux/paraminfo_format.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "encode.h"

struct delta_count {
	const void *key;	/* interned string or first function */
	uint32_t uses;
	uint32_t first;		/* order of first appearance */
	uint32_t id;
	int width;		/* a type's pi_param_width(), -1 for a name */
};

/*
 * A type is stored with its size, so the same string is another entry as
 * a name, or as a type of another size: interned pointers, shifted.
 */
static uint64_t delta_string_key(const char *s, int width)
{
	return (uint64_t)(uintptr_t)s << 5 | (width < 0 ? 0 : 16 | width);
}

struct delta_state {
	const struct pi_model *m;
	struct pi_map protos;		/* proto hash -> delta_count * */
	struct pi_map strings;		/* interned string -> delta_count * */
	struct delta_count *pcount;	/* one per distinct prototype */
	struct delta_count *scount;	/* one per distinct string */
	uint32_t nprotos, nstrings;
	uint32_t *func_proto;		/* function index -> prototype count */
	unsigned int align_shift;	/* header.align_shift */
};

static int delta_count_cmp(const void *a, const void *b)
{
	const struct delta_count *ca = a, *cb = b;

	if (ca->uses != cb->uses)
		return ca->uses > cb->uses ? -1 : 1;
	return ca->first < cb->first ? -1 : ca->first > cb->first;
}

/*
 * Prototypes are equal when their PARAMINFO_F_PROTO flags and every name,
 * type and slot are: the other flags go in each function's header.
 */
static uint64_t delta_proto_hash(const struct pi_func *f)
{
	uint64_t words[2 + 3 * 128];
	uint32_t i, n = 0;

	words[n++] = f->flags & PARAMINFO_F_PROTO;
	words[n++] = f->nparams;
	for (i = 0; i < f->nparams && i < 128; i++) {
		const struct pi_param *p = &f->params[i];

		words[n++] = (uintptr_t)p->name;
		words[n++] = (uintptr_t)p->type;
		words[n++] = p->abi | p->reg[0] << 8 | p->reg[1] << 16;
	}
	return XXH64(words, n * sizeof(words[0]), 0);
}

static int delta_proto_same(const struct pi_func *a, const struct pi_func *b)
{
	uint32_t i;

	if ((a->flags ^ b->flags) & PARAMINFO_F_PROTO ||
	    a->nparams != b->nparams)
		return 0;
	for (i = 0; i < a->nparams; i++)
		if (a->params[i].name != b->params[i].name ||
		    a->params[i].type != b->params[i].type ||
		    a->params[i].abi != b->params[i].abi ||
		    memcmp(a->params[i].reg, b->params[i].reg, 2))
			return 0;
	return 1;
}

static struct delta_count *delta_use(struct pi_map *map, uint64_t key,
				     const void *what, struct delta_count **arr,
				     uint32_t *n)
{
	uintptr_t idx = (uintptr_t)pi_map_get(map, key);

	if (idx) {
		(*arr)[idx - 1].uses++;
		return &(*arr)[idx - 1];
	}
	*arr = pi_realloc(*arr, *n + 1, sizeof(**arr));
	(*arr)[*n] = (struct delta_count){
		.key = what, .uses = 1, .first = *n, .width = -1,
	};
	pi_map_put(map, key, (void *)(uintptr_t)++*n);
	return &(*arr)[*n - 1];
}

static struct delta_count *delta_proto(struct delta_state *ds,
				       const struct pi_func *f)
{
	uint64_t h = delta_proto_hash(f);
	uintptr_t idx;

	/* Distinct prototypes whose hashes collide take the next key. */
	while ((idx = (uintptr_t)pi_map_get(&ds->protos, h)) &&
	       !delta_proto_same(ds->pcount[idx - 1].key, f))
		h++;
	return delta_use(&ds->protos, h, f, &ds->pcount, &ds->nprotos);
}

/* Count prototypes over functions, strings over distinct prototypes. */
static void delta_count_all(struct delta_state *ds)
{
	const struct pi_model *m = ds->m;
	size_t i;
	uint32_t j;
	int k;

	ds->func_proto = pi_alloc(m->nfuncs * sizeof(*ds->func_proto));
	for (i = 0; i < m->nfuncs; i++) {
		const struct pi_func *f = &m->funcs[i];
		struct delta_count *c = delta_proto(ds, f);

		ds->func_proto[i] = c - ds->pcount;
		if (c->uses > 1)
			continue;
		for (j = 0; j < f->nparams; j++) {
			const struct pi_param *p = &f->params[j];
			const char *s[2] = { p->name, p->type };
			int width[2] = { -1, pi_param_width(p) };

			for (k = 0; k < 2; k++)
				delta_use(&ds->strings,
					  delta_string_key(s[k], width[k]), s[k],
					  &ds->scount, &ds->nstrings)->width =
					width[k];
		}
	}
}

/* Number prototypes and strings, most used first; return id -> entry. */
static uint32_t *delta_number(struct delta_count *c, uint32_t n)
{
	struct delta_count *sorted = pi_alloc(n * sizeof(*sorted));
	uint32_t *order = pi_alloc(n * sizeof(*order)), i;

	memcpy(sorted, c, n * sizeof(*c));
	qsort(sorted, n, sizeof(*sorted), delta_count_cmp);
	for (i = 0; i < n; i++) {
		c[sorted[i].first].id = i;
		order[i] = sorted[i].first;
	}
	free(sorted);
	return order;
}

static uint32_t delta_string_id(struct delta_state *ds, const char *s,
				int width)
{
	uintptr_t idx = (uintptr_t)pi_map_get(&ds->strings,
					      delta_string_key(s, width));

	return ds->scount[idx - 1].id;
}

static void delta_put_u32(struct pi_buf *b, uint32_t v)
{
	pi_buf_put(b, &v, sizeof(v));
}

static void delta_tables(struct delta_state *ds, struct pi_buf *sect)
{
	uint32_t *porder = delta_number(ds->pcount, ds->nprotos);
	uint32_t *sorder = delta_number(ds->scount, ds->nstrings);
	uint32_t i, j;

	for (i = 0; i < ds->nstrings; i++) {
		const char *s = ds->scount[sorder[i]].key;
		uint8_t size = ds->scount[sorder[i]].width + 1;

		if (i % PARAMINFO_DELTA_IDX_STEP == 0)
			delta_put_u32(&sect[PARAMINFO_DELTA_STRIDX],
				      sect[PARAMINFO_DELTA_STRINGS].len);
		if (size)
			pi_buf_put(&sect[PARAMINFO_DELTA_STRINGS], &size, 1);
		pi_buf_put(&sect[PARAMINFO_DELTA_STRINGS], s, strlen(s) + 1);
	}
	for (i = 0; i < ds->nprotos; i++) {
		const struct pi_func *f = ds->pcount[porder[i]].key;
		struct pi_buf *b = &sect[PARAMINFO_DELTA_PROTOS];
		int explicit;

		if (i % PARAMINFO_DELTA_IDX_STEP == 0)
			delta_put_u32(&sect[PARAMINFO_DELTA_PROTOIDX], b->len);
		explicit = pi_put_proto_begin(b, ds->m->target, f, true);
		for (j = 0; j < f->nparams; j++) {
			const struct pi_param *p = &f->params[j];

			pi_put_proto_param(b, p, delta_string_id(ds, p->name, -1),
					   delta_string_id(ds, p->type,
							   pi_param_width(p)),
					   explicit, true);
		}
	}
	free(porder);
	free(sorder);
}

/* A bit stream as paraminfo_format.h lays out delta's ranges. */
struct delta_bits {
	struct pi_buf *b;
	uint8_t cur;		/* bits not yet written */
	unsigned int n;		/* how many */
};

static void delta_bits_put(struct delta_bits *w, uint64_t v, unsigned int n)
{
	while (n--) {
		w->cur |= (v >> n & 1) << w->n;
		if (++w->n == 8) {
			pi_buf_put(w->b, &w->cur, 1);
			w->cur = 0;
			w->n = 0;
		}
	}
}

static void delta_bits_flush(struct delta_bits *w)
{
	if (w->n)
		delta_bits_put(w, 0, 8 - w->n);
}

/* An order-@k exponential-Golomb number. */
static void delta_bits_eg(struct delta_bits *w, uint32_t v, unsigned int k)
{
	uint64_t q = ((uint64_t)v >> k) + 1;
	unsigned int z = 63 - __builtin_clzll(q);

	if (z > PARAMINFO_DELTA_EG_MAX_ZEROS)
		pi_die("value %u does not fit a delta range", v);
	delta_bits_put(w, 0, z);
	delta_bits_put(w, q, z + 1);
	delta_bits_put(w, v, k);
}

/* A parameter's ranges, or the reason it has none. */
static void delta_put_locs(struct delta_bits *w, const struct pi_param *p,
			   uint64_t fsize)
{
	uint32_t i, prev_to = 0, last = PARAMINFO_NR_REGS;

	if (p->nlocs ? p->why != PI_WHY_REG && p->why != PI_WHY_REASSIGNED :
		       p->why == PI_WHY_REG)
		pi_die("parameter %s: ranges and reason disagree", p->name);
	delta_bits_put(w, !!p->nlocs, 1);
	if (!p->nlocs) {
		delta_bits_put(w, p->why, PARAMINFO_DELTA_WHY_BITS);
		return;
	}
	delta_bits_eg(w, p->nlocs - 1, 0);
	delta_bits_put(w, p->why == PI_WHY_REASSIGNED, 1);
	for (i = 0; i < p->nlocs; i++) {
		const struct pi_loc *l = &p->locs[i];

		pi_check_loc(p, l);
		if (l->reg == p->reg[0]) {
			delta_bits_put(w, 0, 1);
		} else if (l->reg == last) {
			delta_bits_put(w, 2, 2);
		} else {
			/* No "last" yet: 1 alone says a number follows. */
			delta_bits_put(w, last < PARAMINFO_NR_REGS ? 3 : 1,
				       last < PARAMINFO_NR_REGS ? 2 : 1);
			delta_bits_put(w, l->reg, PARAMINFO_DELTA_REG_BITS);
		}
		if (l->reg != p->reg[0])
			last = l->reg;
		if (l->reg == PI_LOC_STACK)
			delta_bits_eg(w, l->off, PARAMINFO_DELTA_K_STACK);
		delta_bits_put(w, l->from != prev_to, 1);
		if (l->from != prev_to)
			delta_bits_eg(w, l->from - prev_to - 1, PARAMINFO_DELTA_K_GAP);
		delta_bits_put(w, l->to == fsize, 1);
		if (l->to != fsize)
			delta_bits_eg(w, l->to - l->from - 1, PARAMINFO_DELTA_K_LEN);
		prev_to = l->to;
	}
}

/* Where a function would start if nothing but alignment followed @end. */
static uint32_t delta_aligned(uint32_t end, unsigned int shift)
{
	return end + (-end & ((1U << shift) - 1));
}

/*
 * The alignment that predicts the most function starts from the end of
 * the function before (from the block start for a block's first): those
 * store no gap. Ties go to the smaller one.
 */
static unsigned int delta_align_shift(const struct pi_model *m)
{
	uint32_t hits[PARAMINFO_DELTA_MAX_ALIGN_SHIFT + 1] = { 0 };
	uint32_t i, end = 0, start;
	unsigned int s, best = 0;

	for (i = 0; i < m->nfuncs; i++) {
		start = pi_text_off(m, m->funcs[i].addr);
		if (i % PARAMINFO_DELTA_BLOCK == 0)
			end = i ? start : 0;
		for (s = 0; s <= PARAMINFO_DELTA_MAX_ALIGN_SHIFT; s++)
			hits[s] += start == delta_aligned(end, s);
		end = start + m->funcs[i].size;
	}
	for (s = 1; s <= PARAMINFO_DELTA_MAX_ALIGN_SHIFT; s++)
		if (hits[s] > hits[best])
			best = s;
	return best;
}

static void delta_blocks(struct delta_state *ds, struct pi_buf *sect)
{
	const struct pi_model *m = ds->m;
	struct pi_buf locs = { 0 };
	struct delta_bits w = { .b = &locs };
	uint32_t i, j, prev_end = 0, blocks = 0, page, gap, flags;
	/* Pages up to the last function's last byte, not just its start. */
	const struct pi_func *lastf = m->nfuncs ? &m->funcs[m->nfuncs - 1] : NULL;
	uint32_t npages = lastf ?
		((pi_text_off(m, lastf->addr) + (lastf->size ? lastf->size - 1 : 0)) >>
		 PARAMINFO_DELTA_PAGE_SHIFT) + 1 : 0;

	for (i = 0; i < m->nfuncs; i++) {
		const struct pi_func *f = &m->funcs[i];
		uint32_t start = pi_text_off(m, f->addr);
		struct pi_buf *data = &sect[PARAMINFO_DELTA_DATA];

		if (i % PARAMINFO_DELTA_BLOCK == 0) {
			/*
			 * The first block counts from offset 0, the first
			 * page, which the first function of a vmlinux's
			 * table (from _stext) need not start at.
			 */
			prev_end = i ? start : 0;
			delta_put_u32(&sect[PARAMINFO_DELTA_INDEX], prev_end);
			delta_put_u32(&sect[PARAMINFO_DELTA_INDEX], data->len);
			blocks++;
		}
		locs.len = 0;
		for (j = 0; j < f->nparams; j++)
			delta_put_locs(&w, &f->params[j], f->size);
		delta_bits_flush(&w);
		gap = start != delta_aligned(prev_end, ds->align_shift);
		flags = f->flags & ~PARAMINFO_F_PROTO;
		pi_put_uleb(data, (uint64_t)locs.len << 2 | !!flags << 1 | gap);
		if (gap)
			pi_put_uleb(data, start - prev_end);
		if (flags)
			pi_put_uleb(data, flags);
		pi_put_uleb(data, f->size);
		pi_put_uleb(data, ds->pcount[ds->func_proto[i]].id);
		pi_buf_put(data, locs.data, locs.len);
		prev_end = start + f->size;
	}
	/* Each page: the last block starting at or before it; then the last. */
	for (page = 0, i = 0; page < npages; page++) {
		const uint32_t *idx = (const uint32_t *)sect[PARAMINFO_DELTA_INDEX].data;

		while (i + 1 < blocks &&
		       idx[(i + 1) * 2] <= page << PARAMINFO_DELTA_PAGE_SHIFT)
			i++;
		delta_put_u32(&sect[PARAMINFO_DELTA_PAGES], i);
	}
	if (blocks)
		delta_put_u32(&sect[PARAMINFO_DELTA_PAGES], blocks - 1);
	pi_buf_free(&locs);
}

static void delta_encode(const struct pi_model *m, struct pi_buf *out)
{
	struct pi_buf sect[PARAMINFO_DELTA_NR] = { 0 };
	struct delta_state ds = { .m = m, .align_shift = delta_align_shift(m) };
	struct paraminfo_header h;
	unsigned int i;

	delta_count_all(&ds);
	delta_tables(&ds, sect);
	delta_blocks(&ds, sect);
	pi_table_assemble(out, PARAMINFO_ENC_DELTA, m, sect, PARAMINFO_DELTA_NR);
	memcpy(&h, out->data, sizeof(h));
	h.align_shift = ds.align_shift;
	memcpy(out->data, &h, sizeof(h));
	for (i = 0; i < PARAMINFO_DELTA_NR; i++)
		pi_buf_free(&sect[i]);
	pi_map_free(&ds.protos);
	pi_map_free(&ds.strings);
	free(ds.pcount);
	free(ds.scount);
	free(ds.func_proto);
}

const struct pi_encoder pi_encoder_delta = {
	.name = "delta",
	.encoding = PARAMINFO_ENC_DELTA,
	.encode = delta_encode,
};
