/* SPDX-License-Identifier: GPL-2.0 */
/*
 * entryval: what DWARF's call-site parameters could add to paraminfo.
 * entryval.c reads the ELF file and gen_paraminfo's dump and reports;
 * entryval_dwarf.c finds the entry values and the call sites.
 */
#ifndef EV_ENTRYVAL_H
#define EV_ENTRYVAL_H

#include <elfutils/libdw.h>
#include <gelf.h>
#include <stddef.h>
#include <stdint.h>

/* The build passes -D__printf(a,b)=... and -D__noreturn=... like compiler.h. */
#ifndef __printf
#define __printf(a, b)
#endif
#ifndef __noreturn
#define __noreturn
#endif
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

#define EV_MAX_NEED	8	/* registers one function needs entry values of */
#define EV_MAX_PARAMS	128
#define EV_MAX_PAD	16	/* ftrace NOPs between a symbol and DWARF's entry */
#define EV_BUDGET	4.0	/* bytes per function the issue allows */

/* What a call site says of one register: the classes of the report. */
enum ev_class {
	EV_CONST,	/* (a) a constant or an address */
	EV_SAVED,	/* (b) a callee-saved register, plus a constant */
	EV_STACK,	/* (c) the caller's stack: a slot, or an address in it */
	EV_ENTRY,	/* (d) the caller's own entry value */
	EV_OTHER,	/* (e) computed, memory through a register, ... */
	EV_MISSING,	/* no DW_TAG_call_site_parameter for the register */
	EV_NCLASS
};

/*
 * The two ways of recovering a value measured: (a) alone, and (a)+(b)+(c);
 * the classes each recovers.
 */
#define EV_NVARIANT	2

static inline unsigned int ev_variant_classes(unsigned int v)
{
	return v ? 1u << EV_CONST | 1u << EV_SAVED | 1u << EV_STACK :
		   1u << EV_CONST;
}

struct ev_arch {
	const char *name;
	unsigned int machine;
	unsigned int nargs;		/* integer argument registers */
	unsigned int sp;		/* DWARF number of the stack pointer */
	uint32_t saved;			/* callee-saved registers, by number */
	const char * const *regs;
	unsigned int nregs;
	unsigned int call_len;		/* bytes of a direct call */
	/* A direct call or jump ending at @ret: where to, or 0. */
	int (*target)(const uint8_t *insn, uint64_t ret, uint64_t *to);
};

struct ev_text {
	uint64_t addr, size;
	const uint8_t *bytes;
};

/* A function of the dump: what paraminfo prints, offsets from addr. */
struct ev_range {
	uint32_t from, to;
};

struct ev_param {
	char *name;
	uint32_t nlocs;
	struct ev_range *locs;
};

struct ev_func {
	char *name;
	uint64_t addr, size;
	uint32_t nparams;
	struct ev_param *params;
	int64_t inst;		/* its DWARF instance, or -1 */
};

/* What a function's entry values need, register by register. */
struct ev_need {
	uint8_t reg[EV_MAX_NEED];
	uint64_t pairs[EV_MAX_NEED];	/* unprinted entry-value pairs */
	uint32_t sites[EV_MAX_NEED][EV_NCLASS];	/* non-tail call sites */
	uint8_t nreg;
};

/*
 * A concrete out-of-line subprogram, a possible callee. Calls enter it at
 * entry, its symbol, which is 0 when the table has only its .cold part.
 */
struct ev_inst {
	Dwarf_Off die, root;
	uint64_t entry;
	const char *name;		/* external ones: reached by name */
	const char *func;		/* its symbol's name, from the dump */
	uint32_t nsites, ntail;		/* call sites that reach it */
	struct ev_need *need;
};

struct ev_part {
	uint64_t lo, hi;
	uint32_t inst;
};

/* A useful call site: the bytes of its record, per variant. */
struct ev_site {
	uint64_t ret;
	uint32_t inst;
	uint16_t bytes[EV_NVARIANT];	/* its useful values' */
	uint8_t nvals[EV_NVARIANT];
};

struct ev_ctx {
	const struct ev_arch *arch;
	const char *path;
	int fd, verbose;
	Elf *elf;
	Dwarf *dw;
	struct ev_text *text;
	size_t ntext;
	uint64_t text_base;
	struct ev_func *funcs;
	size_t nfuncs;
	struct ev_inst *insts;
	size_t ninsts;
	struct ev_part *parts;		/* sorted by hi */
	size_t nparts;
	struct ev_inst **byroot;	/* the table's, by root DIE */
	struct ev_inst **byname;	/* the table's external ones, by name */
	size_t nbyroot, nbyname;
	Dwarf_Off *calls;		/* call-site DIEs */
	size_t ncalls;
	struct ev_site *sites;
	size_t nsites, sites_cap;
	/* The ceiling. */
	uint64_t gen_pairs, pairs, ev_pairs, ev_printed, ev_computed;
	uint64_t name_mismatch, no_instance, needy;
	/* The call sites. */
	uint64_t cs_tail, cs_indirect, cs_unresolved, cs_ambiguous;
	uint64_t cs_disagree, cs_needy, cs_needy_tail;
	uint64_t const_values, const_addrs;	/* (a) values, addresses */
};

static inline unsigned int ev_uleb_len(uint64_t v)
{
	unsigned int n = 1;

	while (v >= 0x80) {
		v >>= 7;
		n++;
	}
	return n;
}

static inline unsigned int ev_sleb_len(int64_t v)
{
	return ev_uleb_len(v < 0 ? ~(uint64_t)v << 1 : (uint64_t)v << 1);
}

/* entryval.c */
void __printf(1, 2) __noreturn ev_die(const char *fmt, ...);
void *ev_grow(void *p, size_t *cap, size_t need, size_t elem);
void *ev_zalloc(size_t n);
const uint8_t *ev_code(const struct ev_ctx *x, uint64_t addr, size_t len);

/* entryval_dwarf.c */
void ev_walk(struct ev_ctx *x);
void ev_ceiling(struct ev_ctx *x);
void ev_resolve(struct ev_ctx *x);

#endif /* EV_ENTRYVAL_H */
