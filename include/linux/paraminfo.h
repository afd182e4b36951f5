/* SPDX-License-Identifier: GPL-2.0 */
/*
 * paraminfo lookup API: what every table decoder implements, identically.
 *
 * Usable in oops context: no allocation, no locks, bounded time. A table is
 * validated once by paraminfo_table_init(); after that every accessor still
 * bounds-checks what it follows and answers -EINVAL rather than reading
 * outside the table.
 */
#ifndef _LINUX_PARAMINFO_H
#define _LINUX_PARAMINFO_H

#include <linux/types.h>
#include <linux/paraminfo_format.h>

struct paraminfo_table;

struct paraminfo_func {
	u64 addr;		/* first instruction: text_base + its offset */
	u32 size;		/* bytes of code: [addr, addr + size) */
	u32 flags;		/* PARAMINFO_F_*: VARARGS prints "..." */
	u32 nparams;
	u32 index;		/* position in address order */
	const char *name;	/* symbol name, NULL if the table has none */
	u32 priv[2];		/* decoder's cursors */
};

struct paraminfo_param {
	const char *name;	/* "" when DWARF gives none */
	const char *type;	/* C type, e.g. "struct file *" */
	u8 abi;			/* enum paraminfo_abi */
	u8 reg[2];		/* entry registers, see abi */
	u8 why;			/* enum paraminfo_why */
	u8 size;		/* bytes of the type; 0 when over 15 */
	u32 nlocs;		/* ranges: registers and stack slots */
	u32 priv;		/* decoder's cursor */
};

/*
 * What the printer needs of the trapped context: the general-purpose
 * registers by DWARF number, their names, the fault address if any, and
 * how to read the stack that sp points into. The architecture fills the
 * registers from struct pt_regs (paraminfo_arch_regs()), generic code
 * the stack's bounds and reader (paraminfo_show_regs()); the host
 * harness fills them from a traced program, decode_oops from a log.
 *
 * A stack slot's value is read only when all of its bytes are inside
 * [stack_lo, stack_hi): a damaged table's offset cannot make the printer
 * read beyond the stack it knows.
 */
struct paraminfo_regs {
	u64 gpr[PARAMINFO_NR_REGS];
	const char * const *names;	/* names[i] is gpr[i]'s, e.g. "rdi" */
	unsigned int nr;	/* gpr[0] to gpr[nr - 1] are valid */
	u64 pc;			/* the instruction the registers are at */
	bool fault;		/* a page fault: fault_addr is valid */
	u64 fault_addr;		/* CR2 on x86, FAR_EL1 on arm64 */
	u64 sp;			/* the stack pointer at pc */
	u64 stack_lo;		/* the stack sp is on: [stack_lo, stack_hi), */
	u64 stack_hi;		/* both 0 when it is not known */
	/*
	 * Copy @len bytes at @addr to @dst: 0, or an error when they
	 * cannot be read. NULL when no memory can be read (a log).
	 */
	int (*read)(void *dst, u64 addr, size_t len);
	/*
	 * A caller's frame (paraminfo_print_callers()): the registers the
	 * call may have changed, and the preserved ones whose value the
	 * walk did not recover. Both 0 for the context the regs are of.
	 */
	u32 clobbered;
	u32 lost;
};

/* A bounds-checked reader of the varint streams pool and delta use. */
struct paraminfo_cursor {
	const u8 *p;
	const u8 *end;
};

struct paraminfo_proto {
	u32 flags;
	u32 nparams;
	bool explicit;		/* ABI slots stored per parameter */
	bool compact;		/* delta's layout: set before reading */
	const struct paraminfo_header *hdr;	/* its arg_regs, when implicit */
};

/*
 * Where a parameter's value is over [from, to): in register reg, or, when
 * reg is PARAMINFO_LOC_STACK, in memory at the stack pointer plus off.
 */
struct paraminfo_loc {
	u32 from;		/* offset from function start */
	u32 to;			/* exclusive */
	u8 reg;			/* DWARF register number, PARAMINFO_LOC_STACK */
	u16 off;		/* PARAMINFO_LOC_STACK: bytes above the stack
				 * pointer; 0 for a register
				 */
};

/*
 * How to find the caller's registers over [from, to) of a function: the
 * CFA is the stack pointer plus cfa; the caller's value of each saved[]
 * register is in memory at CFA - off; of each register of lost, not known;
 * of every other register of paraminfo_unwind_abi()'s preserved mask and
 * return address column, in that register still.
 */
