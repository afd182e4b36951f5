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
 *
 * A module's function ("foo+0x5/0xe [mod]") is read from mod.ko, found
 * under MODULES_DIR and read once, as gen_paraminfo reads a module
 * (kmod.c): its own model and proof, in libdwfl's layout of its sections.
 */
#define _GNU_SOURCE	/* asprintf() */
#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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
void pi_decoder_open(struct pi_decoder *dc, const char *vmlinux,
		     const char *moddir)
{
	memset(dc, 0, sizeof(*dc));
	pi_input = vmlinux;
	pi_elf_open(&dc->pe, vmlinux);
	pi_dwarf_read(&dc->pe, &dc->vm.m);
	dc->fmt = dc->vm.m.target->log;
	dc->vm.proven = pi_alloc(dc->vm.m.nfuncs + 1);
	pi_flow_begin(&dc->vm.fl, &dc->pe, &dc->vm.m);
	pi_names_build(dc);
	dc->moddir = moddir;
}

/* Release what a module holds, however far reading it got. */
static void pi_module_release(struct pi_module *mod)
{
	if (mod->flow)
		pi_flow_end(&mod->img.fl);
	mod->flow = false;
	free(mod->img.proven);
	mod->img.proven = NULL;
	pi_model_free(&mod->img.m);
	pi_kmod_close(&mod->km);
}

/**
 * pi_decoder_close() - release what pi_decoder_open() holds
 * @dc: the decoder
 */
void pi_decoder_close(struct pi_decoder *dc)
{
	size_t i;

	for (i = 0; i < dc->nmods; i++) {
		pi_module_release(dc->mods[i]);
		free(dc->mods[i]->path);
		free(dc->mods[i]);
	}
	free(dc->mods);
	pi_flow_end(&dc->vm.fl);
	free(dc->names);
	free(dc->vm.proven);
	pi_model_free(&dc->vm.m);
	pi_elf_close(&dc->pe);
}

/* The model function whose code holds @addr, or NULL. */
static struct pi_func *pi_func_holding(struct pi_image *img, uint64_t addr)
{
	size_t lo = 0, hi = img->m.nfuncs;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (img->m.funcs[mid].addr <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!lo || addr - img->m.funcs[lo - 1].addr >= img->m.funcs[lo - 1].size)
		return NULL;
	return &img->m.funcs[lo - 1];
}

/* Prove @f (and its other parts) once, as gen_paraminfo would. */
static void pi_prove(struct pi_image *img, struct pi_func *f)
{
	size_t i;

	if (img->proven[f - img->m.funcs])
		return;
	pi_flow_func(&img->fl, f);
	for (i = 0; i < img->m.nfuncs; i++)
		if (img->m.funcs[i].group == f->group)
			img->proven[i] = 1;
}

static int pi_part_cmp(const void *a, const void *b)
{
	const struct pi_func *x = a, *y = b;

	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

/* The table gen_paraminfo would make of @f's function alone, flat. */
static void pi_table_of(const struct pi_image *img, struct pi_func *f,
			struct pi_buf *table, struct paraminfo_table *t)
{
	struct pi_model sub = { .target = img->m.target };
	size_t i;

	sub.funcs = pi_alloc(PI_FLOW_MAX_PARTS * sizeof(*sub.funcs));
	for (i = 0; i < img->m.nfuncs && sub.nfuncs < PI_FLOW_MAX_PARTS; i++)
		if (img->m.funcs[i].group == f->group)
			sub.funcs[sub.nfuncs++] = img->m.funcs[i];
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
	return reg >= 0 && reg < dc->vm.m.target->nregs && dc->fmt->regs[reg];
}

/*
 * The register that holds @p at @off, or -1: none, or a stack slot, whose
 * offset is then in @stack (else -1).
 */
static int pi_reg_at(const struct paraminfo_table *t,
		     const struct paraminfo_func *f,
		     const struct paraminfo_param *p, u32 off, int *stack)
{
	struct paraminfo_loc l;

	*stack = -1;
	if (paraminfo_loc_at(t, f, p, off, &l))
		return -1;
	if (l.reg == PARAMINFO_LOC_STACK) {
		*stack = l.off;
		return -1;
	}
	return l.reg;
}

/*
 * Each parameter's register and value at @off, for --json; a stack
 * slot's offset, with no value: a log has no memory.
 */
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

		o->reg = pi_reg_at(t, f, &p, off, &o->stack);
		o->value = o->reg >= 0 ? r->gpr[o->reg] : 0;
		if (size < 8)
			o->value &= (1ULL << (size * 8)) - 1;
		o->size = size;
		o->byref = p.abi == PARAMINFO_ABI_BYREF;
		snprintf(o->name, sizeof(o->name), "%s", p.name);
		snprintf(o->type, sizeof(o->type), "%s", p.type);
	}
}

