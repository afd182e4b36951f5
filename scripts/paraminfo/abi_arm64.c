// SPDX-License-Identifier: GPL-2.0
/*
 * Where AAPCS64 (the Procedure Call Standard for the Arm 64-bit
 * Architecture, 6.8.2) passes each parameter on entry:
 *
 *  - integers, pointers and enums take the next of X0-X7 (NGRN);
 *  - __int128 and other 16-byte-aligned composites start at an even
 *    register (x2+x3 after an int in x0), or go to the stack whole;
 *  - a composite of at most 16 bytes takes one or two X registers;
 *  - a composite of more than 16 bytes is copied by the caller and passed
 *    by reference: the register holds the copy's address, not the value;
 *  - floating-point values, vectors and homogeneous floating-point or
 *    short-vector aggregates (HFA/HVA, one to four equal members) take
 *    V0-V7 (NSRN), which struct pt_regs does not hold;
 *  - once the registers of its class run out, an argument and every later
 *    one of that class go to the stack;
 *  - a result returned in memory gets its buffer's address in X8, which
 *    is not an argument register: nothing shifts (unlike x86-64's RDI).
 */
#include <dwarf.h>
#include <elf.h>
#include <string.h>

#include "reader.h"
#include "util.h"

#define PI_A64_NARGS	8	/* X0-X7, and V0-V7 */
#define PI_A64_HFA_MAX	4

/* Homogeneous aggregate detection: the one base type and how many. */
struct pi_hfa {
	uint64_t base_size;	/* 0 until the first member */
	unsigned int base_enc;	/* DW_ATE_float, or 0 for a vector */
	unsigned int count;
	int bad;
};

static void pi_hfa_walk(Dwarf_Die *type, struct pi_hfa *h, int depth);

static void pi_hfa_leaf(struct pi_hfa *h, unsigned int enc, uint64_t size,
			uint64_t n)
{
	if (h->base_size && (h->base_size != size || h->base_enc != enc))
		h->bad = 1;
	h->base_size = size;
	h->base_enc = enc;
	h->count += n;
	if (h->count > PI_A64_HFA_MAX)
		h->bad = 1;
}

static void pi_hfa_walk(Dwarf_Die *type, struct pi_hfa *h, int depth)
{
	Dwarf_Die mem, child, emem, *t = pi_type_strip(type, &mem), *elem;
	uint64_t enc, size, esize;

	if (!t || depth > 16 || h->bad) {
		h->bad = 1;
		return;
	}
	size = pi_type_size(t);
	switch (dwarf_tag(t)) {
	case DW_TAG_base_type:
		enc = pi_dwarf_udata(t, DW_AT_encoding, 0);
		if (enc == DW_ATE_float)
			pi_hfa_leaf(h, enc, size, 1);
		else if (enc == DW_ATE_complex_float)
			pi_hfa_leaf(h, DW_ATE_float, size / 2, 2);
		else
			h->bad = 1;
		break;
	case DW_TAG_structure_type:
	case DW_TAG_union_type:
	case DW_TAG_class_type:
		if (!pi_child(t, &child))
			break;
		do {
			Dwarf_Die tm;

			if (dwarf_tag(&child) != DW_TAG_member)
				continue;
			if (dwarf_hasattr(&child, DW_AT_bit_size)) {
				h->bad = 1;
				return;
			}
			pi_hfa_walk(pi_die_type(&child, &tm), h, depth + 1);
			/* A union's members overlap: count the widest once. */
			if (dwarf_tag(t) == DW_TAG_union_type && h->count &&
			    h->count * h->base_size > size)
				h->count = size / h->base_size;
		} while (pi_sibling(&child));
		break;
	case DW_TAG_array_type:
		elem = pi_die_type(t, &emem);
		esize = pi_type_size(elem);
		if (dwarf_hasattr(t, DW_AT_GNU_vector)) {
			/* A short vector (8 or 16 bytes) is an HVA member. */
			if (size == 8 || size == 16)
				pi_hfa_leaf(h, 0, size, 1);
			else
				h->bad = 1;
			break;
		}
		if (!esize || !size) {
			h->bad = 1;
			break;
		}
		{
			struct pi_hfa one = { 0 };

			pi_hfa_walk(elem, &one, depth + 1);
			if (one.bad || !one.count) {
				h->bad = 1;
				break;
			}
			pi_hfa_leaf(h, one.base_enc, one.base_size,
				    one.count * (size / esize));
		}
		break;
	default:
		h->bad = 1;
		break;
	}
}

/* Is @t an HFA or HVA? Return: its member count, or 0. */
static unsigned int pi_hfa_count(Dwarf_Die *t)
{
	struct pi_hfa h = { 0 };

	pi_hfa_walk(t, &h, 0);
	if (h.bad || !h.count || h.count * h.base_size != pi_type_size(t))
		return 0;
	return h.count;
}

static int pi_is_composite(Dwarf_Die *t)
{
	switch (dwarf_tag(t)) {
	case DW_TAG_structure_type:
	case DW_TAG_union_type:
	case DW_TAG_class_type:
		return 1;
	case DW_TAG_array_type:
		return !dwarf_hasattr(t, DW_AT_GNU_vector);
	default:
		return 0;
	}
}

