// SPDX-License-Identifier: GPL-2.0
/*
 * The oracle's checks of unwind rows and caller frames (x86-64), made at
 * every single-step stop in a fixture function, in any frame, when the
 * dump has rows (gen_paraminfo --dump --unwind).
 *
 * A shadow stack of the calls in progress is kept from the stops alone: a
 * stop at a function's offset 0 pushes a frame holding the registers the
 * function was entered with (DWARF 0-15) and its return address (the 8
 * bytes at rsp, DWARF 16); a stop whose rsp is above a frame's entry rsp
 * pops it (it returned); an entry at the same rsp replaces the frame (a
 * tail call).
 *
 * A row is checked against that truth: sp + cfa must be both the CFA
 * libdw computes from .eh_frame and the entry rsp + 8; each saved
 * register's slot at CFA - off must hold its entry value; each preserved
 * register (rbx, rbp, r12-r15) neither saved nor lost must still hold it.
 *
 * Then the frames above are walked as the kernel would, with the rows and
 * the tracee's memory only: a caller's preserved registers are the saved
 * slots, or the callee's own values where the row neither saves nor loses
 * them; its return address is the saved column 16; its sp is the CFA; its
 * row and its parameters' locations are those at return address - 1. Each
 * caller frame's row is checked as above against its shadow frame, and
 * each of its parameters the table places there, in a preserved register
 * the walk recovered or in a stack slot at the caller's sp + N, against
 * the value the caller was entered with. A caller-saved register is never
 * used in a caller frame.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "oracle.h"

#define PI_UW_RA	16
#define PI_UW_SHOWN	10	/* wrong rows and values printed, per run */
#define PI_UW_DEPTH	64	/* caller frames walked at most */

/* The preserved registers of the SysV ABI: rbx, rbp, r12-r15. */
static const unsigned long pi_preserved = 1UL << 3 | 1UL << 6 | 0xfUL << 12;

/* DWARF x86-64 register names, 0-15. */
static const char * const pi_dwarf_names[16] = {
	"rax", "rdx", "rcx", "rbx", "rsi", "rdi", "rbp", "rsp",
	"r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15",
};

struct pi_uframe {
	struct pi_func *f;
	unsigned long sp;			/* rsp at entry */
	unsigned long long regs[PI_UW_REGS];	/* at entry; [16]: return address */
	unsigned long *val;			/* each parameter's value at entry ... */
	int *has;				/* ... if the oracle knows it */
};

struct pi_uw {
	struct pi_tracee *t;
	unsigned long ret;			/* where the oracle's call returns */
	struct pi_uframe *s;
	int n, cap;
	long shown;
};

/* What a walk knows of one frame: its sp and the registers recovered. */
struct pi_ustate {
	unsigned long sp;
	unsigned long long v[PI_UW_REGS];
	unsigned long known;
};

int pi_nrows;

/* One row's fields; the text is {"from":N,"to":N,"cfa":N,"saved":[[R,O],...],"lost":N}. */
static const char *pi_parse_row(struct pi_urow *w, const char *p)
{
	const char *end = strchr(p, '}'), *k;

	memset(w, 0, sizeof(*w));
	if (!end)
		return NULL;
	k = strstr(p, "\"from\":");
	if (!k || k > end)
		return NULL;
	w->from = strtoul(k + 7, NULL, 10);
	k = strstr(p, "\"to\":");
	if (!k || k > end)
		return NULL;
	w->to = strtoul(k + 5, NULL, 10);
	k = strstr(p, "\"cfa\":");
	if (!k || k > end)
		return NULL;
	w->cfa = strtol(k + 6, NULL, 10);
	k = strstr(p, "\"lost\":");
	if (!k || k > end)
		return NULL;
	w->lost = strtoul(k + 7, NULL, 10);
	k = strstr(p, "\"saved\":[");
	if (!k || k > end)
		return NULL;
	for (k += 9; *k == '[' && w->nsaved < PI_UW_REGS; w->nsaved++) {
		w->saved_reg[w->nsaved] = (int)strtol(k + 1, (char **)&k, 10);
		if (*k != ',')
			return NULL;
		w->saved_off[w->nsaved] = strtol(k + 1, (char **)&k, 10);
		if (*k++ != ']')
			return NULL;
		if (*k == ',')
			k++;
		if (w->saved_reg[w->nsaved] < 0 || w->saved_reg[w->nsaved] >= PI_UW_REGS)
			return NULL;
	}
	return *k == ']' ? end + 1 : NULL;
}

