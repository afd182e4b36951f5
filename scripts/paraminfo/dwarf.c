// SPDX-License-Identifier: GPL-2.0
/*
 * The DWARF reader: walks every compile unit with libdw and turns each
 * concrete, out-of-line subprogram into model functions, applying the trust
 * rules of Documentation/admin-guide/paraminfo.rst:
 *
 *  - a function starts exactly at an ELF STT_FUNC symbol, whose name is the
 *    one kallsyms prints (so clones read "foo.isra.0"); instances with no
 *    symbol at their address, such as overridden __weak functions, are
 *    dropped;
 *  - names and types come through DW_AT_abstract_origin/DW_AT_specification,
 *    and the declared parameter order is the origin's child order, never the
 *    concrete instance's (clones list surviving parameters first);
 *  - hot/cold splits (DW_AT_ranges, no DW_AT_low_pc) give one function per
 *    range that starts at a symbol: "foo" and "foo.cold";
 *  - clones and DW_CC_nocall functions get no ABI position at all;
 *  - a plain function whose location at its first instruction names another
 *    register than the ABI one has wrong DWARF there (pahole's "unexpected
 *    register"): all its locations are dropped.
 */
#include <dwarf.h>
#include <endian.h>
#include <stdlib.h>
#include <string.h>

#include "reader.h"
#include "util.h"

#define PI_MAX_PARTS	8

static Dwarf_Die *pi_ref(Dwarf_Die *die, unsigned int name, Dwarf_Die *mem)
{
	Dwarf_Attribute attr;

	if (!dwarf_attr(die, name, &attr))
		return NULL;
	if (!dwarf_formref_die(&attr, mem))
		pi_die("bad reference in DIE 0x%llx: %s",
		       (unsigned long long)dwarf_dieoffset(die), dwarf_errmsg(-1));
	return mem;
}

/*
 * The DIE whose children are the declared parameters: the abstract origin
 * of a concrete instance, or the instance itself; a specification only
 * when the origin lists no parameters.
 */
static void pi_decl_die(Dwarf_Die *die, Dwarf_Die *out)
{
	Dwarf_Die mem, child;
	int depth;

	*out = *die;
	for (depth = 0; depth < 8 && pi_ref(out, DW_AT_abstract_origin, &mem); depth++)
		*out = mem;
	if (pi_child(out, &child))
		do {
			int tag = dwarf_tag(&child);

			if (tag == DW_TAG_formal_parameter ||
			    tag == DW_TAG_unspecified_parameters)
				return;
		} while (pi_sibling(&child));
	if (pi_ref(out, DW_AT_specification, &mem))
		*out = mem;
}

/* Pair each declared parameter with its concrete DIE, if it has one. */
static void pi_match_concrete(Dwarf_Die *die, const Dwarf_Off *decl_off,
			      struct pi_proto *pr, struct pi_stats *stats)
{
	Dwarf_Die child, origin;
	uint32_t i, seen = 0;
	int reordered = 0;

	if (!pi_child(die, &child))
		return;
	do {
		Dwarf_Off off;

		if (dwarf_tag(&child) != DW_TAG_formal_parameter)
			continue;
		off = dwarf_dieoffset(&child);
		if (pi_ref(&child, DW_AT_abstract_origin, &origin))
			off = dwarf_dieoffset(&origin);
		for (i = 0; i < pr->nparams; i++) {
			if (decl_off[i] != off || pr->has_concrete[i])
				continue;
			pr->concrete[i] = child;
			pr->has_concrete[i] = 1;
			reordered |= i != seen++;
			break;
		}
	} while (pi_sibling(&child));
	stats->reordered += reordered;
}

static int pi_is_clone(const char *name)
{
	const char *dot = strchr(name, '.');

	return dot && strcmp(dot, ".cold") != 0;
}

/**
 * pi_dwarf_proto() - declared parameters, their types and their ABI slots
 * @abi: the calling convention
 * @die: a subprogram DIE, concrete or not
 * @symname: the ELF symbol's name ("foo.isra.0" makes a clone)
 * @pr: filled in; each parameter paired with @die's own DIE for it
 * @stats: counts clones, DW_CC_nocall, hidden results and the like
 */
void pi_dwarf_proto(const struct pi_cc *abi, Dwarf_Die *die,
		    const char *symname, struct pi_proto *pr,
		    struct pi_stats *stats)
{
	Dwarf_Off decl_off[PI_MAX_PARAMS];
	struct pi_abi_state st = { 0 };
	Dwarf_Die decl, child, tmem;
	Dwarf_Attribute attr;
	Dwarf_Word cc;

