// SPDX-License-Identifier: GPL-2.0
/*
 * The parameter block of a register dump read from a log: the function is
 * found by the name, offset and size the log prints (kallsyms' names and
 * sizes, which KASLR does not change), proven from VMLINUX's machine code
 * as gen_paraminfo proves it, encoded alone in the flat encoding, and
 * printed by kernel/paraminfo/print.c from the registers of the log. So
 * the block is the one the kernel's own table would have printed.
 *
 * The DWARF of every function is read, for the proof needs to know which
 * call targets are C functions; only the functions a log names are proven.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "oopsblock.h"
#include "util.h"

const char * const pi_status_names[PI_BLK_NR] = {
	"decoded", "not_in_table", "wrong_build", "truncated",
	"register_not_in_log", "module", "ambiguous", "interleaved",
};

static int pi_name_cmp(const void *a, const void *b)
{
	const struct pi_name *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	return c ? c : x->addr < y->addr ? -1 : x->addr > y->addr;
}

/*
 * Every function and assembler label by name. A log names a function as
 * kallsyms does, one name per address; an alias is kept too, so that a
 * name the file has is never taken for one from another build.
 */
static void pi_names_build(struct pi_decoder *dc)
{
	const struct pi_elf *pe = &dc->pe;
	size_t i;

	dc->names = pi_alloc((pe->nsyms + pe->nlabels + 1) * sizeof(*dc->names));
	for (i = 0; i < pe->nsyms; i++)
		dc->names[dc->nnames++] = (struct pi_name){
			pe->syms[i].name, pe->syms[i].addr,
		};
	for (i = 0; i < pe->nlabels; i++)
		dc->names[dc->nnames++] = (struct pi_name){
			pe->labels[i].name, pe->labels[i].addr,
		};
	qsort(dc->names, dc->nnames, sizeof(*dc->names), pi_name_cmp);
}

/**
 * pi_decoder_open() - read a vmlinux for decoding logs
 * @dc: the decoder
 * @vmlinux: the vmlinux with DWARF the log's kernel was built as
 *
 * Dies with a clear message when the file cannot be used: not an ELF file
 * of a supported machine, no DWARF, split DWARF, no code.
 */
void pi_decoder_open(struct pi_decoder *dc, const char *vmlinux)
{
	memset(dc, 0, sizeof(*dc));
	pi_input = vmlinux;
	pi_elf_open(&dc->pe, vmlinux);
	pi_dwarf_read(&dc->pe, &dc->m);
	dc->fmt = dc->m.target->log;
	dc->proven = pi_alloc(dc->m.nfuncs + 1);
	pi_flow_begin(&dc->fl, &dc->pe, &dc->m);
	pi_names_build(dc);
}

/**
 * pi_decoder_close() - release what pi_decoder_open() holds
 * @dc: the decoder
 */
void pi_decoder_close(struct pi_decoder *dc)
{
	pi_flow_end(&dc->fl);
	free(dc->names);
	free(dc->proven);
	pi_model_free(&dc->m);
	pi_elf_close(&dc->pe);
}

/* The model function whose code holds @addr, or NULL. */
static struct pi_func *pi_func_holding(struct pi_decoder *dc, uint64_t addr)
{
	size_t lo = 0, hi = dc->m.nfuncs;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (dc->m.funcs[mid].addr <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!lo || addr - dc->m.funcs[lo - 1].addr >= dc->m.funcs[lo - 1].size)
		return NULL;
	return &dc->m.funcs[lo - 1];
}

/* Prove @f (and its other parts) once, as gen_paraminfo would. */
static void pi_prove(struct pi_decoder *dc, struct pi_func *f)
{
	size_t i;

	if (dc->proven[f - dc->m.funcs])
		return;
	pi_flow_func(&dc->fl, f);
	for (i = 0; i < dc->m.nfuncs; i++)
		if (dc->m.funcs[i].group == f->group)
			dc->proven[i] = 1;
}

