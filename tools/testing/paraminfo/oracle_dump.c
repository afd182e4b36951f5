// SPDX-License-Identifier: GPL-2.0
/*
 * The oracle's reader of gen_paraminfo --dump (and of the harness's
 * decoded dumps): functions, parameters, their ABI slots and ranges.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "oracle.h"

/*
 * A small reader for the dump's JSON: objects nest function (level 1),
 * parameter (level 2, in "params") and location (level 3, in "locs"); each
 * "key": value pair sets the field of the innermost open object.
 */
static char *js_str(const char **pp)
{
	const char *p = *pp + 1;
	char *s = xrealloc(NULL, strlen(p) + 1), *o = s;

	for (; *p && *p != '"'; p++) {
		if (*p == '\\' && p[1])
			p++;	/* escapes do not occur in names or types */
		*o++ = *p;
	}
	*o = '\0';
	*pp = *p ? p + 1 : p;
	return s;
}

/* Where a "key": value pair of each nesting level goes. */
static const struct {
	int level;
	const char *key;
	char how;		/* s: string, x: hex string, n: number, r: register, */
				/* k: stack offset (a number, may be negative) */
	size_t off;
} pi_fields[] = {
	{ 1, "name", 's', offsetof(struct pi_func, name) },
	{ 1, "addr", 'x', offsetof(struct pi_func, addr) },
	{ 1, "size", 'n', offsetof(struct pi_func, size) },
	{ 2, "name", 's', offsetof(struct pi_param, name) },
	{ 2, "type", 's', offsetof(struct pi_param, type) },
	{ 2, "abi", 's', offsetof(struct pi_param, abi_s) },
	{ 3, "from", 'n', offsetof(struct pi_loc, from) },
	{ 3, "to", 'n', offsetof(struct pi_loc, to) },
	{ 3, "reg", 'r', offsetof(struct pi_loc, reg) },
	{ 3, "stack", 'k', offsetof(struct pi_loc, stack) },
};

static void pi_set(struct pi_func *f, int level, const char *key, char *s, unsigned long n)
{
	struct pi_param *p = f->np ? &f->p[f->np - 1] : NULL;
	char *obj = level == 1 ? (char *)f : level == 2 ? (char *)p :
		    p && p->nlocs ? (char *)&p->locs[p->nlocs - 1] : NULL;
	size_t i;

	for (i = 0; obj && i < ARRAY_SIZE(pi_fields); i++) {
		if (pi_fields[i].level != level || strcmp(pi_fields[i].key, key) ||
		    !s != (pi_fields[i].how == 'n' || pi_fields[i].how == 'k'))
			continue;
		if (pi_fields[i].how == 's' && !*(char **)(obj + pi_fields[i].off)) {
			*(char **)(obj + pi_fields[i].off) = s;
			return;
		}
		if (pi_fields[i].how == 'x' || pi_fields[i].how == 'n')
			*(unsigned long *)(obj + pi_fields[i].off) = s ? strtoul(s, NULL, 16) : n;
		if (pi_fields[i].how == 'r')
			*(int *)(obj + pi_fields[i].off) = pi_reg_index(s);
		if (pi_fields[i].how == 'k') {
			*(long *)(obj + pi_fields[i].off) = (long)n;
			((struct pi_loc *)obj)->is_stack = 1;
		}
	}
	free(s);
}

/* Open a nested object: a parameter or a location. */
static int pi_open(struct pi_func *f, int level)
{
	struct pi_param *p = f->np ? &f->p[f->np - 1] : NULL;

	if (level == 2) {
		f->p = xrealloc(f->p, (f->np + 1) * sizeof(*f->p));
		memset(&f->p[f->np++], 0, sizeof(*f->p));
	} else if (level == 3 && p) {
		p->locs = xrealloc(p->locs, (p->nlocs + 1) * sizeof(*p->locs));
		p->locs[p->nlocs++] = (struct pi_loc){ 0, 0, -1, 0, 0 };
	}
	return level >= 1 && level <= 3 && (level != 3 || f->np);
}

static int pi_parse_line(struct pi_func *f, const char *p)
{
	char key[32] = "", *s;
	unsigned long n;
	int level = 0, i;

	while (*p) {
		if (*p == '{' && !pi_open(f, ++level))
			return -1;
		if (*p == '}' && --level < 0)
			return -1;
		if (*p != '"' && !isdigit((unsigned char)*p) &&
		    !(*p == '-' && isdigit((unsigned char)p[1]))) {
			p++;
			continue;
		}
		s = *p == '"' ? js_str(&p) : NULL;
		n = s ? 0 : strtoul(p, (char **)&p, 0);
		while (isspace((unsigned char)*p))
			p++;
		if (s && *p == ':') {
			snprintf(key, sizeof(key), "%s", s);
			free(s);
			continue;
		}
		pi_set(f, level, key, s, n);
	}
	for (i = 0; i < f->np; i++)
		if (!f->p[i].name || !f->p[i].type || !f->p[i].abi_s)
			return -1;
	return level || !f->name || !f->addr ? -1 : 0;
}

