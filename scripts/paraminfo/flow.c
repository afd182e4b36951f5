// SPDX-License-Identifier: GPL-2.0
/*
 * The second proof: what the machine code says each register holds.
 *
 * DWARF's location lists say where gcc tracked a parameter's *variable*.
 * An oops line under "Function parameters" is read as the argument that
 * was passed, and the variable may have been reassigned (addr += PAGE_SIZE),
 * advanced by a rep-string instruction that is still under way, or
 * overwritten inside an inline-asm block that var-tracking sees as one
 * instruction. So every function is decoded (all its parts: foo and
 * foo.cold run in one frame), its control-flow graph is built and a
 * forward dataflow computes, at each instruction, which register holds
 * which *entry register's unmodified value*:
 *
 *  - on entry every register holds its own entry value;
 *  - a register-to-register copy passes the value on (only the low bytes
 *    of a narrowing copy); any other write kills it; a call kills what the
 *    callee may write (the C convention's caller-saved registers, nothing
 *    for __fentry__, everything for assembler code of unknown convention);
 *  - where paths meet, a register keeps a value only if every path agrees;
 *  - the kernel's run-time patches are part of the graph: an alternative's
 *    replacement writes count as writes of the code it replaces, a jump
 *    label's nop or jmp has both edges, an exception-table fixup is an
 *    edge on which the handler may have written anything;
 *  - an instruction no edge reaches proves nothing, and a function with
 *    an instruction the decoder does not know proves nothing at all;
 *  - inside the bytes of an instruction the kernel may rewrite (a call of
 *    a thunk, an indirect call, an alternative's site) the pc can stop in
 *    the rewritten code, so only what holds both before and after it
 *    counts there.
 *
 * What that proves about each parameter is prove.c's business.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "flow.h"
#include "util.h"

static int pi_flow_find(const struct pi_flow *fl, uint64_t addr)
{
	size_t i = pi_lower_bound(fl->insns, fl->n, sizeof(*fl->insns),
				  offsetof(struct pi_insn, addr), addr);

	return i < fl->n && fl->insns[i].addr == addr ? (int)i : -1;
}

static int pi_flow_inside(const struct pi_flow *fl, uint64_t addr)
{
	size_t i;

	for (i = 0; i < fl->nparts; i++)
		if (addr >= fl->parts[i]->addr &&
		    addr - fl->parts[i]->addr < fl->parts[i]->size)
			return 1;
	return 0;
}

/* The instruction at @addr inside the function, or -1 outside it. */
static int pi_flow_target(struct pi_flow *fl, uint64_t addr)
{
	int i;

	if (!pi_flow_inside(fl, addr))
		return -1;
	i = pi_flow_find(fl, addr);
	/* Into the middle of an instruction: the decoding is not the code. */
	if (i < 0)
		fl->bad = 1;
	return i;
}

static void pi_flow_xedge(struct pi_flow *fl, uint32_t from, uint32_t to,
			  uint32_t kill, uint8_t cause)
{
	if (fl->nxe == fl->xecap) {
		fl->xecap = fl->xecap ? fl->xecap * 2 : 16;
		fl->xe = pi_realloc(fl->xe, fl->xecap, sizeof(*fl->xe));
	}
	fl->xe[fl->nxe++] = (struct pi_xedge){ from, to, kill, cause };
}

/*
 * In a relocatable file (a kernel module) a call's or jump's displacement
 * is 0 until the module loader relocates it: its target is the
 * relocation's. A target that is an undefined symbol (a function the
 * kernel or another module exports) becomes 0, outside the function.
 *
 * Return: that symbol's name, or NULL.
 */
static const char *pi_flow_reloc(const struct pi_flow *fl, struct pi_insn *in)
{
	if (in->kind != PI_INSN_CALL && in->kind != PI_INSN_JUMP &&
	    in->kind != PI_INSN_BRANCH)
		return NULL;
	return pi_elf_branch(fl->pe, in->addr, in->len, &in->target);
}

