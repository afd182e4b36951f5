// SPDX-License-Identifier: GPL-2.0
/*
 * The neutral model: a growable array of functions, put in address order
 * once the DWARF walk is over, with instances that share an address reduced
 * to one (when they agree) or dropped (when they do not).
 */
#include <stdio.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "util.h"

/**
 * pi_reg_name() - name of a general-purpose register
 * @t: the architecture
 * @reg: DWARF register number
 *
 * Return: "rdi", "x19" and friends, or "?" for anything that is not a GPR.
 */
const char *pi_reg_name(const struct pi_target *t, unsigned int reg)
{
	return reg < t->nregs ? t->reg_names[reg] : "?";
}

/**
 * pi_reg_printable() - does struct pt_regs hold this register's value?
 * @t: the architecture
 * @reg: DWARF register number
 *
 * pt_regs saves every GPR, but the stack pointer holds a stack address,
 * never an argument's value, so a location naming it is not printable.
 *
 * Return: non-zero when a value found in @reg may be printed.
 */
int pi_reg_printable(const struct pi_target *t, unsigned int reg)
{
	return reg < t->nregs && reg != t->sp;
}

/**
 * pi_abi_name() - the dump's name for a parameter's ABI slot
 * @t: the architecture
 * @p: the parameter
 * @buf: scratch space for two-register names
 * @len: size of @buf
 *
 * Return: "rdi", "rdi+rsi", "rdi+xmm", "xmm", "byref x0", "stack",
 * "none" or "unknown" (with the architecture's register names).
 */
const char *pi_abi_name(const struct pi_target *t, const struct pi_param *p,
			char *buf, size_t len)
{
	switch (p->abi) {
	case PI_ABI_REG:
		return pi_reg_name(t, p->reg[0]);
	case PI_ABI_REG2:
		snprintf(buf, len, "%s+%s", pi_reg_name(t, p->reg[0]),
			 pi_reg_name(t, p->reg[1]));
		return buf;
	case PI_ABI_MIXED:
		snprintf(buf, len, "%s+%s", pi_reg_name(t, p->reg[0]), t->vec_name);
		return buf;
	case PI_ABI_BYREF:
		snprintf(buf, len, "byref %s", pi_reg_name(t, p->reg[0]));
		return buf;
	case PI_ABI_XMM:
		return t->vec_name;
	case PI_ABI_STACK:
		return "stack";
	case PI_ABI_NONE:
		return "none";
	default:
		return "unknown";
	}
}

static const char * const pi_why_names[PI_WHY_NR] = {
	[PI_WHY_REG] = "register",
	[PI_WHY_OPTIMIZED_OUT] = "optimized out",
	[PI_WHY_ENTRY_VALUE] = "entry value only",
	[PI_WHY_MEMORY] = "in memory",
	[PI_WHY_COMPUTED] = "computed or constant",
	[PI_WHY_PIECES] = "split in pieces",
	[PI_WHY_XMM] = "in a vector register",
	[PI_WHY_UNTRUSTED] = "untrusted DWARF",
	[PI_WHY_UNREADABLE] = "undecodable location",
	[PI_WHY_REASSIGNED] = "reassigned in this function",
	[PI_WHY_UNPROVEN] = "not provable from the code",
	[PI_WHY_NO_LOCATION] = "no location information",
};

static const char * const pi_refute_names[PI_REFUTE_NR] = {
	[PI_REFUTE_WRITE] = "written since entry (not a copy)",
	[PI_REFUTE_REP] = "rep-string instruction under way",
	[PI_REFUTE_CALL] = "a call may write it",
	[PI_REFUTE_ALT] = "an alternative's replacement writes it",
	[PI_REFUTE_FIXUP] = "exception fixup path",
	[PI_REFUTE_MERGE] = "paths disagree",
	[PI_REFUTE_OTHER] = "holds another register's entry value",
	[PI_REFUTE_NARROW] = "only part of the value left",
	[PI_REFUTE_UNREACHED] = "instruction no edge reaches",
	[PI_REFUTE_UNDECODABLE] = "function not decodable",
	[PI_REFUTE_NO_ENTRY] = "not passed in a register",
};

/**
 * pi_why_name() - human-readable name of a location summary
 * @why: enum pi_why
 *
 * Return: a short phrase such as "optimized out".
 */
const char *pi_why_name(unsigned int why)
{
	return why < PI_WHY_NR ? pi_why_names[why] : "?";
}

/**
 * pi_stack_refute_name() - what the statistics call a stack slot's refutation
 * @why: enum pi_stack_refute
 *
 * Return: a short phrase.
 */
const char *pi_stack_refute_name(unsigned int why)
{
	static const char * const names[PI_STACK_NR] = {
		[PI_STACK_NO_ENTRY] = "not passed in a register",
		[PI_STACK_UNDECODABLE] = "function not decodable",
		[PI_STACK_UNREACHED] = "instruction no edge reaches",
		[PI_STACK_SP_UNKNOWN] = "stack pointer's offset unknown",
		[PI_STACK_ALT] = "inside an alternative that moves it",
		[PI_STACK_ESCAPED] = "a frame address escaped",
		[PI_STACK_BELOW_SP] = "below the stack pointer",
		[PI_STACK_NOT_HELD] = "overwritten, or an escaped object's",
	};

	return why < PI_STACK_NR ? names[why] : "?";
}

