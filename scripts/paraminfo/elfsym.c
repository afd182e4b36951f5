// SPDX-License-Identifier: GPL-2.0
/*
 * Open the input with libelf, refuse what gen_paraminfo cannot read
 * correctly (with one message naming the problem), and index the STT_FUNC
 * symbols by address: a DWARF instance becomes a function only when a
 * symbol starts exactly at its address, and that symbol's name is the one
 * kallsyms prints.
 */
#define _GNU_SOURCE	/* memmem() */
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "elfsym.h"
#include "util.h"

static Elf_Scn *pi_elf_section(Elf *elf, const char *name, GElf_Shdr *shdr)
{
	Elf_Scn *scn = NULL;
	size_t shstrndx;

	if (elf_getshdrstrndx(elf, &shstrndx))
		pi_die("cannot read section names: %s", elf_errmsg(-1));
	while ((scn = elf_nextscn(elf, scn))) {
		const char *sname;

		if (!gelf_getshdr(scn, shdr))
			pi_die("cannot read section header: %s", elf_errmsg(-1));
		sname = elf_strptr(elf, shstrndx, shdr->sh_name);
		if (sname && !strcmp(sname, name))
			return scn;
	}
	return NULL;
}

/*
 * libelf maps sections lazily and reports a truncated file only when a
 * section is read, so check every section against the file size up front.
 */
static void pi_elf_check_bounds(Elf *elf, off_t fsize)
{
	Elf_Scn *scn = NULL;
	GElf_Ehdr ehdr;
	GElf_Shdr shdr;

	if (!gelf_getehdr(elf, &ehdr))
		pi_die("truncated or corrupt ELF header: %s", elf_errmsg(-1));
	if (ehdr.e_shoff > (uint64_t)fsize ||
	    ehdr.e_shnum * (uint64_t)ehdr.e_shentsize > (uint64_t)fsize - ehdr.e_shoff)
		pi_die("truncated ELF: section headers extend past the end of the file");
	while ((scn = elf_nextscn(elf, scn))) {
		if (!gelf_getshdr(scn, &shdr))
			pi_die("corrupt section header: %s", elf_errmsg(-1));
		if (shdr.sh_type == SHT_NOBITS)
			continue;
		if (shdr.sh_offset > (uint64_t)fsize ||
		    shdr.sh_size > (uint64_t)fsize - shdr.sh_offset)
			pi_die("truncated ELF: section %zu extends past the end of the file",
			       elf_ndxscn(scn));
	}
}

static void pi_elf_check_kind(Elf *elf)
{
	GElf_Ehdr ehdr;

	if (elf_kind(elf) != ELF_K_ELF)
		pi_die("not an ELF file");
	if (gelf_getclass(elf) != ELFCLASS64)
		pi_die("not a 64-bit ELF file (x86-64 and AArch64 are supported)");
	if (!gelf_getehdr(elf, &ehdr))
		pi_die("truncated or corrupt ELF header: %s", elf_errmsg(-1));
	if (ehdr.e_ident[EI_DATA] != ELFDATA2LSB)
		pi_die("big-endian ELF file: only little-endian x86-64 and AArch64 are supported");
	if (ehdr.e_machine != EM_X86_64 && ehdr.e_machine != EM_AARCH64)
		pi_die("ELF machine %u is neither x86-64 nor AArch64",
		       ehdr.e_machine);
	if (ehdr.e_type != ET_EXEC && ehdr.e_type != ET_DYN &&
	    ehdr.e_type != ET_REL)
		pi_die("ELF type %u is not an executable, shared object or relocatable object",
		       ehdr.e_type);
}

/**
 * pi_elf_machine() - the ELF file's architecture
 * @pe: the opened ELF file
 *
 * Return: e_machine, EM_X86_64 or EM_AARCH64 (pi_elf_open() accepts no
 * other).
 */
