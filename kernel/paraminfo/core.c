// SPDX-License-Identifier: GPL-2.0
/*
 * paraminfo core: validates a table's common header once, then dispatches
 * lookups to the one decoder the table was built for. Shared by every
 * encoding; compiled unchanged in the kernel and in the host harness.
 *
 * A table that fails validation is remembered as "no table": every lookup
 * then answers -ENOENT, never reads it again.
 */
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/paraminfo.h>
#include <linux/string.h>

static int paraminfo_check_header(struct paraminfo_table *t)
{
	const struct paraminfo_header *h = (const void *)t->data;
	unsigned int i;

	if (t->size < sizeof(*h) || ((unsigned long)t->data & 7))
		return -EINVAL;
	if (h->magic != PARAMINFO_MAGIC || h->version != PARAMINFO_VERSION ||
	    h->encoding != t->dec->encoding)
		return -EINVAL;
	if (h->size < sizeof(*h) || h->size > t->size)
		return -EINVAL;
	/* Implicit prototypes index arg_regs: every slot must be a register. */
	if (h->nargs > PARAMINFO_MAX_ARG_REGS)
		return -EINVAL;
	for (i = 0; i < h->nargs; i++)
		if (h->arg_regs[i] >= PARAMINFO_NR_REGS)
			return -EINVAL;
	/* Every section lies inside the table and is 4-byte aligned. */
	for (i = 0; i < PARAMINFO_MAX_SECTIONS; i++) {
		if (h->sect[i].off > h->size ||
		    h->sect[i].size > h->size - h->sect[i].off ||
		    (h->sect[i].off & 3))
			return -EINVAL;
	}
	t->size = h->size;
	t->nfuncs = h->nfuncs;
	t->text_base = h->text_base;
	t->machine = h->machine;
	t->hdr = h;
	return 0;
}

/**
 * paraminfo_table_init() - validate a table and bind it to its decoder
 * @t: filled in; on failure it answers every lookup with -ENOENT
 * @data: the table, 8-byte aligned
 * @size: bytes available at @data
 * @dec: the decoder for the encoding the table must use
 *
 * Return: 0, or -EINVAL when the table is malformed or of another encoding.
 */
int paraminfo_table_init(struct paraminfo_table *t, const void *data,
			 size_t size, const struct paraminfo_decoder *dec)
{
	int ret;

	memset(t, 0, sizeof(*t));
	t->data = data;
	t->size = size > U32_MAX ? U32_MAX : size;
	t->dec = dec;
	ret = data && dec ? paraminfo_check_header(t) : -EINVAL;
	if (!ret)
		ret = dec->init(t);
	/* The unwind rows section is every encoding's: decode_unwind.c. */
	if (!ret)
		ret = paraminfo_unwind_check(t);
	if (ret) {
		memset(t, 0, sizeof(*t));
		return ret;
	}
	return 0;
}

/**
 * paraminfo_section() - a validated section of the table
 * @t: the table
 * @sect: section number, as the encoding defines them
 * @size: set to the section's size in bytes
 *
 * Return: the section's first byte, or NULL when there is no table.
 */
const void *paraminfo_section(const struct paraminfo_table *t,
			      unsigned int sect, u32 *size)
{
	*size = 0;
	if (!t->hdr || sect >= PARAMINFO_MAX_SECTIONS)
		return NULL;
	*size = t->hdr->sect[sect].size;
	return t->data + t->hdr->sect[sect].off;
}

/**
 * paraminfo_string() - a NUL-terminated string inside a string section
 * @t: the table
 * @sect: the string section
 * @off: offset of the string in it
 *
 * The section must end with a NUL byte, so a string that starts inside it
 * also ends inside it.
 *
 * Return: the string, or NULL when @off or the section is bad.
 */
const char *paraminfo_string(const struct paraminfo_table *t,
			     unsigned int sect, u32 off)
{
	u32 size;
	const char *s = paraminfo_section(t, sect, &size);

	if (!s || off >= size || s[size - 1])
		return NULL;
	return s + off;
}

