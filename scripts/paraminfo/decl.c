// SPDX-License-Identifier: GPL-2.0
/*
 * Functions whose only DWARF is a subprogram DIE without an address.
 *
 * gcc's identical-code folding can leave a function with nothing but such
 * a DIE (its parameters' names and types, no DW_AT_low_pc, no concrete
 * instance anywhere), although its code and its ELF STT_FUNC symbol are
 * there: perf_pmu_nop_void, bad_inode_rmdir, text_poke_kgdb in Debian's
 * 6.1 vmlinux. pahole finds those by name and gives them BTF; so does
 * this, under rules that keep the table's own:
 *
 *  - the symbol has code: a size, inside an executable section and, in a
 *    vmlinux, inside kallsyms' text ranges;
 *  - no DWARF instance starts at its address (kept, dropped or from an
 *    assembler unit alike), and it does not overlap a kept function;
 *  - every address-less DIE of its name (DW_AT_declaration ones aside:
 *    those are other units' prototypes, which gcc writes without names)
 *    gives the same prototype, or the name is ambiguous and skipped;
 *  - aliases at one address must agree, as DWARF instances must
 *    (pi_model_finish()); the function is named as kallsyms prints the
 *    address.
 *
 * Such a function gets names, types and ABI slots, and no location: each
 * parameter's reason is PI_WHY_NO_LOCATION, and the machine-code proof
 * (prove.c) leaves it alone.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "reader.h"

/* Ambiguous: address-less DIEs of one name disagree. */
#define PI_DECL_AMBIGUOUS	(-1)

static uint64_t pi_decl_hash(const char *name)
{
	return XXH64(name, strlen(name), 0);
}

/**
 * pi_decl_note() - remember a subprogram DIE that has no address
 * @d: the reader's notes
 * @die: the DIE, at a unit's top level, not a DW_AT_declaration
 */
void pi_decl_note(struct pi_decls *d, Dwarf_Die *die)
{
	const char *name = dwarf_diename(die);

	if (!name)
		return;
	if (d->ndies == d->dcap) {
		d->dcap = d->dcap ? d->dcap * 2 : 4096;
		d->dies = pi_realloc(d->dies, d->dcap, sizeof(*d->dies));
	}
	d->dies[d->ndies++] = (struct pi_decl_die){
		.hash = pi_decl_hash(name),
		.off = dwarf_dieoffset(die),
	};
}

/**
 * pi_decl_claim() - an address a DWARF instance starts at
 * @d: the reader's notes
 * @addr: the address, whether the instance was kept or not
 */
void pi_decl_claim(struct pi_decls *d, uint64_t addr)
{
	if (d->nclaimed == d->ccap) {
		d->ccap = d->ccap ? d->ccap * 2 : 4096;
		d->claimed = pi_realloc(d->claimed, d->ccap, sizeof(*d->claimed));
	}
	d->claimed[d->nclaimed++] = addr;
}

static int pi_decl_die_cmp(const void *a, const void *b)
{
	const struct pi_decl_die *x = a, *y = b;

	if (x->hash != y->hash)
		return x->hash < y->hash ? -1 : 1;
	return x->off < y->off ? -1 : x->off > y->off;
}

static int pi_decl_claimed(const struct pi_decls *d, uint64_t addr)
{
	size_t i = pi_lower_bound(d->claimed, d->nclaimed, sizeof(*d->claimed),
				  0, addr);

	return i < d->nclaimed && d->claimed[i] == addr;
}

/* Names and types are interned: pointer equality is string equality. */
static int pi_decl_same(const struct pi_proto *a, const struct pi_proto *b)
{
	uint32_t i;

	if (a->flags != b->flags || a->noreturn != b->noreturn ||
	    a->nparams != b->nparams)
		return 0;
	for (i = 0; i < a->nparams; i++) {
		const struct pi_param *p = &a->params[i], *q = &b->params[i];

		if (p->name != q->name || p->type != q->type ||
		    p->abi != q->abi || p->size != q->size ||
		    memcmp(p->reg, q->reg, sizeof(p->reg)))
			return 0;
	}
	return 1;
}

struct pi_decl_ctx {
	const struct pi_cc *abi;
	Dwarf *dw;
	struct pi_proto *pr;	/* the prototype found */
	struct pi_proto *tmp;	/* another DIE's, to compare */
	struct pi_stats scratch; /* what reading them counts: not the model's */
};

/*
 * The prototype of the address-less DIEs named @name, in c->pr.
 * Return: 1 when they all agree, 0 when there is none,
 * PI_DECL_AMBIGUOUS when they disagree.
 */
static int pi_decl_proto(const struct pi_decls *d, struct pi_decl_ctx *c,
			 const char *name)
{
	uint64_t hash = pi_decl_hash(name);
	size_t i = pi_lower_bound(d->dies, d->ndies, sizeof(*d->dies),
				  offsetof(struct pi_decl_die, hash), hash);
	int found = 0;

	for (; i < d->ndies && d->dies[i].hash == hash; i++) {
		Dwarf_Die die;
		const char *dname;

		if (!dwarf_offdie(c->dw, d->dies[i].off, &die))
			pi_die("cannot read DIE 0x%llx again: %s",
			       (unsigned long long)d->dies[i].off, dwarf_errmsg(-1));
		dname = dwarf_diename(&die);
		if (!dname || strcmp(dname, name))
			continue;
		pi_dwarf_proto(c->abi, &die, name, found ? c->tmp : c->pr,
			       &c->scratch);
		if (found && !pi_decl_same(c->pr, c->tmp))
			return PI_DECL_AMBIGUOUS;
		found = 1;
	}
	return found;
}