/**
 * pi_parse_unwind() - read a function's "unwind" array.
 * @f: the function.
 * @s: the text after "unwind":, from its '['.
 *
 * Return: 0, or -1 if the rows are not understood.
 */
int pi_parse_unwind(struct pi_func *f, const char *s)
{
	struct pi_urow w;

	if (*s++ != '[')
		return -1;
	while (*s == '{') {
		s = pi_parse_row(&w, s);
		if (!s || w.from >= w.to)
			return -1;
		f->rows = xrealloc(f->rows, (f->nrows + 1) * sizeof(*f->rows));
		f->rows[f->nrows++] = w;
		pi_nrows++;
		if (*s == ',')
			s++;
	}
	return *s == ']' ? 0 : -1;
}

static struct pi_urow *pi_row_at(struct pi_func *g, unsigned long off)
{
	int k;

	for (k = 0; k < g->nrows; k++)
		if (off >= g->rows[k].from && off < g->rows[k].to)
			return &g->rows[k];
	return NULL;
}

static int pi_dwarf_of(int reg)
{
	const char *name = reg >= 0 ? pi_reg_name(reg) : NULL;
	int d;

	for (d = 0; name && d < 16; d++)
		if (!strcmp(pi_dwarf_names[d], name))
			return d;
	return -1;
}

/* G runs in frame F's frame: F itself or one of its .cold parts. */
static int pi_same_frame(struct pi_func *f, struct pi_func *g)
{
	size_t n = strlen(f->name);

	return g == f || (!strncmp(g->name, f->name, n) && !strncmp(g->name + n, ".cold", 5));
}

struct pi_uw *pi_unwind_new(struct pi_tracee *t)
{
	struct pi_uw *u = xrealloc(NULL, sizeof(*u));

	memset(u, 0, sizeof(*u));
	u->t = t;
	return u;
}

/* Before each call of the oracle's: it returns to RET. */
void pi_unwind_reset(struct pi_uw *u, unsigned long ret)
{
	u->n = 0;
	u->ret = ret;
}

/*
 * The values F was entered with: the oracle's own for the function it
 * called (TOP), else the ABI register of each scalar passed in one; for
 * a clone, the location the table gives at offset 0.
 */
static void pi_entry_args(struct pi_uw *u, struct pi_uframe *fr, int top,
			  struct user_regs_struct *r)
{
	struct pi_func *f = fr->f;
	struct pi_param *p;
	struct pi_loc *l;
	int i, k;

	fr->val = xrealloc(fr->val, (f->np + 1) * sizeof(*fr->val));
	fr->has = xrealloc(fr->has, (f->np + 1) * sizeof(*fr->has));
	for (i = 0; i < f->np; i++) {
		p = &f->p[i];
		fr->has[i] = 0;
		fr->val[i] = 0;
		if (top) {
			fr->has[i] = p->has_val;
			fr->val[i] = p->val;
		} else if (f->clone) {
			k = pi_loc_at(p, 0);
			l = k >= 0 ? &p->locs[k] : NULL;
			if (!l || p->size <= 0 || p->size > 8)
				continue;
			if (l->is_stack)
				fr->has[i] = !pi_read(u->t, r->rsp + l->stack, &fr->val[i], p->size);
			else if (l->reg >= 0)
				fr->has[i] = 1;
			if (!l->is_stack && l->reg >= 0)
				fr->val[i] = pi_dwarf_reg(r, pi_dwarf_of(l->reg));
		} else if (p->abi == ABI_REG && p->size > 0 && p->size <= 8) {
			fr->has[i] = 1;
			fr->val[i] = pi_dwarf_reg(r, pi_dwarf_of(p->reg[0]));
		}
	}
}