	memset(pr, 0, sizeof(*pr));
	if (pi_is_clone(symname)) {
		pr->flags |= PI_F_CLONE;
		stats->clones++;
	}
	if (dwarf_attr_integrate(die, DW_AT_calling_convention, &attr) &&
	    !dwarf_formudata(&attr, &cc) && cc == DW_CC_nocall) {
		pr->flags |= PI_F_NOCALL;
		stats->nocall++;
	}
	pr->noreturn = dwarf_attr_integrate(die, DW_AT_noreturn, &attr) != NULL;
	if (abi->begin(&st, pi_die_type(die, &tmem))) {
		pr->flags |= PI_F_HIDDEN_RET;
		stats->hidden_ret++;
	}
	pi_decl_die(die, &decl);
	if (pi_child(&decl, &child)) {
		do {
			struct pi_param *p = &pr->params[pr->nparams];
			Dwarf_Die *type;
			const char *name;

			if (dwarf_tag(&child) == DW_TAG_unspecified_parameters)
				pr->flags |= PI_F_VARARGS;
			if (dwarf_tag(&child) != DW_TAG_formal_parameter)
				continue;
			if (pr->nparams == PI_MAX_PARAMS)
				pi_die("function DIE 0x%llx has over %d parameters",
				       (unsigned long long)dwarf_dieoffset(die),
				       PI_MAX_PARAMS);
			type = pi_die_type(&child, &tmem);
			name = dwarf_diename(&child);
			p->name = pi_intern(name ? name : "");
			p->type = pi_type_name(type);
			p->scalar = pi_abi_is_scalar(type);
			abi->assign(&st, type, p);
			stats->byref += p->abi == PI_ABI_BYREF;
			if (pr->flags & (PI_F_CLONE | PI_F_NOCALL)) {
				p->abi = PI_ABI_UNKNOWN;
				memset(p->reg, 0, sizeof(p->reg));
			}
			decl_off[pr->nparams++] = dwarf_dieoffset(&child);
		} while (pi_sibling(&child));
	}
	if (pr->nparams > abi->target.nargs)
		stats->over_regs++;
	/* Without an origin the instance's own children are the declared ones. */
	pi_match_concrete(die, decl_off, pr, stats);
}

/* Is the function's frame base the CFA, which fbreg is then relative to? */
static int pi_frame_base_cfa(Dwarf_Die *die)
{
	Dwarf_Attribute attr;
	Dwarf_Op *expr;
	size_t len;

	return dwarf_attr(die, DW_AT_frame_base, &attr) &&
	       !dwarf_getlocation(&attr, &expr, &len) && len == 1 &&
	       expr[0].atom == DW_OP_call_frame_cfa;
}

static size_t pi_read_parts(Dwarf_Die *die, struct pi_part *parts,
			    struct pi_stats *stats)
{
	int cfa = pi_frame_base_cfa(die);

	Dwarf_Addr lo, hi, base, start, end;
	ptrdiff_t off = 0;
	size_t n = 0;

	if (!dwarf_hasattr(die, DW_AT_ranges)) {
		if (dwarf_lowpc(die, &lo) || dwarf_highpc(die, &hi) || hi <= lo)
			return 0;
		parts[0] = (struct pi_part){ lo, hi, cfa };
		return 1;
	}
	stats->ranges_only++;
	while ((off = dwarf_ranges(die, off, &base, &start, &end)) > 0)
		if (start < end && n < PI_MAX_PARTS)
			parts[n++] = (struct pi_part){ start, end, cfa };
	if (off < 0)
		pi_die("cannot read DW_AT_ranges of DIE 0x%llx: %s",
		       (unsigned long long)dwarf_dieoffset(die), dwarf_errmsg(-1));
	return n;
}

/*
 * pahole's "unexpected register": the entry location must be the ABI's.
 * DWARF's entry is @entry bytes into the symbol (after ftrace's NOPs).
 */
static int pi_entry_trusted(const struct pi_func *f, uint32_t entry)
{
	uint32_t i;

	for (i = 0; i < f->nparams; i++) {
		const struct pi_param *p = &f->params[i];
		int reg = pi_loc_reg_at(p, entry);

		/*
		 * gcc may name the register it copies a by-reference
		 * argument's address into for the whole function, the entry
		 * included (AArch64's va_list): the proof starts from the
		 * ABI's register anyway.
		 */
		if (p->abi == PI_ABI_BYREF)
			continue;
		if (reg >= 0 && (p->abi != PI_ABI_REG || reg != p->reg[0]))
			return 0;
	}
	return 1;
}

