// SPDX-License-Identifier: GPL-2.0
/*
 * paraminfo "pool" decoder: starts and function records by index, then a
 * shared signature per function, read as a varint stream (stream.c); an
 * xxh32 open-addressing index answers name -> function. The layout is in
 * include/linux/paraminfo_format.h.
 */
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/paraminfo.h>
#include <linux/string.h>
#include <linux/xxhash.h>

#define POOL_NSLOTS	0	/* t->aux[]: slots in HASH, a power of two */

static const void *pool_sect(const struct paraminfo_table *t, unsigned int s)
{
	u32 size;

	return paraminfo_section(t, s, &size);
}

static int pool_init(struct paraminfo_table *t)
{
	const struct paraminfo_header *h = t->hdr;
	u32 nslots = h->sect[PARAMINFO_POOL_HASH].size / sizeof(u32);

	if (h->sect[PARAMINFO_POOL_ADDRS].size != t->nfuncs * sizeof(u32) ||
	    h->sect[PARAMINFO_POOL_FUNCS].size !=
	    t->nfuncs * sizeof(struct paraminfo_pool_func))
		return -EINVAL;
	/* Probing ends at an empty slot, so there must be one. */
	if (nslots <= t->nfuncs || (nslots & (nslots - 1)) ||
	    h->sect[PARAMINFO_POOL_HASH].size % sizeof(u32))
		return -EINVAL;
	if (!paraminfo_sorted(pool_sect(t, PARAMINFO_POOL_ADDRS), t->nfuncs, 1))
		return -EINVAL;
	t->aux[POOL_NSLOTS] = nslots;
	return 0;
}

static int pool_func(const struct paraminfo_table *t, u32 index,
		     struct paraminfo_func *f)
{
	const struct paraminfo_pool_func *rec = pool_sect(t, PARAMINFO_POOL_FUNCS);
	const u32 *addrs = pool_sect(t, PARAMINFO_POOL_ADDRS);
	struct paraminfo_cursor c;
	struct paraminfo_proto pr = { .compact = false };

	rec += index;
	f->name = paraminfo_string(t, PARAMINFO_POOL_NAMES, rec->name);
	if (!f->name || paraminfo_cursor_at(t, PARAMINFO_POOL_SIGS, rec->sig, &c) ||
	    paraminfo_proto_begin(t, &c, &pr))
		return -EINVAL;
	f->addr = t->text_base + addrs[index];
	f->size = rec->size;
	f->flags = pr.flags;
	f->nparams = pr.nparams;
	f->index = index;
	f->priv[0] = paraminfo_cursor_off(t, PARAMINFO_POOL_SIGS, &c);
	f->priv[1] = pr.explicit;
	return 0;
}

static int pool_find(const struct paraminfo_table *t, u64 addr,
		     struct paraminfo_func *f)
{
	return paraminfo_find_start(t, pool_sect(t, PARAMINFO_POOL_ADDRS), addr, f);
}

static int pool_param(const struct paraminfo_table *t,
		      const struct paraminfo_func *f, u32 i,
		      struct paraminfo_param *p)
{
	struct paraminfo_proto pr = {
		.flags = f->flags, .nparams = f->nparams, .explicit = f->priv[1],
		.hdr = t->hdr,
	};
	struct paraminfo_cursor c;
	u32 j, name, type;

	if (paraminfo_cursor_at(t, PARAMINFO_POOL_SIGS, f->priv[0], &c))
		return -EINVAL;
	/* Parameters and their ranges alternate: walk up to the i-th. */
	for (j = 0; j <= i; j++) {
		if (paraminfo_proto_param(&c, &pr, j, &name, &type, p))
			return -EINVAL;
		if (j < i && paraminfo_locs_skip(&c, f->size))
			return -EINVAL;
	}
	if (paraminfo_locs_begin(&c, p))
		return -EINVAL;
	p->name = paraminfo_string(t, PARAMINFO_POOL_NAMES, name);
	p->type = paraminfo_string(t, PARAMINFO_POOL_TYPES, type);
	p->priv = paraminfo_cursor_off(t, PARAMINFO_POOL_SIGS, &c);
	return p->name && p->type ? 0 : -EINVAL;
}

static int pool_loc(const struct paraminfo_table *t,
		    const struct paraminfo_func *f,
		    const struct paraminfo_param *p, u32 i,
		    struct paraminfo_loc *l)
{
	return paraminfo_loc_in(t, PARAMINFO_POOL_SIGS, f, p, i, l);
}

static int pool_find_name(const struct paraminfo_table *t, const char *name,
			  struct paraminfo_func *f)
{
	const struct paraminfo_pool_func *rec = pool_sect(t, PARAMINFO_POOL_FUNCS);
	const u32 *slots = pool_sect(t, PARAMINFO_POOL_HASH);
	u32 mask = t->aux[POOL_NSLOTS] - 1;
	u32 h = xxh32(name, strlen(name), 0);
	u32 n;

	/* Same-name functions: the first inserted, the lowest address, wins. */
	for (n = 0; n <= mask; n++, h++) {
		u32 idx = slots[h & mask];
		const char *s;

		if (!idx)
			return -ENOENT;
		if (idx > t->nfuncs)
			return -EINVAL;
		s = paraminfo_string(t, PARAMINFO_POOL_NAMES, rec[idx - 1].name);
		if (s && !strcmp(s, name))
			return pool_func(t, idx - 1, f);
	}
	return -ENOENT;
}

static int pool_loc_at(const struct paraminfo_table *t,
		       const struct paraminfo_func *f,
		       const struct paraminfo_param *p, u32 off,
		       struct paraminfo_loc *l)
{
	return paraminfo_loc_at_in(t, PARAMINFO_POOL_SIGS, f, p, off, l);
}

const struct paraminfo_decoder paraminfo_decoder_pool = {
	.name = "pool",
	.encoding = PARAMINFO_ENC_POOL,
	.init = pool_init,
	.func = pool_func,
	.find = pool_find,
	.param = pool_param,
	.loc = pool_loc,
	.loc_at = pool_loc_at,
	.find_name = pool_find_name,
};
