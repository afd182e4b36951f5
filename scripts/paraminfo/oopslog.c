// SPDX-License-Identifier: GPL-2.0
/*
 * Reading kernel logs as they really come: dmesg with or without
 * timestamps and printk caller ids, dmesg -T, journalctl -k and syslog
 * prefixes, "<4>" levels. Each line is split into its prefixes and its
 * message; the message is matched against what the architecture's
 * register dump prints (struct pi_logfmt) and against the lines that say
 * what the dump is about: an oops ("[#1]"), a WARN, a page fault's
 * address. No architecture's register names are known here.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "oopslog.h"

/* "<4>": a syslog level, as /dev/kmsg and dmesg -r print it. */
static size_t pi_skip_level(const char *s)
{
	size_t i = 1;

	if (s[0] != '<' || !isdigit((unsigned char)s[1]))
		return 0;
	while (isdigit((unsigned char)s[i]) && i < 5)
		i++;
	return s[i] == '>' ? i + 1 : 0;
}

/*
 * "Dec  2 06:00:00 host kernel: ", "2026-12-02T06:00:00.1+00:00 host
 * kernel: ": syslog and journalctl -k. The date comes first, then the
 * host, then "kernel: ".
 */
static size_t pi_skip_syslog(const char *s)
{
	const char *k = strstr(s, " kernel: ");
	int iso = isdigit((unsigned char)s[0]) && isdigit((unsigned char)s[3]) &&
		  s[4] == '-';
	int bsd = isupper((unsigned char)s[0]) && islower((unsigned char)s[1]) &&
		  islower((unsigned char)s[2]) && s[3] == ' ';
	const char *p;

	if (!k || k - s > 120 || (!iso && !bsd))
		return 0;
	/* A time of day before the host: hh:mm:ss. */
	for (p = s; p + 8 <= k; p++)
		if (isdigit((unsigned char)p[0]) && p[2] == ':' && p[5] == ':')
			return k + strlen(" kernel: ") - s;
	return 0;
}

/* Only characters of @set, and at least one digit. */
static int pi_all_of(const char *s, size_t n, const char *set)
{
	int digit = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (!strchr(set, s[i]))
			return 0;
		digit |= isdigit((unsigned char)s[i]);
	}
	return digit;
}

/*
 * "[   12.345678] ", "[    T1] " (CONFIG_PRINTK_CALLER, whose id goes to
 * @caller), "[Wed Dec  2 06:00:00 2026] " (dmesg -T).
 */
static size_t pi_skip_bracket(const char *s, char *caller, size_t clen)
{
	const char *end = s[0] == '[' ? memchr(s, ']', 48) : NULL;
	const char *c = s + 1;
	size_t n;

	if (!end || memchr(s, '\0', end - s))
		return 0;
	n = end - c;
	while (n && *c == ' ') {
		c++;
		n--;
	}
	if ((*c == 'T' || *c == 'C') && n > 1 && n < clen &&
	    pi_all_of(c + 1, n - 1, "0123456789")) {
		memcpy(caller, c, n);
		caller[n] = '\0';
	} else if (!pi_all_of(c, n, "0123456789. ") &&
		   !(pi_all_of(c, n, "0123456789: ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz") &&
		     strstr(c, ":") && n > 20)) {
		return 0;
	}
	return end + 1 - s + (end[1] == ' ');
}

/**
 * pi_log_split() - a log line's prefixes and message
 * @line: the line, NUL-terminated, without its line ending
 * @ll: receives where the message starts and printk's caller id
 */
void pi_log_split(const char *line, struct pi_logline *ll)
{
	const char *s = line;
	size_t n;

	ll->caller[0] = '\0';
	do {
		n = pi_skip_level(s);
		if (!n)
			n = pi_skip_syslog(s);
		if (!n)
			n = pi_skip_bracket(s, ll->caller, sizeof(ll->caller));
		s += n;
	} while (n);
	ll->msg = s;
	ll->prefix_len = s - line;
}

/* Past "TAG" and the colon after it ("RIP: ", "pc : "), or NULL. */
static const char *pi_after_tag(const char *msg, const char *tag)
{
	size_t n = strlen(tag);

	if (strncmp(msg, tag, n))
		return NULL;
	msg += n;
	while (*msg == ' ')
		msg++;
	if (*msg != ':')
		return NULL;
	msg++;
	while (*msg == ' ')
		msg++;
	return msg;
}

/**
 * pi_log_pc() - parse a register dump's pc line
 * @fmt: the architecture's dump
 * @msg: a message
 * @pc: receives the function, offset and size, as %pS printed them
 *
 * Return: 1 for a pc line with a symbol ("RIP: 0010:foo+0x1c/0x2a0"),
 * 0 for anything else, user-mode pc lines ("RIP: 0033:0x4a1b3c") too.
 */
int pi_log_pc(const struct pi_logfmt *fmt, const char *msg,
	      struct pi_logpc *pc)
{
	const char *s = pi_after_tag(msg, fmt->pc), *plus, *sp;
	unsigned long long off, size;
	char mod[PI_LOG_MOD_LEN];
	int n = 0;

