/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The parameter block of one register dump from a log, as the kernel's
 * printer would have printed it with the table gen_paraminfo makes.
 * Host only: it runs kernel/paraminfo's decoder and printer.
 */
#ifndef PI_OOPSBLOCK_H
#define PI_OOPSBLOCK_H

#include <stdbool.h>
#include <stdint.h>

#include <linux/paraminfo.h>

#include "encode.h"
#include "flow.h"
#include "kmod.h"
#include "oopslog.h"
#include "reader.h"

#define PI_BLOCK_LINES	(1 + PARAMINFO_MAX_PARAMS)
#define PI_BLOCK_WIDTH	512

/* What became of a register dump. */
enum pi_status {
	PI_BLK_DECODED,		/* a block */
	PI_BLK_NONE,		/* no function of the table: no block */
	PI_BLK_WRONG_BUILD,	/* the log and VMLINUX disagree */
	PI_BLK_TRUNCATED,	/* registers missing from the dump */
	PI_BLK_NO_REG,		/* a value is in a register the log lacks */
	PI_BLK_MODULE,		/* a module's function */
	PI_BLK_AMBIGUOUS,	/* same name and size, different blocks */
	PI_BLK_INTERLEAVED,	/* mixed with another dump's lines */
	PI_BLK_NR
};

extern const char * const pi_status_names[PI_BLK_NR];

/* A complete register dump and what the log said it is about. */
struct pi_dump {
	struct pi_logpc pc;
	uint64_t gpr[32];
	uint32_t have;
	bool trapped;		/* an oops, BUG or WARN: not "interrupted" */
	bool fault;		/* a page fault at fault_addr */
	uint64_t fault_addr;
};

struct pi_param_out {
	int reg;		/* where the value is, or -1 */
	int stack;		/* or the offset of its stack slot, or -1 */
	uint64_t value;		/* masked to the parameter's size */
	unsigned int size;	/* of the value printed: 1 to 8 bytes */
	bool byref;
	char name[64];
	char type[128];
};

struct pi_block {
	enum pi_status status;
	bool fault;			/* the printer's fault address, if any */
	uint64_t fault_addr;
	char why[256];			/* for a refusal */
	unsigned int nlines;
	char lines[PI_BLOCK_LINES][PI_BLOCK_WIDTH];
	unsigned int nparams;
	struct pi_param_out params[PARAMINFO_MAX_PARAMS];
};

/* A function by the name kallsyms prints. */
struct pi_name {
	const char *name;
	uint64_t addr;
};

/* The model of one ELF file, vmlinux or a module, and its proof. */
struct pi_image {
	struct pi_model m;
	struct pi_flow fl;
	uint8_t *proven;
};

/* A module a log names, as the decoder found it, or why it did not. */
struct pi_module {
	char name[PI_LOG_MOD_LEN];	/* as the log prints it */
	char *path;
	struct pi_kmod km;
	struct pi_image img;
	bool ok;
	bool flow;			/* img.fl set up */
	enum pi_status status;		/* when not ok */
	char why[512];
};

struct pi_decoder {
	struct pi_elf pe;
	struct pi_image vm;
	const struct pi_logfmt *fmt;
	struct pi_name *names;
	size_t nnames;
	const char *moddir;		/* NULL: no modules */
	struct pi_module **mods;
	size_t nmods;
};

void pi_decoder_open(struct pi_decoder *dc, const char *vmlinux,
		     const char *moddir);
void pi_decoder_block(struct pi_decoder *dc, const struct pi_dump *dump,
		      struct pi_block *b);
bool pi_block_same(const struct pi_block *a, const struct pi_block *b);
bool pi_block_line_same(const struct pi_block *b, unsigned int i,
			const char *kernel);
void pi_decoder_close(struct pi_decoder *dc);

#endif /* PI_OOPSBLOCK_H */
