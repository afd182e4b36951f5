// SPDX-License-Identifier: GPL-2.0
/*
 * oracle ELF DUMP.jsonl - check a paraminfo table against the running ELF.
 *
 * For every function whose ABI slots are known, the oracle calls it under
 * ptrace with argument values it chose, single-steps it back to its caller
 * and, at each instruction of the function's own frame, compares every
 * register the table names for a parameter with the value passed. A
 * difference is a wrong value: what the oops printer must never show.
 *
 * The tracee stops at main() (libc, TLS and stack canary set up); an RWX
 * mapping injected with an mmap syscall holds the int3 the call returns to,
 * "ret" instructions that function-pointer arguments point at, the stack
 * and the zeroed areas pointer arguments point into.
 *
 * A range may name a stack slot instead ("stack": OFF): the value is in
 * memory at the stack pointer plus OFF, the parameter's size wide. The
 * oracle reads it there and compares it the same way, and checks that the
 * slot is one of this frame's: inside [rsp, CFA), the CFA computed from
 * the ELF's .eh_frame (libdw) independently of the table. In the
 * function's own frame that CFA must be the entry rsp + 8, or the oracle
 * cannot check the frame and says so.
 *
 * "<name>.cold" runs in the frame of <name>, so it is checked against the
 * values passed to <name>. A clone (abi "unknown") only gets a consistency
 * check: which register holds which parameter is what cannot be known
 * without the table, so the register named at offset 0 is taken as the
 * value and every later claim must agree. Output is KTAP; exit status 1 on
 * a wrong value or a slot outside the frame, 2 on errors.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <dwarf.h>
#include <elfutils/libdw.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/uio.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>

#define PI_MAP_SIZE	0x400000UL	/* the injected mapping */
#define PI_STACK_TOP	0x1f0000UL	/* entry rsp is just below this */
#define PI_ARGS_SIZE	0x1000UL	/* stack arguments above the entry rsp */
#define PI_SCRATCH	0x200000UL	/* pointer targets from here ... */
#define PI_SLOT_SIZE	0x8000UL	/* ... one slot per argument */
#define PI_SLOTS	64
#define PI_RET_GADGETS	16		/* "ret" bytes from offset 16 */
#define PI_MAX_STEPS	100000
#define PI_MAX_SHOWN	10		/* wrong values printed per function */

#include "oracle.h"

struct pi_tracee {
	pid_t pid;
	struct user_regs_struct saved;	/* at main(), restored after calls */
	unsigned long base;		/* the injected mapping */
	const char *elf;
	unsigned long main_addr;
	struct pi_uw *uw;		/* unwind checks, if the dump has rows */
};

static const struct {
	const char *name;
	size_t off;
} pi_regs[] = {
#define R(x) { #x, offsetof(struct user_regs_struct, x) }
	R(rdi), R(rsi), R(rdx), R(rcx), R(r8), R(r9),	/* the argument registers */
	R(rax), R(rbx), R(rbp), R(r10), R(r11), R(r12), R(r13), R(r14), R(r15),
#undef R
};

struct pi_func *funcs;
int nfuncs;
unsigned long pi_main_addr;
static unsigned char *pi_zero;
static Dwarf_CFI *pi_cfi;		/* the ELF's .eh_frame */

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n);
	if (!p) {
		fprintf(stderr, "oracle: out of memory\n");
		exit(2);
	}
	return p;
}

int pi_reg_index(const char *name)
{
	int i;

	for (i = 0; i < (int)ARRAY_SIZE(pi_regs); i++)
		if (!strcmp(pi_regs[i].name, name))
			return i;
	return -1;
}

static unsigned long long *pi_reg(struct user_regs_struct *r, int i)
{
	return (unsigned long long *)((char *)r + pi_regs[i].off);
}

const char *pi_reg_name(int i)
{
	return pi_regs[i].name;
}

/* DWARF x86-64 register numbers 0-16 in struct user_regs_struct */
static const size_t pi_dwarf_regs[] = {
#define R(x) offsetof(struct user_regs_struct, x)
	R(rax), R(rdx), R(rcx), R(rbx), R(rsi), R(rdi), R(rbp), R(rsp),
	R(r8), R(r9), R(r10), R(r11), R(r12), R(r13), R(r14), R(r15), R(rip),
#undef R
};

