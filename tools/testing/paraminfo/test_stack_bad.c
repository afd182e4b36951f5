// SPDX-License-Identifier: GPL-2.0
/*
 * test_stack: damaged stack ranges and what may not be encoded.
 *
 * Tables of test_stack.c's hand-written function, with one field damaged
 * where each encoding stores it: a stack offset over
 * PARAMINFO_STACK_OFF_MAX, a stack range of a parameter of 0 or over 8
 * bytes, and in flat a register range with an offset and a non-zero pad.
 * The decoders must answer -EINVAL for that range, from paraminfo_loc()
 * and paraminfo_loc_at(), and the printer must print a reason without
 * reading memory. The field is found by encoding two models that differ
 * only in it and comparing the tables, so no layout is assumed here
 * beyond the header's. Then the encoders must refuse (pi_die()) what the
 * decoders would: the same offsets and sizes, and a register with an
 * offset.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "test_stack.h"

static const struct pi_encoder *const encs[] = {
	&pi_encoder_flat, &pi_encoder_pool, &pi_encoder_delta,
};

#define BAD_SP	0x10000ULL

/* The slots the other parameters are in: the only ones read. */
static const u32 *read_ok;
static unsigned int nread_ok, bad_reads;

static int check_read(void *dst, u64 addr, size_t len)
{
	unsigned int i;

	for (i = 0; i < nread_ok && addr != BAD_SP + read_ok[i]; i++)
		;
	bad_reads += i == nread_ok;
	memset(dst, 0, len);
	return 0;
}

static void no_line(void *ctx, const char *line)
{
}

/* The hand-written function alone, with @edit applied to it. */
static size_t encode_edited(const struct pi_target *tg,
			    const struct pi_encoder *enc,
			    void (*edit)(struct pi_func *f, int v), int v,
			    uint8_t **table)
{
	struct pi_model m;
	size_t len;

	pi_stack_model(&m, tg, 0);
	edit(&m.funcs[0], v);
	len = pi_stack_encode(&m, enc, table);
	pi_model_free(&m);
	return len;
}

/* a's last range: sp + @v. */
static void edit_a_off(struct pi_func *f, int v)
{
	f->params[0].locs[4].off = v;
}

/* b, whose ranges from +4 on are stack slots: @v bytes. */
static void edit_b_size(struct pi_func *f, int v)
{
	f->params[1].size = v;
}

/*
 * Where tables @a and @b (of @len bytes) differ, as bit numbers of a
 * delta bit stream (byte * 8 + bit); returns how many.
 */
static unsigned int diff_bits(const uint8_t *a, const uint8_t *b, size_t len,
			      size_t *bits, unsigned int max)
{
	unsigned int n = 0, k;
	size_t i;

	for (i = 0; i < len; i++)
		for (k = 0; k < 8; k++)
			if ((a[i] ^ b[i]) >> k & 1) {
				if (n < max)
					bits[n] = i * 8 + k;
				n++;
			}
	return n;
}

static void set_bit(uint8_t *t, size_t bit, int v)
{
	t[bit / 8] = (t[bit / 8] & ~(1u << bit % 8)) | (!!v << bit % 8);
}

/*
 * Range @bad_loc of parameter @bad of the table's function must be
 * refused, -EINVAL from paraminfo_loc() and from paraminfo_loc_at() at
 * @at; printed at @at, only the other parameters' slots, the @nok
 * offsets @ok, may be read.
 */
