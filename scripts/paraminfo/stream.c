// SPDX-License-Identifier: GPL-2.0
/*
 * Writers of the varint streams pool and delta share: ULEB128 numbers,
 * prototypes and parameter ranges, as include/linux/paraminfo_format.h
 * lays them out; kernel/paraminfo/stream.c reads them back.
 */
#include <linux/paraminfo_format.h>

#include "encode.h"

/**
 * pi_put_uleb() - append an unsigned LEB128 number
 * @b: the buffer
 * @v: the number, at most 32 bits as the decoders read it
 */
void pi_put_uleb(struct pi_buf *b, uint64_t v)
{
	uint8_t byte;

	if (v > UINT32_MAX)
		pi_die("value %llu does not fit a table field",
		       (unsigned long long)v);
	do {
		byte = v & 0x7f;
		v >>= 7;
		if (v)
			byte |= 0x80;
		pi_buf_put(b, &byte, 1);
	} while (v);
}

/* Is every parameter in the next argument register, as most are? */
static int pi_proto_sequential(const struct pi_target *t,
			       const struct pi_func *f)
{
	uint32_t i, shift = !!(f->flags & PI_F_HIDDEN_RET);

	for (i = 0; i < f->nparams; i++) {
		const struct pi_param *p = &f->params[i];

		if (i + shift >= t->nargs || p->abi != PI_ABI_REG ||
		    p->reg[0] != t->arg_regs[i + shift])
			return 0;
	}
	return 1;
}

/**
 * pi_put_proto_begin() - append a prototype's header
 * @b: the buffer
 * @t: the architecture, whose argument registers implicit slots use
 * @f: the function
 * @compact: delta's layout: PARAMINFO_F_PROTO flags only, when any
 *
 * Return: non-zero when each parameter's ABI slot must follow its ids.
 */
int pi_put_proto_begin(struct pi_buf *b, const struct pi_target *t,
		       const struct pi_func *f, bool compact)
{
	int explicit = !pi_proto_sequential(t, f);

	if (compact) {
		uint32_t flags = f->flags & PARAMINFO_F_PROTO;

		pi_put_uleb(b, (uint64_t)f->nparams << 2 | !!flags << 1 |
			       explicit);
		if (flags)
			pi_put_uleb(b, flags);
		return explicit;
	}
	pi_put_uleb(b, f->flags);
	pi_put_uleb(b, (uint64_t)f->nparams << 1 | explicit);
	return explicit;
}

/**
 * pi_put_proto_param() - append one parameter of a prototype
 * @b: the buffer
 * @p: the parameter
 * @name_id: its name, as the encoding numbers strings
 * @type_id: its type, likewise
 * @explicit: what pi_put_proto_begin() returned
 * @compact: delta's layout: the type's string holds its size
 */
void pi_put_proto_param(struct pi_buf *b, const struct pi_param *p,
			uint32_t name_id, uint32_t type_id, int explicit,
			bool compact)
{
	uint8_t byte = p->abi | p->reg[0] << 3;

	pi_put_uleb(b, name_id);
	pi_put_uleb(b, compact ? type_id :
			(uint64_t)type_id << 4 | pi_param_width(p));
	if (!explicit)
		return;
	pi_buf_put(b, &byte, 1);
	if (p->abi == PI_ABI_REG2)
		pi_buf_put(b, &p->reg[1], 1);
}

/**
 * pi_check_loc() - die unless a table can hold a range
 * @p: the parameter
 * @l: one of its ranges
 *
 * A range names a register a table may hold (below PARAMINFO_NR_REGS)
 * with offset 0, or a stack slot (PI_LOC_STACK) at most
 * PARAMINFO_STACK_OFF_MAX bytes above the stack pointer, of a parameter
 * of 1 to PARAMINFO_STACK_SIZE_MAX bytes: the decoders refuse anything
 * else, so the encoders never write it.
 */
void pi_check_loc(const struct pi_param *p, const struct pi_loc *l)
{
	if (l->reg >= PARAMINFO_NR_REGS)
		pi_die("parameter %s: register %u does not fit a range",
		       p->name, l->reg);
	if (l->reg != PI_LOC_STACK) {
		if (l->off)
			pi_die("parameter %s: register %u with offset %u",
			       p->name, l->reg, l->off);
		return;
	}
	if (l->off > PARAMINFO_STACK_OFF_MAX)
		pi_die("parameter %s: stack offset %u is over %u", p->name,
		       l->off, PARAMINFO_STACK_OFF_MAX);
	if (!p->size || p->size > PARAMINFO_STACK_SIZE_MAX)
		pi_die("parameter %s: %u bytes cannot be read from a stack slot",
		       p->name, p->size);
}

/**
 * pi_put_locs() - append a parameter's ranges, or the reason it has none
 * @b: the buffer
 * @p: the parameter
 * @fsize: the function's size
 */
void pi_put_locs(struct pi_buf *b, const struct pi_param *p, uint64_t fsize)
{
	uint32_t i, prev_to = 0;

	/*
	 * The count doubles as the reason: a parameter with ranges has the
	 * reason "reassigned" or none, one without has some other reason.
	 */
	if (p->nlocs ? p->why != PI_WHY_REG && p->why != PI_WHY_REASSIGNED :
		       p->why == PI_WHY_REG)
		pi_die("parameter %s: ranges and reason disagree", p->name);
	pi_put_uleb(b, p->nlocs ? PARAMINFO_WHY_NR + ((p->nlocs - 1) << 1 |
						       (p->why == PI_WHY_REASSIGNED)) :
				  p->why);
	for (i = 0; i < p->nlocs; i++) {
		const struct pi_loc *l = &p->locs[i];
		uint32_t gap = l->from - prev_to, len = l->to - l->from;
		uint8_t byte = l->reg | (gap ? PARAMINFO_LOC_GAP : 0);

		pi_check_loc(p, l);
		if (l->to == fsize)
			byte |= PARAMINFO_LEN_TO_END << PARAMINFO_LOC_LEN_SHIFT;
		else if (!(len % PARAMINFO_LEN_UNIT) &&
			 len / PARAMINFO_LEN_UNIT <= PARAMINFO_LEN_MAX_SHORT)
			byte |= len / PARAMINFO_LEN_UNIT << PARAMINFO_LOC_LEN_SHIFT;
		pi_buf_put(b, &byte, 1);
		if (gap)
			pi_put_uleb(b, gap);
		if (!(byte >> PARAMINFO_LOC_LEN_SHIFT))
			pi_put_uleb(b, len);
		if (l->reg == PI_LOC_STACK)
			pi_put_uleb(b, l->off);
		prev_to = l->to;
	}
}
