/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Small helpers shared by every part of gen_paraminfo: fatal errors in the
 * "progname: file: message" form, checked allocation, and an open-addressing
 * map from 64-bit keys to pointers (used to memoise per-DIE results).
 */
#ifndef PI_UTIL_H
#define PI_UTIL_H

#include <stddef.h>
#include <stdint.h>

extern const char *pi_progname;
extern const char *pi_input;

void pi_die(const char *fmt, ...)
	__attribute__((format(printf, 1, 2), noreturn));
void *pi_alloc(size_t size);
void *pi_realloc(void *ptr, size_t nmemb, size_t size);
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

const char *pi_intern(const char *s);
void pi_intern_free(void);

#endif /* PI_UTIL_H */
