/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The DWARF side of gen_paraminfo: the reader (dwarf.c) and the analyses it
 * calls, type rendering (types.c), each architecture's calling convention
 * (abi_x86_64.c, abi_arm64.c) and location lists (loc.c). Encoders never
 * include this.
 */
#ifndef PI_READER_H
#define PI_READER_H

#include <elfutils/libdw.h>
#include <stdint.h>

#include "elfsym.h"
#include "model.h"
#include "util.h"

/* dwarf_child() and dwarf_siblingof() with a corrupt DIE as a fatal error. */
static inline int pi_child(Dwarf_Die *die, Dwarf_Die *child)
{
	int rc = dwarf_child(die, child);

	if (rc < 0)
		pi_die("corrupt DWARF below DIE 0x%llx: %s",
		       (unsigned long long)dwarf_dieoffset(die), dwarf_errmsg(-1));
	return rc == 0;
}

static inline int pi_sibling(Dwarf_Die *die)
{
	int rc = dwarf_siblingof(die, die);

	if (rc < 0)
		pi_die("corrupt DWARF after DIE 0x%llx: %s",
		       (unsigned long long)dwarf_dieoffset(die), dwarf_errmsg(-1));
	return rc == 0;
}

/* types.c */
const char *pi_type_name(Dwarf_Die *type);
Dwarf_Die *pi_type_strip(Dwarf_Die *type, Dwarf_Die *mem);
uint64_t pi_type_size(Dwarf_Die *type);
uint64_t pi_type_align(Dwarf_Die *type);
Dwarf_Die *pi_die_type(Dwarf_Die *die, Dwarf_Die *mem);
void pi_types_reset(void);

/* Where an architecture's calling convention passes parameters. */
struct pi_abi_state {
	unsigned int next_gpr;	/* index into the argument registers */
	unsigned int next_vec;	/* vector argument registers used so far */
};

struct pi_cc {
	struct pi_target target;
	/*
	 * Called once per function with its return type (NULL for void):
	 * may take argument registers, as x86-64's hidden result pointer
	 * does. Return: non-zero when the result goes through memory.
	 */
	int (*begin)(struct pi_abi_state *st, Dwarf_Die *ret_type);
	/* Place the next declared parameter: abi, reg[] and size. */
	void (*assign)(struct pi_abi_state *st, Dwarf_Die *type,
		       struct pi_param *p);
	/*
	 * ftrace's patchable function entry: up to entry_pad bytes of the
	 * nop instruction entry_nop (4 bytes, little-endian) that start the
	 * symbol, before the address DWARF gives as the function's start.
	 */
	uint32_t entry_nop;
	uint8_t entry_pad;
};

extern const struct pi_cc pi_cc_x86_64;
extern const struct pi_cc pi_cc_arm64;

const struct pi_cc *pi_cc_of(const struct pi_elf *pe);
int pi_abi_is_scalar(Dwarf_Die *type);
uint64_t pi_dwarf_udata(Dwarf_Die *die, unsigned int name, uint64_t dflt);

/* loc.c */
struct pi_part {
	uint64_t lo;		/* first address of this entry */
	uint64_t hi;		/* one past its last address */
	int fb_cfa;		/* DW_AT_frame_base is DW_OP_call_frame_cfa */
};

void pi_loc_read(const struct pi_target *t, Dwarf_Die *param,
		 const struct pi_part *part, struct pi_param *p,
		 struct pi_stats *stats);
int pi_loc_reg_at(const struct pi_param *p, uint32_t off);
void pi_loc_objects(const struct pi_target *t, Dwarf_Die *die, int fb_cfa,
		    struct pi_func *f);

/* dwarf.c */
#define PI_MAX_PARAMS	PARAMINFO_MAX_PARAMS	/* what the kernel accepts */

/* A function's declared parameters, from its DIE or its origin's. */
struct pi_proto {
	uint32_t flags;
	uint8_t noreturn;
	uint32_t nparams;
	struct pi_param params[PI_MAX_PARAMS];
	Dwarf_Die concrete[PI_MAX_PARAMS];	/* valid where has_concrete */
	uint8_t has_concrete[PI_MAX_PARAMS];
};

void pi_dwarf_proto(const struct pi_cc *abi, Dwarf_Die *die,
		    const char *symname, struct pi_proto *pr,
		    struct pi_stats *stats);
void pi_dwarf_read(const struct pi_elf *pe, struct pi_model *m);
void pi_dwarf_read_dw(const struct pi_elf *pe, Dwarf *dw, struct pi_model *m);

/* decl.c: functions whose only DWARF is a DIE without an address. */
struct pi_decl_die {
	uint64_t hash;		/* XXH64 of its name */
	uint64_t off;		/* the DIE's offset */
};

struct pi_decls {
	struct pi_decl_die *dies;	/* address-less subprograms */
	size_t ndies, dcap;
	uint64_t *claimed;		/* where DWARF instances start */
	size_t nclaimed, ccap;
};

void pi_decl_note(struct pi_decls *d, Dwarf_Die *die);
void pi_decl_claim(struct pi_decls *d, uint64_t addr);
void pi_decl_add(struct pi_decls *d, const struct pi_elf *pe,
		 const struct pi_cc *abi, Dwarf *dw, struct pi_model *m);

#endif /* PI_READER_H */
