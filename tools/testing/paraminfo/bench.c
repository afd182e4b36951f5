// SPDX-License-Identifier: GPL-2.0
/*
 * bench - size and lookup latency of the three paraminfo encodings
 *
 *   bench [-n LOOKUPS] [-r ROUNDS] [-s SEED] [-o DATAFILE] FLAT POOL DELTA
 *
 * FLAT, POOL and DELTA are gen_paraminfo --format=bin tables of the same
 * vmlinux, in that order. The kernel decoders (kernel/paraminfo/core.c,
 * stream.c and decode_*.c) are compiled unchanged with the stand-in headers
 * beside this file, at -O2 and without sanitizers; the host has no
 * <linux/compiler.h>, so the build defines noinline (see bench.sh).
 *
 * Three address sets of LOOKUPS addresses (default 200000) are drawn once
 * from a fixed seed and used by every method:
 *
 *   inside   pick a function uniformly, then an offset inside it
 *   range    uniform in [first function start, last function end): some
 *            addresses fall in padding and find nothing
 *   printer  the "inside" addresses, doing what an oops does: find, then
 *            every parameter and paraminfo_loc_at() at that offset
 *
 * The reference method is a plain upper-bound binary search over a sorted
 * u32 array of the same function starts. Every lookup is timed alone
 * between "lfence; rdtsc; lfence" and "rdtscp; lfence"; the median cost of
 * an empty timed region is subtracted, and cycles are converted to ns with
 * the TSC rate measured against CLOCK_MONOTONIC. Each round measures every
 * (set, method) pair once, after an untimed warm-up pass; the medians over
 * ROUNDS rounds (default 5) of the per-round median and p99 are reported.
 * The warm-up pass also checks that every method finds the same function
 * for every address.
 *
 * Sizes are read from the table headers. For delta, the bytes of DATA that
 * hold location ranges are found by re-encoding each parameter and range
 * that paraminfo_param() and paraminfo_loc() return with the rules in
 * <linux/paraminfo_format.h>: the range stream is bit-packed.
 *
 * Results go to stdout as a table; DATAFILE (default bench.dat) gets one
 * line per method for gnuplot.
 */
#define _GNU_SOURCE
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <linux/kernel.h>
#include <linux/paraminfo.h>

#include "bench_load.h"

enum { M_REF, M_FLAT, M_POOL, M_DELTA, M_NR };
enum { S_INSIDE, S_RANGE, S_PRINTER, S_NR };

static const char *const method_name[M_NR] = {
	"bsearch", "flat", "pool", "delta"
};
static const char *const set_name[S_NR] = { "inside", "range", "printer" };

static const struct paraminfo_decoder *const decoders[M_NR] = {
	NULL, &paraminfo_decoder_flat, &paraminfo_decoder_pool,
	&paraminfo_decoder_delta,
};

static const char *const sect_names[M_NR][PARAMINFO_MAX_SECTIONS] = {
	[M_FLAT] = { "ADDRS", "FUNCS", "PARAMS", "LOCS", "STRINGS" },
	[M_POOL] = { "ADDRS", "FUNCS", "NAMES", "TYPES", "SIGS", "HASH" },
	[M_DELTA] = { "INDEX", "PAGES", "DATA", "PROTOS", "PROTOIDX",
		      "STRIDX", "STRINGS" },
};

static const unsigned int sect_count[M_NR] = {
	0, PARAMINFO_FLAT_NR, PARAMINFO_POOL_NR, PARAMINFO_DELTA_NR
};

struct result {
	double med[S_NR];	/* ns, median over rounds */
	double p99[S_NR];
	double lo[S_NR];	/* smallest and largest per-round median */
	double hi[S_NR];
	double mean[S_NR];	/* ns, mean of the timed samples */
};

static struct paraminfo_table tables[M_NR];
static u32 *starts;		/* sorted function starts - text_base */
static u32 nfuncs;
static u64 text_base;
static u64 *addrs[S_NR];
static u32 nlookups = 200000;
static double tsc_ghz;
static double tsc_tick;		/* cycles the TSC advances by at once */

static void die(const char *msg)
{
	fprintf(stderr, "bench: %s\n", msg);
	exit(1);
}

static inline u64 tsc_begin(void)
{
	u32 lo, hi;

	asm volatile("lfence\n\trdtsc\n\tlfence" : "=a"(lo), "=d"(hi) : : "memory");
	return (u64)hi << 32 | lo;
}

