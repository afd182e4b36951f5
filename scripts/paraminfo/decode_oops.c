// SPDX-License-Identifier: GPL-2.0
/*
 * decode_oops - the parameter blocks of a kernel log, offline
 *
 *   decode_oops [--json] VMLINUX [MODULES_DIR] < LOG > DECODED
 *
 * Like scripts/decode_stacktrace.sh, for kernels that never had paraminfo:
 * the log is copied through unchanged, and after each register dump of an
 * oops, BUG, WARN or interrupted context (sysrq, NMI backtrace, lockup
 * watchdog) the "Function parameters" block is inserted exactly as the
 * kernel would have printed it, by kernel/paraminfo/print.c compiled
 * unchanged. A block the kernel did print is left as it is and checked
 * against the decoder's. --json prints one JSON object per block instead.
 *
 * VMLINUX's DWARF is read as gen_paraminfo reads it, and each function a
 * log names is proven from the machine code as gen_paraminfo proves it,
 * so the values are those the kernel's own table would have printed: only
 * the registers the log shows, so only the faulting frame, and no stack
 * memory: a parameter the table has in a stack slot is printed as
 * "<on the stack at sp+N>", where a kernel with paraminfo printed the
 * value it read there, "0x...  [stack sp+N]"; that is the one difference
 * a kernel's block may have from the decoder's, and --json gives such a
 * parameter "stack": N and no value. The function is found by the
 * symbol, offset and size the log prints, which KASLR does not change; a
 * size that differs from VMLINUX's proves the log is from another build,
 * and nothing is printed for it.
 *
 * A module's function ("foo+0x5/0xe [mod]") is read from mod.ko, looked
 * for below MODULES_DIR ('-' and '_' alike in file names, as modprobe
 * compares them; compressed modules are refused) and read once. Its size
 * is known exactly unless it is the last function of its section: then
 * the log's size must be at least what the .ko has (kmod.c says why).
 *
 * Exit status: 0; 3 when some block was refused (another build, a
 * truncated dump, a module without MODULES_DIR, not found or unreadable)
 * or differs from the kernel's; 1 when VMLINUX cannot be used; 2 for a
 * usage error.
 */
#include <getopt.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "oopsblock.h"
#include "util.h"

#define PI_LINE_MAX	4096
#define PI_CTX_MAX	16

/*
 * A caller's dump read line by line (PI_DUMP), its GPRs all seen
 * (PI_TAIL), its block being compared with the kernel's (PI_CHECK), all
 * of that matched (PI_CHECKED).
 */
enum pi_state { PI_IDLE, PI_DUMP, PI_TAIL, PI_CHECK, PI_CHECKED };

/*
 * What one printk caller (CONFIG_PRINTK_CALLER's "T1", "C0"; without
 * them, the whole log) is printing, and what its log said the next dump
 * is about.
 */
struct pi_ctx {
	char caller[16];
	unsigned long used;
	enum pi_state state;
	unsigned long line;		/* of the pc line */
	struct pi_dump dump;
	bool complete;			/* x86: its CR2 line seen */
	bool made;			/* blk is decided */
	bool summary;			/* x86's oops summary: no block */
	bool interleaved;		/* with another, no caller ids */
	char prefix[128];		/* the dump's last line's prefix */
	const char *eol;
	struct pi_block blk;
	unsigned int checked;		/* kernel lines compared */
	bool differs;
	/* For the next dump. */
	unsigned int warns, oopses;
	bool fault;
	uint64_t fault_addr;
	unsigned long end_trace;	/* the line of "---[ end trace" */
};

static struct {
	struct pi_decoder dc;
	bool json;
	struct pi_ctx ctx[PI_CTX_MAX];
	unsigned long lineno, clock;
	unsigned long count[PI_BLK_NR], same, differ, skipped, problems;
} d;

