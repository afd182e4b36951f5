// SPDX-License-Identifier: GPL-2.0
/*
 * test_stack - stack ranges through every encoding, the decoders and the
 * printer
 *
 *   test_stack [--seeds DIR]
 *
 * A range whose register is PI_LOC_STACK says a parameter's value is in a
 * stack slot, at the stack pointer plus an offset. No fixture needs the
 * generator to prove one: the models here are built in C, for x86-64 and
 * AArch64, from hand-written functions (offsets 0 and
 * PARAMINFO_STACK_OFF_MAX, adjacent stack ranges that differ only in
 * their offset, a stack range in the entry register's place, sizes 1 to
 * 8) and pseudo-random ones. Each is encoded by every encoder (the
 * generator's own code) and decoded by the kernel's decoders, compiled
 * unchanged: every function, parameter and range must come back, the
 * JSON and text dumps of the two models must be equal, and
 * paraminfo_loc_at() must agree with the decoded ranges at every byte.
 *
 * Then the printer on stack ranges (test_stack_print.c), and damaged
 * tables and the encoders' refusals (test_stack_bad.c). Prints KTAP.
 *
 * --seeds writes the tables of smaller such models to
 * DIR/stack-ARCH.ENCODING.bin instead, for the fuzzers' seed corpus.
 */
#define _GNU_SOURCE	/* open_memstream() */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_stack.h"

static unsigned int ktap_n, ktap_failed;

/**
 * pi_ok() - one KTAP result
 * @ok: whether it passed
 * @fmt: what was checked
 *
 * Return: @ok.
 */
bool pi_ok(bool ok, const char *fmt, ...)
{
	va_list ap;

	ktap_n++;
	ktap_failed += !ok;
	printf("%sok %u - ", ok ? "" : "not ", ktap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	return ok;
}

/* A deterministic generator: xorshift64. */
static uint64_t rnd_state = 0x9e3779b97f4a7c15ULL;

static uint32_t rnd(uint32_t n)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 7;
	rnd_state ^= rnd_state << 17;
	return n ? rnd_state % n : 0;
}

struct type_of_size {
	const char *type;
	uint32_t size;
};

static const struct type_of_size types[] = {
	{ "long int", 8 }, { "int", 4 }, { "short int", 2 }, { "char", 1 },
	{ "struct three", 3 }, { "struct five", 5 }, { "struct seven", 7 },
	{ "struct file *", 8 }, { "struct sixteen", 16 }, { "struct big", 40 },
};

/* Append a range; @nlocs ranges have room for one more. */
static void add_loc(struct pi_param *p, uint32_t from, uint32_t to,
		    uint8_t reg, uint16_t off)
{
	p->locs = pi_realloc(p->locs, p->nlocs + 1, sizeof(*p->locs));
	memset(&p->locs[p->nlocs], 0, sizeof(*p->locs));
	p->locs[p->nlocs].from = from;
	p->locs[p->nlocs].to = to;
	p->locs[p->nlocs].reg = reg;
	p->locs[p->nlocs].off = off;
	p->nlocs++;
}

static struct pi_param *add_params(struct pi_func *f, uint32_t n)
{
	f->nparams = n;
	f->params = pi_alloc((n ? n : 1) * sizeof(*f->params));
	memset(f->params, 0, (n ? n : 1) * sizeof(*f->params));
	return f->params;
}

static void set_param(struct pi_param *p, const char *name, const char *type,
		      uint32_t size, uint8_t abi, uint8_t reg0)
{
	p->name = pi_intern(name);
	p->type = pi_intern(type);
	p->size = size;
	p->abi = abi;
	p->reg[0] = reg0;
	p->why = PI_WHY_REG;
}

/* A register that may hold a value: any GPR but the stack pointer. */
static uint8_t any_reg(const struct pi_target *t)
{
	uint8_t reg;

	do
		reg = rnd(t->nregs);
	while (reg == t->sp || reg == PI_LOC_STACK);
	return reg;
}

/* Stack offsets as frames have them, and the extremes. */
static uint16_t any_off(void)
{
	switch (rnd(8)) {
	case 0:
		return PARAMINFO_STACK_OFF_MAX;
	case 1:
		return rnd(PARAMINFO_STACK_OFF_MAX + 1);
	case 2:
		return rnd(8);
	default:
		return 8 * rnd(32);
	}
}

/*
 * Random sorted, disjoint ranges over @size bytes; neighbours that touch
 * differ in register or offset, as the model merges the others.
 */