unsigned long long pi_dwarf_reg(struct user_regs_struct *r, int dw)
{
	if (dw < 0 || dw >= (int)ARRAY_SIZE(pi_dwarf_regs))
		return 0;
	return *(unsigned long long *)((char *)r + pi_dwarf_regs[dw]);
}

/* The function (or .cold part) of the dump that holds PC, or NULL. */
struct pi_func *pi_func_at(unsigned long pc)
{
	int i;

	for (i = 0; i < nfuncs; i++)
		if (pc >= funcs[i].addr && pc < funcs[i].addr + funcs[i].size)
			return &funcs[i];
	return NULL;
}

/* Why F cannot be called with values the oracle chose, or NULL. */
static const char *pi_why_skip(struct pi_func *f)
{
	const char *cold = strstr(f->name, ".cold");
	int i;

	if (cold) {
		for (i = 0; i < nfuncs; i++)
			if (!strncmp(funcs[i].name, f->name, cold - f->name) &&
			    !funcs[i].name[cold - f->name] && !pi_why_skip(&funcs[i]))
				f->parent = &funcs[i];
		return f->parent ? "not callable: a fragment run in the frame of its parent, checked there" :
		       "fragment of a function the oracle cannot call";
	}
	for (i = 0; i < f->np; i++) {
		f->clone |= f->p[i].abi == ABI_UNKNOWN;
		if (f->p[i].abi == ABI_BAD)
			return "abi slot not understood";
	}
	return NULL;
}

static int pi_wait(struct pi_tracee *t, int *sig)
{
	int status = 0;

	if (waitpid(t->pid, &status, 0) < 0 || !WIFSTOPPED(status)) {
		*sig = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
		t->pid = 0;	/* exited or killed */
		return -1;
	}
	*sig = WSTOPSIG(status);
	return 0;
}

static int pi_write(struct pi_tracee *t, unsigned long addr, const void *buf, size_t n)
{
	struct iovec local = { (void *)buf, n }, remote = { (void *)addr, n };

	return process_vm_writev(t->pid, &local, 1, &remote, 1, 0) == (ssize_t)n ? 0 : -1;
}

int pi_read(struct pi_tracee *t, unsigned long addr, void *buf, size_t n)
{
	struct iovec local = { buf, n }, remote = { (void *)addr, n };

	return process_vm_readv(t->pid, &local, 1, &remote, 1, 0) == (ssize_t)n ? 0 : -1;
}

/* Run to the int3 planted at a known address; return with regs read. */
static int pi_cont_to_trap(struct pi_tracee *t, struct user_regs_struct *r)
{
	int sig;

	if (ptrace(PTRACE_CONT, t->pid, 0, 0) || pi_wait(t, &sig) || sig != SIGTRAP)
		return -1;
	return ptrace(PTRACE_GETREGS, t->pid, 0, r) ? -1 : 0;
}

