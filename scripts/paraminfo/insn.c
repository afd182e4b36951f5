// SPDX-License-Identifier: GPL-2.0
/*
 * The architecture of the input, and the patch tables' common handling.
 */
#include <gelf.h>
#include <stdlib.h>

#include "insn.h"
#include "util.h"

static const struct pi_arch * const pi_arches[] = {
	&pi_arch_x86_64,
	&pi_arch_arm64,
};

/**
 * pi_arch_of() - the decoder and call rules for the input's machine
 * @pe: the opened ELF file (pi_elf_open() accepted its machine)
 *
 * Return: the architecture; dies when there is none for the machine.
 */
const struct pi_arch *pi_arch_of(const struct pi_elf *pe)
{
	unsigned int machine = pi_elf_machine(pe);
	size_t i;

	for (i = 0; i < ARRAY_SIZE(pi_arches); i++)
		if (pi_arches[i]->machine == machine)
			return pi_arches[i];
	pi_die("no instruction decoder for ELF machine %u", machine);
}

static int pi_edge_cmp(const void *a, const void *b)
{
	const struct pi_edge *ea = a, *eb = b;

	if (ea->from != eb->from)
		return ea->from < eb->from ? -1 : 1;
	return ea->to < eb->to ? -1 : ea->to > eb->to;
}

static int pi_alt_cmp(const void *a, const void *b)
{
	const struct pi_alt *aa = a, *ab = b;

	if (aa->addr != ab->addr)
		return aa->addr < ab->addr ? -1 : 1;
	return aa->repl < ab->repl ? -1 : aa->repl > ab->repl;
}

/**
 * pi_patches_sort() - order the patch tables for lookups by address
 * @pp: the tables an architecture's reader filled
 */
void pi_patches_sort(struct pi_patches *pp)
{
	if (pp->nedges > 1)
		qsort(pp->edges, pp->nedges, sizeof(*pp->edges), pi_edge_cmp);
	if (pp->nalts > 1)
		qsort(pp->alts, pp->nalts, sizeof(*pp->alts), pi_alt_cmp);
}

/**
 * pi_patches_free() - release the patch tables
 * @pp: the tables
 */
void pi_patches_free(struct pi_patches *pp)
{
	free(pp->edges);
	free(pp->alts);
}
