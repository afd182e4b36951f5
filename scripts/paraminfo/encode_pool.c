// SPDX-License-Identifier: GPL-2.0
/*
 * The "pool" encoding: one pool of names, one of type strings, signatures
 * (prototype plus every parameter's ranges) stored once and shared by all
 * functions that have them, and an xxh32 open-addressing index over
 * function names so name -> function is O(1). Half the size of flat.
 */
#include <linux/paraminfo_format.h>
#include <string.h>
#include <xxhash.h>

#include "encode.h"

/* Offset of an identical signature already in SIGS, or append this one. */
static uint32_t pool_sig(struct pi_map *seen, struct pi_buf *sigs,
			 const struct pi_buf *sig)
{
	uint64_t key = XXH64(sig->data, sig->len, 0);
	uintptr_t off = (uintptr_t)pi_map_get(seen, key);

	/* A signature stream is self-delimiting: equal bytes, equal meaning. */
	if (off && off - 1 + sig->len <= sigs->len &&
	    !memcmp(sigs->data + off - 1, sig->data, sig->len))
		return off - 1;
	off = sigs->len;
	pi_buf_put(sigs, sig->data, sig->len);
	pi_map_put(seen, key, (void *)(off + 1));
	return off;
}

static void pool_encode_sig(const struct pi_target *t,
			    const struct pi_func *f, struct pi_buf *sig,
			    struct pi_strtab *names, struct pi_strtab *types)
{
	int explicit = pi_put_proto_begin(sig, t, f, false);
	uint32_t i;

	for (i = 0; i < f->nparams; i++) {
		const struct pi_param *p = &f->params[i];

		pi_put_proto_param(sig, p, pi_strtab_add(names, p->name),
				   pi_strtab_add(types, p->type), explicit, false);
		pi_put_locs(sig, p, f->size);
	}
}

/* Function index + 1 in slot xxh32(name) or the next free one after it. */
static void pool_hash(const struct pi_model *m, struct pi_buf *hash)
{
	uint32_t nslots = 16, *slots;
	size_t i;

	while (nslots < m->nfuncs + m->nfuncs / 3 + 1)
		nslots <<= 1;
	pi_buf_put(hash, NULL, nslots * sizeof(*slots));
	slots = (uint32_t *)hash->data;
	for (i = 0; i < m->nfuncs; i++) {
		const char *name = m->funcs[i].name;
		uint32_t h = XXH32(name, strlen(name), 0);

		while (slots[h & (nslots - 1)])
			h++;
		slots[h & (nslots - 1)] = i + 1;
	}
}

static void pool_encode(const struct pi_model *m, struct pi_buf *out)
{
	struct pi_buf sect[PARAMINFO_POOL_NR] = { 0 }, sig = { 0 };
	struct pi_strtab names = { 0 }, types = { 0 };
	struct pi_map seen = { 0 };
	size_t i;

	for (i = 0; i < m->nfuncs; i++) {
		const struct pi_func *f = &m->funcs[i];
		uint32_t off = pi_text_off(m, f->addr);
		struct paraminfo_pool_func rec = {
			.size = f->size,
			.name = pi_strtab_add(&names, f->name),
		};

		sig.len = 0;
		pool_encode_sig(m->target, f, &sig, &names, &types);
		rec.sig = pool_sig(&seen, &sect[PARAMINFO_POOL_SIGS], &sig);
		pi_buf_put(&sect[PARAMINFO_POOL_ADDRS], &off, sizeof(off));
		pi_buf_put(&sect[PARAMINFO_POOL_FUNCS], &rec, sizeof(rec));
	}
	pool_hash(m, &sect[PARAMINFO_POOL_HASH]);
	sect[PARAMINFO_POOL_NAMES] = names.buf;
	sect[PARAMINFO_POOL_TYPES] = types.buf;
	pi_table_assemble(out, PARAMINFO_ENC_POOL, m, sect, PARAMINFO_POOL_NR);
	for (i = 0; i < PARAMINFO_POOL_NR; i++)
		pi_buf_free(&sect[i]);
	pi_buf_free(&sig);
	pi_map_free(&names.offs);
	pi_map_free(&types.offs);
	pi_map_free(&seen);
}

const struct pi_encoder pi_encoder_pool = {
	.name = "pool",
	.encoding = PARAMINFO_ENC_POOL,
	.encode = pool_encode,
};