static void random_locs(const struct pi_target *t, struct pi_param *p,
			uint32_t size)
{
	bool stack = p->size && p->size <= PARAMINFO_STACK_SIZE_MAX;
	uint32_t at = rnd(3) ? 0 : rnd(size);
	uint8_t reg;
	uint16_t off;

	while (at < size && p->nlocs < 40 && rnd(8)) {
		uint32_t to = at + 1 + rnd(rnd(2) ? 16 : size - at);

		if (to > size || !rnd(6))
			to = size;
		off = 0;
		switch (rnd(4)) {
		case 0:
			reg = p->reg[0];
			break;
		case 1:
			reg = any_reg(t);
			break;
		default:
			reg = stack ? PI_LOC_STACK : any_reg(t);
			off = reg == PI_LOC_STACK ? any_off() : 0;
			break;
		}
		if (p->nlocs && p->locs[p->nlocs - 1].to == at &&
		    p->locs[p->nlocs - 1].reg == reg &&
		    p->locs[p->nlocs - 1].off == off)
			off = reg == PI_LOC_STACK ? off ^ 8 : off;
		if (p->nlocs && p->locs[p->nlocs - 1].to == at &&
		    p->locs[p->nlocs - 1].reg == reg &&
		    p->locs[p->nlocs - 1].off == off)
			reg = reg == p->reg[0] ? any_reg(t) : p->reg[0];
		add_loc(p, at, to, reg, off);
		at = to + (rnd(3) ? 0 : rnd(64));
	}
	if (p->nlocs)
		p->why = rnd(4) ? PI_WHY_REG : PI_WHY_REASSIGNED;
	else
		p->why = 1 + rnd(PI_WHY_NR - 1);
}

/*
 * The hand-written function: every way a stack range can be stored.
 * a: entry register, a stack slot at 0, the next slot up (adjacent, only
 *    the offset differs), a callee-saved register, the highest offset to
 *    the end of the function;
 * b: 4-byte and 8-byte short lengths, a gap, the same slot again;
 * c: a one-byte value in a stack slot from the first instruction;
 * d: a 16-byte struct, no range;
 * e: reassigned, odd offsets, stack ranges whose register is coded as
 *    a number between ranges in another register.
 */
static void hand_func(const struct pi_target *t, struct pi_func *f,
		      uint64_t addr)
{
	struct pi_param *p = add_params(f, 5);

	f->name = pi_intern("pi_stack_mix");
	f->addr = addr;
	f->size = 200;
	set_param(&p[0], "a", "long int", 8, PI_ABI_REG, t->arg_regs[0]);
	add_loc(&p[0], 0, 10, t->arg_regs[0], 0);
	add_loc(&p[0], 10, 50, PI_LOC_STACK, 0);
	add_loc(&p[0], 50, 60, PI_LOC_STACK, 8);
	add_loc(&p[0], 60, 100, 3, 0);
	add_loc(&p[0], 100, 200, PI_LOC_STACK, PARAMINFO_STACK_OFF_MAX);
	set_param(&p[1], "b", "int", 4, PI_ABI_REG, t->arg_regs[1]);
	add_loc(&p[1], 0, 4, t->arg_regs[1], 0);
	add_loc(&p[1], 4, 8, PI_LOC_STACK, 16);
	add_loc(&p[1], 20, 28, PI_LOC_STACK, 16);
	add_loc(&p[1], 30, 200, PI_LOC_STACK, 24);
	set_param(&p[2], "c", "char", 1, PI_ABI_REG, t->arg_regs[2]);
	add_loc(&p[2], 0, 1, PI_LOC_STACK, 7);
	set_param(&p[3], "d", "struct sixteen", 16, PI_ABI_REG2,
		  t->arg_regs[3]);
	p[3].reg[1] = t->arg_regs[4];
	p[3].why = PI_WHY_MEMORY;
	set_param(&p[4], "e", "short int", 2, PI_ABI_REG, t->arg_regs[5]);
	add_loc(&p[4], 0, 2, PI_LOC_STACK, 2);
	add_loc(&p[4], 2, 6, 12, 0);
	add_loc(&p[4], 6, 9, PI_LOC_STACK, 3);
	add_loc(&p[4], 9, 11, 12, 0);
	add_loc(&p[4], 11, 13, PI_LOC_STACK, 3);
	p[4].why = PI_WHY_REASSIGNED;
}

/**
 * pi_stack_model() - a model with stack ranges
 * @m: filled in
 * @t: the architecture
 * @nrandom: pseudo-random functions after the hand-written one
 */