static void pi_untrust(struct pi_func *f)
{
	uint32_t i;

	f->flags |= PI_F_UNTRUSTED;
	for (i = 0; i < f->nparams; i++) {
		free(f->params[i].locs);
		free(f->params[i].mems);
		f->params[i].locs = NULL;
		f->params[i].nlocs = 0;
		f->params[i].mems = NULL;
		f->params[i].nmems = 0;
		f->params[i].why = PI_WHY_UNTRUSTED;
	}
}

static void pi_build_func(const struct pi_target *t, struct pi_func *f,
			  const struct pi_proto *pr,
			  const struct pi_part *part, const char *name,
			  struct pi_stats *stats)
{
	uint32_t i;

	/* Parts of one instance run in one frame: flow.c proves them together. */
	f->group = stats->seen;
	f->noreturn = pr->noreturn;
	f->name = pi_intern(name);
	f->addr = part->lo;
	f->size = part->hi - part->lo;
	f->flags = pr->flags;
	f->nparams = pr->nparams;
	f->params = pi_alloc(pr->nparams * sizeof(*f->params));
	for (i = 0; i < pr->nparams; i++) {
		f->params[i] = pr->params[i];
		if (pr->has_concrete[i])
			pi_loc_read(t, (Dwarf_Die *)&pr->concrete[i], part,
				    &f->params[i], stats);
		else
			f->params[i].why = PI_WHY_OPTIMIZED_OUT;
	}
}

/* The entry part's symbol names the prototype; cold parts share it. */
static const struct pi_sym *pi_entry_sym(const struct pi_sym **syms, size_t n)
{
	const struct pi_sym *any = NULL;
	size_t i;

	for (i = 0; i < n; i++) {
		if (!syms[i])
			continue;
		if (!strstr(syms[i]->name, ".cold"))
			return syms[i];
		any = any ?: syms[i];
	}
	return any;
}

/*
 * The symbol of a function whose DWARF start follows ftrace's patchable
 * entry NOPs: the part then starts at the symbol, where kallsyms and an
 * oops put the function, and @pad says how many bytes earlier that is.
 */
static const struct pi_sym *pi_padded_sym(const struct pi_elf *pe,
					  const struct pi_cc *abi,
					  struct pi_part *part, uint32_t *pad)
{
	const struct pi_sym *sym;
	const uint8_t *code;
	uint32_t n, i, w;

	for (n = 4; n <= abi->entry_pad && n <= part->lo; n += 4) {
		sym = pi_elf_sym_at(pe, part->lo - n);
		if (!sym)
			continue;
		code = pi_elf_code(pe, sym->addr, n);
		for (i = 0; code && i < n; i += 4) {
			memcpy(&w, code + i, 4);
			if (le32toh(w) != abi->entry_nop)
				return NULL;
		}
		if (!code)
			return NULL;
		part->lo = sym->addr;
		*pad = n;
		return sym;
	}
	return NULL;
}

static void pi_read_func(const struct pi_elf *pe, const struct pi_cc *abi,
			 Dwarf_Die *die, struct pi_model *m,
			 struct pi_decls *decls)
{
	uint32_t pad[PI_MAX_PARTS] = { 0 };
	struct pi_part parts[PI_MAX_PARTS];
	const struct pi_sym *syms[PI_MAX_PARTS];
	struct pi_func funcs[PI_MAX_PARTS];
	struct pi_proto *pr;
	size_t i, n, nsyms = 0;
	int trusted = 1;

	if (dwarf_hasattr(die, DW_AT_declaration))
		return;
	if (!dwarf_hasattr(die, DW_AT_low_pc) && !dwarf_hasattr(die, DW_AT_ranges)) {
		pi_decl_note(decls, die);
		return;
	}
	m->stats.seen++;
	n = pi_read_parts(die, parts, &m->stats);
	if (!n) {
		m->stats.dropped[PI_DROP_NO_ADDRESS]++;
		return;
	}
	for (i = 0; i < n; i++) {
		pi_decl_claim(decls, parts[i].lo);
		syms[i] = pi_elf_sym_at(pe, parts[i].lo);
		if (!syms[i])
			syms[i] = pi_padded_sym(pe, abi, &parts[i], &pad[i]);
		if (pad[i])
			pi_decl_claim(decls, parts[i].lo);
		nsyms += !!syms[i];
	}
	if (!nsyms) {
		m->stats.dropped[PI_DROP_NO_SYMBOL]++;
		return;
	}
	if (!pi_elf_in_text(pe, parts[0].lo)) {
		m->stats.dropped[PI_DROP_NOT_TEXT]++;
		return;
	}
	pr = pi_alloc(sizeof(*pr));
	pi_dwarf_proto(abi, die, pi_entry_sym(syms, n)->name, pr, &m->stats);
	memset(funcs, 0, sizeof(funcs));
	for (i = 0; i < n; i++) {
		if (!syms[i])
			continue;
		pi_build_func(m->target, &funcs[i], pr, &parts[i],
			      pi_elf_kallsyms_name(pe, parts[i].lo), &m->stats);
		funcs[i].entry = pad[i];
		if (strstr(syms[i]->name, ".cold")) {
			funcs[i].flags |= PI_F_COLD;
			m->stats.cold_parts++;
		} else if (!(pr->flags & (PI_F_CLONE | PI_F_NOCALL))) {
			trusted &= pi_entry_trusted(&funcs[i], pad[i]);
		}
		if (dwarf_hasattr(die, DW_AT_ranges))
			funcs[i].flags |= PI_F_RANGES;
		pi_loc_objects(m->target, die, parts[i].fb_cfa, &funcs[i]);
	}
	m->stats.untrusted += !trusted;
	for (i = 0; i < n; i++) {
		if (!syms[i])
			continue;
		if (!trusted)
			pi_untrust(&funcs[i]);
		*pi_model_add(m) = funcs[i];
	}
	free(pr);
}

