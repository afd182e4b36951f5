/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The oracle's view of a paraminfo dump (oracle_dump.c reads it, oracle.c
 * checks it against the traced program).
 */
#ifndef PI_ORACLE_H
#define PI_ORACLE_H

#include <stddef.h>

enum pi_abi { ABI_NONE, ABI_REG, ABI_REG2, ABI_REGXMM, ABI_XMM, ABI_STACK,
	      ABI_UNKNOWN, ABI_BAD };
enum pi_kind { K_INT, K_BOOL, K_PTR, K_FPTR, K_WIDE, K_FP, K_AGG, K_UNKNOWN };

struct pi_loc {
	unsigned long from, to;
	int reg;			/* index in pi_regs[], -1 if unknown */
	int is_stack;			/* "stack": in memory at rsp + stack */
	long stack;
};

struct pi_param {
	char *name, *type, *abi_s;
	enum pi_abi abi;
	int reg[2];			/* ABI registers (index in pi_regs[]) */
	enum pi_kind kind;
	int size;			/* bytes compared; 0: size not known */
	struct pi_loc *locs;
	int nlocs;
	unsigned long val;		/* the value the oracle passed ... */
	int has_val;			/* ... if it is one comparable value */
	int noted;			/* "not compared" already said */
};

struct pi_func {
	char *name;
	unsigned long addr, size;
	struct pi_param *p;
	int np;
	struct pi_func *parent;		/* set on a .cold fragment */
	int clone;			/* abi unknown: consistency check only */
};

struct pi_stats {
	long steps, pairs, proven, checks, wrong;
	long naive_pairs, naive_wrong, naive_proven;
	long stack_checks, stack_wrong;	/* of checks and wrong: stack slots */
	long frame_bad;		/* slots outside [rsp, CFA), or no CFA there */
	long cfa_bad;		/* own-frame stops whose CFA is not entry rsp + 8 */
};


#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

extern struct pi_func *funcs;
extern int nfuncs;
extern unsigned long pi_main_addr;

void *xrealloc(void *p, size_t n);
int pi_reg_index(const char *name);
int pi_read_dump(const char *path);

#endif /* PI_ORACLE_H */