static void pi_flow_decode(struct pi_flow *fl)
{
	size_t i;

	fl->n = 0;
	for (i = 0; i < fl->nparts && !fl->bad; i++) {
		const struct pi_func *f = fl->parts[i];
		const uint8_t *code = pi_elf_code(fl->pe, f->addr, f->size);
		uint64_t off = 0;

		if (!code)
			pi_die("no code bytes for %s (a debug-only file?): cannot prove its parameters",
			       f->name);
		while (off < f->size) {
			struct pi_insn *in;

			if (fl->n == fl->cap) {
				fl->cap = fl->cap ? fl->cap * 2 : 256;
				fl->insns = pi_realloc(fl->insns, fl->cap,
						       sizeof(*fl->insns));
			}
			in = &fl->insns[fl->n];
			if (fl->arch->decode(fl->dec, code + off, f->size - off,
					     f->addr + off, in)) {
				fl->bad = 1;
				break;
			}
			pi_flow_reloc(fl, in);
			off += in->len;
			fl->n++;
		}
	}
	fl->m->stats.flow_insns += fl->n;
}

/* The undefined symbol a call of a relocatable file's calls, or NULL. */
static const char *pi_flow_undef(const struct pi_flow *fl,
				 const struct pi_insn *in)
{
	uint64_t target = 0;

	if (in->kind != PI_INSN_CALL)
		return NULL;
	return pi_elf_branch(fl->pe, in->addr, in->len, &target);
}

/* What a call of @target, or of the undefined symbol @undef, may write. */
static uint32_t pi_flow_call_kill(const struct pi_flow *fl, uint64_t target,
				  const char *undef, int *noreturn)
{
	const struct pi_func *f = pi_model_find(fl->m, target);
	const char *sec, *name;

	*noreturn = 0;
	/*
	 * Exported functions are C functions, but for the thunks and
	 * trampolines the architecture knows by name.
	 */
	if (undef) {
		switch (fl->arch->call_class(undef)) {
		case PI_CALL_PRESERVES:
			return 0;
		case PI_CALL_OWN:
			return fl->all;
		default:
			return fl->arch->caller_saved;
		}
	}
	if (pi_flow_inside(fl, target))
		return fl->all;
	if (f) {
		*noreturn = f->noreturn;
		return fl->arch->caller_saved;
	}
	/* A call through the PLT reaches an exported function. */
	sec = pi_elf_code_section(fl->pe, target);
	if (sec && !strncmp(sec, ".plt", 4))
		return fl->arch->caller_saved;
	name = pi_elf_name_at(fl->pe, target);
	switch (name ? fl->arch->call_class(name) : PI_CALL_UNKNOWN) {
	case PI_CALL_ABI:
	case PI_CALL_INDIRECT:
		return fl->arch->caller_saved;
	case PI_CALL_PRESERVES:
		return 0;
	default:
		return fl->all;
	}
}

/*
 * What each call of the function may write, and whether it returns,
 * resolved once: the dataflow visits an instruction many times.
 */
static void pi_flow_calls(struct pi_flow *fl)
{
	size_t i;
	int noreturn;

	for (i = 0; i < fl->n; i++) {
		const struct pi_insn *in = &fl->insns[i];

		fl->callkill[i] = 0;
		fl->noreturn[i] = 0;
		if (in->kind == PI_INSN_CALL) {
			fl->callkill[i] = pi_flow_call_kill(fl, in->target,
							    pi_flow_undef(fl, in),
							    &noreturn);
			fl->noreturn[i] = noreturn;
		} else if (in->kind == PI_INSN_ICALL) {
			fl->callkill[i] = fl->arch->caller_saved;
		}
	}
}

