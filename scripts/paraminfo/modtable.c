// SPDX-License-Identifier: GPL-2.0
/*
 * A module's table: what gen_paraminfo writes for a relocatable object
 * (a .ko, a .o), for the .paraminfo section the kernel reads at module
 * load (kernel/paraminfo/modtable.c).
 *
 * A module has no addresses before it is loaded, and the loader places
 * its sections where it likes. libdwfl's layout (kmod.c) lays them out one
 * after the other: the table's text_base is the layout address of the
 * first text section that holds a function of the model, each listed
 * section's off its layout address minus text_base, so a function is
 * stored at its layout address minus text_base, as anywhere else. The
 * header lists those sections by name, in address order; the kernel
 * writes each one's load address into its addr (0 here).
 */
#include <stdlib.h>
#include <string.h>

#include "modtable.h"
#include "util.h"

static int pi_code_cmp(const void *a, const void *b)
{
	const struct pi_code *x = *(const struct pi_code * const *)a;
	const struct pi_code *y = *(const struct pi_code * const *)b;

	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

/* Whether a function of @m starts in @c. */
static int pi_code_has_func(const struct pi_model *m, const struct pi_code *c)
{
	size_t i;

	for (i = 0; i < m->nfuncs; i++)
		if (m->funcs[i].addr >= c->addr &&
		    m->funcs[i].addr - c->addr < c->size)
			return 1;
	return 0;
}

/**
 * pi_modtable_layout() - the text sections of a module's table
 * @pe: the relocatable object, laid out by libdwfl
 * @m: its model; its layout is set to the listed sections' span
 * @mt: receives the sections that hold a function of @m, in address order
 *
 * Dies with a clear message when no section holds a function, when more
 * than PARAMINFO_MODULE_MAX_SECTS do, when a name does not fit in
 * PARAMINFO_MODULE_NAME_LEN - 1 bytes, or when the span exceeds 4 GiB.
 */
void pi_modtable_layout(const struct pi_elf *pe, struct pi_model *m,
			struct pi_modtable *mt)
{
	const struct pi_code **code = pi_alloc(pe->ncode * sizeof(*code) + 1);
	uint64_t base = 0, end = 0;
	size_t i;

	memset(mt, 0, sizeof(*mt));
	for (i = 0; i < pe->ncode; i++)
		code[i] = &pe->code[i];
	qsort(code, pe->ncode, sizeof(*code), pi_code_cmp);
	for (i = 0; i < pe->ncode; i++) {
		const struct pi_code *c = code[i];
		struct paraminfo_module_sect *s;

		if (!pi_code_has_func(m, c))
			continue;
		if (mt->nsects == PARAMINFO_MODULE_MAX_SECTS)
			pi_die("more than %d text sections hold functions: a module table lists at most %d",
			       PARAMINFO_MODULE_MAX_SECTS, PARAMINFO_MODULE_MAX_SECTS);
		if (!c->name || strlen(c->name) >= PARAMINFO_MODULE_NAME_LEN)
			pi_die("text section name %s is longer than a module table's %d bytes",
			       c->name ? c->name : "(none)",
			       PARAMINFO_MODULE_NAME_LEN - 1);
		if (!mt->nsects)
			base = c->addr;
		if (c->addr + c->size - base > UINT32_MAX)
			pi_die("the module's text sections span more than 4 GiB");
		s = &mt->sect[mt->nsects++];
		snprintf(s->name, sizeof(s->name), "%s", c->name);
		s->off = c->addr - base;
		s->size = c->size;
		end = c->addr + c->size;
	}
	free(code);
	if (!mt->nsects)
		pi_die("no text section holds a function with DWARF: no module table to write");
	m->layout = (struct pi_layout){ .text = base, .text_end = end };
}

/**
 * pi_modtable_wrap() - a module table: the header, then the table
 * @mt: the text sections, from pi_modtable_layout()
 * @table: the encoded table, encoded with the layout pi_modtable_layout()
 *	set
 * @out: receives the section's bytes, a multiple of 8
 */
void pi_modtable_wrap(const struct pi_modtable *mt, const struct pi_buf *table,
		      struct pi_buf *out)
{
	struct paraminfo_module_header h = {
		.magic = PARAMINFO_MODULE_MAGIC,
		.version = PARAMINFO_VERSION,
		.nsects = mt->nsects,
	};
	size_t hsize = sizeof(h) + mt->nsects * sizeof(mt->sect[0]);

	h.table_off = (hsize + 7) & ~(size_t)7;
	if (table->len > UINT32_MAX - h.table_off)
		pi_die("module table over 4 GiB");
	h.table_size = table->len;
	pi_buf_put(out, &h, sizeof(h));
	pi_buf_put(out, mt->sect, mt->nsects * sizeof(mt->sect[0]));
	pi_buf_put(out, NULL, h.table_off - hsize);
	pi_buf_put(out, table->data, table->len);
	pi_buf_put(out, NULL, -out->len & 7);
}