static int pi_part_cmp(const void *a, const void *b)
{
	const struct pi_func *x = a, *y = b;

	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

/* The table gen_paraminfo would make of @f's function alone, flat. */
static void pi_table_of(struct pi_decoder *dc, struct pi_func *f,
			struct pi_buf *table, struct paraminfo_table *t)
{
	struct pi_model sub = { .target = dc->m.target };
	size_t i;

	sub.funcs = pi_alloc(PI_FLOW_MAX_PARTS * sizeof(*sub.funcs));
	for (i = 0; i < dc->m.nfuncs && sub.nfuncs < PI_FLOW_MAX_PARTS; i++)
		if (dc->m.funcs[i].group == f->group)
			sub.funcs[sub.nfuncs++] = dc->m.funcs[i];
	qsort(sub.funcs, sub.nfuncs, sizeof(*sub.funcs), pi_part_cmp);
	sub.cap = sub.nfuncs;
	pi_encoder_flat.encode(&sub, table);
	free(sub.funcs);
	if (paraminfo_table_init(t, table->data, table->len,
				 &paraminfo_decoder_flat))
		pi_die("the flat encoder made a table its decoder refuses");
}

static void pi_block_line(void *ctx, const char *line)
{
	struct pi_block *b = ctx;

	if (b->nlines < PI_BLOCK_LINES)
		snprintf(b->lines[b->nlines++], PI_BLOCK_WIDTH, "%s", line);
}

static void __printf(2, 3) pi_refuse(struct pi_block *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(b->why, sizeof(b->why), fmt, ap);
	va_end(ap);
}

/* A register the dump prints as a number: only those are known. */
static bool pi_printed(const struct pi_decoder *dc, int reg)
{
	return reg >= 0 && reg < dc->m.target->nregs && dc->fmt->regs[reg];
}

/* Each parameter's register and value at @off, for --json. */
static void pi_block_params(const struct pi_decoder *dc,
			    const struct paraminfo_table *t,
			    const struct paraminfo_func *f, u32 off,
			    const struct paraminfo_regs *r, struct pi_block *b)
{
	struct paraminfo_param p;
	unsigned int i;

	for (i = 0; i < f->nparams && !paraminfo_param(t, f, i, &p); i++) {
		struct pi_param_out *o = &b->params[b->nparams++];
		unsigned int size = p.size && p.size < 8 ? p.size : 8;

		o->reg = paraminfo_reg_at(t, f, &p, off);
		o->value = o->reg >= 0 ? r->gpr[o->reg] : 0;
		if (size < 8)
			o->value &= (1ULL << (size * 8)) - 1;
		o->size = size;
		o->byref = p.abi == PARAMINFO_ABI_BYREF;
		snprintf(o->name, sizeof(o->name), "%s", p.name);
		snprintf(o->type, sizeof(o->type), "%s", p.type);
	}
}

/* The block for @dump at @addr, its function's address in VMLINUX. */
static void pi_block_at(struct pi_decoder *dc, const struct pi_dump *dump,
			uint64_t addr, struct pi_block *b)
{
	uint64_t pc = addr + dump->pc.off;
	struct pi_func *mf = pi_func_holding(dc, pc);
	struct paraminfo_regs r = { .nr = 0 };
	struct paraminfo_table t;
	struct paraminfo_param p;
	struct paraminfo_func f;
	struct pi_buf table = { 0 };
	unsigned int i;
	int reg;

	memset(b, 0, sizeof(*b));
	b->status = PI_BLK_NONE;
	if (!mf)
		return;
	pi_prove(dc, mf);
	pi_table_of(dc, mf, &table, &t);
	if (paraminfo_find(&t, pc, &f))
		goto out;
	for (i = 0; i < f.nparams && !paraminfo_param(&t, &f, i, &p); i++) {
		reg = paraminfo_reg_at(&t, &f, &p, pc - f.addr);
		if (reg >= 0 && !pi_printed(dc, reg)) {
			b->status = PI_BLK_NO_REG;
			pi_refuse(b, "%s is in %s, which the dump does not print as a number",
				  p.name, pi_reg_name(dc->m.target, reg));
			goto out;
		}
	}
	for (i = 0; i < 32 && i < PARAMINFO_NR_REGS; i++)
		r.gpr[i] = dump->gpr[i];
	r.names = dc->m.target->reg_names;
	r.nr = dc->m.target->nregs;
	r.pc = pc;
	r.fault = dump->trapped && dump->fault;
	r.fault_addr = dump->fault_addr;
	b->status = PI_BLK_DECODED;
	snprintf(b->lines[0], PI_BLOCK_WIDTH, "Function parameters (%s%s):%s",
		 dump->pc.text, dump->trapped ? "" : ", interrupted",
		 f.nparams ? "" : " none");
	b->nlines = 1;
	paraminfo_print_params(&t, &f, pc - f.addr, &r, pi_block_line, b);
	pi_block_params(dc, &t, &f, pc - f.addr, &r, b);
out:
	pi_buf_free(&table);
}

/**
 * pi_block_same() - do two blocks print the same?
 * @a: one
 * @b: the other
 *
 * Return: true when they have the same status and lines.
 */
bool pi_block_same(const struct pi_block *a, const struct pi_block *b)
{
	unsigned int i;

	if (a->status != b->status || a->nlines != b->nlines)
		return false;
	for (i = 0; i < a->nlines; i++)
		if (strcmp(a->lines[i], b->lines[i]))
			return false;
	return true;
}

/**
 * pi_decoder_block() - the parameter block of one register dump
 * @dc: the decoder
 * @dump: the dump, complete or not
 * @b: receives the block, or the reason there is none
 *
 * A name VMLINUX lacks, or has only with another size, proves that the
 * log is from another build: no block. Of several functions with the
 * log's name and size, all must print the same block.
 */
void pi_decoder_block(struct pi_decoder *dc, const struct pi_dump *dump,
		      struct pi_block *b)
{
	struct pi_block *other;
	const char *name = dump->pc.sym;
	size_t i, lo, hi, found = 0, sized = 0;
	uint32_t want = 0;
	uint64_t size = 0;

	memset(b, 0, sizeof(*b));
	for (i = 0; i < 32; i++)
		if (pi_printed(dc, i))
			want |= 1u << i;
	if ((dump->have & want) != want) {
		b->status = PI_BLK_TRUNCATED;
		pi_refuse(b, "the register dump is incomplete");
		return;
	}
	if (dump->pc.mod[0]) {
		b->status = PI_BLK_MODULE;
		pi_refuse(b, "module functions are not supported yet");
		return;
	}
	for (lo = 0, hi = dc->nnames; lo < hi;) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(dc->names[mid].name, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	other = pi_alloc(sizeof(*other));
	for (i = lo; i < dc->nnames && !strcmp(dc->names[i].name, name); i++) {
		found++;
		size = pi_elf_kallsyms_size(&dc->pe, dc->names[i].addr);
		if (size != dump->pc.size || dump->pc.off >= size)
			continue;
		if (!sized++) {
			pi_block_at(dc, dump, dc->names[i].addr, b);
			continue;
		}
		pi_block_at(dc, dump, dc->names[i].addr, other);
		if (!pi_block_same(b, other)) {
			memset(b, 0, sizeof(*b));
			b->status = PI_BLK_AMBIGUOUS;
			pi_refuse(b, "VMLINUX has several %s of size 0x%llx, with other parameters here",
				  name, (unsigned long long)dump->pc.size);
			break;
		}
	}
	free(other);
	if (!found) {
		b->status = PI_BLK_WRONG_BUILD;
		pi_refuse(b, "VMLINUX has no function %s: the log is from another build",
			  name);
	} else if (!sized) {
		b->status = PI_BLK_WRONG_BUILD;
		pi_refuse(b, "%s is 0x%llx bytes in the log, 0x%llx in VMLINUX: the log is from another build",
			  name, (unsigned long long)dump->pc.size,
			  (unsigned long long)size);
	}
}
