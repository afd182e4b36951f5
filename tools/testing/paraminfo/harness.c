// SPDX-License-Identifier: GPL-2.0
/*
 * pi_harness - run the kernel's paraminfo decoders on the host
 *
 *   pi_harness --encoding=NAME [--elf VMLINUX] TABLE.bin --dump|--text [--unwind]
 *   pi_harness --encoding=NAME [--elf VMLINUX] TABLE.bin --lookup ADDR...
 *   pi_harness --encoding=NAME TABLE.bin --name SYMBOL...
 *   pi_harness --encoding=NAME --elf PROGRAM TABLE.bin --run FUNC[+OFF]...
 *   pi_harness --encoding=NAME TABLE.bin --selfcheck
 *   pi_harness --encoding=NAME --module [--elf MODULE.ko] TABLE.bin --dump|...
 *
 * kernel/paraminfo/core.c and decode_*.c are compiled unchanged against
 * the stand-in headers beside this file. --dump decodes every function back
 * into the model and prints it with the generator's own JSON printer, so
 * the output can be compared byte for byte with gen_paraminfo --dump;
 * --text likewise with gen_paraminfo --text, which also shows each
 * parameter's size and reason and each function's flags. With --unwind,
 * --dump also decodes each function's unwind rows (paraminfo_unwind_next()),
 * as gen_paraminfo --dump --unwind prints them.
 * Encodings that store no function names (delta) take them from the ELF
 * symbol table, in the order kallsyms would, as the kernel does.
 *
 * --run starts PROGRAM (a fixture built from the ELF the table describes)
 * under ptrace, stops it with a breakpoint at each FUNC+OFF in turn, and
 * prints what the kernel's printer (kernel/paraminfo/print.c) would print
 * for an oops at that instruction, from the registers it really had and,
 * for a parameter in a stack slot, from its stack: the printer is given
 * the program's stack mapping ([stack] in /proc/PID/maps) as the bounds
 * when sp is in it, as the kernel gives it the task's stack, and reads
 * with process_vm_readv() while the program is stopped.
 *
 * --module takes a module's table (the .paraminfo section gen_paraminfo
 * writes for a .ko): kernel/paraminfo/modtable.c validates it, each text
 * section's addr is written as if the module were loaded at libdwfl's
 * layout (text_base + the section's off), it is validated again, and
 * addresses go through paraminfo_modtable_addr() and _text() as in the
 * kernel. --elf then names a .ko, laid out by the generator's reader
 * (kmod.c), and names come from its symbols as kallsyms would print them.
 *
 * --selfcheck asks paraminfo_loc_at() (which pool and delta answer in one
 * pass of their own) for every byte of every function and compares it
 * with the decoded ranges, register and stack offset, and
 * paraminfo_unwind_at() at each unwind row's edges and in the gaps
 * between rows with the rows paraminfo_unwind_next() walks; it prints the
 * number of answers checked.
 */
#define _GNU_SOURCE	/* process_vm_readv() */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <signal.h>
#include <sys/ptrace.h>
#include <sys/uio.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/paraminfo.h>

#include "elfsym.h"
#include "kmod.h"
#include "model.h"
#include "regnames.h"
#include "util.h"

static const struct paraminfo_decoder *const decoders[] = {
	&paraminfo_decoder_flat,
	&paraminfo_decoder_pool,
	&paraminfo_decoder_delta,
};

static struct pi_elf elf;
static const char *elf_path;
static int with_unwind;	/* --unwind: dumps carry the unwind rows */
/* --module: the module's table, and the .ko --elf names. */
static struct paraminfo_modtable modtable;
static struct pi_kmod kmod;

/*
 * A table with an init_off stores text from _stext (its text_base) and
 * init text from _sinittext, at init_off. The decoders take and give
 * text_base + a stored offset; these two turn that into the ELF's link
 * address and back, from the ELF's own symbols (not the generator's
 * code), the way the kernel does with its runtime symbols.
 */
static u64 elf_sym(const char *name)
{
	uint64_t v;

	if (!elf_path)
		pi_die("the table has init text: pass --elf VMLINUX");
	if (!pi_elf_symbol(&elf, name, &v))
		pi_die("the table has init text, the ELF no %s", name);
	return v;
}

