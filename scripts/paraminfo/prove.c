// SPDX-License-Identifier: GPL-2.0
/*
 * What the dataflow of flow.c proves about each parameter, and where it
 * disagrees with DWARF.
 *
 * A parameter passed in entry register E is printable at an instruction in
 * register R when R holds E's value there, at least as wide as the
 * parameter. That set replaces the DWARF ranges: where DWARF names a
 * register the code refutes, the disagreement is counted by its cause and,
 * when the variable changed, the parameter's reason becomes "reassigned";
 * where the code proves more than DWARF says, the value is printed. The
 * entry registers come from the ABI, and for clones and DW_CC_nocall from
 * DWARF's location at the entry.
 */
#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flow.h"
#include "util.h"

/* Registers that hold entry register @e's value, at least @need bytes. */
static uint32_t pi_flow_holding(const struct pi_flow *fl,
				const struct pi_fstate *s, int e, uint32_t need)
{
	uint32_t proven = 0;
	int k;

	for (k = 0; k < PI_FLOW_REGS; k++)
		if ((fl->all >> k & 1) && s->val[k] == e && s->width[k] >= need)
			proven |= 1u << k;
	return proven;
}

/* Register of the range that goes on: DWARF's, else the last one's, else any. */
static int pi_flow_pick(uint32_t proven, int dwarf, int prev)
{
	if (dwarf >= 0 && (proven >> dwarf & 1))
		return dwarf;
	if (prev >= 0 && (proven >> prev & 1))
		return prev;
	return __builtin_ctz(proven);
}

/* DWARF's register for @p at @off, or -1. */
static int pi_flow_dwarf_reg(const struct pi_param *p, uint32_t off)
{
	uint32_t i;

	for (i = 0; i < p->nlocs; i++)
		if (off >= p->locs[i].from && off < p->locs[i].to)
			return p->locs[i].reg;
	return -1;
}

/*
 * The entry register of each parameter: the ABI's for a plain function;
 * for a clone or DW_CC_nocall, the one DWARF names at the entry, if no
 * other parameter claims it too.
 */
static void pi_flow_entry_regs(const struct pi_flow *fl, const struct pi_func *entry,
			       int8_t *ereg)
{
	uint32_t i, j;

	for (i = 0; i < entry->nparams; i++) {
		const struct pi_param *p = &entry->params[i];

		ereg[i] = -1;
		if (entry->flags & PI_F_UNTRUSTED)
			continue;
		/* By reference: the register holds the copy's 8-byte address. */
		if (p->abi == PI_ABI_BYREF)
			ereg[i] = p->reg[0];
		else if (p->size > 8)
			continue;
		else if (entry->flags & (PI_F_CLONE | PI_F_NOCALL))
			ereg[i] = pi_flow_dwarf_reg(p, entry->entry);
		else if (p->abi == PI_ABI_REG)
			ereg[i] = p->reg[0];
	}
	for (i = 0; i < entry->nparams; i++)
		for (j = i + 1; j < entry->nparams; j++)
			if (ereg[i] >= 0 && ereg[i] == ereg[j])
				ereg[i] = ereg[j] = -1;
}

static void pi_flow_example(const struct pi_target *t, struct pi_stats *st,
			    unsigned int why,
			    const struct pi_func *f, uint32_t off,
			    const struct pi_param *p, int reg)
{
	unsigned int k;

	/* Examples from different functions say more. */
	for (k = 0; k < PI_FLOW_EXAMPLES; k++) {
		size_t n = strlen(f->name);

		if (!strncmp(st->flow_example[why][k], f->name, n) &&
		    st->flow_example[why][k][n] == '+')
			return;
		if (st->flow_example[why][k][0])
			continue;
		snprintf(st->flow_example[why][k], sizeof(st->flow_example[why][k]),
			 "%s+0x%x %s (%s)", f->name, off, p->name,
			 pi_reg_name(t, reg));
		return;
	}
}

/* Why the code refutes DWARF's register @reg for a value of @e. */
static unsigned int pi_flow_refute(const struct pi_fstate *s, int reached,
				   int reg, int e)
{
	if (!reached)
		return PI_REFUTE_UNREACHED;
	if (s->val[reg] >= 0)
		return s->val[reg] == e ? PI_REFUTE_NARROW : PI_REFUTE_OTHER;
	return s->cause[reg];
}

