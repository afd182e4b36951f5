// SPDX-License-Identifier: GPL-2.0
/*
 * x86-64 instructions for the dataflow proof, decoded with capstone.
 *
 * Capstone rather than the kernel's own instruction decoder: the kernel's
 * decoder gives opcodes and operand bytes, and objtool then derives by hand
 * what each instruction does (tools/objtool/arch/x86/decode.c), while
 * capstone lists the registers every instruction reads and writes,
 * implicit ones included, and decodes AArch64 through the same API.
 *
 * Every register capstone says an instruction writes, by its access list
 * or by an operand marked as written, is written; capstone 4 misses a few
 * implicit writes (cmpxchg's rax, enter's rbp, xlat's al, syscall's rcx and
 * r11), which are added here. Only plain register-to-register moves are
 * copies: a 64-bit mov keeps all eight bytes, a 32-bit mov the low four
 * (it zeroes the rest), movzx/movsx/movsxd the source's width; a write of
 * an 8- or 16-bit register keeps the rest of the old value and so is a
 * write. A rep-prefixed string instruction updates rdi, rsi and rcx once
 * per iteration while rip stays on it, so those are written "here" too.
 */
#include <capstone/capstone.h>
#include <elf.h>
#include <string.h>

#include "insn.h"
#include "util.h"

/* DWARF numbers: 0 rax, 1 rdx, 2 rcx, 3 rbx, 4 rsi, 5 rdi, 6 rbp, 7 rsp. */
#define PI_X86_RAX	0
#define PI_X86_RDX	1
#define PI_X86_RCX	2
#define PI_X86_RBP	6
#define PI_X86_RSP	7
#define PI_X86_R11	11
#define PI_X86_NONE	0xff

struct pi_x86 {
	csh cs;
	cs_insn *insn;
	uint8_t dwarf[X86_REG_ENDING];	/* capstone register -> DWARF GPR */
};

static const struct {
	uint8_t dwarf;
	x86_reg regs[5];
} pi_x86_gprs[] = {
	{ 0, { X86_REG_AL, X86_REG_AH, X86_REG_AX, X86_REG_EAX, X86_REG_RAX } },
	{ 1, { X86_REG_DL, X86_REG_DH, X86_REG_DX, X86_REG_EDX, X86_REG_RDX } },
	{ 2, { X86_REG_CL, X86_REG_CH, X86_REG_CX, X86_REG_ECX, X86_REG_RCX } },
	{ 3, { X86_REG_BL, X86_REG_BH, X86_REG_BX, X86_REG_EBX, X86_REG_RBX } },
	{ 4, { X86_REG_SIL, X86_REG_SI, X86_REG_ESI, X86_REG_RSI } },
	{ 5, { X86_REG_DIL, X86_REG_DI, X86_REG_EDI, X86_REG_RDI } },
	{ 6, { X86_REG_BPL, X86_REG_BP, X86_REG_EBP, X86_REG_RBP } },
	{ 7, { X86_REG_SPL, X86_REG_SP, X86_REG_ESP, X86_REG_RSP } },
	{ 8, { X86_REG_R8B, X86_REG_R8W, X86_REG_R8D, X86_REG_R8 } },
	{ 9, { X86_REG_R9B, X86_REG_R9W, X86_REG_R9D, X86_REG_R9 } },
	{ 10, { X86_REG_R10B, X86_REG_R10W, X86_REG_R10D, X86_REG_R10 } },
	{ 11, { X86_REG_R11B, X86_REG_R11W, X86_REG_R11D, X86_REG_R11 } },
	{ 12, { X86_REG_R12B, X86_REG_R12W, X86_REG_R12D, X86_REG_R12 } },
	{ 13, { X86_REG_R13B, X86_REG_R13W, X86_REG_R13D, X86_REG_R13 } },
	{ 14, { X86_REG_R14B, X86_REG_R14W, X86_REG_R14D, X86_REG_R14 } },
	{ 15, { X86_REG_R15B, X86_REG_R15W, X86_REG_R15D, X86_REG_R15 } },
};

/* Implicit writes capstone 4 does not list. */
static uint32_t pi_x86_implicit(unsigned int id)
{
	switch (id) {
	case X86_INS_CMPXCHG:
		return 1u << PI_X86_RAX;
	case X86_INS_ENTER:
		return 1u << PI_X86_RBP | 1u << PI_X86_RSP;
	case X86_INS_XLATB:
		return 1u << PI_X86_RAX;
	case X86_INS_SYSCALL:
		return 1u << PI_X86_RCX | 1u << PI_X86_R11;
	}
	return 0;
}