static u64 link_addr(const struct paraminfo_table *t, u64 addr)
{
	u32 init_off = t->hdr->init_off;

	if (modtable.hdr)
		return paraminfo_modtable_text(&modtable, addr);
	if (!init_off || addr - t->text_base < init_off)
		return addr;
	return elf_sym("_sinittext") + (addr - t->text_base - init_off);
}

/* Outside text and init text, an address no table finds: 0. */
static u64 table_addr(const struct paraminfo_table *t, u64 addr)
{
	u32 init_off = t->hdr->init_off;

	if (modtable.hdr)
		return paraminfo_modtable_addr(&modtable, addr);
	if (!init_off)
		return addr;
	if (addr >= elf_sym("_stext") && addr < elf_sym("_etext"))
		return addr;
	if (addr >= elf_sym("_sinittext") && addr < elf_sym("_einittext"))
		return t->text_base + init_off + (addr - elf_sym("_sinittext"));
	return 0;
}

/* The table's name for a function, or the one kallsyms would print. */
static const char *func_name(const struct paraminfo_table *t,
			     const struct paraminfo_func *f)
{
	const struct pi_sym *sym;

	if (f->name)
		return f->name;
	if (!elf_path)
		pi_die("the table stores no names: pass --elf VMLINUX");
	if (modtable.hdr) {
		const char *name = pi_elf_kallsyms_name(&kmod.pe,
							link_addr(t, f->addr));

		if (!name)
			pi_die("no symbol of the module at 0x%llx",
			       (unsigned long long)f->addr);
		return name;
	}
	sym = pi_elf_sym_at(&elf, link_addr(t, f->addr));
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

/*
 * Validate a module's table, "load" each of its sections at libdwfl's
 * layout address, text_base + off, and validate it again as the kernel
 * does after writing the addresses.
 */
static const struct paraminfo_table *load_module(void *data, size_t size,
						 const struct paraminfo_decoder *dec)
{
	struct paraminfo_module_header *h = data;
	unsigned int i;

	if (paraminfo_modtable_init(&modtable, data, size, dec))
		pi_die("not a valid module table of encoding %s", dec->name);
	for (i = 0; i < h->nsects; i++)
		h->sect[i].addr = modtable.t.text_base + h->sect[i].off;
	if (paraminfo_modtable_init(&modtable, data, size, dec))
		pi_die("the module table is refused once its sections are loaded");
	return &modtable.t;
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
		p->locs[j] = (struct pi_loc){ l.from, l.to, l.reg, l.off };
	}
}

/* Every unwind row of @df, walked as a dump walks them, into @f. */
static void decode_unwind(const struct paraminfo_table *t,
			  const struct paraminfo_func *df, struct pi_func *f)
{
	struct paraminfo_unwind u;
	u32 off = 0, cap = 0, k;
	int ret;

	while (!(ret = paraminfo_unwind_next(t, df, off, &u))) {
		struct pi_unwind *pu;

		if (f->nunwind == cap) {
			cap = cap ? 2 * cap : 8;
			f->unwind = pi_realloc(f->unwind, cap, sizeof(*f->unwind));
		}
		pu = &f->unwind[f->nunwind++];
		*pu = (struct pi_unwind){ .from = u.from, .to = u.to,
					  .cfa = u.cfa, .nsaved = u.nsaved,
					  .lost = u.lost };
		for (k = 0; k < u.nsaved; k++)
			pu->saved[k] = (struct pi_save){ u.saved[k].reg,
							 u.saved[k].off };
		off = u.to;
	}
	if (ret != -ENOENT)
		pi_die("corrupt unwind rows of function %u", df->index);
}