/**
 * pi_refute_name() - why the machine code refutes a DWARF register
 * @why: enum pi_refute
 *
 * Return: a short phrase such as "rep-string instruction under way".
 */
const char *pi_refute_name(unsigned int why)
{
	return why < PI_REFUTE_NR ? pi_refute_names[why] : "?";
}

/**
 * pi_model_find() - the function that starts at an address
 * @m: the finished model, in address order
 * @addr: the address
 *
 * Return: the function, or NULL when none starts exactly there.
 */
const struct pi_func *pi_model_find(const struct pi_model *m, uint64_t addr)
{
	size_t i = pi_lower_bound(m->funcs, m->nfuncs, sizeof(*m->funcs),
				  offsetof(struct pi_func, addr), addr);

	return i < m->nfuncs && m->funcs[i].addr == addr ? &m->funcs[i] : NULL;
}

/**
 * pi_model_add() - append an empty function to the model
 * @m: the model
 *
 * Return: the new, zeroed entry; valid until the next pi_model_add().
 */
struct pi_func *pi_model_add(struct pi_model *m)
{
	if (m->nfuncs == m->cap) {
		m->cap = m->cap ? m->cap * 2 : 4096;
		m->funcs = pi_realloc(m->funcs, m->cap, sizeof(*m->funcs));
	}
	memset(&m->funcs[m->nfuncs], 0, sizeof(m->funcs[0]));
	return &m->funcs[m->nfuncs++];
}

static int pi_func_cmp(const void *a, const void *b)
{
	const struct pi_func *fa = a, *fb = b;

	if (fa->addr != fb->addr)
		return fa->addr < fb->addr ? -1 : 1;
	return strcmp(fa->name, fb->name);
}

/* Names and types are interned, so pointer equality is string equality. */
static int pi_param_same(const struct pi_param *a, const struct pi_param *b)
{
	uint32_t i;

	if (a->name != b->name || a->type != b->type || a->abi != b->abi ||
	    a->nlocs != b->nlocs || a->why != b->why ||
	    a->nmems != b->nmems || memcmp(a->reg, b->reg, sizeof(a->reg)))
		return 0;
	for (i = 0; i < a->nlocs; i++)
		if (a->locs[i].from != b->locs[i].from ||
		    a->locs[i].to != b->locs[i].to ||
		    a->locs[i].reg != b->locs[i].reg ||
		    a->locs[i].off != b->locs[i].off)
			return 0;
	for (i = 0; i < a->nmems; i++)
		if (a->mems[i].from != b->mems[i].from ||
		    a->mems[i].to != b->mems[i].to ||
		    a->mems[i].off != b->mems[i].off ||
		    a->mems[i].base != b->mems[i].base)
			return 0;
	return 1;
}

static int pi_func_same(const struct pi_func *a, const struct pi_func *b)
{
	uint32_t i;

	if (a->name != b->name || a->size != b->size ||
	    a->nparams != b->nparams || a->flags != b->flags)
		return 0;
	for (i = 0; i < a->nparams; i++)
		if (!pi_param_same(&a->params[i], &b->params[i]))
			return 0;
	return 1;
}

static void pi_func_free(struct pi_func *f)
{
	uint32_t i;

	for (i = 0; i < f->nparams; i++) {
		free(f->params[i].locs);
		free(f->params[i].mems);
	}
	free(f->params);
	free(f->objs);
	free(f->unwind);
}

/**
 * pi_model_finish() - sort by address and resolve shared addresses
 * @m: the model
 *
 * Several DWARF instances may claim one address. When they describe the
 * same function exactly, one is kept; otherwise none is, since the table
 * could not say which one is right. Kept functions are in address order.
 */
void pi_model_finish(struct pi_model *m)
{
	size_t i, j, out = 0;

	qsort(m->funcs, m->nfuncs, sizeof(*m->funcs), pi_func_cmp);
	for (i = 0; i < m->nfuncs; i = j) {
		int agree = 1;

		for (j = i + 1; j < m->nfuncs && m->funcs[j].addr == m->funcs[i].addr; j++)
			agree &= pi_func_same(&m->funcs[i], &m->funcs[j]);
		if (agree) {
			m->stats.dropped[PI_DROP_DUPLICATE] += j - i - 1;
			m->funcs[out++] = m->funcs[i];
			i++;
		} else {
			m->stats.dropped[PI_DROP_CONFLICT] += j - i;
		}
		for (; i < j; i++)
			pi_func_free(&m->funcs[i]);
	}
	m->nfuncs = out;
}

/**
 * pi_model_free() - release a model
 * @m: the model
 */
void pi_model_free(struct pi_model *m)
{
	size_t i;

	for (i = 0; i < m->nfuncs; i++)
		pi_func_free(&m->funcs[i]);
	free(m->funcs);
	memset(m, 0, sizeof(*m));
}
