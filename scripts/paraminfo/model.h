/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The neutral parameter model: what the DWARF reader produces and what every
 * encoder and the dump consume. Nothing here depends on libdw or libelf.
 *
 * Registers are DWARF register numbers of the input's architecture, which
 * struct pi_target describes; a location range only ever names one of the
 * general-purpose registers that struct pt_regs saves.
 */
#ifndef PI_MODEL_H
#define PI_MODEL_H

#include <linux/paraminfo_format.h>
#include <stdint.h>
#include <stdio.h>

/* The codes the tables store: include/linux/paraminfo_format.h. */
enum pi_abi {
	PI_ABI_REG = PARAMINFO_ABI_REG,		/* one GPR, reg[0] */
	PI_ABI_REG2 = PARAMINFO_ABI_REG2,	/* two GPRs, reg[0] and reg[1] */
	PI_ABI_MIXED = PARAMINFO_ABI_MIXED,	/* one GPR (reg[0]) and one xmm */
	PI_ABI_XMM = PARAMINFO_ABI_XMM,		/* one or two xmm registers */
	PI_ABI_STACK = PARAMINFO_ABI_STACK,	/* the caller's stack */
	PI_ABI_NONE = PARAMINFO_ABI_NONE,	/* empty struct: passed nowhere */
	PI_ABI_UNKNOWN = PARAMINFO_ABI_UNKNOWN,	/* clone or DW_CC_nocall */
	PI_ABI_BYREF = PARAMINFO_ABI_BYREF,	/* reg[0]: the copy's address */
	PI_ABI_NR = PARAMINFO_ABI_NR
};

/*
 * How the architecture's register dump (show_regs()) prints a kernel
 * context, for reading oops logs (oopslog.c). regs has 32 entries, by
 * DWARF number, named as the dump prints them; NULL for a register it
 * does not print as a number. A dump ends after its last GPR, or, when
 * end is set, after that line, which the dumps printed inside a stack
 * trace lack.
 */
struct pi_logfmt {
	const char *pc;			/* the pc line's tag: "RIP", "pc" */
	const char * const *regs;
	uint8_t last;			/* the last GPR the dump prints */
	const char *end;		/* e.g. "CR2:", or NULL */
	const char * const *tail;	/* lines the dump may go on with */
	const char *fault_line;		/* a page-fault oops's first line ... */
	const char *fault_addr;		/* ... and the text before the address */
};

/*
 * What the model, the dump and the encoders need to know of an
 * architecture; its ABI module (abi_<arch>.c) defines one.
 */
struct pi_target {
	const char *name;		/* "x86-64", "AArch64" */
	uint16_t machine;		/* ELF e_machine */
	uint8_t nregs;			/* GPRs: DWARF numbers 0 to nregs - 1 */
	uint8_t sp;			/* the stack pointer: never a value */
	uint8_t fp;			/* the frame pointer's register */
	uint8_t ra;			/* DWARF's return address column */
	uint32_t preserved;		/* GPRs a call preserves, but sp */
	const char * const *reg_names;	/* nregs names */
	uint8_t nargs;			/* integer argument registers */
	uint8_t arg_regs[PARAMINFO_MAX_ARG_REGS];
	const char *vec_name;		/* "xmm", "v" */
	uint16_t vec_first, vec_last;	/* DWARF numbers of vector registers */
	const struct pi_logfmt *log;	/* its register dump in oops logs */
};

/* What a parameter's DWARF location says, summarised over the function. */
enum pi_why {
	PI_WHY_REG = PARAMINFO_WHY_REG,			/* some GPR range */
	PI_WHY_OPTIMIZED_OUT = PARAMINFO_WHY_OPTIMIZED_OUT, /* no location */
	PI_WHY_ENTRY_VALUE = PARAMINFO_WHY_ENTRY_VALUE,	/* DW_OP_entry_value */
	PI_WHY_MEMORY = PARAMINFO_WHY_MEMORY,		/* fbreg/breg */
	PI_WHY_COMPUTED = PARAMINFO_WHY_COMPUTED,	/* stack_value, const */
	PI_WHY_PIECES = PARAMINFO_WHY_PIECES,		/* DW_OP_piece */
	PI_WHY_XMM = PARAMINFO_WHY_XMM,			/* a vector register */
	PI_WHY_UNTRUSTED = PARAMINFO_WHY_UNTRUSTED,	/* contradicts the ABI */
	PI_WHY_UNREADABLE = PARAMINFO_WHY_UNREADABLE,	/* libdw cannot decode */
	PI_WHY_REASSIGNED = PARAMINFO_WHY_REASSIGNED,	/* code changed it */
	PI_WHY_UNPROVEN = PARAMINFO_WHY_UNPROVEN,	/* code proves nothing */
	PI_WHY_NO_LOCATION = PARAMINFO_WHY_NO_LOCATION,	/* no DWARF instance */
	PI_WHY_NR = PARAMINFO_WHY_NR
};

