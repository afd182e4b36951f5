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

/* Init text's offsets start past the text's, rounded up to this. */
#define PI_INIT_ALIGN	0x10000

/*
 * The header's text_base: a vmlinux's _stext, a module's first text
 * section, else the first function.
 */
static uint64_t pi_text_base(const struct pi_model *m)
{
	if (m->layout.text_end)
		return m->layout.text;
	return m->nfuncs ? m->funcs[0].addr : 0;
}

/*
 * The header's init_off: where a vmlinux's init text starts in the table,
 * the first multiple of PI_INIT_ALIGN past the text's span, so that
 * offsets stay in address order and small; 0 for other files.
 */
static uint32_t pi_init_off(const struct pi_model *m)
{
	const struct pi_layout *l = &m->layout;
	uint64_t off;

	if (!l->init_end)
		return 0;
	if (l->text_end < l->text || l->init < l->text_end ||
	    l->init_end < l->init)
		pi_die("_stext, _etext, _sinittext, _einittext are out of order");
	off = (l->text_end - l->text + PI_INIT_ALIGN) & ~(PI_INIT_ALIGN - 1ULL);
	if (off + (l->init_end - l->init) > UINT32_MAX)
		pi_die("text and init text span more than 4 GiB");
	return off;
}

/**
 * pi_text_off() - a function address as a table offset
 * @m: the model
 * @addr: an address of one of its functions
 *
 * In a vmlinux's table, text is stored from _stext (text_base) and init
 * text from _sinittext, at init_off: what the kernel links after .text
 * moves init text, not these offsets, so a table made from a first link
 * is the table of vmlinux. A module's table stores its text sections
 * from the first one's address. Elsewhere offsets count from the first
 * function. init_off is 0 but for a vmlinux. The one place that makes
 * table offsets.
 *
 * Return: the offset; dies when @addr is outside the layout's text (and
 * a vmlinux's init text), or when the offset does not fit in 32 bits.
 */
uint32_t pi_text_off(const struct pi_model *m, uint64_t addr)
{
	const struct pi_layout *l = &m->layout;
	uint64_t off = addr - pi_text_base(m);

	if (l->init_end && addr >= l->init && addr < l->init_end)
		return pi_init_off(m) + (addr - l->init);
	if (l->text_end && (addr < l->text || addr >= l->text_end))
		pi_die("0x%llx is in neither text nor init text",
		       (unsigned long long)addr);
	if (off > UINT32_MAX)
		pi_die("text spans more than 4 GiB: cannot encode 0x%llx",
		       (unsigned long long)addr);
	return off;
}

/* Append section @i, 4-byte aligned, and say where it is in @h. */
static void pi_table_sect(struct pi_buf *out, struct paraminfo_header *h,
			  unsigned int i, const struct pi_buf *sect)
{
	pi_buf_put(out, NULL, -out->len & 3);
	if (out->len > UINT32_MAX || sect->len > UINT32_MAX - out->len)
		pi_die("table over 4 GiB");
	h->sect[i].off = out->len;
	h->sect[i].size = sect->len;
	pi_buf_put(out, sect->data, sect->len);
}

/**
 * pi_table_assemble() - header plus sections, each 4-byte aligned
 * @out: receives the table
 * @encoding: enum paraminfo_encoding
 * @m: the model (for the function count and text base)
 * @sects: the encoding's sections, in its section order
 * @nsects: how many, at most PARAMINFO_SECT_UNWIND
 *
 * The unwind rows section (PARAMINFO_SECT_UNWIND) is the same in every
 * encoding, and added here.
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
		.init_off = pi_init_off(m),
		.text_base = pi_text_base(m),
	};
	struct pi_buf unwind = { 0 };
	unsigned int i;

	if (nsects > PARAMINFO_SECT_UNWIND)
		pi_die("an encoding's sections take the unwind rows' slot");
	memcpy(h.arg_regs, m->target->arg_regs, sizeof(h.arg_regs));
	pi_buf_put(out, &h, sizeof(h));
	for (i = 0; i < nsects; i++)
		pi_table_sect(out, &h, i, &sects[i]);
	/* Every encoding carries the same unwind rows section. */
	pi_unwind_encode(m, &unwind);
	pi_table_sect(out, &h, PARAMINFO_SECT_UNWIND, &unwind);
	pi_buf_free(&unwind);
	pi_buf_put(out, NULL, -out->len & 7);
	h.size = out->len;
	memcpy(out->data, &h, sizeof(h));
}
