// SPDX-License-Identifier: GPL-2.0
/*
 * AArch64 instructions for the dataflow proof, decoded with capstone like
 * x86-64's (insn_x86_64.c).
 *
 * Registers are DWARF numbers: x0-x30 are 0-30, sp is 31; a w register is
 * the low half of its x register. Every register capstone says an
 * instruction writes, by its access list, an operand marked as written or
 * a pre/post-index writeback of the base, is written. Copies are the
 * register moves (mov x, x keeps eight bytes, mov w, w four) and the
 * extensions that keep the source's low bytes (sxtw, sxth/uxth, sxtb/uxtb).
 *
 * bl and blr are calls (they write x30), b.cond, cbz/cbnz and tbz/tbnz are
 * branches, br is an indirect jump, ret and eret leave. brk is how BUG and
 * WARN trap, and a WARN goes on after it. hvc and smc enter firmware, which
 * the SMC calling convention lets write x0-x17.
 *
 * Capstone 4.0.2 (Debian 12) does not know ARMv8.1's LSE atomics, v8.3's
 * ldapr, or udf, which a 6.1 kernel has inline. Those few encoding classes
 * are filled in here from the Arm ARM's encoding tables: what they write is
 * Rt (Rs for compare-and-swap, Rs and Rs+1 for casp), and none of them
 * changes the control flow.
 */
#include <capstone/capstone.h>
#include <elf.h>
#include <endian.h>
#include <stdlib.h>
#include <string.h>

#include "insn.h"
#include "util.h"

#define PI_ARM64_SP	31
#define PI_ARM64_LR	30
#define PI_ARM64_NONE	0xff

struct pi_arm64 {
	csh cs;
	cs_insn *insn;
	uint8_t dwarf[ARM64_REG_ENDING];	/* capstone register -> DWARF */
	uint8_t width[ARM64_REG_ENDING];	/* bytes: 8 for x, 4 for w */
};

static void *pi_arm64_open(void)
{
	struct pi_arm64 *a = pi_alloc(sizeof(*a));
	unsigned int i;

	if (cs_open(CS_ARCH_ARM64, CS_MODE_ARM, &a->cs) != CS_ERR_OK ||
	    cs_option(a->cs, CS_OPT_DETAIL, CS_OPT_ON) != CS_ERR_OK)
		pi_die("cannot open capstone's AArch64 decoder");
	a->insn = cs_malloc(a->cs);
	memset(a->dwarf, PI_ARM64_NONE, sizeof(a->dwarf));
	for (i = 0; i <= 28; i++) {
		a->dwarf[ARM64_REG_X0 + i] = i;
		a->width[ARM64_REG_X0 + i] = 8;
	}
	for (i = 0; i <= 30; i++) {
		a->dwarf[ARM64_REG_W0 + i] = i;
		a->width[ARM64_REG_W0 + i] = 4;
	}
	a->dwarf[ARM64_REG_X29] = 29;
	a->dwarf[ARM64_REG_X30] = PI_ARM64_LR;
	a->width[ARM64_REG_X29] = 8;
	a->width[ARM64_REG_X30] = 8;
	a->dwarf[ARM64_REG_SP] = PI_ARM64_SP;
	a->dwarf[ARM64_REG_WSP] = PI_ARM64_SP;
	return a;
}

static void pi_arm64_close(void *dec)
{
	struct pi_arm64 *a = dec;

	cs_free(a->insn, 1);
	cs_close(&a->cs);
	free(a);
}

static uint32_t pi_arm64_bit(const struct pi_arm64 *a, unsigned int reg)
{
	if (reg >= ARM64_REG_ENDING || a->dwarf[reg] == PI_ARM64_NONE)
		return 0;
	return 1u << a->dwarf[reg];
}

/*
 * The encoding classes capstone 4 lacks (Arm ARM C4.1, "Loads and
 * Stores"): 0, or -1 when @w is none of them either.
 */
