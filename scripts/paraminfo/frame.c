// SPDX-License-Identifier: GPL-2.0
/*
 * The stack frame in the dataflow proof: which stack slots hold which entry
 * register's unmodified value, so that a parameter gcc spilled can be read
 * back at an oops from the stack pointer the registers give.
 *
 * Addresses are bytes from the stack pointer at entry. The stack pointer is
 * followed through its affine updates (push, pop, "sub rsp, 24", a pre- or
 * post-indexed base, "leave", "mov sp, x29"), and so is the frame pointer
 * once it holds a frame address ("mov rbp, rsp", "add x29, sp, #16").
 *
 * A store through the stack or frame pointer of a register that holds an
 * argument register's entry value makes a slot; any store over a slot's
 * bytes ends it.
 *
 * The frame is the function's own: C code can only reach it through an
 * address taken from the stack or frame pointer. Once such an address
 * leaves them (into another register, memory or a comparison) anything
 * may write through it, within the object it points into: a variable
 * DWARF places in the frame, of its type's size (pointer arithmetic and
 * container_of() stay inside one object). Slots over such an object are
 * not proven from there on; when the address is in no object DWARF
 * describes (a temporary), or DWARF does not say where each one is, no
 * slot is but the register save area's (the preserved registers' and the
 * return address's, which unwind.c reads), unless it points into one.
 *
 * A store through the stack pointer while it
 * is unknown, or of an extent the decoder cannot say, ends every slot. A
 * slot below the stack pointer is gone (an interrupt may write there), and
 * a call may write the stack arguments it is passed, just above the stack
 * pointer: those of a C function of the model that are passed on the
 * stack, none for the assembler functions the architecture names (whose
 * arguments the kernel passes in registers), PI_FRAME_CALL_ARGS bytes for
 * a variadic, indirect (a thunk's too) or unknown call.
 */
#include <stdlib.h>
#include <string.h>

#include "flow.h"
#include "util.h"

#define PI_FRAME_CALL_ARGS	128

/**
 * pi_frame_entry() - the frame at a function's first instruction
 * @fl: the analysis
 * @f: filled in
 *
 * A return address that is in no register is where the call pushed it,
 * at the stack pointer.
 */
void pi_frame_entry(const struct pi_flow *fl, struct pi_frame *f)
{
	memset(f, 0, sizeof(*f));
	f->fp = PI_FRAME_UNKNOWN;
	if (!(fl->arch->gprs >> fl->arch->ra & 1))
		f->slot[f->n++] = (struct pi_slot){ 0, fl->arch->ra, 8 };
}

static void pi_frame_kill(struct pi_frame *f, int64_t lo, int64_t hi)
{
	unsigned int i, n = 0;

	for (i = 0; i < f->n; i++)
		if (f->slot[i].off + f->slot[i].width <= lo ||
		    f->slot[i].off >= hi)
			f->slot[n++] = f->slot[i];
	f->n = n;
}

/*
 * A call may write its stack arguments, [lo, hi) at most. They are in the
 * outgoing argument area, below the register save area, however far a
 * guess of their size reaches: save slots stay.
 */
static void pi_frame_kill_args(const struct pi_flow *fl, struct pi_frame *f,
			       int64_t lo, int64_t hi)
{
	unsigned int i, n = 0;

	for (i = 0; i < f->n; i++)
		if ((fl->saves >> f->slot[i].val & 1) ||
		    f->slot[i].off + f->slot[i].width <= lo ||
		    f->slot[i].off >= hi)
			f->slot[n++] = f->slot[i];
	f->n = n;
}

#define PI_FRAME_MAX_OBJS	32

/* Is [lo, hi) clear of every object an address of which escaped? */
static int pi_frame_clear(const struct pi_flow *fl, const struct pi_frame *f,
			  int64_t lo, int64_t hi)
{
	const struct pi_func *o = fl->objs;
	uint32_t k;

	for (k = 0; f->escobj && k < o->nobjs; k++)
		if ((f->escobj >> k & 1) &&
		    lo < (int64_t)o->objs[k].hi + fl->arch->cfa &&
		    hi > (int64_t)o->objs[k].lo + fl->arch->cfa)
			return 0;
	return 1;
}

static void pi_frame_add(const struct pi_flow *fl, struct pi_frame *f,
			 int64_t off, int8_t val, uint8_t width)
{
	unsigned int i;

	if ((f->esc && !(fl->saves >> val & 1)) || f->n == PI_FLOW_SLOTS ||
	    off < INT32_MIN / 2 ||
	    off > INT32_MAX / 2 || !pi_frame_clear(fl, f, off, off + width))
		return;
	for (i = f->n; i > 0 && f->slot[i - 1].off > off; i--)
		f->slot[i] = f->slot[i - 1];
	f->slot[i] = (struct pi_slot){ (int32_t)off, val, width };
	f->n++;
}

