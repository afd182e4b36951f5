// SPDX-License-Identifier: GPL-2.0
/*
 * Render a DWARF type as a C programmer writes it without a name, the way
 * pahole and bpftool do: "struct file *", "const char * const *",
 * "void (*)(struct work_struct *)", "int (*)[4]". Typedef names are kept.
 *
 * A C declarator is built inside out: each pointer, array or function
 * layer wraps the "inner" declarator text so far, then the base type goes
 * in front. Pointers to arrays and functions need parentheses; qualifiers
 * of a pointer go after its star. Whole-type results are memoised by DIE
 * offset, since a vmlinux names the same few thousand types ~100K times.
 */
#include <ctype.h>
#include <dwarf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reader.h"
#include "util.h"

#define PI_TYPE_DEPTH	32

static struct pi_map pi_type_memo;

static Dwarf_Die *pi_type_of(Dwarf_Die *die, Dwarf_Die *mem)
{
	Dwarf_Attribute attr;

	if (!dwarf_attr_integrate(die, DW_AT_type, &attr))
		return NULL;
	if (!dwarf_formref_die(&attr, mem))
		pi_die("bad DW_AT_type reference in DIE 0x%llx: %s",
		       (unsigned long long)dwarf_dieoffset(die), dwarf_errmsg(-1));
	return mem;
}

static char *pi_cat(const char *a, const char *sep, const char *b)
{
	size_t la = strlen(a), ls = strlen(sep), lb = strlen(b);
	char *s = pi_alloc(la + ls + lb + 1);

	memcpy(s, a, la);
	memcpy(s + la, sep, ls);
	memcpy(s + la + ls, b, lb + 1);
	return s;
}

/* The base type in front of a declarator: "int *", "struct foo". */
static char *pi_join(const char *base, const char *inner)
{
	return pi_cat(base, *inner ? " " : "", inner);
}

static const char *pi_qualifier(int tag)
{
	switch (tag) {
	case DW_TAG_const_type:
		return "const";
	case DW_TAG_volatile_type:
		return "volatile";
	case DW_TAG_restrict_type:
		return "restrict";
	case DW_TAG_atomic_type:
		return "_Atomic";
	default:
		return NULL;
	}
}

/* The tag under any qualifiers, or 0 for void. */
static int pi_tag_under_quals(Dwarf_Die *type, int depth)
{
	Dwarf_Die mem;

	while (type && pi_qualifier(dwarf_tag(type)) && depth++ < PI_TYPE_DEPTH)
		type = pi_type_of(type, &mem);
	return type ? dwarf_tag(type) : 0;
}

static char *pi_decl(Dwarf_Die *type, const char *inner, int depth);

static char *pi_decl_pointer(Dwarf_Die *type, const char *inner, int depth)
{
	Dwarf_Die mem, *target = pi_type_of(type, &mem);
	int ttag = pi_tag_under_quals(target, depth);
	const char *sep;
	char *wrapped, *s;

	/* Only a qualifier of this pointer is spaced: "* const", "(* const)". */
	sep = isalpha((unsigned char)inner[0]) ? " " : "";
	if (ttag == DW_TAG_array_type || ttag == DW_TAG_subroutine_type) {
		char *t = pi_cat("(*", sep, inner);

		wrapped = pi_cat(t, "", ")");
		free(t);
	} else {
		wrapped = pi_cat("*", sep, inner);
	}
	s = pi_decl(target, wrapped, depth + 1);
	free(wrapped);
	return s;
}

static char *pi_decl_qualified(Dwarf_Die *type, const char *inner, int depth)
{
	Dwarf_Die mem, *target = pi_type_of(type, &mem);
	const char *q = pi_qualifier(dwarf_tag(type));
	char *t, *s;

	if (pi_tag_under_quals(target, depth) == DW_TAG_pointer_type) {
		t = pi_join(q, inner);
		s = pi_decl(target, t, depth + 1);
	} else {
		t = pi_decl(target, inner, depth + 1);
		s = pi_cat(q, " ", t);
	}
	free(t);
	return s;
}