/* Sizes the oracle knows for certain; anything else is not compared. */
static const char * const pi_sizes[9] = {
	[1] = "|char|signed char|unsigned char|u8|s8|__u8|__s8|uint8_t|int8_t|",
	[2] = "|short int|short unsigned int|u16|s16|__u16|__s16|uint16_t|int16_t|",
	[4] = "|int|unsigned int|u32|s32|__u32|__s32|uint32_t|int32_t|gfp_t|pid_t|",
	[8] = "|long int|long unsigned int|long long int|long long unsigned int|size_t|ssize_t|ptrdiff_t|uintptr_t|loff_t|u64|s64|__u64|__s64|uint64_t|int64_t|",
};

static enum pi_kind pi_classify(const char *type, int *size)
{
	char buf[256], t[256] = "", bar[260], *w, *save;
	size_t n;
	int i;

	snprintf(buf, sizeof(buf), "%s", type);	/* drop qualifiers */
	for (w = strtok_r(buf, " ", &save); w; w = strtok_r(NULL, " ", &save))
		if (strcmp(w, "const") && strcmp(w, "volatile") && strcmp(w, "restrict"))
			snprintf(t + strlen(t), sizeof(t) - strlen(t), "%s%s", *t ? " " : "", w);
	snprintf(bar, sizeof(bar), "|%s|", t);
	n = strlen(t);
	*size = 8;
	if (strstr(t, "(*)("))
		return K_FPTR;
	if ((n && t[n - 1] == '*') || strstr(t, "(*)"))
		return K_PTR;
	*size = 1;
	if (!strcmp(t, "_Bool") || !strcmp(t, "bool"))
		return K_BOOL;
	for (i = 1; i < 9 && !(pi_sizes[i] && strstr(pi_sizes[i], bar)); i++)
		;
	*size = i < 9 ? i : !strncmp(t, "enum ", 5) ? 4 : 0;
	if (*size)
		return K_INT;
	if (!strcmp(t, "__int128") || !strcmp(t, "__int128 unsigned") ||
	    !strcmp(t, "long double"))
		return K_WIDE;
	if (!strcmp(t, "float") || !strcmp(t, "double"))
		return K_FP;
	return !strncmp(t, "struct ", 7) || !strncmp(t, "union ", 6) ? K_AGG : K_UNKNOWN;
}

/* Map the abi string ("rdi", "rdi+rsi", "rdi+xmm", "stack", ...). */
static void pi_parse_abi(struct pi_param *p)
{
	char a[64], *b;

	snprintf(a, sizeof(a), "%s", p->abi_s);
	b = strchr(a, '+');
	if (b)
		*b++ = '\0';
	p->reg[0] = pi_reg_index(a) < 6 ? pi_reg_index(a) : -1;
	p->reg[1] = b && pi_reg_index(b) < 6 ? pi_reg_index(b) : -1;
	if (p->reg[0] >= 0)
		p->abi = !b ? ABI_REG : p->reg[1] >= 0 ? ABI_REG2 :
			 !strcmp(b, "xmm") ? ABI_REGXMM : ABI_BAD;
	else if (!strcmp(a, "xmm") && (!b || !strcmp(b, "xmm")))
		p->abi = ABI_XMM;
	else
		p->abi = b ? ABI_BAD : !strcmp(a, "stack") ? ABI_STACK :
			 !strcmp(a, "none") ? ABI_NONE :
			 !strcmp(a, "unknown") ? ABI_UNKNOWN : ABI_BAD;
}

int pi_read_dump(const char *path)
{
	FILE *fp = fopen(path, "r");
	char *line = NULL, *uw;
	size_t cap = 0;
	struct pi_func *f;
	int i, lineno = 0, err = 0;

	if (!fp) {
		fprintf(stderr, "oracle: %s: %s\n", path, strerror(errno));
		return -1;
	}
	while (!err && getline(&line, &cap, fp) > 0) {
		lineno++;
		if (!strchr(line, '{'))
			continue;
		funcs = xrealloc(funcs, (nfuncs + 1) * sizeof(*funcs));
		f = &funcs[nfuncs++];
		memset(f, 0, sizeof(*f));
		uw = strstr(line, ",\"unwind\":");	/* the last key: rows */
		if (uw) {
			err = pi_parse_unwind(f, uw + 10);
			memcpy(uw, "}", 2);
		}
		err = err ? err : pi_parse_line(f, line);
		if (err)
			fprintf(stderr, "oracle: %s:%d: not a dump line\n", path, lineno);
		for (i = 0; !err && i < f->np; i++) {
			f->p[i].kind = pi_classify(f->p[i].type, &f->p[i].size);
			pi_parse_abi(&f->p[i]);
		}
		if (!err && !strcmp(f->name, "main"))	/* where the tracee stops */
			pi_main_addr = f->addr;
	}
	if (!err && !pi_main_addr)
		fprintf(stderr, "oracle: %s: no main() in the dump\n", path);
	free(line);
	fclose(fp);
	return err || !pi_main_addr;
}