static void pi_flow_add_loc(struct pi_param *p, uint32_t *cap, uint32_t from,
			    uint32_t to, uint8_t reg, uint16_t off)
{
	struct pi_loc *last = p->nlocs ? &p->locs[p->nlocs - 1] : NULL;

	if (last && last->to == from && last->reg == reg && last->off == off) {
		last->to = to;
		return;
	}
	if (p->nlocs == *cap) {
		*cap = *cap ? *cap * 2 : 4;
		p->locs = pi_realloc(p->locs, *cap, sizeof(*p->locs));
	}
	p->locs[p->nlocs++] = (struct pi_loc){ from, to, reg, off };
}

/*
 * The frame address, from the stack pointer at entry, of the slot DWARF
 * says @p's variable is in at @off; PI_FRAME_UNKNOWN when it names none,
 * or one relative to a register the frame does not follow there.
 */
static int64_t pi_flow_dwarf_slot(const struct pi_flow *fl,
				  const struct pi_param *p, uint32_t off,
				  const struct pi_frame *fr)
{
	const struct pi_arch *a = fl->arch;
	uint32_t i;

	for (i = 0; i < p->nmems; i++) {
		const struct pi_mem *m = &p->mems[i];

		if (off < m->from || off >= m->to)
			continue;
		if (m->base == PI_MEM_CFA)
			return (int64_t)m->off + a->cfa;
		if (m->base == a->sp && fr->sp != PI_FRAME_UNKNOWN)
			return (int64_t)fr->sp + m->off;
		if (m->base == a->fp && fr->fp != PI_FRAME_UNKNOWN)
			return (int64_t)fr->fp + m->off;
		return PI_FRAME_UNKNOWN;
	}
	return PI_FRAME_UNKNOWN;
}

/* Why the slot DWARF names at instruction @i holds nothing proven. */
static unsigned int pi_flow_stack_why(const struct pi_flow *fl, uint32_t i,
				      int e, int64_t rel)
{
	const struct pi_frame *fr = &fl->in[i].fr;

	if (e < 0)
		return PI_STACK_NO_ENTRY;
	if (fl->bad)
		return PI_STACK_UNDECODABLE;
	if (!fl->reached[i])
		return PI_STACK_UNREACHED;
	if (fr->sp == PI_FRAME_UNKNOWN)
		return PI_STACK_SP_UNKNOWN;
	if ((fl->inkill[i] | fl->outkill[i]) >> fl->arch->sp & 1)
		return PI_STACK_ALT;
	if (fr->esc)
		return PI_STACK_ESCAPED;
	if (rel < 0 || rel > PARAMINFO_STACK_OFF_MAX)
		return PI_STACK_BELOW_SP;
	return PI_STACK_NOT_HELD;
}

/*
 * Is @e's value, @need bytes of it, in the slot DWARF names for @p at
 * instruction @i? Not inside an alternative that moves the stack pointer:
 * the pc may stop in a replacement that pushed. Every slot DWARF names
 * and the code refutes is counted by cause.
 *
 * Return: its offset from the stack pointer there; -2 when DWARF names
 * none but a slot holds the value (counted, not printed); else -1.
 */
static int pi_flow_stack(const struct pi_flow *fl, uint32_t i,
			 const struct pi_param *p, uint32_t off, int e,
			 uint32_t need, int *dwarf)
{
	const struct pi_frame *fr = &fl->in[i].fr;
	int64_t slot = pi_flow_dwarf_slot(fl, p, off, fr), rel = 0;
	unsigned int why, k;

	*dwarf = slot != PI_FRAME_UNKNOWN;
	if (!*dwarf) {
		if (e < 0 || fl->bad || !fl->reached[i] ||
		    fr->sp == PI_FRAME_UNKNOWN || fr->esc)
			return -1;
		for (k = 0; k < fr->n; k++)
			if (fr->slot[k].val == e && fr->slot[k].width >= need)
				return -2;
		return -1;
	}
	if (fr->sp != PI_FRAME_UNKNOWN)
		rel = slot - fr->sp;
	why = pi_flow_stack_why(fl, i, e, rel);
	if (why == PI_STACK_NOT_HELD && pi_frame_holds(fr, slot, e, need))
		return (int)rel;
	fl->m->stats.stack_refuted[why]++;
	return -1;
}

/*
 * How many bytes of instruction @i a stack range proven at its start
 * covers: all, but where the pc may stop inside it with the slot written
 * (a patched site), and inside a call only where the slot outlives it.
 */
static uint32_t pi_flow_stack_len(const struct pi_flow *fl, uint32_t i,
				  int rel, int e, uint32_t need)
{
	const struct pi_insn *in = &fl->insns[i];
	const struct pi_frame *mid = &fl->mid[i].fr;

	if (pi_flow_patchable(fl, i))
		return 1;
	if (in->kind != PI_INSN_CALL && in->kind != PI_INSN_ICALL)
		return in->len;
	if (mid->sp != fl->in[i].fr.sp ||
	    !pi_frame_holds(mid, (int64_t)mid->sp + rel, e, need))
		return 1;
	return in->len;
}