static char *pi_decl_array(Dwarf_Die *type, const char *inner, int depth)
{
	Dwarf_Die mem, child, *elem = pi_type_of(type, &mem);
	char *dims = pi_strdup(inner), *s;

	if (pi_child(type, &child)) {
		do {
			Dwarf_Attribute attr;
			Dwarf_Word n;
			char buf[32] = "[]";

			if (dwarf_tag(&child) != DW_TAG_subrange_type)
				continue;
			if (dwarf_attr(&child, DW_AT_count, &attr) &&
			    !dwarf_formudata(&attr, &n))
				snprintf(buf, sizeof(buf), "[%llu]",
					 (unsigned long long)n);
			else if (dwarf_attr(&child, DW_AT_upper_bound, &attr) &&
				 !dwarf_formudata(&attr, &n))
				snprintf(buf, sizeof(buf), "[%llu]",
					 (unsigned long long)n + 1);
			s = pi_cat(dims, "", buf);
			free(dims);
			dims = s;
		} while (pi_sibling(&child));
	}
	s = pi_decl(elem, dims, depth + 1);
	free(dims);
	return s;
}

static char *pi_decl_function(Dwarf_Die *type, const char *inner, int depth)
{
	Dwarf_Die mem, child, *ret = pi_type_of(type, &mem);
	char *list = pi_strdup(""), *t, *s;

	if (pi_child(type, &child)) {
		do {
			Dwarf_Die pmem;
			int tag = dwarf_tag(&child);

			if (tag == DW_TAG_formal_parameter)
				t = pi_decl(pi_type_of(&child, &pmem), "", depth + 1);
			else if (tag == DW_TAG_unspecified_parameters)
				t = pi_strdup("...");
			else
				continue;
			s = pi_cat(list, *list ? ", " : "", t);
			free(list);
			free(t);
			list = s;
		} while (pi_sibling(&child));
	}
	if (!*list && dwarf_hasattr_integrate(type, DW_AT_prototyped)) {
		free(list);
		list = pi_strdup("void");
	}
	t = pi_cat(inner, "(", list);
	s = pi_cat(t, "", ")");
	free(t);
	free(list);
	t = pi_decl(ret, s, depth + 1);
	free(s);
	return t;
}

static char *pi_decl_named(Dwarf_Die *type, const char *inner,
			   const char *keyword)
{
	const char *name = dwarf_diename(type);
	char *base, *s;

	if (!keyword)
		return pi_join(name ? name : "?", inner);
	base = pi_cat(keyword, " ", name ? name : "{...}");
	s = pi_join(base, inner);
	free(base);
	return s;
}

static char *pi_decl(Dwarf_Die *type, const char *inner, int depth)
{
	if (depth > PI_TYPE_DEPTH)
		pi_die("type chain deeper than %d at DIE 0x%llx", PI_TYPE_DEPTH,
		       (unsigned long long)dwarf_dieoffset(type));
	if (!type)
		return pi_join("void", inner);
	switch (dwarf_tag(type)) {
	case DW_TAG_pointer_type:
		return pi_decl_pointer(type, inner, depth);
	case DW_TAG_const_type:
	case DW_TAG_volatile_type:
	case DW_TAG_restrict_type:
	case DW_TAG_atomic_type:
		return pi_decl_qualified(type, inner, depth);
	case DW_TAG_array_type:
		return pi_decl_array(type, inner, depth);
	case DW_TAG_subroutine_type:
		return pi_decl_function(type, inner, depth);
	case DW_TAG_structure_type:
		return pi_decl_named(type, inner, "struct");
	case DW_TAG_union_type:
		return pi_decl_named(type, inner, "union");
	case DW_TAG_enumeration_type:
		return pi_decl_named(type, inner, "enum");
	case DW_TAG_base_type:
	case DW_TAG_typedef:
	case DW_TAG_unspecified_type:
		return pi_decl_named(type, inner, NULL);
	default:
		pi_die("unsupported type tag 0x%x at DIE 0x%llx", dwarf_tag(type),
		       (unsigned long long)dwarf_dieoffset(type));
	}
}

/**
 * pi_type_name() - the C spelling of a type, without a declarator name
 * @type: a type DIE, or NULL for void
 *
 * Return: an interned string such as "const char *".
 */
const char *pi_type_name(Dwarf_Die *type)
{
	uint64_t key = type ? dwarf_dieoffset(type) : UINT64_MAX - 1;
	const char *name = pi_map_get(&pi_type_memo, key);
	char *s;

	if (name)
		return name;
	s = pi_decl(type, "", 0);
	name = pi_intern(s);
	free(s);
	pi_map_put(&pi_type_memo, key, (void *)name);
	return name;
}

/**
 * pi_type_strip() - skip typedefs and qualifiers
 * @type: a type DIE, or NULL for void
 * @mem: storage for the result
 *
 * Return: the underlying type, or NULL for void.
 */
