// SPDX-License-Identifier: GPL-2.0
/*
 * Printing the model: the stable JSON-lines dump (one function per line,
 * address order, the format the host harness and the kernel's debugfs file
 * also produce), a readable per-function view, and the statistics.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "model.h"
#include "util.h"

/**
 * pi_json_str() - print a string as a JSON string literal
 * @out: the stream
 * @s: the string
 */
void pi_json_str(FILE *out, const char *s)
{
	fputc('"', out);
	for (; *s; s++) {
		unsigned char c = *s;

		if (c == '"' || c == '\\')
			fprintf(out, "\\%c", c);
		else if (c < 0x20)
			fprintf(out, "\\u%04x", c);
		else
			fputc(c, out);
	}
	fputc('"', out);
}

/* One range: in a register, "reg", or in a stack slot, "stack". */
static void pi_json_loc(FILE *out, const struct pi_target *t,
			const struct pi_loc *l, int first)
{
	fprintf(out, "%s{\"from\":%u,\"to\":%u,", first ? "" : ",", l->from,
		l->to);
	if (l->reg == PI_LOC_STACK)
		fprintf(out, "\"stack\":%u}", l->off);
	else
		fprintf(out, "\"reg\":\"%s\"}", pi_reg_name(t, l->reg));
}

/*
 * ,"unwind":[{"from":0,"to":1,"cfa":8,"saved":[[16,8]],"lost":0},...]:
 * registers by DWARF number, saved as [register, bytes below the CFA].
 */
static void pi_json_unwind(FILE *out, const struct pi_func *f)
{
	uint32_t k, r;

	fputs(",\"unwind\":[", out);
	for (k = 0; k < f->nunwind; k++) {
		const struct pi_unwind *u = &f->unwind[k];

		fprintf(out, "%s{\"from\":%u,\"to\":%u,\"cfa\":%u,\"saved\":[",
			k ? "," : "", u->from, u->to, u->cfa);
		for (r = 0; r < u->nsaved; r++)
			fprintf(out, "%s[%u,%u]", r ? "," : "", u->saved[r].reg,
				u->saved[r].off);
		fprintf(out, "],\"lost\":%u}", u->lost);
	}
	fputc(']', out);
}

/**
 * pi_dump_json() - print the model as JSON lines
 * @out: where to print
 * @m: the finished model
 * @unwind: add each function's unwind rows
 *
 * {"name":"f","addr":"0x...","size":N,"params":[{"name":"a","type":"int",
 * "abi":"rdi","locs":[{"from":0,"to":8,"reg":"rdi"}]}]} per function; a
 * range in a stack slot is {"from":8,"to":40,"stack":16}, at sp + 16; a
 * variadic function ends in ,"varargs":true after its params; with
 * @unwind, ,"unwind":[...] comes last.
 */
void pi_dump_json(FILE *out, const struct pi_model *m, int unwind)
{
	size_t i;
	uint32_t j, k;
	char buf[32];

	for (i = 0; i < m->nfuncs; i++) {
		const struct pi_func *f = &m->funcs[i];

		fputs("{\"name\":", out);
		pi_json_str(out, f->name);
		fprintf(out, ",\"addr\":\"0x%" PRIx64 "\",\"size\":%" PRIu64
			",\"params\":[", f->addr, f->size);
		for (j = 0; j < f->nparams; j++) {
			const struct pi_param *p = &f->params[j];

			fputs(j ? ",{\"name\":" : "{\"name\":", out);
			pi_json_str(out, p->name);
			fputs(",\"type\":", out);
			pi_json_str(out, p->type);
			fprintf(out, ",\"abi\":\"%s\",\"locs\":[",
				pi_abi_name(m->target, p, buf, sizeof(buf)));
			for (k = 0; k < p->nlocs; k++)
				pi_json_loc(out, m->target, &p->locs[k], !k);
			fputs("]}", out);
		}
		fputs(f->flags & PI_F_VARARGS ? "],\"varargs\":true" : "]", out);
		if (unwind)
			pi_json_unwind(out, f);
		fputs("}\n", out);
	}
}

static void pi_text_flags(FILE *out, uint32_t flags)
{
	static const char * const names[] = {
		"clone", "nocall", "cold part", "result's address in argument 1",
		"varargs", "untrusted DWARF", "hot/cold ranges",
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(names); i++)
		if (flags & (1u << i))
			fprintf(out, " [%s]", names[i]);
}

