// SPDX-License-Identifier: GPL-2.0
/*
 * bench_callers - the printer path's time for a ten-frame trace
 *
 *   bench_callers FLAT POOL DELTA
 *
 * For each table (the three encodings of one vmlinux), builds a stack of
 * eleven frames out of the table's own unwind rows: a leaf and ten
 * callers, each a function with a row that saves the return address, its
 * save slots filled and its return address pointing just past a pc of
 * the next one's row. Then times what an oops runs after the faulting
 * block, paraminfo_print_callers() over the ten callers (every row
 * lookup, register recovery, parameter block, each line formatted; the
 * lines go nowhere), and prints the median and p99 of ROUNDS (default
 * 2001) runs, in microseconds. The kernel decoders and printer are
 * compiled unchanged, optimised, no sanitizers. A benchmark: it prints
 * numbers, it checks nothing but that the walk found the ten frames.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <linux/paraminfo.h>

#include "bench_load.h"

#define FRAMES		10
#define STACK_SIZE	(64 * 1024)

static const struct paraminfo_decoder *const decoders[] = {
	&paraminfo_decoder_flat, &paraminfo_decoder_pool,
	&paraminfo_decoder_delta,
};

static struct paraminfo_table table;
static u8 stack[STACK_SIZE];
static const u64 stack_base = 0xffffc90000100000ULL;
static const char *names[PARAMINFO_NR_REGS];
static char name_buf[PARAMINFO_NR_REGS][8];
static unsigned long lines;

static void die(const char *msg)
{
	fprintf(stderr, "bench_callers: %s\n", msg);
	exit(1);
}

static void *load(const char *path, size_t *size)
{
	void *buf = pi_bench_load(path, size);

	if (!buf)
		die("cannot read a table");
	return buf;
}

static int read_stack(void *dst, u64 addr, size_t len)
{
	if (addr < stack_base || addr - stack_base + len > STACK_SIZE)
		return -EFAULT;
	memcpy(dst, stack + (addr - stack_base), len);
	return 0;
}

static void put(u64 addr, u64 val)
{
	if (addr < stack_base || addr - stack_base + 8 > STACK_SIZE)
		die("the frames do not fit the stack");
	memcpy(stack + (addr - stack_base), &val, 8);
}

static int find(u64 pc, struct paraminfo_where *w)
{
	w->t = &table;
	w->addr = pc;
	return paraminfo_find(&table, pc, &w->f);
}

static void emit(void *ctx, const char *line)
{
	lines++;
}

/*
 * The next function from @index on with a row two bytes or more long that
 * saves the return address and has parameters: its row and a pc inside.
 */
static int pick(u32 *index, u8 ra, struct paraminfo_func *f,
		struct paraminfo_unwind *u)
{
	for (; *index < table.nfuncs; (*index)++) {
		u32 off = 0;

		if (paraminfo_func_at(&table, *index, f) || !f->nparams)
			continue;
		while (!paraminfo_unwind_next(&table, f, off, u)) {
			unsigned int i;

			for (i = 0; i < u->nsaved; i++)
				if (u->saved[i].reg == ra &&
				    u->to - u->from >= 2 && u->cfa >= 8) {
					(*index)++;
					return 0;
				}
			off = u->to;
		}
	}
	return -ENOENT;
}

static int cmp_u64(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

static u64 now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static void bench(const char *path, const struct paraminfo_decoder *dec,
		  unsigned int rounds)
{
	static const struct paraminfo_walk walk = {
		.find = find, .max_frames = FRAMES,
	};
	struct paraminfo_func f[FRAMES + 1];
	struct paraminfo_unwind u[FRAMES + 1];
	struct paraminfo_regs r = { .nr = PARAMINFO_NR_REGS };
	struct paraminfo_where w;
	u64 sp = stack_base, *ns;
	u32 index = 0, preserved;
	unsigned int k, i;
	size_t size;
	void *data = load(path, &size);
	u8 ra;

	lines = 0;
	if (paraminfo_table_init(&table, data, size, dec))
		die("the table is invalid");
	if (paraminfo_unwind_abi(&table, &ra, &preserved))
		die("the table has no unwind rows");
	for (k = 0; k <= FRAMES; k++)
		if (pick(&index, ra, &f[k], &u[k]))
			die("too few functions with unwind rows");
	memset(stack, 0, sizeof(stack));
	/* Frame k's pc is one byte into its row: the caller's, past a call. */
	for (k = 0; k <= FRAMES; k++) {
		u64 cfa = sp + u[k].cfa;

		for (i = 0; i < u[k].nsaved; i++)
			put(cfa - u[k].saved[i].off,
			    u[k].saved[i].reg != ra ? 0x1000 + i :
			    k == FRAMES ? 0 :
			    f[k + 1].addr + u[k + 1].from + 2);
		sp = cfa;
	}
	for (i = 0; i < PARAMINFO_NR_REGS; i++) {
		snprintf(name_buf[i], sizeof(name_buf[i]), "r%u", i);
		names[i] = name_buf[i];
		r.gpr[i] = 0x2000 + i;
	}
	r.names = names;
	r.sp = stack_base;
	r.stack_lo = stack_base;
	r.stack_hi = stack_base + STACK_SIZE;
	r.read = read_stack;
	r.pc = f[0].addr + u[0].from + 1;
	w.t = &table;
	w.f = f[0];
	w.addr = r.pc;
	if (paraminfo_print_callers(&w, &r, &walk, emit, NULL) != FRAMES)
		die("the walk did not find the ten frames");
	ns = calloc(rounds, sizeof(*ns));
	if (!ns)
		die("out of memory");
	for (i = 0; i < rounds; i++) {
		u64 t0 = now_ns();

		paraminfo_print_callers(&w, &r, &walk, emit, NULL);
		ns[i] = now_ns() - t0;
	}
	qsort(ns, rounds, sizeof(*ns), cmp_u64);
	printf("%-6s 10-frame trace: median %.1f us, p99 %.1f us (%lu lines each)\n",
	       dec->name, ns[rounds / 2] / 1000.0,
	       ns[(u64)rounds * 99 / 100] / 1000.0,
	       lines / (rounds + 1));
	free(ns);
	free(data);
}

int main(int argc, char **argv)
{
	const char *env = getenv("ROUNDS");
	unsigned int rounds = env ? strtoul(env, NULL, 10) : 2001;
	int i;

	if (argc != 4 || !rounds)
		die("usage: bench_callers FLAT POOL DELTA");
	for (i = 0; i < 3; i++)
		bench(argv[i + 1], decoders[i], rounds);
	return 0;
}
