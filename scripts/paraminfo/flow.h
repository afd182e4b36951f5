/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The machine-code proof of parameter values (flow.c).
 */
#ifndef PI_FLOW_H
#define PI_FLOW_H

#include "elfsym.h"
#include "insn.h"
#include "model.h"

void pi_flow_run(const struct pi_elf *pe, struct pi_model *m);

#endif /* PI_FLOW_H */