/**
 * paraminfo_upper_bound() - binary search in a sorted u32 column
 * @a: the first element
 * @n: number of elements
 * @stride: u32s from one element to the next
 * @key: the value searched
 *
 * Return: how many elements are <= @key; the last of them, if any, is at
 * index return value - 1.
 */
u32 paraminfo_upper_bound(const u32 *a, u32 n, u32 stride, u32 key)
{
	u32 lo = 0, hi = n;

	while (lo < hi) {
		u32 mid = lo + (hi - lo) / 2;

		if (a[(size_t)mid * stride] <= key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/**
 * paraminfo_sorted() - is a u32 column strictly increasing?
 * @a: the first element
 * @n: number of elements
 * @stride: u32s from one element to the next
 *
 * Return: true when it is, as paraminfo_upper_bound() needs.
 */
bool paraminfo_sorted(const u32 *a, u32 n, u32 stride)
{
	u32 i;

	for (i = 1; i < n; i++)
		if (a[(size_t)i * stride] <= a[(size_t)(i - 1) * stride])
			return false;
	return true;
}

/**
 * paraminfo_find_start() - exact lookup over a sorted column of starts
 * @t: the table
 * @starts: u32 start offsets of every function, sorted, one per function
 * @addr: a link-time address
 * @f: filled in by the decoder's ->func() on success
 *
 * For encodings that keep one start per function (flat, pool).
 *
 * Return: 0, -ENOENT outside every function, -EINVAL for a bad record.
 */
int paraminfo_find_start(const struct paraminfo_table *t, const u32 *starts,
			 u64 addr, struct paraminfo_func *f)
{
	u64 off = addr - t->text_base;
	u32 n;
	int ret;

	if (off > U32_MAX)
		return -ENOENT;
	/* The last function that starts at or before @off... */
	n = paraminfo_upper_bound(starts, t->nfuncs, 1, off);
	if (!n)
		return -ENOENT;
	ret = t->dec->func(t, n - 1, f);
	if (ret)
		return ret;
	/* ...and only if @off is inside it, not in the padding after it. */
	return off - starts[n - 1] < f->size ? 0 : -ENOENT;
}

/*
 * A function the decoder answered (@ret 0) is refused when it claims more
 * parameters than any table holds: the table is damaged there, and the
 * printer's work grows with the square of the count.
 */
static int paraminfo_checked(int ret, const struct paraminfo_func *f)
{
	if (!ret && f->nparams > PARAMINFO_MAX_PARAMS)
		return -EINVAL;
	return ret;
}

/**
 * paraminfo_find() - the function whose code contains an address
 * @t: the table
 * @addr: a link-time address
 * @f: filled in on success
 *
 * Only [start, start + size) of a function matches: an address in padding
 * between functions finds nothing.
 *
 * Return: 0, -ENOENT, or -EINVAL for a corrupt record, such as one that
 * claims more than PARAMINFO_MAX_PARAMS parameters.
 */
int paraminfo_find(const struct paraminfo_table *t, u64 addr,
		   struct paraminfo_func *f)
{
	if (!t->dec || addr < t->text_base)
		return -ENOENT;
	return paraminfo_checked(t->dec->find(t, addr, f), f);
}

/**
 * paraminfo_func_at() - the function at a position in address order
 * @t: the table
 * @index: 0 to nfuncs - 1
 * @f: filled in on success
 *
 * Return: 0, -ENOENT past the end, -EINVAL for a corrupt record (such as
 * one that claims more than PARAMINFO_MAX_PARAMS parameters).
 */
int paraminfo_func_at(const struct paraminfo_table *t, u32 index,
		      struct paraminfo_func *f)
{
	if (!t->dec || index >= t->nfuncs)
		return -ENOENT;
	return paraminfo_checked(t->dec->func(t, index, f), f);
}

/**
 * paraminfo_param() - a function's i-th declared parameter
 * @t: the table
 * @f: a function from paraminfo_find() or paraminfo_func_at()
 * @i: 0 to f->nparams - 1
 * @p: filled in on success
 *
 * Return: 0, -ENOENT past the end, -EINVAL for a corrupt record.
 */
int paraminfo_param(const struct paraminfo_table *t,
		    const struct paraminfo_func *f, u32 i,
		    struct paraminfo_param *p)
{
	if (!t->dec || i >= f->nparams)
		return -ENOENT;
	return t->dec->param(t, f, i, p);
}

/**
 * paraminfo_loc_check() - is a decoded range possible for its parameter?
 * @p: the parameter
 * @l: one of its ranges, as a decoder read it
 *
 * A register range names a register a table may hold, with offset 0; a
 * stack range (PARAMINFO_LOC_STACK) an offset of at most
 * PARAMINFO_STACK_OFF_MAX, for a parameter of 1 to
 * PARAMINFO_STACK_SIZE_MAX bytes, the width that is read there.
 * paraminfo_loc() and paraminfo_loc_at() check every range a decoder
 * answers, so that no caller sees one that is not.
 *
 * Return: 0, or -EINVAL for a range only a damaged table holds.
 */
int paraminfo_loc_check(const struct paraminfo_param *p,
			const struct paraminfo_loc *l)
{
	if (l->reg >= PARAMINFO_NR_REGS)
		return -EINVAL;
	if (l->reg != PARAMINFO_LOC_STACK)
		return l->off ? -EINVAL : 0;
	if (l->off > PARAMINFO_STACK_OFF_MAX || !p->size ||
	    p->size > PARAMINFO_STACK_SIZE_MAX)
		return -EINVAL;
	return 0;
}

/**
 * paraminfo_loc() - a parameter's i-th range
 * @t: the table
 * @f: the function
 * @p: one of its parameters
 * @i: 0 to p->nlocs - 1
 * @l: filled in on success
 *
 * Return: 0, -ENOENT past the end, -EINVAL for a corrupt record.
 */
int paraminfo_loc(const struct paraminfo_table *t,
		  const struct paraminfo_func *f,
		  const struct paraminfo_param *p, u32 i,
		  struct paraminfo_loc *l)
{
	int ret;

	if (!t->dec || i >= p->nlocs)
		return -ENOENT;
	ret = t->dec->loc(t, f, p, i, l);
	return ret ? ret : paraminfo_loc_check(p, l);
}

/**
 * paraminfo_loc_at() - where a parameter's value is at an offset
 * @t: the table
 * @f: the function
 * @p: one of its parameters
 * @off: offset of the instruction from the function's start
 * @l: filled in on success: the range that covers @off, which names a
 *	register or, with PARAMINFO_LOC_STACK, a stack slot
 *
 * Return: 0; -ENOENT when the value is provably nowhere there; -EINVAL
 * for a corrupt range before the one covering @off, or covering it.
 */
int paraminfo_loc_at(const struct paraminfo_table *t,
		     const struct paraminfo_func *f,
		     const struct paraminfo_param *p, u32 off,
		     struct paraminfo_loc *l)
{
	int ret;
	u32 i;

	if (!t->dec)
		return -ENOENT;
	if (t->dec->loc_at) {
		ret = t->dec->loc_at(t, f, p, off, l);
		return ret ? ret : paraminfo_loc_check(p, l);
	}
	/* Ranges are sorted: stop at the first one that starts after @off. */
	for (i = 0; i < p->nlocs; i++) {
		ret = paraminfo_loc(t, f, p, i, l);
		if (ret)
			return ret;
		if (l->from > off)
			break;
		if (off < l->to)
			return 0;
	}
	return -ENOENT;
}

/**
 * paraminfo_find_name() - the function of a given symbol name
 * @t: the table
 * @name: the symbol name, as kallsyms prints it
 * @f: filled in on success
 *
 * Return: 0, -ENOENT when absent, -EOPNOTSUPP when the encoding keeps no
 * name index, -EINVAL for a corrupt record.
 */
int paraminfo_find_name(const struct paraminfo_table *t, const char *name,
			struct paraminfo_func *f)
{
	if (!t->dec)
		return -ENOENT;
	if (!t->dec->find_name)
		return -EOPNOTSUPP;
	return paraminfo_checked(t->dec->find_name(t, name, f), f);
}