/* Start the fixture, stop it at main() and inject the oracle's mapping. */
static int pi_start(struct pi_tracee *t)
{
	struct user_regs_struct r;
	unsigned char code[PI_RET_GADGETS + 64];
	unsigned long orig;
	int sig, fd;

	t->pid = fork();
	if (t->pid == 0) {
		fd = open("/dev/null", O_WRONLY);
		dup2(fd, 1);
		ptrace(PTRACE_TRACEME, 0, 0, 0);
		execl(t->elf, t->elf, (char *)NULL);
		_exit(127);
	}
	if (t->pid < 0 || pi_wait(t, &sig) || sig != SIGTRAP)
		return -1;
	ptrace(PTRACE_SETOPTIONS, t->pid, 0, PTRACE_O_EXITKILL);
	errno = 0;
	orig = ptrace(PTRACE_PEEKTEXT, t->pid, t->main_addr, 0);
	if (errno || ptrace(PTRACE_POKETEXT, t->pid, t->main_addr, (orig & ~0xffUL) | 0xcc) ||
	    pi_cont_to_trap(t, &t->saved) || t->saved.rip != t->main_addr + 1)
		return -1;
	t->saved.rip = t->main_addr;
	/* syscall; int3 -- mmap(NULL, size, RWX, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) */
	r = t->saved;
	r.rax = 9;
	r.rdi = 0;
	r.rsi = PI_MAP_SIZE;
	r.rdx = 7;
	r.r10 = 0x22;
	r.r8 = -1;
	r.r9 = 0;
	if (ptrace(PTRACE_POKETEXT, t->pid, t->main_addr, (orig & ~0xffffffUL) | 0xcc050f) ||
	    ptrace(PTRACE_SETREGS, t->pid, 0, &r) || pi_cont_to_trap(t, &r) ||
	    ptrace(PTRACE_POKETEXT, t->pid, t->main_addr, orig) || r.rax > -4096UL)
		return -1;
	t->base = r.rax;
	memset(code, 0xc3, sizeof(code));
	code[0] = 0xcc;
	return pi_write(t, t->base, code, sizeof(code));
}

static void pi_stop(struct pi_tracee *t)
{
	int sig;

	if (t->pid > 0 && !kill(t->pid, SIGKILL))
		while (!pi_wait(t, &sig))
			;
	t->pid = 0;
}

static unsigned long pi_pattern(int slot)
{
	return (0x81UL + slot % 0x70) * 0x0101010101010101UL;
}

static unsigned long pi_scratch(struct pi_tracee *t, int slot)
{
	return t->base + PI_SCRATCH + (slot % PI_SLOTS) * PI_SLOT_SIZE + PI_SLOT_SIZE / 2;
}

/* The value the oracle passes in a parameter's (first) slot. */
static unsigned long pi_value(struct pi_tracee *t, struct pi_param *p, int slot)
{
	if (p->kind == K_PTR)
		return pi_scratch(t, slot);
	if (p->kind == K_FPTR)
		return t->base + PI_RET_GADGETS + slot % 48;
	if (p->kind == K_BOOL)
		return (pi_pattern(slot) & ~0xffUL) | 1;
	return pi_pattern(slot);
}

/*
 * Lay out one stack-passed parameter at *off bytes above the entry rsp. A
 * parameter of unknown size takes the rest; later ones get no known value.
 */
static void pi_stack_arg(struct pi_tracee *t, struct pi_param *p, unsigned long *args,
			 unsigned long *off, int *slot, int *lost)
{
	unsigned long i, words = p->kind == K_WIDE ? 2 : 1;

	if (*lost)
		return;
	if (p->kind == K_WIDE)
		*off += *off % 16 ? 8 : 0;	/* entry rsp % 16 == 8 */
	else if (p->size <= 0 || p->size > 8)
		*lost = 1;
	if (*lost)
		words = PI_ARGS_SIZE / 8 - *off / 8;
	p->val = pi_value(t, p, *slot);
	p->has_val = words == 1 && !*lost;
	for (i = 0; i < words; i++)
		args[*off / 8 + i] = p->has_val ? p->val : pi_pattern(*slot + i);
	*slot += words == 2 ? 2 : 1;
	*off += 8 * words;
}

int pi_loc_at(struct pi_param *p, unsigned long off)
{
	int k;

	for (k = 0; k < p->nlocs; k++)
		if (off >= p->locs[k].from && off < p->locs[k].to)
			return k;
	return -1;
}

/*
 * A clone: argument registers and the words above the return address get
 * distinct pointers, the table says the rest: a parameter's value is what
 * the register or stack slot it names at offset 0 holds (ARGS is what the
 * stack holds from the entry rsp up).
 */
