// SPDX-License-Identifier: GPL-2.0
/*
 * gen_paraminfo helpers: fatal errors, checked allocation, a u64 -> pointer
 * map and a string interning table.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

const char *pi_progname = "gen_paraminfo";
const char *pi_input = "";
struct pi_catch *pi_catcher;

/**
 * pi_die() - report a fatal error and exit with status 1
 * @fmt: printf-style message, without trailing newline
 *
 * The message is prefixed by the program and input file names, as
 * scripts/kallsyms.c and scripts/sorttable.c do. While pi_catcher is set,
 * the message goes to its msg instead and pi_die() longjmp()s to its env:
 * what the failed reader allocated is the catcher's to release.
 */
_Noreturn void pi_die(const char *fmt, ...)
{
	struct pi_catch *c = pi_catcher;
	va_list ap;

	if (c) {
		pi_catcher = NULL;
		va_start(ap, fmt);
		vsnprintf(c->msg, sizeof(c->msg), fmt, ap);
		va_end(ap);
		longjmp(c->env, 1);
	}
	fprintf(stderr, "%s: %s: ", pi_progname, pi_input);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

/**
 * pi_alloc() - allocate zeroed memory or die
 * @size: number of bytes
 *
 * Return: a zeroed buffer, never NULL.
 */
void *pi_alloc(size_t size)
{
	void *p = calloc(1, size ? size : 1);

	if (!p)
		pi_die("out of memory");
	return p;
}

/**
 * pi_realloc() - resize an array or die
 * @ptr: current array (may be NULL)
 * @nmemb: new number of elements
 * @size: size of one element
 *
 * Return: the resized array, never NULL.
 */
void *pi_realloc(void *ptr, size_t nmemb, size_t size)
{
	size_t bytes;
	void *p;

	if (size && nmemb > SIZE_MAX / size)
		pi_die("out of memory");
	bytes = nmemb * size;
	p = realloc(ptr, bytes ? bytes : 1);
	if (!p)
		pi_die("out of memory");
	return p;
}

/**
 * pi_strdup() - duplicate a string or die
 * @s: string to copy
 *
 * Return: a malloc()ed copy.
 */
char *pi_strdup(const char *s)
{
	char *p = strdup(s);

	if (!p)
		pi_die("out of memory");
	return p;
}

static size_t pi_hash64(uint64_t key)
{
	key ^= key >> 33;
	key *= 0xff51afd7ed558ccdULL;
	key ^= key >> 33;
	return (size_t)key;
}

/*
 * Keys are stored plus one so that an all-zero slot means "empty" and key 0
 * (a legal DIE offset) can still be stored.
 */
static void pi_map_grow(struct pi_map *map)
{
	struct pi_map bigger = { .cap = map->cap ? map->cap * 2 : 1024 };
	size_t i;

	bigger.keys = pi_alloc(bigger.cap * sizeof(*bigger.keys));
	bigger.vals = pi_alloc(bigger.cap * sizeof(*bigger.vals));
	for (i = 0; i < map->cap; i++)
		if (map->keys[i])
			pi_map_put(&bigger, map->keys[i] - 1, map->vals[i]);
	pi_map_free(map);
	*map = bigger;
}

/**
 * pi_map_get() - look a key up
 * @map: the map
 * @key: any 64-bit value except UINT64_MAX
 *
 * Return: the stored pointer, or NULL when the key is absent.
 */
void *pi_map_get(const struct pi_map *map, uint64_t key)
{
	size_t i;

	if (!map->cap)
		return NULL;
	for (i = pi_hash64(key) & (map->cap - 1); map->keys[i];
	     i = (i + 1) & (map->cap - 1))
		if (map->keys[i] == key + 1)
			return map->vals[i];
	return NULL;
}

/**
 * pi_map_put() - insert or replace a key
 * @map: the map
 * @key: any 64-bit value except UINT64_MAX
 * @val: the pointer to store
 */
void pi_map_put(struct pi_map *map, uint64_t key, void *val)
{
	size_t i;

	if ((map->used + 1) * 2 > map->cap)
		pi_map_grow(map);
	for (i = pi_hash64(key) & (map->cap - 1); map->keys[i];
	     i = (i + 1) & (map->cap - 1)) {
		if (map->keys[i] == key + 1) {
			map->vals[i] = val;
			return;
		}
	}
	map->keys[i] = key + 1;
	map->vals[i] = val;
	map->used++;
}

/**
 * pi_map_free() - release a map's slots (not the stored pointers)
 * @map: the map
 */
void pi_map_free(struct pi_map *map)
{
	free(map->keys);
	free(map->vals);
	map->keys = NULL;
	map->vals = NULL;
	map->cap = 0;
	map->used = 0;
}

static struct pi_map pi_strings;

static uint64_t pi_hash_str(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 0x100000001b3ULL;
	return h;
}

/**
 * pi_intern() - return the canonical copy of a string
 * @s: the string
 *
 * Equal strings give the same pointer, so the model can compare names and
 * types by pointer. Hash collisions are chained through a small list kept
 * in the map value.
 *
 * Return: a pointer valid until pi_intern_free().
 */
const char *pi_intern(const char *s)
{
	uint64_t h = pi_hash_str(s);
	char **chain = pi_map_get(&pi_strings, h);
	size_t n = 0;

	/* A chain is a NULL-terminated array of strings with equal hashes. */
	for (; chain && chain[n]; n++)
		if (!strcmp(chain[n], s))
			return chain[n];
	chain = pi_realloc(chain, n + 2, sizeof(*chain));
	chain[n] = pi_strdup(s);
	chain[n + 1] = NULL;
	pi_map_put(&pi_strings, h, chain);
	return chain[n];
}

/**
 * pi_intern_free() - release every interned string
 */
void pi_intern_free(void)
{
	size_t i, j;

	for (i = 0; i < pi_strings.cap; i++) {
		char **chain = pi_strings.vals[i];

		for (j = 0; pi_strings.keys[i] && chain[j]; j++)
			free(chain[j]);
		if (pi_strings.keys[i])
			free(chain);
	}
	pi_map_free(&pi_strings);
}

/**
 * pi_lower_bound() - binary search over records sorted by a u64 key
 * @base: the first record
 * @n: how many records
 * @size: bytes per record
 * @off: offset of the u64 key in a record
 * @key: the key looked for
 *
 * Return: the index of the first record whose key is not below @key, @n
 * when there is none.
 */
size_t pi_lower_bound(const void *base, size_t n, size_t size, size_t off,
		      uint64_t key)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		uint64_t k;

		memcpy(&k, (const char *)base + mid * size + off, sizeof(k));
		if (k < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/**
 * pi_u64_cmp() - qsort() and bsearch() order of uint64_t values
 * @a: one value
 * @b: the other
 *
 * Return: <0, 0 or >0 as *@a is below, equal to or above *@b.
 */
int pi_u64_cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}
