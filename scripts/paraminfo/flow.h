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

#define PI_FLOW_SLOTS	24		/* stack slots followed at once */
#define PI_FRAME_UNKNOWN	INT32_MIN

/* A stack slot: bytes [off, off + width) from the stack pointer at entry. */
struct pi_slot {
	int32_t off;
	int8_t val;			/* the entry register's value it holds */
	uint8_t width;			/* its low bytes */
};

/* The stack frame (frame.c): addresses are from the stack pointer at entry. */
struct pi_frame {
	int32_t sp;			/* the stack pointer, or PI_FRAME_UNKNOWN */
	int32_t fp;			/* the frame pointer, when a frame address */
	uint8_t esc;			/* a frame address escaped: no slots */
	uint32_t escobj;		/* objects an address of which escaped */
	uint8_t n;
	struct pi_slot slot[PI_FLOW_SLOTS];	/* sorted by off */
};

struct pi_fstate {
	int8_t val[PI_FLOW_REGS];	/* entry register's value held, or -1 */
	uint8_t width[PI_FLOW_REGS];	/* low bytes of that value held */
	uint8_t cause[PI_FLOW_REGS];	/* enum pi_refute, when val is -1 */
	struct pi_frame fr;
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
	uint32_t args;			/* entry values slots are kept of: */
					/* arguments, preserved, return address */
	uint32_t saves;			/* ... the last two: save slots */
	const struct pi_func *objs;	/* the frame's objects (model.h) */
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
	void *cfi;			/* unwind.c's call frame information */
};

void pi_flow_analyse(struct pi_flow *fl, const struct pi_func *entry);
int pi_flow_patchable(const struct pi_flow *fl, size_t i);
void pi_flow_during(const struct pi_flow *fl, size_t i, struct pi_fstate *s);
void pi_frame_entry(const struct pi_flow *fl, struct pi_frame *f);
void pi_frame_transfer(const struct pi_flow *fl, uint32_t i,
		       const struct pi_fstate *s, struct pi_fstate *out);
int pi_frame_meet(const struct pi_flow *fl, struct pi_frame *d,
		  const struct pi_frame *s);
int pi_frame_holds(const struct pi_frame *f, int64_t addr, int e,
		   uint32_t need);
void pi_flow_free(struct pi_flow *fl);
void pi_flow_begin(struct pi_flow *fl, const struct pi_elf *pe,
		   struct pi_model *m);
void pi_flow_func(struct pi_flow *fl, struct pi_func *f);
void pi_flow_end(struct pi_flow *fl);
void pi_flow_run(const struct pi_elf *pe, struct pi_model *m);

void pi_unwind_begin(struct pi_flow *fl);
void pi_unwind_group(struct pi_flow *fl);
void pi_unwind_end(struct pi_flow *fl);
int pi_unwind_at(const struct pi_func *f, uint32_t off);

#endif /* PI_FLOW_H */
