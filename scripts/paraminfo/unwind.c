// SPDX-License-Identifier: GPL-2.0
/*
 * Unwind rows: how an oops finds a caller's frame from a callee's, so that
 * the caller's parameters can be printed at its call (issue 13's caller
 * frames). At each instruction byte a row gives the CFA as the stack
 * pointer plus a constant and, for each register the ABI preserves and for
 * the return address, whether the caller's value is still in the register
 * or in memory at the CFA minus an offset.
 *
 * Two proofs, as for parameters. The machine code (frame.c's dataflow)
 * says where the stack pointer is and which slots hold which preserved
 * register's entry value; DWARF's call frame information (libdw's CFI
 * API, .debug_frame or .eh_frame) says the same independently. A row is
 * kept only where they agree on the CFA and on the return address; a
 * preserved register where they disagree is lost in that row, never
 * guessed.
 *
 Inside an instruction's bytes the state is flow.c's mid, and inside a
 * call's what holds both before and after it: a caller frame's pc is a
 * return address, and the caller is looked up at the byte before, the
 * call's last, while the call runs.
 */
#include <dwarf.h>
#include <elfutils/libdw.h>
#include <stdlib.h>
#include <string.h>

#include "flow.h"
#include "util.h"

/* Rows shorter than this that hold no call are left out (pi_unwind_thin()). */
#define PI_UNWIND_MIN_BYTES	12

struct pi_unwind_cfi {
	Dwarf *dw;
	Dwarf_CFI *debug;	/* .debug_frame */
	Dwarf_CFI *eh;		/* .eh_frame */
};

/**
 * pi_unwind_begin() - open the ELF file's call frame information
 * @fl: the analysis, from pi_flow_begin()
 *
 * A file without any leaves every function without unwind rows.
 */
void pi_unwind_begin(struct pi_flow *fl)
{
	struct pi_unwind_cfi *c = pi_alloc(sizeof(*c));

	c->dw = dwarf_begin_elf(fl->pe->elf, DWARF_C_READ, NULL);
	if (c->dw)
		c->debug = dwarf_getcfi(c->dw);
	c->eh = dwarf_getcfi_elf(fl->pe->elf);
	fl->cfi = c;
}

/**
 * pi_unwind_end() - close what pi_unwind_begin() opened
 * @fl: the analysis
 */
void pi_unwind_end(struct pi_flow *fl)
{
	struct pi_unwind_cfi *c = fl->cfi;

	if (!c)
		return;
	if (c->eh)
		dwarf_cfi_end(c->eh);
	if (c->dw)
		dwarf_end(c->dw);
	free(c);
	fl->cfi = NULL;
}

static Dwarf_Frame *pi_unwind_frame(const struct pi_flow *fl, uint64_t addr)
{
	const struct pi_unwind_cfi *c = fl->cfi;
	Dwarf_Frame *frame;

	if (c->debug && !dwarf_cfi_addrframe(c->debug, addr, &frame))
		return frame;
	if (c->eh && !dwarf_cfi_addrframe(c->eh, addr, &frame))
		return frame;
	return NULL;
}

/* CFI's CFA as an offset from the stack pointer, or -1. */
static int64_t pi_unwind_cfi_cfa(const struct pi_flow *fl, Dwarf_Frame *frame,
				 const struct pi_frame *fr)
{
	const struct pi_arch *a = fl->arch;
	Dwarf_Op *ops;
	size_t nops;
	uint64_t reg;
	int64_t off;

	if (dwarf_frame_cfa(frame, &ops, &nops) || nops != 1)
		return -1;
	if (ops[0].atom == DW_OP_bregx) {
		reg = ops[0].number;
		off = (int64_t)ops[0].number2;
	} else if (ops[0].atom >= DW_OP_breg0 && ops[0].atom <= DW_OP_breg31) {
		reg = ops[0].atom - DW_OP_breg0;
		off = (int64_t)ops[0].number;
	} else {
		return -1;
	}
	if (reg == a->sp)
		return off;
	/* From the frame pointer: where the code says that is. */
	if (reg == a->fp && fr->fp != PI_FRAME_UNKNOWN)
		return (int64_t)fr->fp + off - fr->sp;
	return -1;
}

