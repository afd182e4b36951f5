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
#include "paraminfo_test.h"

#define PI_DEBUGFS	"/sys/kernel/debug"
#define PI_DIR		PI_DEBUGFS "/paraminfo"
#define PI_DUMP		PI_DIR "/dump"
#define PI_MODDUMP	PI_DIR "/modules/test_paraminfo_mod"
#define PI_CASES	PI_DEBUGFS "/paraminfo_test"
#define PI_MODCASES	PI_DEBUGFS "/paraminfo_test_mod"
#define PI_MODNAME	"test_paraminfo_mod"

/* The dump, the cases, modinit, the module's dump and its cases. */
#define PI_PLAN		(1 + pi_ncases + 2 + pi_nmodcases)

static struct pi_index pi_vmlinux_index, pi_module_index;

/* ---- checking one case's block ---- */

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
			if (pi_known_arch && pi_in_list(c->values, params[i].name))
				pi_problem("%s prints %s, not its value", params[i].name,
					rest);
		} else {
			pi_problem("%s: cannot read \"%s\"", params[i].name, rest);
		}
		if (pi_known_arch && pi_in_list(c->stack, params[i].name) &&
		    strcmp(rest, "<passed on the stack>"))
			pi_problem("%s prints %s, not <passed on the stack>",
				params[i].name, rest);
	}
	/* Every value the case is for was printed. */
	for (i = 0; pi_known_arch && i < nargs; i++) {
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
		for (i = 0; i < 2 + pi_nmodcases; i++)
			ksft_test_result_skip("module: panic_on_warn is set\n");
		return;
	}
	if (!pi_exists("/sys/module/" PI_MODNAME)) {
		if (pi_load_module(path, &log, why, sizeof(why))) {
			for (i = 0; i < 2 + pi_nmodcases; i++)
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

	for (i = 0; i < pi_nmodcases; i++) {
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
	for (i = 0; i < pi_ncases; i++) {
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
	if ((unsigned int)ksft_get_xskip_cnt() == PI_PLAN - 1) {
		ksft_print_cnts();
		exit(KSFT_SKIP);
	}
	ksft_exit_pass();
}