static void pi_json_block(const struct pi_ctx *c, const char *kernel)
{
	const struct pi_block *b = &c->blk;
	const struct pi_dump *u = &c->dump;
	unsigned int i;

	printf("{\"line\":%lu,\"function\":", c->line);
	pi_json_str(stdout, u->pc.text);
	printf(",\"symbol\":");
	pi_json_str(stdout, u->pc.sym);
	printf(",\"offset\":%llu,\"size\":%llu,\"module\":",
	       (unsigned long long)u->pc.off, (unsigned long long)u->pc.size);
	if (u->pc.mod[0])
		pi_json_str(stdout, u->pc.mod);
	else
		printf("null");
	printf(",\"status\":\"%s\",\"interrupted\":%s,\"fault_address\":",
	       pi_status_names[b->status], u->trapped ? "false" : "true");
	if (u->trapped && u->fault)
		printf("\"0x%016llx\"", (unsigned long long)u->fault_addr);
	else
		printf("null");
	printf(",\"kernel_block\":\"%s\"", kernel);
	if (b->why[0]) {
		printf(",\"message\":");
		pi_json_str(stdout, b->why);
	}
	printf(",\"params\":[");
	for (i = 0; i < b->nparams; i++) {
		const struct pi_param_out *o = &b->params[i];

		printf("%s{\"name\":", i ? "," : "");
		pi_json_str(stdout, o->name);
		printf(",\"type\":");
		pi_json_str(stdout, o->type);
		if (o->reg >= 0)
			printf(",\"register\":\"%s\",\"value\":\"0x%0*llx\",\"by_reference\":%s}",
			       pi_reg_name(d.dc.vm.m.target, o->reg),
			       o->size * 2, (unsigned long long)o->value,
			       o->byref ? "true" : "false");
		else if (o->stack >= 0)
			printf(",\"register\":null,\"stack\":%d,\"value\":null}",
			       o->stack);
		else
			printf(",\"register\":null,\"value\":null}");
	}
	printf("],\"lines\":[");
	for (i = 0; i < b->nlines; i++) {
		printf("%s", i ? "," : "");
		pi_json_str(stdout, b->lines[i]);
	}
	printf("]}\n");
}

static void __printf(3, 4) pi_refuse(struct pi_ctx *c, enum pi_status status,
				     const char *fmt, ...)
{
	va_list ap;

	memset(&c->blk, 0, sizeof(c->blk));
	c->blk.status = status;
	va_start(ap, fmt);
	vsnprintf(c->blk.why, sizeof(c->blk.why), fmt, ap);
	va_end(ap);
	c->made = true;
}

static void pi_make(struct pi_ctx *c)
{
	if (c->made)
		return;
	if (c->interleaved)
		pi_refuse(c, PI_BLK_INTERLEAVED, "another CPU's register dump is interleaved with it, and the log has no printk caller ids (CONFIG_PRINTK_CALLER) to tell their lines apart");
	else
		pi_decoder_block(&d.dc, &c->dump, &c->blk);
	c->made = true;
}

/* A dump is done with: count it, say what went wrong, make @c idle. */
static void pi_done(struct pi_ctx *c, const char *kernel)
{
	struct pi_block *b = &c->blk;

	pi_make(c);
	d.count[b->status]++;
	if (b->why[0]) {
		fprintf(stderr, "%s: line %lu: %s: %s\n", pi_progname,
			c->line, c->dump.pc.text, b->why);
		d.problems++;
	}
	if (!strcmp(kernel, "differs")) {
		fprintf(stderr, "%s: line %lu: %s: the kernel's block differs from the decoded one\n",
			pi_progname, c->line, c->dump.pc.text);
		d.differ++;
		d.problems++;
	}
	d.same += !strcmp(kernel, "same");
	d.skipped += !strcmp(kernel, "skipped");
	if (d.json)
		pi_json_block(c, kernel);
	c->state = PI_IDLE;
}

/* Insert @c's block, with its dump's prefix, before the current line. */
static void pi_insert(struct pi_ctx *c)
{
	unsigned int i;

	pi_make(c);
	for (i = 0; i < c->blk.nlines && !d.json; i++)
		printf("%s%s%s", c->prefix, c->blk.lines[i], c->eol);
	pi_done(c, "absent");
}

static struct pi_ctx *pi_ctx_of(const char *caller)
{
	struct pi_ctx *c, *old = d.ctx;

	for (c = d.ctx; c < d.ctx + PI_CTX_MAX; c++) {
		if (c->used && !strcmp(c->caller, caller))
			goto found;
		if (c->used < old->used)
			old = c;
	}
	c = old;
	if (c->state != PI_IDLE) {
		pi_refuse(c, PI_BLK_TRUNCATED, "too many printk callers at once");
		pi_done(c, "absent");
	}
	memset(c, 0, sizeof(*c));
	snprintf(c->caller, sizeof(c->caller), "%s", caller);
found:
	c->used = ++d.clock;
	return c;
}