/**
 * pi_dump_text() - print the model for people
 * @out: where to print
 * @m: the finished model
 */
void pi_dump_text(FILE *out, const struct pi_model *m)
{
	size_t i;
	uint32_t j, k;
	char buf[32];

	for (i = 0; i < m->nfuncs; i++) {
		const struct pi_func *f = &m->funcs[i];

		fprintf(out, "%s  0x%" PRIx64 " size %" PRIu64, f->name,
			f->addr, f->size);
		pi_text_flags(out, f->flags);
		fputc('\n', out);
		for (j = 0; j < f->nparams; j++) {
			const struct pi_param *p = &f->params[j];

			fprintf(out, "    %-12s %-28s %2u B  abi %-8s ", p->name,
				p->type, pi_param_width(p),
				pi_abi_name(m->target, p, buf, sizeof(buf)));
			if (!p->nlocs)
				fprintf(out, "(%s)", pi_why_name(p->why));
			for (k = 0; k < p->nlocs; k++) {
				const struct pi_loc *l = &p->locs[k];

				fprintf(out, "%s[%u,%u) ", k ? "  " : "",
					l->from, l->to);
				if (l->reg == PI_LOC_STACK)
					fprintf(out, "sp+%u", l->off);
				else
					fputs(pi_reg_name(m->target, l->reg), out);
			}
			fputc('\n', out);
		}
	}
}

/**
 * pi_dump_unwind() - print the model's unwind rows for people
 * @out: where to print
 * @m: the finished model
 */
void pi_dump_unwind(FILE *out, const struct pi_model *m)
{
	size_t i;
	uint32_t k, r;

	for (i = 0; i < m->nfuncs; i++) {
		const struct pi_func *f = &m->funcs[i];

		fprintf(out, "%s  0x%" PRIx64 " size %" PRIu64 "\n", f->name,
			f->addr, f->size);
		for (k = 0; k < f->nunwind; k++) {
			const struct pi_unwind *u = &f->unwind[k];

			fprintf(out, "    [%u,%u) cfa sp+%u", u->from, u->to,
				u->cfa);
			for (r = 0; r < u->nsaved; r++)
				fprintf(out, " r%u@cfa-%u", u->saved[r].reg,
					u->saved[r].off);
			if (u->lost)
				fprintf(out, " lost 0x%x", u->lost);
			fputc('\n', out);
		}
	}
}

static double pi_pct(uint64_t part, uint64_t whole)
{
	return whole ? 100.0 * part / whole : 0.0;
}

/* Unwind rows (unwind.c): the bytes with one, and why the rest have none. */
static void pi_stats_unwind(FILE *out, const struct pi_stats *s)
{
	static const char * const why[PI_UNWIND_NR] = {
		"", "not reached or not decodable", "stack pointer not known",
		"return address not known", "no CFI", "CFI's CFA differs",
		"left out: a short row without a call or trap (prologue, epilogue)",
	};
	uint64_t all = s->unwind_bytes;
	unsigned int i;

	for (i = 0; i < PI_UNWIND_NR; i++)
		all += s->unwind_none[i];
	fprintf(out, "unwind rows: %" PRIu64 ", over %.1f%% of %" PRIu64 " instruction bytes\n",
		s->unwind_rows, pi_pct(s->unwind_bytes, all), all);
	for (i = 0; i < PI_UNWIND_NR; i++)
		if (s->unwind_none[i])
			fprintf(out, "    none, %s: %.1f%%\n", why[i],
				pi_pct(s->unwind_none[i], all));
	fprintf(out, "  call sites: %" PRIu64 ", with a row inside the call: %.1f%%\n",
		s->unwind_calls, pi_pct(s->unwind_calls_row, s->unwind_calls));
}

/*
 * The seed's rule prints the i-th argument register as the i-th parameter.
 * Over every byte of every function and each scalar parameter among the
 * first as many as there are argument registers, count where that is proven right (a location range says the
 * parameter is in exactly that register) and where paraminfo can print a
 * proven value at all.
 */
