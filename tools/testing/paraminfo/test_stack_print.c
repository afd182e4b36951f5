// SPDX-License-Identifier: GPL-2.0
/*
 * test_stack: kernel/paraminfo/print.c on stack ranges. The hand-written
 * function of test_stack.c, in every encoding and for both architectures,
 * printed from a fake stack: values read from it, masked to each
 * parameter's size; no reader (a log); a slot outside the stack's bounds,
 * the bounds unknown, sp + offset wrapping around; a reader that fails;
 * the fault-address marker. The fake reader records every read and
 * fails the test if one is outside the bounds or of another size than the
 * parameter's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_stack.h"

#define STACK_LO	0xffffc90000120000ULL
#define STACK_SIZE	0x4000ULL
#define STACK_SP	(STACK_LO + 0x100)

static uint8_t stack_mem[STACK_SIZE];

/* What the fake reader saw. */
static struct {
	unsigned int calls;
	unsigned int bad;	/* outside [lo, hi), or not 1 to 8 bytes */
	size_t len[8];		/* of the first reads */
	bool fail;		/* answer -EFAULT */
	u64 lo, hi;		/* the bounds the printer was given */
} rd;

static int fake_read(void *dst, u64 addr, size_t len)
{
	if (rd.calls < ARRAY_SIZE(rd.len))
		rd.len[rd.calls] = len;
	rd.calls++;
	if (addr < rd.lo || addr >= rd.hi || len > rd.hi - addr || !len ||
	    len > 8 || addr < STACK_LO || addr - STACK_LO + len > STACK_SIZE) {
		rd.bad++;
		return -EFAULT;
	}
	if (rd.fail)
		return -EFAULT;
	memcpy(dst, stack_mem + (addr - STACK_LO), len);
	return 0;
}

/* The little-endian value of @size bytes at sp + @off. */
static u64 mem_at(u64 sp, u32 off, unsigned int size)
{
	u64 v = 0;
	unsigned int i;

	for (i = 0; i < size; i++)
		v |= (u64)stack_mem[sp - STACK_LO + off + i] << (8 * i);
	return v;
}

struct lines {
	char rest[8][160];	/* each line after " = " */
	unsigned int n;
};

static void collect(void *ctx, const char *line)
{
	struct lines *l = ctx;
	const char *eq = strstr(line, " = ");

	if (l->n < ARRAY_SIZE(l->rest))
		snprintf(l->rest[l->n], sizeof(l->rest[0]), "%s",
			 eq ? eq + 3 : line);
	l->n++;
}

static void regs_init(struct paraminfo_regs *r, uint16_t machine)
{
	unsigned int i;

	memset(r, 0, sizeof(*r));
	for (i = 0; i < PARAMINFO_NR_REGS; i++)
		r->gpr[i] = 0x1111111111111111ULL * (i % 15 + 1);
	pi_set_reg_names(r, machine);
	r->sp = STACK_SP;
	r->stack_lo = STACK_LO;
	r->stack_hi = STACK_LO + STACK_SIZE;
	r->read = fake_read;
}

/* Print the function at @off; rd is reset to @r's bounds first. */
static void print_at(const struct paraminfo_table *t,
		     const struct paraminfo_regs *r, u32 off, struct lines *l)
{
	struct paraminfo_func f;

	memset(l, 0, sizeof(*l));
	rd.calls = rd.bad = 0;
	rd.lo = r->stack_lo;
	rd.hi = r->stack_hi;
	if (paraminfo_func_at(t, 0, &f))
		return;
	paraminfo_print_params(t, &f, off, r, collect, l);
}

static bool line_is(const struct lines *l, unsigned int i, const char *want)
{
	if (i < l->n && !strcmp(l->rest[i], want))
		return true;
	printf("# line %u: \"%s\", want \"%s\"\n", i,
	       i < l->n ? l->rest[i] : "(none)", want);
	return false;
}

