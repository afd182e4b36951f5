// SPDX-License-Identifier: GPL-2.0
/*
 * The unwind rows section every encoding carries (PARAMINFO_SECT_UNWIND,
 * layout in include/linux/paraminfo_format.h): the distinct sets of saved
 * registers, the distinct row shapes naming them and the distinct
 * sequences of shapes, each most used first so that the common ids take
 * one ULEB128 byte, then each function's sequence id and where its rows
 * start and end.
 */
#include <linux/paraminfo_format.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "encode.h"

/* A distinct shape or sequence: its bytes, how often used, its id. */
struct pi_uw_item {
	struct pi_buf key;
	uint32_t uses;
	uint32_t id;
};

struct pi_uw_dict {
	struct pi_uw_item *items;
	size_t n, cap;
	struct pi_map index;	/* interned key -> item + 1 */
};

/* The item of @key's bytes, added once; each call counts a use. */
static uint32_t pi_uw_dict_add(struct pi_uw_dict *d, struct pi_buf *key)
{
	const char *k;
	uintptr_t i;
	char *hex = pi_alloc(key->len * 2 + 1);
	size_t j;

	/* Interned as hex text: pi_intern() keys are strings. */
	for (j = 0; j < key->len; j++)
		sprintf(hex + 2 * j, "%02x", key->data[j]);
	hex[2 * key->len] = 0;
	k = pi_intern(hex);
	free(hex);
	i = (uintptr_t)pi_map_get(&d->index, (uintptr_t)k);
	if (i) {
		d->items[i - 1].uses++;
		pi_buf_free(key);
		return i - 1;
	}
	if (d->n == d->cap) {
		d->cap = d->cap ? 2 * d->cap : 64;
		d->items = pi_realloc(d->items, d->cap, sizeof(*d->items));
	}
	d->items[d->n] = (struct pi_uw_item){ *key, 1, 0 };
	memset(key, 0, sizeof(*key));
	pi_map_put(&d->index, (uintptr_t)k, (void *)(d->n + 1));
	return d->n++;
}

static int pi_uw_by_uses(const void *a, const void *b)
{
	const struct pi_uw_item *x = *(const struct pi_uw_item * const *)a;
	const struct pi_uw_item *y = *(const struct pi_uw_item * const *)b;

	if (x->uses != y->uses)
		return x->uses < y->uses ? 1 : -1;
	/* First seen first: the same model gives the same bytes. */
	return x < y ? -1 : x > y;
}

/*
 * Number the items most used first; lay them out in that order into
 * @out, with an offset in @idx every PARAMINFO_UNWIND_IDX_STEP items.
 */
static void pi_uw_dict_emit(struct pi_uw_dict *d, struct pi_buf *out,
			    struct pi_buf *idx)
{
	struct pi_uw_item **order = pi_alloc(d->n * sizeof(*order) + 1);
	size_t i;

	for (i = 0; i < d->n; i++)
		order[i] = &d->items[i];
	qsort(order, d->n, sizeof(*order), pi_uw_by_uses);
	for (i = 0; i < d->n; i++) {
		uint32_t off = out->len;

		order[i]->id = i;
		if (i % PARAMINFO_UNWIND_IDX_STEP == 0)
			pi_buf_put(idx, &off, sizeof(off));
		pi_buf_put(out, order[i]->key.data, order[i]->key.len);
	}
	free(order);
}

static void pi_uw_dict_free(struct pi_uw_dict *d)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		pi_buf_free(&d->items[i].key);
	free(d->items);
	pi_map_free(&d->index);
}

/* A row's saved registers, as SAVES stores them. */
static uint32_t pi_uw_save(struct pi_uw_dict *saves, const struct pi_unwind *u)
{
	struct pi_buf b = { 0 };
	unsigned int i;

	if (u->nsaved > PARAMINFO_UNWIND_SAVED)
		pi_die("an unwind row saves %u registers", u->nsaved);
	pi_put_uleb(&b, u->nsaved);
	for (i = 0; i < u->nsaved; i++) {
		if (u->saved[i].reg >= PARAMINFO_NR_REGS)
			pi_die("an unwind row saves register %u", u->saved[i].reg);
		pi_buf_put(&b, &u->saved[i].reg, 1);
		pi_put_uleb(&b, u->saved[i].off);
	}
	return pi_uw_dict_add(saves, &b);
}

/* A row's shape, as SHAPES stores it, its saved set by final id. */
static uint32_t pi_uw_shape(struct pi_uw_dict *shapes, const struct pi_unwind *u,
			    uint32_t save)
{
	struct pi_buf b = { 0 };

	pi_put_uleb(&b, u->cfa);
	pi_put_uleb(&b, u->lost);
	pi_put_uleb(&b, save);
	return pi_uw_dict_add(shapes, &b);
}

/* Whether row @k of @f has a gap before it, and ends with @f. */
static bool pi_uw_gap(const struct pi_func *f, uint32_t k)
{
	return f->unwind[k].from != (k ? f->unwind[k - 1].to : 0);
}

static bool pi_uw_end(const struct pi_func *f, uint32_t k)
{
	return f->unwind[k].to == f->size;
}

/*
 * The largest shift, at most 2, by which every row's start and length
 * (bar a length to the function's end) divide: 2 on arm64, whose
 * instructions are 4 bytes.
 */
