// SPDX-License-Identifier: GPL-2.0
/*
 * A relocatable ELF file (a kernel module, a .o) as struct pi_elf, once
 * libdwfl has laid it out (kmod.c): dwfl_report_offline() gives every
 * allocated section an address in its section header, and
 * dwfl_module_getelf() applies the relocations its backend calls simple
 * (absolute ones) to the sections' contents and leaves the others in the
 * relocation sections. So the ELF symbols are placed at their section's
 * address (elfsym.c), the code is at the section headers' addresses and
 * the DWARF libdwfl relocates agrees with both.
 *
 * What stays unrelocated and matters to the proof is read here from
 * libelf's relocation records, without a relocator of its own:
 *
 *  - a call's or jump's displacement is 0 until the module loader applies
 *    the PC-relative relocation at it (x86-64 R_X86_64_PLT32/PC32, arm64
 *    R_AARCH64_CALL26/JUMP26/CONDBR19/TSTBR14): pi_elf_branch() gives
 *    the target from the relocation, or the name of an undefined symbol
 *    (an exported function of the kernel or of another module);
 *  - the kernel's patch tables hold 32-bit offsets relative to their own
 *    fields, each a PC-relative relocation (R_X86_64_PC32,
 *    R_AARCH64_PREL32) against the code: pi_elf_patch_tables() writes
 *    those offsets into the tables' contents, as the module loader would,
 *    so that patch.c reads a module's tables as a vmlinux's.
 */
#include <elf.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "elfsym.h"
#include "util.h"

/* The tables patch.c reads: only their PC-relative fields are written. */
static const char * const pi_patch_tables[] = {
	".altinstructions", "__jump_table", "__ex_table",
};

static int pi_reloc_cmp(const void *a, const void *b)
{
	const struct pi_reloc *x = a, *y = b;

	return x->site < y->site ? -1 : x->site > y->site;
}

static int pi_is_branch_reloc(unsigned int machine, uint32_t type)
{
	if (machine == EM_X86_64)
		return type == R_X86_64_PC32 || type == R_X86_64_PLT32;
	return type == R_AARCH64_CALL26 || type == R_AARCH64_JUMP26 ||
	       type == R_AARCH64_CONDBR19 || type == R_AARCH64_TSTBR14;
}

static int pi_is_prel32(unsigned int machine, uint32_t type)
{
	if (machine == EM_X86_64)
		return type == R_X86_64_PC32 || type == R_X86_64_PLT32;
	return type == R_AARCH64_PREL32;
}

/* The address of symbol @idx of @symscn, or its name when undefined. */
static void pi_rel_sym(const struct pi_elf *pe, Elf_Scn *symscn, size_t idx,
		       struct pi_reloc *r)
{
	Elf_Data *data = elf_getdata(symscn, NULL);
	GElf_Shdr shdr, sh;
	Elf_Scn *scn;
	GElf_Sym sym;

	if (!gelf_getshdr(symscn, &shdr) || !data || !gelf_getsym(data, idx, &sym))
		pi_die("relocation of a symbol that does not exist (%zu)", idx);
	if (sym.st_shndx == SHN_UNDEF) {
		r->undef = elf_strptr(pe->elf, shdr.sh_link, sym.st_name);
		if (!r->undef)
			pi_die("corrupt name of symbol %zu", idx);
		return;
	}
	if (sym.st_shndx < SHN_LORESERVE) {
		scn = elf_getscn(pe->elf, sym.st_shndx);
		if (!scn || !gelf_getshdr(scn, &sh))
			pi_die("symbol %zu of a section that does not exist", idx);
		sym.st_value += sh.sh_addr;
	}
	r->value += sym.st_value;
}

/* The relocations of one allocated section @tscn, from @scn (SHT_RELA). */
static void pi_rel_read(struct pi_elf *pe, Elf_Scn *scn, const GElf_Shdr *shdr,
			const GElf_Shdr *tshdr)
{
	Elf_Data *data = elf_getdata(scn, NULL);
	Elf_Scn *symscn = elf_getscn(pe->elf, shdr->sh_link);
	size_t i, n;

	if (!data || !symscn || !shdr->sh_entsize)
		pi_die("cannot read relocation section %zu: %s", elf_ndxscn(scn),
		       elf_errmsg(-1));
	/* libdwfl shrinks the data to the relocations it left. */
	n = data->d_size / shdr->sh_entsize;
	pe->relocs = pi_realloc(pe->relocs, pe->nrelocs + n, sizeof(*pe->relocs));
	for (i = 0; i < n; i++) {
		struct pi_reloc *r = &pe->relocs[pe->nrelocs];
		GElf_Rela rela;

		if (!gelf_getrela(data, i, &rela))
			pi_die("corrupt relocation %zu of section %zu", i,
			       elf_ndxscn(scn));
		if (rela.r_offset >= tshdr->sh_size)
			pi_die("relocation %zu of section %zu is outside its section",
			       i, elf_ndxscn(scn));
		*r = (struct pi_reloc){
			.site = tshdr->sh_addr + rela.r_offset,
			.value = rela.r_addend,
			.type = GELF_R_TYPE(rela.r_info),
		};
		pi_rel_sym(pe, symscn, GELF_R_SYM(rela.r_info), r);
		pe->nrelocs++;
	}
}