/*
 * Inside call @i, where no register the call keeps holds the value: the
 * slot that does while the call runs, which DWARF names at the call or at
 * its return address, as an offset from the stack pointer; or -1.
 */
static int pi_flow_call_slot(const struct pi_flow *fl, uint32_t i,
			     const struct pi_param *p, uint32_t off, int e,
			     uint32_t need)
{
	const struct pi_insn *in = &fl->insns[i];
	struct pi_fstate during;
	int64_t slot, rel;

	if (!p->size || p->size > 8)
		return -1;
	pi_flow_during(fl, i, &during);
	slot = pi_flow_dwarf_slot(fl, p, off, &during.fr);
	if (slot == PI_FRAME_UNKNOWN)
		slot = pi_flow_dwarf_slot(fl, p, off + in->len, &during.fr);
	if (slot == PI_FRAME_UNKNOWN || during.fr.sp == PI_FRAME_UNKNOWN ||
	    during.fr.sp != fl->in[i].fr.sp ||
	    !pi_frame_holds(&during.fr, slot, e, need))
		return -1;
	rel = slot - during.fr.sp;
	return rel >= 0 && rel <= PARAMINFO_STACK_OFF_MAX ? (int)rel : -1;
}

/* Is this one of the parameters the coverage figures are about? */
static int pi_flow_counted(const struct pi_flow *fl, uint32_t i,
			   const struct pi_param *p)
{
	return i < fl->m->target->nargs && p->scalar;
}

/* Replace one part's DWARF ranges of parameter @j by the proven ones. */
static void pi_flow_param(struct pi_flow *fl, struct pi_func *f, uint32_t j,
			  int e)
{
	struct pi_stats *st = &fl->m->stats;
	struct pi_param *p = &f->params[j], dw = *p;
	uint32_t need = p->size && p->size < 8 ? p->size : 8, cap = 0, i;
	uint32_t refuted = 0;
	int prev = -1, counted = pi_flow_counted(fl, j, p);
	uint32_t reassigned = 1u << PI_REFUTE_WRITE | 1u << PI_REFUTE_REP |
			      1u << PI_REFUTE_ALT | 1u << PI_REFUTE_MERGE |
			      1u << PI_REFUTE_NARROW;

	p->locs = NULL;
	p->nlocs = 0;
	for (i = 0; i < dw.nlocs && counted; i++)
		st->dwarf_bytes += dw.locs[i].to - dw.locs[i].from;
	for (i = 0; i < fl->n; i++) {
		const struct pi_insn *in = &fl->insns[i];
		uint32_t off = in->addr - f->addr, proven = 0, mid = 0, why;
		const struct pi_fstate *s = &fl->in[i];
		int d, callslot = -1;

		if (in->addr < f->addr || off >= f->size)
			continue;
		d = pi_flow_dwarf_reg(&dw, off);
		if (!fl->bad && fl->reached[i] && e >= 0) {
			proven = pi_flow_holding(fl, s, e, need);
			mid = pi_flow_holding(fl, &fl->mid[i], e, need);
			/*
			 * What a caller frame shows: a register the call
			 * keeps, else a slot that outlives it.
			 */
			if (in->kind == PI_INSN_CALL || in->kind == PI_INSN_ICALL) {
				struct pi_fstate during;
				uint32_t kept;

				pi_flow_during(fl, i, &during);
				kept = pi_flow_holding(fl, &during, e, need);
				if (kept)
					mid = kept;
				else if (mid && in->len > 1 &&
					 !pi_flow_patchable(fl, i))
					callslot = pi_flow_call_slot(fl, i, &dw,
								     off, e, need);
			}
		}
		if (proven) {
			prev = pi_flow_pick(proven, d, prev);
			pi_flow_add_loc(p, &cap, off, off + 1, prev, 0);
		}
		if (callslot >= 0) {
			pi_flow_add_loc(p, &cap, off + 1, off + in->len,
					PI_LOC_STACK, callslot);
		} else if (mid && in->len > 1) {
			prev = pi_flow_pick(mid, d, prev);
			pi_flow_add_loc(p, &cap, off + 1, off + in->len, prev, 0);
		}
		if (!proven && p->size && p->size <= 8) {
			int dslot, slot = pi_flow_stack(fl, i, &dw, off, e,
							need, &dslot);

			st->stack_dwarf += dslot;
			st->stack_gained += slot == -2;
			if (counted && dslot)
				st->stack_dwarf_bytes += in->len;
			if (slot >= 0) {
				st->stack_proven++;
				pi_flow_add_loc(p, &cap, off, off +
						pi_flow_stack_len(fl, i, slot, e,
								  need),
						PI_LOC_STACK, slot);
			}
		}
		if (d < 0) {
			st->flow_gained += !!proven;
			continue;
		}
		if (proven >> d & 1) {
			st->flow_agree++;
			continue;
		}
		if (fl->bad)
			why = PI_REFUTE_UNDECODABLE;
		else if (e < 0)
			why = PI_REFUTE_NO_ENTRY;
		else
			why = pi_flow_refute(s, fl->reached[i], d, e);
		st->flow_refuted[why]++;
		if (counted)
			st->refuted_bytes += in->len;
		refuted |= 1u << why;
		pi_flow_example(fl->m->target, st, why, f, off, p, d);
	}
	free(dw.locs);
	free(dw.mems);
	p->mems = NULL;
	p->nmems = 0;
	if (refuted & reassigned)
		p->why = PI_WHY_REASSIGNED;
	else if (p->nlocs)
		p->why = PI_WHY_REG;
	else if (p->why == PI_WHY_REG)
		p->why = PI_WHY_UNPROVEN;
}

