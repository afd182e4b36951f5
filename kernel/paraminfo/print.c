// SPDX-License-Identifier: GPL-2.0
/*
 * Format a function's parameters as an oops or WARN shows them:
 *
 *  file  (struct file *)        = 0xffff888123456000  [rdi]
 *  ctx   (struct dir_context *) = 0x0000000000001234  [rbx]  <-- fault address
 *  flags (unsigned int)         = <not in a register here>
 *  big   (struct big)           = by reference at 0xffff800008a3bd40  [x0]
 *  len   (size_t)               = 0x0000000000000040  [stack sp+16]
 *  ...
 *
 * A composite that the calling convention passes by reference (AArch64's
 * over 16 bytes) shows the address of the caller's copy, said to be one:
 * never as if that pointer were the value. A variadic function's named
 * parameters are followed by a "..." line: the table knows nothing of
 * the others.
 * A value is printed only where the table proves the parameter is in that
 * register at that instruction, masked to the parameter's size, or in
 * that stack slot; otherwise the reason is. The only memory read is a
 * stack slot the table names, through the caller's reader, and only when
 * the slot lies inside the stack the caller says sp is on; otherwise the
 * line says why it was not read. Each line is built in a buffer on the
 * caller's stack, so CPUs printing at once do not share state.
 * Register values and names come with the registers (struct
 * paraminfo_regs): no architecture's register set is known here. In a
 * caller's frame (callers.c) they say which registers the call may have
 * changed and which were not recovered: those show no value.
 *
 *  c     (long)                 = <in rdx: not kept across the call>
 * Compiled unchanged in the kernel and in the host harness.
 */
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/paraminfo.h>
#include <linux/string.h>

#define PARAMINFO_NAME_WIDTH	20
#define PARAMINFO_TYPE_WIDTH	32

/* How a stack slot holds a value: the CPU's byte order. */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define PARAMINFO_BIG_ENDIAN	1
#else
#define PARAMINFO_BIG_ENDIAN	0
#endif

static const char * const paraminfo_whys[PARAMINFO_WHY_NR] = {
	[PARAMINFO_WHY_REG] = "<not in a register here>",
	[PARAMINFO_WHY_OPTIMIZED_OUT] = "<optimized out>",
	[PARAMINFO_WHY_ENTRY_VALUE] = "<entry value only>",
	[PARAMINFO_WHY_MEMORY] = "<in memory>",
	[PARAMINFO_WHY_COMPUTED] = "<computed or constant>",
	[PARAMINFO_WHY_PIECES] = "<split in pieces>",
	[PARAMINFO_WHY_XMM] = "<in a vector register>",
	[PARAMINFO_WHY_UNTRUSTED] = "<untrusted DWARF>",
	[PARAMINFO_WHY_UNREADABLE] = "<undecodable location>",
	[PARAMINFO_WHY_REASSIGNED] = "<reassigned in this function>",
	[PARAMINFO_WHY_UNPROVEN] = "<not provable from the code>",
	[PARAMINFO_WHY_NO_LOCATION] = "<no location information>",
};

/* Why there is no value: the ABI slot says more than DWARF for these. */
static const char *paraminfo_reason(const struct paraminfo_param *p)
{
	if (p->nlocs && p->why != PARAMINFO_WHY_REASSIGNED)
		return paraminfo_whys[PARAMINFO_WHY_REG];
	if (p->abi == PARAMINFO_ABI_STACK)
		return "<passed on the stack>";
	if (p->abi == PARAMINFO_ABI_BYREF)
		return "<passed by reference>";
	if (p->abi == PARAMINFO_ABI_XMM)
		return "<floating point>";
	return paraminfo_whys[p->why];
}

/*
 * Is [@addr, @addr + @size) of a slot sp + off inside the stack @r knows?
 * @addr below sp is an addition that wrapped.
 */
static bool paraminfo_on_stack(const struct paraminfo_regs *r, u64 addr,
			       unsigned int size)
{
	return addr >= r->sp && addr >= r->stack_lo && addr < r->stack_hi &&
	       size <= r->stack_hi - addr;
}

/*
 * The value of a stack slot of @size (1 to 8) bytes: what a register
 * holding it would show, masked to @size.
 */
static int paraminfo_read_slot(const struct paraminfo_regs *r, u64 addr,
			       unsigned int size, u64 *val)
{
	u8 b[8];
	unsigned int i;

	if (r->read(b, addr, size))
		return -EFAULT;
	*val = 0;
	for (i = 0; i < size; i++)
		*val |= (u64)b[i] << (8 * (PARAMINFO_BIG_ENDIAN ?
					  size - 1 - i : i));
	return 0;
}

/*
 * After "name (type) = ": the value of stack range @l, or why it is not
 * printed. The decoders refuse a stack range of a parameter that is not
 * 1 to 8 bytes.
 */