/* A new dump at this pc line, about what the log said before it. */
static void pi_start(struct pi_ctx *c, const struct pi_logpc *pc,
		     bool interleaved)
{
	c->state = PI_DUMP;
	c->line = d.lineno;
	memset(&c->dump, 0, sizeof(c->dump));
	c->dump.pc = *pc;
	c->complete = c->made = false;
	c->interleaved = interleaved;
	c->eol = "\n";
	c->prefix[0] = '\0';
	c->checked = 0;
	c->differs = false;
	/* oops_end()'s summary: __show_regs() again, without show_regs(). */
	c->summary = c->end_trace && c->end_trace + 1 == d.lineno;
	if (c->warns || c->oopses) {
		c->dump.trapped = true;
		c->dump.fault = c->oopses && c->fault;
		c->dump.fault_addr = c->fault_addr;
		if (c->oopses) {
			c->oopses--;
			c->fault = false;
		} else {
			c->warns--;
		}
	}
}

/* A line of the dump in progress: its registers, and whether it is done. */
static void pi_dump_line(struct pi_ctx *c, const struct pi_logline *ll,
			 const char *text, bool crlf)
{
	const struct pi_logfmt *fmt = d.dc.fmt;

	pi_log_regs(fmt, ll->msg, c->dump.gpr, &c->dump.have);
	if (c->state == PI_DUMP && c->dump.have & (1u << fmt->last)) {
		c->state = PI_TAIL;
		c->complete = !fmt->end;
	}
	if (c->state == PI_TAIL && fmt->end &&
	    !strncmp(ll->msg, fmt->end, strlen(fmt->end)))
		c->complete = true;
	snprintf(c->prefix, sizeof(c->prefix), "%.*s", (int)ll->prefix_len,
		 text);
	c->eol = crlf ? "\r\n" : "\n";
}

/* The kernel's own "Function parameters" line: compare what follows. */
static void pi_kernel_header(struct pi_ctx *c, const char *msg)
{
	pi_make(c);
	if (!strncmp(msg, "Function parameters: skipped", 28) || c->interleaved) {
		pi_done(c, c->interleaved ? "unchecked" : "skipped");
		return;
	}
	c->state = PI_CHECK;
	c->checked = 1;
	c->differs = !c->blk.nlines || strcmp(c->blk.lines[0], msg);
	if (c->checked >= c->blk.nlines)
		c->state = PI_CHECKED;
}

/* Any other line ends what the caller's dump was waiting for. */
static void pi_other_line(struct pi_ctx *c)
{
	switch (c->state) {
	case PI_DUMP:
		if (!c->interleaved)
			pi_refuse(c, PI_BLK_TRUNCATED, "the register dump ends before its last register");
		pi_done(c, "absent");
		break;
	case PI_TAIL:
		if (!c->complete || c->summary)
			c->state = PI_IDLE;	/* not show_regs()'s dump */
		else
			pi_insert(c);
		break;
	case PI_CHECK:
	case PI_CHECKED:
		c->differs |= c->state == PI_CHECK;
		pi_done(c, c->differs ? "differs" : "same");
		break;
	default:
		break;
	}
}

/* What the line says the caller's next dump is about. */
static void pi_context_line(struct pi_ctx *c, const char *msg)
{
	uint64_t addr;

	if (pi_log_oops(msg)) {
		c->oopses++;
	} else if (pi_log_warn(msg)) {
		c->warns++;
	} else if (pi_log_fault(d.dc.fmt, msg, &addr)) {
		c->fault = true;
		c->fault_addr = addr;
	} else if (!strncmp(msg, "---[ end trace ", 15)) {
		c->end_trace = d.lineno;
	}
}