/* What one replacement may write, and where its jumps leave it. */
static uint32_t pi_flow_repl(struct pi_flow *fl, const struct pi_alt *a,
			     uint32_t start, uint32_t *here)
{
	const uint8_t *code = pi_elf_code(fl->pe, a->repl, a->repl_len);
	uint32_t kill = 0;
	uint64_t off = 0;
	const char *undef;
	struct pi_insn in;
	int noreturn, t;

	if (a->unknown || (a->repl_len && !code))
		return fl->all;
	if (!a->repl_len)
		return 0;
	while (off < a->repl_len) {
		if (fl->arch->decode(fl->dec, code + off, a->repl_len - off,
				     a->repl + off, &in))
			return fl->all;
		kill |= in.writes;
		if (!off)
			*here |= in.here;
		undef = pi_flow_reloc(fl, &in);
		if (in.kind == PI_INSN_CALL)
			kill |= pi_flow_call_kill(fl, in.target, undef, &noreturn);
		else if (in.kind == PI_INSN_ICALL || in.kind == PI_INSN_IJUMP)
			kill |= in.kind == PI_INSN_ICALL ? fl->arch->caller_saved : fl->all;
		if ((in.kind == PI_INSN_JUMP || in.kind == PI_INSN_BRANCH) &&
		    (in.target < a->repl || in.target >= a->repl + a->repl_len)) {
			t = pi_flow_target(fl, in.target);
			if (t >= 0)
				pi_flow_xedge(fl, start, t, kill, PI_REFUTE_ALT);
		}
		off += in.len;
	}
	return kill;
}

/* Alternatives: the replacement's writes happen within the site. */
static void pi_flow_alts(struct pi_flow *fl, uint64_t lo, uint64_t hi)
{
	const struct pi_patches *pp = &fl->pp;
	size_t a = pi_lower_bound(pp->alts, pp->nalts, sizeof(*pp->alts),
				  offsetof(struct pi_alt, addr), lo);
	uint32_t kill, here = 0;
	int start, end, i;

	for (; a < pp->nalts && pp->alts[a].addr < hi; a++) {
		const struct pi_alt *alt = &pp->alts[a];

		start = pi_flow_target(fl, alt->addr);
		if (start < 0)
			continue;
		fl->m->stats.flow_alt_sites++;
		here = 0;
		kill = pi_flow_repl(fl, alt, start, &here);
		/*
		 * A replacement may fall through to the end of the site,
		 * where the original may not: "b label" becoming NOPs.
		 */
		end = pi_flow_target(fl, alt->addr + alt->len);
		if (end >= 0)
			pi_flow_xedge(fl, start, end, kill, PI_REFUTE_ALT);
		/* A replacement's first rep-string instruction runs at start. */
		fl->inkill[start] |= here;
		for (i = start; i < (int)fl->n &&
		     fl->insns[i].addr < alt->addr + alt->len; i++) {
			fl->outkill[i] |= kill;
			if (i != start)
				fl->inkill[i] |= kill;
		}
	}
}

/* Jump labels and exception-table fixups of the function's range. */
static void pi_flow_patch_edges(struct pi_flow *fl, uint64_t lo, uint64_t hi)
{
	const struct pi_patches *pp = &fl->pp;
	size_t a = pi_lower_bound(pp->edges, pp->nedges, sizeof(*pp->edges),
				  offsetof(struct pi_edge, from), lo);
	int from, to;

	for (; a < pp->nedges && pp->edges[a].from < hi; a++) {
		const struct pi_edge *e = &pp->edges[a];

		from = pi_flow_target(fl, e->from);
		if (from < 0)
			continue;
		to = pi_flow_target(fl, e->to);
		if (e->fixup) {
			fl->m->stats.flow_fixup_sites++;
			if (to >= 0)
				pi_flow_xedge(fl, from, to, fl->all, PI_REFUTE_FIXUP);
			continue;
		}
		/* The nop may become a jmp to the target, the jmp a nop. */
		fl->m->stats.flow_jump_labels++;
		if (to >= 0)
			pi_flow_xedge(fl, from, to, 0, 0);
		if (from + 1 < (int)fl->n &&
		    fl->insns[from + 1].addr == e->from + fl->insns[from].len)
			pi_flow_xedge(fl, from, from + 1, 0, 0);
	}
}

static void pi_kill(struct pi_fstate *s, uint32_t mask, uint8_t cause)
{
	unsigned int r;

	for (r = 0; mask; r++, mask >>= 1) {
		if (!(mask & 1))
			continue;
		s->val[r] = -1;
		s->cause[r] = cause;
	}
}