/* Only slots clear of the escaped objects stay. */
static void pi_frame_prune(const struct pi_flow *fl, struct pi_frame *f)
{
	unsigned int i, n = 0;

	for (i = 0; i < f->n; i++)
		if (pi_frame_clear(fl, f, f->slot[i].off,
				   (int64_t)f->slot[i].off + f->slot[i].width))
			f->slot[n++] = f->slot[i];
	f->n = n;
}

/*
 * An address in no object escaped: only save slots stay, those of the
 * preserved registers and the return address, and not the one it points
 * into. Nothing else lies in the register save area, which the prologue
 * alone writes: a temporary the address may point into is laid out with
 * the variables, above or below that area, never over it.
 */
static void pi_frame_keep_saves(const struct pi_flow *fl, struct pi_frame *f,
				int32_t addr)
{
	unsigned int i, n = 0;

	f->esc = 1;
	for (i = 0; i < f->n && addr != PI_FRAME_UNKNOWN; i++)
		if ((fl->saves >> f->slot[i].val & 1) &&
		    (addr < f->slot[i].off ||
		     addr >= f->slot[i].off + f->slot[i].width))
			f->slot[n++] = f->slot[i];
	f->n = n;
}

/*
 * Frame address @addr escapes: the objects it points into (or just past)
 * may be written from now on, or, when it is in none, anything but the
 * register save area.
 */
static void pi_frame_escape(const struct pi_flow *fl, struct pi_frame *f,
			    int32_t addr)
{
	const struct pi_func *o = fl->objs;
	uint32_t k, bits = 0;

	if (addr != PI_FRAME_UNKNOWN && !o->objs_unknown &&
	    o->nobjs <= PI_FRAME_MAX_OBJS)
		for (k = 0; k < o->nobjs; k++)
			if (addr >= (int64_t)o->objs[k].lo + fl->arch->cfa &&
			    addr <= (int64_t)o->objs[k].hi + fl->arch->cfa)
				bits |= 1u << k;
	if (!bits) {
		pi_frame_keep_saves(fl, f, addr);
		return;
	}
	f->escobj |= bits;
	pi_frame_prune(fl, f);
}

/* The frame address a register holds, or PI_FRAME_UNKNOWN. */
static int32_t pi_frame_reg(const struct pi_arch *a, const struct pi_frame *f,
			    int reg)
{
	if (reg == (int)a->sp)
		return f->sp;
	if (reg == (int)a->fp)
		return f->fp;
	return PI_FRAME_UNKNOWN;
}

static int32_t pi_frame_plus(int32_t v, int32_t add)
{
	int64_t r = (int64_t)v + add;

	if (v == PI_FRAME_UNKNOWN || r <= INT32_MIN / 2 || r >= INT32_MAX / 2)
		return PI_FRAME_UNKNOWN;
	return (int32_t)r;
}

/* Bytes above the stack pointer that a call may write: its stack arguments. */
static uint32_t pi_frame_call_args(const struct pi_flow *fl,
				   const struct pi_insn *in)
{
	const struct pi_func *f;
	uint32_t bytes = 0, i;

	if (in->kind == PI_INSN_ICALL)
		return PI_FRAME_CALL_ARGS;
	f = pi_model_find(fl->m, in->target);
	if (!f || f->addr != in->target) {
		const char *name = pi_elf_name_at(fl->pe, in->target);

		/* The kernel's assembler takes its arguments in registers. */
		switch (name ? fl->arch->call_class(name) : PI_CALL_UNKNOWN) {
		case PI_CALL_ABI:
		case PI_CALL_PRESERVES:
		case PI_CALL_OWN:
			return 0;
		default:
			return PI_FRAME_CALL_ARGS;
		}
	}
	if (f->flags & PI_F_VARARGS)
		return PI_FRAME_CALL_ARGS;
	for (i = 0; i < f->nparams; i++) {
		const struct pi_param *p = &f->params[i];

		if (p->abi == PI_ABI_STACK || p->abi == PI_ABI_UNKNOWN)
			bytes += p->size && p->size < PI_FRAME_CALL_ARGS ?
				 (p->size + 7) & ~7u : PI_FRAME_CALL_ARGS;
	}
	return bytes;
}

/**
 * pi_frame_transfer() - the frame after an instruction
 * @fl: the analysis
 * @i: the instruction's index
 * @s: the state before it
 * @out: its fr is updated from s->fr (the rest is flow.c's)
 */
