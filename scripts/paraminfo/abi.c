// SPDX-License-Identifier: GPL-2.0
/*
 * The architectures gen_paraminfo knows, by ELF machine: each one's calling
 * convention and register names come from its ABI module (abi_<arch>.c).
 */
#include "reader.h"

static const struct pi_cc * const pi_abis[] = {
	&pi_cc_x86_64,
	&pi_cc_arm64,
};

/**
 * pi_target_of() - what the tables need to know of an architecture
 * @machine: ELF e_machine, as a table header stores it
 *
 * Return: the architecture, or NULL when no ABI module knows @machine.
 */
const struct pi_target *pi_target_of(unsigned int machine)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(pi_abis); i++)
		if (pi_abis[i]->target.machine == machine)
			return &pi_abis[i]->target;
	return NULL;
}

/**
 * pi_cc_of() - the calling convention of the input's architecture
 * @pe: the opened ELF file, whose machine pi_elf_open() has checked
 *
 * Return: the ABI module; dies when there is none for the machine.
 */
const struct pi_cc *pi_cc_of(const struct pi_elf *pe)
{
	unsigned int i, machine = pi_elf_machine(pe);

	for (i = 0; i < ARRAY_SIZE(pi_abis); i++)
		if (pi_abis[i]->target.machine == machine)
			return pi_abis[i];
	pi_die("ELF machine %u: no calling convention known", machine);
}
