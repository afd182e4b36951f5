/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A module's table (modtable.c): the .paraminfo section of a .ko, struct
 * paraminfo_module_header naming the module's text sections, then an
 * ordinary table of any encoding.
 */
#ifndef PI_MODTABLE_H
#define PI_MODTABLE_H

#include <linux/paraminfo_format.h>

#include "elfsym.h"
#include "encode.h"
#include "model.h"

struct pi_modtable {
	struct paraminfo_module_sect sect[PARAMINFO_MODULE_MAX_SECTS];
	unsigned int nsects;
};

void pi_modtable_layout(const struct pi_elf *pe, struct pi_model *m,
			struct pi_modtable *mt);
void pi_modtable_wrap(const struct pi_modtable *mt, const struct pi_buf *table,
		      struct pi_buf *out);

#endif /* PI_MODTABLE_H */
