/* SPDX-License-Identifier: GPL-2.0 */
/*
 * paraminfo table layouts: the single source of truth shared by the host
 * encoders (scripts/paraminfo/encode_*.c) and the kernel decoders
 * (kernel/paraminfo/decode_*.c). All fields are little-endian; the table
 * starts 8-byte aligned.
 *
 * Every table starts with struct paraminfo_header. Function addresses are
 * stored as u32 offsets from header.text_base, a link-time address. The
 * sections table gives each encoding's sections as (offset, size) pairs
 * from the start of the table; their meaning is per encoding, below, but
 * for section PARAMINFO_SECT_UNWIND, which all encodings share.
 *
 * Registers are the DWARF numbers of the architecture the header's machine
 * names: on x86-64 0 rax, 1 rdx, 2 rcx, 3 rbx, 4 rsi, 5 rdi, 6 rbp, 7 rsp,
 * 8-15 r8-r15; on AArch64 0-30 x0-x30. A range's register 31 is
 * PARAMINFO_LOC_STACK on both: a stack slot, never a register. Nothing in
 * a table's layout depends on the architecture.
 */
#ifndef _LINUX_PARAMINFO_FORMAT_H
#define _LINUX_PARAMINFO_FORMAT_H

#include <linux/types.h>

#define PARAMINFO_MAGIC		0x464e4950	/* "PINF" */
#define PARAMINFO_VERSION	8
#define PARAMINFO_MAX_SECTIONS	8

enum paraminfo_encoding {
	PARAMINFO_ENC_FLAT = 1,
	PARAMINFO_ENC_POOL = 2,
	PARAMINFO_ENC_DELTA = 3,
};

/* Where the calling convention passes a parameter on entry. */
enum paraminfo_abi {
	PARAMINFO_ABI_REG,	/* one GPR: reg0 */
	PARAMINFO_ABI_REG2,	/* two GPRs: reg0, reg1 */
	PARAMINFO_ABI_MIXED,	/* one GPR (reg0) and one vector register */
	PARAMINFO_ABI_XMM,	/* vector registers (xmm, AArch64's v) */
	PARAMINFO_ABI_STACK,	/* caller's stack */
	PARAMINFO_ABI_NONE,	/* empty struct, passed nowhere */
	PARAMINFO_ABI_UNKNOWN,	/* clone or DW_CC_nocall: not known */
	PARAMINFO_ABI_BYREF,	/* reg0 holds the address of the caller's copy */
	PARAMINFO_ABI_NR
};

/*
 * Why a parameter has no value where it has no register range. With ranges
 * it is PARAMINFO_WHY_REG, or PARAMINFO_WHY_REASSIGNED when DWARF tracks the
 * variable in a register the machine code shows was written since entry.
 * PARAMINFO_WHY_NO_LOCATION is every parameter of a function whose only
 * DWARF is a DIE without an address (gcc's identical-code folding leaves
 * those): names and types come from it, the address from the ELF symbol,
 * and nothing says where a value is.
 */
enum paraminfo_why {
	PARAMINFO_WHY_REG,
	PARAMINFO_WHY_OPTIMIZED_OUT,
	PARAMINFO_WHY_ENTRY_VALUE,
	PARAMINFO_WHY_MEMORY,
	PARAMINFO_WHY_COMPUTED,
	PARAMINFO_WHY_PIECES,
	PARAMINFO_WHY_XMM,
	PARAMINFO_WHY_UNTRUSTED,
	PARAMINFO_WHY_UNREADABLE,
	PARAMINFO_WHY_REASSIGNED,	/* the code changed what DWARF tracks */
	PARAMINFO_WHY_UNPROVEN,		/* the code proves no register */
	PARAMINFO_WHY_NO_LOCATION,	/* DWARF has no instance with code */
	PARAMINFO_WHY_NR
};

/* Function flags. */
#define PARAMINFO_F_CLONE	0x01	/* foo.isra.0 and friends */
#define PARAMINFO_F_NOCALL	0x02	/* DW_CC_nocall */
#define PARAMINFO_F_COLD	0x04	/* the .cold part of a split */
#define PARAMINFO_F_HIDDEN_RET	0x08	/* the result's address takes the
					 * first argument register (x86-64)
					 */
#define PARAMINFO_F_VARARGS	0x10	/* takes ...: the printer says so */
#define PARAMINFO_F_UNTRUSTED	0x20	/* locations dropped */
#define PARAMINFO_F_RANGES	0x40	/* hot/cold split */
/*
 * The flags a delta prototype keeps: they change how its parameters are
 * read or printed. The others describe one function (its .cold part, a
 * clone) and go in its header, so that such functions share prototypes.
 */
