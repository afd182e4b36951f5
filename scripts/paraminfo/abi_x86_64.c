// SPDX-License-Identifier: GPL-2.0
/*
 * Where the SysV x86-64 ABI passes each parameter on entry (psABI 3.2.3):
 * every eightbyte of an argument is classified INTEGER, SSE or MEMORY; an
 * argument goes to registers only when all its eightbytes fit in what is
 * left of RDI RSI RDX RCX R8 R9 and XMM0-7, otherwise to the stack, whole.
 * Aggregates over 16 bytes, or with a misaligned field, go to memory; so
 * does long double (X87). A function returning in memory takes a hidden
 * pointer in RDI, which shifts every argument by one register.
 */
#include <dwarf.h>
#include <elf.h>
#include <string.h>

#include "reader.h"
#include "util.h"

enum pi_class { PI_NO_CLASS, PI_INTEGER, PI_SSE, PI_SSEUP, PI_MEMORY };

static void pi_merge(uint8_t *slot, enum pi_class c)
{
	if (*slot == c || c == PI_NO_CLASS)
		return;
	if (*slot == PI_NO_CLASS)
		*slot = c;
	else if (*slot == PI_MEMORY || c == PI_MEMORY)
		*slot = PI_MEMORY;
	else if (*slot == PI_INTEGER || c == PI_INTEGER)
		*slot = PI_INTEGER;
	else
		*slot = PI_SSE;
}

static void pi_classify_base(Dwarf_Die *t, uint64_t off, uint64_t size,
			     uint8_t cls[2])
{
	uint64_t enc = pi_dwarf_udata(t, DW_AT_encoding, 0);
	const char *name = dwarf_diename(t);
	uint8_t *slot = &cls[(off / 8) & 1];

	if (enc == DW_ATE_float && size == 16) {
		/* long double is X87, passed in memory; _Float128 is SSE. */
		if (name && strstr(name, "long double")) {
			pi_merge(&cls[0], PI_MEMORY);
		} else {
			pi_merge(&cls[0], PI_SSE);
			pi_merge(&cls[1], PI_SSEUP);
		}
	} else if (enc == DW_ATE_float || enc == DW_ATE_complex_float) {
		if (size > 16 || (size == 16 && off % 16)) {
			pi_merge(&cls[0], PI_MEMORY);
			return;
		}
		pi_merge(slot, PI_SSE);
		if (size == 16)
			pi_merge(&cls[1], PI_SSE);
	} else {
		pi_merge(slot, PI_INTEGER);
		if (size == 16)
			pi_merge(&cls[1], PI_INTEGER);
	}
}

static void pi_classify(Dwarf_Die *type, uint64_t off, uint8_t cls[2], int depth);

static void pi_classify_members(Dwarf_Die *t, uint64_t off, uint8_t cls[2],
				int depth)
{
	Dwarf_Die child;

	if (!pi_child(t, &child))
		return;
	do {
		Dwarf_Die tm, *mtype;
		uint64_t moff, bits;

		if (dwarf_tag(&child) != DW_TAG_member)
			continue;
		mtype = pi_die_type(&child, &tm);
		bits = pi_dwarf_udata(&child, DW_AT_bit_size, 0);
		if (bits) {
			/* A bit-field is INTEGER in each eightbyte it touches. */
			uint64_t first = pi_dwarf_udata(&child, DW_AT_data_bit_offset, 0);

			if (!dwarf_hasattr(&child, DW_AT_data_bit_offset))
				first = pi_dwarf_udata(&child, DW_AT_data_member_location, 0) * 8;
			first += off * 8;
			pi_merge(&cls[(first / 64) & 1], PI_INTEGER);
			pi_merge(&cls[((first + bits - 1) / 64) & 1], PI_INTEGER);
			continue;
		}
		moff = pi_dwarf_udata(&child, DW_AT_data_member_location, 0);
		if (moff % pi_type_align(mtype)) {
			pi_merge(&cls[0], PI_MEMORY);
			return;
		}
		pi_classify(mtype, off + moff, cls, depth + 1);
	} while (pi_sibling(&child));
}

static void pi_classify(Dwarf_Die *type, uint64_t off, uint8_t cls[2], int depth)
{
	Dwarf_Die mem, emem, *t = pi_type_strip(type, &mem), *elem;
	uint64_t size, esize, i;

	if (!t)
		return;
	size = pi_type_size(t);
	if (depth > 16 || off + size > 16) {
		pi_merge(&cls[0], PI_MEMORY);
		return;
	}
	switch (dwarf_tag(t)) {
	case DW_TAG_base_type:
		pi_classify_base(t, off, size, cls);
		break;
	case DW_TAG_structure_type:
	case DW_TAG_union_type:
	case DW_TAG_class_type:
		pi_classify_members(t, off, cls, depth);
		break;
	case DW_TAG_array_type:
		elem = pi_die_type(t, &emem);
		esize = pi_type_size(elem);
		for (i = 0; esize && i < size / esize; i++)
			pi_classify(elem, off + i * esize, cls, depth + 1);
		break;
	default:
		/* Pointers, enums: INTEGER. */
		if (size)
			pi_merge(&cls[(off / 8) & 1], PI_INTEGER);
		break;
	}
}