static void pi_flow_transfer(const struct pi_flow *fl, uint32_t i,
			     const struct pi_fstate *s, struct pi_fstate *out)
{
	const struct pi_insn *in = &fl->insns[i];
	uint32_t writes = in->writes;

	*out = *s;
	if (in->copy_dst >= 0) {
		int d = in->copy_dst, r = in->copy_src;

		/* A copy of nothing says why there is nothing. */
		out->val[d] = s->val[r];
		out->width[d] = s->width[r] < in->copy_width ? s->width[r] : in->copy_width;
		out->cause[d] = s->cause[r];
		if (in->swap) {
			out->val[r] = s->val[d];
			out->width[r] = s->width[d] < in->copy_width ? s->width[d] : in->copy_width;
			out->cause[r] = s->cause[d];
			writes &= ~(1u << r);
		}
		writes &= ~(1u << d);
	}
	if (in->pac && s->val[fl->arch->ra] == (int)fl->arch->ra)
		writes &= ~(1u << fl->arch->ra);
	pi_kill(out, writes, PI_REFUTE_WRITE);
	pi_kill(out, fl->callkill[i], PI_REFUTE_CALL);
	pi_frame_transfer(fl, i, s, out);
}

/* Keep in @d only what @s agrees with; non-zero when @d changed. */
static int pi_state_meet(const struct pi_flow *fl, struct pi_fstate *d,
			 const struct pi_fstate *s)
{
	int changed = 0;
	unsigned int r;

	for (r = 0; r < PI_FLOW_REGS; r++) {
		if (d->val[r] != s->val[r]) {
			uint8_t c = d->val[r] < 0 ? d->cause[r] :
				    s->val[r] < 0 ? s->cause[r] : PI_REFUTE_MERGE;

			if (d->val[r] >= 0 || d->cause[r] != c) {
				d->val[r] = -1;
				d->cause[r] = c;
				changed = 1;
			}
		} else if (d->val[r] >= 0 && s->width[r] < d->width[r]) {
			d->width[r] = s->width[r];
			changed = 1;
		} else if (d->val[r] < 0 && d->cause[r] != s->cause[r] &&
			   d->cause[r] != PI_REFUTE_MERGE) {
			d->cause[r] = PI_REFUTE_MERGE;
			changed = 1;
		}
	}
	return pi_frame_meet(fl, &d->fr, &s->fr) | changed;
}

/* Meet @s into instruction @i; queue it when that changed anything. */
static void pi_flow_meet(struct pi_flow *fl, size_t *nwork, uint32_t i,
			 const struct pi_fstate *s)
{
	int changed;

	if (!fl->reached[i]) {
		fl->in[i] = *s;
		fl->reached[i] = 1;
		changed = 1;
	} else {
		changed = pi_state_meet(fl, &fl->in[i], s);
	}
	if (changed && !fl->queued[i]) {
		fl->queued[i] = 1;
		fl->work[(*nwork)++] = i;
	}
}

/* Does data hold @addr, so that an indirect jump may reach it? */
static int pi_flow_ref(const struct pi_flow *fl, uint64_t addr)
{
	size_t i = pi_lower_bound(fl->refs, fl->nrefs, sizeof(*fl->refs), 0, addr);

	return i < fl->nrefs && fl->refs[i] == addr;
}

