/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The input ELF file: validation and its STT_FUNC symbols by address.
 */
#ifndef PI_ELFSYM_H
#define PI_ELFSYM_H

#include <gelf.h>
#include <stddef.h>
#include <stdint.h>

struct pi_sym {
	uint64_t addr;
	uint64_t size;
	const char *name;
	unsigned char bind;	/* STB_* */
	uint32_t idx;		/* index in .symtab */
};

struct pi_code {
	const char *name;	/* the section's */
	uint64_t addr;
	uint64_t size;
	const uint8_t *bytes;	/* NULL for SHT_NOBITS */
};

/*
 * A relocation of an allocated section of a relocatable file, which the
 * module loader applies: at site (in libdwfl's layout), the value of its
 * symbol plus addend, or an undefined symbol's.
 */
struct pi_reloc {
	uint64_t site;
	uint64_t value;		/* S + A when the symbol is defined */
	const char *undef;	/* the undefined symbol's name, else NULL */
	uint32_t type;		/* R_X86_64_* or R_AARCH64_* */
};

/* A vmlinux's kallsyms text ranges: [_stext, _etext), [_sinittext, _einittext). */
struct pi_range {
	uint64_t lo;
	uint64_t hi;
};

struct pi_elf {
	int fd;
	Elf *elf;
	struct pi_range text[2];
	size_t ntext;		/* 0: not a vmlinux, every address counts */
	struct pi_code *code;	/* executable sections */
	size_t ncode;
	struct pi_sym *syms;	/* STT_FUNC symbols with an address, sorted */
	size_t nsyms;
	struct pi_sym *labels;	/* STT_NOTYPE ones (assembler labels), sorted */
	size_t nlabels;
	unsigned int kver;	/* Linux major << 8 | minor, 0 if unknown */
	/*
	 * ET_REL: section addresses are libdwfl's layout, symbols are
	 * placed at their section's address, and the Elf is libdwfl's.
	 */
	int rel;
	struct pi_reloc *relocs;	/* ... sorted by site */
	size_t nrelocs;
};

unsigned int pi_elf_machine(const struct pi_elf *pe);
unsigned int pi_elf_probe(const char *path);
void pi_elf_open(struct pi_elf *pe, const char *path);
void pi_elf_index(struct pi_elf *pe);
void pi_elf_close(struct pi_elf *pe);
const uint8_t *pi_elf_code(const struct pi_elf *pe, uint64_t addr,
			   uint64_t size);
const char *pi_elf_code_section(const struct pi_elf *pe, uint64_t addr);
int pi_elf_in_text(const struct pi_elf *pe, uint64_t addr);
int pi_elf_has_section(const struct pi_elf *pe, const char *name);
const uint8_t *pi_elf_section_data(const struct pi_elf *pe, const char *name,
				   uint64_t *addr, size_t *size);
const struct pi_sym *pi_elf_sym_at(const struct pi_elf *pe, uint64_t addr);
const char *pi_elf_kallsyms_name(const struct pi_elf *pe, uint64_t addr);
uint64_t pi_elf_kallsyms_size(const struct pi_elf *pe, uint64_t addr);
const char *pi_elf_name_at(const struct pi_elf *pe, uint64_t addr);
int pi_elf_symbol(const struct pi_elf *pe, const char *name, uint64_t *value);
const uint8_t *pi_elf_data(const struct pi_elf *pe, uint64_t addr,
			   uint64_t size);
uint64_t *pi_elf_code_refs(const struct pi_elf *pe, size_t *n);
unsigned int pi_elf_type(const struct pi_elf *pe);
size_t pi_elf_syms_at(const struct pi_elf *pe, uint64_t addr,
		      const struct pi_sym **first);

/* elfrel.c: a relocatable file whose sections libdwfl has laid out. */
void pi_elf_open_rel(struct pi_elf *pe, Elf *elf);
const char *pi_elf_branch(const struct pi_elf *pe, uint64_t addr,
			  unsigned int len, uint64_t *target);

#endif /* PI_ELFSYM_H */