/* The block for @dump at @addr, its function's address in @img. */
static void pi_block_at(struct pi_decoder *dc, struct pi_image *img,
			const struct pi_dump *dump, uint64_t addr,
			struct pi_block *b)
{
	uint64_t pc = addr + dump->pc.off;
	struct pi_func *mf = pi_func_holding(img, pc);
	struct paraminfo_regs r = { .nr = 0 };
	struct paraminfo_table t;
	struct paraminfo_param p;
	struct paraminfo_func f;
	struct pi_buf table = { 0 };
	unsigned int i;
	int reg, stack;

	memset(b, 0, sizeof(*b));
	b->status = PI_BLK_NONE;
	if (!mf)
		return;
	pi_prove(img, mf);
	pi_table_of(img, mf, &table, &t);
	if (paraminfo_find(&t, pc, &f))
		goto out;
	for (i = 0; i < f.nparams && !paraminfo_param(&t, &f, i, &p); i++) {
		reg = pi_reg_at(&t, &f, &p, pc - f.addr, &stack);
		if (reg >= 0 && !pi_printed(dc, reg)) {
			b->status = PI_BLK_NO_REG;
			pi_refuse(b, "%s is in %s, which the dump does not print as a number",
				  p.name, pi_reg_name(dc->vm.m.target, reg));
			goto out;
		}
	}
	for (i = 0; i < 32 && i < PARAMINFO_NR_REGS; i++)
		r.gpr[i] = dump->gpr[i];
	r.names = dc->vm.m.target->reg_names;
	r.nr = dc->vm.m.target->nregs;
	r.pc = pc;
	/*
	 * A log has the stack pointer (x86's RSP, arm64's sp), never the
	 * stack: no reader, so a stack slot is named, not read.
	 */
	r.sp = dump->gpr[dc->vm.m.target->sp];
	r.read = NULL;
	r.fault = dump->trapped && dump->fault;
	r.fault_addr = dump->fault_addr;
	b->fault = r.fault;
	b->fault_addr = r.fault_addr;
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

/*
 * The length of what the kernel prints for stack slot @o, read:
 * "0x" and @o->size bytes in hex, "  [stack sp+N]", and the fault marker
 * when @b's printer had that fault address; 0 when @s is not that.
 */
static size_t pi_stack_value(const struct pi_block *b,
			     const struct pi_param_out *o, const char *s)
{
	static const char marker[] = "  <-- fault address";
	unsigned long long v = 0;
	size_t n, len = 2 + 2 * o->size;
	char tail[32];

	if (strncmp(s, "0x", 2) || strlen(s) < len)
		return 0;
	for (n = 2; n < len; n++) {
		if (!strchr("0123456789abcdef", s[n]) || !s[n])
			return 0;
		v = v << 4 | (s[n] <= '9' ? s[n] - '0' : s[n] - 'a' + 10);
	}
	snprintf(tail, sizeof(tail), "  [stack sp+%d]", o->stack);
	if (strncmp(s + len, tail, strlen(tail)))
		return 0;
	len += strlen(tail);
	if (b->fault && o->size == 8 && v == b->fault_addr) {
		if (strcmp(s + len, marker))
			return 0;
		len += strlen(marker);
	}
	return len;
}

/**
 * pi_block_line_same() - is a kernel's line the decoder's line of a block?
 * @b: the decoder's block
 * @i: the line's index in it: 0 the header, then one per parameter
 * @kernel: the line the kernel printed there
 *
 * Equal, or equal but where the decoder, which has no stack memory,
 * prints a stack slot's "<on the stack at sp+N>": there the kernel's line
 * may have what it read, "0x...  [stack sp+N]" with as many digits as the
 * parameter has bytes (and "  <-- fault address" exactly when that is the
 * fault address). No other difference is accepted.
 *
 * Return: true when the kernel's line is the decoder's.
 */
bool pi_block_line_same(const struct pi_block *b, unsigned int i,
			const char *kernel)
{
	const struct pi_param_out *o;
	char want[48];
	size_t pre;

	if (i >= b->nlines)
		return false;
	if (!strcmp(b->lines[i], kernel))
		return true;
	if (!i || i > b->nparams || b->params[i - 1].stack < 0)
		return false;
	o = &b->params[i - 1];
	snprintf(want, sizeof(want), " = <on the stack at sp+%d>", o->stack);
	pre = strlen(b->lines[i]);
	if (pre < strlen(want) || strcmp(b->lines[i] + pre - strlen(want), want))
		return false;
	pre -= strlen(want) - 3;
	return !strncmp(b->lines[i], kernel, pre) &&
	       pi_stack_value(b, o, kernel + pre) == strlen(kernel + pre);
}

/* File names as modprobe compares them: '-' and '_' are one. */
static bool pi_modname_eq(const char *a, const char *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		char x = a[i] == '-' ? '_' : a[i], y = b[i] == '-' ? '_' : b[i];

		if (x != y || !x)
			return x == y;
	}
	return true;
}