#define PARAMINFO_F_PROTO	(PARAMINFO_F_HIDDEN_RET | PARAMINFO_F_VARARGS)

/*
 * The most parameters a function of a table has. The generator fails on a
 * function with more; the kernel refuses a function record that claims
 * more, as only a damaged table can: the printer decodes parameter i by
 * walking parameters 0 to i, so a huge count would make it quadratic in
 * the count, with interrupts off.
 */
#define PARAMINFO_MAX_PARAMS	128

/* DWARF register numbers a table may name: 0-15 x86-64, 0-30 AArch64. */
#define PARAMINFO_NR_REGS	32
/*
 * A range's register number PARAMINFO_LOC_STACK (AArch64's SP, no
 * x86-64 GPR) says the value is in memory, at the stack pointer's value
 * at that instruction plus the range's offset, at most
 * PARAMINFO_STACK_OFF_MAX bytes; the value is as wide as the parameter,
 * which must be 1 to PARAMINFO_STACK_SIZE_MAX bytes. A decoder refuses
 * (-EINVAL) a stack range with a larger offset or of a parameter of
 * another size; a register range has offset 0. Every encoding stores the
 * offset only for stack ranges.
 */
#define PARAMINFO_LOC_STACK	31
#define PARAMINFO_STACK_OFF_MAX	4095
#define PARAMINFO_STACK_SIZE_MAX	8
#define PARAMINFO_MAX_ARG_REGS	8

struct paraminfo_section {
	__u32 off;
	__u32 size;
};

struct paraminfo_header {
	__u32 magic;		/* PARAMINFO_MAGIC */
	__u16 version;		/* PARAMINFO_VERSION */
	__u16 encoding;		/* enum paraminfo_encoding */
	__u32 size;		/* bytes in the whole table, header included */
	__u32 nfuncs;		/* functions, in address order */
	__u16 machine;		/* ELF e_machine: EM_X86_64, EM_AARCH64 */
	__u8 nargs;		/* integer argument registers, in arg_regs */
	__u8 align_shift;	/* delta: function starts are predicted at
				 * 1 << align_shift bytes; 0 otherwise
				 */
	/*
	 * When non-zero, a function of .init.text ([_sinittext, _einittext))
	 * is stored at offset init_off + (address - _sinittext), and
	 * text_base is _stext: no offset depends on where .init lands.
	 */
	__u32 init_off;
	__u8 arg_regs[PARAMINFO_MAX_ARG_REGS];	/* in order, DWARF numbers */
	__u64 text_base;	/* link address function offsets start from */
	struct paraminfo_section sect[PARAMINFO_MAX_SECTIONS];
};

/*
 * flat: fixed-size records, everything found by index.
 *
 *   ADDRS   u32[nfuncs]		function start - text_base, sorted
 *   FUNCS   paraminfo_flat_func[nfuncs]	parallel to ADDRS
 *   PARAMS  paraminfo_flat_param[]	each function's run of parameters
 *   LOCS    paraminfo_flat_loc[]	each parameter's run of ranges
 *   STRINGS char[]			NUL-terminated, deduplicated
 */
enum {
	PARAMINFO_FLAT_ADDRS,
	PARAMINFO_FLAT_FUNCS,
	PARAMINFO_FLAT_PARAMS,
	PARAMINFO_FLAT_LOCS,
	PARAMINFO_FLAT_STRINGS,
	PARAMINFO_FLAT_NR
};

struct paraminfo_flat_func {
	__u32 size;		/* bytes of code */
	__u32 name;		/* STRINGS offset of the symbol name */
	__u32 param;		/* index of the first parameter in PARAMS */
	__u16 nparams;
	__u16 flags;		/* PARAMINFO_F_* */
};

struct paraminfo_flat_param {
	__u32 name;		/* STRINGS offset */
	__u32 type;		/* STRINGS offset */
	__u32 loc;		/* index of the first range in LOCS */
	__u16 nlocs;
	__u8 abi;		/* enum paraminfo_abi */
	__u8 why;		/* enum paraminfo_why */
	__u8 reg[2];		/* entry registers */
	__u8 size;		/* byte size of the type, 0 when over 15 */
	__u8 pad;
};

struct paraminfo_flat_loc {
	__u32 from;		/* offset from function start */
	__u32 to;		/* exclusive */
	__u8 reg;		/* DWARF register number, or PARAMINFO_LOC_STACK */
	__u8 pad;		/* 0 */
	__u16 off;		/* PARAMINFO_LOC_STACK: bytes above the stack
				 * pointer, at most PARAMINFO_STACK_OFF_MAX;
				 * 0 for a register
				 */
};