static void dump(const struct paraminfo_table *t, int text)
{
	struct pi_model m = { .target = pi_target_of(t->machine) };
	u32 i, j;

	if (!m.target)
		pi_die("the table is for ELF machine %u, which no ABI module knows",
		       t->machine);
	for (i = 0; i < t->nfuncs; i++) {
		struct paraminfo_func df;
		struct pi_func *f;

		if (paraminfo_func_at(t, i, &df))
			pi_die("corrupt function record %u", i);
		f = pi_model_add(&m);
		f->name = pi_intern(func_name(t, &df));
		f->addr = link_addr(t, df.addr);
		f->size = df.size;
		f->flags = df.flags;
		f->nparams = df.nparams;
		f->params = pi_alloc(df.nparams * sizeof(*f->params));
		for (j = 0; j < df.nparams; j++)
			decode_param(t, &df, j, &f->params[j]);
		if (with_unwind)
			decode_unwind(t, &df, f);
	}
	if (text)
		pi_dump_text(stdout, &m);
	else
		pi_dump_json(stdout, &m, with_unwind);
	pi_model_free(&m);
}

static void lookup(const struct paraminfo_table *t, char **addrs, int n)
{
	struct paraminfo_func f;
	int i;

	for (i = 0; i < n; i++) {
		u64 addr = strtoull(addrs[i], NULL, 0);
		u64 at = table_addr(t, addr);

		if (paraminfo_find(t, at, &f))
			printf("0x%llx none\n", (unsigned long long)addr);
		else
			printf("0x%llx %s+0x%llx/0x%x\n", (unsigned long long)addr,
			       func_name(t, &f),
			       (unsigned long long)(at - f.addr), f.size);
	}
}

/* The address of FUNC[+OFF], FUNC as the table (or ELF) names it. */
static u64 spot_addr(const struct paraminfo_table *t, const char *spot)
{
	const char *plus = strchr(spot, '+');
	size_t len = plus ? (size_t)(plus - spot) : strlen(spot);
	struct paraminfo_func f;
	u32 i;

	for (i = 0; !paraminfo_func_at(t, i, &f); i++) {
		const char *name = func_name(t, &f);

		if (strlen(name) == len && !strncmp(name, spot, len))
			return link_addr(t, f.addr) +
			       (plus ? strtoull(plus + 1, NULL, 0) : 0);
	}
	pi_die("no function %.*s in the table", (int)len, spot);
}

/* The program --run has stopped, whose stack the printer reads. */
static pid_t tracee;

static int tracee_read(void *dst, u64 addr, size_t len)
{
	struct iovec local = { dst, len };
	struct iovec remote = { (void *)(uintptr_t)addr, len };

	return process_vm_readv(tracee, &local, 1, &remote, 1, 0) ==
	       (ssize_t)len ? 0 : -EFAULT;
}

/* The bounds of the tracee's [stack] mapping, when @r's sp is in it. */
static void tracee_stack(struct paraminfo_regs *r)
{
	char path[64], line[512];
	uint64_t lo, hi;
	FILE *maps;

	snprintf(path, sizeof(path), "/proc/%d/maps", (int)tracee);
	maps = fopen(path, "r");
	if (!maps)
		pi_die("cannot open %s: %s", path, strerror(errno));
	while (fgets(line, sizeof(line), maps))
		if (strstr(line, "[stack]") &&
		    sscanf(line, "%" SCNx64 "-%" SCNx64, &lo, &hi) == 2 &&
		    r->sp >= lo && r->sp < hi) {
			r->stack_lo = lo;
			r->stack_hi = hi;
		}
	fclose(maps);
}

/* End the program --run stopped. */
static void tracee_kill(void)
{
	int status;

	if (tracee <= 0)
		return;
	kill(tracee, SIGKILL);
	waitpid(tracee, &status, 0);
	tracee = 0;
}

/*
 * Run the program to @addr; fill @r from its registers and its stack.
 * It stays stopped there, to be read, until tracee_kill().
 */