struct paraminfo_unwind {
	u32 from, to;		/* offsets from the function's start */
	u16 cfa;		/* CFA = sp + cfa */
	u8 nsaved;
	u32 lost;		/* preserved registers with no known value */
	struct {
		u8 reg;		/* DWARF number, or the return address column */
		u16 off;	/* at CFA - off */
	} saved[PARAMINFO_UNWIND_SAVED];
};

/* One encoding's decoder; kernel/paraminfo/decode_<name>.c each define one. */
struct paraminfo_decoder {
	const char *name;
	u16 encoding;		/* enum paraminfo_encoding */
	int (*init)(struct paraminfo_table *t);
	int (*func)(const struct paraminfo_table *t, u32 index,
		    struct paraminfo_func *f);
	int (*find)(const struct paraminfo_table *t, u64 addr,
		    struct paraminfo_func *f);
	int (*param)(const struct paraminfo_table *t,
		     const struct paraminfo_func *f, u32 i,
		     struct paraminfo_param *p);
	int (*loc)(const struct paraminfo_table *t,
		   const struct paraminfo_func *f,
		   const struct paraminfo_param *p, u32 i,
		   struct paraminfo_loc *l);
	/* Optional: one pass over ranges that are stored as deltas. */
	int (*loc_at)(const struct paraminfo_table *t,
		      const struct paraminfo_func *f,
		      const struct paraminfo_param *p, u32 off,
		      struct paraminfo_loc *l);
	/* Optional: only encodings that index names answer it. */
	int (*find_name)(const struct paraminfo_table *t, const char *name,
			 struct paraminfo_func *f);
};

struct paraminfo_table {
	const u8 *data;
	u32 size;
	u32 nfuncs;
	u64 text_base;
	u16 machine;		/* ELF e_machine of the table's code */
	const struct paraminfo_header *hdr;
	const struct paraminfo_decoder *dec;
	u32 aux[4];		/* decoder's own validated counts */
};

/*
 * A module's table: the section's header, the table inside it, and the
 * sections no longer loaded (bit i: the header's section i, init text
 * once freed).
 */
struct paraminfo_modtable {
	struct paraminfo_table t;
	const struct paraminfo_module_header *hdr;
	unsigned long dropped;
};

extern const struct paraminfo_decoder paraminfo_decoder_flat;
extern const struct paraminfo_decoder paraminfo_decoder_pool;
extern const struct paraminfo_decoder paraminfo_decoder_delta;

int paraminfo_table_init(struct paraminfo_table *t, const void *data,
			 size_t size, const struct paraminfo_decoder *dec);
int paraminfo_find(const struct paraminfo_table *t, u64 addr,
		   struct paraminfo_func *f);
int paraminfo_modtable_init(struct paraminfo_modtable *mt, const void *data,
			    size_t size, const struct paraminfo_decoder *dec);
u64 paraminfo_modtable_addr(const struct paraminfo_modtable *mt,
			    unsigned long addr);
unsigned long paraminfo_modtable_text(const struct paraminfo_modtable *mt,
				      u64 taddr);
int paraminfo_func_at(const struct paraminfo_table *t, u32 index,
		      struct paraminfo_func *f);
int paraminfo_param(const struct paraminfo_table *t,
		    const struct paraminfo_func *f, u32 i,
		    struct paraminfo_param *p);
int paraminfo_loc(const struct paraminfo_table *t,
		  const struct paraminfo_func *f,
		  const struct paraminfo_param *p, u32 i,
		  struct paraminfo_loc *l);
int paraminfo_loc_at(const struct paraminfo_table *t,
		     const struct paraminfo_func *f,
		     const struct paraminfo_param *p, u32 off,
		     struct paraminfo_loc *l);
int paraminfo_find_name(const struct paraminfo_table *t, const char *name,
			struct paraminfo_func *f);
int paraminfo_unwind_at(const struct paraminfo_table *t,
			const struct paraminfo_func *f, u32 off,
			struct paraminfo_unwind *u);
int paraminfo_unwind_next(const struct paraminfo_table *t,
			  const struct paraminfo_func *f, u32 off,
			  struct paraminfo_unwind *u);
int paraminfo_unwind_abi(const struct paraminfo_table *t, u8 *ra,
			 u32 *preserved);
int paraminfo_unwind_check(const struct paraminfo_table *t);

u32 paraminfo_print_params(const struct paraminfo_table *t,
			   const struct paraminfo_func *f, u32 off,
			   const struct paraminfo_regs *r,
			   void (*emit)(void *ctx, const char *line), void *ctx);