static void print_tests(const struct pi_target *tg, const struct pi_encoder *enc)
{
	const char *tag = tg->machine == EM_X86_64 ? "x86-64" : "arm64";
	struct paraminfo_regs r;
	struct paraminfo_table t;
	struct pi_model m;
	struct lines l;
	uint8_t *table;
	size_t len;
	char want[8][96];
	u64 a;

	pi_stack_model(&m, tg, 0);
	len = pi_stack_encode(&m, enc, &table);
	pi_model_free(&m);
	if (!pi_ok(!paraminfo_table_init(&t, table, len, pi_stack_decoder(enc)),
		   "%s %s printer: the table is accepted", tag, enc->name)) {
		free(table);
		return;
	}
	regs_init(&r, tg->machine);

	/* At +20: a at sp+0, b (4 bytes) at sp+16, then reasons. */
	print_at(&t, &r, 20, &l);
	snprintf(want[0], sizeof(want[0]), "0x%016llx  [stack sp+0]",
		 (unsigned long long)mem_at(STACK_SP, 0, 8));
	snprintf(want[1], sizeof(want[1]), "0x%08llx  [stack sp+16]",
		 (unsigned long long)mem_at(STACK_SP, 16, 4));
	pi_ok(l.n == 5 && line_is(&l, 0, want[0]) && line_is(&l, 1, want[1]) &&
	      line_is(&l, 2, "<not in a register here>") &&
	      line_is(&l, 3, "<in memory>") &&
	      line_is(&l, 4, "<reassigned in this function>") &&
	      rd.calls == 2 && rd.len[0] == 8 && rd.len[1] == 4 && !rd.bad,
	      "%s %s printer: +20: two stack slots read, each of its parameter's size, inside the stack",
	      tag, enc->name);

	/* At +0: a in its entry register, c (1 byte) at sp+7, e at sp+2. */
	print_at(&t, &r, 0, &l);
	snprintf(want[0], sizeof(want[0]), "0x%016llx  [%s]",
		 (unsigned long long)r.gpr[tg->arg_regs[0]],
		 r.names[tg->arg_regs[0]]);
	snprintf(want[2], sizeof(want[2]), "0x%02llx  [stack sp+7]",
		 (unsigned long long)mem_at(STACK_SP, 7, 1));
	snprintf(want[4], sizeof(want[4]), "0x%04llx  [stack sp+2]",
		 (unsigned long long)mem_at(STACK_SP, 2, 2));
	pi_ok(line_is(&l, 0, want[0]) && line_is(&l, 2, want[2]) &&
	      line_is(&l, 4, want[4]) && rd.calls == 2 && rd.len[0] == 1 &&
	      rd.len[1] == 2 && !rd.bad,
	      "%s %s printer: +0: registers and 1- and 2-byte slots side by side",
	      tag, enc->name);

	/* At +55 a is in the next slot up: sp+8. */
	print_at(&t, &r, 55, &l);
	snprintf(want[0], sizeof(want[0]), "0x%016llx  [stack sp+8]",
		 (unsigned long long)mem_at(STACK_SP, 8, 8));
	pi_ok(line_is(&l, 0, want[0]) && !rd.bad,
	      "%s %s printer: +55: the adjacent range's slot, sp+8", tag,
	      enc->name);

	/* At +150: the highest offset, inside the stack; the fault marker. */
	a = mem_at(STACK_SP, PARAMINFO_STACK_OFF_MAX, 8);
	r.fault = true;
	r.fault_addr = a;
	print_at(&t, &r, 150, &l);
	snprintf(want[0], sizeof(want[0]), "0x%016llx  [stack sp+%u]  <-- fault address",
		 (unsigned long long)a, PARAMINFO_STACK_OFF_MAX);
	pi_ok(line_is(&l, 0, want[0]) && !rd.bad,
	      "%s %s printer: +150: sp+4095 read, marked as the fault address",
	      tag, enc->name);
	r.fault = false;

	/* Its last byte one past the stack's end: not read. */
	r.stack_hi = STACK_SP + PARAMINFO_STACK_OFF_MAX + 7;
	print_at(&t, &r, 150, &l);
	snprintf(want[0], sizeof(want[0]),
		 "<on the stack at sp+%u: outside the task's stack>",
		 PARAMINFO_STACK_OFF_MAX);
	snprintf(want[1], sizeof(want[1]), "0x%08llx  [stack sp+24]",
		 (unsigned long long)mem_at(STACK_SP, 24, 4));
	pi_ok(line_is(&l, 0, want[0]) && line_is(&l, 1, want[1]) &&
	      rd.calls == 1 && !rd.bad,
	      "%s %s printer: a slot one byte past the stack's end is not read",
	      tag, enc->name);
	r.stack_hi = STACK_LO + STACK_SIZE;

	/* sp below the stack, bounds unknown, sp + offset wrapping. */
	r.sp = STACK_LO - 8;
	print_at(&t, &r, 20, &l);
	pi_ok(line_is(&l, 0, "<on the stack at sp+0: outside the task's stack>") &&
	      rd.calls == 1 && !rd.bad,
	      "%s %s printer: sp below the stack: that slot is not read, sp+16 (inside) is",
	      tag, enc->name);
	r.sp = STACK_SP;
	r.stack_lo = r.stack_hi = 0;
	print_at(&t, &r, 20, &l);
	pi_ok(line_is(&l, 0, "<on the stack at sp+0: outside the task's stack>") &&
	      line_is(&l, 1, "<on the stack at sp+16: outside the task's stack>") &&
	      rd.calls == 0,
	      "%s %s printer: bounds unknown (0, 0): nothing read", tag, enc->name);
	r.sp = ~0ULL - 7;
	r.stack_lo = 0;
	r.stack_hi = ~0ULL;
	print_at(&t, &r, 150, &l);
	pi_ok(line_is(&l, 0, "<on the stack at sp+4095: outside the task's stack>") &&
	      rd.calls == 0,
	      "%s %s printer: sp + offset wrapping past 2^64 is outside, even with bounds [0, 2^64 - 1)",
	      tag, enc->name);
	regs_init(&r, tg->machine);

	/* A reader that fails; no reader at all. */
	rd.fail = true;
	print_at(&t, &r, 20, &l);
	rd.fail = false;
	pi_ok(line_is(&l, 0, "<on the stack at sp+0: unreadable>") &&
	      line_is(&l, 1, "<on the stack at sp+16: unreadable>") && !rd.bad,
	      "%s %s printer: a failed read says unreadable", tag, enc->name);
	r.read = NULL;
	print_at(&t, &r, 20, &l);
	pi_ok(line_is(&l, 0, "<on the stack at sp+0>") &&
	      line_is(&l, 1, "<on the stack at sp+16>") && rd.calls == 0,
	      "%s %s printer: without a reader (a log), the slot is named, not read",
	      tag, enc->name);
	free(table);
}

/**
 * pi_stack_print_tests() - the printer on stack ranges
 */
void pi_stack_print_tests(void)
{
	static const struct pi_encoder *const encs[] = {
		&pi_encoder_flat, &pi_encoder_pool, &pi_encoder_delta,
	};
	uint16_t machines[] = { EM_X86_64, EM_AARCH64 };
	size_t i, j;

	for (i = 0; i < STACK_SIZE; i++)
		stack_mem[i] = (uint8_t)(i * 131 + 17);
	for (i = 0; i < ARRAY_SIZE(machines); i++)
		for (j = 0; j < ARRAY_SIZE(encs); j++)
			print_tests(pi_target_of(machines[i]), encs[j]);
}
