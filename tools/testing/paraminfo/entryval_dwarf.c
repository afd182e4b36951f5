// SPDX-License-Identifier: GPL-2.0
/*
 * entryval's DWARF side: the functions' instances, their parameters'
 * entry-value pairs against what the dump prints, and every call site,
 * tied to its callee and what it passes in each register the callee
 * needs the entry value of.
 */
#include <dwarf.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "entryval.h"

static int ev_ref(Dwarf_Die *die, unsigned int name, Dwarf_Die *out)
{
	Dwarf_Attribute attr;

	return dwarf_attr(die, name, &attr) && dwarf_formref_die(&attr, out);
}

/* Where abstract origins and specifications end: one per function. */
static Dwarf_Off ev_root(Dwarf_Die *die)
{
	Dwarf_Die d = *die, mem;
	int depth;

	for (depth = 0; depth < 16; depth++) {
		if (!ev_ref(&d, DW_AT_abstract_origin, &mem) &&
		    !ev_ref(&d, DW_AT_specification, &mem))
			break;
		d = mem;
	}
	return dwarf_dieoffset(&d);
}

static const char *ev_ext_name(Dwarf_Die *die)
{
	Dwarf_Attribute attr;
	bool ext;
	const char *name;

	if (!dwarf_attr_integrate(die, DW_AT_external, &attr) ||
	    dwarf_formflag(&attr, &ext) || !ext)
		return NULL;
	name = dwarf_formstring(dwarf_attr_integrate(die, DW_AT_linkage_name,
						     &attr));
	return name ?: dwarf_diename(die);
}

static void ev_add_inst(struct ev_ctx *x, Dwarf_Die *die, size_t *icap,
			size_t *pcap)
{
	size_t nparts = x->nparts;
	Dwarf_Addr base, lo, hi;
	struct ev_inst *in;
	ptrdiff_t off = 0;

	while ((off = dwarf_ranges(die, off, &base, &lo, &hi)) > 0) {
		if (lo >= hi)
			continue;
		x->parts = ev_grow(x->parts, pcap, x->nparts + 1,
				   sizeof(*x->parts));
		x->parts[x->nparts++] = (struct ev_part){ lo, hi, x->ninsts };
	}
	if (nparts == x->nparts)
		return;
	x->insts = ev_grow(x->insts, icap, x->ninsts + 1, sizeof(*in));
	in = &x->insts[x->ninsts++];
	memset(in, 0, sizeof(*in));
	in->die = dwarf_dieoffset(die);
	in->root = ev_root(die);
	in->name = ev_ext_name(die);
}

/* Every call site below @die, in lexical blocks and inlined code too. */
static void ev_find_calls(struct ev_ctx *x, Dwarf_Die *die, size_t *cap)
{
	Dwarf_Die child;

	if (dwarf_child(die, &child))
		return;
	do {
		int tag = dwarf_tag(&child);

		if (tag == DW_TAG_call_site || tag == DW_TAG_GNU_call_site) {
			x->calls = ev_grow(x->calls, cap, x->ncalls + 1,
					   sizeof(*x->calls));
			x->calls[x->ncalls++] = dwarf_dieoffset(&child);
		} else if (dwarf_haschildren(&child)) {
			ev_find_calls(x, &child, cap);
		}
	} while (!dwarf_siblingof(&child, &child));
}

static int ev_part_hi_cmp(const void *a, const void *b)
{
	const struct ev_part *pa = a, *pb = b;

	if (pa->hi != pb->hi)
		return pa->hi < pb->hi ? -1 : 1;
	return pa->inst < pb->inst ? -1 : pa->inst > pb->inst;
}

static int ev_root_key(const struct ev_inst *in, const void *key)
{
	Dwarf_Off root = *(const Dwarf_Off *)key;

	return in->root < root ? -1 : in->root > root;
}

static int ev_name_key(const struct ev_inst *in, const void *key)
{
	return strcmp(in->name, key);
}

static int ev_root_cmp(const void *a, const void *b)
{
	return ev_root_key(*(struct ev_inst * const *)a,
			   &(*(struct ev_inst * const *)b)->root);
}

static int ev_name_cmp(const void *a, const void *b)
{
	return ev_name_key(*(struct ev_inst * const *)a,
			   (*(struct ev_inst * const *)b)->name);
}