/* Where a pc's code is: its table, its function, the pc as the table counts. */
struct paraminfo_where {
	const struct paraminfo_table *t;
	struct paraminfo_func f;
	u64 addr;
};

/* The most caller frames paraminfo_print_callers() prints. */
#define PARAMINFO_MAX_CALLERS	8

/*
 * How paraminfo_print_callers() finds each caller's code: @find fills
 * @w for the code at @pc, or fails; @code_addr turns a return address as
 * stored into one as code (pointer authentication stripped), or is NULL;
 * @symbol names a return address as the Call Trace does ("%pB"), or is
 * NULL for the table's name of the function.
 */
struct paraminfo_walk {
	int (*find)(u64 pc, struct paraminfo_where *w);
	u64 (*code_addr)(u64 ra);
	void (*symbol)(u64 ra, char *buf, size_t len);
	unsigned int max_frames;
};

u32 paraminfo_print_callers(const struct paraminfo_where *w,
			    const struct paraminfo_regs *r,
			    const struct paraminfo_walk *walk,
			    void (*emit)(void *ctx, const char *line), void *ctx);

/* What paraminfo_show_regs() printed. */
enum paraminfo_shown {
	PARAMINFO_SHOWN_NOTHING,	/* user mode, or no function at ip */
	PARAMINFO_SHOWN_BLOCK,		/* the "Function parameters" block */
	PARAMINFO_SHOWN_SKIPPED,	/* one line: the CPU was in the printer */
	PARAMINFO_SHOWN_UNLOADED,	/* one line: vmlinux's table not loaded */
};

#ifdef CONFIG_KALLSYMS_PARAMINFO
struct pt_regs;

/*
 * The architecture interface: arch/<arch>/kernel/paraminfo.c defines
 * paraminfo_arch, paraminfo_arch_regs() and paraminfo_arch_code_addr(),
 * and nothing else;
 * everything else (the notes, paraminfo_show_regs(), the printer, the
 * debugfs dump) is generic. The arch's register dump calls
 * paraminfo_show_regs() after the registers of a kernel-mode context, its
 * oops path paraminfo_note_oops() before showing them, and its kernel
 * page-fault oops path paraminfo_note_fault().
 */

/**
 * struct paraminfo_arch - what generic code needs to know of the arch
 * @machine: ELF e_machine of the kernel (EM_X86_64, EM_AARCH64): a table
 *	made for another machine is refused
 * @nr_regs: general-purpose registers paraminfo_arch_regs() fills in,
 *	DWARF numbers 0 to @nr_regs - 1, at most PARAMINFO_NR_REGS
 * @reg_names: their names by DWARF number, as the register dump calls
 *	them ("rdi", "x0")
 * @vec_name: what the debugfs dump calls the vector registers arguments
 *	are passed in, as gen_paraminfo --dump does ("xmm", "v")
 */
struct paraminfo_arch {
	u16 machine;
	unsigned int nr_regs;
	const char * const *reg_names;
	const char *vec_name;
};

extern const struct paraminfo_arch paraminfo_arch;

/* Fill @r's gpr[0 .. nr_regs - 1], pc and sp from @regs; nothing else. */
void paraminfo_arch_regs(const struct pt_regs *regs, struct paraminfo_regs *r);

/* A return address as saved, as code: e.g. its pointer authentication off. */
u64 paraminfo_arch_code_addr(u64 ra);

/* Linked in by scripts/link-vmlinux.sh; absent from the first link. */
extern const u8 paraminfo_table[] __weak;
extern const u8 paraminfo_table_end[] __weak;

/* The decoder of the encoding Kconfig chose, the only one built. */
#if defined(CONFIG_PARAMINFO_ENCODING_POOL)
#define PARAMINFO_KERNEL_DECODER	paraminfo_decoder_pool
#elif defined(CONFIG_PARAMINFO_ENCODING_DELTA)
#define PARAMINFO_KERNEL_DECODER	paraminfo_decoder_delta
#else
#define PARAMINFO_KERNEL_DECODER	paraminfo_decoder_flat
#endif

/* vmlinux's ELF notes (vmlinux.lds.h's NOTES), with its build ID. */
extern const u8 __start_notes[] __weak;
extern const u8 __stop_notes[] __weak;