/* One line of the log: @raw (@len bytes, with its newline) and @text. */
static void pi_line(const char *raw, size_t len, const char *text, bool crlf)
{
	const struct pi_logfmt *fmt = d.dc.fmt;
	struct pi_logline ll;
	struct pi_logpc pc;
	struct pi_ctx *c;

	pi_log_split(text, &ll);
	c = pi_ctx_of(ll.caller);
	if (pi_log_pc(fmt, ll.msg, &pc)) {
		/* Without caller ids, another CPU's dump may be under way. */
		bool mixed = !ll.caller[0] &&
			     (c->state == PI_DUMP ||
			      (c->state == PI_TAIL && !c->complete));

		if (mixed) {
			c->interleaved = true;
			pi_done(c, "absent");
		}
		pi_other_line(c);
		pi_start(c, &pc, mixed);
	} else if ((c->state == PI_DUMP && pi_log_dump_line(ll.msg)) ||
		   (c->state == PI_TAIL && pi_log_tail(fmt, ll.msg))) {
		pi_dump_line(c, &ll, text, crlf);
	} else if (c->state == PI_TAIL && c->complete && !c->summary &&
		   !strncmp(ll.msg, "Function parameters", 19)) {
		pi_kernel_header(c, ll.msg);
	} else if ((c->state == PI_CHECK || c->state == PI_CHECKED) &&
		   ll.msg[0] == ' ' && strstr(ll.msg, " = ")) {
		if (c->state == PI_CHECKED ||
		    !pi_block_line_same(&c->blk, c->checked, ll.msg))
			c->differs = true;
		if (c->state == PI_CHECK && ++c->checked >= c->blk.nlines)
			c->state = PI_CHECKED;
	} else {
		pi_other_line(c);
		pi_context_line(c, ll.msg);
	}
	if (!d.json)
		fwrite(raw, 1, len, stdout);
}

/* The end of the log ends every dump. */
static void pi_eof(void)
{
	struct pi_ctx *c;

	for (c = d.ctx; c < d.ctx + PI_CTX_MAX; c++) {
		if (c->state == PI_DUMP) {
			if (!c->interleaved)
				pi_refuse(c, PI_BLK_TRUNCATED, "the log ends inside the register dump");
			pi_done(c, "absent");
		} else if (c->state == PI_TAIL && c->complete && !c->summary) {
			pi_insert(c);
		} else if (c->state == PI_CHECK || c->state == PI_CHECKED) {
			pi_done(c, c->state == PI_CHECK || c->differs ?
				"differs" : "same");
		}
	}
}

/*
 * Stream the log: lines of up to PI_LINE_MAX bytes are parsed; longer ones,
 * and lines with NUL bytes, are copied through and match nothing.
 */
static void pi_read(FILE *in)
{
	static char raw[PI_LINE_MAX + 1], text[PI_LINE_MAX + 1];
	bool cont = false;
	size_t len = 0;
	int ch = 0;

	while (ch != EOF) {
		size_t n;
		bool crlf;

		ch = getc_unlocked(in);
		if (ch != EOF)
			raw[len++] = ch;
		if (ch != '\n' && ch != EOF && len < PI_LINE_MAX)
			continue;
		if (!len)
			break;
		n = len - (raw[len - 1] == '\n');
		crlf = n && raw[n - 1] == '\r';
		while (n && raw[n - 1] == '\r')
			n--;
		memcpy(text, raw, n);
		text[n] = '\0';
		if (cont || strlen(text) != n || (ch != '\n' && ch != EOF))
			text[0] = '\0';
		d.lineno += !cont;
		pi_line(raw, len, text, crlf);
		cont = ch != '\n' && ch != EOF;
		len = 0;
	}
}

static void pi_usage(FILE *out)
{
	fprintf(out, "usage: %s [--json] VMLINUX [MODULES_DIR] < LOG > DECODED\n",
		pi_progname);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	size_t i;
	int c;

	pi_progname = "decode_oops";
	while ((c = getopt_long(argc, argv, "jh", opts, NULL)) != -1) {
		if (c == 'j') {
			d.json = true;
			continue;
		}
		pi_usage(c == 'h' ? stdout : stderr);
		return c == 'h' ? 0 : 2;
	}
	if (optind + 1 != argc && optind + 2 != argc) {
		pi_usage(stderr);
		return 2;
	}
	pi_decoder_open(&d.dc, argv[optind],
			optind + 2 == argc ? argv[optind + 1] : NULL);
	pi_input = "<stdin>";
	pi_read(stdin);
	pi_eof();
	if (fflush(stdout) || ferror(stdout))
		pi_die("cannot write output");
	fprintf(stderr, "%s: %lu blocks decoded", pi_progname,
		d.count[PI_BLK_DECODED]);
	for (i = PI_BLK_NONE; i < PI_BLK_NR; i++)
		if (d.count[i])
			fprintf(stderr, ", %lu %s", d.count[i],
				pi_status_names[i]);
	if (d.same || d.differ || d.skipped)
		fprintf(stderr, "; the kernel's blocks: %lu same, %lu differ, %lu skipped",
			d.same, d.differ, d.skipped);
	fputc('\n', stderr);
	pi_decoder_close(&d.dc);
	pi_intern_free();
	return d.problems ? 3 : 0;
}