void pi_frame_transfer(const struct pi_flow *fl, uint32_t i,
		       const struct pi_fstate *s, struct pi_fstate *out)
{
	const struct pi_insn *in = &fl->insns[i];
	const struct pi_arch *a = fl->arch;
	const struct pi_frame *f = &s->fr;
	struct pi_frame *o = &out->fr;
	int32_t sp = f->sp, fp = f->fp, base, src;
	unsigned int k;

	*o = *f;
	/* A frame address read as a value, or copied elsewhere, escapes. */
	if (in->vreads >> a->sp & 1)
		pi_frame_escape(fl, o, sp);
	if (fp != PI_FRAME_UNKNOWN && (in->vreads >> a->fp & 1))
		pi_frame_escape(fl, o, fp);
	if (in->aff_dst >= 0 && in->aff_dst != (int)a->sp &&
	    in->aff_dst != (int)a->fp &&
	    pi_frame_reg(a, f, in->aff_src) != PI_FRAME_UNKNOWN)
		pi_frame_escape(fl, o,
				pi_frame_plus(pi_frame_reg(a, f, in->aff_src),
					      in->aff_add));
	for (k = 0; k < in->nstores; k++) {
		const struct pi_store *st = &in->st[k];
		int64_t at;

		base = pi_frame_reg(a, f, st->base);
		if (base == PI_FRAME_UNKNOWN) {
			/* The stack pointer may be anywhere in the frame. */
			if (st->base == (int)a->sp)
				o->n = 0;
			continue;
		}
		if (!st->width) {
			o->n = 0;
			continue;
		}
		at = (int64_t)base + st->disp;
		pi_frame_kill(o, at, at + st->width);
		if (st->src >= 0 && st->src < PI_FLOW_REGS &&
		    s->val[st->src] >= 0 && (fl->args >> s->val[st->src] & 1))
			pi_frame_add(fl, o, at, s->val[st->src],
				     st->width < s->width[st->src] ?
				     st->width : s->width[st->src]);
	}
	if (in->kind == PI_INSN_CALL || in->kind == PI_INSN_ICALL) {
		if (sp == PI_FRAME_UNKNOWN)
			o->n = 0;
		else
			pi_frame_kill_args(fl, o, sp, (int64_t)sp +
					   pi_frame_call_args(fl, in));
	}
	/*
	 * The stack and frame pointers move; a call's return address is
	 * popped by its return.
	 */
	src = in->aff_dst >= 0 ? pi_frame_reg(a, f, in->aff_src) : 0;
	if (in->aff_dst == (int)a->sp)
		o->sp = pi_frame_plus(src, in->aff_add);
	else if (in->kind == PI_INSN_CALL || in->kind == PI_INSN_ICALL)
		;
	else if ((in->writes >> a->sp & 1) || in->copy_dst == (int)a->sp)
		o->sp = PI_FRAME_UNKNOWN;
	if (in->aff_dst == (int)a->fp)
		o->fp = pi_frame_plus(src, in->aff_add);
	else if ((in->writes >> a->fp & 1) || in->copy_dst == (int)a->fp)
		o->fp = PI_FRAME_UNKNOWN;
	if (o->sp != PI_FRAME_UNKNOWN)
		pi_frame_kill(o, INT32_MIN, o->sp);
}

/**
 * pi_frame_meet() - keep in @d only what @s agrees with
 * @fl: the analysis
 * @d: a frame where paths meet
 * @s: another path's
 *
 * Return: non-zero when @d changed.
 */
int pi_frame_meet(const struct pi_flow *fl, struct pi_frame *d,
		  const struct pi_frame *s)
{
	unsigned int i, j, n = 0;
	int changed = 0;

	if (d->sp != s->sp && d->sp != PI_FRAME_UNKNOWN) {
		d->sp = PI_FRAME_UNKNOWN;
		changed = 1;
	}
	if (d->fp != s->fp && d->fp != PI_FRAME_UNKNOWN) {
		d->fp = PI_FRAME_UNKNOWN;
		changed = 1;
	}
	if (s->esc && !d->esc) {
		pi_frame_keep_saves(fl, d, INT32_MAX);
		changed = 1;
	}
	if (s->escobj & ~d->escobj) {
		d->escobj |= s->escobj;
		pi_frame_prune(fl, d);
		changed = 1;
	}
	for (i = 0; i < d->n; i++) {
		for (j = 0; j < s->n; j++)
			if (s->slot[j].off == d->slot[i].off &&
			    s->slot[j].val == d->slot[i].val)
				break;
		if (j == s->n) {
			changed = 1;
			continue;
		}
		d->slot[n] = d->slot[i];
		if (s->slot[j].width < d->slot[n].width) {
			d->slot[n].width = s->slot[j].width;
			changed = 1;
		}
		n++;
	}
	if (n != d->n)
		changed = 1;
	d->n = n;
	return changed;
}

/**
 * pi_frame_holds() - does a slot hold an entry register's value
 * @f: the frame at an instruction
 * @addr: the slot's address, from the stack pointer at entry
 * @e: the entry register
 * @need: bytes of its value that must be there
 *
 * Return: 1 when the slot at @addr holds at least @need low bytes of @e's
 * entry value, else 0.
 */
int pi_frame_holds(const struct pi_frame *f, int64_t addr, int e,
		   uint32_t need)
{
	unsigned int i;

	if (f->esc)
		return 0;
	for (i = 0; i < f->n; i++)
		if (f->slot[i].off == addr && f->slot[i].val == e &&
		    f->slot[i].width >= need)
			return 1;
	return 0;
}