/*
 * What a caller frame shows: at each call's last byte (its return
 * address's byte before), which counted parameters are proven in a
 * register the call preserves (recovered through the deeper frames' save
 * slots) or in a stack slot, and whether an unwind row gets there.
 */
static void pi_flow_call_sites(struct pi_flow *fl)
{
	struct pi_stats *st = &fl->m->stats;
	uint32_t caller_saved = fl->arch->caller_saved;
	size_t i, k;
	uint32_t j;
	int unwound;

	for (i = 0; i < fl->n && !fl->bad; i++) {
		const struct pi_insn *in = &fl->insns[i];
		uint64_t ret = in->addr + in->len;

		if ((in->kind != PI_INSN_CALL && in->kind != PI_INSN_ICALL) ||
		    fl->noreturn[i] || !fl->reached[i])
			continue;
		for (k = 0; k < fl->nparts; k++) {
			const struct pi_func *f = fl->parts[k];
			uint32_t off = ret - 1 - f->addr;

			if (ret <= f->addr || off >= f->size)
				continue;
			st->unwind_calls++;
			unwound = pi_unwind_at(f, off);
			st->unwind_calls_row += unwound;
			for (j = 0; j < f->nparams; j++) {
				const struct pi_param *p = &f->params[j];
				uint32_t l;

				if (!pi_flow_counted(fl, j, p))
					continue;
				st->call_pairs++;
				for (l = 0; l < p->nlocs; l++) {
					if (off < p->locs[l].from ||
					    off >= p->locs[l].to)
						continue;
					if (p->locs[l].reg == PI_LOC_STACK)
						st->call_stack++;
					else if (!(caller_saved >> p->locs[l].reg & 1))
						st->call_reg++;
					else
						continue;
					st->call_unwound += unwound;
				}
			}
		}
	}
}

static int pi_flow_part_cmp(const void *a, const void *b)
{
	const struct pi_func *fa = *(struct pi_func * const *)a;
	const struct pi_func *fb = *(struct pi_func * const *)b;

	return fa->addr < fb->addr ? -1 : fa->addr > fb->addr;
}

/* One function: every part of one DWARF instance. */
static void pi_flow_group(struct pi_flow *fl)
{
	const struct pi_func *entry = NULL;
	int8_t *ereg;
	size_t i;
	uint32_t j;

	/*
	 * Without a DWARF instance (decl.c) nothing checks the entry
	 * against the ABI (pi_entry_trusted() needs locations): prove
	 * nothing, the parameters keep PI_WHY_NO_LOCATION.
	 */
	if (fl->parts[0]->decl)
		return;
	qsort(fl->parts, fl->nparts, sizeof(*fl->parts), pi_flow_part_cmp);
	for (i = 0; i < fl->nparts; i++)
		if (!(fl->parts[i]->flags & PI_F_COLD)) {
			entry = fl->parts[i];
			break;
		}
	fl->objs = entry ? entry : fl->parts[0];
	pi_flow_analyse(fl, entry);
	fl->m->stats.flow_bad += fl->bad;
	fl->m->stats.flow_groups++;
	if (!entry) {
		entry = fl->parts[0];
		fl->bad = 1;
	}
	ereg = pi_alloc(entry->nparams + 1);
	pi_flow_entry_regs(fl, entry, ereg);
	for (i = 0; i < fl->nparts; i++)
		for (j = 0; j < fl->parts[i]->nparams && j < entry->nparams; j++)
			if (!(fl->parts[i]->flags & PI_F_UNTRUSTED))
				pi_flow_param(fl, fl->parts[i], j, ereg[j]);
	pi_unwind_group(fl);
	pi_flow_call_sites(fl);
	free(ereg);
}