static void pi_flow_succ(struct pi_flow *fl, size_t *nwork, uint32_t i,
			 const struct pi_fstate *out)
{
	const struct pi_insn *in = &fl->insns[i];
	int next = -1, t;
	size_t k;

	if (i + 1 < fl->n && fl->insns[i + 1].addr == in->addr + in->len &&
	    !fl->noreturn[i])
		next = i + 1;
	switch (in->kind) {
	case PI_INSN_JUMP:
	case PI_INSN_BRANCH:
		/* Outside the function: a tail call, the path ends. */
		t = pi_flow_target(fl, in->target);
		if (t >= 0)
			pi_flow_meet(fl, nwork, t, out);
		if (in->kind == PI_INSN_JUMP)
			next = -1;
		break;
	case PI_INSN_IJUMP:
		/*
		 * A jump table's or computed goto's targets are addresses that
		 * data holds; a tail call's target is no instruction of this
		 * function. Where that cannot be told, any instruction may be
		 * a target.
		 */
		for (k = 0; k < fl->n; k++)
			if (fl->refs_unknown || pi_flow_ref(fl, fl->insns[k].addr))
				pi_flow_meet(fl, nwork, k, out);
		next = -1;
		break;
	case PI_INSN_RET:
	case PI_INSN_STOP:
		next = -1;
		break;
	}
	/* Falling off a part's end is falling into another function. */
	if (next >= 0)
		pi_flow_meet(fl, nwork, next, out);
}

static int pi_xedge_cmp(const void *a, const void *b)
{
	const struct pi_xedge *xa = a, *xb = b;

	return xa->from < xb->from ? -1 : xa->from > xb->from;
}

