// SPDX-License-Identifier: GPL-2.0
/*
 * Module tables: each .ko's own .paraminfo section (struct
 * paraminfo_module_header), generated from its DWARF at module link time.
 *
 * While the module loads, the loader's section headers give each text
 * section the header names its final address, which is written into the
 * header before the section becomes read-only. When the module is coming,
 * its table is validated and published in struct module; a table that
 * fails validation, or is another machine's, is not, with one warning,
 * and the module loads as it would without. Init text is dropped from the
 * table when the module goes live, before its init memory is freed; at
 * unload the table is unpublished, and freed once no oops can be reading
 * it (synchronize_rcu()). debugfs shows each table as
 * paraminfo/modules/NAME.
 *
 * In an oops the printer finds the module of an address as the kernel
 * names it, with __module_address(), preemption off: a module being
 * unloaded stays readable until its memory and this table go.
 */
#include <linux/debugfs.h>
#include <linux/elf.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/paraminfo.h>
#include <linux/printk.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/string.h>

struct paraminfo_module {
	struct paraminfo_modtable mt;
	struct dentry *dump;	/* debugfs paraminfo/modules/NAME */
};

/**
 * paraminfo_module_sections() - place a loading module's table
 * @mod: the module
 * @sechdrs: its section headers, sh_addr the final addresses
 * @secstrings: its section names
 * @shnum: how many sections it has
 *
 * Called by find_module_sections(), while the sections are still
 * writable: finds the .paraminfo section and writes into its header
 * where each text section it names was loaded (0 for one that was not,
 * or whose size differs). Nothing is allocated or validated yet.
 */
void paraminfo_module_sections(struct module *mod, const Elf_Shdr *sechdrs,
			       const char *secstrings, unsigned int shnum)
{
	struct paraminfo_module_header *h = NULL;
	unsigned int i, j, n;
	size_t size = 0;

	mod->paraminfo_data = NULL;
	mod->paraminfo_size = 0;
	RCU_INIT_POINTER(mod->paraminfo, NULL);
	for (i = 1; i < shnum; i++) {
		if ((sechdrs[i].sh_flags & SHF_ALLOC) &&
		    !strcmp(secstrings + sechdrs[i].sh_name, ".paraminfo")) {
			h = (void *)(unsigned long)sechdrs[i].sh_addr;
			size = sechdrs[i].sh_size;
			break;
		}
	}
	if (!h || size < sizeof(*h) || ((unsigned long)h & 7))
		return;
	n = min_t(unsigned int, h->nsects, PARAMINFO_MODULE_MAX_SECTS);
	if (size < struct_size(h, sect, n))
		return;
	for (j = 0; j < n; j++) {
		struct paraminfo_module_sect *s = &h->sect[j];

		s->addr = 0;
		for (i = 1; i < shnum; i++) {
			const Elf_Shdr *sh = &sechdrs[i];

			if ((sh->sh_flags & SHF_ALLOC) &&
			    (sh->sh_flags & SHF_EXECINSTR) &&
			    sh->sh_size == s->size &&
			    !strncmp(secstrings + sh->sh_name, s->name,
				     sizeof(s->name))) {
				s->addr = sh->sh_addr;
				break;
			}
		}
	}
	mod->paraminfo_data = h;
	mod->paraminfo_size = size;
}

static void paraminfo_module_coming(struct module *mod)
{
	struct paraminfo_module *pm;

	if (!mod->paraminfo_data)
		return;
	pm = kzalloc(sizeof(*pm), GFP_KERNEL);
	if (!pm)
		return;
	if (paraminfo_modtable_init(&pm->mt, mod->paraminfo_data,
				    mod->paraminfo_size,
				    &PARAMINFO_KERNEL_DECODER) ||
	    pm->mt.t.machine != paraminfo_arch.machine) {
		pr_warn("paraminfo: %s: the module's %s table is invalid: its parameters will not be printed\n",
			mod->name, PARAMINFO_KERNEL_DECODER.name);
		kfree(pm);
		return;
	}
	pm->dump = paraminfo_debugfs_module(mod->name, &pm->mt);
	rcu_assign_pointer(mod->paraminfo, pm);
}

/* Before the module's init memory is freed: no address of it is found. */
static void paraminfo_module_live(struct module *mod)
{
	struct paraminfo_module *pm = rcu_dereference_protected(mod->paraminfo, 1);
	const struct paraminfo_module_header *h;
	unsigned long dropped = 0;
	unsigned int i;

	if (!pm)
		return;
	h = pm->mt.hdr;
	for (i = 0; i < h->nsects; i++)
		if (!strncmp(h->sect[i].name, ".init", 5))
			dropped |= BIT(i);
	WRITE_ONCE(pm->mt.dropped, dropped);
}

static void paraminfo_module_going(struct module *mod)
{
	struct paraminfo_module *pm = rcu_dereference_protected(mod->paraminfo, 1);

	if (!pm)
		return;
	/* Waits for its readers, as debugfs does. */
	debugfs_remove(pm->dump);
	RCU_INIT_POINTER(mod->paraminfo, NULL);
	/* An oops reads it with preemption off: wait for those to end. */
	synchronize_rcu();
	kfree(pm);
}

/**
 * paraminfo_module_state() - follow a module through its states
 * @mod: the module, its table placed by paraminfo_module_sections()
 * @state: MODULE_STATE_COMING, _LIVE or _GOING, as the module notifier
 *	chain says: publish the table, drop its init text, unpublish and
 *	free it
 *
 * Context: process context, as module notifiers run; may sleep.
 */
void paraminfo_module_state(struct module *mod, unsigned long state)
{
	if (state == MODULE_STATE_COMING)
		paraminfo_module_coming(mod);
	else if (state == MODULE_STATE_LIVE)
		paraminfo_module_live(mod);
	else if (state == MODULE_STATE_GOING)
		paraminfo_module_going(mod);
}

static int paraminfo_module_notify(struct notifier_block *nb,
				   unsigned long state, void *data)
{
	paraminfo_module_state(data, state);
	return NOTIFY_OK;
}

static struct notifier_block paraminfo_module_nb = {
	.notifier_call = paraminfo_module_notify,
};

static int __init paraminfo_module_init(void)
{
	return register_module_notifier(&paraminfo_module_nb);
}
early_initcall(paraminfo_module_init);

/**
 * paraminfo_module_modtable() - a module's published table
 * @mod: the module
 *
 * Context: preemption disabled (or the module's state held still); the
 * table stays valid until it is enabled again.
 * Return: the table, or NULL when @mod has none published.
 */
const struct paraminfo_modtable *paraminfo_module_modtable(struct module *mod)
{
	struct paraminfo_module *pm = rcu_dereference_sched(mod->paraminfo);

	return pm ? &pm->mt : NULL;
}

/**
 * paraminfo_module_table() - the table of the module an address is in
 * @addr: a runtime address, e.g. an oops's pc
 * @taddr: receives @addr as that table has it, for paraminfo_find()
 *
 * Context: preemption disabled, as for __module_address(); the table
 * stays valid until it is enabled again. Any context, NMI included.
 * Return: the table, or NULL when @addr is in no module with a valid
 * table, or in its freed init text.
 */
const struct paraminfo_table *paraminfo_module_table(unsigned long addr,
						     u64 *taddr)
{
	const struct paraminfo_modtable *mt;
	struct module *mod;

	mod = __module_address(addr);
	if (!mod)
		return NULL;
	mt = paraminfo_module_modtable(mod);
	if (!mt)
		return NULL;
	*taddr = paraminfo_modtable_addr(mt, addr);
	return *taddr ? &mt->t : NULL;
}