/*
 * Varint streams, shared by pool and delta. ULEB128 throughout.
 *
 * A prototype:
 *   uleb flags				PARAMINFO_F_*
 *   uleb nparams << 1 | explicit
 *   per parameter: uleb name id, uleb type id << 4 | size (the type's
 *     byte size, 0 when over 15), and when explicit is set
 *     u8 abi | reg0 << 3, plus u8 reg1 for PARAMINFO_ABI_REG2.
 *   Without explicit, parameter i is PARAMINFO_ABI_REG in the header's
 *   arg_regs[i] (arg_regs[i + 1] with PARAMINFO_F_HIDDEN_RET).
 *
 * delta's prototypes are compact: the header is one
 *   uleb nparams << 2 | has_flags << 1 | explicit, then uleb flags (of
 *   PARAMINFO_F_PROTO only) when has_flags is set,
 * and a parameter's type id has no size bits: the size is the first byte
 * of the type's string, size + 1 (1 to 16), before the type itself.
 *
 * A parameter's ranges:
 *   uleb v				when v >= PARAMINFO_WHY_NR, k = v -
 *					PARAMINFO_WHY_NR: nlocs = (k >> 1) + 1,
 *					and bit 0 of k set says the reason is
 *					PARAMINFO_WHY_REASSIGNED; else no range
 *					and v is the enum paraminfo_why
 *   per range: u8 reg | gap << 5 | len << 6, then uleb gap when the gap
 *   bit is set (from - end of the previous range, or from 0), then uleb
 *   length when len is PARAMINFO_LEN_ULEB, then, when reg is
 *   PARAMINFO_LOC_STACK, uleb offset of the stack slot (at most
 *   PARAMINFO_STACK_OFF_MAX). len 1 and 2 are lengths of 4 and 8 bytes
 *   (one and two AArch64 instructions, common x86-64 ones);
 *   PARAMINFO_LEN_TO_END means the range ends with the function.
 */
#define PARAMINFO_SIZE_MAX	15
#define PARAMINFO_LOC_REG	0x1f
#define PARAMINFO_LOC_GAP	0x20
#define PARAMINFO_LOC_LEN_SHIFT	6
#define PARAMINFO_LEN_ULEB	0
#define PARAMINFO_LEN_UNIT	4	/* len 1 and 2: 4 and 8 bytes */
#define PARAMINFO_LEN_MAX_SHORT	2
#define PARAMINFO_LEN_TO_END	3

/*
 * pool: deduplicated strings and signatures, and a name index.
 *
 *   ADDRS  u32[nfuncs]			start - text_base, sorted
 *   FUNCS  paraminfo_pool_func[nfuncs]	parallel to ADDRS
 *   NAMES  char[]			function and parameter names
 *   TYPES  char[]			type strings
 *   SIGS   u8[]			signatures: a prototype whose name
 *					and type ids are NAMES and TYPES
 *					offsets, each parameter followed by
 *					its ranges; shared between functions
 *   HASH   u32[2^k]			open addressing on xxh32(name, 0):
 *					function index + 1, 0 when empty
 */
enum {
	PARAMINFO_POOL_ADDRS,
	PARAMINFO_POOL_FUNCS,
	PARAMINFO_POOL_NAMES,
	PARAMINFO_POOL_TYPES,
	PARAMINFO_POOL_SIGS,
	PARAMINFO_POOL_HASH,
	PARAMINFO_POOL_NR
};

struct paraminfo_pool_func {
	__u32 size;		/* bytes of code */
	__u32 name;		/* NAMES offset of the symbol name */
	__u32 sig;		/* SIGS offset */
};

/*
 * delta: functions in blocks of PARAMINFO_DELTA_BLOCK, no names (kallsyms
 * has them).
 *
 *   INDEX   paraminfo_delta_block[nblocks]	first start and data offset
 *   PAGES   u32[npages + 1]	for each 16 KiB page of text, the last block
 *				starting at or before the page; then the
 *				last block: a lookup searches only between
 *				pages[p] and pages[p + 1]
 *   DATA    u8[]		per function: uleb n << 2 | has_flags << 1 |
 *				gap_follows, where n is the bytes of the
 *				ranges after the header (so a lookup skips
 *				them unread); with gap_follows, uleb gap from
 *				the previous function's end (from the block
 *				start for the first), else the function
 *				starts at the next multiple of
 *				1 << header.align_shift; with has_flags, uleb
 *				flags outside PARAMINFO_F_PROTO; uleb size,
 *				uleb prototype id; then each parameter's
 *				ranges as a bit stream (below), padded with
 *				zero bits to a byte
 *   PROTOS  u8[]		prototypes, by frequency; name and type ids
 *				are string ids
 *   PROTOIDX u32[]		PROTOS offset of prototypes 0, S, 2S, ...
 *				(S = PARAMINFO_DELTA_IDX_STEP): prototype id
 *				is found by skipping id % S prototypes
 *   STRIDX  u32[]		STRINGS offset of strings 0, S, 2S, ...:
 *				string id is found by skipping id % S strings
 *   STRINGS char[]		strings by frequency, NUL-terminated; a
 *				type's starts with its size + 1
 */