static int pi_arm64_fill(uint32_t w, uint64_t addr, struct pi_insn *in)
{
	unsigned int rt = w & 31, rs = (w >> 16) & 31, rn = (w >> 5) & 31;

	in->addr = addr;
	in->len = 4;
	in->kind = PI_INSN_NEXT;
	in->aff_dst = -1;
	in->aff_src = -1;
	/* An atomic or compare-and-swap writes memory at Rn (31: sp). */
	in->nstores = 1;
	in->st[0] = (struct pi_store){ 0, rn, -1, 0 };
	/* LDADD, LDCLR, LDEOR, LDSET, LD{S,U}{MAX,MIN}, SWP and STxxx. */
	if ((w & 0x3f200c00) == 0x38200000) {
		in->writes = rt != 31 ? 1u << rt : 0;
		return 0;
	}
	/* CAS, CASA, CASL, CASAL and their B and H forms. */
	if ((w & 0x3fa07c00) == 0x08a07c00) {
		in->writes = rs != 31 ? 1u << rs : 0;
		return 0;
	}
	/* CASP and its A and L forms: a register pair. */
	if ((w & 0xbfa07c00) == 0x08207c00 && !(rs & 1) && rs < 30) {
		in->writes = 3u << rs;
		return 0;
	}
	/* LDAPR, LDAPRB, LDAPRH. */
	if ((w & 0x3ffffc00) == 0x38bfc000) {
		in->writes = rt != 31 ? 1u << rt : 0;
		return 0;
	}
	/* UDF: traps, writes nothing. */
	if (!(w & 0xffff0000))
		return 0;
	return -1;
}

/* A register move, or an extension that keeps the source's low bytes. */
static void pi_arm64_copy(const struct pi_arm64 *a, const cs_arm64 *d,
			  unsigned int id, struct pi_insn *in)
{
	const cs_arm64_op *dst = &d->operands[0], *src = &d->operands[1];
	unsigned int width;

	/*
	 * "and w3, w3, #0xffff": gcc zero-extends a u8 or u16 argument on
	 * entry, as x86-64's movzx does; the low bytes are still the value.
	 */
	if (id == ARM64_INS_AND && d->op_count == 3 &&
	    d->operands[2].type == ARM64_OP_IMM && dst->type == ARM64_OP_REG &&
	    src->type == ARM64_OP_REG && a->width[dst->reg] &&
	    a->width[src->reg]) {
		switch (d->operands[2].imm) {
		case 0xff:
			width = 1;
			break;
		case 0xffff:
			width = 2;
			break;
		case 0xffffffff:
			width = 4;
			break;
		default:
			return;
		}
		goto copy;
	}
	if (d->op_count != 2 || dst->type != ARM64_OP_REG ||
	    src->type != ARM64_OP_REG || !a->width[dst->reg] ||
	    !a->width[src->reg])
		return;
	switch (id) {
	case ARM64_INS_MOV:
		if (a->width[dst->reg] != a->width[src->reg])
			return;
		width = a->width[dst->reg];
		break;
	case ARM64_INS_SXTW:
		width = 4;
		break;
	case ARM64_INS_SXTH:
	case ARM64_INS_UXTH:
		width = 2;
		break;
	case ARM64_INS_SXTB:
	case ARM64_INS_UXTB:
		width = 1;
		break;
	default:
		return;
	}
copy:
	in->copy_dst = a->dwarf[dst->reg];
	in->copy_src = a->dwarf[src->reg];
	in->copy_width = width;
}

/* Bytes a register of a store holds; 0 for one it does not know. */
static unsigned int pi_arm64_bytes(const struct pi_arm64 *a, unsigned int reg)
{
	if (reg == ARM64_REG_XZR || reg == ARM64_REG_SP)
		return 8;
	if (reg == ARM64_REG_WZR)
		return 4;
	if (reg >= ARM64_REG_B0 && reg <= ARM64_REG_B31)
		return 1;
	if (reg >= ARM64_REG_D0 && reg < ARM64_REG_D0 + 32)
		return 8;
	if (reg >= ARM64_REG_H0 && reg < ARM64_REG_H0 + 32)
		return 2;
	if (reg >= ARM64_REG_Q0 && reg <= ARM64_REG_Q31)
		return 16;
	if (reg >= ARM64_REG_S0 && reg < ARM64_REG_S0 + 32)
		return 4;
	return reg < ARM64_REG_ENDING ? a->width[reg] : 0;
}

static void pi_arm64_store(const struct pi_arm64 *a, struct pi_insn *in,
			   int base, int32_t disp, unsigned int reg,
			   unsigned int width)
{
	int src = reg < ARM64_REG_ENDING && a->width[reg] ?
		  a->dwarf[reg] : -1;

	if (in->nstores < PI_INSN_STORES)
		in->st[in->nstores++] = (struct pi_store){ disp, base, src, width };
}