unsigned int pi_elf_machine(const struct pi_elf *pe)
{
	GElf_Ehdr ehdr;

	if (!gelf_getehdr(pe->elf, &ehdr))
		pi_die("cannot read the ELF header: %s", elf_errmsg(-1));
	return ehdr.e_machine;
}

static int pi_sym_cmp(const void *a, const void *b)
{
	const struct pi_sym *sa = a, *sb = b;

	if (sa->addr != sb->addr)
		return sa->addr < sb->addr ? -1 : 1;
	return strcmp(sa->name, sb->name);
}

/*
 * scripts/kallsyms.c names text symbols only between these pairs; anything
 * else (.exit.text, freed or discarded) has no name an oops could print.
 */
static const char * const pi_text_bounds[2][2] = {
	{ "_stext", "_etext" },
	{ "_sinittext", "_einittext" },
};

static void pi_elf_note_bound(struct pi_elf *pe, const char *name,
			      uint64_t value, uint64_t found[2][2])
{
	size_t i, j;

	for (i = 0; i < 2; i++)
		for (j = 0; j < 2; j++)
			if (!strcmp(name, pi_text_bounds[i][j]))
				found[i][j] = value + 1;
}

static void pi_elf_set_text(struct pi_elf *pe, uint64_t found[2][2])
{
	size_t i;

	for (i = 0; i < 2; i++)
		if (found[i][0] && found[i][1])
			pe->text[pe->ntext++] = (struct pi_range){
				found[i][0] - 1, found[i][1] - 1,
			};
}

/*
 * A relocatable file's symbol values are offsets into their section: add
 * the address libdwfl gave the section. Return: 0 for a symbol of a
 * section that is not allocated (nothing there has an address).
 */
static int pi_elf_place(const struct pi_elf *pe, GElf_Sym *sym)
{
	Elf_Scn *scn;
	GElf_Shdr shdr;

	if (sym->st_shndx == SHN_ABS)
		return 1;
	if (sym->st_shndx >= SHN_LORESERVE)
		return 0;
	scn = elf_getscn(pe->elf, sym->st_shndx);
	if (!scn || !gelf_getshdr(scn, &shdr))
		pi_die("symbol of a section that does not exist (%u)",
		       sym->st_shndx);
	if (!(shdr.sh_flags & SHF_ALLOC))
		return 0;
	sym->st_value += shdr.sh_addr;
	return 1;
}

static void pi_elf_read_syms(struct pi_elf *pe)
{
	uint64_t bounds[2][2] = { { 0 } };
	Elf_Scn *scn;
	GElf_Shdr shdr;
	Elf_Data *data;
	size_t i, n;

	scn = pi_elf_section(pe->elf, ".symtab", &shdr);
	if (!scn || shdr.sh_type != SHT_SYMTAB)
		pi_die("no .symtab: the file is stripped");
	data = elf_getdata(scn, NULL);
	if (!data || !shdr.sh_entsize)
		pi_die("cannot read .symtab: %s", elf_errmsg(-1));
	n = shdr.sh_size / shdr.sh_entsize;
	pe->syms = pi_alloc(n * sizeof(*pe->syms));
	pe->labels = pi_alloc(n * sizeof(*pe->labels));
	for (i = 0; i < n; i++) {
		GElf_Sym sym;
		const char *name;

		if (!gelf_getsym(data, i, &sym))
			pi_die("corrupt symbol %zu in .symtab", i);
		if (sym.st_shndx == SHN_UNDEF ||
		    (pe->rel && !pi_elf_place(pe, &sym)))
			continue;
		name = elf_strptr(pe->elf, shdr.sh_link, sym.st_name);
		if (!name)
			pi_die("corrupt name of symbol %zu in .symtab", i);
		if (name[0] == '_')
			pi_elf_note_bound(pe, name, sym.st_value, bounds);
		if (GELF_ST_TYPE(sym.st_info) == STT_NOTYPE && name[0]) {
			pe->labels[pe->nlabels++] = (struct pi_sym) {
				.addr = sym.st_value,
				.name = name,
				.bind = GELF_ST_BIND(sym.st_info),
				.idx = i,
			};
			continue;
		}
		if (GELF_ST_TYPE(sym.st_info) != STT_FUNC)
			continue;
		pe->syms[pe->nsyms++] = (struct pi_sym) {
			.addr = sym.st_value,
			.size = sym.st_size,
			.name = name,
			.bind = GELF_ST_BIND(sym.st_info),
			.idx = i,
		};
	}
	qsort(pe->syms, pe->nsyms, sizeof(*pe->syms), pi_sym_cmp);
	qsort(pe->labels, pe->nlabels, sizeof(*pe->labels), pi_sym_cmp);
	pi_elf_set_text(pe, bounds);
}