#define PI_F_CLONE	PARAMINFO_F_CLONE
#define PI_F_NOCALL	PARAMINFO_F_NOCALL
#define PI_F_COLD	PARAMINFO_F_COLD
#define PI_F_HIDDEN_RET	PARAMINFO_F_HIDDEN_RET
#define PI_F_VARARGS	PARAMINFO_F_VARARGS
#define PI_F_UNTRUSTED	PARAMINFO_F_UNTRUSTED
#define PI_F_RANGES	PARAMINFO_F_RANGES

/*
 * Where a parameter's value is over [from, to): in register reg, or, when
 * reg is PI_LOC_STACK, in memory at the stack pointer's value there plus
 * off (a slot the machine code proves holds the value as passed).
 */
#define PI_LOC_STACK	PARAMINFO_LOC_STACK

struct pi_loc {
	uint32_t from;		/* offset from function start, inclusive */
	uint32_t to;		/* offset from function start, exclusive */
	uint8_t reg;		/* DWARF register number, a pt_regs GPR */
	uint16_t off;		/* PI_LOC_STACK: bytes above the stack pointer */
};

/*
 * Where DWARF says a parameter's variable is in memory over [from, to): at
 * off from the CFA (base PI_MEM_CFA, DW_OP_fbreg with the CFA as frame
 * base) or from a register (DW_OP_bregN). prove.c reads these, and keeps
 * a stack range only where the machine code proves the slot holds the
 * argument; they are freed there.
 */
#define PI_MEM_CFA	0xff

struct pi_mem {
	uint32_t from;
	uint32_t to;
	int32_t off;
	uint8_t base;
};

struct pi_param {
	const char *name;	/* interned; "" when DWARF has none */
	const char *type;	/* interned C type string */
	uint8_t abi;		/* enum pi_abi */
	uint8_t reg[2];		/* entry registers for PI_ABI_REG{,2}/MIXED */
	uint8_t why;		/* enum pi_why */
	uint8_t scalar;		/* integer, enum or pointer of at most 8 bytes */
	uint32_t size;		/* byte size of the type, 0 if unknown */
	uint32_t nlocs;
	struct pi_loc *locs;	/* sorted, disjoint, adjacent equals merged */
	uint32_t nmems;
	struct pi_mem *mems;	/* DWARF's, until prove.c */
};

/*
 * How to find the caller's registers over [from, to) (unwind.c), where
 * the machine code and DWARF's CFI agree: the CFA is the stack pointer
 * plus cfa; the caller's value of each register of saved[] is in memory at
 * CFA - off; of each register of lost, nowhere known; of every other
 * register the ABI preserves (struct pi_target's preserved, and its
 * return address register ra), in that register still.
 */
#define PI_UNWIND_SAVED	16

struct pi_save {
	uint8_t reg;		/* DWARF register number, or the RA column */
	uint16_t off;		/* below the CFA */
};

struct pi_unwind {
	uint32_t from;		/* offset from function start, inclusive */
	uint32_t to;		/* exclusive */
	uint16_t cfa;		/* CFA - the stack pointer */
	uint8_t nsaved;
	uint32_t lost;		/* preserved registers with no known value */
	struct pi_save saved[PI_UNWIND_SAVED];	/* sorted by reg */
	uint8_t keep;		/* unwind.c's own: a call's or trap's bytes */
};

/* A frame object DWARF describes: bytes [lo, hi) from the CFA. */
struct pi_obj {
	int32_t lo;
	int32_t hi;
};

struct pi_func {
	const char *name;	/* the ELF symbol's name: what kallsyms prints */
	uint64_t addr;
	uint64_t size;
	uint32_t flags;		/* PI_F_* */
	uint32_t nparams;
	struct pi_param *params;
	uint32_t group;		/* parts of one DWARF instance share it */
	uint8_t noreturn;	/* DW_AT_noreturn: a call of it never returns */
	uint8_t entry;		/* ftrace NOPs before DWARF's first address */
	uint8_t decl;		/* no DWARF instance: an address-less DIE's */
	/*
	 * Its variables that live in the frame, which an address taken from
	 * the stack pointer may point into (flow.c's frame); objs_unknown
	 * when DWARF does not say where or how big one is.
	 */
	uint8_t objs_unknown;
	uint32_t nobjs;
	struct pi_obj *objs;
	uint32_t nunwind;
	struct pi_unwind *unwind;	/* sorted, disjoint */
};