static bool refused(uint8_t *table, size_t len, const struct pi_encoder *enc,
		    u32 bad, u32 bad_loc, u32 at, const u32 *ok,
		    unsigned int nok)
{
	struct paraminfo_regs r = { .nr = 0 };
	struct paraminfo_table t;
	struct paraminfo_func f;
	struct paraminfo_param p;
	struct paraminfo_loc l;
	int a, b;

	if (paraminfo_table_init(&t, table, len, pi_stack_decoder(enc)) ||
	    paraminfo_func_at(&t, 0, &f) || paraminfo_param(&t, &f, bad, &p))
		return true;	/* refused before the range: fine too */
	a = paraminfo_loc(&t, &f, &p, bad_loc, &l);
	b = paraminfo_loc_at(&t, &f, &p, at, &l);
	pi_set_reg_names(&r, t.machine);
	r.sp = BAD_SP;
	r.stack_lo = 0;
	r.stack_hi = ~0ULL;
	r.read = check_read;
	read_ok = ok;
	nread_ok = nok;
	bad_reads = 0;
	paraminfo_print_params(&t, &f, at, &r, no_line, NULL);
	if (a != -EINVAL || b != -EINVAL || bad_reads)
		printf("# loc %d, loc_at %d, %u reads of other slots\n", a, b,
		       bad_reads);
	return a == -EINVAL && b == -EINVAL && !bad_reads;
}

/* What else is read at +0, +20 and +150: test_stack.c's hand_func(). */
static const u32 ok_at0[] = { 7, 2 }, ok_a20[] = { 16 }, ok_b20[] = { 0 };
static const u32 ok_at150[] = { 24 };

static void bad_offset(const struct pi_target *tg, const struct pi_encoder *enc)
{
	const unsigned int k = PARAMINFO_DELTA_K_STACK;
	bool delta = enc == &pi_encoder_delta;
	uint8_t *lo, *hi;
	size_t len, bits[16];
	unsigned int n, i;
	bool ok = false;

	/*
	 * 4088 and 4095 differ only in a uleb's (or a __u16's) three low
	 * bits; 4096 - 2^k and 4095 in the k low bits of delta's eg(k),
	 * whose other part is q = 2^(12 - k) for both.
	 */
	len = encode_edited(tg, enc, edit_a_off, delta ? 4096 - (1 << k) : 4088,
			    &lo);
	if (encode_edited(tg, enc, edit_a_off, 4095, &hi) != len)
		goto out;
	n = diff_bits(lo, hi, len, bits, ARRAY_SIZE(bits));
	if (n != (delta ? k : 3) || !n)
		goto out;
	if (delta) {
		/* 4096 is q 2^(12 - k) + 1, low bits 0: q's last bit is 0. */
		for (i = 0; i < n; i++)
			set_bit(hi, bits[i], 0);
		set_bit(hi, bits[0] - 1, 1);
	} else if (enc == &pi_encoder_flat) {
		/* A __u16, little-endian. */
		hi[bits[0] / 8] = 0x00;
		hi[bits[0] / 8 + 1] = 0x10;
	} else {
		/* uleb 4095 is ff 1f, 4096 is 80 20: the byte after too. */
		hi[bits[0] / 8] = 0x80;
		hi[bits[0] / 8 + 1] = 0x20;
	}
	ok = refused(hi, len, enc, 0, 4, 150, ok_at150, ARRAY_SIZE(ok_at150));
out:
	pi_ok(ok, "%s %s: a stack offset of 4096 is refused, nothing read",
	      tg->name, enc->name);
	free(lo);
	free(hi);
}

/* b's size, patched to each of @sizes where the table stores it. */
static void bad_size(const struct pi_target *tg, const struct pi_encoder *enc)
{
	static const int sizes[] = { 0, 9, 15 };
	uint8_t *four, *eight;
	size_t len, i, byte = 0, n = 0;
	bool ok = false;

	len = encode_edited(tg, enc, edit_b_size, 4, &four);
	if (encode_edited(tg, enc, edit_b_size, 8, &eight) != len)
		goto out;
	/* 4 ^ 8 and 5 ^ 9 (delta stores size + 1): one byte, bits 2-3. */
	for (i = 0; i < len; i++)
		if (four[i] != eight[i]) {
			byte = i;
			n++;
		}
	if (n != 1 || (four[byte] ^ eight[byte]) != 0xc)
		goto out;
	ok = true;
	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		/* pool's low four bits of a uleb; flat's byte, delta's + 1. */
		if (enc == &pi_encoder_pool)
			eight[byte] = (eight[byte] & ~0xf) | sizes[i];
		else
			eight[byte] = sizes[i] + (enc == &pi_encoder_delta);
		ok &= refused(eight, len, enc, 1, 1, 20, ok_b20,
			      ARRAY_SIZE(ok_b20));
	}