static int pi_x86_string(unsigned int id)
{
	switch (id) {
	case X86_INS_MOVSB: case X86_INS_MOVSW: case X86_INS_MOVSD:
	case X86_INS_MOVSQ:
	case X86_INS_STOSB: case X86_INS_STOSW: case X86_INS_STOSD:
	case X86_INS_STOSQ:
	case X86_INS_LODSB: case X86_INS_LODSW: case X86_INS_LODSD:
	case X86_INS_LODSQ:
	case X86_INS_CMPSB: case X86_INS_CMPSW: case X86_INS_CMPSD:
	case X86_INS_CMPSQ:
	case X86_INS_SCASB: case X86_INS_SCASW: case X86_INS_SCASD:
	case X86_INS_SCASQ:
	case X86_INS_INSB: case X86_INS_INSW: case X86_INS_INSD:
	case X86_INS_OUTSB: case X86_INS_OUTSW: case X86_INS_OUTSD:
		return 1;
	}
	return 0;
}

static void *pi_x86_open(void)
{
	struct pi_x86 *x = pi_alloc(sizeof(*x));
	size_t i, j;

	if (cs_open(CS_ARCH_X86, CS_MODE_64, &x->cs) != CS_ERR_OK ||
	    cs_option(x->cs, CS_OPT_DETAIL, CS_OPT_ON) != CS_ERR_OK)
		pi_die("cannot open capstone's x86-64 decoder");
	x->insn = cs_malloc(x->cs);
	memset(x->dwarf, PI_X86_NONE, sizeof(x->dwarf));
	for (i = 0; i < ARRAY_SIZE(pi_x86_gprs); i++)
		for (j = 0; j < ARRAY_SIZE(pi_x86_gprs[i].regs); j++)
			if (pi_x86_gprs[i].regs[j])
				x->dwarf[pi_x86_gprs[i].regs[j]] = pi_x86_gprs[i].dwarf;
	return x;
}

static void pi_x86_close(void *dec)
{
	struct pi_x86 *x = dec;

	cs_free(x->insn, 1);
	cs_close(&x->cs);
	free(x);
}

static uint32_t pi_x86_bit(const struct pi_x86 *x, unsigned int reg)
{
	if (reg >= X86_REG_ENDING || x->dwarf[reg] == PI_X86_NONE)
		return 0;
	return 1u << x->dwarf[reg];
}

/* A register-to-register move that keeps the source's low bytes. */
static void pi_x86_copy(const struct pi_x86 *x, const cs_x86 *d,
			unsigned int id, struct pi_insn *in)
{
	const cs_x86_op *dst = &d->operands[0], *src = &d->operands[1];
	unsigned int width;

	if (d->op_count != 2 || dst->type != X86_OP_REG ||
	    src->type != X86_OP_REG || !pi_x86_bit(x, dst->reg) ||
	    !pi_x86_bit(x, src->reg) || dst->size < 4)
		return;
	switch (id) {
	case X86_INS_MOV:
	case X86_INS_XCHG:
		if (src->size != dst->size)
			return;
		width = dst->size;
		break;
	case X86_INS_MOVZX:
	case X86_INS_MOVSX:
	case X86_INS_MOVSXD:
		width = src->size;
		break;
	default:
		return;
	}
	in->copy_dst = x->dwarf[dst->reg];
	in->copy_src = x->dwarf[src->reg];
	in->copy_width = width;
	in->swap = id == X86_INS_XCHG;
}

/* A GPR as a whole 64-bit register: its DWARF number, or -1. */
static int pi_x86_reg64(const struct pi_x86 *x, const cs_x86_op *op)
{
	if (op->type != X86_OP_REG || op->size != 8 || !pi_x86_bit(x, op->reg))
		return -1;
	return x->dwarf[op->reg];
}

static void pi_x86_store(struct pi_insn *in, int base, int32_t disp,
			 int src, unsigned int width)
{
	if (in->nstores < PI_INSN_STORES)
		in->st[in->nstores++] = (struct pi_store){ disp, base, src, width };
}

/*
 * The frame (insn.h): push, pop and leave move the stack pointer, and push
 * stores below it; "mov r, r", "lea r, [r + d]" and "add/sub r, imm" of
 * 64-bit registers are affine; a store is a memory operand it writes, with
 * the source register of a mov. A segment-relative operand (gs: per-CPU
 * data) or one without a base register is no frame address; one with an
 * index register has an extent it cannot say.
 */
