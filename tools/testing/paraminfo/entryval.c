// SPDX-License-Identifier: GPL-2.0
/*
 * entryval - what DWARF's call-site parameters could add to paraminfo
 * (issue 13 item 4, "Entry values: measure before you build").
 *
 *   entryval [-v] --dump=DUMP [--stats=STATS] ELF
 *
 * DUMP is `gen_paraminfo --dump ELF` (JSON lines), STATS the --stats text
 * it printed beside. The population is gen_paraminfo's: every (parameter,
 * instruction byte) pair of the scalar parameters among the first nargs of
 * every function in the table; a pair is printed when a range of the dump
 * covers it.
 *
 *  1. The ceiling: unprinted pairs whose DWARF location there is
 *     DW_OP_entry_value(DW_OP_regN), optionally DW_OP_stack_value.
 *  2. Each function F with such pairs and its call sites in every unit:
 *     DW_AT_call_origin (DW_AT_abstract_origin in GNU call sites) followed
 *     through abstract origins and specifications to F's, by name for an
 *     external function declared in another unit, or a constant
 *     DW_AT_call_target; among several instances of one origin (clones)
 *     the direct call's target decides. For each call site, what its
 *     DW_TAG_call_site_parameter for register N says: (a) a constant,
 *     (b) a callee-saved register (plus a constant), (c) a stack slot or
 *     stack address of the caller's frame, (d) the caller's own entry
 *     value, (e) anything else, or nothing. The crash-time reader knows
 *     the caller only from the unwound return address, so pairs are
 *     weighted by call site: each of F's call sites counts as equally
 *     likely. A tail call's return address is not in its caller: it never
 *     recovers anything.
 *  3. The cost, in varints as the delta encoding writes them, of what a
 *     reader would need: per useful call site its return address and per
 *     useful register a byte (register slot, class) and an operand.
 *
 * This file reads the ELF file and the dump, and reports; entryval_dwarf.c
 * does the DWARF. A measurement, not part of paraminfo: only the dump's
 * format is shared with scripts/paraminfo.
 */
#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "entryval.h"

static const char * const ev_class_names[EV_NCLASS] = {
	"(a) constant", "(b) callee-saved register", "(c) stack slot",
	"(d) caller's entry value", "(e) other/computed", "no parameter for it",
};

static const char * const ev_variant_names[EV_NVARIANT] = {
	"(a)", "(a)+(b)+(c)",
};

static const char *ev_prog = "entryval";