static size_t pi_flow_xfirst(const struct pi_flow *fl, uint32_t i)
{
	size_t lo = 0, hi = fl->nxe;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (fl->xe[mid].from < i)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static void pi_flow_solve(struct pi_flow *fl, uint32_t entry)
{
	struct pi_fstate s, out;
	size_t nwork = 0, k;
	unsigned int r;

	for (r = 0; r < PI_FLOW_REGS; r++) {
		s.val[r] = (fl->all >> r & 1) ? (int8_t)r : -1;
		s.width[r] = 8;
		s.cause[r] = PI_REFUTE_WRITE;
	}
	pi_frame_entry(fl, &s.fr);
	if (fl->nxe > 1)
		qsort(fl->xe, fl->nxe, sizeof(*fl->xe), pi_xedge_cmp);
	pi_flow_meet(fl, &nwork, entry, &s);
	while (nwork) {
		uint32_t i = fl->work[--nwork];

		fl->queued[i] = 0;
		pi_flow_transfer(fl, i, &fl->in[i], &out);
		pi_kill(&out, fl->outkill[i], PI_REFUTE_ALT);
		pi_flow_succ(fl, &nwork, i, &out);
		for (k = pi_flow_xfirst(fl, i); k < fl->nxe && fl->xe[k].from == i; k++) {
			struct pi_fstate x;

			x = out;
			pi_kill(&x, fl->xe[k].kill, fl->xe[k].cause);
			pi_flow_meet(fl, &nwork, fl->xe[k].to, &x);
		}
	}
}

/**
 * pi_flow_patchable() - can the pc stop inside an instruction's bytes
 * @fl: the analysis
 * @i: the instruction's index
 *
 * Only once the kernel has rewritten it: an alternative's site, or a call
 * of anything but a C function of the model (thunks, __fentry__, static
 * call trampolines, paravirt's indirect calls). In a module, a call of an
 * undefined symbol is one of an exported C function unless the
 * architecture knows its name.
 *
 * Return: non-zero when it can.
 */
int pi_flow_patchable(const struct pi_flow *fl, size_t i)
{
	const struct pi_insn *in = &fl->insns[i];
	const char *undef;

	if (fl->outkill[i] || in->kind == PI_INSN_ICALL)
		return 1;
	if (in->kind != PI_INSN_CALL)
		return 0;
	undef = pi_flow_undef(fl, in);
	if (undef)
		return fl->arch->call_class(undef) != PI_CALL_UNKNOWN;
	return !pi_model_find(fl->m, in->target);
}

/*
 * Turn each instruction's state into the one an oops or interrupt with the
 * pc on it finds: a rep-string instruction may be under way, and so may an
 * alternative's replacement. The pc can also stop *inside* an instruction's
 * bytes once the kernel has patched it: a retpoline thunk call becomes
 * "call *%rax; nop3", a paravirt call "pushf; pop %rax", an alternative's
 * nops its replacement. There only what holds both before and after the
 * instruction is proven, which mid[] keeps.
 */
static void pi_flow_visible(struct pi_flow *fl)
{
	struct pi_fstate out;
	size_t i;

	for (i = 0; i < fl->n; i++) {
		if (!fl->reached[i])
			continue;
		pi_flow_transfer(fl, i, &fl->in[i], &out);
		pi_kill(&out, fl->outkill[i], PI_REFUTE_ALT);
		pi_kill(&fl->in[i], fl->insns[i].here, PI_REFUTE_REP);
		pi_kill(&fl->in[i], fl->inkill[i], PI_REFUTE_ALT);
		fl->mid[i] = fl->in[i];
		if (pi_flow_patchable(fl, i))
			pi_state_meet(fl, &fl->mid[i], &out);
	}
}

/**
 * pi_flow_during() - what holds while an instruction runs
 * @fl: the analysis, after pi_flow_analyse()
 * @i: the instruction's index
 * @s: filled in: what holds both before and after it
 *
 * While a call runs, this is what its caller's frame shows.
 */
void pi_flow_during(const struct pi_flow *fl, size_t i, struct pi_fstate *s)
{
	struct pi_fstate out;

	*s = fl->mid[i];
	pi_flow_transfer(fl, i, &fl->in[i], &out);
	pi_kill(&out, fl->outkill[i], PI_REFUTE_ALT);
	pi_state_meet(fl, s, &out);
}

/**
 * pi_flow_analyse() - the dataflow of one function, all its parts
 * @fl: the analysis, with parts and nparts set
 * @entry: the part the function is entered at, or NULL when there is none
 *
 * Fills insns, reached, in (the state an oops at an instruction finds) and
 * mid (inside its bytes), or sets bad when the code cannot be decoded.
 */
void pi_flow_analyse(struct pi_flow *fl, const struct pi_func *entry)
{
	size_t i;
	int start = -1;

	fl->bad = 0;
	fl->nxe = 0;
	pi_flow_decode(fl);
	fl->in = pi_realloc(fl->in, fl->n + 1, sizeof(*fl->in));
	fl->mid = pi_realloc(fl->mid, fl->n + 1, sizeof(*fl->mid));
	fl->reached = pi_realloc(fl->reached, fl->n + 1, 1);
	fl->queued = pi_realloc(fl->queued, fl->n + 1, 1);
	fl->outkill = pi_realloc(fl->outkill, fl->n + 1, sizeof(uint32_t));
	fl->inkill = pi_realloc(fl->inkill, fl->n + 1, sizeof(uint32_t));
	fl->work = pi_realloc(fl->work, fl->n + 1, sizeof(uint32_t));
	fl->callkill = pi_realloc(fl->callkill, fl->n + 1, sizeof(uint32_t));
	fl->noreturn = pi_realloc(fl->noreturn, fl->n + 1, 1);
	pi_flow_calls(fl);
	memset(fl->reached, 0, fl->n);
	memset(fl->queued, 0, fl->n);
	memset(fl->outkill, 0, fl->n * sizeof(uint32_t));
	memset(fl->inkill, 0, fl->n * sizeof(uint32_t));
	for (i = 0; i < fl->nparts && !fl->bad; i++) {
		uint64_t lo = fl->parts[i]->addr, hi = lo + fl->parts[i]->size;

		pi_flow_alts(fl, lo, hi);
		pi_flow_patch_edges(fl, lo, hi);
	}
	if (entry && !fl->bad)
		start = pi_flow_find(fl, entry->addr);
	/* A jump into an instruction's middle shows up while solving, too. */
	if (start >= 0) {
		pi_flow_solve(fl, start);
		pi_flow_visible(fl);
	}
}

/**
 * pi_flow_free() - release an analysis's buffers
 * @fl: the analysis
 */
void pi_flow_free(struct pi_flow *fl)
{
	free(fl->insns);
	free(fl->in);
	free(fl->mid);
	free(fl->reached);
	free(fl->queued);
	free(fl->outkill);
	free(fl->inkill);
	free(fl->work);
	free(fl->callkill);
	free(fl->noreturn);
	free(fl->xe);
	free(fl->refs);
}
