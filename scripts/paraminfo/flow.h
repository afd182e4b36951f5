/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The machine-code proof of parameter values: the dataflow over one
 * function's instructions (flow.c) and what it proves about each parameter
 * against DWARF (prove.c).
 */
#ifndef PI_FLOW_H
#define PI_FLOW_H

#include <stdint.h>

#include "elfsym.h"
#include "insn.h"
#include "model.h"

#define PI_FLOW_REGS	32
#define PI_FLOW_MAX_PARTS	8	/* parts of one function: dwarf.c's */

struct pi_fstate {
	int8_t val[PI_FLOW_REGS];	/* entry register's value held, or -1 */
	uint8_t width[PI_FLOW_REGS];	/* low bytes of that value held */
	uint8_t cause[PI_FLOW_REGS];	/* enum pi_refute, when val is -1 */
};

/* An extra edge of one function: a patch site or a replacement's jump. */
struct pi_xedge {
	uint32_t from, to;		/* instruction indices */
	uint32_t kill;			/* registers the edge may write */
	uint8_t cause;
};

struct pi_flow {
	const struct pi_arch *arch;
	void *dec;
	const struct pi_elf *pe;
	struct pi_model *m;
	struct pi_patches pp;
	uint32_t all;			/* every tracked register */
	uint64_t *refs;			/* code addresses data holds, or */
	size_t nrefs;
	int refs_unknown;		/* ... NULL: any may be jumped to */
	/* One function (all its parts) at a time. */
	struct pi_func **parts;
	size_t nparts;
	struct pi_insn *insns;
	size_t n, cap;
	struct pi_fstate *in;
	struct pi_fstate *mid;		/* inside an instruction's bytes */
	uint8_t *reached, *queued;
	uint32_t *outkill;		/* an alternative may write these */
	uint32_t *inkill;		/* ... before the pc gets here */
	uint32_t *work;
	uint32_t *callkill;		/* what a call may write */
	uint8_t *noreturn;		/* ... and whether it returns */
	struct pi_xedge *xe;
	size_t nxe, xecap;
	int bad;			/* undecodable: proves nothing */
};

void pi_flow_analyse(struct pi_flow *fl, const struct pi_func *entry);
void pi_flow_free(struct pi_flow *fl);
void pi_flow_begin(struct pi_flow *fl, const struct pi_elf *pe,
		   struct pi_model *m);
void pi_flow_func(struct pi_flow *fl, struct pi_func *f);
void pi_flow_end(struct pi_flow *fl);
void pi_flow_run(const struct pi_elf *pe, struct pi_model *m);

#endif /* PI_FLOW_H */