static void pi_setup_clone(struct pi_tracee *t, struct pi_func *f, struct user_regs_struct *r,
			   unsigned long *args)
{
	struct pi_param *p;
	struct pi_loc *l;
	int i, k;

	for (i = 0; i < 6; i++)
		*pi_reg(r, i) = pi_scratch(t, i);
	for (i = 1; i < (int)(PI_ARGS_SIZE / 8); i++)
		args[i] = pi_scratch(t, 6 + i);
	for (i = 0; i < f->np; i++) {
		p = &f->p[i];
		k = pi_loc_at(p, 0);
		l = k >= 0 ? &p->locs[k] : NULL;
		p->has_val = l && p->size > 0 && p->size <= 8 &&
			     (l->is_stack ? l->stack >= 8 && l->stack + p->size <= (long)PI_ARGS_SIZE :
			      l->reg >= 0);
		p->val = 0;
		if (p->has_val && l->is_stack)
			memcpy(&p->val, (char *)args + l->stack, p->size);
		else if (p->has_val)
			p->val = *pi_reg(r, l->reg);
	}
}

/* Put F's arguments in place: registers in *r, the stack in the tracee. */
static int pi_setup(struct pi_tracee *t, struct pi_func *f, struct user_regs_struct *r)
{
	static unsigned long args[PI_ARGS_SIZE / 8];
	unsigned long off = 8;
	int i, slot = 0, lost = 0;
	struct pi_param *p;

	*r = t->saved;
	for (i = 0; i < (int)ARRAY_SIZE(pi_regs); i++)	/* recognisable junk */
		*pi_reg(r, i) = 0x5a5a5a5a5a5a5a00UL | i;
	for (i = 0; i < 6; i++)		/* unused ones may be a hidden sret pointer */
		*pi_reg(r, i) = pi_scratch(t, PI_SLOTS - 1 - i);
	r->rax = 0;			/* no vector registers for varargs */
	memset(args, 0, sizeof(args));
	for (i = 0; i < f->np; i++) {
		p = &f->p[i];
		p->has_val = 0;
		p->val = 0;
		p->noted = 0;
		if (p->abi == ABI_REG) {
			p->val = pi_value(t, p, slot++);
			p->has_val = p->size > 0 && p->size <= 8;
			*pi_reg(r, p->reg[0]) = p->val;
		} else if (p->abi == ABI_REG2 || p->abi == ABI_REGXMM) {
			*pi_reg(r, p->reg[0]) = pi_pattern(slot++);
			if (p->reg[1] >= 0)
				*pi_reg(r, p->reg[1]) = pi_pattern(slot++);
		} else if (p->abi == ABI_STACK) {
			pi_stack_arg(t, p, args, &off, &slot, &lost);
		}
	}
	if (f->clone)
		pi_setup_clone(t, f, r, args);
	r->rsp = t->base + PI_STACK_TOP - 8;
	r->rip = f->addr;
	args[0] = t->base;		/* the return address: an int3 */
	if (pi_write(t, t->base + PI_SCRATCH, pi_zero, PI_SLOTS * PI_SLOT_SIZE))
		return -1;
	return pi_write(t, r->rsp, args, sizeof(args));
}

/* The parameter of F that supplies the value of G's parameter I. */
static struct pi_param *pi_source(struct pi_func *f, struct pi_func *g, int i)
{
	int k;

	if (f == g)
		return &g->p[i];
	for (k = 0; k < f->np; k++)
		if (!strcmp(f->p[k].name, g->p[i].name))
			return &f->p[k];
	return NULL;
}

/* Where the CFA is at this stop (.eh_frame, libdw); 0 if it cannot be had. */
int pi_cfa(struct user_regs_struct *r, unsigned long *cfa)
{
	Dwarf_Frame *frame;
	Dwarf_Op *ops;
	size_t nops;
	Dwarf_Word reg = ARRAY_SIZE(pi_dwarf_regs);
	Dwarf_Sword add = 0;

	if (!pi_cfi || dwarf_cfi_addrframe(pi_cfi, r->rip, &frame))
		return 0;
	if (!dwarf_frame_cfa(frame, &ops, &nops) && nops == 1) {
		if (ops[0].atom == DW_OP_bregx) {	/* libdw's "register + offset" rule */
			reg = ops[0].number;
			add = (Dwarf_Sword)ops[0].number2;
		} else if (ops[0].atom >= DW_OP_breg0 && ops[0].atom <= DW_OP_breg31) {
			reg = ops[0].atom - DW_OP_breg0;
			add = (Dwarf_Sword)ops[0].number;
		}
	}
	free(frame);
	if (reg >= ARRAY_SIZE(pi_dwarf_regs))
		return 0;
	*cfa = pi_dwarf_reg(r, reg) + add;
	return 1;
}