#define PARAMINFO_DELTA_BLOCK		16
#define PARAMINFO_DELTA_IDX_STEP	16
#define PARAMINFO_DELTA_MAX_ALIGN_SHIFT	12

/*
 * delta's ranges: a bit stream, bit i of it bit (i % 8) of byte i / 8, a
 * field of n bits read most significant bit first. eg(k) is an order-k
 * exponential-Golomb number: z zero bits, a one bit, z more bits b, then
 * k bits l; the value is ((1 << z | b) - 1) << k | l, with z at most
 * PARAMINFO_DELTA_EG_MAX_ZEROS. Per parameter:
 *
 *   1 bit: 1 when it has ranges, then eg(0) nlocs - 1 and 1 bit that says
 *     the reason is PARAMINFO_WHY_REASSIGNED (else PARAMINFO_WHY_REG);
 *     0 when it has none, then 4 bits of enum paraminfo_why
 *   per range:
 *     register: 0 - the parameter's entry register reg[0];
 *       10 - the register of its last range in another register;
 *       11 - 5 bits of register number; before any range in another
 *       register, 1 - 5 bits of register number
 *     offset: when the register is PARAMINFO_LOC_STACK, however it was
 *       coded, eg(PARAMINFO_DELTA_K_STACK) offset of the stack slot
 *     gap: 0 - the range starts where the previous one ended (at 0 for
 *       the first); 1 - then eg(PARAMINFO_DELTA_K_GAP) gap - 1
 *     end: 1 - the range ends with the function; 0 - then
 *       eg(PARAMINFO_DELTA_K_LEN) length - 1
 *
 * A parameter is mostly in its entry register from 0, then in one
 * callee-saved register: two or three bits choose those, and the lengths,
 * mostly 16 to 255 bytes, take 7 to 11 bits. Stack offsets are mostly
 * multiples of 8 below 128 (x86-64: 0, 8, 16, 24 first; arm64: 8, 104,
 * 16, 40): eg(4) takes 5 bits below 16 and 7 to 16..47. Over both
 * reference vmlinux files k = 4 takes the fewest bits, and k = 2 to 6
 * are within 5% of it.
 */
#define PARAMINFO_DELTA_K_GAP		4
#define PARAMINFO_DELTA_K_LEN		5
#define PARAMINFO_DELTA_K_STACK		4
#define PARAMINFO_DELTA_EG_MAX_ZEROS	24
#define PARAMINFO_DELTA_REG_BITS	5
#define PARAMINFO_DELTA_WHY_BITS	4	/* PARAMINFO_WHY_NR <= 16 */
#define PARAMINFO_DELTA_PAGE_SHIFT	14

enum {
	PARAMINFO_DELTA_INDEX,
	PARAMINFO_DELTA_PAGES,
	PARAMINFO_DELTA_DATA,
	PARAMINFO_DELTA_PROTOS,
	PARAMINFO_DELTA_PROTOIDX,
	PARAMINFO_DELTA_STRIDX,
	PARAMINFO_DELTA_STRINGS,
	PARAMINFO_DELTA_NR
};

struct paraminfo_delta_block {
	__u32 start;		/* first function's start - text_base */
	__u32 data;		/* DATA offset */
};