void pi_stack_model(struct pi_model *m, const struct pi_target *t,
		    uint32_t nrandom)
{
	uint64_t addr = 0x1000;
	uint32_t i, j;
	char name[32];

	memset(m, 0, sizeof(*m));
	m->target = t;
	hand_func(t, pi_model_add(m), addr);
	addr += 256;
	for (i = 0; i < nrandom; i++) {
		struct pi_func *f = pi_model_add(m);
		uint32_t n = rnd(9);
		struct pi_param *p = add_params(f, n);

		snprintf(name, sizeof(name), "pi_stack_%u", i);
		f->name = pi_intern(name);
		f->addr = addr;
		f->size = 1 + rnd(rnd(4) ? 300 : 5000);
		f->flags = rnd(8) ? 0 : PI_F_VARARGS;
		addr += f->size + (rnd(2) ? -f->size & 15 : rnd(100));
		for (j = 0; j < n; j++) {
			const struct type_of_size *ty = &types[rnd(ARRAY_SIZE(types))];

			snprintf(name, sizeof(name), "p%u", j);
			set_param(&p[j], name, ty->type, ty->size,
				  j < t->nargs ? PI_ABI_REG : PI_ABI_STACK,
				  j < t->nargs ? t->arg_regs[j] : 0);
			if (j < t->nargs)
				random_locs(t, &p[j], f->size);
			else
				p[j].why = PI_WHY_MEMORY;
		}
	}
}

/**
 * pi_stack_encode() - encode a model into an aligned table
 * @m: the model
 * @enc: the encoder
 * @out: receives the table, from malloc(), 8-byte aligned
 *
 * Return: its size.
 */
size_t pi_stack_encode(const struct pi_model *m, const struct pi_encoder *enc,
		       uint8_t **out)
{
	struct pi_buf b = { 0 };
	size_t len;

	enc->encode(m, &b);
	len = b.len;
	*out = aligned_alloc(8, (len + 7) & ~(size_t)7);
	if (!*out)
		pi_die("out of memory");
	memcpy(*out, b.data, len);
	pi_buf_free(&b);
	return len;
}

/* Decode every function of @t into @out, named after @m's. */
static bool decode_model(const struct paraminfo_table *t,
			 const struct pi_model *m, struct pi_model *out)
{
	struct paraminfo_func df;
	struct paraminfo_param dp;
	struct paraminfo_loc l;
	uint32_t i, j, k;

	memset(out, 0, sizeof(*out));
	out->target = m->target;
	for (i = 0; i < t->nfuncs; i++) {
		struct pi_func *f = pi_model_add(out);

		if (paraminfo_func_at(t, i, &df) || i >= m->nfuncs)
			return false;
		f->name = m->funcs[i].name;
		f->addr = df.addr;
		f->size = df.size;
		f->flags = df.flags;
		add_params(f, df.nparams);
		for (j = 0; j < df.nparams; j++) {
			struct pi_param *p = &f->params[j];

			if (paraminfo_param(t, &df, j, &dp))
				return false;
			set_param(p, dp.name, dp.type, dp.size, dp.abi,
				  dp.reg[0]);
			p->reg[1] = dp.reg[1];
			p->why = dp.why;
			for (k = 0; k < dp.nlocs; k++) {
				if (paraminfo_loc(t, &df, &dp, k, &l))
					return false;
				add_loc(p, l.from, l.to, l.reg, l.off);
			}
		}
	}
	return true;
}

/* The first difference between two models, or NULL. */
static const char *model_diff(const struct pi_model *a,
			      const struct pi_model *b, char *buf, size_t len)
{
	size_t i;
	uint32_t j, k;

	if (a->nfuncs != b->nfuncs)
		return "function count";
	for (i = 0; i < a->nfuncs; i++) {
		const struct pi_func *f = &a->funcs[i], *g = &b->funcs[i];

		if (f->size != g->size || f->nparams != g->nparams ||
		    f->flags != g->flags)
			goto func;
		for (j = 0; j < f->nparams; j++) {
			const struct pi_param *p = &f->params[j];
			const struct pi_param *q = &g->params[j];

			if (p->name != q->name || p->type != q->type ||
			    pi_param_width(p) != q->size || p->abi != q->abi ||
			    p->reg[0] != q->reg[0] || p->why != q->why ||
			    p->nlocs != q->nlocs)
				goto func;
			for (k = 0; k < p->nlocs; k++)
				if (p->locs[k].from != q->locs[k].from ||
				    p->locs[k].to != q->locs[k].to ||
				    p->locs[k].reg != q->locs[k].reg ||
				    p->locs[k].off != q->locs[k].off)
					goto func;
		}
	}
	return NULL;
func:
	snprintf(buf, len, "function %zu (%s)", i, a->funcs[i].name);
	return buf;
}