/* Where a stop is: its registers and, if it could be had, its CFA. */
struct pi_at {
	struct pi_tracee *t;
	struct user_regs_struct *r;
	unsigned long cfa;
	int has_cfa;
};

/*
 * A stack slot claimed for G's parameter P (its value from Q) at offset
 * OFF: inside this frame, and holding the value.
 */
static void pi_check_slot(struct pi_func *g, struct pi_param *p, struct pi_param *q,
			  struct pi_loc *l, unsigned long off, struct pi_at *at,
			  struct pi_stats *st)
{
	unsigned long mask, got = 0, sp = at->r->rsp, addr = sp + l->stack;
	int size = q && q->size > 0 && q->size <= 8 ? q->size : 1, wide, unreadable;

	if (l->stack < 0 || !at->has_cfa || addr + size > at->cfa) {
		if (++st->frame_bad <= PI_MAX_SHOWN && at->has_cfa)
			printf("# OUTSIDE THE FRAME %s: %s (%s) at +0x%lx: stack sp%+ld, %d bytes at 0x%lx, not in [rsp, CFA) = [0x%lx, 0x%lx)\n",
			       g->name, p->name, p->type, off, l->stack, size, addr, sp, at->cfa);
		else if (st->frame_bad <= PI_MAX_SHOWN)
			printf("# OUTSIDE THE FRAME %s: %s (%s) at +0x%lx: stack sp%+ld: no CFA from .eh_frame here, the slot cannot be shown to be in the frame\n",
			       g->name, p->name, p->type, off, l->stack);
	}
	wide = q && (q->abi == ABI_REG2 || q->kind == K_WIDE);
	if (!wide && (!q || !q->has_val)) {
		if (!p->noted++)
			printf("# %s: %s (%s): claimed in a stack slot, not compared: %s\n",
			       g->name, p->name, p->type,
			       !q ? "no parameter of that name in the parent" :
			       q->size ? "value not laid out by the oracle" :
			       "size not known from the type string");
		return;
	}
	mask = size >= 8 ? ~0UL : (1UL << (8 * size)) - 1;
	st->checks++;
	st->stack_checks++;
	unreadable = !wide && pi_read(at->t, addr, &got, size);
	if (!wide && !unreadable && got == (q->val & mask))
		return;
	st->wrong++;
	st->stack_wrong++;
	if (st->wrong <= PI_MAX_SHOWN)
		printf("# WRONG %s: %s (%s) at +0x%lx: stack sp%+ld = 0x%lx, expected 0x%lx (low %d bytes)%s\n",
		       g->name, p->name, p->type, off, l->stack, got, q->val & mask, size,
		       wide ? ": a stack range names at most 8 bytes" :
		       unreadable ? ": not readable" : "");
}

/* Compare one claimed location of G's parameter I at offset OFF. */
static void pi_check_one(struct pi_func *f, struct pi_func *g, int i, unsigned long off,
			 struct pi_at *at, struct pi_stats *st)
{
	struct pi_param *p = &g->p[i], *q = pi_source(f, g, i);
	struct user_regs_struct *r = at->r;
	unsigned long mask, got;
	int k = pi_loc_at(p, off), wide;

