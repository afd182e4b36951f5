// SPDX-License-Identifier: GPL-2.0
/*
 * paraminfo_test: the debugfs dumps, /sys/kernel/debug/paraminfo/dump and
 * a module's, read as the JSON Lines of gen_paraminfo --dump: every line
 * must parse, and the test functions' parameter types are kept.
 */
#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../kselftest.h"
#include "paraminfo_test.h"

static void pi_json_ws(const char **s)
{
	while (**s == ' ' || **s == '\t' || **s == '\r' || **s == '\n')
		(*s)++;
}

/* A JSON string into @out (truncated to @n bytes, NUL-terminated). */
static bool pi_json_str(const char **s, char *out, size_t n)
{
	const char *p = *s;
	size_t len = 0;
	char c;
	int i;

	if (*p++ != '"')
		return false;
	while ((c = *p++) != '"') {
		if ((unsigned char)c < 0x20)
			return false;
		if (c == '\\') {
			c = *p++;
			switch (c) {
			case '"': case '\\': case '/':
				break;
			case 'b':
				c = '\b';
				break;
			case 'f':
				c = '\f';
				break;
			case 'n':
				c = '\n';
				break;
			case 'r':
				c = '\r';
				break;
			case 't':
				c = '\t';
				break;
			case 'u':
				for (i = 0; i < 4; i++)
					if (!isxdigit((unsigned char)*p++))
						return false;
				c = '?';
				break;
			default:
				return false;
			}
		}
		if (out && len + 1 < n)
			out[len++] = c;
	}
	if (out && n)
		out[len] = '\0';
	*s = p;
	return true;
}

static bool pi_json_num(const char **s)
{
	const char *p = *s;

	if (*p == '-')
		p++;
	if (!isdigit((unsigned char)*p))
		return false;
	while (isdigit((unsigned char)*p))
		p++;
	if (*p == '.') {
		p++;
		if (!isdigit((unsigned char)*p))
			return false;
		while (isdigit((unsigned char)*p))
			p++;
	}
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '+' || *p == '-')
			p++;
		if (!isdigit((unsigned char)*p))
			return false;
		while (isdigit((unsigned char)*p))
			p++;
	}
	*s = p;
	return true;
}

static bool pi_json_lit(const char **s, const char *lit)
{
	size_t n = strlen(lit);

	if (strncmp(*s, lit, n))
		return false;
	*s += n;
	return true;
}

/* Any JSON value, checked and skipped. */
static bool pi_json_skip(const char **s, int depth)
{
	char close;

	if (depth > 16)
		return false;
	pi_json_ws(s);
	switch (**s) {
	case '"':
		return pi_json_str(s, NULL, 0);
	case '{':
	case '[':
		close = **s == '{' ? '}' : ']';
		(*s)++;
		pi_json_ws(s);
		if (**s == close) {
			(*s)++;
			return true;
		}
		for (;;) {
			if (close == '}') {
				pi_json_ws(s);
				if (!pi_json_str(s, NULL, 0))
					return false;
				pi_json_ws(s);
				if (*(*s)++ != ':')
					return false;
			}
			if (!pi_json_skip(s, depth + 1))
				return false;
			pi_json_ws(s);
			if (**s == close) {
				(*s)++;
				return true;
			}
			if (*(*s)++ != ',')
				return false;
		}
	case 't':
		return pi_json_lit(s, "true");
	case 'f':
		return pi_json_lit(s, "false");
	case 'n':
		return pi_json_lit(s, "null");
	default:
		return pi_json_num(s);
	}
}

/*
 * The members of a JSON object, one at a time: false at its end (or on
 * an error, which *bad says). The cursor is after the key's colon.
 */
static bool pi_json_member(const char **s, bool *first, char *key,
			   size_t n, bool *bad)
{
	pi_json_ws(s);
	if (**s == '}') {
		(*s)++;
		return false;
	}
	if (!*first && *(*s)++ != ',')
		goto fail;
	*first = false;
	pi_json_ws(s);
	if (!pi_json_str(s, key, n))
		goto fail;
	pi_json_ws(s);
	if (*(*s)++ != ':')
		goto fail;
	pi_json_ws(s);
	return true;
fail:
	*bad = true;
	return false;
}