/*
 * Where CFI says the caller's @reg is: 0 in the register itself (same
 * value, or not mentioned), an offset below the CFA, or -1 for anything
 * else.
 */
static int64_t pi_unwind_cfi_reg(Dwarf_Frame *frame, unsigned int reg)
{
	Dwarf_Op mem[3], *ops;
	size_t nops;

	if (dwarf_frame_register(frame, reg, mem, &ops, &nops))
		return -1;
	if (!nops)
		return 0;
	if (ops[0].atom != DW_OP_call_frame_cfa)
		return -1;
	if (nops == 2 && ops[1].atom == DW_OP_plus_uconst &&
	    (int64_t)ops[1].number < 0)
		return -(int64_t)ops[1].number;
	return -1;
}

/* The slot of the frame holding all of @reg's entry value, or NULL. */
static const struct pi_slot *pi_unwind_slot(const struct pi_frame *fr,
					    unsigned int reg)
{
	unsigned int k;

	for (k = 0; k < fr->n; k++)
		if (fr->slot[k].val == (int)reg && fr->slot[k].width == 8)
			return &fr->slot[k];
	return NULL;
}

/* The row at @addr in state @s: 0, or why there is none. */
static int pi_unwind_state(struct pi_flow *fl, const struct pi_fstate *s,
			   uint64_t addr, struct pi_unwind *u)
{
	const struct pi_arch *a = fl->arch;
	uint32_t regs = fl->m->target->preserved | 1u << a->ra;
	Dwarf_Frame *frame;
	unsigned int r;
	int64_t cfa;

	if (s->fr.sp == PI_FRAME_UNKNOWN)
		return PI_UNWIND_SP;
	cfa = (int64_t)a->cfa - s->fr.sp;
	if (cfa < 0 || cfa > UINT16_MAX)
		return PI_UNWIND_SP;
	frame = pi_unwind_frame(fl, addr);
	if (!frame)
		return PI_UNWIND_NO_CFI;
	if (pi_unwind_cfi_cfa(fl, frame, &s->fr) != cfa) {
		free(frame);
		return PI_UNWIND_CFA;
	}
	memset(u, 0, sizeof(*u));
	u->cfa = cfa;
	for (r = 0; r < PI_FLOW_REGS; r++) {
		const struct pi_slot *slot;
		int64_t where, off;

		if (!(regs >> r & 1))
			continue;
		where = pi_unwind_cfi_reg(frame, r);
		slot = pi_unwind_slot(&s->fr, r);
		off = slot ? (int64_t)a->cfa - slot->off : -1;
		if (where > 0 && where == off && off <= UINT16_MAX &&
		    u->nsaved < PI_UNWIND_SAVED)
			u->saved[u->nsaved++] = (struct pi_save){ r, off };
		else if (where || !(fl->all >> r & 1) || s->val[r] != (int)r ||
			 s->width[r] != 8)
			u->lost |= 1u << r;
	}
	free(frame);
	return u->lost >> a->ra & 1 ? PI_UNWIND_RA : 0;
}

static int pi_unwind_same(const struct pi_unwind *x, const struct pi_unwind *y)
{
	return x->cfa == y->cfa && x->lost == y->lost &&
	       x->nsaved == y->nsaved &&
	       !memcmp(x->saved, y->saved, x->nsaved * sizeof(x->saved[0]));
}

/* Give @f's bytes [from, to) the row @u, or count them rowless. */
static void pi_unwind_add(struct pi_flow *fl, struct pi_func *f,
			  uint32_t *cap, uint32_t from, uint32_t to, int why,
			  struct pi_unwind *u)
{
	struct pi_stats *st = &fl->m->stats;
	struct pi_unwind *last = f->nunwind ? &f->unwind[f->nunwind - 1] : NULL;