/*
 * Look for @name.ko below @dir, not following symbolic links to
 * directories (a modules tree's build link is a kernel tree): the path,
 * malloc()ed, or NULL. A compressed module sets @packed instead.
 */
static char *pi_module_find(const char *dir, const char *name, int depth,
			    char **packed)
{
	static const char * const exts[] = { ".ko.xz", ".ko.zst", ".ko.gz" };
	size_t len = strlen(name), i;
	struct dirent *de;
	char *path, *found = NULL;
	struct stat st;
	DIR *d;

	d = depth < 16 ? opendir(dir) : NULL;
	while (d && !found && (de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		if (asprintf(&path, "%s/%s", dir, de->d_name) < 0)
			pi_die("out of memory");
		if (lstat(path, &st)) {
			free(path);
			continue;
		}
		if (S_ISDIR(st.st_mode)) {
			found = pi_module_find(path, name, depth + 1, packed);
			free(path);
			continue;
		}
		if (pi_modname_eq(de->d_name, name, len) &&
		    !strcmp(de->d_name + len, ".ko")) {
			found = path;
			continue;
		}
		for (i = 0; i < ARRAY_SIZE(exts); i++)
			if (pi_modname_eq(de->d_name, name, len) &&
			    !strcmp(de->d_name + len, exts[i]) && !*packed) {
				*packed = path;
				path = NULL;
			}
		free(path);
	}
	if (d)
		closedir(d);
	return found;
}

/* Read @mod's file, catching what would end the run. */
static void pi_module_read(struct pi_decoder *dc, struct pi_module *mod)
{
	struct pi_catch c;
	const char *input = pi_input;

	pi_input = mod->path;
	pi_catcher = &c;
	if (setjmp(c.env)) {
		/* Type names memoised by DIE offset are this file's. */
		pi_types_reset();
		pi_module_release(mod);
		mod->status = PI_BLK_MODULE;
		snprintf(mod->why, sizeof(mod->why), "%s: %s", mod->path, c.msg);
		pi_input = input;
		return;
	}
	pi_kmod_open(&mod->km, mod->path);
	if (pi_elf_machine(&mod->km.pe) != pi_elf_machine(&dc->pe))
		pi_die("the module is for another architecture than VMLINUX");
	pi_kmod_read(&mod->km, &mod->img.m);
	mod->img.proven = pi_alloc(mod->img.m.nfuncs + 1);
	pi_flow_begin(&mod->img.fl, &mod->km.pe, &mod->img.m);
	mod->flow = true;
	pi_catcher = NULL;
	pi_input = input;
	mod->ok = true;
}

/* The module the log calls @name, read once; its why says what failed. */
static struct pi_module *pi_module_get(struct pi_decoder *dc, const char *name)
{
	struct pi_module *mod;
	char *packed = NULL;
	size_t i;

	for (i = 0; i < dc->nmods; i++)
		if (!strcmp(dc->mods[i]->name, name))
			return dc->mods[i];
	mod = pi_alloc(sizeof(*mod));
	snprintf(mod->name, sizeof(mod->name), "%s", name);
	dc->mods = pi_realloc(dc->mods, dc->nmods + 1, sizeof(*dc->mods));
	dc->mods[dc->nmods++] = mod;
	mod->status = PI_BLK_MODULE;
	if (!dc->moddir) {
		snprintf(mod->why, sizeof(mod->why), "a function of module %s: give MODULES_DIR, where %s.ko is, to decode it",
			 name, name);
		return mod;
	}
	mod->path = pi_module_find(dc->moddir, name, 0, &packed);
	if (!mod->path && packed)
		snprintf(mod->why, sizeof(mod->why), "%s is compressed: decompress it (xz -d, zstd -d, gunzip) to decode module %s",
			 packed, name);
	else if (!mod->path)
		snprintf(mod->why, sizeof(mod->why), "no %s.ko under %s (MODULES_DIR)",
			 name, dc->moddir);
	else
		pi_module_read(dc, mod);
	free(packed);
	return mod;
}

/* A function of the log's name and size, and the image it is in. */
struct pi_cand {
	uint64_t addr;
	uint64_t size;		/* kallsyms', or at least this when !exact */
	int exact;
};

/* Where VMLINUX has a function of @name: @c, and how many. */
static size_t pi_cands_vmlinux(struct pi_decoder *dc, const char *name,
			       struct pi_cand **c)
{
	size_t lo, hi, i, n = 0;

	for (lo = 0, hi = dc->nnames; lo < hi;) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(dc->names[mid].name, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (i = lo; i < dc->nnames && !strcmp(dc->names[i].name, name); i++)
		n++;
	*c = pi_alloc((n + 1) * sizeof(**c));
	for (i = 0; i < n; i++) {
		(*c)[i].addr = dc->names[lo + i].addr;
		(*c)[i].size = pi_elf_kallsyms_size(&dc->pe, (*c)[i].addr);
		(*c)[i].exact = 1;
	}
	return n;
}

/* Where module @km has a function of @name: @c, and how many. */
static size_t pi_cands_module(const struct pi_kmod *km, const char *name,
			      struct pi_cand **c)
{
	size_t i, n = pi_kmod_lookup(km, name, NULL, 0);
	uint64_t *addrs = pi_alloc((n + 1) * sizeof(*addrs));

	pi_kmod_lookup(km, name, addrs, n);
	*c = pi_alloc((n + 1) * sizeof(**c));
	for (i = 0; i < n; i++) {
		(*c)[i].addr = addrs[i];
		(*c)[i].size = pi_kmod_kallsyms_size(km, addrs[i], &(*c)[i].exact);
	}
	free(addrs);
	return n;
}

/* Does the log's size fit @c? A module's last function: at least. */
static bool pi_cand_fits(const struct pi_cand *c, const struct pi_dump *dump)
{
	if (dump->pc.off >= dump->pc.size)
		return false;
	return c->exact ? c->size == dump->pc.size : dump->pc.size >= c->size;
}

/**
 * pi_decoder_block() - the parameter block of one register dump
 * @dc: the decoder
 * @dump: the dump, complete or not
 * @b: receives the block, or the reason there is none
 *
 * A name VMLINUX (or the module the log names) lacks, or has only with
 * another size, proves that the log is from another build: no block. Of
 * several functions with the log's name and size, all must print the same
 * block. A module that cannot be found or read gives no block either.
 */
void pi_decoder_block(struct pi_decoder *dc, const struct pi_dump *dump,
		      struct pi_block *b)
{
	const char *name = dump->pc.sym, *file = "VMLINUX";
	struct pi_image *img = &dc->vm;
	struct pi_module *mod = NULL;
	struct pi_block *other;
	struct pi_cand *c;
	size_t i, n, sized = 0;
	uint32_t want = 0;

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
		mod = pi_module_get(dc, dump->pc.mod);
		if (!mod->ok) {
			b->status = mod->status;
			pi_refuse(b, "%s", mod->why);
			return;
		}
		img = &mod->img;
		file = mod->path;
		n = pi_cands_module(&mod->km, name, &c);
	} else {
		n = pi_cands_vmlinux(dc, name, &c);
	}
	other = pi_alloc(sizeof(*other));
	for (i = 0; i < n; i++) {
		if (!pi_cand_fits(&c[i], dump))
			continue;
		if (!sized++) {
			pi_block_at(dc, img, dump, c[i].addr, b);
			continue;
		}
		pi_block_at(dc, img, dump, c[i].addr, other);
		if (!pi_block_same(b, other)) {
			memset(b, 0, sizeof(*b));
			b->status = PI_BLK_AMBIGUOUS;
			pi_refuse(b, "%s has several %s of size 0x%llx, with other parameters here",
				  file, name, (unsigned long long)dump->pc.size);
			break;
		}
	}
	free(other);
	if (!n) {
		b->status = PI_BLK_WRONG_BUILD;
		pi_refuse(b, "%s has no function %s: the log is from another build",
			  file, name);
	} else if (!sized) {
		b->status = PI_BLK_WRONG_BUILD;
		pi_refuse(b, "%s is 0x%llx bytes in the log, %s0x%llx in %s: the log is from another build",
			  name, (unsigned long long)dump->pc.size,
			  c[n - 1].exact ? "" : "at least ",
			  (unsigned long long)c[n - 1].size, file);
	}
	free(c);
}
