/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reading kernel logs: the lines of an oops, WARN or register dump as
 * dmesg, journalctl, syslog or a serial console captured them.
 */
#ifndef PI_OOPSLOG_H
#define PI_OOPSLOG_H

#include <stddef.h>
#include <stdint.h>

#include "model.h"

#define PI_LOG_SYM_LEN	256	/* KSYM_NAME_LEN on Linux 6.1 and later */
#define PI_LOG_MOD_LEN	64	/* MODULE_NAME_LEN */

/* One line: its prefixes (timestamp, level, host) and its message. */
struct pi_logline {
	const char *msg;	/* the message, NUL-terminated */
	size_t prefix_len;	/* bytes of the line before it */
	char caller[16];	/* printk's caller id, "T1" or "C0"; or "" */
};

/* A dump's pc line: "RIP: 0010:foo+0x1c/0x2a0 [mod]", "pc : foo+0x1c/0x2a0". */
struct pi_logpc {
	char text[PI_LOG_SYM_LEN + PI_LOG_MOD_LEN + 48];	/* as %pS printed it */
	char sym[PI_LOG_SYM_LEN];
	char mod[PI_LOG_MOD_LEN];	/* "" in vmlinux */
	uint64_t off;
	uint64_t size;
};

void pi_log_split(const char *line, struct pi_logline *ll);
int pi_log_pc(const struct pi_logfmt *fmt, const char *msg,
	      struct pi_logpc *pc);
int pi_log_regs(const struct pi_logfmt *fmt, const char *msg,
		uint64_t *gpr, uint32_t *have);
int pi_log_dump_line(const char *msg);
int pi_log_tail(const struct pi_logfmt *fmt, const char *msg);
int pi_log_fault(const struct pi_logfmt *fmt, const char *msg,
		 uint64_t *addr);
int pi_log_oops(const char *msg);
int pi_log_warn(const char *msg);

#endif /* PI_OOPSLOG_H */