static void paraminfo_stack(const struct paraminfo_param *p,
			    const struct paraminfo_regs *r,
			    const struct paraminfo_loc *l, char *buf, size_t len,
			    u64 *val)
{
	u64 addr = r->sp + l->off;

	/* paraminfo_loc_check() refused it already: no read past b[]. */
	if (!p->size || p->size > sizeof(*val)) {
		snprintf(buf, len, "%s", paraminfo_reason(p));
		return;
	}
	if (!r->read) {
		snprintf(buf, len, "<on the stack at sp+%u>", l->off);
		return;
	}
	if (!paraminfo_on_stack(r, addr, p->size)) {
		snprintf(buf, len, "<on the stack at sp+%u: outside the task's stack>",
			 l->off);
		return;
	}
	if (paraminfo_read_slot(r, addr, p->size, val)) {
		snprintf(buf, len, "<on the stack at sp+%u: unreadable>", l->off);
		return;
	}
	snprintf(buf, len, "%s0x%0*llx  [stack sp+%u]%s",
		 p->abi == PARAMINFO_ABI_BYREF ? "by reference at " : "",
		 p->size * 2, (unsigned long long)*val, l->off,
		 r->fault && p->size == 8 && *val == r->fault_addr ?
		 "  <-- fault address" : "");
}

static void paraminfo_line(const struct paraminfo_param *p,
			   const struct paraminfo_regs *r, int nw, int tw,
			   char *buf, size_t len, const struct paraminfo_loc *l)
{
	int reg = l ? l->reg : -1;
	int pad = tw - (int)strlen(p->type) - 2;
	unsigned int size = p->size && p->size < 8 ? p->size : 8;
	u64 val;
	int n;

	n = snprintf(buf, len, " %-*s (%s)%*s = ", nw, p->name, p->type,
		     pad > 0 ? pad : 0, "");
	if (n < 0 || (size_t)n >= len)
		return;
	if (reg == PARAMINFO_LOC_STACK) {
		paraminfo_stack(p, r, l, buf + n, len - n, &val);
		return;
	}
	/* A register the context does not have proves nothing. */
	if (reg < 0 || (unsigned int)reg >= r->nr ||
	    reg >= PARAMINFO_NR_REGS) {
		snprintf(buf + n, len - n, "%s", paraminfo_reason(p));
		return;
	}
	/* A caller's frame: what the call may change, or what was not found. */
	if ((r->clobbered | r->lost) >> reg & 1) {
		snprintf(buf + n, len - n, "<in %s: %s>",
			 r->names[reg] ? r->names[reg] : "?",
			 r->clobbered >> reg & 1 ? "not kept across the call" :
			 "not recovered");
		return;
	}
	val = r->gpr[reg];
	if (size < 8)
		val &= (1ULL << (size * 8)) - 1;
	snprintf(buf + n, len - n, "%s0x%0*llx  [%s]%s",
		 p->abi == PARAMINFO_ABI_BYREF ? "by reference at " : "",
		 size * 2, (unsigned long long)val,
		 r->names[reg] ? r->names[reg] : "?",
		 r->fault && size == 8 && val == r->fault_addr ?
		 "  <-- fault address" : "");
}

/**
 * paraminfo_print_params() - format every parameter of a function
 * @t: the table
 * @f: the function containing the instruction
 * @off: offset of the instruction from the function's start
 * @r: the registers at that instruction, their names, the fault address
 *	if any, and the stack sp is on with its reader (or none)
 * @emit: called with each line, NUL-terminated, without a newline
 * @ctx: passed to @emit
 *
 * Return: the number of parameters printed, not counting the "..." line
 * that follows every one of a variadic function's.
 */
u32 paraminfo_print_params(const struct paraminfo_table *t,
			   const struct paraminfo_func *f, u32 off,
			   const struct paraminfo_regs *r,
			   void (*emit)(void *ctx, const char *line), void *ctx)
{
	struct paraminfo_param p;
	struct paraminfo_loc l;
	int nw = 0, tw = 0;
	char buf[256];
	u32 i;

	/* Align the columns, within reason: a long type widens its line only. */
	for (i = 0; i < f->nparams && !paraminfo_param(t, f, i, &p); i++) {
		nw = max_t(int, nw, min_t(int, strlen(p.name), PARAMINFO_NAME_WIDTH));
		tw = max_t(int, tw, min_t(int, strlen(p.type) + 2,
					  PARAMINFO_TYPE_WIDTH));
	}
	for (i = 0; i < f->nparams; i++) {
		if (paraminfo_param(t, f, i, &p))
			break;
		paraminfo_line(&p, r, nw, tw, buf, sizeof(buf),
			       paraminfo_loc_at(t, f, &p, off, &l) ? NULL : &l);
		emit(ctx, buf);
	}
	if (i == f->nparams && (f->flags & PARAMINFO_F_VARARGS))
		emit(ctx, " ...");
	return i;
}