/* The kernel's version, from linux_banner ("Linux version 6.1.192 ..."). */
static void pi_elf_read_kver(struct pi_elf *pe)
{
	static const char tag[] = "Linux version ";
	unsigned int major, minor;
	const uint8_t *d, *hit;
	uint64_t addr;
	size_t size;

	d = pi_elf_section_data(pe, ".rodata", &addr, &size);
	hit = d ? memmem(d, size, tag, sizeof(tag) - 1) : NULL;
	if (hit && sscanf((const char *)hit + sizeof(tag) - 1, "%u.%u",
			  &major, &minor) == 2 && major < 256 && minor < 256)
		pe->kver = major << 8 | minor;
}

/**
 * pi_elf_in_text() - would kallsyms name a symbol at this address?
 * @pe: the file
 * @addr: the address
 *
 * Return: non-zero inside a vmlinux's text ranges, and anywhere in a file
 * that is not a vmlinux (no _stext/_etext).
 */
int pi_elf_in_text(const struct pi_elf *pe, uint64_t addr)
{
	size_t i;

	for (i = 0; i < pe->ntext; i++)
		if (addr >= pe->text[i].lo && addr < pe->text[i].hi)
			return 1;
	return !pe->ntext;
}

static void pi_elf_read_code(struct pi_elf *pe)
{
	Elf_Scn *scn = NULL;
	GElf_Shdr shdr;
	size_t shstrndx;

	if (elf_getshdrstrndx(pe->elf, &shstrndx))
		pi_die("cannot read section names: %s", elf_errmsg(-1));

	while ((scn = elf_nextscn(pe->elf, scn))) {
		Elf_Data *data;

		if (!gelf_getshdr(scn, &shdr))
			pi_die("corrupt section header: %s", elf_errmsg(-1));
		if (!(shdr.sh_flags & SHF_EXECINSTR) || !(shdr.sh_flags & SHF_ALLOC))
			continue;
		pe->code = pi_realloc(pe->code, pe->ncode + 1, sizeof(*pe->code));
		pe->code[pe->ncode] = (struct pi_code){
			.name = elf_strptr(pe->elf, shstrndx, shdr.sh_name),
			.addr = shdr.sh_addr, .size = shdr.sh_size,
		};
		if (shdr.sh_type == SHT_PROGBITS) {
			data = elf_getdata(scn, NULL);
			if (!data || data->d_size != shdr.sh_size)
				pi_die("cannot read section %zu: %s", elf_ndxscn(scn),
				       elf_errmsg(-1));
			pe->code[pe->ncode].bytes = data->d_buf;
		}
		pe->ncode++;
	}
}

/**
 * pi_elf_code() - the instruction bytes of an address range
 * @pe: the file
 * @addr: first address
 * @size: number of bytes
 *
 * Return: the bytes, or NULL when no executable section with contents
 * holds the whole range (a debug-only file has SHT_NOBITS .text).
 */
const uint8_t *pi_elf_code(const struct pi_elf *pe, uint64_t addr,
			   uint64_t size)
{
	size_t i;

	for (i = 0; i < pe->ncode; i++) {
		const struct pi_code *c = &pe->code[i];

		if (addr >= c->addr && size <= c->size &&
		    addr - c->addr <= c->size - size)
			return c->bytes ? c->bytes + (addr - c->addr) : NULL;
	}
	return NULL;
}