/* One parameter object: its name and type into @f's slot @i. */
static bool pi_json_param(const char **s, struct pi_func *f, unsigned int i)
{
	char key[32], scratch[PI_TYPELEN];
	bool first = true, bad = false, name = false, type = false;
	bool room = i < PI_MAXPARAMS;

	pi_json_ws(s);
	if (*(*s)++ != '{')
		return false;
	while (pi_json_member(s, &first, key, sizeof(key), &bad)) {
		if (!strcmp(key, "name")) {
			if (!pi_json_str(s, room ? f->pname[i] : scratch,
					 room ? PI_NAMELEN : sizeof(scratch)))
				return false;
			name = true;
		} else if (!strcmp(key, "type")) {
			if (!pi_json_str(s, room ? f->ptype[i] : scratch,
					 sizeof(scratch)))
				return false;
			type = true;
		} else if (!pi_json_skip(s, 1)) {
			return false;
		}
	}
	return !bad && name && type;
}

/* One line of the dump: a function with name, addr, size and params. */
static bool pi_json_func(const char *line, struct pi_func *f)
{
	const char *s = line;
	bool first = true, bad = false;
	unsigned int seen = 0;
	char key[32], addr[32];

	memset(f, 0, sizeof(*f));
	pi_json_ws(&s);
	if (*s++ != '{')
		return false;
	while (pi_json_member(&s, &first, key, sizeof(key), &bad)) {
		if (!strcmp(key, "name")) {
			if (!pi_json_str(&s, f->name, sizeof(f->name)) || !f->name[0])
				return false;
			seen |= 1;
		} else if (!strcmp(key, "addr")) {
			if (!pi_json_str(&s, addr, sizeof(addr)) ||
			    strncmp(addr, "0x", 2) || !addr[2] ||
			    strspn(addr + 2, "0123456789abcdef") != strlen(addr + 2))
				return false;
			seen |= 2;
		} else if (!strcmp(key, "size")) {
			if (!pi_json_num(&s))
				return false;
			seen |= 4;
		} else if (!strcmp(key, "params")) {
			if (*s++ != '[')
				return false;
			pi_json_ws(&s);
			if (*s == ']') {
				s++;
			} else {
				for (;;) {
					if (!pi_json_param(&s, f, f->nparams))
						return false;
					f->nparams++;
					pi_json_ws(&s);
					if (*s == ']') {
						s++;
						break;
					}
					if (*s++ != ',')
						return false;
				}
			}
			seen |= 8;
		} else if (!pi_json_skip(&s, 1)) {
			return false;
		}
	}
	pi_json_ws(&s);
	return !bad && !*s && seen == 15;
}

/*
 * Read a dump file: every line must parse. The test functions go into
 * @index. Returns the number of functions, or -1 (with diagnostics).
 */
long pi_read_dump(const char *tag, const char *path,
		  struct pi_index *index)
{
	static struct pi_func f;
	size_t cap = 0;
	char *line = NULL;
	long n = 0, bad = 0;
	ssize_t len;
	FILE *fp;

	fp = fopen(path, "r");
	if (!fp) {
		ksft_print_msg("%s: cannot open %s: %s\n", tag, path,
			       strerror(errno));
		return -1;
	}
	index->n = 0;
	errno = 0;
	while ((len = getline(&line, &cap, fp)) >= 0) {
		if (len && line[len - 1] == '\n')
			line[--len] = '\0';
		n++;
		if (!pi_json_func(line, &f)) {
			if (!bad++)
				ksft_print_msg("%s: line %ld does not parse: %.200s\n",
					       tag, n, line);
			continue;
		}
		if ((!strncmp(f.name, "pi_test_", 8) ||
		     !strncmp(f.name, "pi_mod_", 7)) && index->n < PI_MAXFUNCS)
			index->f[index->n++] = f;
	}
	if (ferror(fp)) {
		ksft_print_msg("%s: reading %s failed after %ld lines: %s\n",
			       tag, path, n, strerror(errno));
		bad++;
	}
	free(line);
	fclose(fp);
	ksft_print_msg("%s: %ld functions, %ld bad lines, %u test functions\n",
		       tag, n, bad, index->n);
	return bad ? -1 : n;
}

const struct pi_func *pi_lookup(const struct pi_index *index,
				const char *name)
{
	unsigned int i;

	for (i = 0; i < index->n; i++)
		if (!strcmp(index->f[i].name, name))
			return &index->f[i];
	return NULL;
}