/* Why a DWARF instance did not become a function of the model. */
enum pi_drop {
	PI_DROP_NO_SYMBOL,	/* no ELF FUNC symbol at its address (__weak) */
	PI_DROP_CONFLICT,	/* instances at one address disagree */
	PI_DROP_DUPLICATE,	/* agreeing duplicate of another instance */
	PI_DROP_NO_ADDRESS,	/* neither low_pc nor usable ranges */
	PI_DROP_ASSEMBLER,	/* from an assembler unit: no parameter info */
	PI_DROP_NOT_TEXT,	/* outside kallsyms' text ranges: .exit.text */
	PI_DROP_NR
};

/*
 * Why the machine code refutes a register DWARF names for a parameter at
 * an instruction (flow.c): what last wrote that register on the way there.
 */
enum pi_refute {
	PI_REFUTE_WRITE,	/* written by something other than a copy */
	PI_REFUTE_REP,		/* a rep-string instruction under way */
	PI_REFUTE_CALL,		/* a call may have written it */
	PI_REFUTE_ALT,		/* an alternative's replacement writes it */
	PI_REFUTE_FIXUP,	/* an exception-table fixup path */
	PI_REFUTE_MERGE,	/* paths that meet there disagree */
	PI_REFUTE_OTHER,	/* it holds another entry register's value */
	PI_REFUTE_NARROW,	/* only part of the value survived */
	PI_REFUTE_UNREACHED,	/* no edge reaches the instruction */
	PI_REFUTE_UNDECODABLE,	/* the function could not be decoded */
	PI_REFUTE_NO_ENTRY,	/* not passed in a register (stack, clone) */
	PI_REFUTE_NR
};

/* Why the machine code refutes a stack slot DWARF names (frame.c). */
enum pi_stack_refute {
	PI_STACK_NO_ENTRY,	/* not passed in a register (stack, clone) */
	PI_STACK_UNDECODABLE,	/* the function could not be decoded */
	PI_STACK_UNREACHED,	/* no edge reaches the instruction */
	PI_STACK_SP_UNKNOWN,	/* the stack pointer's offset is not known */
	PI_STACK_ALT,		/* inside an alternative that moves it */
	PI_STACK_ESCAPED,	/* a frame address escaped: anything may write */
	PI_STACK_BELOW_SP,	/* below the stack pointer, or too far above */
	PI_STACK_NOT_HELD,	/* overwritten, or written through an object */
	PI_STACK_NR
};

/* Why an instruction's bytes get no unwind row (unwind.c). */
enum pi_unwind_none {
	PI_UNWIND_ROW,		/* none: the bytes have a row */
	PI_UNWIND_UNREACHED,	/* undecodable, or no edge reaches it */
	PI_UNWIND_SP,		/* the code does not know the stack pointer */
	PI_UNWIND_RA,		/* ... where the return address is */
	PI_UNWIND_NO_CFI,	/* CFI has no row for it */
	PI_UNWIND_CFA,		/* CFI's CFA differs from the code's */
	PI_UNWIND_SHORT,	/* a short row, no call or trap: left out */
	PI_UNWIND_NR
};

#define PI_FLOW_EXAMPLES	3

