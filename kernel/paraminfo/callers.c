// SPDX-License-Identifier: GPL-2.0
/*
 * The callers' parameters: after the faulting function's block, walk up
 * the stack with the table's unwind rows and print each caller's
 * parameters as they are while its call runs:
 *
 *  Parameters of caller #1 (pi_test_chain3+0x2f/0x60):
 *   a     (long)  = 0x0000000000000003  [rbx]
 *   b     (long)  = 0x0000000000000004  [stack sp+8]
 *   c     (long)  = <in rdx: not kept across the call>
 *
 * A caller is looked up at its return address's byte before, the call's
 * last, where the table names only what holds while the call runs. Its
 * registers are the callee's, where the callee's row says they are still
 * in place, or read from the save slot the row names: a register the
 * ABI lets a call change is never shown (clobbered), nor a preserved one
 * no row recovered (lost); print.c says which.
 *
 * Memory is read only through the registers' reader, only inside the
 * stack they know, 8 bytes per saved register. Each frame's CFA must not
 * be below its stack pointer, so the walk only goes up the stack; it
 * stops at the first return address no table knows (the entry code),
 * where a row or a read is missing (one line says why), or after
 * walk->max_frames frames (one line says so). Compiled unchanged in the
 * kernel and in the host harness.
 */
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/paraminfo.h>

/* Is [@addr, @addr + 8) inside the stack @r knows, at or above sp? */
static bool paraminfo_stack_word(const struct paraminfo_regs *r, u64 addr)
{
	return addr >= r->sp && addr >= r->stack_lo && addr < r->stack_hi &&
	       r->stack_hi - addr >= sizeof(u64);
}

static int paraminfo_read_word(const struct paraminfo_regs *r, u64 addr,
			       u64 *val)
{
	if (!paraminfo_stack_word(r, addr) || r->read(val, addr, sizeof(*val)))
		return -EFAULT;
	return 0;
}

/*
 * From the regs @r of a frame with unwind row @u to its caller's, @c:
 * 0, or -EFAULT when the return address cannot be had.
 */
static int paraminfo_unwind_regs(const struct paraminfo_regs *r,
				 const struct paraminfo_unwind *u, u8 ra,
				 u32 preserved, struct paraminfo_regs *c,
				 u64 *ret)
{
	u32 known = ~(r->clobbered | r->lost), saved = 0;
	u64 cfa = r->sp + u->cfa;
	bool have_ret = false;
	unsigned int i;

	if (cfa < r->sp)
		return -EFAULT;
	*c = *r;
	c->sp = cfa;
	c->fault = false;
	c->clobbered = ~preserved;
	c->lost = (preserved & ~known) | (preserved & u->lost);
	for (i = 0; i < u->nsaved && i < PARAMINFO_UNWIND_SAVED; i++) {
		u8 reg = u->saved[i].reg;
		u64 val;

		/* gpr[]'s size; the decoder refuses more, and a larger ra. */
		if (reg >= PARAMINFO_NR_REGS)
			continue;
		if (u->saved[i].off > u->cfa ||
		    paraminfo_read_word(r, cfa - u->saved[i].off, &val)) {
			c->lost |= BIT(reg) & preserved;
			continue;
		}
		if (reg == ra) {
			*ret = val;
			have_ret = true;
		}
		c->gpr[reg] = val;
		saved |= BIT(reg);
	}
	c->lost &= ~saved;
	/* Not saved: still in its register, if this frame knows it. */
	if (!have_ret && ra < r->nr && (known >> ra & 1) &&
	    !(u->lost >> ra & 1)) {
		*ret = r->gpr[ra];
		have_ret = true;
	}
	return have_ret ? 0 : -EFAULT;
}

/**
 * paraminfo_print_callers() - format the parameters of each caller frame
 * @w: the faulting frame's table, function and pc
 * @r: its registers, the stack sp is on with its reader
 * @walk: how to find each caller's code
 * @emit: called with each line, NUL-terminated, without a newline
 * @ctx: passed to @emit
 *
 * Context: no allocation and no lock; at most @walk->max_frames frames,
 * each one row lookup, one reader call per saved register and one
 * parameter block.
 * Return: the number of caller frames printed.
 */
u32 paraminfo_print_callers(const struct paraminfo_where *w,
			    const struct paraminfo_regs *r,
			    const struct paraminfo_walk *walk,
			    void (*emit)(void *ctx, const char *line), void *ctx)
{
	struct paraminfo_regs cur = *r, next;
	struct paraminfo_where here = *w, up;
	struct paraminfo_unwind u;
	const char *why = NULL;
	u32 off = w->addr - w->f.addr, n = 0, preserved;
	char buf[192], sym[128];
	u64 ret;
	u8 ra;

	if (!cur.read || !cur.stack_hi)
		return 0;
	for (;;) {
		int err;

		if (paraminfo_unwind_abi(here.t, &ra, &preserved))
			break;
		err = paraminfo_unwind_at(here.t, &here.f, off, &u);
		if (err) {
			why = err == -ENOENT ? "no unwind row" : "bad unwind row";
			break;
		}
		if (paraminfo_unwind_regs(&cur, &u, ra, preserved, &next,
					  &ret)) {
			why = "return address not readable";
			break;
		}
		if (walk->code_addr)
			ret = walk->code_addr(ret);
		/* The caller is at its call: the byte before it returns to. */
		if (!ret || walk->find(ret - 1, &up))
			break;
		if (n == walk->max_frames) {
			snprintf(buf, sizeof(buf),
				 "Callers: more not shown (at most %u)",
				 walk->max_frames);
			emit(ctx, buf);
			return n;
		}
		n++;
		next.pc = ret;
		if (walk->symbol)
			walk->symbol(ret, sym, sizeof(sym));
		else
			snprintf(sym, sizeof(sym), "%s+0x%llx/0x%x",
				 up.f.name ? up.f.name : "?",
				 (unsigned long long)(up.addr + 1 - up.f.addr),
				 up.f.size);
		snprintf(buf, sizeof(buf), "Parameters of caller #%u (%s):%s",
			 n, sym, up.f.nparams ? "" : " none");
		emit(ctx, buf);
		off = up.addr - up.f.addr;
		paraminfo_print_params(up.t, &up.f, off, &next, emit, ctx);
		cur = next;
		here = up;
	}
	if (why) {
		snprintf(buf, sizeof(buf), "Callers: not followed past %s: %s",
			 n ? sym : "the faulting function", why);
		emit(ctx, buf);
	}
	return n;
}