/* Does [addr, addr + size) overlap a function of the finished model? */
static int pi_decl_overlaps(const struct pi_model *m, uint64_t addr,
			    uint64_t size)
{
	size_t i = pi_lower_bound(m->funcs, m->nfuncs, sizeof(*m->funcs),
				  offsetof(struct pi_func, addr), addr);

	if (i < m->nfuncs && m->funcs[i].addr - addr < size)
		return 1;
	return i && m->funcs[i - 1].addr + m->funcs[i - 1].size > addr;
}

/*
 * The prototype every symbol at one address with address-less DIEs
 * agrees on, in c->pr, and the symbols' size.
 * Return: 1 found, 0 none, PI_DECL_AMBIGUOUS when they disagree.
 */
static int pi_decl_at(const struct pi_decls *d, struct pi_decl_ctx *c,
		      const struct pi_sym *syms, size_t n, uint64_t *size,
		      struct pi_stats *stats)
{
	struct pi_proto *keep = NULL;
	size_t i;
	int rc;

	for (i = 0; i < n; i++) {
		if (!syms[i].size)
			continue;
		rc = pi_decl_proto(d, c, syms[i].name);
		if (rc == PI_DECL_AMBIGUOUS)
			stats->decl_ambiguous++;
		if (rc <= 0)
			continue;
		if (keep && (!pi_decl_same(keep, c->pr) || *size != syms[i].size))
			break;
		if (!keep) {
			keep = pi_alloc(sizeof(*keep));
			*size = syms[i].size;
		}
		*keep = *c->pr;
	}
	if (keep) {
		*c->pr = *keep;
		free(keep);
	}
	if (i < n) {
		stats->decl_conflict++;
		return PI_DECL_AMBIGUOUS;
	}
	return keep != NULL;
}

static void pi_decl_build(struct pi_func *f, const struct pi_proto *pr,
			  const char *name, uint64_t addr, uint64_t size,
			  uint32_t group)
{
	uint32_t i;

	memset(f, 0, sizeof(*f));
	f->name = pi_intern(name);
	f->addr = addr;
	f->size = size;
	f->flags = pr->flags;
	f->noreturn = pr->noreturn;
	f->group = group;
	f->decl = 1;
	f->nparams = pr->nparams;
	f->params = pi_alloc(pr->nparams * sizeof(*f->params));
	for (i = 0; i < pr->nparams; i++) {
		f->params[i] = pr->params[i];
		f->params[i].locs = NULL;
		f->params[i].nlocs = 0;
		f->params[i].mems = NULL;
		f->params[i].nmems = 0;
		f->params[i].why = PI_WHY_NO_LOCATION;
	}
}

/* Is the symbol in code that kallsyms names? Its size: pi_decl_at(). */
static int pi_decl_has_code(const struct pi_elf *pe, const struct pi_sym *s)
{
	return pi_elf_code_section(pe, s->addr) && pi_elf_in_text(pe, s->addr);
}

/**
 * pi_decl_add() - add the functions only address-less DIEs describe
 * @d: the notes the DWARF walk took; freed
 * @pe: the ELF file
 * @abi: its calling convention
 * @dw: its DWARF
 * @m: the model, finished; finished again with the new functions
 */
void pi_decl_add(struct pi_decls *d, const struct pi_elf *pe,
		 const struct pi_cc *abi, Dwarf *dw, struct pi_model *m)
{
	struct pi_decl_ctx *c = pi_alloc(sizeof(*c));
	struct pi_func *add = NULL;
	uint64_t end = 0, size = 0;
	size_t i, j, n = 0;

	c->abi = abi;
	c->dw = dw;
	c->pr = pi_alloc(sizeof(*c->pr));
	c->tmp = pi_alloc(sizeof(*c->tmp));
	/* qsort() wants an array even of nothing, and d's are NULL then. */
	if (d->ndies > 1)
		qsort(d->dies, d->ndies, sizeof(*d->dies), pi_decl_die_cmp);
	if (d->nclaimed > 1)
		qsort(d->claimed, d->nclaimed, sizeof(*d->claimed),
		      pi_u64_cmp);
	m->stats.decl_dies = d->ndies;
	for (i = 0; i < pe->nsyms; i = j) {
		const struct pi_sym *s = &pe->syms[i];

		for (j = i + 1; j < pe->nsyms && pe->syms[j].addr == s->addr; j++)
			;
		if (!pi_decl_has_code(pe, s) || pi_decl_claimed(d, s->addr) ||
		    pi_decl_at(d, c, s, j - i, &size, &m->stats) <= 0)
			continue;
		if (s->addr < end || pi_decl_overlaps(m, s->addr, size)) {
			m->stats.decl_overlap++;
			continue;
		}
		add = pi_realloc(add, n + 1, sizeof(*add));
		/* Groups past every DWARF instance's: each is its own. */
		pi_decl_build(&add[n], c->pr, pi_elf_kallsyms_name(pe, s->addr),
			      s->addr, size, m->stats.seen + 1 + n);
		n++;
		end = s->addr + size;
	}
	for (i = 0; i < n; i++)
		*pi_model_add(m) = add[i];
	m->stats.decl_kept = n;
	pi_model_finish(m);
	free(add);
	free(c->pr);
	free(c->tmp);
	free(c);
	free(d->dies);
	free(d->claimed);
	memset(d, 0, sizeof(*d));
}