static void pi_x86_frame(const struct pi_x86 *x, const cs_insn *ci,
			 const cs_x86 *d, struct pi_insn *in)
{
	const cs_x86_op *op0 = &d->operands[0], *op1 = &d->operands[1];
	int dst = d->op_count >= 1 ? pi_x86_reg64(x, op0) : -1;
	uint8_t i;

	in->aff_dst = -1;
	in->aff_src = -1;
	for (i = 0; i < d->op_count; i++) {
		const cs_x86_op *op = &d->operands[i];

		if (op->type == X86_OP_REG && (op->access & CS_AC_READ))
			in->vreads |= pi_x86_bit(x, op->reg);
		if (op->type != X86_OP_MEM || !(op->access & CS_AC_WRITE) ||
		    op->mem.segment != X86_REG_INVALID ||
		    !pi_x86_bit(x, op->mem.base))
			continue;
		pi_x86_store(in, x->dwarf[op->mem.base], op->mem.disp,
			     ci->id == X86_INS_MOV && d->op_count == 2 &&
			     op1->type == X86_OP_REG && pi_x86_bit(x, op1->reg) ?
			     x->dwarf[op1->reg] : -1,
			     op->mem.index == X86_REG_INVALID ? op->size : 0);
	}
	switch (ci->id) {
	case X86_INS_PUSH:
	case X86_INS_PUSHFQ:
		pi_x86_store(in, PI_X86_RSP, -8,
			     d->op_count == 1 ? pi_x86_reg64(x, op0) : -1, 8);
		in->aff_dst = PI_X86_RSP;
		in->aff_src = PI_X86_RSP;
		in->aff_add = -8;
		break;
	case X86_INS_POP:
	case X86_INS_POPFQ:
		in->aff_dst = PI_X86_RSP;
		in->aff_src = PI_X86_RSP;
		in->aff_add = 8;
		break;
	case X86_INS_LEAVE:
		in->aff_dst = PI_X86_RSP;
		in->aff_src = PI_X86_RBP;
		in->aff_add = 8;
		break;
	case X86_INS_MOV:
		if (dst >= 0 && d->op_count == 2 && pi_x86_reg64(x, op1) >= 0) {
			in->aff_dst = dst;
			in->aff_src = x->dwarf[op1->reg];
		}
		break;
	case X86_INS_LEA:
		if (dst >= 0 && op1->mem.index == X86_REG_INVALID &&
		    op1->mem.segment == X86_REG_INVALID &&
		    pi_x86_bit(x, op1->mem.base)) {
			in->aff_dst = dst;
			in->aff_src = x->dwarf[op1->mem.base];
			in->aff_add = op1->mem.disp;
		}
		break;
	case X86_INS_ADD:
	case X86_INS_SUB:
		if (dst >= 0 && d->op_count == 2 && op1->type == X86_OP_IMM) {
			in->aff_dst = dst;
			in->aff_src = dst;
			in->aff_add = ci->id == X86_INS_ADD ? op1->imm : -op1->imm;
		}
		break;
	}
	/* An affine write reads its source as an address, not as a value. */
	if (in->aff_src >= 0 && ci->id != X86_INS_LEA)
		in->vreads &= ~(1u << in->aff_src);
}

static int pi_x86_group(const cs_insn *ci, unsigned int group)
{
	uint8_t i;

	for (i = 0; i < ci->detail->groups_count; i++)
		if (ci->detail->groups[i] == group)
			return 1;
	return 0;
}

static enum pi_insn_kind pi_x86_kind(const cs_insn *ci, const cs_x86 *d,
				     uint64_t *target)
{
	int direct = d->op_count == 1 && d->operands[0].type == X86_OP_IMM;

	if (direct)
		*target = d->operands[0].imm;
	if (pi_x86_group(ci, CS_GRP_CALL))
		return direct ? PI_INSN_CALL : PI_INSN_ICALL;
	if (pi_x86_group(ci, CS_GRP_RET) ||
	    pi_x86_group(ci, CS_GRP_IRET))
		return PI_INSN_RET;
	/* capstone 4 counts loop, jrcxz and xbegin as relative branches only. */
	if (pi_x86_group(ci, CS_GRP_JUMP) ||
	    pi_x86_group(ci, CS_GRP_BRANCH_RELATIVE)) {
		if (!direct)
			return PI_INSN_IJUMP;
		return ci->id == X86_INS_JMP ? PI_INSN_JUMP : PI_INSN_BRANCH;
	}
	/*
	 * int3 is padding after jumps and returns; ud2 is BUG or WARN, and a
	 * WARN continues after it, so it falls through like hlt.
	 */
	if (ci->id == X86_INS_INT3)
		return PI_INSN_STOP;
	return PI_INSN_NEXT;
}

