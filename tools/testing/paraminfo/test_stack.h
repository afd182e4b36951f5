/* SPDX-License-Identifier: GPL-2.0 */
/*
 * test_stack: stack ranges through the encoders, the kernel's decoders
 * and its printer, on models built in C (test_stack.c).
 */
#ifndef PI_TEST_STACK_H
#define PI_TEST_STACK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/errno.h>
#include <linux/paraminfo.h>

#include "encode.h"
#include "model.h"
#include "regnames.h"
#include "util.h"

bool __printf(2, 3) pi_ok(bool ok, const char *fmt, ...);
void pi_stack_model(struct pi_model *m, const struct pi_target *t,
		    uint32_t nrandom);
size_t pi_stack_encode(const struct pi_model *m, const struct pi_encoder *enc,
		       uint8_t **out);
const struct paraminfo_decoder *pi_stack_decoder(const struct pi_encoder *enc);
void pi_stack_print_tests(void);
void pi_stack_bad_tests(void);

#endif /* PI_TEST_STACK_H */
