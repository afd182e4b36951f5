/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Small helpers shared by every part of gen_paraminfo: fatal errors in the
 * "progname: file: message" form, checked allocation, and an open-addressing
 * map from 64-bit keys to pointers (used to memoise per-DIE results).
 */
#ifndef PI_UTIL_H
#define PI_UTIL_H

#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>

/* The build passes -D__printf(a,b)=... as the kernel's compiler.h would. */
#ifndef __printf
#define __printf(a, b)
#endif
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

extern const char *pi_progname;
extern const char *pi_input;

/*
 * Where pi_die() goes instead of exiting, while a caller reads an input
 * whose failure it can survive (decode_oops and a module of the log).
 */
struct pi_catch {
	jmp_buf env;
	char msg[256];
};

extern struct pi_catch *pi_catcher;

_Noreturn void __printf(1, 2) pi_die(const char *fmt, ...);
void *pi_alloc(size_t size);
void *pi_realloc(void *ptr, size_t nmemb, size_t size);
int pi_u64_cmp(const void *a, const void *b);
char *pi_strdup(const char *s);

struct pi_map {
	uint64_t *keys;
	void **vals;
	size_t cap;
	size_t used;
};

void *pi_map_get(const struct pi_map *map, uint64_t key);
void pi_map_put(struct pi_map *map, uint64_t key, void *val);
void pi_map_free(struct pi_map *map);

size_t pi_lower_bound(const void *base, size_t n, size_t size, size_t off,
		      uint64_t key);

const char *pi_intern(const char *s);
void pi_intern_free(void);

#endif /* PI_UTIL_H */
