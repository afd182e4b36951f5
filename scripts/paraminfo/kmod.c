// SPDX-License-Identifier: GPL-2.0
/*
 * A kernel module (.ko) or any relocatable object (.o) as a model.
 *
 * libdwfl does the relocating: dwfl_report_offline() lays the allocated
 * sections out one after the other in section-header order, each at its
 * alignment, from libdwfl's offline base (0x10000 today), writing the
 * addresses into its Elf handle's section headers; dwfl_module_getelf()
 * then applies the absolute relocations to the contents and
 * dwfl_module_getdwarf() relocates the DWARF against the same layout (or
 * finds a separate debug file, by build ID or .gnu_debuglink, and
 * relocates that against it). elfrel.c places the symbols at their
 * section's address and reads the relocations libdwfl leaves, so symbols,
 * code and DWARF all agree on one layout. Its addresses are not the
 * loaded module's, and nothing here needs them to be: a log names a
 * module's function by name, offset and size.
 *
 * kallsyms names a loaded module's code with its own symbol table
 * (kernel/module/kallsyms.c, find_kallsyms_symbol()): of the symbols with
 * a name that is not a mapping symbol ("$x", ".L..."), the first in
 * .symtab order at the closest address below, and the size reaches the
 * next such symbol. A section is loaded whole, so when the next symbol is
 * in the function's own section the size is known exactly. When the
 * function is the last of its section, the next symbol is in whatever
 * section the loader puts next (its layout groups the sections by their
 * flags, and some, arm64's PLTs, are sized at load time), or the end of
 * the module's text, rounded up to a page: then all that is known is
 * that the size reaches at least the end of the section.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kmod.h"
#include "reader.h"
#include "util.h"

static char *pi_kmod_debuginfo_path;

static const Dwfl_Callbacks pi_kmod_callbacks = {
	.find_elf = dwfl_build_id_find_elf,
	.find_debuginfo = dwfl_standard_find_debuginfo,
	.section_address = dwfl_offline_section_address,
	.debuginfo_path = &pi_kmod_debuginfo_path,
};

/* .modinfo's "name=" and "vermagic=", and the version vermagic starts with. */
static void pi_kmod_modinfo(struct pi_kmod *km)
{
	unsigned int major, minor;
	const uint8_t *d;
	uint64_t addr;
	size_t size, off, len;

	d = pi_elf_section_data(&km->pe, ".modinfo", &addr, &size);
	for (off = 0; d && off < size; off += len + 1) {
		const char *s = (const char *)d + off;

		len = strnlen(s, size - off);
		if (!strncmp(s, "name=", 5))
			snprintf(km->name, sizeof(km->name), "%.*s",
				 (int)(len - 5), s + 5);
		else if (!strncmp(s, "vermagic=", 9))
			snprintf(km->vermagic, sizeof(km->vermagic), "%.*s",
				 (int)(len - 9), s + 9);
	}
	if (sscanf(km->vermagic, "%u.%u", &major, &minor) == 2 &&
	    major < 256 && minor < 256)
		km->pe.kver = major << 8 | minor;
}

/**
 * pi_kmod_open() - lay out a relocatable object and read its symbols
 * @km: filled in; pi_kmod_close() releases it, also after a pi_die()
 *	caught half way
 * @path: the .ko or .o
 *
 * Dies with a clear message when the file is no relocatable x86-64 or
 * AArch64 object, is truncated, or has no DWARF (in itself or in a debug
 * file libdwfl finds for it).
 */