static int stop_at(u64 addr, struct paraminfo_regs *r, u64 *ip)
{
	struct user_regs_struct u;
	pid_t pid = fork();
	long word;
	int status;

	if (pid < 0)
		pi_die("fork: %s", strerror(errno));
	if (!pid) {
		ptrace(PTRACE_TRACEME, 0, NULL, NULL);
		execl(elf_path, elf_path, (char *)NULL);
		_exit(127);
	}
	tracee = pid;
	/* Stopped at exec: plant an int3 at @addr and let it run there. */
	if (waitpid(pid, &status, 0) != pid || !WIFSTOPPED(status))
		pi_die("cannot start %s under ptrace", elf_path);
	errno = 0;
	word = ptrace(PTRACE_PEEKTEXT, pid, (void *)addr, NULL);
	if (errno)
		pi_die("cannot read the code at 0x%llx", (unsigned long long)addr);
	ptrace(PTRACE_POKETEXT, pid, (void *)addr, (void *)((word & ~0xffL) | 0xcc));
	ptrace(PTRACE_CONT, pid, NULL, NULL);
	waitpid(pid, &status, 0);
	if (!WIFSTOPPED(status) || WSTOPSIG(status) != SIGTRAP ||
	    ptrace(PTRACE_GETREGS, pid, NULL, &u)) {
		tracee_kill();
		return -1;
	}
	*ip = u.rip - 1;
	*r = (struct paraminfo_regs){ .gpr = {
		u.rax, u.rdx, u.rcx, u.rbx, u.rsi, u.rdi, u.rbp, u.rsp,
		u.r8, u.r9, u.r10, u.r11, u.r12, u.r13, u.r14, u.r15,
	}, .sp = u.rsp, .read = tracee_read };
	tracee_stack(r);
	return 0;
}

static void emit_line(void *ctx, const char *line)
{
	puts(line);
}

static void run(const struct paraminfo_table *t, char **spots, int n)
{
	struct paraminfo_regs r;
	struct paraminfo_func f;
	u64 ip;
	int i;

	for (i = 0; i < n; i++) {
		u64 addr = spot_addr(t, spots[i]);

		if (stop_at(addr, &r, &ip))
			ip = 0;
		/* Where it stopped, as the table addresses it. */
		ip = table_addr(t, ip);
		if (!ip || paraminfo_find(t, ip, &f)) {
			printf("%s: not reached\n", spots[i]);
			tracee_kill();
			continue;
		}
		/* print.c knows no register set: the table's machine's. */
		pi_set_reg_names(&r, t->machine);
		printf("Function parameters (%s+0x%llx/0x%x):%s\n", func_name(t, &f),
		       (unsigned long long)(ip - f.addr), f.size,
		       f.nparams ? "" : " none");
		paraminfo_print_params(t, &f, ip - f.addr, &r, emit_line, NULL);
		tracee_kill();
	}
}

/* The range of a decoded range list that covers @off, or -ENOENT. */
static int loc_in_ranges(const struct paraminfo_table *t,
			 const struct paraminfo_func *f,
			 const struct paraminfo_param *p, u32 off,
			 struct paraminfo_loc *l)
{
	u32 i;

	for (i = 0; i < p->nlocs; i++)
		if (!paraminfo_loc(t, f, p, i, l) && l->from <= off && off < l->to)
			return 0;
	return -ENOENT;
}

/* Expect paraminfo_unwind_at(@off) to be @want's row, or -ENOENT. */
static void unwind_expect(const struct paraminfo_table *t,
			  const struct paraminfo_func *f, u32 off,
			  const struct paraminfo_unwind *want)
{
	struct paraminfo_unwind got;
	int ret = paraminfo_unwind_at(t, f, off, &got);
	u32 k, same;

	same = want && !ret && got.from == want->from && got.to == want->to &&
	       got.cfa == want->cfa && got.lost == want->lost &&
	       got.nsaved == want->nsaved;
	for (k = 0; same && k < want->nsaved; k++)
		same = got.saved[k].reg == want->saved[k].reg &&
		       got.saved[k].off == want->saved[k].off;
	if (want ? !same : ret != -ENOENT)
		pi_die("function %u: unwind_at(%u) disagrees with its rows",
		       f->index, off);
}

/* paraminfo_unwind_at() at each row's edges, and in each gap. */
static unsigned long selfcheck_unwind(const struct paraminfo_table *t)
{
	struct paraminfo_unwind u;
	struct paraminfo_func f;
	unsigned long checked = 0;
	u32 i, off;

	for (i = 0; i < t->nfuncs; i++) {
		if (paraminfo_func_at(t, i, &f))
			pi_die("corrupt function record %u", i);
		for (off = 0; !paraminfo_unwind_next(t, &f, off, &u); off = u.to) {
			if (u.from > off) {
				unwind_expect(t, &f, off, NULL);
				unwind_expect(t, &f, u.from - 1, NULL);
			}
			unwind_expect(t, &f, u.from, &u);
			unwind_expect(t, &f, u.to - 1, &u);
			checked += 2;
		}
		if (off < f.size)
			unwind_expect(t, &f, off, NULL);
		unwind_expect(t, &f, f.size, NULL);
	}
	return checked;
}