	st->pairs++;
	if (f == g && p->abi == ABI_REG && p->has_val) {
		/* the naive rule: "ABI register i still holds scalar parameter i" */
		mask = p->size >= 8 ? ~0UL : (1UL << (8 * p->size)) - 1;
		st->naive_pairs++;
		st->naive_wrong += (*pi_reg(r, p->reg[0]) & mask) != (p->val & mask);
		st->naive_proven += k >= 0;
	}
	if (k < 0)
		return;
	st->proven++;
	if (p->locs[k].is_stack) {
		pi_check_slot(g, p, q, &p->locs[k], off, at, st);
		return;
	}
	wide = q && (q->abi == ABI_REG2 || q->kind == K_WIDE) && p->locs[k].reg >= 0;
	if (!wide && (!q || !q->has_val || p->locs[k].reg < 0)) {
		if (!p->noted++)
			printf("# %s: %s (%s): claimed in a register, not compared: %s\n",
			       g->name, p->name, p->type,
			       !q ? "no parameter of that name in the parent" :
			       p->locs[k].reg < 0 ? "register name not understood" :
			       q->size ? "value not laid out by the oracle" :
			       "size not known from the type string");
		return;
	}
	mask = q->size >= 8 ? ~0UL : (1UL << (8 * q->size)) - 1;
	got = *pi_reg(r, p->locs[k].reg);
	st->checks++;
	if (!wide && (got & mask) == (q->val & mask))
		return;
	st->wrong++;
	if (st->wrong <= PI_MAX_SHOWN)
		printf("# WRONG %s: %s (%s) at +0x%lx: %s = 0x%lx, expected 0x%lx (low %d bytes)%s\n",
		       g->name, p->name, p->type, off, pi_regs[p->locs[k].reg].name,
		       got, q->val & mask, q->size,
		       wide ? ": a 16-byte value cannot be in one register" : "");
}

/* Which of F's regions (F itself or one of its .cold fragments) holds RIP. */
static struct pi_func *pi_region(struct pi_func *f, unsigned long rip)
{
	int i;

	if (rip >= f->addr && rip < f->addr + f->size)
		return f;
	for (i = 0; i < nfuncs; i++)
		if (funcs[i].parent == f && rip >= funcs[i].addr &&
		    rip < funcs[i].addr + funcs[i].size)
			return &funcs[i];
	return NULL;
}

/*
 * Check one stop; recursive instances of F (deeper frames) are not ours.
 * In F's own frame the CFA is the entry rsp + 8: if .eh_frame says
 * otherwise, the frame checks of stack slots cannot be trusted there.
 */
static int pi_check_stop(struct pi_tracee *t, struct pi_func *f, struct user_regs_struct *r,
			 unsigned long entry_sp, long step, unsigned long *rec, int *nrec,
			 struct pi_stats *st, struct pi_stats *cold)
{
	struct pi_func *g = pi_region(f, r->rip);
	struct pi_at at = { t, r, 0, 0 };
	int i;

	while (*nrec && r->rsp > rec[*nrec - 1])
		(*nrec)--;
	if (step && r->rip == f->addr) {
		if (r->rsp >= entry_sp) {
			printf("# %s: entered again at offset 0 in its own frame (loop or self tail call): checking stops\n",
			       f->name);
			return -1;
		}
		if (*nrec < 64)
			rec[(*nrec)++] = r->rsp;
	}
	if (!g || *nrec)
		return 0;
	st = g == f ? st : cold;
	st->steps++;
	at.has_cfa = pi_cfa(r, &at.cfa);
	if (at.has_cfa && at.cfa != entry_sp + 8 && !st->cfa_bad++)
		printf("# %s: at +0x%llx .eh_frame gives CFA 0x%lx, not the entry rsp + 8 = 0x%lx\n",
		       g->name, r->rip - g->addr, at.cfa, entry_sp + 8);
	for (i = 0; i < g->np; i++)
		pi_check_one(f, g, i, r->rip - g->addr, &at, st);
	return 0;
}

/* Call F in the tracee and single-step it back to the int3. */
static int pi_call(struct pi_tracee *t, struct pi_func *f, struct pi_stats *st,
		   struct pi_stats *cold)
{
	struct user_regs_struct r;
	unsigned long rec[64], entry_sp;
	long step;
	int nrec = 0, sig = 0;