/* A dump of @m, from malloc(). */
static char *dump_of(const struct pi_model *m, bool text)
{
	char *s = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&s, &len);

	if (!f)
		pi_die("open_memstream failed");
	if (text)
		pi_dump_text(f, m);
	else
		pi_dump_json(f, m, 0);
	fclose(f);
	return s;
}

/* loc_at at every byte of every parameter against its decoded ranges. */
static bool loc_at_agrees(const struct paraminfo_table *t,
			  unsigned long *checked)
{
	struct paraminfo_loc got, want;
	struct paraminfo_func f;
	struct paraminfo_param p;
	uint32_t i, j, k, off;
	int ret;

	for (i = 0; i < t->nfuncs; i++) {
		if (paraminfo_func_at(t, i, &f))
			return false;
		for (j = 0; j < f.nparams; j++) {
			if (paraminfo_param(t, &f, j, &p))
				return false;
			for (off = 0, k = 0; off <= f.size; off++, ++*checked) {
				ret = paraminfo_loc_at(t, &f, &p, off, &got);
				while (k < p.nlocs &&
				       !paraminfo_loc(t, &f, &p, k, &want) &&
				       want.to <= off)
					k++;
				if (k < p.nlocs && want.from <= off) {
					if (ret || got.from != want.from ||
					    got.to != want.to ||
					    got.reg != want.reg ||
					    got.off != want.off)
						return false;
				} else if (ret != -ENOENT) {
					return false;
				}
			}
		}
	}
	return true;
}

static const struct paraminfo_decoder *const decoders[] = {
	&paraminfo_decoder_flat,
	&paraminfo_decoder_pool,
	&paraminfo_decoder_delta,
};

/**
 * pi_stack_decoder() - the kernel decoder of an encoder
 * @enc: the encoder
 *
 * Return: the decoder of the same encoding.
 */
const struct paraminfo_decoder *pi_stack_decoder(const struct pi_encoder *enc)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(decoders); i++)
		if (decoders[i]->encoding == enc->encoding)
			return decoders[i];
	pi_die("no decoder for %s", enc->name);
}

static const struct pi_encoder *const encoders[] = {
	&pi_encoder_flat,
	&pi_encoder_pool,
	&pi_encoder_delta,
};

/* What gen_paraminfo --dump prints of hand_func() on x86-64, in pieces. */
static const char * const hand_json[] = {
	"{\"name\":\"pi_stack_mix\",\"addr\":\"0x1000\",\"size\":200,\"params\":[",
	"{\"name\":\"a\",\"type\":\"long int\",\"abi\":\"rdi\",\"locs\":[",
	"{\"from\":0,\"to\":10,\"reg\":\"rdi\"},{\"from\":10,\"to\":50,\"stack\":0},",
	"{\"from\":50,\"to\":60,\"stack\":8},{\"from\":60,\"to\":100,\"reg\":\"rbx\"},",
	"{\"from\":100,\"to\":200,\"stack\":4095}]},",
	"{\"name\":\"b\",\"type\":\"int\",\"abi\":\"rsi\",\"locs\":[",
	"{\"from\":0,\"to\":4,\"reg\":\"rsi\"},{\"from\":4,\"to\":8,\"stack\":16},",
	"{\"from\":20,\"to\":28,\"stack\":16},{\"from\":30,\"to\":200,\"stack\":24}]},",
	"{\"name\":\"c\",\"type\":\"char\",\"abi\":\"rdx\",\"locs\":[",
	"{\"from\":0,\"to\":1,\"stack\":7}]},",
	"{\"name\":\"d\",\"type\":\"struct sixteen\",\"abi\":\"rcx+r8\",\"locs\":[]},",
	"{\"name\":\"e\",\"type\":\"short int\",\"abi\":\"r9\",\"locs\":[",
	"{\"from\":0,\"to\":2,\"stack\":2},{\"from\":2,\"to\":6,\"reg\":\"r12\"},",
	"{\"from\":6,\"to\":9,\"stack\":3},{\"from\":9,\"to\":11,\"reg\":\"r12\"},",
	"{\"from\":11,\"to\":13,\"stack\":3}]}]}\n",
};

/* And --text, of its first parameter. */
static const char hand_text[] =
	"[0,10) rdi  [10,50) sp+0  [50,60) sp+8  [60,100) rbx  [100,200) sp+4095\n";

