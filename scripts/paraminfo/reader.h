/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The DWARF side of gen_paraminfo: the reader (dwarf.c) and the analyses it
 * calls, type rendering (types.c), SysV x86-64 classification
 * (abi_x86_64.c) and location lists (loc.c). Encoders never include this.
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
Dwarf_Die *pi_die_type(Dwarf_Die *die, Dwarf_Die *mem);
void pi_types_reset(void);

/* abi_x86_64.c */
struct pi_abi_state {
	unsigned int next_gpr;	/* index into the six argument registers */
	unsigned int next_xmm;	/* xmm0-xmm7 used so far */
};

int pi_abi_ret_in_memory(Dwarf_Die *ret_type);
void pi_abi_assign(struct pi_abi_state *st, Dwarf_Die *type,
		   struct pi_param *p);
int pi_abi_is_scalar(Dwarf_Die *type);

/* loc.c */
struct pi_part {
	uint64_t lo;		/* first address of this entry */
	uint64_t hi;		/* one past its last address */
};

void pi_loc_read(Dwarf_Die *param, const struct pi_part *part,
		 struct pi_param *p, struct pi_stats *stats);
int pi_loc_reg_at(const struct pi_param *p, uint32_t off);

/* dwarf.c */
void pi_dwarf_read(const struct pi_elf *pe, struct pi_model *m);

#endif /* PI_READER_H */
