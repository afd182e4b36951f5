/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A table file read into memory as the kernel holds a table: 64-byte
 * aligned, for bench.c and bench_callers.c.
 */
#ifndef PI_BENCH_LOAD_H
#define PI_BENCH_LOAD_H

#include <stdio.h>
#include <stdlib.h>

/* The bytes of @path, their count in *@size; NULL when it cannot be read. */
static inline void *pi_bench_load(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	void *buf = NULL;
	long len;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END))
		goto out;
	len = ftell(f);
	if (len <= 0 || fseek(f, 0, SEEK_SET))
		goto out;
	buf = aligned_alloc(64, ((size_t)len + 63) & ~(size_t)63);
	if (buf && fread(buf, 1, len, f) != (size_t)len) {
		free(buf);
		buf = NULL;
	}
	*size = len;
out:
	fclose(f);
	return buf;
}

#endif /* PI_BENCH_LOAD_H */