void ev_die(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", ev_prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

void *ev_grow(void *p, size_t *cap, size_t need, size_t elem)
{
	if (need <= *cap)
		return p;
	*cap = need < 64 ? 64 : need * 2;
	p = realloc(p, *cap * elem);
	if (!p)
		ev_die("out of memory");
	return p;
}

void *ev_zalloc(size_t n)
{
	void *p = calloc(1, n ? n : 1);

	if (!p)
		ev_die("out of memory");
	return p;
}

static const char * const ev_x86_regs[] = {
	"rax", "rdx", "rcx", "rbx", "rsi", "rdi", "rbp", "rsp",
	"r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15",
};

static const char * const ev_arm64_regs[] = {
	"x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9",
	"x10", "x11", "x12", "x13", "x14", "x15", "x16", "x17", "x18", "x19",
	"x20", "x21", "x22", "x23", "x24", "x25", "x26", "x27", "x28", "x29",
	"x30", "sp",
};

/* call rel32 (E8) or, for a tail call, jmp rel32 (E9). */
static int ev_x86_target(const uint8_t *c, uint64_t ret, uint64_t *to)
{
	uint32_t rel;

	if (c[0] != 0xe8 && c[0] != 0xe9)
		return 0;
	memcpy(&rel, c + 1, 4);
	*to = ret + (int64_t)(int32_t)le32toh(rel);
	return 1;
}

/* BL or, for a tail call, B: a signed imm26 of words from the branch. */
static int ev_arm64_target(const uint8_t *c, uint64_t ret, uint64_t *to)
{
	uint32_t w;
	int64_t imm;

	memcpy(&w, c, 4);
	w = le32toh(w);
	if ((w & 0x7c000000) != 0x14000000)
		return 0;
	imm = (int64_t)((uint64_t)(w & 0x03ffffff) << 38) >> 36;
	*to = ret - 4 + imm;
	return 1;
}

/* SysV x86-64, and AAPCS64 with x29 as the frame pointer. */
static const struct ev_arch ev_arches[] = {
	{
		.name = "x86-64", .machine = EM_X86_64, .nargs = 6, .sp = 7,
		.saved = 1u << 3 | 1u << 6 | 0xfu << 12,
		.regs = ev_x86_regs, .nregs = 16, .call_len = 5,
		.target = ev_x86_target,
	},
	{
		.name = "AArch64", .machine = EM_AARCH64, .nargs = 8, .sp = 31,
		.saved = 0x7ffu << 19,
		.regs = ev_arm64_regs, .nregs = 32, .call_len = 4,
		.target = ev_arm64_target,
	},
};

static const char *ev_reg_name(const struct ev_ctx *x, unsigned int reg)
{
	return reg < x->arch->nregs ? x->arch->regs[reg] : "?";
}

/* The bytes of code [addr, addr + len), or NULL outside the text. */
const uint8_t *ev_code(const struct ev_ctx *x, uint64_t addr, size_t len)
{
	size_t i;

	for (i = 0; i < x->ntext; i++) {
		const struct ev_text *t = &x->text[i];

		if (addr >= t->addr && addr - t->addr + len <= t->size)
			return t->bytes + (addr - t->addr);
	}
	return NULL;
}

static void ev_open(struct ev_ctx *x)
{
	Elf_Scn *scn = NULL;
	size_t cap = 0, i;
	GElf_Ehdr eh;

	elf_version(EV_CURRENT);
	x->fd = open(x->path, O_RDONLY);
	if (x->fd < 0)
		ev_die("%s: %s", x->path, strerror(errno));
	x->elf = elf_begin(x->fd, ELF_C_READ_MMAP, NULL);
	if (!x->elf || !gelf_getehdr(x->elf, &eh))
		ev_die("%s: not an ELF file: %s", x->path, elf_errmsg(-1));
	for (i = 0; i < ARRAY_SIZE(ev_arches); i++)
		if (ev_arches[i].machine == eh.e_machine)
			x->arch = &ev_arches[i];
	if (!x->arch)
		ev_die("%s: unsupported machine %u", x->path, eh.e_machine);
	while ((scn = elf_nextscn(x->elf, scn))) {
		GElf_Shdr sh;
		Elf_Data *d;

		if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_PROGBITS ||
		    !(sh.sh_flags & SHF_EXECINSTR))
			continue;
		d = elf_getdata(scn, NULL);
		if (!d || d->d_size != sh.sh_size)
			continue;
		x->text = ev_grow(x->text, &cap, x->ntext + 1, sizeof(*x->text));
		x->text[x->ntext++] = (struct ev_text){ sh.sh_addr, sh.sh_size,
							d->d_buf };
		if (!x->text_base || sh.sh_addr < x->text_base)
			x->text_base = sh.sh_addr;
	}
	x->dw = dwarf_begin_elf(x->elf, DWARF_C_READ, NULL);
	if (!x->dw)
		ev_die("%s: no DWARF: %s", x->path, dwarf_errmsg(-1));
}

/* The dump, one function a line: only what this needs of its format. */
struct ev_json {
	const char *path;
	unsigned long line;
	char *p;
};

static void ev_expect(struct ev_json *j, const char *lit)
{
	size_t n = strlen(lit);

	if (strncmp(j->p, lit, n))
		ev_die("%s:%lu: expected %s at \"%.20s\"", j->path, j->line,
		       lit, j->p);
	j->p += n;
}

/* A JSON string, unescaped in place (\uXXXX kept as is). */
static char *ev_string(struct ev_json *j)
{
	char *s, *out;

	ev_expect(j, "\"");
	s = out = j->p;
	for (; *j->p != '"'; j->p++) {
		if (!*j->p)
			ev_die("%s:%lu: unterminated string", j->path, j->line);
		if (*j->p == '\\' && j->p[1] != 'u')
			j->p++;
		*out++ = *j->p;
	}
	j->p++;
	*out = '\0';
	return strdup(s);
}

static uint64_t ev_number(struct ev_json *j, int base)
{
	char *end;
	uint64_t v = strtoull(j->p, &end, base);

	if (end == j->p)
		ev_die("%s:%lu: expected a number at \"%.20s\"", j->path,
		       j->line, j->p);
	j->p = end;
	return v;
}

