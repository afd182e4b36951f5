// SPDX-License-Identifier: GPL-2.0
/*
 * Register writes that gcc's location lists do not know about.
 *
 * The stack protector loads the canary into a scratch register in the
 * prologue ("mov %gs:0x28,%rax") and compares it in the epilogue after
 * reloading it ("mov 0x8(%rsp),%rax; sub %gs:0x28,%rax"). gcc 12 does not
 * end a parameter's location range at either write: the ptrace oracle saw
 * the canary printed as an argument. Each such instruction is found in the
 * function's bytes and every range in its register that covers it ends at
 * its first byte. At that byte the register still holds its old value for
 * the load; for the compare it already holds the reloaded canary, so the
 * cut is exact there and at worst one instruction early for the load.
 */
#include "reader.h"

/* The canary lives at %fs:0x28 in userspace and %gs:0x28 in the kernel. */
static int pi_canary_insn(const uint8_t *b, uint8_t *reg)
{
	if ((b[0] != 0x64 && b[0] != 0x65) || (b[1] != 0x48 && b[1] != 0x4c))
		return 0;
	/* mov, sub, xor, cmp r64, [disp32] with a SIB and no base or index. */
	if (b[2] != 0x8b && b[2] != 0x2b && b[2] != 0x33 && b[2] != 0x3b)
		return 0;
	if ((b[3] & 0xc7) != 0x04 || b[4] != 0x25 ||
	    b[5] != 0x28 || b[6] || b[7] || b[8])
		return 0;
	*reg = ((b[3] >> 3) & 7) | (b[1] & 0x04) << 1;
	return 1;
}

/* DWARF numbers of the x86 register encodings 0-15. */
static const uint8_t pi_x86_to_dwarf[16] = {
	0, 2, 1, 3, 7, 6, 4, 5, 8, 9, 10, 11, 12, 13, 14, 15,
};

static void pi_cut(struct pi_param *p, uint8_t reg, uint32_t at,
		   struct pi_stats *stats)
{
	uint32_t i, out = 0;

	for (i = 0; i < p->nlocs; i++) {
		struct pi_loc *l = &p->locs[i];

		if (l->reg == reg && l->from <= at && at < l->to) {
			stats->canary_cuts++;
			l->to = at;
		}
		if (l->from < l->to)
			p->locs[out++] = *l;
	}
	p->nlocs = out;
	if (!out && p->why == PI_WHY_REG)
		p->why = PI_WHY_COMPUTED;
}

/**
 * pi_clobber_canary() - end ranges where the stack protector writes
 * @pe: the ELF file, for the function's bytes
 * @f: a function of the model
 * @stats: counts the ranges cut
 *
 * Dies when the file has no bytes for the function: without them the
 * table could claim values the canary has overwritten.
 */
void pi_clobber_canary(const struct pi_elf *pe, struct pi_func *f,
		       struct pi_stats *stats)
{
	const uint8_t *code = pi_elf_code(pe, f->addr, f->size);
	uint32_t off, i;
	uint8_t reg;

	if (!code)
		pi_die("no code bytes for %s (a debug-only file?): cannot check it for stack-protector writes",
		       f->name);
	for (off = 0; off + 9 <= f->size; off++) {
		if (!pi_canary_insn(code + off, &reg))
			continue;
		for (i = 0; i < f->nparams; i++)
			pi_cut(&f->params[i], pi_x86_to_dwarf[reg], off, stats);
	}
}