static void pi_stats_naive(FILE *out, const struct pi_model *m)
{
	const struct pi_target *t = m->target;
	uint64_t pairs = 0, naive_ok = 0, proven = 0, stack = 0;
	size_t i;
	uint32_t j, k;

	for (i = 0; i < m->nfuncs; i++) {
		const struct pi_func *f = &m->funcs[i];

		for (j = 0; j < f->nparams && j < t->nargs; j++) {
			const struct pi_param *p = &f->params[j];

			if (!p->scalar)
				continue;
			pairs += f->size;
			for (k = 0; k < p->nlocs; k++) {
				uint32_t len = p->locs[k].to - p->locs[k].from;

				proven += len;
				if (p->locs[k].reg == PI_LOC_STACK)
					stack += len;
				else if (p->locs[k].reg == t->arg_regs[j])
					naive_ok += len;
			}
		}
	}
	fprintf(out, "(parameter, instruction byte) pairs, scalar parameters among the first %u: %" PRIu64 "\n",
		t->nargs, pairs);
	fprintf(out, "  naive \"parameter i is in ABI register i\": wrong or unprovable %.1f%%\n",
		pi_pct(pairs - naive_ok, pairs));
	fprintf(out, "  DWARF alone names a register: %.1f%% (%.1f%% refuted by the code)\n",
		pi_pct(m->stats.dwarf_bytes, pairs),
		pi_pct(m->stats.refuted_bytes, pairs));
	fprintf(out, "  DWARF names a stack slot: %.1f%%\n",
		pi_pct(m->stats.stack_dwarf_bytes, pairs));
	fprintf(out, "  paraminfo: proven value printable %.1f%% (%.1f%% in a register, %.1f%% in a stack slot)\n",
		pi_pct(proven, pairs), pi_pct(proven - stack, pairs),
		pi_pct(stack, pairs));
}

/* The machine-code proof against DWARF, (parameter, instruction) pairs. */
static void pi_stats_flow(FILE *out, const struct pi_model *m)
{
	const struct pi_stats *s = &m->stats;
	uint64_t refuted = 0;
	unsigned int i, k;

	for (i = 0; i < PI_REFUTE_NR; i++)
		refuted += s->flow_refuted[i];
	fprintf(out, "machine code: %lu functions, %lu instructions decoded, %lu not decodable\n",
		s->flow_groups, s->flow_insns, s->flow_bad);
	fprintf(out, "  run-time patch sites inside them: %lu alternatives (of %lu), %lu jump labels, %lu exception fixups\n",
		s->flow_alt_sites, s->flow_alternatives, s->flow_jump_labels,
		s->flow_fixup_sites);
	fprintf(out, "(parameter, instruction) pairs where DWARF names a register: %" PRIu64 "\n",
		s->flow_agree + refuted);
	fprintf(out, "  the code proves it: %" PRIu64 "\n", s->flow_agree);
	fprintf(out, "  the code refutes it: %" PRIu64 "\n", refuted);
	for (i = 0; i < PI_REFUTE_NR; i++) {
		if (!s->flow_refuted[i])
			continue;
		fprintf(out, "    %s: %" PRIu64, pi_refute_name(i), s->flow_refuted[i]);
		for (k = 0; k < PI_FLOW_EXAMPLES && s->flow_example[i][k][0]; k++)
			fprintf(out, "%s%s", k ? "; " : " (e.g. ", s->flow_example[i][k]);
		fprintf(out, "%s\n", k ? ")" : "");
	}
	fprintf(out, "(parameter, instruction) pairs where DWARF names a stack slot: %" PRIu64 ", the code proves it: %" PRIu64 "\n",
		s->stack_dwarf, s->stack_proven);
	for (i = 0; i < PI_STACK_NR; i++)
		if (s->stack_refuted[i])
			fprintf(out, "    refuted, %s: %" PRIu64 "\n",
				pi_stack_refute_name(i), s->stack_refuted[i]);
	fprintf(out, "(parameter, instruction) pairs where a stack slot holds the argument, DWARF names none (not printed): %" PRIu64 "\n",
		s->stack_gained);
	fprintf(out, "(parameter, call site) pairs, scalar parameters among the first %u: %" PRIu64 "\n",
		m->target->nargs, s->call_pairs);
	fprintf(out, "  proven at the return address: %.1f%% (%.1f%% in a register the call preserves, %.1f%% in a stack slot)\n",
		pi_pct(s->call_reg + s->call_stack, s->call_pairs),
		pi_pct(s->call_reg, s->call_pairs),
		pi_pct(s->call_stack, s->call_pairs));
	fprintf(out, "  ... and reached by an unwind row: %.1f%%\n",
		pi_pct(s->call_unwound, s->call_pairs));
	fprintf(out, "(parameter, instruction) pairs proven where DWARF names no register: %" PRIu64 "\n",
		s->flow_gained);
	pi_stats_unwind(out, s);
}