	if (!s)
		return 0;
	/* x86's code segment selector: "0010:". */
	if (strspn(s, "0123456789abcdef") == 4 && s[4] == ':')
		s += 5;
	sp = strchr(s, ' ');
	for (plus = sp ? sp : s + strlen(s); plus > s && *plus != '+'; plus--)
		;
	if (plus == s || plus - s >= PI_LOG_SYM_LEN ||
	    sscanf(plus, "+0x%llx/0x%llx%n", &off, &size, &n) != 2 ||
	    (plus[n] && plus[n] != ' '))
		return 0;
	mod[0] = '\0';
	if (plus[n] == ' ') {
		const char *m = plus + n + 1, *e = strchr(m, ']');

		if (*m != '[' || !e || e - m - 1 <= 0 ||
		    e - m - 1 >= PI_LOG_MOD_LEN)
			return 0;
		memcpy(mod, m + 1, e - m - 1);
		mod[e - m - 1] = '\0';
		n = e + 1 - plus;
	}
	memcpy(pc->sym, s, plus - s);
	pc->sym[plus - s] = '\0';
	memcpy(pc->mod, mod, sizeof(pc->mod));
	pc->off = off;
	pc->size = size;
	snprintf(pc->text, sizeof(pc->text), "%.*s", (int)(plus + n - s), s);
	return 1;
}

/*
 * One "NAME: VALUE" of a register line; VALUE may follow a segment
 * selector ("RSP: 0018:ffffc90000013e38"). Return: past it, or NULL.
 */
static const char *pi_reg_token(const char *s, char *name, size_t nlen,
				uint64_t *val)
{
	size_t n = 0, h;

	while (*s == ' ')
		s++;
	while ((isalnum((unsigned char)s[n]) || s[n] == '_') && n < nlen - 1)
		n++;
	if (!n)
		return NULL;
	memcpy(name, s, n);
	name[n] = '\0';
	s += n;
	while (*s == ' ')
		s++;
	if (*s++ != ':')
		return NULL;
	while (*s == ' ')
		s++;
	h = strspn(s, "0123456789abcdef");
	if (h && s[h] == ':') {
		s += h + 1;
		h = strspn(s, "0123456789abcdef");
	}
	if (!h || h > 16 || (s[h] && s[h] != ' '))
		return NULL;
	*val = strtoull(s, NULL, 16);
	return s + h;
}

/**
 * pi_log_regs() - the general-purpose registers a dump line prints
 * @fmt: the architecture's dump
 * @msg: a message
 * @gpr: receives their values, by DWARF register number
 * @have: receives a bit for each register found
 *
 * Return: how many registers the line gave.
 */
int pi_log_regs(const struct pi_logfmt *fmt, const char *msg,
		uint64_t *gpr, uint32_t *have)
{
	const char *s = msg;
	char name[16];
	uint64_t val;
	int found = 0;
	unsigned int r;

	while (*s && (s = pi_reg_token(s, name, sizeof(name), &val))) {
		for (r = 0; r < 32; r++) {
			if (!fmt->regs[r] || strcmp(fmt->regs[r], name))
				continue;
			gpr[r] = val;
			*have |= 1u << r;
			found++;
			break;
		}
	}
	return found;
}

/**
 * pi_log_dump_line() - could a message be part of a register dump?
 * @msg: the message
 *
 * Return: 1 for "NAME: ...", as every line of a dump is ("Code: ...",
 * "lr : ...", "pmr_save: ..."), else 0.
 */
int pi_log_dump_line(const char *msg)
{
	size_t n = 0;

	while (isalnum((unsigned char)msg[n]) || msg[n] == '_')
		n++;
	while (n && msg[n] == ' ')
		n++;
	return n && msg[n] == ':';
}

/**
 * pi_log_tail() - is a message one of the lines a dump ends with?
 * @fmt: the architecture's dump
 * @msg: the message
 *
 * Return: 1 for "FS: ...", "CR2: ..." and the like on x86, else 0.
 */
int pi_log_tail(const struct pi_logfmt *fmt, const char *msg)
{
	const char * const *t;

	for (t = fmt->tail; *t; t++)
		if (!strncmp(msg, *t, strlen(*t)))
			return 1;
	return 0;
}

/**
 * pi_log_fault() - the address a page-fault oops names
 * @fmt: the architecture's dump
 * @msg: a message
 * @addr: receives the address
 *
 * Return: 1 for "BUG: unable to handle page fault for address: ..." (x86)
 * or "Unable to handle kernel ... at virtual address ..." (arm64), else 0.
 */
int pi_log_fault(const struct pi_logfmt *fmt, const char *msg,
		 uint64_t *addr)
{
	const char *a;
	size_t h;

	if (strncmp(msg, fmt->fault_line, strlen(fmt->fault_line)))
		return 0;
	a = strstr(msg, fmt->fault_addr);
	if (!a)
		return 0;
	a += strlen(fmt->fault_addr);
	h = strspn(a, "0123456789abcdef");
	if (!h || h > 16)
		return 0;
	*addr = strtoull(a, NULL, 16);
	return 1;
}

/**
 * pi_log_oops() - is a message die()'s first line?
 * @msg: the message
 *
 * Return: 1 for "Oops: 0002 [#1] ..." and "Internal error: Oops: ...
 * [#1] ...": whatever die() prints, its "[#N]" counter.
 */
int pi_log_oops(const char *msg)
{
	const char *s = strstr(msg, ": ");
	const char *h = s ? strstr(s, " [#") : NULL;
	size_t n;

	if (!h)
		return 0;
	n = strspn(h + 3, "0123456789");
	return n && h[3 + n] == ']';
}

/**
 * pi_log_warn() - is a message a WARN's first line?
 * @msg: the message
 *
 * Return: 1 for "WARNING: CPU: 1 PID: 1 at ...", else 0.
 */
int pi_log_warn(const char *msg)
{
	return !strncmp(msg, "WARNING: CPU: ", 14) ||
	       !strncmp(msg, "WARNING: at ", 12);
}