/*
 * The frame (insn.h). Every store is an "st" instruction with a memory
 * operand: the one register before it (its low byte or half for STRB,
 * STRH and their unscaled, release and unprivileged forms), or the pair
 * of STP and STNP; the exclusive and vector ones have an extent taken as
 * unknown. A pre-indexed base moves by its offset, a post-indexed one by
 * the immediate after it. "mov x, x" (x29 from sp, sp from x29) and "add,
 * sub x, x, #imm" are affine.
 */
static void pi_arm64_frame(const struct pi_arm64 *a, const cs_insn *ci,
			   const cs_arm64 *d, struct pi_insn *in)
{
	const char *mn = ci->mnemonic;
	int m = -1, base, i;
	unsigned int w, n;

	in->aff_dst = -1;
	in->aff_src = -1;
	for (i = 0; i < d->op_count; i++) {
		const cs_arm64_op *op = &d->operands[i];

		if (op->type == ARM64_OP_MEM && m < 0)
			m = i;
		else if (op->type == ARM64_OP_REG &&
			 (!op->access || (op->access & CS_AC_READ)))
			in->vreads |= pi_arm64_bit(a, op->reg);
	}
	if (m >= 0 && pi_arm64_bit(a, d->operands[m].mem.base)) {
		const cs_arm64_op *op = &d->operands[m];
		int32_t disp = op->mem.disp;

		base = a->dwarf[op->mem.base];
		if (d->writeback) {
			in->aff_dst = base;
			in->aff_src = base;
			in->aff_add = m + 1 < d->op_count &&
				      d->operands[m + 1].type == ARM64_OP_IMM ?
				      d->operands[m + 1].imm : disp;
			/* Post-indexed: the access is at the old base. */
			if (m + 1 < d->op_count)
				disp = 0;
		}
		if (mn[0] != 's' || mn[1] != 't')
			return;
		n = m;
		w = n ? pi_arm64_bytes(a, d->operands[n - 1].reg) : 0;
		if (op->mem.index != ARM64_REG_INVALID || ci->id == ARM64_INS_ST1 ||
		    ci->id == ARM64_INS_ST2 || ci->id == ARM64_INS_ST3 ||
		    ci->id == ARM64_INS_ST4 || strchr(mn, 'x')) {
			pi_arm64_store(a, in, base, disp, ARM64_REG_ENDING, 0);
		} else if (ci->id == ARM64_INS_STP || ci->id == ARM64_INS_STNP) {
			pi_arm64_store(a, in, base, disp, d->operands[0].reg, w);
			pi_arm64_store(a, in, base, disp + w, d->operands[1].reg, w);
		} else {
			if (mn[strlen(mn) - 1] == 'b')
				w = 1;
			else if (mn[strlen(mn) - 1] == 'h')
				w = 2;
			pi_arm64_store(a, in, base, disp, n ? d->operands[n - 1].reg :
				       ARM64_REG_ENDING, w);
		}
		return;
	}
	if (d->op_count < 2 || d->operands[0].type != ARM64_OP_REG ||
	    d->operands[1].type != ARM64_OP_REG ||
	    pi_arm64_bytes(a, d->operands[0].reg) != 8 ||
	    pi_arm64_bytes(a, d->operands[1].reg) != 8 ||
	    !pi_arm64_bit(a, d->operands[0].reg) ||
	    !pi_arm64_bit(a, d->operands[1].reg))
		return;
	if (ci->id == ARM64_INS_MOV && d->op_count == 2) {
		in->aff_add = 0;
	} else if ((ci->id == ARM64_INS_ADD || ci->id == ARM64_INS_SUB) &&
		   d->op_count == 3 && d->operands[2].type == ARM64_OP_IMM &&
		   d->operands[2].shift.type == ARM64_SFT_INVALID &&
		   !d->operands[2].ext) {
		in->aff_add = ci->id == ARM64_INS_ADD ? d->operands[2].imm :
			      -d->operands[2].imm;
	} else if ((ci->id == ARM64_INS_ADD || ci->id == ARM64_INS_SUB) &&
		   d->op_count == 3 && d->operands[2].type == ARM64_OP_IMM &&
		   d->operands[2].shift.type == ARM64_SFT_LSL &&
		   d->operands[2].shift.value == 12 && !d->operands[2].ext) {
		in->aff_add = (ci->id == ARM64_INS_ADD ? 1 : -1) *
			      (int32_t)(d->operands[2].imm << 12);
	} else {
		return;
	}
	in->aff_dst = a->dwarf[d->operands[0].reg];
	in->aff_src = a->dwarf[d->operands[1].reg];
	in->vreads &= ~(1u << in->aff_src);
}