Dwarf_Die *pi_type_strip(Dwarf_Die *type, Dwarf_Die *mem)
{
	int depth = 0;

	while (type) {
		int tag = dwarf_tag(type);

		if (tag != DW_TAG_typedef && !pi_qualifier(tag))
			return type;
		if (depth++ > PI_TYPE_DEPTH)
			pi_die("type chain deeper than %d at DIE 0x%llx",
			       PI_TYPE_DEPTH,
			       (unsigned long long)dwarf_dieoffset(type));
		type = pi_type_of(type, mem);
	}
	return NULL;
}

/**
 * pi_type_size() - byte size of a type
 * @type: a type DIE, or NULL for void
 *
 * Return: the size in bytes, or 0 when DWARF does not give one.
 */
uint64_t pi_type_size(Dwarf_Die *type)
{
	Dwarf_Word size;

	if (!type || dwarf_aggregate_size(type, &size))
		return 0;
	return size;
}

/**
 * pi_die_type() - the type of a parameter or function, via its origin
 * @die: a formal_parameter or subprogram DIE
 * @mem: storage for the type DIE
 *
 * Return: the type DIE, or NULL for void.
 */
Dwarf_Die *pi_die_type(Dwarf_Die *die, Dwarf_Die *mem)
{
	return pi_type_of(die, mem);
}

/**
 * pi_types_reset() - forget memoised type names
 */
void pi_types_reset(void)
{
	pi_map_free(&pi_type_memo);
}

/**
 * pi_dwarf_udata() - an unsigned attribute of a DIE, or its origin's
 * @die: the DIE
 * @name: DW_AT_*
 * @dflt: the answer when the attribute is absent or not a constant
 *
 * Return: the attribute's value or @dflt.
 */
uint64_t pi_dwarf_udata(Dwarf_Die *die, unsigned int name, uint64_t dflt)
{
	Dwarf_Attribute attr;
	Dwarf_Word v;

	if (!dwarf_attr_integrate(die, name, &attr) || dwarf_formudata(&attr, &v))
		return dflt;
	return v;
}

/**
 * pi_abi_is_scalar() - integer, enum or pointer of at most eight bytes?
 * @type: the parameter's type
 *
 * These are the parameters the naive "argument i is in register i" rule
 * talks about.
 *
 * Return: non-zero for a scalar.
 */
int pi_abi_is_scalar(Dwarf_Die *type)
{
	Dwarf_Die mem, *t = pi_type_strip(type, &mem);

	if (!t)
		return 0;
	switch (dwarf_tag(t)) {
	case DW_TAG_pointer_type:
	case DW_TAG_enumeration_type:
		return 1;
	case DW_TAG_base_type:
		return pi_dwarf_udata(t, DW_AT_encoding, 0) != DW_ATE_float &&
		       pi_dwarf_udata(t, DW_AT_encoding, 0) != DW_ATE_complex_float &&
		       pi_type_size(t) <= 8;
	default:
		return 0;
	}
}

static uint64_t pi_type_align_depth(Dwarf_Die *type, int depth)
{
	Dwarf_Die mem, child, *t = pi_type_strip(type, &mem);
	uint64_t a = 1, m;

	if (!t || depth > 16)
		return 1;
	m = pi_dwarf_udata(t, DW_AT_alignment, 0);
	if (m)
		return m;
	switch (dwarf_tag(t)) {
	case DW_TAG_structure_type:
	case DW_TAG_union_type:
	case DW_TAG_class_type:
		if (!pi_child(t, &child))
			return 1;
		do {
			Dwarf_Die tm;

			if (dwarf_tag(&child) != DW_TAG_member)
				continue;
			m = pi_type_align_depth(pi_die_type(&child, &tm), depth + 1);
			a = m > a ? m : a;
		} while (pi_sibling(&child));
		return a;
	case DW_TAG_array_type:
		/* A GNU vector is aligned to its size, an array as its elements. */
		if (!dwarf_hasattr(t, DW_AT_GNU_vector))
			return pi_type_align_depth(pi_die_type(t, &mem), depth + 1);
		break;
	}
	a = pi_type_size(t);
	return a ? (a > 16 ? 16 : a) : 1;
}

/**
 * pi_type_align() - a type's alignment, as both calling conventions use it
 * @type: the type
 *
 * DW_AT_alignment when given, else the largest of its members' (structs,
 * unions), its elements' (arrays), or its own size up to 16 (scalars,
 * vectors): SysV's misaligned-field test and AAPCS64's even-register rule.
 *
 * Return: the alignment in bytes, at least 1.
 */
uint64_t pi_type_align(Dwarf_Die *type)
{
	return pi_type_align_depth(type, 0);
}