void pi_kmod_open(struct pi_kmod *km, const char *path)
{
	const char *base = strrchr(path, '/');
	GElf_Addr bias = 0;
	struct pi_elf probe = { 0 };
	Elf *elf;

	memset(km, 0, sizeof(*km));
	if (pi_elf_probe(path) != ET_REL)
		pi_die("not a relocatable object (a kernel module .ko, a .o)");
	km->dwfl = dwfl_begin(&pi_kmod_callbacks);
	if (!km->dwfl)
		pi_die("libdwfl: %s", dwfl_errmsg(-1));
	dwfl_report_begin(km->dwfl);
	km->mod = dwfl_report_offline(km->dwfl, base ? base + 1 : path, path, -1);
	if (!km->mod)
		pi_die("libdwfl cannot read it: %s", dwfl_errmsg(-1));
	if (dwfl_report_end(km->dwfl, NULL, NULL))
		pi_die("libdwfl: %s", dwfl_errmsg(-1));
	elf = dwfl_module_getelf(km->mod, &bias);
	if (!elf)
		pi_die("libdwfl cannot lay it out: %s", dwfl_errmsg(-1));
	if (bias)
		pi_die("libdwfl placed the object at a bias (0x%llx)",
		       (unsigned long long)bias);
	probe.elf = elf;
	km->dw = dwfl_module_getdwarf(km->mod, &bias);
	if (!km->dw && !pi_elf_has_section(&probe, ".debug_info"))
		pi_die("no DWARF debug info (.debug_info), and no debug file for it: build the module with debug info, or do not strip it");
	if (!km->dw || bias)
		pi_die("libdwfl cannot read its DWARF: %s", dwfl_errmsg(-1));
	pi_elf_open_rel(&km->pe, elf);
	pi_kmod_modinfo(km);
}

/**
 * pi_kmod_read() - the model of an opened object's DWARF
 * @km: from pi_kmod_open()
 * @m: the model to fill, as pi_dwarf_read() does
 */
void pi_kmod_read(struct pi_kmod *km, struct pi_model *m)
{
	pi_dwarf_read_dw(&km->pe, km->dw, m);
}

/**
 * pi_kmod_close() - release what pi_kmod_open() took
 * @km: the object, opened completely or not
 */
void pi_kmod_close(struct pi_kmod *km)
{
	if (km->pe.rel)
		pi_elf_close(&km->pe);
	if (km->dwfl)
		dwfl_end(km->dwfl);
	memset(km, 0, sizeof(*km));
}

/* kernel/module/kallsyms.c's is_arm_mapping_symbol(), used on every arch. */
static int pi_kmod_mapping(const char *name)
{
	if (name[0] == '.' && name[1] == 'L')
		return 1;
	return name[0] == '$' && name[1] && strchr("axtd", name[1]) &&
	       (name[2] == '\0' || name[2] == '.');
}

/*
 * Symbol @i of .symtab if kallsyms has it: its name, its address in the
 * layout and its section; NULL otherwise.
 */
static const char *pi_kmod_sym(const struct pi_kmod *km, Elf_Data *data,
			       size_t link, size_t i, uint64_t *addr,
			       size_t *shndx)
{
	const char *name;
	Elf_Scn *scn;
	GElf_Shdr shdr;
	GElf_Sym sym;

	if (!gelf_getsym(data, i, &sym) || sym.st_shndx == SHN_UNDEF ||
	    sym.st_shndx >= SHN_LORESERVE || !sym.st_name)
		return NULL;
	name = elf_strptr(km->pe.elf, link, sym.st_name);
	scn = elf_getscn(km->pe.elf, sym.st_shndx);
	if (!name || !name[0] || pi_kmod_mapping(name) || !scn ||
	    !gelf_getshdr(scn, &shdr) || !(shdr.sh_flags & SHF_ALLOC))
		return NULL;
	*addr = shdr.sh_addr + sym.st_value;
	*shndx = sym.st_shndx;
	return name;
}

/* The .symtab section's data, its string table and entry count. */
static Elf_Data *pi_kmod_symtab(const struct pi_kmod *km, size_t *link,
				size_t *n)
{
	Elf_Scn *scn = NULL;
	GElf_Shdr shdr;

	while ((scn = elf_nextscn(km->pe.elf, scn)))
		if (gelf_getshdr(scn, &shdr) && shdr.sh_type == SHT_SYMTAB &&
		    shdr.sh_entsize) {
			*link = shdr.sh_link;
			*n = shdr.sh_size / shdr.sh_entsize;
			return elf_getdata(scn, NULL);
		}
	*n = 0;
	return NULL;
}