static void ev_json_param(struct ev_json *j, struct ev_param *p)
{
	size_t cap = 0;

	ev_expect(j, "{\"name\":");
	p->name = ev_string(j);
	ev_expect(j, ",\"type\":");
	free(ev_string(j));
	ev_expect(j, ",\"abi\":");
	free(ev_string(j));
	ev_expect(j, ",\"locs\":[");
	while (*j->p != ']') {
		struct ev_range *r;

		if (p->nlocs)
			ev_expect(j, ",");
		p->locs = ev_grow(p->locs, &cap, p->nlocs + 1, sizeof(*r));
		r = &p->locs[p->nlocs++];
		ev_expect(j, "{\"from\":");
		r->from = ev_number(j, 10);
		ev_expect(j, ",\"to\":");
		r->to = ev_number(j, 10);
		ev_expect(j, ",\"reg\":");
		free(ev_string(j));
		ev_expect(j, "}");
	}
	ev_expect(j, "]}");
}

static void ev_read_dump(struct ev_ctx *x, const char *path)
{
	struct ev_json j = { .path = path };
	size_t cap = 0, len = 0;
	char *buf = NULL;
	FILE *f = fopen(path, "r");

	if (!f)
		ev_die("%s: %s", path, strerror(errno));
	while (getline(&buf, &len, f) > 0) {
		struct ev_func *fn;
		size_t pcap = 0;

		j.line++;
		j.p = buf;
		x->funcs = ev_grow(x->funcs, &cap, x->nfuncs + 1, sizeof(*fn));
		fn = &x->funcs[x->nfuncs++];
		memset(fn, 0, sizeof(*fn));
		fn->inst = -1;
		ev_expect(&j, "{\"name\":");
		fn->name = ev_string(&j);
		ev_expect(&j, ",\"addr\":\"0x");
		fn->addr = ev_number(&j, 16);
		ev_expect(&j, "\",\"size\":");
		fn->size = ev_number(&j, 10);
		ev_expect(&j, ",\"params\":[");
		while (*j.p != ']') {
			if (fn->nparams)
				ev_expect(&j, ",");
			fn->params = ev_grow(fn->params, &pcap, fn->nparams + 1,
					     sizeof(*fn->params));
			memset(&fn->params[fn->nparams], 0, sizeof(*fn->params));
			ev_json_param(&j, &fn->params[fn->nparams++]);
		}
	}
	free(buf);
	fclose(f);
	if (!x->nfuncs)
		ev_die("%s: no functions", path);
}

/* "(parameter, instruction byte) pairs, scalar parameters ...: N" */
static uint64_t ev_read_stats(const char *path)
{
	static const char key[] = "(parameter, instruction byte) pairs";
	char line[512];
	uint64_t n = 0;
	FILE *f = fopen(path, "r");

	if (!f)
		ev_die("%s: %s", path, strerror(errno));
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, key, sizeof(key) - 1) && strrchr(line, ':'))
			n = strtoull(strrchr(line, ':') + 1, NULL, 10);
	fclose(f);
	if (!n)
		ev_die("%s: no \"%s\" line", path, key);
	return n;
}

static int ev_site_cmp(const void *a, const void *b)
{
	const struct ev_site *sa = a, *sb = b;

	if (sa->inst != sb->inst)
		return sa->inst < sb->inst ? -1 : 1;
	return sa->ret < sb->ret ? -1 : sa->ret > sb->ret;
}

static int ev_site_ret_cmp(const void *a, const void *b)
{
	const struct ev_site *sa = a, *sb = b;

	return sa->ret < sb->ret ? -1 : sa->ret > sb->ret;
}

/* Part 3: bytes of the two layouts below, for one variant. */
struct ev_cost {
	uint64_t sites, values;
	uint64_t value_bytes;		/* both: the values' */
	uint64_t callee_bytes;		/* per callee: the rest */
	uint64_t addr_bytes, index_bytes; /* by return address: the rest */
};

/*
 * Per callee, in its record of the delta table: a flags byte that says a
 * list follows, ULEB128 count, and per call site the ULEB128 gap from the
 * previous return address (the first from the text base), its values.
 *
 * One stream sorted by return address, for every callee at once: the
 * ULEB128 gap from the previous return address and the values (the last
 * value's byte says it is the last); a block index of two u32 every 16
 * call sites, as delta's. A reader checks that the direct call before
 * the return address enters the faulting function.
 */