/**
 * pi_elf_code_section() - the executable section an address is in
 * @pe: the file
 * @addr: the address
 *
 * Return: the section's name, or NULL when no executable section has it.
 */
const char *pi_elf_code_section(const struct pi_elf *pe, uint64_t addr)
{
	size_t i;

	for (i = 0; i < pe->ncode; i++)
		if (addr >= pe->code[i].addr && addr - pe->code[i].addr < pe->code[i].size)
			return pe->code[i].name;
	return NULL;
}

/* Open @path as ELF, @fd and @elf as soon as they are, and check it. */
static void pi_elf_begin(const char *path, int *fd, Elf **elf)
{
	struct stat st;

	elf_version(EV_CURRENT);
	*fd = open(path, O_RDONLY);
	if (*fd < 0)
		pi_die("cannot open: %s", strerror(errno));
	if (fstat(*fd, &st))
		pi_die("cannot stat: %s", strerror(errno));
	if (!S_ISREG(st.st_mode))
		pi_die("not a regular file");
	if (st.st_size < EI_NIDENT)
		pi_die("not an ELF file (only %lld bytes)", (long long)st.st_size);
	*elf = elf_begin(*fd, ELF_C_READ_MMAP, NULL);
	if (!*elf)
		pi_die("cannot read as ELF: %s", elf_errmsg(-1));
	pi_elf_check_kind(*elf);
	pi_elf_check_bounds(*elf, st.st_size);
}

/**
 * pi_elf_probe() - check an ELF file and tell its type
 * @path: the file
 *
 * Dies as pi_elf_open() does, relocatable objects (a kernel module)
 * accepted: those are for pi_kmod_open(). A caller that catches pi_die()
 * gets the file closed first.
 *
 * Return: its e_type, ET_EXEC, ET_DYN or ET_REL.
 */
unsigned int pi_elf_probe(const char *path)
{
	static struct { int fd; Elf *elf; } p;
	struct pi_catch c, *outer = pi_catcher;
	GElf_Ehdr ehdr;

	p.fd = -1;
	p.elf = NULL;
	pi_catcher = &c;
	if (setjmp(c.env)) {
		elf_end(p.elf);
		if (p.fd >= 0)
			close(p.fd);
		pi_catcher = outer;
		pi_die("%s", c.msg);
	}
	pi_elf_begin(path, &p.fd, &p.elf);
	pi_catcher = outer;
	gelf_getehdr(p.elf, &ehdr);
	elf_end(p.elf);
	close(p.fd);
	return ehdr.e_type;
}

/**
 * pi_elf_index() - read the symbols and code of an opened ELF file
 * @pe: the file, its elf (and for ET_REL, rel) set
 */
void pi_elf_index(struct pi_elf *pe)
{
	pi_elf_read_syms(pe);
	pi_elf_read_code(pe);
	if (!pe->rel)
		pi_elf_read_kver(pe);
}

/**
 * pi_elf_open() - open and validate the input, read its FUNC symbols
 * @pe: filled in
 * @path: the ELF file
 *
 * Dies with a clear message for a missing file, something that is not a
 * 64-bit x86-64 or AArch64 linked ELF (a relocatable object is
 * pi_kmod_open()'s), a truncated file or a file without .symtab. Whether
 * it carries usable DWARF is the DWARF reader's question.
 */
void pi_elf_open(struct pi_elf *pe, const char *path)
{
	memset(pe, 0, sizeof(*pe));
	pi_elf_begin(path, &pe->fd, &pe->elf);
	if (pi_elf_type(pe) == ET_REL)
		pi_die("relocatable object: link it first (vmlinux, not a .o)");
	pi_elf_index(pe);
}

/**
 * pi_elf_close() - release what pi_elf_open() took
 * @pe: the file
 */