/* A stop at G's offset 0 (not a .cold part): a call or a tail call. */
static void pi_push(struct pi_uw *u, struct pi_func *g, struct user_regs_struct *r, int top)
{
	struct pi_uframe *fr;
	int d;

	if (u->n && r->rsp == u->s[u->n - 1].sp)
		u->n--;		/* a tail call: G has the frame now */
	if (u->n == u->cap) {
		u->cap = u->cap ? 2 * u->cap : 16;
		u->s = xrealloc(u->s, u->cap * sizeof(*u->s));
		memset(u->s + u->n, 0, (u->cap - u->n) * sizeof(*u->s));
	}
	fr = &u->s[u->n++];
	fr->f = g;
	fr->sp = r->rsp;
	for (d = 0; d < 16; d++)
		fr->regs[d] = pi_dwarf_reg(r, d);
	fr->regs[PI_UW_RA] = 0;
	pi_read(u->t, r->rsp, &fr->regs[PI_UW_RA], 8);
	pi_entry_args(u, fr, top, r);
}

/*
 * Check ROW of G at OFF in shadow frame FR, in the state S of that frame;
 * DW is the CFA libdw gives there, or 0. Returns 0 if it holds.
 */
static int pi_check_row(struct pi_uw *u, struct pi_func *g, unsigned long off,
			struct pi_urow *row, struct pi_uframe *fr, struct pi_ustate *s,
			unsigned long dw, const char *where)
{
	unsigned long cfa = s->sp + row->cfa, saved = 0;
	unsigned long long got;
	char why[160] = "";
	int i, d;

	if (cfa != fr->sp + 8)
		snprintf(why, sizeof(why), "CFA sp%+ld = 0x%lx, the entry rsp + 8 is 0x%lx",
			 row->cfa, cfa, fr->sp + 8);
	else if (dw && dw != cfa)
		snprintf(why, sizeof(why), "CFA sp%+ld = 0x%lx, .eh_frame (libdw) gives 0x%lx",
			 row->cfa, cfa, dw);
	for (i = 0; !*why && i < row->nsaved; i++) {
		d = row->saved_reg[i];
		saved |= 1UL << d;
		got = 0;
		if (pi_read(u->t, cfa - row->saved_off[i], &got, 8) || got != fr->regs[d])
			snprintf(why, sizeof(why), "r%d at CFA-%ld = 0x%llx, its entry value is 0x%llx",
				 d, row->saved_off[i], got, fr->regs[d]);
	}
	for (d = 0; !*why && d < 16; d++)
		if ((pi_preserved >> d & 1) && !(saved >> d & 1) && !(row->lost >> d & 1) &&
		    (s->known >> d & 1) && s->v[d] != fr->regs[d])
			snprintf(why, sizeof(why), "%s = 0x%llx neither saved nor lost, its entry value is 0x%llx",
				 pi_dwarf_names[d], s->v[d], fr->regs[d]);
	if (!*why)
		return 0;
	if (++u->shown <= PI_UW_SHOWN)
		printf("# WRONG ROW %s at +0x%lx (%s) [%lu,%lu) cfa %ld: %s\n",
		       g->name, off, where, row->from, row->to, row->cfa, why);
	return 1;
}

/* G's parameters in caller frame FR at OFF (return address - 1), state S. */
static void pi_check_caller(struct pi_uw *u, struct pi_func *g, unsigned long off,
			    struct pi_uframe *fr, struct pi_ustate *s, struct pi_stats *st)
{
	unsigned long got, mask;
	struct pi_param *p;
	struct pi_loc *l;
	int i, j, k, d, size;

	for (i = 0; i < g->np; i++) {
		p = &g->p[i];
		st->cf_pairs++;
		k = pi_loc_at(p, off);
		if (k < 0)
			continue;
		l = &p->locs[k];
		d = l->is_stack ? -1 : pi_dwarf_of(l->reg);
		if (!l->is_stack && (d < 0 || !(pi_preserved >> d & 1))) {
			if (++st->cf_volatile <= 3)
				printf("# %s: %s at +0x%lx, a return address - 1, is in %s, which the call does not preserve: not used\n",
				       g->name, p->name, off, l->reg >= 0 ? pi_reg_name(l->reg) : "?");
			continue;
		}
		if (!l->is_stack && !(s->known >> d & 1))
			continue;
		st->cf_printable++;
		for (j = 0; j < fr->f->np && g != fr->f; j++)
			if (!strcmp(fr->f->p[j].name, p->name))
				break;
		j = g == fr->f ? i : j;
		if (j >= fr->f->np || !fr->has[j])
			continue;
		size = fr->f->p[j].size > 0 && fr->f->p[j].size <= 8 ? fr->f->p[j].size : 8;
		mask = size >= 8 ? ~0UL : (1UL << (8 * size)) - 1;
		got = 0;
		if (l->is_stack && pi_read(u->t, s->sp + l->stack, &got, size))
			got = ~fr->val[j];
		else if (!l->is_stack)
			got = s->v[d];
		st->cf_checks++;
		if ((got & mask) == (fr->val[j] & mask))
			continue;
		st->cf_wrong++;
		if (++u->shown <= PI_UW_SHOWN)
			printf("# WRONG CALLER %s: %s (%s) at +0x%lx: %s%ld = 0x%lx, entered with 0x%lx (low %d bytes)\n",
			       g->name, p->name, p->type, off,
			       l->is_stack ? "stack sp+" : pi_dwarf_names[d < 0 ? 0 : d],
			       l->is_stack ? l->stack : 0L, got & mask, fr->val[j] & mask, size);
	}
}

