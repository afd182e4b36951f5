// SPDX-License-Identifier: GPL-2.0
/*
 * pi_harness - run the kernel's paraminfo decoders on the host
 *
 *   pi_harness --encoding=NAME [--elf VMLINUX] TABLE.bin --dump|--text
 *   pi_harness --encoding=NAME [--elf VMLINUX] TABLE.bin --lookup ADDR...
 *   pi_harness --encoding=NAME TABLE.bin --name SYMBOL...
 *
 * kernel/paraminfo/core.c and decode_*.c are compiled unchanged against
 * the stand-in headers beside this file. --dump decodes every function back
 * into the model and prints it with the generator's own JSON printer, so
 * the output can be compared byte for byte with gen_paraminfo --dump;
 * --text likewise with gen_paraminfo --text, which also shows each
 * parameter's size and reason and each function's flags.
 * Encodings that store no function names (delta) take them from the ELF
 * symbol table, in the order kallsyms would, as the kernel does.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/paraminfo.h>

#include "elfsym.h"
#include "model.h"
#include "util.h"

static const struct paraminfo_decoder *const decoders[] = {
	&paraminfo_decoder_flat,
	&paraminfo_decoder_pool,
	&paraminfo_decoder_delta,
};

static struct pi_elf elf;
static const char *elf_path;

/* The table's name for a function, or the one kallsyms would print. */
static const char *func_name(const struct paraminfo_func *f)
{
	const struct pi_sym *sym;

	if (f->name)
		return f->name;
	if (!elf_path)
		pi_die("the table stores no names: pass --elf VMLINUX");
	sym = pi_elf_sym_at(&elf, f->addr);
	if (!sym)
		pi_die("no ELF symbol at 0x%llx", (unsigned long long)f->addr);
	return sym->name;
}

static void *load(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	void *buf;
	long len;

	if (!f)
		pi_die("cannot open: %s", strerror(errno));
	if (fseek(f, 0, SEEK_END))
		pi_die("cannot size the file");
	len = ftell(f);
	if (len < 0 || fseek(f, 0, SEEK_SET))
		pi_die("cannot size the file");
	/* Tables are 8-byte aligned in the kernel image; keep that here. */
	buf = aligned_alloc(8, (len + 7) & ~7L ? (len + 7) & ~7L : 8);
	if (!buf || fread(buf, 1, len, f) != (size_t)len)
		pi_die("cannot read the file");
	fclose(f);
	*size = len;
	return buf;
}

static void decode_param(const struct paraminfo_table *t,
			 const struct paraminfo_func *df, u32 i,
			 struct pi_param *p)
{
	struct paraminfo_param dp;
	struct paraminfo_loc l;
	u32 j;

	if (paraminfo_param(t, df, i, &dp))
		pi_die("corrupt parameter %u of function %u", i, df->index);
	p->name = pi_intern(dp.name);
	p->type = pi_intern(dp.type);
	p->abi = dp.abi;
	memcpy(p->reg, dp.reg, sizeof(p->reg));
	p->why = dp.why;
	p->size = dp.size;
	p->nlocs = dp.nlocs;
	p->locs = pi_alloc(dp.nlocs * sizeof(*p->locs));
	for (j = 0; j < dp.nlocs; j++) {
		if (paraminfo_loc(t, df, &dp, j, &l))
			pi_die("corrupt range %u of function %u", j, df->index);
		p->locs[j] = (struct pi_loc){ l.from, l.to, l.reg };
	}
}

static void dump(const struct paraminfo_table *t, int text)
{
	struct pi_model m = { 0 };
	u32 i, j;

	for (i = 0; i < t->nfuncs; i++) {
		struct paraminfo_func df;
		struct pi_func *f;

		if (paraminfo_func_at(t, i, &df))
			pi_die("corrupt function record %u", i);
		f = pi_model_add(&m);
		f->name = pi_intern(func_name(&df));
		f->addr = df.addr;
		f->size = df.size;
		f->flags = df.flags;
		f->nparams = df.nparams;
		f->params = pi_alloc(df.nparams * sizeof(*f->params));
		for (j = 0; j < df.nparams; j++)
			decode_param(t, &df, j, &f->params[j]);
	}
	if (text)
		pi_dump_text(stdout, &m);
	else
		pi_dump_json(stdout, &m);
	pi_model_free(&m);
}

static void lookup(const struct paraminfo_table *t, char **addrs, int n)
{
	struct paraminfo_func f;
	int i;

	for (i = 0; i < n; i++) {
		u64 addr = strtoull(addrs[i], NULL, 0);

		if (paraminfo_find(t, addr, &f))
			printf("0x%llx none\n", (unsigned long long)addr);
		else
			printf("0x%llx %s+0x%llx/0x%x\n", (unsigned long long)addr,
			       func_name(&f),
			       (unsigned long long)(addr - f.addr), f.size);
	}
}

static void by_name(const struct paraminfo_table *t, char **names, int n)
{
	struct paraminfo_func f;
	int i, ret;

	for (i = 0; i < n; i++) {
		ret = paraminfo_find_name(t, names[i], &f);
		if (ret == -EOPNOTSUPP)
			pi_die("this encoding has no name index");
		if (ret)
			printf("%s none\n", names[i]);
		else
			printf("%s 0x%llx\n", names[i], (unsigned long long)f.addr);
	}
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "encoding", required_argument, NULL, 'e' },
		{ "dump", no_argument, NULL, 'd' },
		{ "text", no_argument, NULL, 't' },
		{ "lookup", no_argument, NULL, 'l' },
		{ "name", no_argument, NULL, 'n' },
		{ "elf", required_argument, NULL, 'E' },
		{ NULL, 0, NULL, 0 },
	};
	const struct paraminfo_decoder *dec = NULL;
	struct paraminfo_table t;
	int c, mode = 0;
	size_t i, size;
	void *data;

	pi_progname = "pi_harness";
	while ((c = getopt_long(argc, argv, "e:dltnE:", opts, NULL)) != -1) {
		if (c == 'e') {
			for (i = 0; i < ARRAY_SIZE(decoders); i++)
				if (!strcmp(decoders[i]->name, optarg))
					dec = decoders[i];
		} else if (c == 'E') {
			elf_path = optarg;
		} else if (c == 'd' || c == 'l' || c == 'n' || c == 't') {
			mode = c;
		} else {
			return 2;
		}
	}
	if (!dec || !mode || optind >= argc) {
		fprintf(stderr, "usage: pi_harness --encoding=NAME [--elf VMLINUX] TABLE.bin --dump|--text|--lookup ADDR...|--name SYMBOL...\n");
		return 2;
	}
	if (elf_path) {
		pi_input = elf_path;
		pi_elf_open(&elf, elf_path);
	}
	pi_input = argv[optind];
	data = load(pi_input, &size);
	if (paraminfo_table_init(&t, data, size, dec))
		pi_die("not a valid %s table", dec->name);
	if (mode == 'd' || mode == 't')
		dump(&t, mode == 't');
	else if (mode == 'l')
		lookup(&t, argv + optind + 1, argc - optind - 1);
	else
		by_name(&t, argv + optind + 1, argc - optind - 1);
	free(data);
	pi_intern_free();
	if (elf_path)
		pi_elf_close(&elf);
	return 0;
}