struct pi_stats {
	unsigned long seen;		/* concrete out-of-line DWARF instances */
	unsigned long dropped[PI_DROP_NR];
	unsigned long ranges_only;	/* DW_AT_ranges without DW_AT_low_pc */
	unsigned long cold_parts;	/* .cold entries added */
	unsigned long clones;
	unsigned long reordered;	/* child order differs from declared */
	unsigned long nocall;
	unsigned long hidden_ret;
	unsigned long byref;		/* composites passed by reference */
	unsigned long over_regs;	/* more parameters than argument registers */
	unsigned long untrusted;	/* unexpected register at entry */
	unsigned long bad_ranges;	/* overlapping location ranges dropped */
	unsigned long unreadable;	/* location lists libdw cannot decode */
	/* Functions only address-less DIEs describe (decl.c). */
	unsigned long decl_dies;	/* such DIEs, by name */
	unsigned long decl_kept;	/* symbols with code they describe */
	unsigned long decl_ambiguous;	/* ... by DIEs that disagree */
	unsigned long decl_conflict;	/* ... aliases that disagree */
	unsigned long decl_overlap;	/* ... inside or over a kept function */
	/* The machine-code proof. */
	unsigned long flow_groups;	/* functions analysed, parts together */
	unsigned long flow_bad;		/* ... the decoder could not decode */
	unsigned long flow_insns;	/* instructions decoded */
	unsigned long flow_alternatives; /* alternatives in the file */
	unsigned long flow_alt_sites;	/* ... inside analysed functions */
	unsigned long flow_jump_labels;	/* jump labels inside them */
	unsigned long flow_fixup_sites;	/* exception-table entries inside */
	/* (parameter, instruction) pairs where DWARF names a register: */
	uint64_t flow_agree;			/* the code proves it */
	uint64_t flow_refuted[PI_REFUTE_NR];	/* the code refutes it */
	uint64_t flow_gained;	/* DWARF names none, the code proves one */
	/* Instruction bytes, scalar parameters in argument registers. */
	uint64_t dwarf_bytes;	/* DWARF alone names a register */
	uint64_t refuted_bytes;	/* ... and the code refutes it */
	/* Stack slots (frame.c), (parameter, instruction) pairs: */
	uint64_t stack_dwarf;	/* DWARF names a frame slot */
	uint64_t stack_proven;	/* ... the code proves it holds the argument */
	uint64_t stack_gained;	/* a slot holds it, DWARF names none */
	uint64_t stack_refuted[PI_STACK_NR];	/* DWARF names one, unproven */
	uint64_t stack_dwarf_bytes;	/* as dwarf_bytes, for frame slots */
	/*
	 * (parameter, call site) pairs of the counted parameters: proven at
	 * the return address in a register a call preserves or a stack slot.
	 */
	uint64_t call_pairs;
	uint64_t call_reg;
	uint64_t call_stack;
	/*
	 * Unwinding (unwind.c): instruction bytes with a row, without one
	 * because the code or CFI says nothing or they disagree; call sites
	 * whose return address has a row.
	 */
	uint64_t unwind_bytes;
	uint64_t unwind_none[PI_UNWIND_NR];
	uint64_t unwind_rows;
	uint64_t unwind_calls;
	uint64_t unwind_calls_row;
	uint64_t call_unwound;		/* call_reg/stack pairs at those */
	char flow_example[PI_REFUTE_NR][PI_FLOW_EXAMPLES][96];
};

/*
 * Where a table's offsets count from (encoders.c). A vmlinux's text,
 * [_stext, _etext), and init text, [_sinittext, _einittext): its table
 * stores offsets from their starts, which nothing linked after .text
 * moves. A module's table (modtable.c) sets only text and text_end: the
 * span of the text sections it lists, text its text_base. All 0 for other
 * ELF files: offsets count from the first function.
 */
struct pi_layout {
	uint64_t text;
	uint64_t text_end;
	uint64_t init;
	uint64_t init_end;
};

struct pi_model {
	const struct pi_target *target;
	struct pi_func *funcs;
	size_t nfuncs;
	size_t cap;
	struct pi_layout layout;
	struct pi_stats stats;
};

struct pi_func *pi_model_add(struct pi_model *m);
const struct pi_func *pi_model_find(const struct pi_model *m, uint64_t addr);
void pi_model_finish(struct pi_model *m);
void pi_model_free(struct pi_model *m);
const struct pi_target *pi_target_of(unsigned int machine);
const char *pi_reg_name(const struct pi_target *t, unsigned int reg);
int pi_reg_printable(const struct pi_target *t, unsigned int reg);
const char *pi_abi_name(const struct pi_target *t, const struct pi_param *p,
			char *buf, size_t len);
const char *pi_why_name(unsigned int why);
const char *pi_refute_name(unsigned int why);
const char *pi_stack_refute_name(unsigned int why);

/* The size a table stores: exact up to PARAMINFO_SIZE_MAX, else 0. */
static inline uint8_t pi_param_width(const struct pi_param *p)
{
	return p->size <= PARAMINFO_SIZE_MAX ? p->size : 0;
}

void pi_json_str(FILE *out, const char *s);
void pi_dump_json(FILE *out, const struct pi_model *m, int unwind);
void pi_dump_text(FILE *out, const struct pi_model *m);
void pi_dump_unwind(FILE *out, const struct pi_model *m);
void pi_dump_stats(FILE *out, const struct pi_model *m);

#endif /* PI_MODEL_H */