static void pi_rel_read_all(struct pi_elf *pe)
{
	Elf_Scn *scn = NULL, *tscn;
	GElf_Shdr shdr, tshdr;

	while ((scn = elf_nextscn(pe->elf, scn))) {
		if (!gelf_getshdr(scn, &shdr))
			pi_die("corrupt section header: %s", elf_errmsg(-1));
		if (shdr.sh_type != SHT_RELA && shdr.sh_type != SHT_REL)
			continue;
		tscn = elf_getscn(pe->elf, shdr.sh_info);
		if (!tscn || !gelf_getshdr(tscn, &tshdr))
			pi_die("relocation section %zu of no section", elf_ndxscn(scn));
		if (!(tshdr.sh_flags & SHF_ALLOC))
			continue;
		if (shdr.sh_type == SHT_REL)
			pi_die("SHT_REL relocations (section %zu): x86-64 and AArch64 objects have SHT_RELA",
			       elf_ndxscn(scn));
		pi_rel_read(pe, scn, &shdr, &tshdr);
	}
	if (pe->nrelocs > 1)
		qsort(pe->relocs, pe->nrelocs, sizeof(*pe->relocs), pi_reloc_cmp);
}

/*
 * Write the PC-relative offsets of patch.c's tables into their contents,
 * which libdwfl's private mapping of the file lets us change. A field
 * whose symbol is undefined (a jump label's static key in the kernel)
 * stays 0: patch.c does not read those.
 */
static void pi_elf_patch_tables(struct pi_elf *pe, unsigned int machine)
{
	size_t i, t;

	for (t = 0; t < ARRAY_SIZE(pi_patch_tables); t++) {
		uint64_t base;
		size_t size;
		uint8_t *d = (uint8_t *)pi_elf_section_data(pe, pi_patch_tables[t],
							    &base, &size);

		for (i = 0; d && i < pe->nrelocs; i++) {
			const struct pi_reloc *r = &pe->relocs[i];
			int32_t v = (int32_t)(r->value - r->site);

			if (r->site < base || r->site - base >= size ||
			    r->undef || !pi_is_prel32(machine, r->type))
				continue;
			if (r->site - base > size - 4)
				pi_die("%s: relocation past the end of the table",
				       pi_patch_tables[t]);
			memcpy(d + (r->site - base), &v, sizeof(v));
		}
	}
}

/**
 * pi_elf_open_rel() - index a relocatable file libdwfl has laid out
 * @pe: filled in
 * @elf: dwfl_module_getelf()'s, which stays libdwfl's
 *
 * Reads the symbols at their section's address, the code, and the
 * relocations of every allocated section, and writes the patch tables'
 * offsets (see above). Dies with a clear message on a corrupt file.
 */
void pi_elf_open_rel(struct pi_elf *pe, Elf *elf)
{
	memset(pe, 0, sizeof(*pe));
	pe->fd = -1;
	pe->elf = elf;
	pe->rel = 1;
	pi_elf_index(pe);
	pi_rel_read_all(pe);
	pi_elf_patch_tables(pe, pi_elf_machine(pe));
}

/**
 * pi_elf_branch() - a direct call's or jump's target in a relocatable file
 * @pe: the file
 * @addr: the instruction's address
 * @len: its length
 * @target: in, the target the decoder read from the instruction's
 *	unrelocated displacement (0: the instruction's own address on arm64,
 *	the next one's on x86-64); out, the target the module loader makes
 *	of it, or 0 for an undefined symbol
 *
 * Return: the name of the undefined symbol the instruction calls or jumps
 * to, or NULL (a defined target, or no relocation: @target unchanged).
 */
const char *pi_elf_branch(const struct pi_elf *pe, uint64_t addr,
			  unsigned int len, uint64_t *target)
{
	unsigned int machine;
	size_t i;

	if (!pe->nrelocs)
		return NULL;
	machine = pi_elf_machine(pe);
	i = pi_lower_bound(pe->relocs, pe->nrelocs, sizeof(*pe->relocs),
			   offsetof(struct pi_reloc, site), addr);
	for (; i < pe->nrelocs && pe->relocs[i].site < addr + len; i++) {
		const struct pi_reloc *r = &pe->relocs[i];

		if (!pi_is_branch_reloc(machine, r->type))
			continue;
		if (r->undef) {
			*target = 0;
			return r->undef;
		}
		/* The displacement field holds 0: add S + A - P. */
		*target += r->value - r->site;
		return NULL;
	}
	return NULL;
}