static void selfcheck(const struct paraminfo_table *t)
{
	struct paraminfo_loc got, want;
	struct paraminfo_func f;
	struct paraminfo_param p;
	unsigned long checked = 0;
	u32 i, j, off;
	int a, b;

	for (i = 0; i < t->nfuncs; i++) {
		if (paraminfo_func_at(t, i, &f))
			pi_die("corrupt function record %u", i);
		for (j = 0; j < f.nparams; j++) {
			if (paraminfo_param(t, &f, j, &p))
				pi_die("corrupt parameter %u of function %u", j, i);
			for (off = 0; off < f.size; off++, checked++) {
				a = paraminfo_loc_at(t, &f, &p, off, &got);
				b = loc_in_ranges(t, &f, &p, off, &want);
				if (a != b || (!a && (got.from != want.from ||
						      got.to != want.to ||
						      got.reg != want.reg ||
						      got.off != want.off)))
					pi_die("function %u parameter %u: loc_at(%u) disagrees with its ranges",
					       i, j, off);
			}
		}
	}
	checked += selfcheck_unwind(t);
	printf("%lu answers agree\n", checked);
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
			printf("%s 0x%llx\n", names[i],
			       (unsigned long long)link_addr(t, f.addr));
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
		{ "run", no_argument, NULL, 'r' },
		{ "selfcheck", no_argument, NULL, 's' },
		{ "module", no_argument, NULL, 'm' },
		{ "unwind", no_argument, NULL, 'u' },
		{ NULL, 0, NULL, 0 },
	};
	const struct paraminfo_decoder *dec = NULL;
	const struct paraminfo_table *t;
	struct paraminfo_table table;
	int c, mode = 0, module = 0;
	size_t i, size;
	void *data;

	pi_progname = "pi_harness";
	while ((c = getopt_long(argc, argv, "e:dltnrsmuE:", opts, NULL)) != -1) {
		if (c == 'm') {
			module = 1;
		} else if (c == 'u') {
			with_unwind = 1;
		} else if (c == 'e') {
			for (i = 0; i < ARRAY_SIZE(decoders); i++)
				if (!strcmp(decoders[i]->name, optarg))
					dec = decoders[i];
		} else if (c == 'E') {
			elf_path = optarg;
		} else if (strchr("dlntrs", c)) {
			mode = c;
		} else {
			return 2;
		}
	}
	if (!dec || !mode || optind >= argc) {
		fprintf(stderr, "usage: pi_harness --encoding=NAME [--module] [--elf VMLINUX|MODULE.ko] TABLE.bin --dump [--unwind]|--text|--lookup ADDR...|--name SYMBOL...|--run FUNC[+OFF]...\n");
		return 2;
	}
	if (module && mode == 'r')
		pi_die("--run takes a program, not a module");
	if (elf_path) {
		pi_input = elf_path;
		if (module)
			pi_kmod_open(&kmod, elf_path);
		else
			pi_elf_open(&elf, elf_path);
	}
	pi_input = argv[optind];
	data = load(pi_input, &size);
	if (module) {
		t = load_module(data, size, dec);
	} else {
		if (paraminfo_table_init(&table, data, size, dec))
			pi_die("not a valid %s table", dec->name);
		t = &table;
	}
	if (mode == 'd' || mode == 't')
		dump(t, mode == 't');
	else if (mode == 'l')
		lookup(t, argv + optind + 1, argc - optind - 1);
	else if (mode == 'r')
		run(t, argv + optind + 1, argc - optind - 1);
	else if (mode == 's')
		selfcheck(t);
	else
		by_name(t, argv + optind + 1, argc - optind - 1);
	free(data);
	pi_intern_free();
	if (elf_path && module)
		pi_kmod_close(&kmod);
	else if (elf_path)
		pi_elf_close(&elf);
	return 0;
}
