/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The oracle's view of a paraminfo dump (oracle_dump.c reads it, oracle.c
 * checks it against the traced program).
 */
#ifndef PI_ORACLE_H
#define PI_ORACLE_H

#include <stddef.h>
#include <sys/user.h>

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

/*
 * An unwind row ("unwind" in --dump --unwind): over [from, to) the CFA is
 * sp + cfa, the caller's value of DWARF register saved_reg[i] is at CFA -
 * saved_off[i], and the preserved registers in lost are not known.
 */
#define PI_UW_REGS	17		/* DWARF 0-15 and 16, the return address */

struct pi_urow {
	unsigned long from, to;
	long cfa;
	int nsaved;
	int saved_reg[PI_UW_REGS];
	long saved_off[PI_UW_REGS];
	unsigned long lost;
};

struct pi_func {
	char *name;
	unsigned long addr, size;
	struct pi_param *p;
	int np;
	struct pi_func *parent;		/* set on a .cold fragment */
	int clone;			/* abi unknown: consistency check only */
	struct pi_urow *rows;		/* the unwind rows, if dumped */
	int nrows;
};

struct pi_stats {
	long steps, pairs, proven, checks, wrong;
	long naive_pairs, naive_wrong, naive_proven;
	long stack_checks, stack_wrong;	/* of checks and wrong: stack slots */
	long frame_bad;		/* slots outside [rsp, CFA), or no CFA there */
	long cfa_bad;		/* own-frame stops whose CFA is not entry rsp + 8 */
	long uw_stops;		/* stops in a fixture function (any frame) ... */
	long uw_rows, uw_wrong;	/* ... with a row; rows wrong */
	long cf_frames;		/* caller frames reached by the walk, ... */
	long cf_rows, cf_rows_wrong;	/* ... their rows at return address - 1 */
	long cf_pairs, cf_printable, cf_checks, cf_wrong;
	long cf_volatile;	/* a caller-saved register named at a call */
};


#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

extern struct pi_func *funcs;
extern int nfuncs;
extern unsigned long pi_main_addr;
extern int pi_nrows;

struct pi_tracee;
struct pi_uw;

void *xrealloc(void *p, size_t n);
int pi_reg_index(const char *name);
int pi_read_dump(const char *path);
int pi_read(struct pi_tracee *t, unsigned long addr, void *buf, size_t n);
int pi_cfa(struct user_regs_struct *r, unsigned long *cfa);
unsigned long long pi_dwarf_reg(struct user_regs_struct *r, int dw);
const char *pi_reg_name(int i);
int pi_loc_at(struct pi_param *p, unsigned long off);
struct pi_func *pi_func_at(unsigned long pc);

/* oracle_unwind.c: the rows and the caller frames, at every stop */
int pi_parse_unwind(struct pi_func *f, const char *s);
struct pi_uw *pi_unwind_new(struct pi_tracee *t);
void pi_unwind_reset(struct pi_uw *u, unsigned long ret);
void pi_unwind_stop(struct pi_uw *u, struct pi_func *top, struct user_regs_struct *r,
		    struct pi_stats *st);

#endif /* PI_ORACLE_H */