/*
 * Walk up from frame K (state S, row ROW of G): the callers' registers
 * from the rows and memory only, checking each caller's row and values.
 */
static void pi_walk(struct pi_uw *u, int k, struct pi_func *g, struct pi_urow *row,
		    struct pi_ustate *s, struct pi_stats *st)
{
	struct pi_ustate c;
	unsigned long cfa, saved, off;
	int depth, i, d;

	for (depth = 0; depth < PI_UW_DEPTH && row; depth++) {
		cfa = s->sp + row->cfa;
		memset(&c, 0, sizeof(c));
		saved = 0;
		for (i = 0; i < row->nsaved; i++) {
			d = row->saved_reg[i];
			saved |= 1UL << d;
			if (!pi_read(u->t, cfa - row->saved_off[i], &c.v[d], 8))
				c.known |= 1UL << d;
		}
		for (d = 0; d < 16; d++)
			if ((pi_preserved >> d & 1) && !(saved >> d & 1) &&
			    !(row->lost >> d & 1) && (s->known >> d & 1)) {
				c.v[d] = s->v[d];
				c.known |= 1UL << d;
			}
		c.sp = cfa;
		if (!(c.known >> PI_UW_RA & 1) || c.v[PI_UW_RA] == u->ret || --k < 0)
			return;
		g = pi_func_at(c.v[PI_UW_RA] - 1);
		if (!g || !pi_same_frame(u->s[k].f, g))
			return;	/* a caller outside the fixture functions */
		off = c.v[PI_UW_RA] - 1 - g->addr;
		st->cf_frames++;
		row = pi_row_at(g, off);
		if (row) {
			st->cf_rows++;
			st->cf_rows_wrong += pi_check_row(u, g, off, row, &u->s[k], &c, 0,
						     "caller frame");
		}
		pi_check_caller(u, g, off, &u->s[k], &c, st);
		*s = c;
	}
}

/**
 * pi_unwind_stop() - the unwind checks at one stop.
 * @u: the shadow stack.
 * @top: the function the oracle called (its arguments are its own).
 * @r: the registers at the stop.
 * @st: where the counts go.
 */
void pi_unwind_stop(struct pi_uw *u, struct pi_func *top, struct user_regs_struct *r,
		    struct pi_stats *st)
{
	struct pi_func *g = pi_func_at(r->rip);
	struct pi_ustate s;
	struct pi_urow *row;
	unsigned long dw = 0;
	int d;

	while (u->n && r->rsp > u->s[u->n - 1].sp)
		u->n--;
	if (g && r->rip == g->addr && !strstr(g->name, ".cold"))
		pi_push(u, g, r, !u->n && g == top);
	if (!g || !u->n || !pi_same_frame(u->s[u->n - 1].f, g))
		return;
	st->uw_stops++;
	row = pi_row_at(g, r->rip - g->addr);
	if (!row)
		return;
	memset(&s, 0, sizeof(s));
	s.sp = r->rsp;
	for (d = 0; d < 16; d++)
		s.v[d] = pi_dwarf_reg(r, d);
	s.known = 0xffffUL & ~(1UL << 7);
	st->uw_rows++;
	if (!pi_cfa(r, &dw))
		dw = 0;
	if (pi_check_row(u, g, r->rip - g->addr, row, &u->s[u->n - 1], &s, dw, "stop")) {
		st->uw_wrong++;
		return;		/* no walk from a wrong row */
	}
	pi_walk(u, u->n - 1, g, row, &s, st);
}