/* The section holding @addr, from the FUNC symbol there. */
static size_t pi_kmod_section_of(const struct pi_kmod *km, Elf_Data *data,
				 size_t link, size_t n, uint64_t addr)
{
	size_t i, shndx;
	uint64_t a;

	for (i = 1; i < n; i++)
		if (pi_kmod_sym(km, data, link, i, &a, &shndx) && a == addr)
			return shndx;
	return 0;
}

/**
 * pi_kmod_kallsyms_name() - the name kallsyms prints for a module address
 * @km: the module
 * @addr: a symbol's address in the layout
 *
 * Return: the first symbol of .symtab at @addr that kallsyms has, or NULL.
 */
const char *pi_kmod_kallsyms_name(const struct pi_kmod *km, uint64_t addr)
{
	size_t i, n, link, shndx, sec;
	Elf_Data *data = pi_kmod_symtab(km, &link, &n);
	const char *name;
	uint64_t a;

	sec = pi_kmod_section_of(km, data, link, n, addr);
	for (i = 1; i < n; i++) {
		name = pi_kmod_sym(km, data, link, i, &a, &shndx);
		if (name && a == addr && shndx == sec)
			return name;
	}
	return NULL;
}

/**
 * pi_kmod_kallsyms_size() - the size kallsyms prints for a module function
 * @km: the module
 * @addr: the function's address in the layout
 * @exact: set when the size is exact; otherwise the size printed is at
 *	least the one returned (see the top of this file)
 *
 * Return: the distance to the next symbol kallsyms has in the function's
 * section, or else to the end of that section.
 */
uint64_t pi_kmod_kallsyms_size(const struct pi_kmod *km, uint64_t addr,
			       int *exact)
{
	size_t i, n, link, shndx, sec;
	Elf_Data *data = pi_kmod_symtab(km, &link, &n);
	uint64_t a, next = 0;
	Elf_Scn *scn;
	GElf_Shdr shdr;

	sec = pi_kmod_section_of(km, data, link, n, addr);
	for (i = 1; i < n; i++)
		if (pi_kmod_sym(km, data, link, i, &a, &shndx) &&
		    shndx == sec && a > addr && (!next || a < next))
			next = a;
	*exact = next != 0;
	if (next)
		return next - addr;
	scn = elf_getscn(km->pe.elf, sec);
	if (!sec || !scn || !gelf_getshdr(scn, &shdr) ||
	    addr - shdr.sh_addr > shdr.sh_size)
		return 0;
	return shdr.sh_addr + shdr.sh_size - addr;
}

/**
 * pi_kmod_lookup() - the addresses kallsyms names so
 * @km: the module
 * @name: the name a log prints, "foo" of "foo+0x5/0xe [mod]"
 * @addrs: receives up to @max addresses, of symbols in executable sections
 * @max: room in @addrs
 *
 * Return: how many addresses kallsyms prints @name for (static functions
 * of different files may share a name), even beyond @max.
 */
size_t pi_kmod_lookup(const struct pi_kmod *km, const char *name,
		      uint64_t *addrs, size_t max)
{
	size_t i, n, link, shndx, found = 0;
	Elf_Data *data = pi_kmod_symtab(km, &link, &n);
	const char *s;
	uint64_t a;

	for (i = 1; i < n; i++) {
		s = pi_kmod_sym(km, data, link, i, &a, &shndx);
		if (!s || strcmp(s, name) || !pi_elf_code_section(&km->pe, a) ||
		    strcmp(pi_kmod_kallsyms_name(km, a), name))
			continue;
		if (found < max)
			addrs[found] = a;
		found++;
	}
	return found;
}