/* In paraminfo_vmlinux.ko (PARAMINFO_VMLINUX_LOADABLE), by its link. */
extern const u8 paraminfo_vmlinux_table[] __weak;
extern const u8 paraminfo_vmlinux_table_end[] __weak;
extern const u8 paraminfo_vmlinux_notes[] __weak;
extern const u8 paraminfo_vmlinux_notes_end[] __weak;
int paraminfo_vmlinux_load(const void *table, size_t size,
			   const void *notes, size_t notes_size);

const struct paraminfo_table *paraminfo_kernel_table(void);
bool paraminfo_kernel_unloaded(unsigned long addr);
u64 paraminfo_table_addr(unsigned long addr);
unsigned long paraminfo_text_addr(u64 addr);
const char *paraminfo_reg_name(unsigned int reg);
enum paraminfo_shown paraminfo_show_regs(struct pt_regs *regs,
					 const char *log_lvl);

#ifdef CONFIG_MODULES
#include <linux/elf.h>
#include <asm/module.h>		/* Elf_Shdr */

struct module;
void paraminfo_module_sections(struct module *mod, const Elf_Shdr *sechdrs,
			       const char *secstrings, unsigned int shnum);
const struct paraminfo_table *paraminfo_module_table(unsigned long addr,
						     u64 *taddr);
void paraminfo_module_state(struct module *mod, unsigned long state);
const struct paraminfo_modtable *paraminfo_module_modtable(struct module *mod);
#ifdef CONFIG_DEBUG_FS
struct dentry *paraminfo_debugfs_module(const char *name,
					const struct paraminfo_modtable *mt);
#else
static inline struct dentry *
paraminfo_debugfs_module(const char *name, const struct paraminfo_modtable *mt)
{
	return NULL;
}
#endif
#else
static inline const struct paraminfo_table *
paraminfo_module_table(unsigned long addr, u64 *taddr)
{
	return NULL;
}
#endif
bool paraminfo_enter(void);
void paraminfo_exit(void);
void paraminfo_note_fault(struct pt_regs *regs, unsigned long address);
void paraminfo_note_oops(struct pt_regs *regs);
#else
struct pt_regs;

static inline enum paraminfo_shown
paraminfo_show_regs(struct pt_regs *regs, const char *log_lvl)
{
	return PARAMINFO_SHOWN_NOTHING;
}
static inline void paraminfo_note_fault(struct pt_regs *regs,
					unsigned long address) { }
static inline void paraminfo_note_oops(struct pt_regs *regs) { }
#endif

/* Helpers for decoders: bounds-checked views of the table. */
const void *paraminfo_section(const struct paraminfo_table *t,
			      unsigned int sect, u32 *size);
const char *paraminfo_string(const struct paraminfo_table *t,
			     unsigned int sect, u32 off);
u32 paraminfo_upper_bound(const u32 *a, u32 n, u32 stride, u32 key);
bool paraminfo_sorted(const u32 *a, u32 n, u32 stride);
int paraminfo_cursor_at(const struct paraminfo_table *t, unsigned int sect,
			u32 off, struct paraminfo_cursor *c);
u32 paraminfo_cursor_off(const struct paraminfo_table *t, unsigned int sect,
			 const struct paraminfo_cursor *c);
int paraminfo_find_start(const struct paraminfo_table *t, const u32 *starts,
			 u64 addr, struct paraminfo_func *f);
int paraminfo_uleb(struct paraminfo_cursor *c, u32 *val);
int paraminfo_proto_begin(const struct paraminfo_table *t,
			  struct paraminfo_cursor *c, struct paraminfo_proto *pr);
int paraminfo_proto_param(struct paraminfo_cursor *c,
			  const struct paraminfo_proto *pr, u32 i,
			  u32 *name_id, u32 *type_id,
			  struct paraminfo_param *p);
int paraminfo_locs_begin(struct paraminfo_cursor *c,
			 struct paraminfo_param *p);
int paraminfo_locs_next(struct paraminfo_cursor *c, u32 fsize, u32 *prev_to,
			struct paraminfo_loc *l);
int paraminfo_locs_skip(struct paraminfo_cursor *c, u32 fsize);
int paraminfo_loc_in(const struct paraminfo_table *t, unsigned int sect,
		     const struct paraminfo_func *f,
		     const struct paraminfo_param *p, u32 i,
		     struct paraminfo_loc *l);
int paraminfo_loc_at_in(const struct paraminfo_table *t, unsigned int sect,
			const struct paraminfo_func *f,
			const struct paraminfo_param *p, u32 off,
			struct paraminfo_loc *l);
int paraminfo_loc_check(const struct paraminfo_param *p,
			const struct paraminfo_loc *l);

#endif /* _LINUX_PARAMINFO_H */
