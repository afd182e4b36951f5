// SPDX-License-Identifier: GPL-2.0
/*
 * paraminfo_test - paraminfo (CONFIG_KALLSYMS_PARAMINFO) in the running kernel
 *
 * Checks, as KTAP:
 *
 *  - /sys/kernel/debug/paraminfo/dump, the kernel's table decoded, exists
 *    and every line of it parses as gen_paraminfo --dump's JSON Lines;
 *  - each WARN case of lib/test_paraminfo.c (a write to its file in
 *    /sys/kernel/debug/paraminfo_test/): the kernel log (/dev/kmsg) has
 *    one "Function parameters" block for the function the case announces,
 *    with the announced parameter names and the table's types; every value
 *    it prints (from a register or a stack slot) equals the argument the
 *    case announced, masked to the parameter's size; what the case is for
 *    (values that must print, the parameters passed on the stack) on
 *    x86-64 and arm64;
 *  - test_paraminfo_mod.ko, when there is one: its init's WARN, its own
 *    table's dump in /sys/kernel/debug/paraminfo/modules/, its WARN cases;
 *    then it is unloaded again (if this test loaded it).
 *
 * Never the oops cases: an oops would kill the test runner.
 *
 * Exits 4 (KSFT_SKIP) on a kernel without paraminfo, when not run as root,
 * and when neither test module is there (the dump is still checked).
 * Each case WARNs, which taints the kernel (W); with panic_on_warn set, no
 * case is run.
 *
 *   paraminfo_test [-m PATH/test_paraminfo_mod.ko]
 *
 * Without -m the module is loaded with modprobe. The kselftest runner
 * passes KSELFTEST_PARAMINFO_TEST_ARGS as arguments.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "../kselftest.h"

#define PI_DEBUGFS	"/sys/kernel/debug"
#define PI_DIR		PI_DEBUGFS "/paraminfo"
#define PI_DUMP		PI_DIR "/dump"
#define PI_MODDUMP	PI_DIR "/modules/test_paraminfo_mod"
#define PI_CASES	PI_DEBUGFS "/paraminfo_test"
#define PI_MODCASES	PI_DEBUGFS "/paraminfo_test_mod"
#define PI_MODNAME	"test_paraminfo_mod"

/*
 * What a case is for, beyond "every value printed is the argument":
 * parameters that must print a value, and those that must print
 * <passed on the stack>. Only for the architectures whose code generation
 * tools/testing/paraminfo/e2e/check_e2e.py pins down the same way.
 */
#if defined(__x86_64__)
#define PI_KNOWN_ARCH	1
#define PI_SEVEN_VALUES	"a b c d e f"
#define PI_SEVEN_STACK	"seven"
#define PI_MANY_VALUES	"a b c d e f"
#define PI_MANY_STACK	"g h i j"
#define PI_BIG_STACK	"big"
#define PI_SPILL_VALUES	"a b c d e f"
#elif defined(__aarch64__)
#define PI_KNOWN_ARCH	1
#define PI_SEVEN_VALUES	"a b c d e f seven"
#define PI_SEVEN_STACK	NULL
#define PI_MANY_VALUES	"a b c d e f g h"
#define PI_MANY_STACK	"i j"
#define PI_BIG_STACK	NULL
#define PI_SPILL_VALUES	"a b c d e f"
#else
#define PI_KNOWN_ARCH	0
#define PI_SEVEN_VALUES	NULL
#define PI_SEVEN_STACK	NULL
#define PI_MANY_VALUES	NULL
#define PI_MANY_STACK	NULL
#define PI_BIG_STACK	NULL
#define PI_SPILL_VALUES	NULL
#endif

struct pi_case {
	const char *name;	/* the debugfs file and the log's case name */
	const char *values;	/* parameters that must print a value */
	const char *stack;	/* ... that must print <passed on the stack> */
	bool none;		/* the function has no parameters */
};