/* The instances of sorted @v that @key matches: the first, and @n. */
static struct ev_inst **ev_range(struct ev_inst **v, size_t nv,
				 int (*key)(const struct ev_inst *, const void *),
				 const void *k, size_t *n)
{
	size_t lo = 0, hi = nv;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (key(v[mid], k) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (*n = 0; lo + *n < nv && !key(v[lo + *n], k); (*n)++)
		;
	return v + lo;
}

/* The first part ending at @hi, or NULL. */
static const struct ev_part *ev_part_ending(const struct ev_ctx *x, uint64_t hi)
{
	size_t lo = 0, n = x->nparts;

	while (lo < n) {
		size_t mid = lo + (n - lo) / 2;

		if (x->parts[mid].hi < hi)
			lo = mid + 1;
		else
			n = mid;
	}
	return lo < x->nparts && x->parts[lo].hi == hi ? &x->parts[lo] : NULL;
}

/*
 * Collect the concrete subprograms and the call sites, index them by end
 * address, by root DIE and by external name, and give each function of
 * the dump its DWARF instance: the one with a part ending where it ends,
 * starting at or a few ftrace NOPs after it.
 */
void ev_walk(struct ev_ctx *x)
{
	size_t icap = 0, pcap = 0, ccap = 0, i;
	Dwarf_Die cudie, subdie, child;
	Dwarf_CU *cu = NULL;
	Dwarf_Half version;
	uint8_t unit_type;

	while (!dwarf_get_units(x->dw, cu, &cu, &version, &unit_type, &cudie,
				&subdie)) {
		if (unit_type == DW_UT_type || dwarf_child(&cudie, &child))
			continue;
		do {
			if (dwarf_tag(&child) != DW_TAG_subprogram ||
			    dwarf_hasattr(&child, DW_AT_declaration))
				continue;
			if (dwarf_hasattr(&child, DW_AT_low_pc) ||
			    dwarf_hasattr(&child, DW_AT_ranges))
				ev_add_inst(x, &child, &icap, &pcap);
			ev_find_calls(x, &child, &ccap);
		} while (!dwarf_siblingof(&child, &child));
	}
	qsort(x->parts, x->nparts, sizeof(*x->parts), ev_part_hi_cmp);
	for (i = 0; i < x->nfuncs; i++) {
		struct ev_func *f = &x->funcs[i];
		const struct ev_part *p = ev_part_ending(x, f->addr + f->size);
		struct ev_inst *in;

		if (!p || p->lo < f->addr || p->lo - f->addr > EV_MAX_PAD)
			continue;
		f->inst = p->inst;
		in = &x->insts[p->inst];
		/* A call enters the symbol of the hot part, not .cold's. */
		if (!strstr(f->name, ".cold")) {
			in->func = f->name;
			in->entry = f->addr;
		} else if (!in->func) {
			in->func = f->name;
		}
	}
	/*
	 * Only the table's functions are callees: not a dropped __weak one,
	 * nor one whose .cold part alone has a symbol.
	 */
	x->byroot = ev_zalloc(x->ninsts * sizeof(*x->byroot));
	x->byname = ev_zalloc(x->ninsts * sizeof(*x->byname));
	for (i = 0; i < x->ninsts; i++) {
		if (!x->insts[i].entry)
			continue;
		x->byroot[x->nbyroot++] = &x->insts[i];
		if (x->insts[i].name)
			x->byname[x->nbyname++] = &x->insts[i];
	}
	qsort(x->byroot, x->nbyroot, sizeof(*x->byroot), ev_root_cmp);
	qsort(x->byname, x->nbyname, sizeof(*x->byname), ev_name_cmp);
}

/* The DIE whose children are the declared parameters, as gen_paraminfo. */
static void ev_decl_die(Dwarf_Die *die, Dwarf_Die *out)
{
	Dwarf_Die mem, child;
	int depth;

	*out = *die;
	for (depth = 0; depth < 8 && ev_ref(out, DW_AT_abstract_origin, &mem);
	     depth++)
		*out = mem;
	if (!dwarf_child(out, &child))
		do {
			int tag = dwarf_tag(&child);

			if (tag == DW_TAG_formal_parameter ||
			    tag == DW_TAG_unspecified_parameters)
				return;
		} while (!dwarf_siblingof(&child, &child));
	if (ev_ref(out, DW_AT_specification, &mem))
		*out = mem;
}

/* gen_paraminfo's scalar: integer, enum or pointer of at most 8 bytes. */
static int ev_scalar(Dwarf_Die *param)
{
	Dwarf_Die t;
	Dwarf_Attribute attr;
	Dwarf_Word enc = 0, size = 0;
	int depth, tag;

	if (!dwarf_attr_integrate(param, DW_AT_type, &attr) ||
	    !dwarf_formref_die(&attr, &t))
		return 0;
	for (depth = 0; depth < 64; depth++) {
		tag = dwarf_tag(&t);
		if (tag != DW_TAG_typedef && tag != DW_TAG_const_type &&
		    tag != DW_TAG_volatile_type && tag != DW_TAG_restrict_type &&
		    tag != DW_TAG_atomic_type)
			break;
		if (!dwarf_attr_integrate(&t, DW_AT_type, &attr) ||
		    !dwarf_formref_die(&attr, &t))
			return 0;
	}
	if (tag == DW_TAG_pointer_type || tag == DW_TAG_enumeration_type)
		return 1;
	if (tag != DW_TAG_base_type)
		return 0;
	if (dwarf_attr_integrate(&t, DW_AT_encoding, &attr))
		dwarf_formudata(&attr, &enc);
	if (dwarf_aggregate_size(&t, &size))
		size = 0;
	return enc != DW_ATE_float && enc != DW_ATE_complex_float && size <= 8;
}

/*
 * The register of DW_OP_entry_value(DW_OP_regN) [DW_OP_stack_value], 1
 * with @reg set; -1 for any other expression that uses an entry value; 0
 * for one that does not.
 */
static int ev_entry_reg(Dwarf_Attribute *attr, Dwarf_Op *ops, size_t n,
			unsigned int *reg)
{
	Dwarf_Attribute sub;
	Dwarf_Op *in;
	size_t i, nin;

	for (i = 0; i < n; i++)
		if (ops[i].atom == DW_OP_entry_value ||
		    ops[i].atom == DW_OP_GNU_entry_value)
			break;
	if (i == n)
		return 0;
	if (i || (n == 2 && ops[1].atom != DW_OP_stack_value) || n > 2 ||
	    dwarf_getlocation_attr(attr, &ops[0], &sub) ||
	    dwarf_getlocation(&sub, &in, &nin) || nin != 1)
		return -1;
	if (in[0].atom >= DW_OP_reg0 && in[0].atom <= DW_OP_reg31)
		*reg = in[0].atom - DW_OP_reg0;
	else if (in[0].atom == DW_OP_regx)
		*reg = in[0].number;
	else
		return -1;
	return 1;
}

static void ev_add_need(struct ev_ctx *x, struct ev_inst *in,
			unsigned int reg, uint64_t pairs)
{
	struct ev_need *nd;
	unsigned int i;

	if (!in->need) {
		in->need = ev_zalloc(sizeof(*in->need));
		x->needy++;
	}
	nd = in->need;
	for (i = 0; i < nd->nreg && nd->reg[i] != reg; i++)
		;
	if (i == EV_MAX_NEED)
		ev_die("%s needs entry values of over %d registers", in->func,
		       EV_MAX_NEED);
	nd->reg[i] = reg;
	nd->nreg += i == nd->nreg;
	nd->pairs[i] += pairs;
}

/*
 * One parameter of @f: count its pairs where DWARF says entry value, and
 * which of them paraminfo prints. @mark has f->size bytes: 1 where the
 * dump prints the parameter.
 */
static void ev_param_ceiling(struct ev_ctx *x, const struct ev_func *f,
			     struct ev_inst *in, Dwarf_Die *param,
			     uint8_t *mark)
{
	Dwarf_Addr base, start, end, a;
	Dwarf_Attribute attr;
	ptrdiff_t off = 0;
	Dwarf_Op *ops;
	size_t n;

	if (!dwarf_attr(param, DW_AT_location, &attr))
		return;
	while ((off = dwarf_getlocations(&attr, off, &base, &start, &end,
					 &ops, &n)) > 0) {
		unsigned int reg = 0;
		uint64_t unprinted = 0;
		int kind = ev_entry_reg(&attr, ops, n, &reg);

		if (!kind)
			continue;
		start = start > f->addr ? start : f->addr;
		end = end < f->addr + f->size ? end : f->addr + f->size;
		for (a = start; a < end; a++) {
			uint8_t *m = &mark[a - f->addr];

			if (*m & 2)
				continue;
			if (kind < 0 && !(*m & 1))
				x->ev_computed++;
			else if (kind > 0 && (*m & 1))
				x->ev_printed++;
			else if (kind > 0)
				unprinted++;
			*m |= 2;
		}
		x->ev_pairs += unprinted;
		if (unprinted)
			ev_add_need(x, in, reg, unprinted);
	}
}

/* Part 1: the population and the ceiling, function by function. */
void ev_ceiling(struct ev_ctx *x)
{
	uint8_t *mark = NULL;
	size_t cap = 0, i;

	for (i = 0; i < x->nfuncs; i++) {
		const struct ev_func *f = &x->funcs[i];
		Dwarf_Off decl_off[EV_MAX_PARAMS];
		Dwarf_Die die, decl, child, concrete[EV_MAX_PARAMS];
		uint32_t j, k, nd = 0;
		struct ev_inst *in;

		if (f->inst < 0) {
			x->no_instance++;
			continue;
		}
		in = &x->insts[f->inst];
		if (!dwarf_offdie(x->dw, in->die, &die))
			ev_die("DIE 0x%" PRIx64 ": %s", in->die, dwarf_errmsg(-1));
		ev_decl_die(&die, &decl);
		if (!dwarf_child(&decl, &child))
			do {
				if (dwarf_tag(&child) != DW_TAG_formal_parameter ||
				    nd == EV_MAX_PARAMS)
					continue;
				decl_off[nd] = dwarf_dieoffset(&child);
				concrete[nd++] = child;
			} while (!dwarf_siblingof(&child, &child));
		/* The concrete DIE of each declared one, by abstract origin. */
		if (decl.addr != die.addr && !dwarf_child(&die, &child))
			do {
				Dwarf_Die o;

				if (dwarf_tag(&child) != DW_TAG_formal_parameter ||
				    !ev_ref(&child, DW_AT_abstract_origin, &o))
					continue;
				for (k = 0; k < nd; k++)
					if (decl_off[k] == dwarf_dieoffset(&o))
						concrete[k] = child;
			} while (!dwarf_siblingof(&child, &child));
		mark = ev_grow(mark, &cap, f->size, 1);
		for (j = 0; j < f->nparams && j < x->arch->nargs; j++) {
			const struct ev_param *p = &f->params[j];
			const char *name = j < nd ? dwarf_diename(&concrete[j]) : NULL;

			if (j >= nd || strcmp(name ?: "", p->name)) {
				x->name_mismatch++;
				continue;
			}
			if (!ev_scalar(&concrete[j]))
				continue;
			x->pairs += f->size;
			memset(mark, 0, f->size);
			for (k = 0; k < p->nlocs; k++)
				if (p->locs[k].from < p->locs[k].to &&
				    p->locs[k].to <= f->size)
					memset(mark + p->locs[k].from, 1,
					       p->locs[k].to - p->locs[k].from);
			ev_param_ceiling(x, f, in, &concrete[j], mark);
		}
	}
	free(mark);
}

/* Does a call to @to enter @in (at its symbol, before ftrace's NOPs)? */
static int ev_enters(const struct ev_inst *in, uint64_t to)
{
	return in->entry >= to && in->entry - to <= EV_MAX_PAD;
}

/* The instance a constant DW_AT_call_target enters, or NULL. */
static struct ev_inst *ev_inst_at(const struct ev_ctx *x, uint64_t to)
{
	size_t lo = 0, n = x->nparts;

	while (lo < n) {
		size_t mid = lo + (n - lo) / 2;

		if (x->parts[mid].hi <= to)
			lo = mid + 1;
		else
			n = mid;
	}
	for (; lo < x->nparts && x->parts[lo].lo <= to + EV_MAX_PAD; lo++) {
		struct ev_inst *in = &x->insts[x->parts[lo].inst];

		if (in->entry && ev_enters(in, to))
			return in;
	}
	return NULL;
}

static int ev_expr(Dwarf_Die *die, unsigned int name, unsigned int gnu,
		   Dwarf_Op **ops, size_t *n)
{
	Dwarf_Attribute attr;

	if (!dwarf_attr(die, name, &attr) && !dwarf_attr(die, gnu, &attr))
		return 0;
	return !dwarf_getlocation(&attr, ops, n) && *n;
}

/* The only candidate, or the one the direct call enters; else NULL. */
static struct ev_inst *ev_pick(struct ev_inst **c, size_t n, uint64_t to)
{
	size_t i;

	if (n == 1)
		return c[0];
	for (i = 0; to && i < n; i++)
		if (ev_enters(c[i], to))
			return c[i];
	return NULL;
}

/*
 * Which callee a call site enters: its origin's instances (several for
 * clones of one function), or those of its name in another unit (several
 * when objects are linked twice under other names, as arm64's EFI stub
 * is), or a constant target; among several, the direct call's target
 * decides. NULL when unknown.
 */
static struct ev_inst *ev_callee(struct ev_ctx *x, Dwarf_Die *cs,
				 uint64_t ret)
{
	struct ev_inst *in = NULL, **c;
	const uint8_t *code;
	const char *name;
	uint64_t to = 0;
	Dwarf_Die origin;
	Dwarf_Off root;
	Dwarf_Op *ops;
	size_t n;

	code = ev_code(x, ret - x->arch->call_len, x->arch->call_len);
	if (!code || !x->arch->target(code, ret, &to))
		to = 0;
	if (ev_ref(cs, DW_AT_call_origin, &origin) ||
	    ev_ref(cs, DW_AT_abstract_origin, &origin)) {
		root = ev_root(&origin);
		c = ev_range(x->byroot, x->nbyroot, ev_root_key, &root, &n);
		name = ev_ext_name(&origin);
		if (!n && name)
			c = ev_range(x->byname, x->nbyname, ev_name_key, name, &n);
		in = n ? ev_pick(c, n, to) : NULL;
		x->cs_unresolved += !n;
		x->cs_ambiguous += n && !in;
	} else if (ev_expr(cs, DW_AT_call_target, DW_AT_GNU_call_site_target,
			   &ops, &n) && n == 1 && ops[0].atom == DW_OP_addr) {
		in = ev_inst_at(x, ops[0].number);
		x->cs_unresolved += !in;
	} else {
		x->cs_indirect++;
	}
	x->cs_disagree += in && to && !ev_enters(in, to) && ev_inst_at(x, to);
	return in;
}

/*
 * The class of a DW_AT_call_value expression, and in @bytes what storing
 * it would take: a byte of register slot and class, then the operand (a
 * constant, an address from the text base; a register and an offset; an
 * offset from the caller's stack pointer or frame base).
 */
static enum ev_class ev_classify(struct ev_ctx *x, Dwarf_Op *ops,
				 size_t n, unsigned int *bytes)
{
	unsigned int regs = 0, stack = 0, deref = 0, reg, i;
	int64_t v = 0;

	if (n && ops[n - 1].atom == DW_OP_stack_value)
		n--;
	if (!n)
		return EV_OTHER;
	if (ops[0].atom == DW_OP_entry_value ||
	    ops[0].atom == DW_OP_GNU_entry_value)
		return n == 1 ? EV_ENTRY : EV_OTHER;
	for (i = 0; i < n; i++) {
		unsigned int a = ops[i].atom;

		if (a >= DW_OP_lit0 && a <= DW_OP_lit31) {
			v = a - DW_OP_lit0;
		} else if ((a >= DW_OP_const1u && a <= DW_OP_consts) ||
			   a == DW_OP_constx) {
			v = ops[i].number;
		} else if (a == DW_OP_addr || a == DW_OP_addrx ||
			   a == DW_OP_GNU_addr_index) {
			v = ops[i].number - x->text_base;
		} else if ((a >= DW_OP_breg0 && a <= DW_OP_breg31) ||
			   a == DW_OP_bregx || (a >= DW_OP_reg0 && a <= DW_OP_reg31)) {
			reg = a == DW_OP_bregx ? ops[i].number :
			      a >= DW_OP_breg0 ? a - DW_OP_breg0 : a - DW_OP_reg0;
			v = a == DW_OP_bregx ? (int64_t)ops[i].number2 :
			    a >= DW_OP_breg0 ? (int64_t)ops[i].number : 0;
			if (reg == x->arch->sp)
				stack++;
			else if (reg < 32 && (x->arch->saved >> reg & 1))
				regs++;
			else
				return EV_OTHER;
		} else if (a == DW_OP_fbreg) {
			v = (int64_t)ops[i].number;
			stack++;
		} else if (a == DW_OP_call_frame_cfa) {
			stack++;
		} else if (a == DW_OP_deref || a == DW_OP_deref_size) {
			deref++;
		} else if (a != DW_OP_plus && a != DW_OP_plus_uconst &&
			   a != DW_OP_minus && a != DW_OP_neg && a != DW_OP_not &&
			   a != DW_OP_and && a != DW_OP_or && a != DW_OP_xor &&
			   a != DW_OP_shl && a != DW_OP_shr && a != DW_OP_shra &&
			   a != DW_OP_mul) {
			return EV_OTHER;
		}
	}
	*bytes = 1 + ev_sleb_len(v);
	if (stack && !regs)
		return EV_STACK;
	if (stack || deref)
		return EV_OTHER;
	if (!regs) {
		x->const_values++;
		x->const_addrs += ops[0].atom == DW_OP_addr ||
				  ops[0].atom == DW_OP_addrx ||
				  ops[0].atom == DW_OP_GNU_addr_index;
		return EV_CONST;
	}
	*bytes += 1;
	return regs == 1 ? EV_SAVED : EV_OTHER;
}

/* What @cs passes in each register @in needs the entry value of. */
static void ev_site_values(struct ev_ctx *x, Dwarf_Die *cs,
			   struct ev_inst *in, uint64_t ret)
{
	struct ev_need *nd = in->need;
	unsigned int cls[EV_MAX_NEED], bytes[EV_MAX_NEED] = { 0 }, v, i;
	struct ev_site site = { .ret = ret, .inst = in - x->insts };
	size_t n;
	Dwarf_Die p;
	Dwarf_Op *ops;

	for (i = 0; i < nd->nreg; i++)
		cls[i] = EV_MISSING;
	if (!dwarf_child(cs, &p))
		do {
			unsigned int reg;

			if ((dwarf_tag(&p) != DW_TAG_call_site_parameter &&
			     dwarf_tag(&p) != DW_TAG_GNU_call_site_parameter) ||
			    !ev_expr(&p, DW_AT_location, DW_AT_location, &ops, &n) ||
			    n != 1 || ops[0].atom < DW_OP_reg0 ||
			    ops[0].atom > DW_OP_reg31)
				continue;
			reg = ops[0].atom - DW_OP_reg0;
			for (i = 0; i < nd->nreg && nd->reg[i] != reg; i++)
				;
			if (i == nd->nreg)
				continue;
			cls[i] = EV_OTHER;
			if (ev_expr(&p, DW_AT_call_value,
				    DW_AT_GNU_call_site_value, &ops, &n))
				cls[i] = ev_classify(x, ops, n, &bytes[i]);
		} while (!dwarf_siblingof(&p, &p));
	for (i = 0; i < nd->nreg; i++) {
		nd->sites[i][cls[i]]++;
		for (v = 0; v < EV_NVARIANT; v++)
			if (ev_variant_classes(v) >> cls[i] & 1) {
				site.bytes[v] += bytes[i];
				site.nvals[v]++;
			}
	}
	if (!site.nvals[EV_NVARIANT - 1])
		return;
	x->sites = ev_grow(x->sites, &x->sites_cap, x->nsites + 1,
			   sizeof(site));
	x->sites[x->nsites++] = site;
}

/* Part 2: every call site, to the functions with entry-value pairs. */
void ev_resolve(struct ev_ctx *x)
{
	Dwarf_Attribute attr;
	Dwarf_Addr ret;
	Dwarf_Die cs;
	size_t i;

	for (i = 0; i < x->ncalls; i++) {
		struct ev_inst *in;
		int tail;

		if (!dwarf_offdie(x->dw, x->calls[i], &cs))
			ev_die("DIE 0x%" PRIx64 ": %s", x->calls[i],
			       dwarf_errmsg(-1));
		if ((!dwarf_attr(&cs, DW_AT_call_return_pc, &attr) &&
		     !dwarf_attr(&cs, DW_AT_low_pc, &attr)) ||
		    dwarf_formaddr(&attr, &ret)) {
			x->cs_unresolved++;
			continue;
		}
		tail = dwarf_hasattr(&cs, DW_AT_call_tail_call) ||
		       dwarf_hasattr(&cs, DW_AT_GNU_tail_call);
		x->cs_tail += tail;
		in = ev_callee(x, &cs, ret);
		if (!in)
			continue;
		in->nsites++;
		if (!in->need)
			continue;
		x->cs_needy++;
		x->cs_needy_tail += tail;
		if (tail)
			in->ntail++;
		else
			ev_site_values(x, &cs, in, ret);
	}
}