void pi_elf_close(struct pi_elf *pe)
{
	free(pe->syms);
	free(pe->labels);
	free(pe->code);
	free(pe->relocs);
	/* A relocatable file's Elf is libdwfl's. */
	if (!pe->rel) {
		elf_end(pe->elf);
		close(pe->fd);
	}
	memset(pe, 0, sizeof(*pe));
}

/**
 * pi_elf_has_section() - does the file have a section of this name?
 * @pe: the file
 * @name: section name, e.g. ".debug_info"
 *
 * Return: non-zero when it has one with contents.
 */
int pi_elf_has_section(const struct pi_elf *pe, const char *name)
{
	GElf_Shdr shdr;

	return pi_elf_section(pe->elf, name, &shdr) && shdr.sh_type != SHT_NOBITS;
}

/**
 * pi_elf_section_data() - an allocated section's contents
 * @pe: the file
 * @name: section name, e.g. "__ex_table"
 * @addr: receives its link address
 * @size: receives its size
 *
 * Return: its bytes, or NULL when the file has no such section with
 * contents in memory at run time.
 */
const uint8_t *pi_elf_section_data(const struct pi_elf *pe, const char *name,
				   uint64_t *addr, size_t *size)
{
	Elf_Scn *scn;
	Elf_Data *data;
	GElf_Shdr shdr;

	scn = pi_elf_section(pe->elf, name, &shdr);
	if (!scn || shdr.sh_type != SHT_PROGBITS || !(shdr.sh_flags & SHF_ALLOC))
		return NULL;
	data = elf_getdata(scn, NULL);
	if (!data || data->d_size != shdr.sh_size)
		pi_die("cannot read section %s: %s", name, elf_errmsg(-1));
	*addr = shdr.sh_addr;
	*size = shdr.sh_size;
	return data->d_buf;
}

/**
 * pi_elf_syms_at() - the FUNC symbols that start exactly at an address
 * @pe: the file
 * @addr: the address
 * @first: set to the first of them (sorted by name)
 *
 * Return: how many symbols start at @addr; 0 when none does.
 */