static int pi_x86_decode(void *dec, const uint8_t *code, size_t size,
			 uint64_t addr, struct pi_insn *in)
{
	struct pi_x86 *x = dec;
	cs_insn *ci = x->insn;
	cs_regs rd, wr;
	uint8_t nrd, nwr, i;
	const cs_x86 *d;

	memset(in, 0, sizeof(*in));
	in->copy_dst = -1;
	in->copy_src = -1;
	if (!cs_disasm_iter(x->cs, &code, &size, &addr, ci))
		return -1;
	d = &ci->detail->x86;
	in->addr = ci->address;
	in->len = ci->size;
	if (cs_regs_access(x->cs, ci, rd, &nrd, wr, &nwr) != CS_ERR_OK)
		return -1;
	for (i = 0; i < nwr; i++)
		in->writes |= pi_x86_bit(x, wr[i]);
	for (i = 0; i < d->op_count; i++)
		if (d->operands[i].type == X86_OP_REG &&
		    (d->operands[i].access & CS_AC_WRITE))
			in->writes |= pi_x86_bit(x, d->operands[i].reg);
	in->writes |= pi_x86_implicit(ci->id);
	in->kind = pi_x86_kind(ci, d, &in->target);
	in->trap = ci->id == X86_INS_UD2;
	if ((d->prefix[0] == X86_PREFIX_REP || d->prefix[0] == X86_PREFIX_REPNE) &&
	    pi_x86_string(ci->id))
		in->here = in->writes;
	pi_x86_copy(x, d, ci->id, in);
	pi_x86_frame(x, ci, d, in);
	return 0;
}

static int pi_x86_prefixed(const char *name, const char *prefix)
{
	return !strncmp(name, prefix, strlen(prefix));
}

/*
 * Calls of code that is not a C function of the model. __fentry__ becomes
 * a nop or a call of an ftrace trampoline that saves and restores every
 * register. __preempt_schedule() calls the preempt_schedule static call
 * from inline asm that declares no clobbers: its only targets are the
 * preempt_schedule{,_notrace}_thunk of entry/thunk_64.S, which save and
 * restore every caller-saved register, and nothing. The retpoline thunks,
 * the other static call trampolines and the string functions written in
 * assembler follow the C convention. Anything else written in assembler
 * (the uaccess helpers, say) gets what its own code writes (flow.c); of
 * those a module may call, __put_user_N writes rbx (arch/x86/lib/putuser.S),
 * which no C function does.
 */
static enum pi_call_class pi_x86_call_class(const char *name)
{
	static const char * const preserving[] = {
		"__fentry__", "__SCT__preempt_schedule",
		"__SCT__preempt_schedule_notrace", "preempt_schedule_thunk",
		"preempt_schedule_notrace_thunk",
	};
	static const char * const abi_prefixes[] = {
		"__x86_indirect_thunk_", "__x86_indirect_call_thunk_",
		"__x86_indirect_jump_thunk_", "__SCT__",
	};
	static const char * const abi_names[] = {
		"memcpy", "memset", "memmove", "__memcpy", "__memset",
		"__memmove",
	};
	size_t i;

	if (pi_x86_prefixed(name, "__put_user_"))
		return PI_CALL_OWN;
	for (i = 0; i < ARRAY_SIZE(preserving); i++)
		if (!strcmp(name, preserving[i]))
			return PI_CALL_PRESERVES;
	for (i = 0; i < ARRAY_SIZE(abi_prefixes); i++)
		if (pi_x86_prefixed(name, abi_prefixes[i]))
			return PI_CALL_INDIRECT;
	for (i = 0; i < ARRAY_SIZE(abi_names); i++)
		if (!strcmp(name, abi_names[i]))
			return PI_CALL_ABI;
	return PI_CALL_UNKNOWN;
}

/* x86 alternatives have no callbacks. */
static void pi_x86_read_patches(const struct pi_elf *pe, struct pi_patches *pp)
{
	pi_kernel_read_patches(pe, pp, 0);
}

const struct pi_arch pi_arch_x86_64 = {
	.name = "x86-64",
	.machine = EM_X86_64,
	.sp = PI_X86_RSP,
	.fp = PI_X86_RBP,
	.cfa = 8,
	.ra = 16,
	.gprs = 0xffff,
	/* rax rdx rcx rsi rdi r8-r11 */
	.caller_saved = 0x0f37,
	.open = pi_x86_open,
	.close = pi_x86_close,
	.decode = pi_x86_decode,
	.call_class = pi_x86_call_class,
	.read_patches = pi_x86_read_patches,
};
