/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Machine code as the dataflow proof (flow.c) sees it: one neutral record
 * per instruction, produced by an architecture's decoder, and the places
 * where the kernel rewrites its own code at run time, produced by that
 * architecture's reader of the kernel's patch tables. Registers are DWARF
 * numbers of the architecture, as bits of a 32-bit mask; nothing here
 * names a register of any architecture.
 */
#ifndef PI_INSN_H
#define PI_INSN_H

#include <stddef.h>
#include <stdint.h>

#include "elfsym.h"

enum pi_insn_kind {
	PI_INSN_NEXT,		/* falls through to the next instruction */
	PI_INSN_JUMP,		/* direct unconditional jump to target */
	PI_INSN_BRANCH,		/* direct conditional: target or next */
	PI_INSN_IJUMP,		/* indirect jump: any instruction may follow */
	PI_INSN_CALL,		/* direct call of target, then next */
	PI_INSN_ICALL,		/* indirect call, then next */
	PI_INSN_RET,		/* leaves the function */
	PI_INSN_STOP,		/* traps for good (int3 padding, brk) */
};

/*
 * A write of memory through a register (frame.c follows those through the
 * stack pointer): width bytes at base + disp, with the registers' values
 * before the instruction. width 0 is an extent it cannot say (an index
 * register, several registers, a string instruction).
 */
struct pi_store {
	int32_t disp;
	int8_t base;		/* DWARF register */
	int8_t src;		/* the register whose low bytes it stores, or -1 */
	uint8_t width;
};

#define PI_INSN_STORES	2

struct pi_insn {
	uint64_t addr;
	uint64_t target;	/* JUMP, BRANCH, CALL */
	uint32_t writes;	/* registers it writes (copies included) */
	/*
	 * Registers already changed while the pc is still on it: a rep-string
	 * instruction that is interrupted or faults midway.
	 */
	uint32_t here;
	uint8_t len;
	uint8_t kind;		/* enum pi_insn_kind */
	int8_t copy_dst;	/* a register-to-register copy, or -1 */
	int8_t copy_src;
	uint8_t copy_width;	/* low bytes of copy_src that reach copy_dst */
	uint8_t swap;		/* copy_src also receives copy_dst's value */
	/*
	 * It rewrites only the pointer authentication code of the return
	 * address register (PACIASP, AUTIASP): an address it held, it holds
	 * still, signed or not.
	 */
	uint8_t pac;
	/* A trap the kernel reports from (BUG and WARN: ud2, brk). */
	uint8_t trap;
	/*
	 * The stack frame: aff_dst becomes aff_src's value plus aff_add, a
	 * whole register (push's and pop's stack pointer, "lea rbp,
	 * [rsp+16]", a pre- or post-indexed base); registers it reads as
	 * values, not as an address; what it stores through a register.
	 */
	int8_t aff_dst;
	int8_t aff_src;
	int32_t aff_add;
	uint32_t vreads;
	uint8_t nstores;
	struct pi_store st[PI_INSN_STORES];
};

/* What a call does to the registers, by its target. */
enum pi_call_class {
	PI_CALL_ABI,		/* a function of the C calling convention */
	PI_CALL_PRESERVES,	/* keeps every register (__fentry__) */
	PI_CALL_UNKNOWN,	/* may write any register */
	/*
	 * Exported, but of its own convention (x86's __put_user_N writes
	 * rbx): may write any register even where an undefined symbol, a
	 * module's call of an exported function, is taken as C.
	 */
	PI_CALL_OWN,
	/*
	 * A thunk or trampoline that goes on to a C function it cannot name
	 * (a retpoline, a static call): as PI_CALL_ABI, and it may take
	 * arguments on the stack.
	 */
	PI_CALL_INDIRECT,
};

/* An extra edge of the control-flow graph from a kernel patch table. */
struct pi_edge {
	uint64_t from;		/* the instruction */
	uint64_t to;		/* where control may go from it */
	/* An exception-table fixup: a handler may have written registers. */
	uint8_t fixup;
};

/* Code that the kernel may put in place of [addr, addr + len) at boot. */
struct pi_alt {
	uint64_t addr;
	uint64_t repl;		/* the replacement's own link address */
	uint32_t len;
	uint32_t repl_len;
	uint8_t unknown;	/* written at boot by a callback: any code */
};

struct pi_patches {
	struct pi_edge *edges;	/* sorted by from */
	size_t nedges;
	struct pi_alt *alts;	/* sorted by addr */
	size_t nalts;
	unsigned long jump_labels, fixups, alternatives;	/* as read */
};

struct pi_arch {
	const char *name;
	unsigned int machine;		/* EM_* */
	unsigned int sp;		/* the stack pointer: never a value */
	unsigned int fp;		/* the frame pointer, when one is set up */
	int cfa;			/* DWARF's CFA - the stack pointer at entry */
	unsigned int ra;		/* DWARF's return address column */
	uint32_t gprs;			/* registers an oops shows */
	uint32_t caller_saved;		/* a C call may write these */
	void *(*open)(void);
	void (*close)(void *dec);
	/* 0, or -1 when the bytes are no instruction it knows. */
	int (*decode)(void *dec, const uint8_t *code, size_t size,
		      uint64_t addr, struct pi_insn *in);
	/* Calls of a target that is no C function of the model. */
	enum pi_call_class (*call_class)(const char *name);
	void (*read_patches)(const struct pi_elf *pe, struct pi_patches *pp);
};

extern const struct pi_arch pi_arch_x86_64;
extern const struct pi_arch pi_arch_arm64;

const struct pi_arch *pi_arch_of(const struct pi_elf *pe);
void pi_kernel_read_patches(const struct pi_elf *pe, struct pi_patches *pp,
			    uint16_t cb_bit);
void pi_patches_sort(struct pi_patches *pp);
void pi_patches_free(struct pi_patches *pp);

#endif /* PI_INSN_H */
