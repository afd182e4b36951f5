/* SPDX-License-Identifier: GPL-2.0 */
/*
 * paraminfo_test: what its files share. cases.c holds the cases and what
 * each is for, dump.c reads the debugfs dumps, kmsg.c reads the kernel
 * log and parses a block's lines, paraminfo_test.c checks and runs.
 */
#ifndef PARAMINFO_TEST_H
#define PARAMINFO_TEST_H

#include <stdbool.h>
#include <stddef.h>

struct pi_case {
	const char *name;	/* the debugfs file and the log's case name */
	const char *values;	/* parameters that must print a value */
	const char *stack;	/* ... that must print <passed on the stack> */
	bool none;		/* the function has no parameters */
};

/* cases.c: lib/test_paraminfo.c's WARN cases, test_paraminfo_mod.ko's. */
extern const struct pi_case pi_cases[];
extern const unsigned int pi_ncases;
extern const struct pi_case pi_modinit;
extern const struct pi_case pi_modcases[];
extern const unsigned int pi_nmodcases;
/* Whether the cases' values and stack lists are this architecture's. */
extern const bool pi_known_arch;

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

/* dump.c */
long pi_read_dump(const char *tag, const char *path, struct pi_index *index);
const struct pi_func *pi_lookup(const struct pi_index *index,
				const char *name);

#define PI_MAXLINES	4096

/* The messages logged during one case. */
struct pi_log {
	unsigned int n;
	char *line[PI_MAXLINES];
};

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

/* kmsg.c: /dev/kmsg, opened by main(). */
extern int pi_kmsg;

void pi_log_free(struct pi_log *log);
void pi_kmsg_skip(void);
void pi_kmsg_read(const char *name, struct pi_log *log);
bool pi_parse_param(const char *line, struct pi_param *p);
bool pi_parse_value(const char *rest, char *hex, size_t n);
bool pi_parse_case(const char *line, const char *name, char *func,
		   struct pi_arg *args, unsigned int *nargs);

#endif /* PARAMINFO_TEST_H */