static inline u64 tsc_end(void)
{
	u32 lo, hi, aux;

	asm volatile("rdtscp\n\tlfence" : "=a"(lo), "=d"(hi), "=c"(aux) : : "memory");
	return (u64)hi << 32 | lo;
}

/* Keep a result alive without a store the compiler could drop. */
static inline void consume(u64 v)
{
	asm volatile("" : : "r"(v) : "memory");
}

static u64 rng_state;

static u64 rng_next(void)
{
	u64 z = (rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static u64 now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (u64)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static double calibrate_tsc(void)
{
	struct timespec req = { 0, 200000000 };
	u64 t0 = now_ns(), c0 = tsc_begin(), t1, c1;

	nanosleep(&req, NULL);
	t1 = now_ns();
	c1 = tsc_end();
	return (double)(c1 - c0) / (double)(t1 - t0);
}

static inline u64 tsc_plain(void)
{
	u32 lo, hi;

	asm volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (u64)hi << 32 | lo;
}

/*
 * Some hypervisors (this one included) advance the TSC in steps of many
 * cycles. Estimate the step from back-to-back reads: the mean of the
 * smallest non-zero differences, accepted only when nearly every
 * difference is a whole number of such steps; otherwise the TSC counts
 * single cycles.
 */
static double measure_tick(void)
{
	u64 prev = tsc_plain(), min = ~0ULL, sum = 0, n = 0, d[8192];
	u32 i, whole = 0;
	double w, k;

	for (i = 0; i < ARRAY_SIZE(d); i++) {
		u64 c = tsc_plain();

		d[i] = c - prev;
		prev = c;
		if (d[i] && d[i] < min)
			min = d[i];
	}
	for (i = 0; i < ARRAY_SIZE(d); i++) {
		if (d[i] >= min && d[i] * 2 < min * 3) {
			sum += d[i];
			n++;
		}
	}
	w = n ? (double)sum / n : 1;
	if (w < 2)
		return 1;
	for (i = 0; i < ARRAY_SIZE(d); i++) {
		k = d[i] / w;
		whole += (k - (u64)(k + 0.5)) * w < 1.5 &&
			 (k - (u64)(k + 0.5)) * w > -1.5;
	}
	return whole * 100 >= ARRAY_SIZE(d) * 99 ? w : 1;
}

/*
 * The q-quantile of sorted samples, in cycles. A reading stands for any
 * duration within half a TSC step of it, so the quantile is interpolated
 * inside the run of equal readings it falls in (the median of grouped
 * data); with a one-cycle TSC this is the plain quantile.
 */
static double quantile(const u32 *v, u32 n, double q)
{
	double r = q * n;
	u32 k = r < n ? (u32)r : n - 1, lo = k, hi = k;

	while (lo && v[lo - 1] == v[k])
		lo--;
	while (hi + 1 < n && v[hi + 1] == v[k])
		hi++;
	return v[k] - tsc_tick / 2 + (r - lo) / (hi - lo + 1) * tsc_tick;
}

static void *load(const char *path, size_t *size)
{
	void *buf = pi_bench_load(path, size);

	if (!buf)
		die("cannot read a table");
	return buf;
}

/* The reference: how many starts are <= off. */
static noinline u32 ref_search(const u32 *a, u32 n, u32 off)
{
	u32 lo = 0, hi = n;

	while (lo < hi) {
		u32 mid = lo + (hi - lo) / 2;

		if (a[mid] <= off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The work an oops does for one address; returns something to consume. */
static u64 printer(const struct paraminfo_table *t, u64 addr)
{
	struct paraminfo_func f;
	struct paraminfo_param p;
	struct paraminfo_loc l;
	u64 acc = 0;
	u32 i;

	if (paraminfo_find(t, addr, &f))
		return 0;
	for (i = 0; i < f.nparams; i++) {
		if (paraminfo_param(t, &f, i, &p))
			break;
		/* Printing reads both strings: touch them. */
		acc += p.name[0] + p.type[0];
		if (!paraminfo_loc_at(t, &f, &p, addr - f.addr, &l))
			acc += l.reg + l.off;
	}
	return acc + f.addr;
}

/* One lookup with a decoder, untimed: the index of the function, or -1. */
static long lookup(int m, int s, u64 addr)
{
	struct paraminfo_func f;

	if (paraminfo_find(&tables[m], addr, &f))
		return -1;
	if (s == S_PRINTER)
		consume(printer(&tables[m], addr));
	return f.index;
}

/* Time every address of set @s with method @m into @cyc. */
static void run_timed(int m, int s, u32 *cyc)
{
	const struct paraminfo_table *t = &tables[m];
	const u64 *a = addrs[s];
	struct paraminfo_func f;
	u64 c0, c1;
	u32 i;

	for (i = 0; i < nlookups; i++) {
		if (m == M_REF) {
			c0 = tsc_begin();
			consume(ref_search(starts, nfuncs, a[i] - text_base));
			c1 = tsc_end();
		} else if (s == S_PRINTER) {
			c0 = tsc_begin();
			consume(printer(t, a[i]));
			c1 = tsc_end();
		} else {
			c0 = tsc_begin();
			consume(paraminfo_find(t, a[i], &f));
			c1 = tsc_end();
		}
		cyc[i] = c1 - c0 > U32_MAX ? U32_MAX : c1 - c0;
	}
}

static int cmp_u32(const void *a, const void *b)
{
	u32 x = *(const u32 *)a, y = *(const u32 *)b;

	return x < y ? -1 : x > y;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Median cost of an empty timed region, in cycles. */
static double timer_overhead(u32 *cyc)
{
	u64 c0, c1;
	u32 i;

	for (i = 0; i < nlookups; i++) {
		c0 = tsc_begin();
		c1 = tsc_end();
		cyc[i] = c1 - c0;
	}
	qsort(cyc, nlookups, sizeof(*cyc), cmp_u32);
	return quantile(cyc, nlookups, 0.5);
}

static double ns(double cycles)
{
	return cycles > 0 ? cycles / tsc_ghz : 0;
}

static double median_of(double *v, u32 n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return n & 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static void make_addresses(u64 seed)
{
	struct paraminfo_func f;
	u64 lo = starts[0], hi;
	u32 i, k;
	int s;

	if (paraminfo_func_at(&tables[M_FLAT], nfuncs - 1, &f))
		die("cannot read the last function");
	hi = f.addr - text_base + f.size;
	for (s = 0; s < S_NR; s++) {
		addrs[s] = malloc(nlookups * sizeof(u64));
		if (!addrs[s])
			die("out of memory");
	}
	rng_state = seed;
	for (i = 0; i < nlookups; i++) {
		k = rng_next() % nfuncs;
		if (paraminfo_func_at(&tables[M_FLAT], k, &f))
			die("cannot read a function");
		addrs[S_INSIDE][i] = f.addr + (f.size ? rng_next() % f.size : 0);
		addrs[S_RANGE][i] = text_base + lo + rng_next() % (hi - lo);
	}
	memcpy(addrs[S_PRINTER], addrs[S_INSIDE], nlookups * sizeof(u64));
}

/* Every method must find the same function (or none) for every address. */
static int cross_check(u32 *hits)
{
	int s, m, bad = 0;
	u32 i;

	for (s = 0; s < S_NR; s++) {
		hits[s] = 0;
		for (i = 0; i < nlookups; i++) {
			long want = lookup(M_FLAT, s, addrs[s][i]);

			hits[s] += want >= 0;
			for (m = M_POOL; m < M_NR; m++) {
				if (lookup(m, s, addrs[s][i]) == want)
					continue;
				if (bad++ < 5)
					fprintf(stderr, "bench: %s and flat disagree at 0x%llx\n",
						method_name[m],
						(unsigned long long)addrs[s][i]);
			}
			/* The reference finds the last start <= addr. */
			if (want >= 0 && ref_search(starts, nfuncs, addrs[s][i] -
						    text_base) != (u32)want + 1)
				bad++;
		}
	}
	return bad;
}

static void measure(int rounds, struct result *res, double *ovh_out)
{
	u32 *cyc = malloc(nlookups * sizeof(u32));
	double *med = calloc(rounds, sizeof(double));
	double *p99 = calloc(rounds, sizeof(double));
	double *mean = calloc(rounds, sizeof(double));
	double *all = calloc((size_t)rounds * M_NR * S_NR * 3, sizeof(double));
	double *ovh = calloc(rounds, sizeof(double));
	int r, m, s;
	u32 i;

	if (!cyc || !med || !p99 || !mean || !all || !ovh)
		die("out of memory");
	for (r = 0; r < rounds; r++) {
		double o = timer_overhead(cyc);

		ovh[r] = o;
		for (s = 0; s < S_NR; s++) {
			for (m = 0; m < M_NR; m++) {
				double *out = all + ((size_t)(r * M_NR + m) * S_NR + s) * 3;
				double sum = 0;

				run_timed(m, s, cyc);	/* warm-up */
				run_timed(m, s, cyc);
				for (i = 0; i < nlookups; i++)
					sum += cyc[i];
				qsort(cyc, nlookups, sizeof(*cyc), cmp_u32);
				out[0] = ns(quantile(cyc, nlookups, 0.5) - o);
				out[1] = ns(quantile(cyc, nlookups, 0.99) - o);
				out[2] = ns(sum / nlookups - o);
			}
		}
		fprintf(stderr, "bench: round %d/%d done\n", r + 1, rounds);
	}
	for (m = 0; m < M_NR; m++) {
		for (s = 0; s < S_NR; s++) {
			for (r = 0; r < rounds; r++) {
				double *in = all + ((size_t)(r * M_NR + m) * S_NR + s) * 3;

				med[r] = in[0];
				p99[r] = in[1];
				mean[r] = in[2];
			}
			res[m].med[s] = median_of(med, rounds);
			res[m].lo[s] = med[0];
			res[m].hi[s] = med[rounds - 1];
			res[m].p99[s] = median_of(p99, rounds);
			res[m].mean[s] = median_of(mean, rounds);
		}
	}
	*ovh_out = median_of(ovh, rounds);
	free(cyc);
	free(med);
	free(p99);
	free(mean);
	free(all);
	free(ovh);
}

/* Bits of an order-@k exponential-Golomb number, per paraminfo_format.h. */
static u32 eg_bits(u32 v, u32 k)
{
	u64 q = ((u64)v >> k) + 1;
	u32 z = 63 - __builtin_clzll(q);

	return 2 * z + 1 + k;
}

/*
 * Bits one range of parameter @p costs in delta's range stream; @last is
 * the register of its last range outside reg[0].
 */
static u32 range_bits(const struct paraminfo_param *p,
		      const struct paraminfo_loc *l, u32 prev_to, u32 fsize,
		      u32 *last)
{
	u32 n = 2;

	if (l->reg == p->reg[0])
		n += 1;
	else if (l->reg == *last)
		n += 2;
	else
		n += (*last < PARAMINFO_NR_REGS ? 2 : 1) + PARAMINFO_DELTA_REG_BITS;
	if (l->reg != p->reg[0])
		*last = l->reg;
	if (l->reg == PARAMINFO_LOC_STACK)
		n += eg_bits(l->off, PARAMINFO_DELTA_K_STACK);
	if (l->from != prev_to)
		n += eg_bits(l->from - prev_to - 1, PARAMINFO_DELTA_K_GAP);
	if (l->to != fsize)
		n += eg_bits(l->to - l->from - 1, PARAMINFO_DELTA_K_LEN);
	return n;
}

/*
 * Delta's DATA split: function headers (gap, size, prototype id, stream
 * bytes), each parameter's count-or-why, and the ranges themselves. The
 * range stream is bit-packed, so the parts are found by re-encoding each
 * parameter and range that paraminfo_param() and paraminfo_loc() return
 * with the rules in <linux/paraminfo_format.h>; each function's stream is
 * padded to a byte, and the padding is counted with the ranges.
 */
static void delta_split(u64 *hdr, u64 *counts, u64 *ranges)
{
	const struct paraminfo_table *t = &tables[M_DELTA];
	struct paraminfo_func f;
	struct paraminfo_param p;
	struct paraminfo_loc l;
	u32 data, i, j, k, prev, last;
	u64 cbits, rbits;

	paraminfo_section(t, PARAMINFO_DELTA_DATA, &data);
	*counts = *ranges = 0;
	for (i = 0; i < nfuncs; i++) {
		if (paraminfo_func_at(t, i, &f))
			die("delta: cannot read a function");
		cbits = rbits = 0;
		for (j = 0; j < f.nparams; j++) {
			if (paraminfo_param(t, &f, j, &p))
				die("delta: cannot read a parameter");
			cbits += p.nlocs ? 2 + eg_bits(p.nlocs - 1, 0) :
					   1 + PARAMINFO_DELTA_WHY_BITS;
			last = PARAMINFO_NR_REGS;
			for (k = 0, prev = 0; k < p.nlocs; k++) {
				if (paraminfo_loc(t, &f, &p, k, &l))
					die("delta: cannot read a range");
				rbits += range_bits(&p, &l, prev, f.size, &last);
				prev = l.to;
			}
		}
		*counts += cbits / 8;
		*ranges += (cbits % 8 + rbits + 7) / 8;
	}
	*hdr = data - *counts - *ranges;
}

static void print_sizes(void)
{
	u64 hdr, counts, ranges, total;
	int m;
	u32 s;

	printf("\nSizes (%u functions)\n\n", nfuncs);
	printf("%-8s %-9s %12s %10s %7s\n", "encoding", "section", "bytes",
	       "B/func", "share");
	for (m = M_FLAT; m < M_NR; m++) {
		const struct paraminfo_header *h = tables[m].hdr;
		u64 sum = 0;

		total = h->size;
		for (s = 0; s < sect_count[m]; s++) {
			printf("%-8s %-9s %12u %10.2f %6.1f%%\n", method_name[m],
			       sect_names[m][s], h->sect[s].size,
			       (double)h->sect[s].size / nfuncs,
			       100.0 * h->sect[s].size / total);
			sum += h->sect[s].size;
		}
		/* The unwind rows, the same section in every encoding. */
		s = PARAMINFO_SECT_UNWIND;
		printf("%-8s %-9s %12u %10.2f %6.1f%%\n", method_name[m],
		       "UNWIND", h->sect[s].size,
		       (double)h->sect[s].size / nfuncs,
		       100.0 * h->sect[s].size / total);
		sum += h->sect[s].size;
		printf("%-8s %-9s %12llu %10.2f %6.1f%%\n", method_name[m],
		       "(header)", (unsigned long long)(total - sum),
		       (double)(total - sum) / nfuncs, 100.0 * (total - sum) / total);
		printf("%-8s %-9s %12llu %10.2f %6.1f%%\n\n", method_name[m],
		       "TOTAL", (unsigned long long)total, (double)total / nfuncs,
		       100.0);
	}
	delta_split(&hdr, &counts, &ranges);
	total = tables[M_DELTA].hdr->size;
	printf("delta DATA split (re-encoded from paraminfo_param() and paraminfo_loc())\n");
	printf("  function headers (gap, size, proto id) %10llu %6.2f B/func\n",
	       (unsigned long long)hdr, (double)hdr / nfuncs);
	printf("  per-parameter range count or why       %10llu %6.2f B/func\n",
	       (unsigned long long)counts, (double)counts / nfuncs);
	printf("  range records                          %10llu %6.2f B/func\n",
	       (unsigned long long)ranges, (double)ranges / nfuncs);
	printf("  location ranges (count/why + records)  %10llu %6.2f B/func\n",
	       (unsigned long long)(counts + ranges),
	       (double)(counts + ranges) / nfuncs);
	printf("  everything else in the table           %10llu %6.2f B/func\n",
	       (unsigned long long)(total - counts - ranges),
	       (double)(total - counts - ranges) / nfuncs);
	fflush(stdout);
}

static void print_times(const struct result *res, double ovh, int rounds,
			const u32 *hits)
{
	int m, s;

	printf("\nLookup latency, ns (median of %d rounds of %u lookups; timer overhead %.1f cycles subtracted; TSC step %.1f cycles)\n",
	       rounds, nlookups, ovh, tsc_tick);
	printf("hits: inside %u/%u, range %u/%u\n\n", hits[S_INSIDE], nlookups,
	       hits[S_RANGE], nlookups);
	printf("%-8s %7s", "method", "B/func");
	for (s = 0; s < S_NR; s++)
		printf(" | %-8s %6s %6s %6s", set_name[s], "median", "p99", "ratio");
	printf("\n");
	for (m = 0; m < M_NR; m++) {
		double bpf = m == M_REF ? 4.0 : (double)tables[m].hdr->size / nfuncs;

		printf("%-8s %7.2f", method_name[m], bpf);
		for (s = 0; s < S_NR; s++) {
			/* Ratios are to the reference on the same addresses. */
			int rs = s == S_PRINTER ? S_INSIDE : s;

			printf(" | %-8s %6.1f %6.1f %5.2fx", "", res[m].med[s],
			       res[m].p99[s], res[m].med[s] / res[M_REF].med[rs]);
		}
		printf("\n");
	}
	printf("\nNoise: smallest-largest per-round median, and mean of all samples, ns\n");
	for (m = 0; m < M_NR; m++) {
		printf("%-8s", method_name[m]);
		for (s = 0; s < S_NR; s++)
			printf("  %-8s %6.1f-%-6.1f mean %6.1f", set_name[s],
			       res[m].lo[s], res[m].hi[s], res[m].mean[s]);
		printf("\n");
	}
}

static void write_data(const char *path, const struct result *res)
{
	FILE *f = fopen(path, "w");
	int m, s;

	if (!f)
		die("cannot write the data file");
	fprintf(f, "# method bytes_per_func");
	for (s = 0; s < S_NR; s++)
		fprintf(f, " %s_median_ns %s_p99_ns", set_name[s], set_name[s]);
	fprintf(f, "\n");
	for (m = 0; m < M_NR; m++) {
		fprintf(f, "%s %.3f", method_name[m],
			m == M_REF ? 4.0 : (double)tables[m].hdr->size / nfuncs);
		for (s = 0; s < S_NR; s++)
			fprintf(f, " %.2f %.2f", res[m].med[s], res[m].p99[s]);
		fprintf(f, "\n");
	}
	fclose(f);
}

static void print_usage(void)
{
	fprintf(stderr,
		"usage: bench [-n LOOKUPS] [-r ROUNDS] [-s SEED] [-o DATAFILE] FLAT POOL DELTA\n");
	exit(2);
}

/**
 * main() - measure the three encodings' tables and print the results
 * @argc: argument count
 * @argv: options, then the flat, pool and delta tables of one vmlinux
 *
 * Return: 0, or 1 when a table is unreadable or the encodings disagree.
 */
int main(int argc, char **argv)
{
	const char *out = "bench.dat";
	struct result res[M_NR];
	u64 seed = 0x5eed;
	u32 hits[S_NR];
	double ovh;
	int rounds = 5, opt, m, bad;
	cpu_set_t set;
	u32 i;

	while ((opt = getopt(argc, argv, "n:r:s:o:")) != -1) {
		switch (opt) {
		case 'n':
			nlookups = strtoul(optarg, NULL, 0);
			break;
		case 'r':
			rounds = atoi(optarg);
			break;
		case 's':
			seed = strtoull(optarg, NULL, 0);
			break;
		case 'o':
			out = optarg;
			break;
		default:
			print_usage();
		}
	}
	if (argc - optind != 3 || nlookups < 100 || rounds < 1)
		print_usage();
	for (m = M_FLAT; m < M_NR; m++) {
		size_t size;
		void *data = load(argv[optind + m - 1], &size);

		if (paraminfo_table_init(&tables[m], data, size, decoders[m]))
			die("a table is invalid or of the wrong encoding");
	}
	nfuncs = tables[M_FLAT].nfuncs;
	text_base = tables[M_FLAT].text_base;
	if (!nfuncs || tables[M_POOL].nfuncs != nfuncs ||
	    tables[M_DELTA].nfuncs != nfuncs ||
	    tables[M_POOL].text_base != text_base ||
	    tables[M_DELTA].text_base != text_base)
		die("the tables are not of the same vmlinux");
	starts = malloc(nfuncs * sizeof(u32));
	if (!starts)
		die("out of memory");
	for (i = 0; i < nfuncs; i++) {
		struct paraminfo_func f;

		if (paraminfo_func_at(&tables[M_FLAT], i, &f))
			die("cannot read a function");
		starts[i] = f.addr - text_base;
	}

	/* Stay on one CPU so that every sample reads the same TSC. */
	CPU_ZERO(&set);
	CPU_SET(sched_getcpu(), &set);
	sched_setaffinity(0, sizeof(set), &set);

	make_addresses(seed);
	bad = cross_check(hits);
	if (bad)
		fprintf(stderr, "bench: %d disagreements between methods\n", bad);
	tsc_ghz = calibrate_tsc();
	tsc_tick = measure_tick();
	printf("paraminfo encodings: %u functions, %u lookups per set, seed 0x%llx, %d rounds, TSC %.3f GHz, CPU %d\n",
	       nfuncs, nlookups, (unsigned long long)seed, rounds, tsc_ghz,
	       sched_getcpu());
	measure(rounds, res, &ovh);
	print_times(res, ovh, rounds, hits);
	print_sizes();
	write_data(out, res);
	return bad ? 1 : 0;
}