	if (why) {
		st->unwind_none[why] += to - from;
		return;
	}
	st->unwind_bytes += to - from;
	if (last && last->to == from && pi_unwind_same(last, u)) {
		last->to = to;
		last->keep |= u->keep;
		return;
	}
	if (f->nunwind == *cap) {
		*cap = *cap ? 2 * *cap : 4;
		f->unwind = pi_realloc(f->unwind, *cap, sizeof(*f->unwind));
	}
	u->from = from;
	u->to = to;
	f->unwind[f->nunwind++] = *u;
	st->unwind_rows++;
}

/*
 * Does a row with this instruction stay however short: a call, where a
 * caller is looked up, or a BUG or WARN trap, where the kernel reports?
 */
static uint8_t pi_unwind_kept(const struct pi_insn *in)
{
	return in->kind == PI_INSN_CALL || in->kind == PI_INSN_ICALL ||
	       in->trap;
}

/* The rows of one part of the function being analysed. */
static void pi_unwind_part(struct pi_flow *fl, struct pi_func *f)
{
	uint32_t cap = 0;
	size_t i;

	for (i = 0; i < fl->n; i++) {
		const struct pi_insn *in = &fl->insns[i];
		uint32_t off = in->addr - f->addr;
		struct pi_fstate during;
		struct pi_unwind u;
		int why;

		if (in->addr < f->addr || off >= f->size)
			continue;
		if (fl->bad || !fl->reached[i] || !fl->cfi) {
			pi_unwind_add(fl, f, &cap, off, off + in->len,
				      PI_UNWIND_UNREACHED, NULL);
			continue;
		}
		why = pi_unwind_state(fl, &fl->in[i], in->addr, &u);
		u.keep = pi_unwind_kept(in);
		pi_unwind_add(fl, f, &cap, off, off + 1, why, &u);
		if (in->len < 2)
			continue;
		if (in->kind == PI_INSN_CALL || in->kind == PI_INSN_ICALL) {
			pi_flow_during(fl, i, &during);
			why = pi_unwind_state(fl, &during, in->addr, &u);
		} else {
			why = pi_unwind_state(fl, &fl->mid[i], in->addr, &u);
		}
		u.keep = pi_unwind_kept(in);
		pi_unwind_add(fl, f, &cap, off + 1, off + in->len, why, &u);
	}
}

/*
 * Leave out the rows a few bytes long that hold no call and no BUG or
 * WARN trap: the prologue's and epilogues' steps, a push or pop each.
 * They are most rows but few bytes (7 % on x86-64), and only a fault
 * right there needs them; a caller is always at a call, and a WARN's
 * ud2 often sits among an epilogue's pops.
 */
static void pi_unwind_thin(struct pi_flow *fl, struct pi_func *f)
{
	uint32_t k, n = 0;

	for (k = 0; k < f->nunwind; k++) {
		struct pi_unwind *u = &f->unwind[k];

		if (u->keep || u->to - u->from >= PI_UNWIND_MIN_BYTES) {
			f->unwind[n++] = *u;
			continue;
		}
		fl->m->stats.unwind_bytes -= u->to - u->from;
		fl->m->stats.unwind_none[PI_UNWIND_SHORT] += u->to - u->from;
		fl->m->stats.unwind_rows--;
	}
	f->nunwind = n;
}

/**
 * pi_unwind_group() - the unwind rows of the function being analysed
 * @fl: the analysis, after pi_flow_analyse()
 *
 * Sets every part's unwind rows, and counts the bytes without one by
 * cause.
 */
void pi_unwind_group(struct pi_flow *fl)
{
	size_t i;

	for (i = 0; i < fl->nparts; i++) {
		pi_unwind_part(fl, fl->parts[i]);
		pi_unwind_thin(fl, fl->parts[i]);
	}
}

/**
 * pi_unwind_at() - does a function have an unwind row at an offset
 * @f: the function
 * @off: bytes from its start
 *
 * Return: 1 when it has one, else 0.
 */
int pi_unwind_at(const struct pi_func *f, uint32_t off)
{
	uint32_t i;

	for (i = 0; i < f->nunwind; i++)
		if (off >= f->unwind[i].from && off < f->unwind[i].to)
			return 1;
	return 0;
}