static void ev_cost(struct ev_ctx *x, unsigned int v, struct ev_cost *c)
{
	uint64_t prev, count;
	size_t i, j;

	memset(c, 0, sizeof(*c));
	qsort(x->sites, x->nsites, sizeof(*x->sites), ev_site_cmp);
	for (i = 0; i < x->nsites; i = j) {
		prev = x->text_base;
		count = 0;
		for (j = i; j < x->nsites && x->sites[j].inst == x->sites[i].inst;
		     j++) {
			if (!x->sites[j].nvals[v])
				continue;
			c->callee_bytes += ev_uleb_len(x->sites[j].ret - prev);
			prev = x->sites[j].ret;
			count++;
		}
		if (count)
			c->callee_bytes += 1 + ev_uleb_len(count);
	}
	qsort(x->sites, x->nsites, sizeof(*x->sites), ev_site_ret_cmp);
	prev = x->text_base;
	for (i = 0; i < x->nsites; i++) {
		if (!x->sites[i].nvals[v])
			continue;
		c->addr_bytes += ev_uleb_len(x->sites[i].ret - prev);
		c->value_bytes += x->sites[i].bytes[v];
		c->values += x->sites[i].nvals[v];
		c->sites++;
		prev = x->sites[i].ret;
	}
	c->index_bytes = (c->sites + 15) / 16 * 8;
}

static double ev_pct(double part, double whole)
{
	return whole ? 100.0 * part / whole : 0.0;
}

static void ev_report_inst(const struct ev_ctx *x, const struct ev_inst *in,
			   FILE *out)
{
	const struct ev_need *nd = in->need;
	unsigned int i, k;

	for (i = 0; i < nd->nreg; i++) {
		fprintf(out, "# %s %s: pairs %" PRIu64 ", call sites %u, tail %u,",
			in->func, ev_reg_name(x, nd->reg[i]), nd->pairs[i],
			in->nsites, in->ntail);
		for (k = 0; k < EV_NCLASS; k++)
			fprintf(out, " %c %u", "abcdem"[k], nd->sites[i][k]);
		fputc('\n', out);
	}
}