/* lib/test_paraminfo.c's WARN cases, in e2e/init's order. */
static const struct pi_case pi_cases[] = {
	{ .name = "entry", .values = "a b c d e p" },
	{ .name = "callee_saved", .values = "a b c" },
	{ .name = "unused", .values = "c" },
	{ .name = "struct_arg", .values = "z" },
	{ .name = "seven", .values = PI_SEVEN_VALUES, .stack = PI_SEVEN_STACK },
	{ .name = "noparams", .none = true },
	{ .name = "clone", .values = "a c" },
	{ .name = "alt" },
	{ .name = "many", .values = PI_MANY_VALUES, .stack = PI_MANY_STACK },
	{ .name = "big", .values = "after", .stack = PI_BIG_STACK },
	{ .name = "spill", .values = PI_SPILL_VALUES },
};

/* test_paraminfo_mod.ko's: its init's WARN, then its files'. */
static const struct pi_case pi_modinit = { .name = "modinit", .values = "a b p" };
static const struct pi_case pi_modcases[] = {
	{ .name = "modwarn", .values = "a b c d p" },
	{ .name = "modclone", .values = "a c" },
};

#define PI_NCASES	ARRAY_SIZE(pi_cases)
#define PI_NMODCASES	ARRAY_SIZE(pi_modcases)
/* The dump, the cases, modinit, the module's dump and its cases. */
#define PI_PLAN		(1 + PI_NCASES + 2 + PI_NMODCASES)

#define PI_MAXPARAMS	16
#define PI_NAMELEN	128
#define PI_TYPELEN	192
#define PI_MAXFUNCS	64

/* A function of the dump: its name and its parameters' names and types. */
struct pi_func {
	char name[PI_NAMELEN];
	unsigned int nparams;
	char pname[PI_MAXPARAMS][PI_NAMELEN];
	char ptype[PI_MAXPARAMS][PI_TYPELEN];
};

/* The test functions of a dump (pi_test_*, pi_mod_*), for their types. */
struct pi_index {
	unsigned int n;
	struct pi_func f[PI_MAXFUNCS];
};

static struct pi_index pi_vmlinux_index, pi_module_index;