static unsigned int pi_uw_shift(const struct pi_model *m)
{
	uint32_t any = 0, i, k;

	for (i = 0; i < m->nfuncs; i++) {
		const struct pi_func *f = &m->funcs[i];

		for (k = 0; k < f->nunwind; k++) {
			any |= f->unwind[k].from;
			if (!pi_uw_end(f, k))
				any |= f->unwind[k].to;
		}
	}
	return any & 1 ? 0 : any & 2 ? 1 : 2;
}

/* Where a function's rows start and end, as ROWS stores them. */
static void pi_uw_bounds(struct pi_buf *b, const struct pi_func *f,
			 unsigned int shift)
{
	uint32_t prev = 0, k;

	for (k = 0; k < f->nunwind; k++) {
		const struct pi_unwind *u = &f->unwind[k];

		if (u->from < prev || u->to <= u->from || u->to > f->size ||
		    (pi_uw_end(f, k) && k + 1 != f->nunwind))
			pi_die("%s: unwind rows out of order", f->name);
		if (pi_uw_gap(f, k))
			pi_put_uleb(b, ((u->from - prev) >> shift) - 1);
		if (!pi_uw_end(f, k))
			pi_put_uleb(b, ((u->to - u->from) >> shift) - 1);
		prev = u->to;
	}
}

/**
 * pi_unwind_encode() - the unwind rows section of a model
 * @m: the model, its functions in table order
 * @out: receives the section; left empty when no function has a row
 */
void pi_unwind_encode(const struct pi_model *m, struct pi_buf *out)
{
	struct paraminfo_unwind_header h = {
		.ra = m->target->ra,
		.preserved = m->target->preserved,
	};
	struct pi_uw_dict saves = { 0 }, shapes = { 0 }, seqs = { 0 };
	struct pi_buf sv = { 0 }, sh = { 0 }, sq = { 0 };
	struct pi_buf svidx = { 0 }, shidx = { 0 }, sqidx = { 0 };
	struct pi_buf blocks = { 0 }, rows = { 0 };
	uint32_t *seq_of = pi_alloc(m->nfuncs * sizeof(*seq_of) + 1);
	uint32_t **id_of = pi_alloc(m->nfuncs * sizeof(*id_of) + 1);
	size_t i, any = 0;
	uint32_t k, off;

	/* Each dictionary names the one before by its final ids. */
	for (i = 0; i < m->nfuncs; i++) {
		const struct pi_func *f = &m->funcs[i];

		any += f->nunwind;
		id_of[i] = pi_alloc(f->nunwind * sizeof(**id_of) + 1);
		for (k = 0; k < f->nunwind; k++)
			id_of[i][k] = pi_uw_save(&saves, &f->unwind[k]);
	}
	if (!any)
		goto out;
	h.shift = pi_uw_shift(m);
	pi_uw_dict_emit(&saves, &sv, &svidx);
	for (i = 0; i < m->nfuncs; i++)
		for (k = 0; k < m->funcs[i].nunwind; k++)
			id_of[i][k] = pi_uw_shape(&shapes, &m->funcs[i].unwind[k],
						  saves.items[id_of[i][k]].id);
	pi_uw_dict_emit(&shapes, &sh, &shidx);
	for (i = 0; i < m->nfuncs; i++) {
		const struct pi_func *f = &m->funcs[i];
		struct pi_buf s = { 0 };

		pi_put_uleb(&s, f->nunwind);
		for (k = 0; k < f->nunwind; k++)
			pi_put_uleb(&s, (uint64_t)shapes.items[id_of[i][k]].id << 2 |
				    pi_uw_gap(f, k) << 1 | pi_uw_end(f, k));
		seq_of[i] = pi_uw_dict_add(&seqs, &s);
	}
	pi_uw_dict_emit(&seqs, &sq, &sqidx);
	for (i = 0; i < m->nfuncs; i++) {
		off = rows.len;
		if (i % PARAMINFO_UNWIND_BLOCK == 0)
			pi_buf_put(&blocks, &off, sizeof(off));
		pi_put_uleb(&rows, seqs.items[seq_of[i]].id);
		pi_uw_bounds(&rows, &m->funcs[i], h.shift);
	}
	h.nsaves = saves.n;
	h.nshapes = shapes.n;
	h.nseqs = seqs.n;
	h.saves = sizeof(h) + blocks.len + svidx.len + shidx.len + sqidx.len;
	h.shapes = h.saves + sv.len;
	h.seqs = h.shapes + sh.len;
	h.rows = h.seqs + sq.len;
	if ((uint64_t)h.rows + rows.len > UINT32_MAX)
		pi_die("unwind rows over 4 GiB");
	pi_buf_put(out, &h, sizeof(h));
	pi_buf_put(out, blocks.data, blocks.len);
	pi_buf_put(out, svidx.data, svidx.len);
	pi_buf_put(out, shidx.data, shidx.len);
	pi_buf_put(out, sqidx.data, sqidx.len);
	pi_buf_put(out, sv.data, sv.len);
	pi_buf_put(out, sh.data, sh.len);
	pi_buf_put(out, sq.data, sq.len);
	pi_buf_put(out, rows.data, rows.len);
out:
	for (i = 0; i < m->nfuncs; i++)
		free(id_of[i]);
	free(id_of);
	free(seq_of);
	pi_uw_dict_free(&saves);
	pi_uw_dict_free(&shapes);
	pi_uw_dict_free(&seqs);
	pi_buf_free(&sv);
	pi_buf_free(&sh);
	pi_buf_free(&sq);
	pi_buf_free(&svidx);
	pi_buf_free(&shidx);
	pi_buf_free(&sqidx);
	pi_buf_free(&blocks);
	pi_buf_free(&rows);
}
