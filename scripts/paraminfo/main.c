// SPDX-License-Identifier: GPL-2.0
/*
 * gen_paraminfo - describe every function's parameters from a vmlinux's DWARF
 *
 *   gen_paraminfo [--dump] [--stats] [--text] [--unwind] VMLINUX|MODULE.ko
 *   gen_paraminfo --encoding=flat|pool|delta --format=asm|bin -o FILE \
 *	VMLINUX|MODULE.ko
 *
 * Reads the ELF symbols and DWARF of VMLINUX (any linked x86-64 or AArch64
 * ELF with DWARF, or a kernel module or other relocatable object, laid
 * out and relocated by libdwfl as kmod.c describes) into the neutral
 * model of scripts/paraminfo/model.h and prints it: --dump as JSON lines
 * (the stable format tests and tools compare), --text as a readable
 * per-function view, --unwind as each function's unwind rows (unwind.c;
 * with --dump, in its JSON lines),
 * --stats as counts of what was kept, dropped and why.
 * With --encoding, the model is encoded into a table and written to FILE
 * as raw bytes, which the kernel link includes with .incbin
 * (scripts/paraminfo/table.S), or as GNU as source. A vmlinux's table
 * stores text from _stext and init text from _sinittext, which nothing
 * linked after .text moves: one run on a first link is enough. A
 * relocatable object's is a module table (modtable.c), the contents of
 * its .paraminfo section: raw bytes for objcopy --add-section, or GNU as
 * source of that section. With no option, --stats.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include <string.h>

#include "encode.h"
#include "flow.h"
#include "kmod.h"
#include "modtable.h"
#include "reader.h"
#include "util.h"

static void pi_usage(FILE *out)
{
	fprintf(out, "usage: %s [--dump] [--stats] [--text] [--unwind] VMLINUX|MODULE.ko\n"
		"       %s --encoding=flat|pool|delta --format=asm|bin -o FILE VMLINUX|MODULE.ko\n",
		pi_progname, pi_progname);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "dump", no_argument, NULL, 'd' },
		{ "stats", no_argument, NULL, 's' },
		{ "text", no_argument, NULL, 't' },
		{ "unwind", no_argument, NULL, 'u' },
		{ "help", no_argument, NULL, 'h' },
		{ "encoding", required_argument, NULL, 'e' },
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 },
	};
	const char *encoding = NULL, *format = "bin", *output = NULL;
	struct pi_modtable mt;
	const struct pi_encoder *enc = NULL;
	int dump = 0, stats = 0, text = 0, unwind = 0, c;
	struct pi_model m = { 0 };
	struct pi_kmod km = { 0 };
	struct pi_elf elf, *pe = &elf;

	while ((c = getopt_long(argc, argv, "dstuhe:f:o:", opts, NULL)) != -1) {
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
		case 'u':
			unwind = 1;
			break;
		case 'h':
			pi_usage(stdout);
			return 0;
		case 'e':
			encoding = optarg;
			break;
		case 'f':
			format = optarg;
			break;
		case 'o':
			output = optarg;
			break;
		default:
			pi_usage(stderr);
			return 2;
		}
	}
	if (optind + 1 != argc) {
		pi_usage(stderr);
		return 2;
	}
	if (encoding) {
		enc = pi_encoder_find(encoding);
		if (!enc || !output ||
		    (strcmp(format, "asm") && strcmp(format, "bin"))) {
			fprintf(stderr, "%s: unknown encoding or format, or no -o FILE\n",
				pi_progname);
			pi_usage(stderr);
			return 2;
		}
	} else if (!dump && !text && !unwind) {
		stats = 1;
	}
	pi_input = argv[optind];

	if (pi_elf_probe(pi_input) == ET_REL) {
		pi_kmod_open(&km, pi_input);
		pe = &km.pe;
		pi_kmod_read(&km, &m);
	} else {
		pi_elf_open(pe, pi_input);
		pi_dwarf_read(pe, &m);
	}
	/* A vmlinux: its text and init text (elfsym.c found both). */
	if (pe->ntext == 2)
		m.layout = (struct pi_layout){
			pe->text[0].lo, pe->text[0].hi, pe->text[1].lo, pe->text[1].hi,
		};
	pi_flow_run(pe, &m);
	if (enc && pe->rel) {
		struct pi_buf table = { 0 }, sect = { 0 };

		pi_modtable_layout(pe, &m, &mt);
		enc->encode(&m, &table);
		pi_modtable_wrap(&mt, &table, &sect);
		pi_emit(&sect, format, output, enc->name, true);
		pi_buf_free(&table);
		pi_buf_free(&sect);
	} else if (enc) {
		struct pi_buf table = { 0 };

		enc->encode(&m, &table);
		pi_emit(&table, format, output, enc->name, false);
		pi_buf_free(&table);
	}
	if (dump)
		pi_dump_json(stdout, &m, unwind);
	if (text)
		pi_dump_text(stdout, &m);
	if (unwind && !dump)
		pi_dump_unwind(stdout, &m);
	if (stats)
		pi_dump_stats(dump ? stderr : stdout, &m);
	if (fflush(stdout) || ferror(stdout))
		pi_die("cannot write output");

	pi_model_free(&m);
	pi_intern_free();
	if (pe == &km.pe)
		pi_kmod_close(&km);
	else
		pi_elf_close(pe);
	return 0;
}