/* ---- JSON Lines of gen_paraminfo --dump ---- */

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
static long pi_read_dump(const char *tag, const char *path,
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

static const struct pi_func *pi_lookup(const struct pi_index *index,
				       const char *name)
{
	unsigned int i;

	for (i = 0; i < index->n; i++)
		if (!strcmp(index->f[i].name, name))
			return &index->f[i];
	return NULL;
}

/* ---- the kernel log ---- */

#define PI_MAXLINES	4096

/* The messages logged during one case. */
struct pi_log {
	unsigned int n;
	char *line[PI_MAXLINES];
};

static int pi_kmsg = -1;

static void pi_log_free(struct pi_log *log)
{
	while (log->n)
		free(log->line[--log->n]);
}

/* Skip what the log holds so far: the next read is of what comes next. */
static void pi_kmsg_skip(void)
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
static void pi_kmsg_read(const char *name, struct pi_log *log)
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

/* An argument the case announced: "name=0x<hex>". */
struct pi_arg {
	char name[PI_NAMELEN];
	char hex[72];
};

struct pi_param {
	char name[PI_NAMELEN];
	char type[PI_TYPELEN];
	const char *rest;	/* after " = " in the log line */
};

/* Is @name one of the space-separated words of @list? */
static bool pi_in_list(const char *list, const char *name)
{
	size_t n = strlen(name);
	const char *p = list;

	while (p && *p) {
		if (!strncmp(p, name, n) && (p[n] == ' ' || !p[n]))
			return true;
		p = strchr(p, ' ');
		if (p)
			p++;
	}
	return false;
}

/* " name  (type) = rest": false for any other line. */
static bool pi_parse_param(const char *line, struct pi_param *p)
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
static bool pi_parse_value(const char *rest, char *hex, size_t n)
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
static bool pi_parse_case(const char *line, const char *name, char *func,
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

static const char *pi_arg_hex(const struct pi_arg *args, unsigned int nargs,
			      const char *name)
{
	unsigned int i;

	for (i = 0; i < nargs; i++)
		if (!strcmp(args[i].name, name))
			return args[i].hex;
	return NULL;
}

/* What is wrong with the case being checked, as diagnostics, and how much. */
static const char *pi_case_name;
static unsigned int pi_problems;

#define pi_problem(fmt, ...) do {					\
		ksft_print_msg("%s: " fmt "\n", pi_case_name, ##__VA_ARGS__); \
		pi_problems++;						\
	} while (0)

/*
 * Check the log of case @c: reports the KTAP result. @mod is the module's
 * name when the case's function is a module's; @index the dump's test
 * functions, for their types.
 */
static void pi_check_block(const struct pi_case *c, const struct pi_log *log,
			   const char *mod, const struct pi_index *index)
{
	static struct pi_arg args[PI_MAXPARAMS];
	static struct pi_param params[PI_MAXPARAMS];
	char func[PI_NAMELEN], sym[PI_NAMELEN], hex[80], suffix[PI_NAMELEN + 8];
	unsigned int i, j, nargs = 0, nparams = 0, values = 0;
	unsigned int blocks = 0;
	const struct pi_func *df;
	const char *hdr = NULL, *p, *want;
	bool announced = false, warned = false, none = false, done = false;
	bool clone;
	size_t n;

	pi_problems = 0;
	pi_case_name = c->name;
	for (i = 0; i < log->n; i++) {
		const char *l = log->line[i];

		if (!announced) {
			announced = pi_parse_case(l, c->name, func, args, &nargs);
			continue;
		}
		if (!strncmp(l, "WARNING: ", 9))
			warned = true;
		if (strncmp(l, "Function parameters", 19))
			continue;
		if (blocks++)
			continue;
		hdr = l;
		ksft_print_msg("%s: %s\n", c->name, l);
		for (j = i + 1; j < log->n && nparams < PI_MAXPARAMS; j++) {
			if (!pi_parse_param(log->line[j], &params[nparams]))
				break;
			ksft_print_msg("%s: %s\n", c->name, log->line[j]);
			nparams++;
		}
	}
	if (log->n) {
		char end[128];

		snprintf(end, sizeof(end), "paraminfo_test: case %s: done", c->name);
		done = !strcmp(log->line[log->n - 1], end);
	}
	if (!announced) {
		pi_problem("no \"paraminfo_test: case %s: func=...\" line in the log",
			c->name);
		goto out;
	}
	if (!done)
		pi_problem("no \"paraminfo_test: case %s: done\" line in the log", c->name);
	if (!hdr) {
		pi_problem("no \"Function parameters\" block (%s)",
			warned ? "the WARNING was printed" : "and no WARNING either");
		goto out;
	}
	if (blocks != 1)
		pi_problem("%u \"Function parameters\" blocks, not one", blocks);

	/* "Function parameters (SYM+0xOFF/0xSIZE[ [mod]][, interrupted]):" */
	if (strncmp(hdr, "Function parameters (", 21)) {
		pi_problem("not a block's header: %s", hdr);
		goto out;
	}
	p = hdr + 21;
	n = strcspn(p, "+");
	if (!n || n >= sizeof(sym) || !strstr(p, "):")) {
		pi_problem("cannot read the header: %s", hdr);
		goto out;
	}
	memcpy(sym, p, n);
	sym[n] = '\0';
	if (strncmp(sym, func, strlen(func)) ||
	    (sym[strlen(func)] && sym[strlen(func)] != '.'))
		pi_problem("the block is for %s, the case called %s", sym, func);
	clone = strchr(sym, '.') != NULL;
	if (mod) {
		snprintf(suffix, sizeof(suffix), " [%s]):", mod);
		if (!strstr(p, suffix))
			pi_problem("the header does not name the module %s", mod);
	}
	if (strstr(p, ", interrupted):"))
		pi_problem("a WARN's block says \"interrupted\"");
	p = strstr(p, "):") + 2;
	if (!strcmp(p, " none")) {
		none = true;
	} else if (*p) {
		pi_problem("the header ends in \"%s\"", p);
		goto out;
	}
	if (c->none) {
		if (!none || nparams)
			pi_problem("a function without parameters does not print \"none\"");
		if (nargs)
			pi_problem("the case announced arguments");
		goto out;
	}
	if (none) {
		pi_problem("\"none\" for a function with %u parameters", nargs);
		goto out;
	}

	/* Names: the announced ones, in order (a clone's may drop some). */
	for (i = 0, j = 0; i < nparams; i++) {
		while (j < nargs && strcmp(args[j].name, params[i].name) &&
		       clone)
			j++;
		if (j >= nargs || strcmp(args[j].name, params[i].name)) {
			pi_problem("parameter %u is %s, not the announced %s", i,
				params[i].name, j < nargs ? args[j].name : "-");
			break;
		}
		j++;
	}
	if (!clone && nparams != nargs)
		pi_problem("%u parameters printed, %u announced", nparams, nargs);

	/* Types: the table's, as the dump has them. */
	df = pi_lookup(index, sym);
	if (df && df->nparams != nparams)
		pi_problem("%u parameters printed, the table has %u", nparams,
			df->nparams);
	for (i = 0; df && i < nparams && i < df->nparams; i++)
		if (strcmp(params[i].type, df->ptype[i]))
			pi_problem("%s is (%s), the table says (%s)", params[i].name,
				params[i].type, df->ptype[i]);
	if (!df)
		ksft_print_msg("%s: %s is not in the table's dump\n", c->name, sym);

	/* Values: each one the argument, masked to the parameter's size. */
	for (i = 0; i < nparams; i++) {
		const char *rest = params[i].rest;

		want = pi_arg_hex(args, nargs, params[i].name);
		if (pi_parse_value(rest, hex, sizeof(hex))) {
			values++;
			if (!want)
				pi_problem("%s prints %s, the case announced no value",
					params[i].name, rest);
			else if (strcmp(hex, want))
				pi_problem("WRONG VALUE: %s = 0x%s, the argument is 0x%s",
					params[i].name, hex, want);
			if (strstr(rest, "<-- fault address"))
				pi_problem("%s is marked as the fault address in a WARN",
					params[i].name);
		} else if (!strncmp(rest, "by reference at 0x", 18) ||
			   (rest[0] == '<' && rest[strlen(rest) - 1] == '>')) {
			if (PI_KNOWN_ARCH && pi_in_list(c->values, params[i].name))
				pi_problem("%s prints %s, not its value", params[i].name,
					rest);
		} else {
			pi_problem("%s: cannot read \"%s\"", params[i].name, rest);
		}
		if (PI_KNOWN_ARCH && pi_in_list(c->stack, params[i].name) &&
		    strcmp(rest, "<passed on the stack>"))
			pi_problem("%s prints %s, not <passed on the stack>",
				params[i].name, rest);
	}
	/* Every value the case is for was printed. */
	for (i = 0; PI_KNOWN_ARCH && i < nargs; i++) {
		if (!pi_in_list(c->values, args[i].name))
			continue;
		for (j = 0; j < nparams; j++)
			if (!strcmp(params[j].name, args[i].name))
				break;
		if (j == nparams)
			pi_problem("%s, whose value this case is for, is not printed",
				args[i].name);
	}
out:
	if (c->none && !pi_problems)
		ksft_test_result_pass("%s: %s, none\n", c->name, func);
	else
		ksft_test_result(!pi_problems,
				 "%s: %s, %u of %u parameters with a value%s\n",
				 c->name, announced ? func : "?", values, nparams,
				 pi_problems ? ", wrong: see above" : ", each the argument");
}

/* ---- running the cases ---- */

static bool pi_exists(const char *path)
{
	struct stat st;

	return !stat(path, &st);
}

/* Write to the case's file; the log of what it printed into @log. */
static void pi_trigger(const char *dir, const char *name, struct pi_log *log)
{
	char path[256];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	pi_kmsg_skip();
	fd = open(path, O_WRONLY);
	if (fd < 0 || write(fd, "1", 1) != 1)
		ksft_print_msg("%s: writing %s failed: %s\n", name, path,
			       strerror(errno));
	if (fd >= 0)
		close(fd);
	pi_kmsg_read(name, log);
}

static void pi_run_case(const char *dir, const struct pi_case *c,
			const char *mod, const struct pi_index *index)
{
	static struct pi_log log;
	char path[256];

	snprintf(path, sizeof(path), "%s/%s", dir, c->name);
	if (!pi_exists(path)) {
		ksft_test_result_skip("%s: no %s: the test module predates the case\n",
				      c->name, path);
		return;
	}
	pi_trigger(dir, c->name, &log);
	pi_check_block(c, &log, mod, index);
	pi_log_free(&log);
}

/* Is the file's first character '1'? (panic_on_warn, say) */
static bool pi_sysctl_on(const char *path)
{
	char c = '0';
	int fd = open(path, O_RDONLY);

	if (fd >= 0) {
		if (read(fd, &c, 1) != 1)
			c = '0';
		close(fd);
	}
	return c == '1';
}

/*
 * Load test_paraminfo_mod: from @path, or with modprobe. Its init WARNs:
 * the log of that goes into @log. Returns 0, or -1 (and why, in @why).
 */
static int pi_load_module(const char *path, struct pi_log *log,
			  char *why, size_t n)
{
	int fd, rc;

	pi_kmsg_skip();
	if (path) {
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			snprintf(why, n, "cannot open %s: %s", path, strerror(errno));
			return -1;
		}
		rc = syscall(SYS_finit_module, fd, "", 0);
		if (rc)
			snprintf(why, n, "finit_module(%s): %s", path, strerror(errno));
		close(fd);
	} else {
		rc = system("modprobe -q " PI_MODNAME " 2>/dev/null");
		if (rc || !pi_exists("/sys/module/" PI_MODNAME)) {
			snprintf(why, n, "modprobe %s failed (CONFIG_TEST_PARAMINFO_MODULE=m, or -m PATH)",
				 PI_MODNAME);
			rc = -1;
		}
	}
	if (!rc)
		pi_kmsg_read("modinit", log);
	return rc ? -1 : 0;
}

static void pi_run_module(const char *path, bool can_warn)
{
	static struct pi_log log;
	bool loaded_here = false;
	char why[512] = "";
	unsigned int i;
	long n;

	if (!can_warn) {
		for (i = 0; i < 2 + PI_NMODCASES; i++)
			ksft_test_result_skip("module: panic_on_warn is set\n");
		return;
	}
	if (!pi_exists("/sys/module/" PI_MODNAME)) {
		if (pi_load_module(path, &log, why, sizeof(why))) {
			for (i = 0; i < 2 + PI_NMODCASES; i++)
				ksft_test_result_skip("module: %s\n", why);
			return;
		}
		loaded_here = true;
		pi_check_block(&pi_modinit, &log, PI_MODNAME, &pi_module_index);
		pi_log_free(&log);
	} else {
		ksft_test_result_skip("modinit: %s was loaded before: its init ran then\n",
				      PI_MODNAME);
	}

	n = pi_read_dump("moddump", PI_MODDUMP, &pi_module_index);
	ksft_test_result(n > 0 && pi_lookup(&pi_module_index, "pi_mod_warn"),
			 "moddump: %s parses, pi_mod_warn in it\n", PI_MODDUMP);

	for (i = 0; i < PI_NMODCASES; i++) {
		if (pi_exists(PI_MODCASES))
			pi_run_case(PI_MODCASES, &pi_modcases[i], PI_MODNAME,
				    &pi_module_index);
		else
			ksft_test_result_fail("%s: no %s\n", pi_modcases[i].name,
					      PI_MODCASES);
	}

	if (loaded_here && syscall(SYS_delete_module, PI_MODNAME, O_NONBLOCK))
		ksft_print_msg("cannot unload %s: %s\n", PI_MODNAME,
			       strerror(errno));
}

static void pi_usage(const char *argv0)
{
	fprintf(stderr, "usage: %s [-m PATH/%s.ko]\n", argv0, PI_MODNAME);
	exit(KSFT_FAIL);
}

int main(int argc, char **argv)
{
	const char *modpath = NULL;
	bool can_warn, have_cases;
	unsigned int i;
	long n;
	int opt;

	while ((opt = getopt(argc, argv, "m:h")) != -1) {
		if (opt == 'm')
			modpath = optarg;
		else
			pi_usage(argv[0]);
	}
	if (optind != argc)
		pi_usage(argv[0]);

	ksft_print_header();
	if (geteuid())
		ksft_exit_skip("needs root: debugfs, /dev/kmsg and the test module\n");
	if (!pi_exists(PI_DEBUGFS "/paraminfo") &&
	    mount("debugfs", PI_DEBUGFS, "debugfs", 0, NULL) && errno != EBUSY)
		ksft_print_msg("mount debugfs: %s\n", strerror(errno));
	if (!pi_exists(PI_DIR))
		ksft_exit_skip("no %s: the kernel has no CONFIG_KALLSYMS_PARAMINFO\n",
			       PI_DIR);
	pi_kmsg = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (pi_kmsg < 0)
		ksft_exit_fail_msg("cannot open /dev/kmsg: %s\n", strerror(errno));

	ksft_set_plan(PI_PLAN);

	/* vmlinux's table as a module: loaded where it is not yet. */
	n = pi_read_dump("dump", PI_DUMP, &pi_vmlinux_index);
	if (!n && !pi_exists("/sys/module/paraminfo_vmlinux")) {
		ksft_print_msg("dump: empty; modprobe paraminfo_vmlinux\n");
		if (!system("modprobe -q paraminfo_vmlinux 2>/dev/null"))
			n = pi_read_dump("dump", PI_DUMP, &pi_vmlinux_index);
	}
	have_cases = pi_exists(PI_CASES);
	ksft_test_result(n > 0 && (!have_cases ||
				   pi_lookup(&pi_vmlinux_index, "pi_test_entry")),
			 "dump: %s parses%s\n", PI_DUMP,
			 have_cases ? ", the test functions in it" : "");

	can_warn = !pi_sysctl_on("/proc/sys/kernel/panic_on_warn");
	for (i = 0; i < PI_NCASES; i++) {
		if (!can_warn)
			ksft_test_result_skip("%s: panic_on_warn is set\n",
					      pi_cases[i].name);
		else if (!have_cases)
			ksft_test_result_skip("%s: no %s (CONFIG_TEST_PARAMINFO)\n",
					      pi_cases[i].name, PI_CASES);
		else
			pi_run_case(PI_CASES, &pi_cases[i], NULL, &pi_vmlinux_index);
	}
	pi_run_module(modpath, can_warn);

	if (ksft_get_fail_cnt() || ksft_get_error_cnt())
		ksft_exit_fail();
	/* Only the dump ran: no case to say anything about. */
	if (ksft_get_xskip_cnt() == PI_PLAN - 1) {
		ksft_print_cnts();
		exit(KSFT_SKIP);
	}
	ksft_exit_pass();
}
