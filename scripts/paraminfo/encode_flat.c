// SPDX-License-Identifier: GPL-2.0
/*
 * The "flat" encoding: sorted u32 start offsets, then fixed-size function,
 * parameter and range records found by index, and one deduplicated string
 * section. The simplest decoder and the fastest lookup; the biggest table.
 */
#include <linux/paraminfo_format.h>
#include <string.h>

#include "encode.h"

static void flat_encode_param(const struct pi_param *p, struct pi_buf *params,
			      struct pi_buf *locs, struct pi_strtab *str)
{
	struct paraminfo_flat_param rec = {
		.name = pi_strtab_add(str, p->name),
		.type = pi_strtab_add(str, p->type),
		.loc = locs->len / sizeof(struct paraminfo_flat_loc),
		.nlocs = p->nlocs,
		.abi = p->abi,
		.reg = { p->reg[0], p->reg[1] },
		.why = p->why,
		.size = pi_param_width(p),
	};
	uint32_t i;

	if (p->nlocs > UINT16_MAX)
		pi_die("parameter %s has too many ranges for flat", p->name);
	pi_buf_put(params, &rec, sizeof(rec));
	for (i = 0; i < p->nlocs; i++) {
		struct paraminfo_flat_loc l = {
			.from = p->locs[i].from,
			.to = p->locs[i].to,
			.reg = p->locs[i].reg,
			.off = p->locs[i].off,
		};

		pi_check_loc(p, &p->locs[i]);
		pi_buf_put(locs, &l, sizeof(l));
	}
}

static void flat_encode(const struct pi_model *m, struct pi_buf *out)
{
	struct pi_buf sect[PARAMINFO_FLAT_NR] = { 0 };
	struct pi_strtab str = { 0 };
	size_t i;
	uint32_t j;

	for (i = 0; i < m->nfuncs; i++) {
		const struct pi_func *f = &m->funcs[i];
		uint32_t off = pi_text_off(m, f->addr);
		struct paraminfo_flat_func rec = {
			.size = f->size,
			.name = pi_strtab_add(&str, f->name),
			.param = sect[PARAMINFO_FLAT_PARAMS].len /
				 sizeof(struct paraminfo_flat_param),
			.nparams = f->nparams,
			.flags = f->flags,
		};

		if (f->size > UINT32_MAX || f->nparams > UINT16_MAX)
			pi_die("function %s too large for flat", f->name);
		pi_buf_put(&sect[PARAMINFO_FLAT_ADDRS], &off, sizeof(off));
		pi_buf_put(&sect[PARAMINFO_FLAT_FUNCS], &rec, sizeof(rec));
		for (j = 0; j < f->nparams; j++)
			flat_encode_param(&f->params[j], &sect[PARAMINFO_FLAT_PARAMS],
					  &sect[PARAMINFO_FLAT_LOCS], &str);
	}
	sect[PARAMINFO_FLAT_STRINGS] = str.buf;
	pi_table_assemble(out, PARAMINFO_ENC_FLAT, m, sect, PARAMINFO_FLAT_NR);
	for (i = 0; i < PARAMINFO_FLAT_NR; i++)
		pi_buf_free(&sect[i]);
	pi_map_free(&str.offs);
}

const struct pi_encoder pi_encoder_flat = {
	.name = "flat",
	.encoding = PARAMINFO_ENC_FLAT,
	.encode = flat_encode,
};