out:
	pi_ok(ok, "%s %s: a stack range of a parameter of 0, 9 or 15 bytes is refused, nothing read",
	      tg->name, enc->name);
	free(four);
	free(eight);
}

/* flat only: an offset with a register, and a non-zero pad. */
static void bad_flat(const struct pi_target *tg)
{
	const struct pi_encoder *enc = &pi_encoder_flat;
	struct paraminfo_flat_loc *loc;
	struct paraminfo_header *h;
	struct pi_model m;
	uint8_t *table;
	size_t len;
	bool ok;

	pi_stack_model(&m, tg, 0);
	len = pi_stack_encode(&m, enc, &table);
	pi_model_free(&m);
	h = (struct paraminfo_header *)table;
	/* a's ranges come first: its entry register, then sp+0. */
	loc = (struct paraminfo_flat_loc *)(table + h->sect[PARAMINFO_FLAT_LOCS].off);
	ok = loc[0].reg == tg->arg_regs[0] && loc[1].reg == PI_LOC_STACK;
	loc[0].off = 8;
	ok = ok && refused(table, len, enc, 0, 0, 0, ok_at0, ARRAY_SIZE(ok_at0));
	loc[0].off = 0;
	loc[1].pad = 1;
	ok = ok && refused(table, len, enc, 0, 1, 20, ok_a20, ARRAY_SIZE(ok_a20));
	loc[1].pad = 0;
	loc[1].off = 0xffff;
	ok = ok && refused(table, len, enc, 0, 1, 20, ok_a20, ARRAY_SIZE(ok_a20));
	pi_ok(ok, "%s flat: a register range with an offset, a pad byte, offset 65535 are refused",
	      tg->name);
	free(table);
}

/*
 * The encoder must die on @edit(@v): a range no decoder would accept. In
 * a child, which pi_die() leaves through pi_catcher: what the encoder
 * had allocated is then the child's, gone with it.
 */
static bool encoder_refuses(const struct pi_target *tg,
			    const struct pi_encoder *enc,
			    void (*edit)(struct pi_func *f, int v), int v)
{
	struct pi_catch c;
	struct pi_model m;
	struct pi_buf b = { 0 };
	int status;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid < 0)
		pi_die("fork failed");
	if (!pid) {
		pi_stack_model(&m, tg, 0);
		edit(&m.funcs[0], v);
		pi_catcher = &c;
		if (setjmp(c.env))
			_exit(1);
		enc->encode(&m, &b);
		_exit(0);
	}
	if (waitpid(pid, &status, 0) != pid)
		pi_die("waitpid failed");
	return WIFEXITED(status) && WEXITSTATUS(status) == 1;
}

/* a's entry-register range: an offset @v. */
static void edit_reg_off(struct pi_func *f, int v)
{
	f->params[0].locs[0].off = v;
}

/**
 * pi_stack_bad_tests() - damaged tables and refused models
 */
void pi_stack_bad_tests(void)
{
	uint16_t machines[] = { EM_X86_64, EM_AARCH64 };
	size_t i, j;

	for (i = 0; i < ARRAY_SIZE(machines); i++) {
		const struct pi_target *tg = pi_target_of(machines[i]);

		for (j = 0; j < ARRAY_SIZE(encs); j++) {
			bad_offset(tg, encs[j]);
			bad_size(tg, encs[j]);
			pi_ok(encoder_refuses(tg, encs[j], edit_a_off, 4096) &&
			      encoder_refuses(tg, encs[j], edit_b_size, 0) &&
			      encoder_refuses(tg, encs[j], edit_b_size, 9) &&
			      encoder_refuses(tg, encs[j], edit_b_size, 40) &&
			      encoder_refuses(tg, encs[j], edit_reg_off, 1) &&
			      !encoder_refuses(tg, encs[j], edit_a_off,
					       PARAMINFO_STACK_OFF_MAX),
			      "%s %s: the encoder refuses offset 4096, stack ranges of 0, 9 and 40 bytes, a register with an offset",
			      tg->name, encs[j]->name);
		}
		bad_flat(tg);
	}
}