/* The target of a direct branch: its last immediate operand. */
static uint64_t pi_arm64_target(const cs_arm64 *d)
{
	int i;

	for (i = d->op_count - 1; i >= 0; i--)
		if (d->operands[i].type == ARM64_OP_IMM)
			return d->operands[i].imm;
	return 0;
}

static enum pi_insn_kind pi_arm64_kind(const cs_insn *ci, const cs_arm64 *d,
				       uint64_t *target)
{
	switch (ci->id) {
	case ARM64_INS_BL:
		*target = pi_arm64_target(d);
		return PI_INSN_CALL;
	case ARM64_INS_BLR:
		return PI_INSN_ICALL;
	case ARM64_INS_B:
		*target = pi_arm64_target(d);
		return d->cc == ARM64_CC_INVALID || d->cc == ARM64_CC_AL ?
		       PI_INSN_JUMP : PI_INSN_BRANCH;
	case ARM64_INS_CBZ:
	case ARM64_INS_CBNZ:
	case ARM64_INS_TBZ:
	case ARM64_INS_TBNZ:
		*target = pi_arm64_target(d);
		return PI_INSN_BRANCH;
	case ARM64_INS_BR:
		return PI_INSN_IJUMP;
	case ARM64_INS_RET:
	case ARM64_INS_ERET:
		return PI_INSN_RET;
	}
	return PI_INSN_NEXT;
}

/*
 * Where capstone 4's access lists are wrong (checked against the Arm ARM):
 * CMP, CMN and TST are SUBS, ADDS and ANDS into the zero register, but it
 * marks their first source as written; MSR writes a system register, not
 * its source; and it knows the pointer-authentication hints (PACIASP,
 * AUTIASP, XPACLRI, ...) only as hints, though they rewrite x30 or x17.
 */
static uint32_t pi_arm64_fix_writes(unsigned int id, uint32_t w,
				    uint32_t writes)
{
	unsigned int op = (w >> 5) & 0x7f;

	switch (id) {
	case ARM64_INS_CMP:
	case ARM64_INS_CMN:
	case ARM64_INS_TST:
	case ARM64_INS_MSR:
		return 0;
	}
	/* HINT #op: 0xd503201f | op << 5 (Arm ARM C6.2.100). */
	if ((w & ~(0x7fu << 5)) == 0xd503201f) {
		if (op == 8 || op == 10 || op == 12 || op == 14)
			writes |= 1u << 17;	/* PACIA1716 ... AUTIB1716 */
		else if (op == 7 || (op >= 24 && op <= 31))
			writes |= 1u << PI_ARM64_LR;	/* XPACLRI, PACIAZ ... */
	}
	return writes;
}

/* XPACLRI, PACIAZ ... AUTIBSP: HINT #7, #24 to #31, on x30 alone. */
static uint8_t pi_arm64_pac_lr(uint32_t w)
{
	unsigned int op = (w >> 5) & 0x7f;

	return (w & ~(0x7fu << 5)) == 0xd503201f &&
	       (op == 7 || (op >= 24 && op <= 31));
}