static void pi_check_unit(Dwarf_Die *cudie, uint8_t unit_type)
{
	if (unit_type == DW_UT_skeleton || unit_type == DW_UT_split_compile ||
	    dwarf_hasattr(cudie, DW_AT_dwo_name) ||
	    dwarf_hasattr(cudie, DW_AT_GNU_dwo_name))
		pi_die("split DWARF (.dwo skeleton units) is not supported: build without -gsplit-dwarf");
}

/**
 * pi_dwarf_read_dw() - build the model from DWARF already opened
 * @pe: the opened, validated ELF file the DWARF describes
 * @dw: its DWARF, relocated to @pe's addresses (libdwfl's for a module)
 * @m: the model to fill; pi_model_finish() is called on it
 *
 * Dies with a clear message when the DWARF uses split units or cannot be
 * decoded. The caller keeps @dw.
 */
void pi_dwarf_read_dw(const struct pi_elf *pe, Dwarf *dw, struct pi_model *m)
{
	Dwarf_Die cudie, subdie, child;
	Dwarf_CU *cu = NULL;
	const struct pi_cc *abi = pi_cc_of(pe);
	struct pi_decls decls = { 0 };
	Dwarf_Addr lo;
	Dwarf_Half version;
	uint8_t unit_type;
	int rc, asm_unit;

	m->target = &abi->target;
	while ((rc = dwarf_get_units(dw, cu, &cu, &version, &unit_type,
				     &cudie, &subdie)) == 0) {
		if (unit_type == DW_UT_type || unit_type == DW_UT_split_type)
			continue;
		pi_check_unit(&cudie, unit_type);
		if (!pi_child(&cudie, &child))
			continue;
		/*
		 * gas describes assembler functions with no parameters at
		 * all; "no parameters" would be a lie for memcpy.
		 */
		asm_unit = dwarf_srclang(&cudie) == DW_LANG_Mips_Assembler;
		do {
			if (dwarf_tag(&child) != DW_TAG_subprogram)
				continue;
			if (!asm_unit) {
				pi_read_func(pe, abi, &child, m, &decls);
			} else if (dwarf_hasattr(&child, DW_AT_low_pc)) {
				m->stats.seen++;
				m->stats.dropped[PI_DROP_ASSEMBLER]++;
				if (!dwarf_lowpc(&child, &lo))
					pi_decl_claim(&decls, lo);
			}
		} while (pi_sibling(&child));
	}
	if (rc < 0)
		pi_die("corrupt DWARF unit header: %s", dwarf_errmsg(-1));
	if (!m->stats.seen && !m->nfuncs)
		pi_die("no functions with code in DWARF: nothing to describe");
	pi_model_finish(m);
	pi_decl_add(&decls, pe, abi, dw, m);
	pi_types_reset();
}

/**
 * pi_dwarf_read() - build the model from the input's DWARF
 * @pe: the opened, validated ELF file
 * @m: the model to fill; pi_model_finish() is called on it
 *
 * Dies with a clear message when the file has no DWARF, uses split DWARF
 * or has DWARF that libdw cannot decode.
 */
void pi_dwarf_read(const struct pi_elf *pe, struct pi_model *m)
{
	Dwarf *dw;

	if (!pi_elf_has_section(pe, ".debug_info"))
		pi_die("no DWARF debug info (.debug_info): build with debug info");
	dw = dwarf_begin_elf(pe->elf, DWARF_C_READ, NULL);
	if (!dw)
		pi_die("cannot read DWARF: %s", dwarf_errmsg(-1));
	pi_dwarf_read_dw(pe, dw, m);
	dwarf_end(dw);
}