/*
 * Unwind rows: section PARAMINFO_SECT_UNWIND of every encoding, one
 * layout for all (encode_unwind.c, decode_unwind.c). Size 0: the table
 * has no rows. A row says, over bytes [from, to) of a function, that the
 * CFA is the stack pointer plus cfa, that the caller's value of each
 * saved register is in memory at CFA - off, that the preserved registers
 * of lost have no known value, and that every other register of the
 * header's preserved mask and its ra column still holds the caller's.
 *
 * Functions mostly share their sequence of rows but for where the rows
 * start and end (the same prologue, body and epilogue states), and rows
 * mostly share their saved registers but for the CFA, so rows are stored
 * as three dictionaries and one stream:
 *
 *   struct paraminfo_unwind_header
 *   BLOCKS  u32[ceil(nfuncs / PARAMINFO_UNWIND_BLOCK)]	ROWS offset of
 *			functions 0, B, 2B, ... (B = PARAMINFO_UNWIND_BLOCK)
 *   SAVEIDX u32[ceil(nsaves / PARAMINFO_UNWIND_IDX_STEP)]	SAVES
 *			offset of saved sets 0, S, 2S, ...
 *   SHAPEIDX u32[ceil(nshapes / PARAMINFO_UNWIND_IDX_STEP)]	SHAPES
 *			offset of shapes 0, S, 2S, ...
 *   SEQIDX  u32[ceil(nseqs / PARAMINFO_UNWIND_IDX_STEP)]	SEQS offset
 *			of sequences 0, S, 2S, ...
 *   SAVES   u8[]	at header.saves: per distinct set of saved
 *			registers, most used first: uleb nsaved (at most
 *			PARAMINFO_UNWIND_SAVED), then per saved register, by
 *			register number: u8 reg (below PARAMINFO_NR_REGS),
 *			uleb off
 *   SHAPES  u8[]	at header.shapes: per distinct (cfa, lost, saved
 *			set), most used first: uleb cfa, uleb lost, uleb
 *			saved set id
 *   SEQS    u8[]	at header.seqs: per distinct sequence of shapes,
 *			most used first: uleb nrows, then per row uleb
 *			shape id << 2 | gap << 1 | end; gap: the row starts
 *			after a gap, end: it ends with the function (only
 *			the last row may)
 *   ROWS    u8[]	at header.rows, to the section's end: per function
 *			in address order, uleb sequence id, then per row
 *			with gap uleb skip - 1, where skip is from - the
 *			previous row's to (or from, for the first row),
 *			and without end uleb len - 1, where len is to -
 *			from; skip and len in units of 1 << header.shift
 *			bytes
 *
 * All offsets are from the section's start. A lookup skips at most B - 1
 * functions of its block, each by its sequence's rows, and at most S - 1
 * entries of each dictionary. On the reference vmlinux files
 * (Documentation/admin-guide/paraminfo-encodings.rst) the section takes
 * 5.23 bytes per function on x86-64 and 10.27 on arm64, most of it the
 * row bounds.
 */
#define PARAMINFO_SECT_UNWIND		7
#define PARAMINFO_UNWIND_SAVED		16
#define PARAMINFO_UNWIND_BLOCK		16
#define PARAMINFO_UNWIND_IDX_STEP	16
#define PARAMINFO_UNWIND_OFF_MAX	0xffff	/* cfa and saved offsets */
#define PARAMINFO_UNWIND_SHIFT_MAX	2

struct paraminfo_unwind_header {
	__u8 ra;		/* DWARF's return address column */
	__u8 shift;		/* row bounds in units of 1 << shift bytes */
	__u8 pad[2];		/* 0 */
	__u32 preserved;	/* registers a call preserves, but sp */
	__u32 nsaves;
	__u32 nshapes;
	__u32 nseqs;
	__u32 saves;		/* SAVES offset in the section */
	__u32 shapes;		/* SHAPES offset */
	__u32 seqs;		/* SEQS offset */
	__u32 rows;		/* ROWS offset */
};

/*
 * A module's table: the .paraminfo section of a .ko. A module is linked
 * relocatable, so its functions have no addresses yet: the header names
 * the module's text sections, in address order as if laid end to end, and
 * the table proper (of any encoding, at table_off, 8-byte aligned) stores
 * a function at text_base + off + its offset in its section. When the
 * module loads, the kernel finds each section by name among the module's
 * and writes where it was loaded in addr (0 on disk), before the section
 * becomes read-only; nothing depends on a base address.
 */
#define PARAMINFO_MODULE_MAGIC		0x4d4e4950	/* "PINM" */
#define PARAMINFO_MODULE_MAX_SECTS	16
#define PARAMINFO_MODULE_NAME_LEN	24

struct paraminfo_module_sect {
	char name[PARAMINFO_MODULE_NAME_LEN];	/* NUL-terminated, ".text" */
	__u64 addr;		/* where it was loaded: 0 on disk */
	__u32 off;		/* table offset of its first byte */
	__u32 size;		/* its bytes */
};

struct paraminfo_module_header {
	__u32 magic;		/* PARAMINFO_MODULE_MAGIC */
	__u16 version;		/* PARAMINFO_VERSION */
	__u16 nsects;		/* at most PARAMINFO_MODULE_MAX_SECTS */
	__u32 table_off;	/* from this header, 8-byte aligned */
	__u32 table_size;
	struct paraminfo_module_sect sect[];
};

#endif /* _LINUX_PARAMINFO_FORMAT_H */
