// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/kernel/debug/paraminfo/dump: the running kernel's table, decoded,
 * in the JSON-lines format of gen_paraminfo --dump, so that the two can be
 * compared byte for byte. Encodings that store no function names get them
 * from kallsyms, as the generator chose them.
 *
 * /sys/kernel/debug/paraminfo/dump_unwind: the same, each line ending in
 * the function's unwind rows, as gen_paraminfo --dump --unwind prints
 * them: a file of its own, so that dump stays what every comparison of
 * it expects.
 *
 * /sys/kernel/debug/paraminfo/modules/NAME: each loaded module's own
 * table, likewise, with the addresses gen_paraminfo --dump of the .ko
 * prints (those of the table). Once the module is live, its init text is
 * gone, and kallsyms no longer names its functions: "?" in an encoding
 * that stores no names.
 */
#include <linux/debugfs.h>
#include <linux/init.h>
#include <linux/kallsyms.h>
#include <linux/paraminfo.h>
#include <linux/seq_file.h>
#include <asm/sections.h>

/* The dump's table: a module's (the file's data), or vmlinux's. */
static const struct paraminfo_table *paraminfo_dump_table(struct seq_file *m)
{
	const struct paraminfo_modtable *mt = m->private;

	return mt ? &mt->t : paraminfo_kernel_table();
}

static void paraminfo_json_str(struct seq_file *m, const char *s)
{
	seq_putc(m, '"');
	for (; *s; s++) {
		unsigned char c = *s;

		if (c == '"' || c == '\\')
			seq_printf(m, "\\%c", c);
		else if (c < 0x20)
			seq_printf(m, "\\u%04x", c);
		else
			seq_putc(m, c);
	}
	seq_putc(m, '"');
}

static void paraminfo_json_abi(struct seq_file *m, const struct paraminfo_param *p)
{
	switch (p->abi) {
	case PARAMINFO_ABI_REG:
		seq_printf(m, "%s", paraminfo_reg_name(p->reg[0]));
		break;
	case PARAMINFO_ABI_REG2:
		seq_printf(m, "%s+%s", paraminfo_reg_name(p->reg[0]),
			   paraminfo_reg_name(p->reg[1]));
		break;
	case PARAMINFO_ABI_MIXED:
		seq_printf(m, "%s+%s", paraminfo_reg_name(p->reg[0]),
			   paraminfo_arch.vec_name);
		break;
	case PARAMINFO_ABI_XMM:
		seq_puts(m, paraminfo_arch.vec_name);
		break;
	case PARAMINFO_ABI_STACK:
		seq_puts(m, "stack");
		break;
	case PARAMINFO_ABI_NONE:
		seq_puts(m, "none");
		break;
	case PARAMINFO_ABI_BYREF:
		seq_printf(m, "byref %s", paraminfo_reg_name(p->reg[0]));
		break;
	default:
		seq_puts(m, "unknown");
		break;
	}
}

static void paraminfo_json_param(struct seq_file *m, const struct paraminfo_table *t,
				 const struct paraminfo_func *f,
				 const struct paraminfo_param *p)
{
	struct paraminfo_loc l;
	u32 i;

	paraminfo_json_str(m, p->name);
	seq_puts(m, ",\"type\":");
	paraminfo_json_str(m, p->type);
	seq_puts(m, ",\"abi\":\"");
	paraminfo_json_abi(m, p);
	seq_puts(m, "\",\"locs\":[");
	/* gen_paraminfo --dump's keys: "reg", or "stack" for a stack slot. */
	for (i = 0; i < p->nlocs && !paraminfo_loc(t, f, p, i, &l); i++) {
		seq_printf(m, "%s{\"from\":%u,\"to\":%u,", i ? "," : "",
			   l.from, l.to);
		if (l.reg == PARAMINFO_LOC_STACK)
			seq_printf(m, "\"stack\":%u}", l.off);
		else
			seq_printf(m, "\"reg\":\"%s\"}",
				   paraminfo_reg_name(l.reg));
	}
	seq_puts(m, "]}");
}

/* ,"unwind":[...]: every row of @f, walked from offset 0. */
static void paraminfo_json_unwind(struct seq_file *m,
				  const struct paraminfo_table *t,
				  const struct paraminfo_func *f)
{
	struct paraminfo_unwind u;
	u32 off = 0, k;

	seq_puts(m, ",\"unwind\":[");
	while (!paraminfo_unwind_next(t, f, off, &u)) {
		seq_printf(m, "%s{\"from\":%u,\"to\":%u,\"cfa\":%u,\"saved\":[",
			   off ? "," : "", u.from, u.to, u.cfa);
		for (k = 0; k < u.nsaved; k++)
			seq_printf(m, "%s[%u,%u]", k ? "," : "",
				   u.saved[k].reg, u.saved[k].off);
		seq_printf(m, "],\"lost\":%u}", u.lost);
		off = u.to;
	}
	seq_putc(m, ']');
}

