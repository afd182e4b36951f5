// SPDX-License-Identifier: GPL-2.0
/*
 * What kallsyms makes of an ELF file's symbols: of several at one address,
 * the name it prints (scripts/kallsyms.c's order, after the filters of
 * scripts/mksysmap and kallsyms.c of the kernel's version), and a
 * function's size as kallsyms_lookup_size_offset() gives it.
 */
#include <stddef.h>
#include <string.h>

#include "elfsym.h"
#include "util.h"

/* scripts/kallsyms.c: sorted after other aliases, as the linker's own. */
static int pi_sym_provided(const char *name)
{
	size_t len = strlen(name);

	if (len < 8 || strncmp(name, "__", 2))
		return 0;
	return !strncmp(name + 2, "start_", 6) || !strncmp(name + 2, "stop_", 5) ||
	       !strncmp(name + 2, "end_", 4) || !strcmp(name + len - 6, "_start") ||
	       !strcmp(name + len - 4, "_end");
}

/*
 * How scripts/kallsyms.c orders aliases: non-weak, not linker-provided,
 * fewer leading '_', then "nm -n" order (by name). A module's kallsyms
 * (find_kallsyms_symbol()) takes the first in its symbol table.
 */
static int pi_sym_before(const struct pi_elf *pe, const struct pi_sym *a,
			 const struct pi_sym *b)
{
	size_t ua = strspn(a->name, "_"), ub = strspn(b->name, "_");
	int pa = pi_sym_provided(a->name), pb = pi_sym_provided(b->name);

	if (pe->rel)
		return a->idx < b->idx;

	if ((a->bind == STB_WEAK) != (b->bind == STB_WEAK))
		return b->bind == STB_WEAK;
	if (pa != pb)
		return pb;
	if (ua != ub)
		return ua < ub;
	return strcmp(a->name, b->name) < 0;
}

/*
 * Symbols kallsyms never sees: those scripts/mksysmap filters out of
 * "nm -n" and the prefixes scripts/kallsyms.c ignores. Up to Linux 6.4
 * arm64's "__pi_$x" gets through; from 6.5 on ("scripts/mksysmap: Ignore
 * __pi_ local arm64 symbols") mksysmap drops "__pi_$" and "__pi_.L". A
 * kernel whose version is unknown is taken to be an older one.
 */
static int pi_sym_unnamed(const struct pi_elf *pe, const char *name)
{
	static const char * const prefixes[] = {
		"$", ".L", "__crc_", "__kstrtab_", "__kstrtabns_",
		"__efistub_", "__kvm_nvhe_$", "__kvm_nvhe_.L",
		"__AArch64ADRPThunk_", "__kcfi_typeid_",
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(prefixes); i++)
		if (!strncmp(name, prefixes[i], strlen(prefixes[i])))
			return 1;
	if (pe->kver >= (6 << 8 | 5) &&
	    (!strncmp(name, "__pi_$", 6) || !strncmp(name, "__pi_.L", 7)))
		return 1;
	return !strcmp(name, "L0");
}

/**
 * pi_elf_sym_at() - the FUNC symbol at a function address
 * @pe: the file
 * @addr: the address
 *
 * Of several, the first in scripts/kallsyms.c's order.
 *
 * Return: the symbol, or NULL when none starts at @addr.
 */
const struct pi_sym *pi_elf_sym_at(const struct pi_elf *pe, uint64_t addr)
{
	const struct pi_sym *syms, *best = NULL;
	size_t i, n = pi_elf_syms_at(pe, addr, &syms);

	for (i = 0; i < n; i++)
		if (!best || pi_sym_before(pe, &syms[i], best))
			best = &syms[i];
	return best;
}

/**
 * pi_elf_kallsyms_name() - the name kallsyms prints for a function address
 * @pe: the file
 * @addr: the address of a FUNC symbol
 *
 * kallsyms_lookup() returns the first of a function's aliases in
 * scripts/kallsyms.c's order, assembler labels (STT_NOTYPE) included:
 * arm64's position-independent objects bring "__pi_$x" along, which
 * mksysmap's "$" filter does not catch. So does this, so that names can be
 * recomputed from the ELF file or kallsyms instead of being stored.
 *
 * Return: the name, never NULL when a FUNC symbol starts at @addr.
 */
const char *pi_elf_kallsyms_name(const struct pi_elf *pe, uint64_t addr)
{
	const struct pi_sym *syms, *best = NULL;
	size_t i, n = pi_elf_syms_at(pe, addr, &syms);

	for (i = 0; i < n; i++)
		if (!pi_sym_unnamed(pe, syms[i].name) &&
		    (!best || pi_sym_before(pe, &syms[i], best)))
			best = &syms[i];
	i = pi_lower_bound(pe->labels, pe->nlabels, sizeof(*pe->labels),
			   offsetof(struct pi_sym, addr), addr);
	for (; i < pe->nlabels && pe->labels[i].addr == addr; i++)
		if (!pi_sym_unnamed(pe, pe->labels[i].name) &&
		    (!best || pi_sym_before(pe, &pe->labels[i], best)))
			best = &pe->labels[i];
	if (best)
		return best->name;
	best = pi_elf_sym_at(pe, addr);
	return best ? best->name : NULL;
}

/* The first symbol of @syms after @addr that kallsyms has, or NULL. */
static const struct pi_sym *pi_next_named(const struct pi_elf *pe,
					  const struct pi_sym *syms, size_t n,
					  uint64_t addr)
{
	size_t i = pi_lower_bound(syms, n, sizeof(*syms),
				  offsetof(struct pi_sym, addr), addr + 1);

	for (; i < n; i++)
		if (!pi_sym_unnamed(pe, syms[i].name))
			return &syms[i];
	return NULL;
}

/**
 * pi_elf_kallsyms_size() - the size kallsyms prints for a function
 * @pe: the file
 * @addr: the address of a FUNC symbol
 *
 * kallsyms_lookup_size_offset() ends a symbol where the next one it has
 * starts (a function's size includes the padding after it), or at the end
 * of its text range.
 *
 * Return: that size; 0 when nothing follows @addr.
 */
uint64_t pi_elf_kallsyms_size(const struct pi_elf *pe, uint64_t addr)
{
	const struct pi_sym *s = pi_next_named(pe, pe->syms, pe->nsyms, addr);
	const struct pi_sym *l = pi_next_named(pe, pe->labels, pe->nlabels, addr);
	uint64_t end = 0;
	size_t i;

	if (s)
		end = s->addr;
	if (l && (!end || l->addr < end))
		end = l->addr;
	for (i = 0; i < pe->ntext; i++)
		if (addr >= pe->text[i].lo && addr < pe->text[i].hi &&
		    (!end || pe->text[i].hi < end))
			end = pe->text[i].hi;
	return end ? end - addr : 0;
}
