// SPDX-License-Identifier: GPL-2.0
/*
 * What the encoders share: the registry that maps --encoding names to
 * encoders, a byte buffer, a deduplicating string section, and the
 * assembly of header plus sections into one table.
 */
#include <linux/paraminfo_format.h>
#include <stdlib.h>
#include <string.h>

#include "encode.h"

static const struct pi_encoder *const pi_encoders[] = {
	&pi_encoder_flat,
	&pi_encoder_pool,
	&pi_encoder_delta,
};

/**
 * pi_encoder_find() - the encoder registered under a name
 * @name: "flat", "pool" or "delta"
 *
 * Return: the encoder, or NULL.
 */
const struct pi_encoder *pi_encoder_find(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(pi_encoders); i++)
		if (!strcmp(pi_encoders[i]->name, name))
			return pi_encoders[i];
	return NULL;
}

/**
 * pi_buf_put() - append bytes to a buffer
 * @b: the buffer
 * @p: the bytes, or NULL for zeroes
 * @n: how many
 */
void pi_buf_put(struct pi_buf *b, const void *p, size_t n)
{
	if (b->len + n > b->cap) {
		b->cap = (b->len + n) * 2 + 64;
		b->data = pi_realloc(b->data, b->cap, 1);
	}
	if (p)
		memcpy(b->data + b->len, p, n);
	else
		memset(b->data + b->len, 0, n);
	b->len += n;
}

/**
 * pi_buf_free() - release a buffer
 * @b: the buffer
 */
void pi_buf_free(struct pi_buf *b)
{
	free(b->data);
	memset(b, 0, sizeof(*b));
}

/**
 * pi_strtab_add() - offset of a string in a string section, adding it once
 * @st: the string section
 * @interned: a string from pi_intern(), so equal strings are one pointer
 *
 * Return: the offset of the NUL-terminated copy.
 */
uint32_t pi_strtab_add(struct pi_strtab *st, const char *interned)
{
	uintptr_t off = (uintptr_t)pi_map_get(&st->offs, (uintptr_t)interned);

	if (off)
		return off - 1;
	off = st->buf.len;
	if (off > UINT32_MAX - 4096)
		pi_die("string section over 4 GiB");
	pi_buf_put(&st->buf, interned, strlen(interned) + 1);
	pi_map_put(&st->offs, (uintptr_t)interned, (void *)(off + 1));
	return off;
}

/**
 * pi_strtab_free() - release a string section
 * @st: the string section
 */
void pi_strtab_free(struct pi_strtab *st)
{
	pi_buf_free(&st->buf);
	pi_map_free(&st->offs);
}

/**
 * pi_text_off() - a function address as a table offset
 * @m: the model; its first function's address is the table's text_base
 * @addr: an address of one of its functions
 *
 * Return: @addr - text_base; dies when that does not fit in 32 bits.
 */
uint32_t pi_text_off(const struct pi_model *m, uint64_t addr)
{
	uint64_t off = addr - m->funcs[0].addr;

	if (off > UINT32_MAX)
		pi_die("text spans more than 4 GiB: cannot encode 0x%llx",
		       (unsigned long long)addr);
	return off;
}

/**
 * pi_table_assemble() - header plus sections, each 4-byte aligned
 * @out: receives the table
 * @encoding: enum paraminfo_encoding
 * @m: the model (for the function count and text base)
 * @sects: the encoding's sections, in its section order
 * @nsects: how many, at most PARAMINFO_MAX_SECTIONS
 */
void pi_table_assemble(struct pi_buf *out, uint16_t encoding,
		       const struct pi_model *m, struct pi_buf *sects,
		       unsigned int nsects)
{
	struct paraminfo_header h = {
		.magic = PARAMINFO_MAGIC,
		.version = PARAMINFO_VERSION,
		.encoding = encoding,
		.nfuncs = m->nfuncs,
		.machine = m->target->machine,
		.nargs = m->target->nargs,
		.text_base = m->nfuncs ? m->funcs[0].addr : 0,
	};
	unsigned int i;

	memcpy(h.arg_regs, m->target->arg_regs, sizeof(h.arg_regs));
	pi_buf_put(out, &h, sizeof(h));
	for (i = 0; i < nsects; i++) {
		pi_buf_put(out, NULL, -out->len & 3);
		if (out->len > UINT32_MAX || sects[i].len > UINT32_MAX - out->len)
			pi_die("table over 4 GiB");
		h.sect[i].off = out->len;
		h.sect[i].size = sects[i].len;
		pi_buf_put(out, sects[i].data, sects[i].len);
	}
	pi_buf_put(out, NULL, -out->len & 7);
	h.size = out->len;
	memcpy(out->data, &h, sizeof(h));
}
