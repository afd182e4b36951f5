// SPDX-License-Identifier: GPL-2.0
/*
 * paraminfo_test: the kernel log. What /dev/kmsg holds of one case, and
 * the lines of its announcement and of its "Function parameters" block.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "paraminfo_test.h"

int pi_kmsg = -1;

void pi_log_free(struct pi_log *log)
{
	while (log->n)
		free(log->line[--log->n]);
}

/* Skip what the log holds so far: the next read is of what comes next. */
void pi_kmsg_skip(void)
{
	lseek(pi_kmsg, 0, SEEK_END);
}

/* A /dev/kmsg record's message, "\xNN" escapes undone, into @out. */
static void pi_kmsg_text(const char *rec, char *out)
{
	const char *p = strchr(rec, ';');
	unsigned int c;

	p = p ? p + 1 : rec;
	while (*p && *p != '\n') {
		if (p[0] == '\\' && p[1] == 'x' && sscanf(p + 2, "%2x", &c) == 1) {
			*out++ = c;
			p += 4;
		} else {
			*out++ = *p++;
		}
	}
	*out = '\0';
}

/*
 * The messages logged since pi_kmsg_skip(), until lib/test_paraminfo.c's
 * "case NAME: done" or the end of the log.
 */
void pi_kmsg_read(const char *name, struct pi_log *log)
{
	static char rec[8192], text[8192];
	char done[128];
	ssize_t len;

	snprintf(done, sizeof(done), "paraminfo_test: case %s: done", name);
	while (log->n < PI_MAXLINES) {
		len = read(pi_kmsg, rec, sizeof(rec) - 1);
		if (len < 0 && errno == EPIPE)	/* overwritten: go on */
			continue;
		if (len <= 0)
			break;
		rec[len] = '\0';
		pi_kmsg_text(rec, text);
		log->line[log->n] = strdup(text);
		if (!log->line[log->n])
			break;
		log->n++;
		if (!strcmp(text, done))
			break;
	}
}

/* ---- one case's block ---- */

/* " name  (type) = rest": false for any other line. */
bool pi_parse_param(const char *line, struct pi_param *p)
{
	const char *eq = strstr(line, " = ");
	const char *open, *close;
	size_t n;

	if (line[0] != ' ' || line[1] == ' ' || !eq)
		return false;
	close = eq;
	while (close > line && close[-1] == ' ')
		close--;
	if (close <= line || close[-1] != ')')
		return false;
	close--;
	n = strcspn(line + 1, " (");
	open = line + 1 + n;
	while (*open == ' ')
		open++;
	if (!n || n >= PI_NAMELEN || *open != '(' || open >= close ||
	    close - open - 1 >= PI_TYPELEN)
		return false;
	memcpy(p->name, line + 1, n);
	p->name[n] = '\0';
	memcpy(p->type, open + 1, close - open - 1);
	p->type[close - open - 1] = '\0';
	p->rest = eq + 3;
	return true;
}

/*
 * "0x<hex>  [reg]" with an optional "  <-- fault address": the hex
 * digits into @hex. False for anything else.
 */
bool pi_parse_value(const char *rest, char *hex, size_t n)
{
	size_t digits;
	const char *p;

	if (strncmp(rest, "0x", 2))
		return false;
	digits = strspn(rest + 2, "0123456789abcdef");
	p = rest + 2 + digits;
	if (!digits || digits >= n || strncmp(p, "  [", 3))
		return false;
	p = strchr(p + 3, ']');
	if (!p || (p[1] && strcmp(p + 1, "  <-- fault address")))
		return false;
	memcpy(hex, rest + 2, digits);
	hex[digits] = '\0';
	return true;
}

/* The case's announcement: "paraminfo_test: case NAME: func=F a=0x..". */
bool pi_parse_case(const char *line, const char *name, char *func,
		   struct pi_arg *args, unsigned int *nargs)
{
	char prefix[128];
	const char *p, *eq;
	size_t n;

	snprintf(prefix, sizeof(prefix), "paraminfo_test: case %s: func=", name);
	if (strncmp(line, prefix, strlen(prefix)))
		return false;
	p = line + strlen(prefix);
	n = strcspn(p, " ");
	if (!n || n >= PI_NAMELEN)
		return false;
	memcpy(func, p, n);
	func[n] = '\0';
	p += n;
	*nargs = 0;
	while (*p == ' ' && *nargs < PI_MAXPARAMS) {
		p++;
		eq = strchr(p, '=');
		n = strcspn(p, " ");
		if (!eq || eq > p + n || eq == p || eq - p >= PI_NAMELEN ||
		    strncmp(eq, "=0x", 3) || p + n - eq - 3 >= 72)
			return false;
		memcpy(args[*nargs].name, p, eq - p);
		args[*nargs].name[eq - p] = '\0';
		memcpy(args[*nargs].hex, eq + 3, p + n - eq - 3);
		args[*nargs].hex[p + n - eq - 3] = '\0';
		(*nargs)++;
		p += n;
	}
	return !*p;
}