/**
 * pi_dump_stats() - print what was seen, kept, dropped and why
 * @out: where to print
 * @m: the finished model
 */
void pi_dump_stats(FILE *out, const struct pi_model *m)
{
	static const char * const drop_names[PI_DROP_NR] = {
		[PI_DROP_NO_SYMBOL] = "no ELF symbol at address (e.g. overridden __weak)",
		[PI_DROP_CONFLICT] = "instances at one address disagree",
		[PI_DROP_DUPLICATE] = "duplicate of an agreeing instance",
		[PI_DROP_NO_ADDRESS] = "no usable address range",
		[PI_DROP_ASSEMBLER] = "assembler source (DWARF has no parameters)",
		[PI_DROP_NOT_TEXT] = "outside kallsyms' text ranges (.exit.text)",
	};
	static const char * const abi_names[PI_ABI_NR] = {
		"one register", "two registers", "register + vector",
		"vector registers", "stack", "empty (none)",
		"unknown (clone or nocall)", "by reference (register: address)",
	};
	const struct pi_stats *s = &m->stats;
	unsigned long nparams = 0, by_abi[PI_ABI_NR] = { 0 };
	unsigned long by_why[PI_WHY_NR] = { 0 }, with_params = 0, nlocs = 0;
	unsigned long nstack = 0;
	size_t i;
	uint32_t j, k;

	for (i = 0; i < m->nfuncs; i++) {
		const struct pi_func *f = &m->funcs[i];

		with_params += f->nparams > 0;
		for (j = 0; j < f->nparams; j++) {
			nparams++;
			by_abi[f->params[j].abi]++;
			by_why[f->params[j].why]++;
			nlocs += f->params[j].nlocs;
			for (k = 0; k < f->params[j].nlocs; k++)
				nstack += f->params[j].locs[k].reg == PI_LOC_STACK;
		}
	}
	fprintf(out, "architecture: %s\n", m->target->name);
	fprintf(out, "concrete DWARF functions seen: %lu\n", s->seen);
	fprintf(out, "functions kept: %zu (%lu with parameters, %lu .cold parts)\n",
		m->nfuncs, with_params, s->cold_parts);
	for (i = 0; i < PI_DROP_NR; i++)
		fprintf(out, "  dropped, %s: %lu\n", drop_names[i], s->dropped[i]);
	fprintf(out, "  DW_AT_ranges without DW_AT_low_pc: %lu\n", s->ranges_only);
	fprintf(out, "  clones: %lu (parameter order differs from DIE children: %lu)\n",
		s->clones, s->reordered);
	fprintf(out, "  DW_CC_nocall: %lu\n", s->nocall);
	fprintf(out, "  result's address in the first argument register: %lu\n",
		s->hidden_ret);
	fprintf(out, "  more parameters than argument registers (%u): %lu\n",
		m->target->nargs, s->over_regs);
	fprintf(out, "  parameters passed by reference: %lu\n", s->byref);
	fprintf(out, "  unexpected register at entry (locations dropped): %lu\n",
		s->untrusted);
	fprintf(out, "  parameters with contradictory ranges (dropped): %lu\n",
		s->bad_ranges);
	fprintf(out, "  parameters with undecodable location lists (dropped): %lu\n",
		s->unreadable);
	fprintf(out, "functions only an address-less DIE describes (identical-code folding): %lu\n",
		s->decl_kept);
	fprintf(out, "  address-less subprogram DIEs: %lu\n", s->decl_dies);
	fprintf(out, "  skipped, DIEs of the name disagree: %lu\n",
		s->decl_ambiguous);
	fprintf(out, "  skipped, aliases at one address disagree: %lu\n",
		s->decl_conflict);
	fprintf(out, "  skipped, inside or over another function: %lu\n",
		s->decl_overlap);
	fprintf(out, "parameters: %lu, register location ranges: %lu, stack slot ranges: %lu\n",
		nparams, nlocs - nstack, nstack);
	for (i = 0; i < PI_ABI_NR; i++)
		fprintf(out, "  abi %s: %lu\n", abi_names[i], by_abi[i]);
	for (i = 0; i < PI_WHY_NR; i++)
		fprintf(out, "  location %s: %lu\n", pi_why_name(i), by_why[i]);
	pi_stats_flow(out, m);
	pi_stats_naive(out, m);
}