	if (pi_setup(t, f, &r) || ptrace(PTRACE_SETREGS, t->pid, 0, &r))
		return -1;
	entry_sp = r.rsp;
	if (t->uw)
		pi_unwind_reset(t->uw, t->base);
	for (step = 0; step < PI_MAX_STEPS; step++) {
		if (ptrace(PTRACE_GETREGS, t->pid, 0, &r))
			return -1;
		if (t->uw && r.rip != t->base)
			pi_unwind_stop(t->uw, f, &r, st);
		if (r.rip == t->base ||
		    pi_check_stop(t, f, &r, entry_sp, step, rec, &nrec, st, cold))
			break;
		if (ptrace(PTRACE_SINGLESTEP, t->pid, 0, 0) || pi_wait(t, &sig)) {
			printf("# %s: the program ended (signal %d) after %ld steps\n",
			       f->name, sig, step);
			return 1;
		}
		if (sig != SIGTRAP) {
			ptrace(PTRACE_GETREGS, t->pid, 0, &r);
			printf("# %s: signal %d at 0x%llx after %ld steps (arguments chosen by the oracle; the checks before it count)\n",
			       f->name, sig, r.rip, step);
			return 1;
		}
	}
	if (step >= PI_MAX_STEPS)
		printf("# %s: stopped after %d steps\n", f->name, PI_MAX_STEPS);
	return ptrace(PTRACE_SETREGS, t->pid, 0, &t->saved) ? 1 : 0;
}

static void pi_add(struct pi_stats *a, const struct pi_stats *b)
{
	long *d = (long *)a;
	const long *v = (const long *)b;
	size_t i;

	for (i = 0; i < sizeof(*a) / sizeof(long); i++)
		d[i] += v[i];
}

static double pi_pct(long a, long b)
{
	return b ? 100.0 * a / b : 0.0;
}

/* Test one function; returns 1 if it passed, 0 if not, -1 on setup failure. */
static int pi_test(struct pi_tracee *t, struct pi_func *f, int n, struct pi_stats *total)
{
	struct pi_stats st = { 0 }, cold = { 0 };
	int rc, i, bad;

	if (!t->pid && pi_start(t))
		return -1;
	rc = pi_call(t, f, &st, &cold);
	if (rc < 0)
		return -1;
	if (rc > 0)
		pi_stop(t);		/* crashed: the next call gets a fresh one */
	for (i = 0; i < nfuncs; i++)
		if (funcs[i].parent == f)
			printf("# %s: checked in the frame of %s: %ld steps, %ld checks, %ld wrong\n",
			       funcs[i].name, f->name, cold.steps, cold.checks, cold.wrong);
	if (st.wrong + cold.wrong > PI_MAX_SHOWN)
		printf("# %s: %ld wrong values, the first %d shown\n", f->name,
		       st.wrong + cold.wrong, PI_MAX_SHOWN);
	pi_add(&st, &cold);
	pi_add(total, &st);
	bad = st.wrong || st.frame_bad || st.cfa_bad || st.uw_wrong || st.cf_rows_wrong ||
	      st.cf_wrong;
	printf("%s %d - %s%s: %ld steps, %ld checks, %ld wrong", bad ? "not ok" : "ok",
	       n, f->name, f->clone ? " (clone: consistency with offset 0 only)" : "",
	       st.steps, st.checks, st.wrong);
	if (st.stack_checks || st.frame_bad)
		printf("; stack slots %ld checks, %ld wrong, %ld outside the frame",
		       st.stack_checks, st.stack_wrong, st.frame_bad);
	if (st.cfa_bad)
		printf("; CFA not the entry rsp + 8 at %ld stops", st.cfa_bad);
	if (t->uw)
		printf("; unwind rows %ld checked, %ld wrong; caller frames %ld rows, %ld wrong, %ld pairs, %ld printable, %ld wrong",
		       st.uw_rows, st.uw_wrong, st.cf_rows, st.cf_rows_wrong, st.cf_pairs,
		       st.cf_printable, st.cf_wrong);
	printf("\n");
	return !bad;
}