static int pi_is_fp(Dwarf_Die *t)
{
	uint64_t enc;

	if (dwarf_tag(t) == DW_TAG_array_type)	/* a vector type */
		return 1;
	if (dwarf_tag(t) != DW_TAG_base_type)
		return 0;
	enc = pi_dwarf_udata(t, DW_AT_encoding, 0);
	return enc == DW_ATE_float || enc == DW_ATE_complex_float;
}

/* X8 carries a result buffer's address; no argument register is taken. */
static int pi_arm64_begin(struct pi_abi_state *st, Dwarf_Die *ret_type)
{
	return 0;
}

static void pi_arm64_assign(struct pi_abi_state *st, Dwarf_Die *type,
			    struct pi_param *p)
{
	Dwarf_Die mem, *t = pi_type_strip(type, &mem);
	uint64_t size = pi_type_size(type), nregs;
	unsigned int nvec;

	p->size = size;
	if (!t) {
		p->abi = PI_ABI_UNKNOWN;
		return;
	}
	/* An empty struct (a GNU C extension) is not passed at all. */
	if (pi_is_composite(t) && !size) {
		p->abi = PI_ABI_NONE;
		return;
	}
	nvec = pi_is_composite(t) || dwarf_tag(t) == DW_TAG_base_type ?
	       pi_hfa_count(t) : 0;
	if (!nvec && pi_is_fp(t) && !pi_is_composite(t))
		nvec = dwarf_tag(t) == DW_TAG_base_type &&
		       pi_dwarf_udata(t, DW_AT_encoding, 0) == DW_ATE_complex_float ? 2 : 1;
	if (nvec) {
		if (st->next_vec + nvec <= PI_A64_NARGS) {
			st->next_vec += nvec;
			p->abi = PI_ABI_XMM;
		} else {
			st->next_vec = PI_A64_NARGS;
			p->abi = PI_ABI_STACK;
		}
		return;
	}
	if (pi_is_composite(t) && size > 16) {
		/* B.4: replaced by a pointer to a copy, then a pointer's rules. */
		if (st->next_gpr < PI_A64_NARGS) {
			p->abi = PI_ABI_BYREF;
			p->reg[0] = st->next_gpr++;
		} else {
			p->abi = PI_ABI_STACK;
		}
		return;
	}
	nregs = (size + 7) / 8;
	if (!nregs || nregs > 2) {
		p->abi = PI_ABI_UNKNOWN;
		return;
	}
	/* C.9/C.10: 16-byte alignment starts at an even register. */
	if (nregs == 2 && pi_type_align(t) == 16)
		st->next_gpr = (st->next_gpr + 1) & ~1u;
	if (st->next_gpr + nregs > PI_A64_NARGS) {
		st->next_gpr = PI_A64_NARGS;
		p->abi = PI_ABI_STACK;
		return;
	}
	p->reg[0] = st->next_gpr++;
	p->abi = PI_ABI_REG;
	if (nregs == 2) {
		p->reg[1] = st->next_gpr++;
		p->abi = PI_ABI_REG2;
	}
}

static const char * const pi_arm64_regs[32] = {
	"x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7",
	"x8", "x9", "x10", "x11", "x12", "x13", "x14", "x15",
	"x16", "x17", "x18", "x19", "x20", "x21", "x22", "x23",
	"x24", "x25", "x26", "x27", "x28", "x29", "x30", "sp",
};

/*
 * __show_regs(): "pc : %pS", "lr : %pS", "sp : %016llx", then x29 down to
 * x0 as "x%-2d: %016llx". x30 is printed only as the symbolic lr.
 */
static const char * const pi_arm64_log_regs[32] = {
	"x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7",
	"x8", "x9", "x10", "x11", "x12", "x13", "x14", "x15",
	"x16", "x17", "x18", "x19", "x20", "x21", "x22", "x23",
	"x24", "x25", "x26", "x27", "x28", "x29", NULL, "sp",
};

static const char * const pi_arm64_log_tail[] = { NULL };

/* die_kernel_fault() names the fault address. */
static const struct pi_logfmt pi_arm64_log = {
	.pc = "pc",
	.regs = pi_arm64_log_regs,
	.last = 0,
	.tail = pi_arm64_log_tail,
	.fault_line = "Unable to handle kernel ",
	.fault_addr = " at virtual address ",
};

const struct pi_cc pi_cc_arm64 = {
	.target = {
		.name = "AArch64",
		.machine = EM_AARCH64,
		.nregs = 32,
		.sp = 31,
		.fp = 29,
		.ra = 30,
		/* x19-x29 */
		.preserved = 0x3ff80000,
		.reg_names = pi_arm64_regs,
		.nargs = PI_A64_NARGS,
		.arg_regs = { 0, 1, 2, 3, 4, 5, 6, 7 },
		.vec_name = "v",
		.vec_first = 64,			/* v0-v31 */
		.vec_last = 95,
		.log = &pi_arm64_log,
	},
	.begin = pi_arm64_begin,
	.assign = pi_arm64_assign,
	/*
	 * -fpatchable-function-entry=2 (DYNAMIC_FTRACE_WITH_REGS): two NOPs,
	 * which ftrace turns into "mov x9, x30; bl ftrace_caller". Neither
	 * writes an argument register, and the caller saves and restores
	 * x0-x8 around the tracer.
	 */
	.entry_nop = 0xd503201f,
	.entry_pad = 16,
};
