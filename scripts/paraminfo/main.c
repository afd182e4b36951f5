// SPDX-License-Identifier: GPL-2.0
/*
 * gen_paraminfo - describe every function's parameters from a vmlinux's DWARF
 *
 *   gen_paraminfo [--dump] [--stats] [--text] VMLINUX
 *
 * Reads the ELF symbols and DWARF of VMLINUX (any linked x86-64 ELF with
 * DWARF) into the neutral model of scripts/paraminfo/model.h and prints it:
 * --dump as JSON lines (the stable format tests and tools compare), --text
 * as a readable per-function view, --stats as counts of what was kept,
 * dropped and why. With no option, --stats.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "reader.h"
#include "util.h"

static void pi_usage(FILE *out)
{
	fprintf(out, "usage: %s [--dump] [--stats] [--text] VMLINUX\n",
		pi_progname);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "dump", no_argument, NULL, 'd' },
		{ "stats", no_argument, NULL, 's' },
		{ "text", no_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int dump = 0, stats = 0, text = 0, c;
	struct pi_model m = { 0 };
	struct pi_elf pe;

	while ((c = getopt_long(argc, argv, "dsth", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			dump = 1;
			break;
		case 's':
			stats = 1;
			break;
		case 't':
			text = 1;
			break;
		case 'h':
			pi_usage(stdout);
			return 0;
		default:
			pi_usage(stderr);
			return 2;
		}
	}
	if (optind + 1 != argc) {
		pi_usage(stderr);
		return 2;
	}
	if (!dump && !text)
		stats = 1;
	pi_input = argv[optind];

	pi_elf_open(&pe, pi_input);
	pi_dwarf_read(&pe, &m);
	if (dump)
		pi_dump_json(stdout, &m);
	if (text)
		pi_dump_text(stdout, &m);
	if (stats)
		pi_dump_stats(dump ? stderr : stdout, &m);
	if (fflush(stdout) || ferror(stdout))
		pi_die("cannot write output");

	pi_model_free(&m);
	pi_intern_free();
	pi_elf_close(&pe);
	return 0;
}
