// SPDX-License-Identifier: GPL-2.0
/*
 * paraminfo "flat" decoder: fixed-size records found by index, a binary
 * search over sorted u32 start offsets. The layout is in
 * include/linux/paraminfo_format.h. Every index a record holds is checked
 * against its section before it is followed.
 */
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/paraminfo.h>

#define FLAT_NPARAMS	0	/* t->aux[]: records in PARAMS */
#define FLAT_NLOCS	1	/* records in LOCS */

static const u32 *flat_addrs(const struct paraminfo_table *t)
{
	u32 size;

	return paraminfo_section(t, PARAMINFO_FLAT_ADDRS, &size);
}

static int flat_init(struct paraminfo_table *t)
{
	const struct paraminfo_header *h = t->hdr;
	const u32 *addrs = flat_addrs(t);

	if (h->sect[PARAMINFO_FLAT_ADDRS].size != t->nfuncs * sizeof(u32) ||
	    h->sect[PARAMINFO_FLAT_FUNCS].size !=
	    t->nfuncs * sizeof(struct paraminfo_flat_func) ||
	    h->sect[PARAMINFO_FLAT_PARAMS].size % sizeof(struct paraminfo_flat_param) ||
	    h->sect[PARAMINFO_FLAT_LOCS].size % sizeof(struct paraminfo_flat_loc))
		return -EINVAL;
	if (t->nfuncs > U32_MAX / sizeof(struct paraminfo_flat_func))
		return -EINVAL;
	/* The binary search in flat_find() needs strictly increasing starts. */
	if (!paraminfo_sorted(addrs, t->nfuncs, 1))
		return -EINVAL;
	t->aux[FLAT_NPARAMS] = h->sect[PARAMINFO_FLAT_PARAMS].size /
			       sizeof(struct paraminfo_flat_param);
	t->aux[FLAT_NLOCS] = h->sect[PARAMINFO_FLAT_LOCS].size /
			     sizeof(struct paraminfo_flat_loc);
	return 0;
}

static int flat_func(const struct paraminfo_table *t, u32 index,
		     struct paraminfo_func *f)
{
	const struct paraminfo_flat_func *rec;
	u32 size;

	rec = paraminfo_section(t, PARAMINFO_FLAT_FUNCS, &size);
	rec += index;
	if (rec->param > t->aux[FLAT_NPARAMS] ||
	    rec->nparams > t->aux[FLAT_NPARAMS] - rec->param)
		return -EINVAL;
	f->name = paraminfo_string(t, PARAMINFO_FLAT_STRINGS, rec->name);
	if (!f->name)
		return -EINVAL;
	f->addr = t->text_base + flat_addrs(t)[index];
	f->size = rec->size;
	f->flags = rec->flags;
	f->nparams = rec->nparams;
	f->index = index;
	f->priv[0] = rec->param;
	return 0;
}

static int flat_find(const struct paraminfo_table *t, u64 addr,
		     struct paraminfo_func *f)
{
	return paraminfo_find_start(t, flat_addrs(t), addr, f);
}

static int flat_param(const struct paraminfo_table *t,
		      const struct paraminfo_func *f, u32 i,
		      struct paraminfo_param *p)
{
	const struct paraminfo_flat_param *rec;
	u32 size;

	if (f->priv[0] > t->aux[FLAT_NPARAMS] ||
	    i >= t->aux[FLAT_NPARAMS] - f->priv[0])
		return -EINVAL;
	rec = paraminfo_section(t, PARAMINFO_FLAT_PARAMS, &size);
	rec += f->priv[0] + i;
	if (rec->loc > t->aux[FLAT_NLOCS] ||
	    rec->nlocs > t->aux[FLAT_NLOCS] - rec->loc ||
	    rec->abi >= PARAMINFO_ABI_NR || rec->why >= PARAMINFO_WHY_NR ||
	    rec->reg[0] >= PARAMINFO_NR_REGS || rec->reg[1] >= PARAMINFO_NR_REGS)
		return -EINVAL;
	p->name = paraminfo_string(t, PARAMINFO_FLAT_STRINGS, rec->name);
	p->type = paraminfo_string(t, PARAMINFO_FLAT_STRINGS, rec->type);
	if (!p->name || !p->type)
		return -EINVAL;
	p->abi = rec->abi;
	p->reg[0] = rec->reg[0];
	p->reg[1] = rec->reg[1];
	p->why = rec->why;
	p->size = rec->size;
	p->nlocs = rec->nlocs;
	p->priv = rec->loc;
	return 0;
}

static int flat_loc(const struct paraminfo_table *t,
		    const struct paraminfo_func *f,
		    const struct paraminfo_param *p, u32 i,
		    struct paraminfo_loc *l)
{
	const struct paraminfo_flat_loc *rec;
	u32 size;

	if (p->priv > t->aux[FLAT_NLOCS] || i >= t->aux[FLAT_NLOCS] - p->priv)
		return -EINVAL;
	rec = paraminfo_section(t, PARAMINFO_FLAT_LOCS, &size);
	rec += p->priv + i;
	/*
	 * Ranges are in order and do not overlap, as the varint encodings
	 * guarantee by construction: paraminfo_loc_at() stops at the first
	 * range that starts after the offset.
	 */
	if (rec->reg >= PARAMINFO_NR_REGS || rec->from >= rec->to ||
	    rec->to > f->size || (i && rec->from < rec[-1].to) || rec->pad)
		return -EINVAL;
	l->from = rec->from;
	l->to = rec->to;
	l->reg = rec->reg;
	/* paraminfo_loc_check() refuses an offset no range may have. */
	l->off = rec->off;
	return 0;
}

const struct paraminfo_decoder paraminfo_decoder_flat = {
	.name = "flat",
	.encoding = PARAMINFO_ENC_FLAT,
	.init = flat_init,
	.func = flat_func,
	.find = flat_find,
	.param = flat_param,
	.loc = flat_loc,
};