static int pi_flow_group_cmp(const void *a, const void *b)
{
	const struct pi_func *fa = *(struct pi_func * const *)a;
	const struct pi_func *fb = *(struct pi_func * const *)b;

	return fa->group < fb->group ? -1 : fa->group > fb->group;
}

/**
 * pi_flow_begin() - set up the machine-code proof of a model's functions
 * @fl: the analysis to set up
 * @pe: the ELF file, for its code and patch tables
 * @m: the finished model, every function of it: a call's target is a C
 *	function when the model has one there
 *
 * Dies when a patch table's layout is unknown. pi_flow_end() releases
 * what this and pi_flow_func() allocate.
 */
void pi_flow_begin(struct pi_flow *fl, const struct pi_elf *pe,
		   struct pi_model *m)
{
	unsigned int i;

	*fl = (struct pi_flow){ .pe = pe, .m = m };
	fl->arch = pi_arch_of(pe);
	fl->dec = fl->arch->open();
	fl->all = fl->arch->gprs & ~(1u << fl->arch->sp);
	for (i = 0; i < m->target->nargs; i++)
		fl->args |= 1u << m->target->arg_regs[i];
	fl->saves = m->target->preserved | 1u << fl->arch->ra;
	fl->args |= fl->saves;
	fl->arch->read_patches(pe, &fl->pp);
	pi_unwind_begin(fl);
	/*
	 * Position-independent code holds jump-table targets as offsets, not
	 * addresses: there, an indirect jump may go anywhere.
	 */
	fl->refs_unknown = pi_elf_type(pe) != ET_EXEC;
	if (!fl->refs_unknown)
		fl->refs = pi_elf_code_refs(pe, &fl->nrefs);
	m->stats.flow_alternatives = fl->pp.alternatives;
}

/**
 * pi_flow_func() - prove the parameter values of one function
 * @fl: the analysis, from pi_flow_begin()
 * @f: a function of its model
 *
 * Replaces the DWARF ranges of @f and of the other parts of its DWARF
 * instance (its .cold part, say) by the proven ones. Each function is to
 * be proven once.
 */
void pi_flow_func(struct pi_flow *fl, struct pi_func *f)
{
	struct pi_func *parts[PI_FLOW_MAX_PARTS];
	size_t i, n = 0;

	for (i = 0; i < fl->m->nfuncs && n < PI_FLOW_MAX_PARTS; i++)
		if (fl->m->funcs[i].group == f->group)
			parts[n++] = &fl->m->funcs[i];
	fl->parts = parts;
	fl->nparts = n;
	pi_flow_group(fl);
	fl->parts = NULL;
	fl->nparts = 0;
}

/**
 * pi_flow_end() - release what pi_flow_begin() and pi_flow_func() hold
 * @fl: the analysis
 */
void pi_flow_end(struct pi_flow *fl)
{
	pi_unwind_end(fl);
	pi_flow_free(fl);
	pi_patches_free(&fl->pp);
	fl->arch->close(fl->dec);
}

/**
 * pi_flow_run() - prove every parameter value from the machine code
 * @pe: the ELF file, for its code and patch tables
 * @m: the finished model; its DWARF ranges are replaced by proven ones
 *
 * Dies when the file has no bytes for a function (a debug-only file) or
 * when a patch table's layout is unknown; a function the decoder cannot
 * decode keeps no values and is counted.
 */
void pi_flow_run(const struct pi_elf *pe, struct pi_model *m)
{
	struct pi_flow fl;
	struct pi_func **order;
	size_t i, j;

	pi_flow_begin(&fl, pe, m);
	order = pi_alloc((m->nfuncs + 1) * sizeof(*order));
	for (i = 0; i < m->nfuncs; i++)
		order[i] = &m->funcs[i];
	if (m->nfuncs > 1)
		qsort(order, m->nfuncs, sizeof(*order), pi_flow_group_cmp);
	for (i = 0; i < m->nfuncs; i = j) {
		for (j = i + 1; j < m->nfuncs && order[j]->group == order[i]->group; j++)
			;
		fl.parts = &order[i];
		fl.nparts = j - i;
		pi_flow_group(&fl);
	}
	free(order);
	pi_flow_end(&fl);
}