size_t pi_elf_syms_at(const struct pi_elf *pe, uint64_t addr,
		      const struct pi_sym **first)
{
	size_t lo = 0, hi = pe->nsyms, n = 0;

	/* Leftmost symbol whose address is not below @addr. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (pe->syms[mid].addr < addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	*first = &pe->syms[lo];
	while (lo + n < pe->nsyms && pe->syms[lo + n].addr == addr)
		n++;
	return n;
}

/**
 * pi_elf_name_at() - a name for the code at an address
 * @pe: the file
 * @addr: the address, e.g. a call's target
 *
 * Return: the FUNC symbol kallsyms prints there, else an assembler label
 * (STT_NOTYPE) there, else NULL.
 */
const char *pi_elf_name_at(const struct pi_elf *pe, uint64_t addr)
{
	const struct pi_sym *sym = pi_elf_sym_at(pe, addr);
	size_t i;

	if (sym)
		return sym->name;
	i = pi_lower_bound(pe->labels, pe->nlabels, sizeof(*pe->labels),
			   offsetof(struct pi_sym, addr), addr);
	return i < pe->nlabels && pe->labels[i].addr == addr ?
	       pe->labels[i].name : NULL;
}

/**
 * pi_elf_symbol() - the value of a function or label symbol by name
 * @pe: the file
 * @name: the symbol, e.g. "__start___jump_table"
 * @value: receives its value
 *
 * Return: 1 when found, 0 when the file has no such symbol.
 */
int pi_elf_symbol(const struct pi_elf *pe, const char *name, uint64_t *value)
{
	size_t i;

	for (i = 0; i < pe->nlabels; i++)
		if (!strcmp(pe->labels[i].name, name)) {
			*value = pe->labels[i].addr;
			return 1;
		}
	for (i = 0; i < pe->nsyms; i++)
		if (!strcmp(pe->syms[i].name, name)) {
			*value = pe->syms[i].addr;
			return 1;
		}
	return 0;
}

/*
 * The next allocated section with contents after @scn (NULL: the first),
 * its header in @shdr and its bytes in @bytes.
 */
static Elf_Scn *pi_elf_next_data(const struct pi_elf *pe, Elf_Scn *scn,
				 GElf_Shdr *shdr, const uint8_t **bytes)
{
	Elf_Data *data;

	while ((scn = elf_nextscn(pe->elf, scn))) {
		if (!gelf_getshdr(scn, shdr))
			pi_die("corrupt section header: %s", elf_errmsg(-1));
		if (shdr->sh_type != SHT_PROGBITS || !(shdr->sh_flags & SHF_ALLOC))
			continue;
		data = elf_getdata(scn, NULL);
		if (!data || data->d_size != shdr->sh_size)
			pi_die("cannot read section %zu: %s", elf_ndxscn(scn),
			       elf_errmsg(-1));
		*bytes = data->d_buf;
		return scn;
	}
	return NULL;
}

/**
 * pi_elf_data() - the bytes of an address range in any allocated section
 * @pe: the file
 * @addr: first address
 * @size: number of bytes
 *
 * Return: the bytes, or NULL when no section with contents holds them all.
 */
const uint8_t *pi_elf_data(const struct pi_elf *pe, uint64_t addr,
			   uint64_t size)
{
	const uint8_t *bytes;
	Elf_Scn *scn = NULL;
	GElf_Shdr shdr;

	while ((scn = pi_elf_next_data(pe, scn, &shdr, &bytes)))
		if (addr >= shdr.sh_addr && size <= shdr.sh_size &&
		    addr - shdr.sh_addr <= shdr.sh_size - size)
			return bytes + (addr - shdr.sh_addr);
	return NULL;
}

/**
 * pi_elf_code_refs() - code addresses that data holds
 * @pe: the file
 * @n: receives how many
 *
 * Every 64-bit value, at any 4-byte boundary of an allocated section that
 * is not code, that is an address inside an executable section: function
 * pointers, and the targets of jump tables and computed gotos, which an
 * indirect jump can only reach through such a value in a position-dependent
 * file.
 *
 * Return: the sorted, distinct addresses (free() them), or NULL when @n is 0.
 */
uint64_t *pi_elf_code_refs(const struct pi_elf *pe, size_t *n)
{
	uint64_t *refs = NULL;
	size_t cap = 0, off;
	const uint8_t *bytes;
	Elf_Scn *scn = NULL;
	GElf_Shdr shdr;

	*n = 0;
	while ((scn = pi_elf_next_data(pe, scn, &shdr, &bytes))) {
		if (shdr.sh_flags & SHF_EXECINSTR)
			continue;
		for (off = 0; off + 8 <= shdr.sh_size; off += 4) {
			uint64_t v;

			memcpy(&v, bytes + off, sizeof(v));
			if (!pi_elf_code_section(pe, v))
				continue;
			if (*n == cap) {
				cap = cap ? cap * 2 : 1024;
				refs = pi_realloc(refs, cap, sizeof(*refs));
			}
			refs[(*n)++] = v;
		}
	}
	if (*n > 1)
		qsort(refs, *n, sizeof(*refs), pi_u64_cmp);
	for (off = 0, cap = 0; off < *n; off++)
		if (!cap || refs[cap - 1] != refs[off])
			refs[cap++] = refs[off];
	*n = cap;
	return refs;
}

/**
 * pi_elf_type() - the ELF file type
 * @pe: the file
 *
 * Return: ET_EXEC, ET_DYN or ET_REL.
 */
unsigned int pi_elf_type(const struct pi_elf *pe)
{
	GElf_Ehdr ehdr;

	if (!gelf_getehdr(pe->elf, &ehdr))
		pi_die("cannot read the ELF header: %s", elf_errmsg(-1));
	return ehdr.e_type;
}