/* Every encoding of @m decodes to @m. */
static void roundtrip(const struct pi_model *m)
{
	char *want_json = dump_of(m, false), *want_text = dump_of(m, true);
	unsigned long nlocs = 0, nstack = 0, checked;
	size_t i, j, len;
	uint32_t k;
	char buf[64];

	for (i = 0; i < m->nfuncs; i++)
		for (k = 0; k < m->funcs[i].nparams; k++) {
			const struct pi_param *p = &m->funcs[i].params[k];

			nlocs += p->nlocs;
			for (j = 0; j < p->nlocs; j++)
				nstack += p->locs[j].reg == PI_LOC_STACK;
		}
	/* The dumps' form of stack ranges, on the hand-written function. */
	if (m->target->machine == EM_X86_64) {
		const char *at = want_json;

		for (i = 0; i < ARRAY_SIZE(hand_json) && at; i++)
			at = strncmp(at, hand_json[i], strlen(hand_json[i])) ?
			     NULL : at + strlen(hand_json[i]);
		pi_ok(at && strstr(want_text, hand_text),
		      "x86-64: the dumps write a stack range as \"stack\":OFF and sp+OFF");
	}
	for (i = 0; i < ARRAY_SIZE(encoders); i++) {
		const struct pi_encoder *enc = encoders[i];
		struct paraminfo_table t;
		struct pi_model got;
		const char *diff;
		uint8_t *table;
		char *json, *text;
		bool ok;

		len = pi_stack_encode(m, enc, &table);
		ok = !paraminfo_table_init(&t, table, len, pi_stack_decoder(enc));
		pi_ok(ok, "%s %s: the table of %zu functions, %lu ranges (%lu in stack slots) is accepted",
		      m->target->name, enc->name, m->nfuncs, nlocs, nstack);
		if (!ok) {
			free(table);
			continue;
		}
		ok = decode_model(&t, m, &got);
		diff = ok ? model_diff(m, &got, buf, sizeof(buf)) : "a decoding error";
		pi_ok(!diff, "%s %s: every function, parameter and range decodes as the model has it%s%s",
		      m->target->name, enc->name, diff ? ": differs at " : "",
		      diff ? diff : "");
		json = ok ? dump_of(&got, false) : NULL;
		text = ok ? dump_of(&got, true) : NULL;
		pi_ok(ok && !strcmp(json, want_json) && !strcmp(text, want_text),
		      "%s %s: its JSON and text dumps are the model's",
		      m->target->name, enc->name);
		checked = 0;
		ok = loc_at_agrees(&t, &checked);
		pi_ok(ok, "%s %s: paraminfo_loc_at() agrees with the ranges at all %lu offsets",
		      m->target->name, enc->name, checked);
		free(json);
		free(text);
		pi_model_free(&got);
		free(table);
	}
	free(want_json);
	free(want_text);
}

/* Write @m's tables to @dir/stack-ARCH.ENCODING.bin. */
static void write_seeds(const struct pi_model *m, const char *dir)
{
	char path[4096];
	uint8_t *table;
	size_t i, len;
	FILE *f;

	for (i = 0; i < ARRAY_SIZE(encoders); i++) {
		len = pi_stack_encode(m, encoders[i], &table);
		snprintf(path, sizeof(path), "%s/stack-%s.%s.bin", dir,
			 m->target->machine == EM_X86_64 ? "x86-64" : "arm64",
			 encoders[i]->name);
		f = fopen(path, "wb");
		if (!f || fwrite(table, 1, len, f) != len || fclose(f))
			pi_die("cannot write %s", path);
		free(table);
	}
}

int main(int argc, char **argv)
{
	const struct pi_target *targets[] = {
		pi_target_of(EM_X86_64), pi_target_of(EM_AARCH64),
	};
	const char *seeds = NULL;
	struct pi_model m;
	size_t i;

	pi_progname = "test_stack";
	if (argc == 3 && !strcmp(argv[1], "--seeds"))
		seeds = argv[2];
	else if (argc != 1)
		pi_die("usage: test_stack [--seeds DIR]");
	/* Seeds: small tables, as the fuzzers take inputs of 16 KiB. */
	for (i = 0; seeds && i < ARRAY_SIZE(targets); i++) {
		pi_stack_model(&m, targets[i], 24);
		write_seeds(&m, seeds);
		pi_model_free(&m);
	}
	if (seeds) {
		pi_intern_free();
		return 0;
	}
	printf("KTAP version 1\n");
	for (i = 0; i < ARRAY_SIZE(targets); i++) {
		pi_stack_model(&m, targets[i], 300);
		roundtrip(&m);
		pi_model_free(&m);
	}
	pi_stack_print_tests();
	pi_stack_bad_tests();
	printf("1..%u\n", ktap_n);
	printf("# stack: %u passed, %u failed\n", ktap_n - ktap_failed,
	       ktap_failed);
	pi_intern_free();
	return ktap_failed ? 1 : 0;
}