static int paraminfo_dump_line(struct seq_file *m, void *v, bool unwind)
{
	const struct paraminfo_modtable *mt = m->private;
	const struct paraminfo_table *t = paraminfo_dump_table(m);
	char namebuf[KSYM_NAME_LEN];
	struct paraminfo_func f;
	struct paraminfo_param p;
	u32 i = (unsigned long)v - 1;
	unsigned long text;
	const char *name;
	u64 addr;

	if (paraminfo_func_at(t, i, &f))
		return -EINVAL;
	/*
	 * The link address, as gen_paraminfo --dump prints it: the kernel
	 * is relocated as a whole, and text_base is where _stext was linked.
	 * A module's table address is what the generator printed.
	 */
	if (mt) {
		text = paraminfo_modtable_text(mt, f.addr);
		addr = f.addr;
	} else {
		text = paraminfo_text_addr(f.addr);
		addr = text - (unsigned long)_stext + t->text_base;
	}
	name = f.name;
	if (!name) {
		unsigned long size, off;
		char *mod;

		name = text ? kallsyms_lookup(text, &size, &off, &mod, namebuf) :
			      NULL;
		if (!name || off)
			name = "?";
	}
	seq_puts(m, "{\"name\":");
	paraminfo_json_str(m, name);
	seq_printf(m, ",\"addr\":\"0x%llx\",\"size\":%u,\"params\":[",
		   (unsigned long long)addr, f.size);
	for (i = 0; i < f.nparams && !paraminfo_param(t, &f, i, &p); i++) {
		seq_puts(m, i ? ",{\"name\":" : "{\"name\":");
		paraminfo_json_param(m, t, &f, &p);
	}
	seq_puts(m, f.flags & PARAMINFO_F_VARARGS ? "],\"varargs\":true" : "]");
	if (unwind)
		paraminfo_json_unwind(m, t, &f);
	seq_puts(m, "}\n");
	return 0;
}

static int paraminfo_dump_show(struct seq_file *m, void *v)
{
	return paraminfo_dump_line(m, v, false);
}

static int paraminfo_dump_unwind_show(struct seq_file *m, void *v)
{
	return paraminfo_dump_line(m, v, true);
}

/* Positions are function indexes plus one, so that 0 is never a record. */
static void *paraminfo_dump_start(struct seq_file *m, loff_t *pos)
{
	if (*pos >= paraminfo_dump_table(m)->nfuncs)
		return NULL;
	return (void *)(unsigned long)(*pos + 1);
}

static void *paraminfo_dump_next(struct seq_file *m, void *v, loff_t *pos)
{
	++*pos;
	return paraminfo_dump_start(m, pos);
}

static void paraminfo_dump_stop(struct seq_file *m, void *v)
{
}

static const struct seq_operations paraminfo_dump_sops = {
	.start = paraminfo_dump_start,
	.next = paraminfo_dump_next,
	.stop = paraminfo_dump_stop,
	.show = paraminfo_dump_show,
};
DEFINE_SEQ_ATTRIBUTE(paraminfo_dump);

static const struct seq_operations paraminfo_dump_unwind_sops = {
	.start = paraminfo_dump_start,
	.next = paraminfo_dump_next,
	.stop = paraminfo_dump_stop,
	.show = paraminfo_dump_unwind_show,
};
DEFINE_SEQ_ATTRIBUTE(paraminfo_dump_unwind);

static struct dentry *paraminfo_modules_dir;

static int __init paraminfo_debugfs_init(void)
{
	struct dentry *dir = debugfs_create_dir("paraminfo", NULL);

	debugfs_create_file("dump", 0400, dir, NULL, &paraminfo_dump_fops);
	debugfs_create_file("dump_unwind", 0400, dir, NULL,
			    &paraminfo_dump_unwind_fops);
	if (IS_ENABLED(CONFIG_MODULES))
		paraminfo_modules_dir = debugfs_create_dir("modules", dir);
	return 0;
}
/* Modules load later, from user space: their files go in modules/. */
late_initcall(paraminfo_debugfs_init);

/**
 * paraminfo_debugfs_module() - the dump file of a module's table
 * @name: the module's name, the file's
 * @mt: its validated table, valid until the file is removed
 *
 * Return: the file, or an error pointer (debugfs_remove() takes both).
 */
struct dentry *paraminfo_debugfs_module(const char *name,
					const struct paraminfo_modtable *mt)
{
	return debugfs_create_file(name, 0400, paraminfo_modules_dir,
				   (void *)mt, &paraminfo_dump_fops);
}