static void pi_summary(const struct pi_stats *s, int passed, int failed, int skipped)
{
	printf("# functions called %d, skipped %d; steps %ld, checks %ld, wrong %ld\n",
	       passed + failed, skipped, s->steps, s->checks, s->wrong);
	printf("# coverage %.1f%% (%ld of %ld param-steps have a claimed register or stack slot)\n",
	       pi_pct(s->proven, s->pairs), s->proven, s->pairs);
	printf("# stack slots checked: %ld pairs, %ld wrong, %ld outside the frame\n",
	       s->stack_checks, s->stack_wrong, s->frame_bad);
	if (s->cfa_bad)
		printf("# CFA from .eh_frame not the entry rsp + 8 at %ld stops\n", s->cfa_bad);
	printf("# naive rule wrong-or-unprovable %.1f%% (%ld of %ld scalar register-param steps)\n",
	       pi_pct(s->naive_wrong, s->naive_pairs), s->naive_wrong, s->naive_pairs);
	printf("# table on the same steps: %.1f%% proven, the rest shown as not in a register\n",
	       pi_pct(s->naive_proven, s->naive_pairs));
	if (pi_nrows) {
		printf("# unwind rows checked: %ld, %ld wrong (%ld stops in fixture functions, %.1f%% with a row)\n",
		       s->uw_rows, s->uw_wrong, s->uw_stops, pi_pct(s->uw_rows, s->uw_stops));
		printf("# caller frames: %ld walked, %ld with a row, %ld rows wrong\n",
		       s->cf_frames, s->cf_rows, s->cf_rows_wrong);
		printf("# caller frame parameters: %ld pairs, %ld printable (%.1f%%), %ld checked, %ld wrong; %ld named a caller-saved register\n",
		       s->cf_pairs, s->cf_printable, pi_pct(s->cf_printable, s->cf_pairs),
		       s->cf_checks, s->cf_wrong, s->cf_volatile);
	}
	printf("# oracle: %d passed, %d failed\n", passed, failed);
}

/* The ELF's .eh_frame, for the CFA at each stop; the ELF stays open. */
static int pi_open_cfi(const char *path)
{
	int fd = open(path, O_RDONLY);
	Elf *elf;

	elf_version(EV_CURRENT);
	elf = fd >= 0 ? elf_begin(fd, ELF_C_READ, NULL) : NULL;
	pi_cfi = elf ? dwarf_getcfi_elf(elf) : NULL;
	if (!pi_cfi)
		fprintf(stderr, "oracle: %s: no call frame information (%s)\n", path,
			fd < 0 ? strerror(errno) : elf ? dwarf_errmsg(-1) : elf_errmsg(-1));
	return pi_cfi ? 0 : -1;
}

/**
 * main() - check the dump of ELF against the running ELF.
 * @argc: argument count, 3.
 * @argv: the program name, the fixture binary and its JSON Lines dump.
 *
 * Return: 0 if no wrong value (nor slot outside the frame) was seen, 1 if
 * one was, 2 on setup errors.
 */
int main(int argc, char **argv)
{
	struct pi_tracee t = { 0 };
	struct pi_stats total = { 0 };
	const char *why;
	int i, n = 0, passed = 0, failed = 0, skipped = 0, rc = 0;

	if (argc != 3) {
		fprintf(stderr, "usage: oracle ELF DUMP.jsonl\n");
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	pi_zero = calloc(PI_SLOTS, PI_SLOT_SIZE);
	if (!pi_zero || pi_read_dump(argv[2]) || pi_open_cfi(argv[1]))
		return 2;
	t.elf = argv[1];
	t.main_addr = pi_main_addr;
	t.uw = pi_nrows ? pi_unwind_new(&t) : NULL;
	for (i = 0; i < nfuncs; i++)
		n += !pi_why_skip(&funcs[i]);
	printf("KTAP version 1\n1..%d\n", n);
	for (i = 0, n = 0; i < nfuncs && rc >= 0; i++) {
		why = pi_why_skip(&funcs[i]);
		if (why)
			printf("# skipped %s: %s\n", funcs[i].name, why);
		skipped += !!why;
		rc = why ? 0 : pi_test(&t, &funcs[i], ++n, &total);
		passed += !why && rc > 0;
		failed += !why && !rc;
	}
	pi_stop(&t);
	if (rc < 0) {
		fprintf(stderr, "oracle: %s: cannot run %s under ptrace\n", argv[1],
			funcs[i - 1].name);
		return 2;
	}
	pi_summary(&total, passed, failed, skipped);
	return failed ? 1 : 0;
}