/* Return the psABI class list of a whole argument; MEMORY wins. */
static int pi_classify_arg(Dwarf_Die *type, uint8_t cls[2])
{
	cls[0] = PI_NO_CLASS;
	cls[1] = PI_NO_CLASS;
	pi_classify(type, 0, cls, 0);
	if (cls[0] == PI_MEMORY || cls[1] == PI_MEMORY)
		return PI_MEMORY;
	if (cls[1] == PI_SSEUP && cls[0] != PI_SSE)
		cls[1] = PI_SSE;
	return 0;
}

/*
 * A function that returns in memory receives the buffer's address in RDI
 * as a hidden first argument, which shifts every argument by one.
 */
static int pi_x86_64_begin(struct pi_abi_state *st, Dwarf_Die *ret_type)
{
	uint8_t cls[2];

	if (!ret_type || pi_classify_arg(ret_type, cls) != PI_MEMORY)
		return 0;
	st->next_gpr = 1;
	return 1;
}

static void pi_x86_64_assign(struct pi_abi_state *st, Dwarf_Die *type,
			     struct pi_param *p)
{
	unsigned int i, nint = 0, nsse = 0;
	uint8_t cls[2];

	p->size = pi_type_size(type);
	if (pi_classify_arg(type, cls) == PI_MEMORY) {
		p->abi = PI_ABI_STACK;
		return;
	}
	for (i = 0; i < 2; i++) {
		nint += cls[i] == PI_INTEGER;
		nsse += cls[i] == PI_SSE;
	}
	if (!nint && !nsse) {
		p->abi = PI_ABI_NONE;
		return;
	}
	if (st->next_gpr + nint > 6 || st->next_vec + nsse > 8) {
		p->abi = PI_ABI_STACK;
		return;
	}
	for (i = 0; i < nint; i++)
		p->reg[i] = pi_cc_x86_64.target.arg_regs[st->next_gpr++];
	st->next_vec += nsse;
	if (!nint)
		p->abi = PI_ABI_XMM;
	else if (nsse)
		p->abi = PI_ABI_MIXED;
	else
		p->abi = nint == 2 ? PI_ABI_REG2 : PI_ABI_REG;
}

static const char * const pi_x86_64_regs[16] = {
	"rax", "rdx", "rcx", "rbx", "rsi", "rdi", "rbp", "rsp",
	"r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15",
};

/* __show_regs(): "RAX: %016lx RBX: ...", RIP and RSP with their selectors. */
static const char * const pi_x86_64_log_regs[32] = {
	"RAX", "RDX", "RCX", "RBX", "RSI", "RDI", "RBP", "RSP",
	"R08", "R09", "R10", "R11", "R12", "R13", "R14", "R15",
};

static const char * const pi_x86_64_log_tail[] = {
	"FS:", "CS:", "CR2:", "DR0:", "DR3:", "PKRU:", NULL,
};

/*
 * show_regs() prints a kernel context with SHOW_REGS_ALL, whose CR2 line
 * the register sets printed inside a stack trace (SHOW_REGS_SHORT, no
 * parameter block) lack. page_fault_oops() names the fault address.
 */
static const struct pi_logfmt pi_x86_64_log = {
	.pc = "RIP",
	.regs = pi_x86_64_log_regs,
	.last = 15,
	.end = "CR2:",
	.tail = pi_x86_64_log_tail,
	.fault_line = "BUG: ",
	.fault_addr = "address: ",
};

const struct pi_cc pi_cc_x86_64 = {
	.target = {
		.name = "x86-64",
		.machine = EM_X86_64,
		.nregs = 16,
		.sp = 7,
		.fp = 6,
		.ra = 16,
		/* rbx rbp r12-r15 */
		.preserved = 0xf048,
		.reg_names = pi_x86_64_regs,
		.nargs = 6,
		.arg_regs = { 5, 4, 1, 2, 8, 9 },	/* RDI RSI RDX RCX R8 R9 */
		.vec_name = "xmm",
		.vec_first = 17,			/* xmm0-xmm15 */
		.vec_last = 32,
		.log = &pi_x86_64_log,
	},
	.begin = pi_x86_64_begin,
	.assign = pi_x86_64_assign,
};
