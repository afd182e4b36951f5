// SPDX-License-Identifier: GPL-2.0
/*
 * Module tables: the .paraminfo section of a .ko (struct
 * paraminfo_module_header). Validates its header and the table inside,
 * and turns an address of the loaded module into the table's, through
 * the addresses the module loader gave the module's text sections.
 * Compiled unchanged in the kernel and in the host harness.
 */
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/paraminfo.h>
#include <linux/string.h>

static int paraminfo_modtable_check(const struct paraminfo_module_header *h,
				    size_t size)
{
	size_t end = sizeof(*h) + (size_t)h->nsects * sizeof(h->sect[0]);
	u64 next = 0;
	unsigned int i;

	if (h->magic != PARAMINFO_MODULE_MAGIC ||
	    h->version != PARAMINFO_VERSION || !h->nsects ||
	    h->nsects > PARAMINFO_MODULE_MAX_SECTS || size < end)
		return -EINVAL;
	if ((h->table_off & 7) || h->table_off < end || h->table_off > size ||
	    h->table_size > size - h->table_off)
		return -EINVAL;
	/* Named, in table order, apart from each other. */
	for (i = 0; i < h->nsects; i++) {
		const struct paraminfo_module_sect *s = &h->sect[i];

		if (!memchr(s->name, '\0', sizeof(s->name)) || !s->name[0] ||
		    s->off < next)
			return -EINVAL;
		next = (u64)s->off + s->size;
		if (next > U32_MAX)
			return -EINVAL;
	}
	return 0;
}

/**
 * paraminfo_modtable_init() - validate a module's table
 * @mt: filled in; on failure every lookup in it answers -ENOENT
 * @data: the .paraminfo section, 8-byte aligned, its sections' addresses
 *	written (0 for one that is not loaded)
 * @size: its bytes
 * @dec: the decoder of the encoding the table must use
 *
 * Return: 0, or -EINVAL when the section or the table in it is malformed,
 * of another encoding, or a vmlinux's table (one with init text).
 */
int paraminfo_modtable_init(struct paraminfo_modtable *mt, const void *data,
			    size_t size, const struct paraminfo_decoder *dec)
{
	const struct paraminfo_module_header *h = data;

	memset(mt, 0, sizeof(*mt));
	if (size < sizeof(*h) || ((unsigned long)data & 7) ||
	    paraminfo_modtable_check(h, size))
		goto bad;
	if (paraminfo_table_init(&mt->t, (const u8 *)data + h->table_off,
				 h->table_size, dec) || mt->t.hdr->init_off)
		goto bad;
	mt->hdr = h;
	return 0;
bad:
	memset(mt, 0, sizeof(*mt));
	return -EINVAL;
}

/**
 * paraminfo_modtable_addr() - an address of the loaded module, as its
 *	table has it
 * @mt: the module's table
 * @addr: the address, e.g. an oops's pc
 *
 * Return: text_base plus the section's table offset plus @addr's offset in
 * it, for paraminfo_find(); 0 when @addr is in none of the table's loaded
 * sections (one never loaded has address 0; a dropped one is gone).
 */
u64 paraminfo_modtable_addr(const struct paraminfo_modtable *mt,
			    unsigned long addr)
{
	const struct paraminfo_module_header *h = mt->hdr;
	unsigned int i;

	for (i = 0; h && i < h->nsects; i++) {
		const struct paraminfo_module_sect *s = &h->sect[i];

		if (s->addr && !(READ_ONCE(mt->dropped) & BIT(i)) &&
		    addr >= s->addr && addr - s->addr < s->size)
			return mt->t.text_base + s->off + (addr - s->addr);
	}
	return 0;
}

/**
 * paraminfo_modtable_text() - where a table address of a module is loaded
 * @mt: the module's table
 * @taddr: an address as the table has it (a function's, say)
 *
 * Return: the loaded address, or 0 when its section is not loaded.
 */
unsigned long paraminfo_modtable_text(const struct paraminfo_modtable *mt,
				      u64 taddr)
{
	const struct paraminfo_module_header *h = mt->hdr;
	u64 off = taddr - mt->t.text_base;
	unsigned int i;

	for (i = 0; h && taddr >= mt->t.text_base && i < h->nsects; i++) {
		const struct paraminfo_module_sect *s = &h->sect[i];

		if (off < s->off || off - s->off >= s->size)
			continue;
		if (!s->addr || (READ_ONCE(mt->dropped) & BIT(i)))
			return 0;
		return s->addr + (off - s->off);
	}
	return 0;
}
