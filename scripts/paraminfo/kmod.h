/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A relocatable ELF file, a kernel module above all, read as a model: its
 * sections laid out and its DWARF relocated by libdwfl (kmod.c), and the
 * names and sizes kallsyms prints for its functions once it is loaded.
 */
#ifndef PI_KMOD_H
#define PI_KMOD_H

#include <elfutils/libdwfl.h>
#include <stdint.h>

#include "elfsym.h"
#include "model.h"

struct pi_kmod {
	Dwfl *dwfl;
	Dwfl_Module *mod;
	Dwarf *dw;		/* libdwfl's, relocated; NULL: none found */
	struct pi_elf pe;	/* libdwfl's layout */
	char name[64];		/* .modinfo's name=, or "" */
	char vermagic[128];	/* .modinfo's vermagic=, or "" */
};

void pi_kmod_open(struct pi_kmod *km, const char *path);
void pi_kmod_read(struct pi_kmod *km, struct pi_model *m);
void pi_kmod_close(struct pi_kmod *km);
const char *pi_kmod_kallsyms_name(const struct pi_kmod *km, uint64_t addr);
uint64_t pi_kmod_kallsyms_size(const struct pi_kmod *km, uint64_t addr,
			       int *exact);
size_t pi_kmod_lookup(const struct pi_kmod *km, const char *name,
		      uint64_t *addrs, size_t max);

#endif /* PI_KMOD_H */