static void ev_report(struct ev_ctx *x, FILE *out)
{
	double w[EV_NCLASS] = { 0 }, tail = 0, nosite = 0;
	uint64_t whole = x->gen_pairs ?: x->pairs, withsite = 0;
	const char *base = strrchr(x->path, '/');
	unsigned int i, k, v;
	size_t n;

	for (n = 0; n < x->ninsts; n++) {
		const struct ev_inst *in = &x->insts[n];

		if (!in->need)
			continue;
		if (x->verbose)
			ev_report_inst(x, in, out);
		withsite += in->nsites > 0;
		for (i = 0; i < in->need->nreg; i++) {
			double b = in->need->pairs[i];

			if (!in->nsites) {
				nosite += b;
				continue;
			}
			tail += b * in->ntail / in->nsites;
			for (k = 0; k < EV_NCLASS; k++)
				w[k] += b * in->need->sites[i][k] / in->nsites;
		}
	}
	fprintf(out, "%s (%s): %zu functions in the table\n",
		base ? base + 1 : x->path, x->arch->name, x->nfuncs);
	fprintf(out, "(parameter, byte) pairs, scalar parameters among the first %u: %" PRIu64,
		x->arch->nargs, x->pairs);
	if (x->gen_pairs)
		fprintf(out, " (gen_paraminfo --stats: %" PRIu64 ")", x->gen_pairs);
	fprintf(out, "\n  functions without a DWARF instance: %" PRIu64
		", parameters whose name differs from DWARF's: %" PRIu64 "\n",
		x->no_instance, x->name_mismatch);
	fprintf(out, "DW_OP_entry_value(DW_OP_regN) there: %" PRIu64 " pairs (%.2f%%)\n",
		x->ev_pairs + x->ev_printed,
		ev_pct(x->ev_pairs + x->ev_printed, whole));
	fprintf(out, "  printed anyway (the code proves the register): %" PRIu64 "\n",
		x->ev_printed);
	fprintf(out, "  ceiling, not printed: %" PRIu64 " pairs (%.2f%%) in %" PRIu64
		" functions\n", x->ev_pairs, ev_pct(x->ev_pairs, whole), x->needy);
	fprintf(out, "  (not counted: other expressions of an entry value, not printed: %" PRIu64 ")\n",
		x->ev_computed);
	fprintf(out, "call sites: %zu (tail calls %" PRIu64 ", indirect %" PRIu64
		", callee unknown %" PRIu64 ", clones told apart by no direct call %" PRIu64
		", origin and direct call disagree %" PRIu64 ")\n",
		x->ncalls, x->cs_tail, x->cs_indirect, x->cs_unresolved,
		x->cs_ambiguous, x->cs_disagree);
	fprintf(out, "  to the %" PRIu64 " functions: %" PRIu64 " (tail calls %" PRIu64
		"); functions with at least one: %" PRIu64 "\n",
		x->needy, x->cs_needy, x->cs_needy_tail, withsite);
	fprintf(out, "ceiling pairs by what the call site passes, each of the function's call sites equally likely:\n");
	for (k = 0; k < EV_NCLASS; k++)
		fprintf(out, "  %-28s %5.1f%%\n", ev_class_names[k],
			ev_pct(w[k], x->ev_pairs));
	fprintf(out, "  %-28s %5.1f%%\n", "a tail call", ev_pct(tail, x->ev_pairs));
	fprintf(out, "  %-28s %5.1f%%\n", "no call site known", ev_pct(nosite, x->ev_pairs));
	fprintf(out, "  (constants passed: %" PRIu64 ", of which addresses: %" PRIu64 ")\n",
		x->const_values, x->const_addrs);
	for (v = 0; v < EV_NVARIANT; v++) {
		struct ev_cost c;
		uint64_t callee, stream;
		double ok = 0;

		for (k = 0; k < EV_NCLASS; k++)
			if (ev_variant_classes(v) >> k & 1)
				ok += w[k];
		ev_cost(x, v, &c);
		callee = c.callee_bytes + c.value_bytes;
		stream = c.addr_bytes + c.value_bytes + c.index_bytes;
		fprintf(out, "recoverable with %s: %.1f%% of the ceiling, %.2f%% of all pairs\n",
			ev_variant_names[v], ev_pct(ok, x->ev_pairs),
			ev_pct(ok, whole));
		fprintf(out, "  cost: %" PRIu64 " call sites, %" PRIu64 " values (%" PRIu64
			" B); per callee %" PRIu64 " B (%.2f B/function)\n",
			c.sites, c.values, c.value_bytes, callee,
			(double)callee / x->nfuncs);
		fprintf(out, "    by return address %" PRIu64 " B (%.2f B/function: addresses %.2f, values %.2f, index %.2f)\n",
			stream, (double)stream / x->nfuncs,
			(double)c.addr_bytes / x->nfuncs,
			(double)c.value_bytes / x->nfuncs,
			(double)c.index_bytes / x->nfuncs);
		fprintf(out, "    at one byte a value, by return address: %.2f B/function\n",
			(double)(stream - c.value_bytes + c.values) / x->nfuncs);
		fprintf(out, "    budget %.0f B/function: %s\n", EV_BUDGET,
			(callee < stream ? callee : stream) <= EV_BUDGET * x->nfuncs ?
			"fits" : "does not fit");
	}
}

static void ev_usage(FILE *out)
{
	fprintf(out, "usage: %s [-v] --dump=DUMP [--stats=STATS] ELF\n"
		"  DUMP: gen_paraminfo --dump ELF; STATS: its --stats output\n"
		"  -v: one line per function and register with entry-value pairs\n",
		ev_prog);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "dump", required_argument, NULL, 'd' },
		{ "stats", required_argument, NULL, 's' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	const char *dump = NULL, *stats = NULL;
	struct ev_ctx x = { 0 };
	int c;

	while ((c = getopt_long(argc, argv, "d:s:vh", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			dump = optarg;
			break;
		case 's':
			stats = optarg;
			break;
		case 'v':
			x.verbose = 1;
			break;
		case 'h':
			ev_usage(stdout);
			return 0;
		default:
			ev_usage(stderr);
			return 2;
		}
	}
	if (!dump || optind != argc - 1) {
		ev_usage(stderr);
		return 2;
	}
	x.path = argv[optind];
	ev_open(&x);
	ev_read_dump(&x, dump);
	if (stats)
		x.gen_pairs = ev_read_stats(stats);
	ev_walk(&x);
	ev_ceiling(&x);
	ev_resolve(&x);
	ev_report(&x, stdout);
	if (fflush(stdout) || ferror(stdout))
		ev_die("cannot write the report");
	return 0;
}
