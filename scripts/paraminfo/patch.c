// SPDX-License-Identifier: GPL-2.0
/*
 * Where a kernel rewrites its own code, read from its tables so that the
 * dataflow proof holds for every version of the code, as objtool's
 * validation does. x86-64 and arm64 lay them out alike, with offsets
 * relative to the field that holds them:
 *
 *  .altinstructions  struct alt_instr: s32 instr_offset, s32 repl_offset,
 *                    the feature (u16 up to x86's 6.2 and on arm64, u32
 *                    with flags on x86 since), u8 instrlen, u8 replen. Any
 *                    replacement may run in place of the original. On
 *                    arm64 a feature with the callback bit names a function
 *                    that writes the replacement at boot: its code is
 *                    unknown.
 *  __jump_table      struct jump_entry: s32 code, s32 target, long key;
 *                    the nop or jump at code may become the other.
 *  __ex_table        x86: int insn, fixup, data; arm64: int insn, fixup,
 *                    short type, data. A fault at insn continues at fixup
 *                    after a handler that may write registers.
 *
 * Paravirt sites, static calls and retpolines are calls in the file and
 * stay calls (or become code that writes fewer registers), so the
 * decoder's call rules already cover them.
 */
#include <stdio.h>
#include <string.h>

#include "insn.h"
#include "util.h"

static int32_t pi_s32(const uint8_t *p)
{
	int32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

/* Is [addr, addr + len) inside an executable section with contents? */
static int pi_is_code(const struct pi_elf *pe, uint64_t addr, uint64_t len)
{
	return pi_elf_code(pe, addr, len ? len : 1) != NULL;
}

static void pi_add_edge(struct pi_patches *pp, uint64_t from, uint64_t to,
			int fixup)
{
	/* Grow at every power of two, zero included. */
	if (!(pp->nedges & (pp->nedges - 1)))
		pp->edges = pi_realloc(pp->edges, pp->nedges ? pp->nedges * 2 : 1,
				       sizeof(*pp->edges));
	pp->edges[pp->nedges++] = (struct pi_edge){ from, to, fixup };
}

/*
 * The bytes of a table: its own section in the file, or (vmlinux's jump
 * table, which the linker script puts in .data) between its
 * __start_/__stop_ symbols.
 */
static const uint8_t *pi_table(const struct pi_elf *pe, const char *name,
			       uint64_t *base, size_t *size)
{
	char start[64], stop[64];
	const uint8_t *d;
	uint64_t end;

	d = pi_elf_section_data(pe, name, base, size);
	if (d)
		return d;
	snprintf(start, sizeof(start), "__start_%s", name);
	snprintf(stop, sizeof(stop), "__stop_%s", name);
	if (!pi_elf_symbol(pe, start, base) || !pi_elf_symbol(pe, stop, &end))
		return NULL;
	if (end < *base)
		pi_die("%s: ends before it starts", name);
	*size = end - *base;
	d = pi_elf_data(pe, *base, *size);
	if (!d && *size)
		pi_die("%s: no contents in the file", name);
	return d;
}

/* Relative (from, to) pairs: jump labels and exception-table entries. */
static void pi_read_pairs(const struct pi_elf *pe, struct pi_patches *pp,
			  const char *name, size_t stride, int fixup)
{
	const uint8_t *d;
	uint64_t base;
	size_t size, off;

	d = pi_table(pe, name, &base, &size);
	if (!d)
		return;
	if (size % stride)
		pi_die("%s: %zu bytes is not a whole number of %zu-byte entries",
		       name, size, stride);
	for (off = 0; off < size; off += stride) {
		uint64_t from = base + off + pi_s32(d + off);
		uint64_t to = base + off + 4 + pi_s32(d + off + 4);

		if (!pi_is_code(pe, from, 1) || !pi_is_code(pe, to, 1))
			pi_die("%s: entry %zu points outside the code (unknown layout?)",
			       name, off / stride);
		pi_add_edge(pp, from, to, fixup);
		if (fixup)
			pp->fixups++;
		else
			pp->jump_labels++;
	}
}

/* Does every entry make sense with this stride (12, or 14 on x86 6.3+)? */
static int pi_alt_layout_ok(const struct pi_elf *pe, const uint8_t *d,
			    uint64_t base, size_t size, size_t stride)
{
	size_t off;

	if (size % stride)
		return 0;
	for (off = 0; off < size; off += stride) {
		uint64_t instr = base + off + pi_s32(d + off);
		uint64_t repl = base + off + 4 + pi_s32(d + off + 4);
		uint8_t len = d[off + stride - 2], rlen = d[off + stride - 1];

		if (!pi_is_code(pe, instr, len) || (rlen && !pi_is_code(pe, repl, rlen)))
			return 0;
	}
	return 1;
}

static void pi_read_alts(const struct pi_elf *pe, struct pi_patches *pp,
			 uint16_t cb_bit)
{
	static const size_t strides[] = { 12, 14 };
	const uint8_t *d;
	size_t size, off, stride = 0, i;
	uint64_t base;

	d = pi_elf_section_data(pe, ".altinstructions", &base, &size);
	if (!d || !size)
		return;
	for (i = 0; i < ARRAY_SIZE(strides); i++) {
		if (!pi_alt_layout_ok(pe, d, base, size, strides[i]))
			continue;
		if (stride)
			pi_die(".altinstructions: both known entry layouts fit; cannot tell which");
		stride = strides[i];
	}
	if (!stride)
		pi_die(".altinstructions: no known entry layout fits");
	pp->alts = pi_realloc(NULL, size / stride, sizeof(*pp->alts));
	for (off = 0; off < size; off += stride) {
		struct pi_alt *a = &pp->alts[pp->nalts++];

		a->addr = base + off + pi_s32(d + off);
		a->repl = base + off + 4 + pi_s32(d + off + 4);
		a->len = d[off + stride - 2];
		a->repl_len = d[off + stride - 1];
		a->unknown = cb_bit && (d[off + 8] | d[off + 9] << 8) & cb_bit;
	}
	pp->alternatives = pp->nalts;
}

/**
 * pi_kernel_read_patches() - the run-time code patches of a kernel
 * @pe: the ELF file; a file without the tables (a user program) has none
 * @pp: receives the extra edges and the alternatives, sorted
 * @cb_bit: the feature bit that marks an alternative whose replacement a
 *	callback writes at boot (arm64), 0 when the architecture has none
 *
 * Dies when a table's layout is not one this reader knows: the proof must
 * not silently miss a patch site.
 */
void pi_kernel_read_patches(const struct pi_elf *pe, struct pi_patches *pp,
			    uint16_t cb_bit)
{
	memset(pp, 0, sizeof(*pp));
	pi_read_pairs(pe, pp, "__jump_table", 16, 0);
	pi_read_pairs(pe, pp, "__ex_table", 12, 1);
	pi_read_alts(pe, pp, cb_bit);
	pi_patches_sort(pp);
}