static int pi_arm64_decode(void *dec, const uint8_t *code, size_t size,
			   uint64_t addr, struct pi_insn *in)
{
	struct pi_arm64 *a = dec;
	cs_insn *ci = a->insn;
	uint64_t at = addr;
	const uint8_t *p = code;
	size_t left = size;
	cs_regs rd, wr;
	uint8_t nrd, nwr, i;
	const cs_arm64 *d;
	uint32_t w;

	memset(in, 0, sizeof(*in));
	in->copy_dst = -1;
	in->copy_src = -1;
	if (size < 4)
		return -1;
	if (!cs_disasm_iter(a->cs, &p, &left, &at, ci)) {
		memcpy(&w, code, sizeof(w));
		return pi_arm64_fill(le32toh(w), addr, in);
	}
	d = &ci->detail->arm64;
	in->addr = ci->address;
	in->len = ci->size;
	if (cs_regs_access(a->cs, ci, rd, &nrd, wr, &nwr) != CS_ERR_OK)
		return -1;
	for (i = 0; i < nwr; i++)
		in->writes |= pi_arm64_bit(a, wr[i]);
	for (i = 0; i < d->op_count; i++) {
		const cs_arm64_op *op = &d->operands[i];

		if (op->type == ARM64_OP_REG && (op->access & CS_AC_WRITE))
			in->writes |= pi_arm64_bit(a, op->reg);
		if (op->type == ARM64_OP_MEM && d->writeback)
			in->writes |= pi_arm64_bit(a, op->mem.base);
	}
	memcpy(&w, code, sizeof(w));
	in->writes = pi_arm64_fix_writes(ci->id, le32toh(w), in->writes);
	in->pac = pi_arm64_pac_lr(le32toh(w));
	if (ci->id == ARM64_INS_BL || ci->id == ARM64_INS_BLR)
		in->writes |= 1u << PI_ARM64_LR;
	if (ci->id == ARM64_INS_HVC || ci->id == ARM64_INS_SMC)
		in->writes |= 0x3ffff;
	in->kind = pi_arm64_kind(ci, d, &in->target);
	in->trap = ci->id == ARM64_INS_BRK;
	pi_arm64_copy(a, d, ci->id, in);
	pi_arm64_frame(a, ci, d, in);
	return 0;
}

/*
 * Calls of code that is not a C function of the model: the string and
 * user-copy routines written in assembler follow the procedure call
 * standard; anything else may write any register.
 */
static enum pi_call_class pi_arm64_call_class(const char *name)
{
	/* arch/arm64/lib and mm: written to the procedure call standard. */
	static const char * const abi_names[] = {
		"memcpy", "memset", "memmove", "memchr", "memcmp",
		"strchr", "strrchr", "strcmp", "strncmp", "strlen", "strnlen",
		"__memcpy", "__memset", "__memmove",
		"__arch_copy_from_user", "__arch_copy_to_user",
		"__arch_clear_user", "clear_page", "copy_page",
		"crc32_le", "crc32_be", "__crc32c_le",
		"dcache_clean_inval_poc", "dcache_clean_poc", "dcache_clean_pop",
		"dcache_inval_poc", "dcache_clean_pou", "caches_clean_inval_pou",
		"caches_clean_inval_user_pou", "icache_inval_pou",
		"__arm_smccc_smc", "__arm_smccc_hvc",
	};
	/* Other names of the same code: the EFI stub's, position-independent. */
	static const char * const prefixes[] = { "__efistub_", "__pi_" };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(prefixes); i++)
		if (!strncmp(name, prefixes[i], strlen(prefixes[i])))
			name += strlen(prefixes[i]);
	for (i = 0; i < ARRAY_SIZE(abi_names); i++)
		if (!strcmp(name, abi_names[i]))
			return PI_CALL_ABI;
	/* Xen's hypercalls: hvc with the PCS's argument registers. */
	if (!strncmp(name, "HYPERVISOR_", 11))
		return PI_CALL_ABI;
	return PI_CALL_UNKNOWN;
}

/*
 * An alternative whose feature has bit 15 set is written at boot by the
 * callback its replacement offset points at: any code, except for
 * alt_cb_patch_nops, which turns the site (a branch) into NOPs.
 */
static void pi_arm64_read_patches(const struct pi_elf *pe, struct pi_patches *pp)
{
	size_t i;

	pi_kernel_read_patches(pe, pp, 0x8000);
	for (i = 0; i < pp->nalts; i++) {
		struct pi_alt *a = &pp->alts[i];
		const char *cb = a->unknown ? pi_elf_name_at(pe, a->repl) : NULL;

		if (cb && !strcmp(cb, "alt_cb_patch_nops")) {
			a->unknown = 0;
			a->repl_len = 0;
		}
	}
}

const struct pi_arch pi_arch_arm64 = {
	.name = "arm64",
	.machine = EM_AARCH64,
	.sp = PI_ARM64_SP,
	.fp = 29,
	.cfa = 0,
	.ra = PI_ARM64_LR,
	.gprs = 0x7fffffff,
	/* x0-x18 (x16/x17 for veneers, x18 unless it is reserved) and lr */
	.caller_saved = 0x7ffff | 1u << PI_ARM64_LR,
	.open = pi_arm64_open,
	.close = pi_arm64_close,
	.decode = pi_arm64_decode,
	.call_class = pi_arm64_call_class,
	.read_patches = pi_arm64_read_patches,
};
