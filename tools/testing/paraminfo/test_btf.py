#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
#
# test_btf.py - cross-check gen_paraminfo's parameter names and C type
# strings against the kernel's own BTF.
#
# The reference vmlinux (Debian linux-image-6.1.0-56-cloud-amd64-dbg) has a
# .BTF section that pahole produced from the same DWARF the generator reads.
# BTF is an independent second opinion: pahole's DWARF loader plus its
# deduplicator on one side, our libdw reader and type renderer on the other.
# We parse "bpftool btf dump format raw", render every FUNC's parameter
# types to C strings with our own renderer below (the rules of bpftool's C
# output, written out in Documentation/admin-guide/paraminfo-btf.rst) and
# compare with "gen_paraminfo --dump".
#
# "test_btf.py --arch arm64" checks Debian's arm64 6.1 vmlinux
# (linux-image-6.1.0-57-cloud-arm64-dbg) the same way, to the same bar.
#
# Environment: GEN (generator), T (this directory), optional VMLINUX to
# skip fetch-vmlinux.sh, optional BTF_RAW / DUMP to reuse saved outputs.
#
# Output: KTAP-style "ok N - ..." / "not ok N - ..." lines and "# " notes.

import collections
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import time

NAMES_MIN = 99.5        # % of common functions with identical param names
TYPES_MIN = 99.0        # % of common functions with identical type strings
COVER_MIN = 95.0        # % of BTF FUNCs present in the dump by exact name
EXAMPLES = 4            # examples printed per category

CLONE_RE = re.compile(r'^(.*?)\.(isra|constprop|part|cold|llvm|lto_priv|'
                      r'localalias|specialized)(\.\d+)?(\..*)?$')

tests = []              # (ok, description)


def note(msg):
    print('# ' + msg, flush=True)


def check(ok, desc):
    tests.append((bool(ok), desc))
    print('%s %d - %s' % ('ok' if ok else 'not ok', len(tests), desc),
          flush=True)


def bail(msg):
    check(False, msg)
    sys.exit(1)


# --------------------------------------------------------------------------
# Inputs

def run(cmd, out_path=None):
    """Run cmd; return its stdout as text (or write it to out_path)."""
    try:
        if out_path:
            with open(out_path, 'wb') as f:
                r = subprocess.run(cmd, stdout=f, stderr=subprocess.PIPE)
            text = None
        else:
            r = subprocess.run(cmd, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE)
            text = r.stdout.decode('utf-8', 'replace')
    except OSError as e:
        bail('%s: %s' % (cmd[0], e))
    if r.returncode != 0:
        err = r.stderr.decode('utf-8', 'replace').strip().splitlines()
        bail('%s exited with %d: %s' % (' '.join(cmd), r.returncode,
                                        err[-1] if err else ''))
    return text


def get_vmlinux(tdir, arch):
    v = os.environ.get('VMLINUX')
    if v:
        return v
    return run([os.path.join(tdir, 'fetch-vmlinux.sh'), arch]).strip()


def load_dump(lines):
    """name -> [(addr, [(param name, type), ...])],
    addr -> (name, [(param name, type), ...]), count"""
    by_name = collections.defaultdict(list)
    addrs = {}
    n = 0
    for line in lines:
        if not line.strip():
            continue
        d = json.loads(line)
        n += 1
        a = int(d['addr'], 16)
        params = [(p['name'], p['type']) for p in d['params']]
        addrs[a] = (d['name'], params)
        by_name[d['name']].append((a, params))
    return by_name, addrs, n


# --------------------------------------------------------------------------
# BTF (bpftool raw dump) parsing and rendering

HDR_RE = re.compile(r"^\[(\d+)\] (\w+) '(.*?)'(.*)$")
MEM_RE = re.compile(r"^\t'(.*?)' type_id=(\d+)")
KV_RE = re.compile(r"(\w+)=(\S+)")


class Btf:
    def __init__(self, text):
        # id -> [kind, name, attrs(dict), params(list of (name, tid))]
        self.t = {0: ['VOID', 'void', {}, None]}
        cur = None
        for line in text.splitlines():
            if line.startswith('['):
                m = HDR_RE.match(line)
                if not m:
                    continue
                tid, kind, name, rest = m.groups()
                if name == '(anon)':
                    name = ''
                attrs = dict(KV_RE.findall(rest))
                cur = [kind, name, attrs,
                       [] if kind == 'FUNC_PROTO' else None]
                self.t[int(tid)] = cur
            elif line.startswith('\t') and cur is not None and \
                    cur[3] is not None:
                m = MEM_RE.match(line)
                if m:
                    pn = m.group(1)
                    cur[3].append(('' if pn == '(anon)' else pn,
                                   int(m.group(2))))
        self.cache = {}

    @staticmethod
    def tid(attrs, key='type_id'):
        return int(attrs[key].rstrip(','))

    def funcs(self):
        for tid, (kind, name, attrs, _) in self.t.items():
            if kind == 'FUNC':
                yield tid, name, self.tid(attrs)

    def skip_mods(self, tid):
        """Follow qualifiers and type tags; return the id underneath."""
        while True:
            k, _, a, _ = self.t[tid]
            if k in ('CONST', 'VOLATILE', 'RESTRICT', 'TYPE_TAG'):
                tid = self.tid(a)
            else:
                return tid

    def has_kind(self, tid, kinds, depth=0):
        """Does the type (not through typedefs/structs) use one of kinds?"""
        if depth > 32:
            return False
        k, _, a, params = self.t[tid]
        if k in kinds:
            return True
        if k in ('PTR', 'CONST', 'VOLATILE', 'RESTRICT', 'TYPE_TAG'):
            return self.has_kind(self.tid(a), kinds, depth + 1)
        if k == 'ARRAY':
            return self.has_kind(self.tid(a), kinds, depth + 1)
        if k == 'FUNC_PROTO':
            return self.has_kind(self.tid(a, 'ret_type_id'), kinds,
                                 depth + 1) or \
                any(self.has_kind(p, kinds, depth + 1) for _, p in params)
        return False

    def render(self, tid):
        """C type string for tid, without a declarator name."""
        s = self.cache.get(tid)
        if s is None:
            s = self.decl(tid, '', 0)
            self.cache[tid] = s
        return s

    def params_str(self, params):
        if not params:
            return '(void)'
        out = []
        for i, (_, p) in enumerate(params):
            if p == 0 and i == len(params) - 1:
                out.append('...')
            else:
                out.append(self.render(p))
        return '(' + ', '.join(out) + ')'

    def decl(self, tid, inner, depth):
        """Type tid around the declarator text inner (C "inside-out")."""
        if depth > 64:
            return '<loop>'
        k, name, a, params = self.t[tid]
        if k in ('VOID', 'INT', 'FLOAT', 'TYPEDEF', 'STRUCT', 'UNION',
                 'ENUM', 'ENUM64', 'FWD'):
            if k in ('STRUCT', 'UNION'):
                base = '%s %s' % (k.lower(), name or '{...}')
            elif k in ('ENUM', 'ENUM64'):
                base = 'enum %s' % (name or '{...}')
            elif k == 'FWD':
                base = '%s %s' % (a.get('fwd_kind', 'struct'), name)
            else:
                base = name
            return base + (' ' + inner if inner else '')
        if k in ('CONST', 'VOLATILE', 'RESTRICT'):
            word = k.lower()
            sub = self.tid(a)
            if self.t[self.skip_mods(sub)][0] == 'PTR':
                # qualified pointer: the word goes after the star
                return self.decl(sub, word + (' ' + inner if inner else ''),
                                 depth + 1)
            if self.t[self.skip_mods(sub)][0] == 'ARRAY':
                # a qualified array is an array of qualified elements;
                # GCC puts the qualifier on the elements too (as bpftool,
                # print it once, from the element type)
                return self.decl(sub, inner, depth + 1)
            return word + ' ' + self.decl(sub, inner, depth + 1)
        if k == 'TYPE_TAG':
            return self.decl(self.tid(a), inner, depth + 1)
        if k == 'PTR':
            sub = self.tid(a)
            if inner[:1].isalpha():         # "* const", "* restrict"
                inner = ' ' + inner
            star = '*' + inner
            if self.t[self.skip_mods(sub)][0] in ('ARRAY', 'FUNC_PROTO'):
                star = '(' + star + ')'
            return self.decl(sub, star, depth + 1)
        if k == 'ARRAY':
            n = int(a.get('nr_elems', '0'))
            return self.decl(self.tid(a), inner + '[%d]' % n, depth + 1)
        if k == 'FUNC_PROTO':
            return self.decl(self.tid(a, 'ret_type_id'),
                             inner + self.params_str(params), depth + 1)
        return '<%s>' % k                     # VAR, DATASEC, DECL_TAG, FUNC


# --------------------------------------------------------------------------
# ELF symbol table (to explain BTF functions missing from the dump and to
# tell how many functions of one name really exist in the image)

# Where scripts/kallsyms.c names text: [_stext, _etext), [_sinittext,
# _einittext). Filled by elf_func_symbols() from the symbol table.
TEXT_BOUNDS = {}


def in_kallsyms_text(addr):
    pairs = [('_stext', '_etext'), ('_sinittext', '_einittext')]
    return any(TEXT_BOUNDS.get(lo, 1) <= addr < TEXT_BOUNDS.get(hi, 0)
               for lo, hi in pairs)


def elf_func_symbols(path):
    """name -> list of addresses of defined STT_FUNC symbols"""
    names = collections.defaultdict(list)
    with open(path, 'rb') as f:
        eh = f.read(64)
        if eh[:4] != b'\x7fELF' or eh[4] != 2 or eh[5] != 1:
            return names
        shoff, = struct.unpack_from('<Q', eh, 0x28)
        shentsize, shnum = struct.unpack_from('<HH', eh, 0x3a)
        f.seek(shoff)
        shdrs = [struct.unpack_from('<IIQQQQIIQQ', f.read(shentsize))
                 for _ in range(shnum)]
        for sh in shdrs:
            if sh[1] != 2:                   # SHT_SYMTAB
                continue
            f.seek(sh[4])
            syms = f.read(sh[5])
            st = shdrs[sh[6]]
            f.seek(st[4])
            strs = f.read(st[5])
            for (name, info, _o, shndx, value, _s) in \
                    struct.iter_unpack('<IBBHQQ', syms):
                end = strs.index(b'\0', name)
                sname = strs[name:end].decode('utf-8', 'replace')
                if sname in ('_stext', '_etext', '_sinittext', '_einittext'):
                    TEXT_BOUNDS[sname] = value
                if info & 0xf == 2 and shndx != 0:     # defined STT_FUNC
                    names[sname].append(value)
    return names


def dwarf_lookup(vmlinux, addr):
    """Optional evidence: does any DW_TAG_subprogram cover addr?"""
    try:
        r = subprocess.run(['llvm-dwarfdump', '--lookup=0x%x' % addr,
                            vmlinux], stdout=subprocess.PIPE,
                           stderr=subprocess.DEVNULL, timeout=20)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return b'DW_TAG_subprogram' in r.stdout


# --------------------------------------------------------------------------
# Why each kind of remaining mismatch is what it is: traced to the DWARF
# with llvm-dwarfdump (Documentation/admin-guide/paraminfo-btf.rst gives
# the evidence). Printed under each category.

MISS_CLONE = 'the dump has it only as a clone'
MISS_NO_SYM = 'no ELF FUNC symbol of that name'
MISS_ALIAS = 'its address is in the dump under another name (alias; ' \
    'kallsyms prints that one)'
MISS_EXIT = 'outside kallsyms\' text ranges (.exit.text: no name in an ' \
    'oops, freed after boot; dropped on purpose)'
MISS_AMBIGUOUS = 'no DWARF instance, and the address-less DIEs of the ' \
    'name disagree'
MISS_ASM = 'assembler code at the symbol; BTF has a C prototype of the name'
MISS_ASM_VOID = 'ELF symbol, no parameters in BTF, no DWARF instance kept ' \
    '(assembler source)'
MISS_UNEXPLAINED = 'ELF symbol, no DWARF instance at its address, not ' \
    'explained'

WHY = {
    MISS_CLONE: 'BTF names the source function; only a clone of it has '
    'code, and the dump names the clone.',
    MISS_NO_SYM: 'pahole made a FUNC from a DIE whose function has no '
    'symbol at all.',
    MISS_ALIAS: 'one function, several symbols: the dump keeps one entry '
    'per address, named as kallsyms prints it.',
    MISS_EXIT: 'scripts/kallsyms.c does not name .exit.text, so an oops '
    'there could not name the function; by design.',
    MISS_AMBIGUOUS: 'a __weak COND_SYSCALL stub in kernel/sys_ni.c '
    '(__unused) and the SYSCALL_DEFINE wrapper (regs) both left '
    'address-less DIEs: which one the code is cannot be told, so the '
    'generator skips the name on purpose; pahole took one.',
    MISS_ASM: 'the code is an assembler unit\'s (gas gives no parameters, '
    'dropped on purpose); BTF\'s prototype is an overridden C __weak '
    'definition\'s.',
    MISS_ASM_VOID: 'gas describes assembler functions without parameters; '
    '"no parameters" would be false, so the generator drops them (--stats: '
    '"dropped, assembler source"). BTF is wrong for them.',
    MISS_UNEXPLAINED: 'not classified: look at its DWARF.',
    'BTF has the __weak COND_SYSCALL stub (__unused)': 'pahole took '
    'kernel/sys_ni.c\'s __weak stub DIE, the first of the name; the code at '
    'the symbol is the SYSCALL_DEFINE wrapper\'s. BTF\'s fault.',
    'names differ': 'BTF took another DIE of the name (fortify-string.h\'s '
    'inline strcpy(p, q), an overridden __weak, an inline of another file); '
    'the dump has the DIE at the symbol\'s address. BTF\'s fault.',
    'parameter count differs': 'BTF\'s prototype is an inline-only static '
    'of the same name in another file (mm_init, m_start, compute_score). '
    'BTF\'s fault.',
    'const only in BTF': 'fortify-string.h declares "char * const POS p"; '
    'the definition at the symbol has no const. BTF\'s fault.',
    'array without bound: DWARF [] vs BTF [0]': 'BTF cannot store an array '
    'without a bound and records 0 elements; DWARF has none. BTF\'s limit.',
    'spacing only': 'the two renderers space a declarator differently: '
    'a rendering bug on one side.',
}


def why(cat):
    """The explanation of a category, by exact name or prefix."""
    for k, v in WHY.items():
        if cat == k or cat.startswith(k):
            return v
    return 'not explained: look at the DWARF of the examples.'


def dies_by_name(vmlinux, names):
    """{name: [(has an address, is a declaration, [param names])]} of
    the top-level subprogram DIEs so named, from llvm-dwarfdump --name;
    None without llvm-dwarfdump."""
    if not names or shutil.which('llvm-dwarfdump') is None:
        return None
    cmd = ['llvm-dwarfdump', '--show-children']
    cmd += ['--name=' + n for n in sorted(names)]
    try:
        out = subprocess.run(cmd + [vmlinux], stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, timeout=300).stdout
    except (OSError, subprocess.TimeoutExpired):
        return None
    dies = []
    cur = None
    for line in out.decode('utf-8', 'replace').splitlines():
        m = re.match(r'^0x[0-9a-f]+:( *)(DW_TAG_\w+)', line)
        if m:
            if not m.group(1).strip() and len(m.group(1)) == 1:
                cur = {'tag': m.group(2), 'addr': False, 'decl': False,
                       'name': None, 'params': [], 'param': False}
                if cur['tag'] == 'DW_TAG_subprogram':
                    dies.append(cur)
            elif cur is not None:
                cur['param'] = m.group(2) == 'DW_TAG_formal_parameter'
                if cur['param']:
                    cur['params'].append('')
            continue
        m = re.match(r'^\s+(DW_AT_\w+)\s+\((.*)\)$', line)
        if not m or cur is None:
            continue
        at, val = m.groups()
        if cur['param'] and at == 'DW_AT_name':
            cur['params'][-1] = val.strip('"')
        elif not cur['param']:
            if at == 'DW_AT_name':
                cur['name'] = val.strip('"')
            elif at in ('DW_AT_low_pc', 'DW_AT_ranges'):
                cur['addr'] = True
            elif at == 'DW_AT_declaration':
                cur['decl'] = True
    res = collections.defaultdict(list)
    for d in dies:
        if d['name'] in names:
            res[d['name']].append((d['addr'], d['decl'], d['params']))
    return res


# --------------------------------------------------------------------------
# Classification of a mismatch between a dump entry and a BTF prototype

WORD_RE = re.compile(r'[A-Za-z_]\w*')


def classify_type(ours, theirs, btf, btf_tid, typedefs):
    """Category for one differing type string pair."""
    o, t = ours.replace(' ', ''), theirs.replace(' ', '')
    if o == t:
        return 'spacing only'
    if o.replace('[]', '[0]') == t:
        return 'array without bound: DWARF [] vs BTF [0]'
    if btf.has_kind(btf_tid, ('ENUM64',)):
        return 'enum64'

    def strip(s, w):
        return re.sub(r'\b%s\b' % w, '', s).replace(' ', '')
    for w in ('const', 'volatile', 'restrict', '_Atomic'):
        if strip(ours, w) == strip(theirs, w):
            lost = theirs.count(w) > ours.count(w)
            return '%s %s' % (w, 'only in BTF' if lost else 'only in ours')
    if set(WORD_RE.findall(theirs)) & typedefs != \
            set(WORD_RE.findall(ours)) & typedefs:
        return 'typedef vs another type'
    if ('{...}' in ours) != ('{...}' in theirs):
        return 'anonymous vs named'
    return 'different type'


def fmt_params(plist, i):
    """Comma-separated names (i = 0) or types (i = 1) of a param list."""
    return ', '.join(p[i] for p in plist)


def report(cats, what):
    for cat, v in sorted(cats.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        note('  %s: %d %s, e.g.' % (what, len(v), cat))
        note('    why: ' + why(cat))
        for x in v[:EXAMPLES]:
            note('    ' + x)


def classify_undecided(vmlinux, undecided, missing):
    """BTF FUNCs with parameters whose symbol has code the dump lacks:
    since the generator keeps functions that only an address-less DIE
    describes, either those DIEs disagree, or the code is an assembler
    unit's (a subprogram DIE with an address covers it), or it is
    unexplained."""
    dies = dies_by_name(vmlinux, {n for n, _ in undecided})
    for n, a in undecided:
        if dies is None:
            missing[MISS_UNEXPLAINED + ' (no llvm-dwarfdump to look)'] \
                .append((n, a))
            continue
        protos = {tuple(p) for has, decl, p in dies.get(n, ())
                  if not has and not decl}
        if len(protos) > 1:
            missing[MISS_AMBIGUOUS].append((n, a))
        elif dwarf_lookup(vmlinux, a):
            missing[MISS_ASM].append((n, a))
        else:
            missing[MISS_UNEXPLAINED].append((n, a))


def decl_only(gen, vmlinux):
    """Functions of gen_paraminfo --text whose parameters have the reason
    "no location information": the ones only an address-less DIE
    describes (those with parameters)."""
    names = set()
    name = None
    for line in run([gen, '--text', vmlinux]).splitlines():
        if not line.startswith(' '):
            name = line.split()[0] if line.split() else None
        elif name and line.endswith('(no location information)'):
            names.add(name)
    return names


def main():
    tdir = os.environ.get('T') or os.path.dirname(os.path.abspath(__file__))
    gen = os.environ.get('GEN') or os.path.join(tdir, '../../../build/'
                                                'gen_paraminfo')
    arch = 'x86_64'
    if sys.argv[1:2] == ['--arch'] and len(sys.argv) == 3:
        arch = sys.argv[2]
    elif sys.argv[1:]:
        sys.exit('usage: test_btf.py [--arch x86_64|arm64]')
    vmlinux = get_vmlinux(tdir, arch)
    if not os.path.exists(vmlinux):
        bail('vmlinux not found: %s' % vmlinux)
    note('vmlinux: %s' % vmlinux)

    t0 = time.time()
    if os.environ.get('DUMP'):
        with open(os.environ['DUMP']) as f:
            dump, daddrs, ndump = load_dump(f)
    else:
        dump, daddrs, ndump = load_dump(
            run([gen, '--dump', vmlinux]).splitlines())
    t1 = time.time()
    check(ndump > 10000, 'gen_paraminfo --dump produced %d functions '
          '(%.1f s)' % (ndump, t1 - t0))
    if not os.environ.get('DUMP'):
        # the generator's own account of what it left out, for the notes
        # on BTF functions missing from the dump below
        for line in run([gen, '--stats', vmlinux]).splitlines():
            if line.strip().startswith('dropped') and \
                    not line.rstrip().endswith(': 0'):
                note('gen --stats: ' + line.strip())

    if os.environ.get('BTF_RAW'):
        with open(os.environ['BTF_RAW']) as f:
            raw = f.read()
    else:
        raw = run(['bpftool', 'btf', 'dump', 'file', vmlinux,
                   'format', 'raw'])
    btf = Btf(raw)
    del raw
    typedefs = {v[1] for v in btf.t.values() if v[0] == 'TYPEDEF'}
    elf = elf_func_symbols(vmlinux)

    # Every BTF FUNC as (id, name, [(param name, C type)], [param type id])
    funcs = []
    by_name = collections.defaultdict(list)
    for tid, fname, proto in btf.funcs():
        bparams = list(btf.t[proto][3])
        if bparams and bparams[-1][1] == 0:       # vararg "..."
            bparams.pop()
        sig = [(n, btf.render(p)) for n, p in bparams]
        f = (tid, fname, sig, [p for _, p in bparams])
        funcs.append(f)
        by_name[fname].append(f)
    check(len(funcs) > 10000, 'bpftool: %d BTF types, %d FUNCs, %d of '
          'them share a name with another FUNC' %
          (len(btf.t) - 1, len(funcs),
           sum(len(v) for v in by_name.values() if len(v) > 1)))

    # Dump names grouped by base name (clone suffixes stripped)
    clone_of = collections.defaultdict(set)
    for n in dump:
        m = CLONE_RE.match(n)
        if m and m.group(1) != n:
            clone_of[m.group(1)].add(n)

    missing = collections.defaultdict(list)
    undecided = []
    alias_ok = 0
    shadowed = []
    common = []
    for f in funcs:
        tid, fname, sig, _ = f
        entries = dump.get(fname)
        if entries:
            if any(e == sig for _, e in entries):
                common.append(f)
                continue
            # A BTF FUNC that matches nothing while another BTF FUNC of
            # the same name matches, every dump entry of the name is
            # matched, and the ELF symbol table has no more functions of
            # that name than the dump: pahole encoded a second DWARF
            # subprogram of that name that has no code at any symbol
            # (overridden __weak, inline-only static of another file).
            others = [g for g in by_name[fname] if g is not f]
            if others and \
                    all(any(e == g[2] for g in others) for _, e in entries) \
                    and len(elf.get(fname, ())) <= len(entries):
                shadowed.append('%s: btf (%s) [%s] vs ours (%s)' % (
                    fname, fmt_params(sig, 0), fmt_params(sig, 1),
                    fmt_params(entries[0][1], 0)))
                continue
            common.append(f)
            continue
        if fname in clone_of:
            sfx = sorted({re.sub(r'\.\d+$', '', c[len(fname):])
                          for c in clone_of[fname]})
            cat = '%s (%s)' % (MISS_CLONE, '/'.join(sfx))
            missing[cat].append((fname, None))
            continue
        addrs = elf.get(fname)
        if not addrs:
            missing[MISS_NO_SYM].append((fname, None))
        elif any(a in daddrs for a in addrs):
            a = next(a for a in addrs if a in daddrs)
            alias_ok += daddrs[a][1] == sig
            missing[MISS_ALIAS].append((fname, a))
        elif not any(in_kallsyms_text(a) for a in addrs):
            missing[MISS_EXIT].append((fname, None))
        elif sig:
            undecided.append((fname, addrs[0]))
        else:
            missing[MISS_ASM_VOID].append((fname, addrs[0]))
    classify_undecided(vmlinux, undecided, missing)

    ncommon = len(common)
    cover = 100.0 * (ncommon + len(shadowed)) / len(funcs)
    check(cover >= COVER_MIN, 'BTF FUNCs found in the dump by exact name: '
          '%d of %d (%.2f %%)' % (ncommon + len(shadowed), len(funcs),
                                   cover))
    nmiss = sum(len(v) for v in missing.values())
    if not os.environ.get('DUMP'):
        decl = decl_only(gen, vmlinux)
        found = {f[1] for f in common} & decl
        note('of them, %d are functions without a DWARF instance (an '
             'address-less DIE: names and types, <no location '
             'information>), e.g. %s' %
             (len(found), ', '.join(sorted(found)[:EXAMPLES])))
    note('%d BTF FUNCs are not in the dump under their own name:' % nmiss)
    have_llvm = shutil.which('llvm-dwarfdump') is not None
    for cat, v in sorted(missing.items(), key=lambda kv: -len(kv[1])):
        note('  %5d  %s, e.g. %s' % (len(v), cat,
                                     ', '.join(n for n, _ in
                                               v[:EXAMPLES])))
        note('         why: ' + why(cat))
        if cat == MISS_ALIAS:
            note('         %d of them have the same parameter names and '
                 'types as the dump entry at their address' % alias_ok)
        if have_llvm and cat in (MISS_ASM_VOID, MISS_UNEXPLAINED):
            for n, a in v[:2]:
                cov = dwarf_lookup(vmlinux, a)
                if cov is not None:
                    note('         llvm-dwarfdump --lookup=0x%x (%s): %s' %
                         (a, n, 'a subprogram DIE covers it' if cov else
                          'no subprogram DIE covers it'))
    unexplained = sum(len(v) for c, v in missing.items()
                      if c.startswith(MISS_UNEXPLAINED))
    check(unexplained == 0, 'every BTF FUNC missing from the dump is in an '
          'explained category (%d not)' % unexplained)

    check(True, 'BTF FUNCs excluded as describing no code (a second '
          'prototype for a name whose every symbol matches another '
          'FUNC): %d' % len(shadowed))
    for x in shadowed[:EXAMPLES]:
        note('    ' + x)

    names_ok = 0
    types_ok = 0
    name_cat = collections.defaultdict(list)
    type_cat = collections.defaultdict(list)
    for tid, fname, sig, ptids in common:
        entries = [e for _, e in dump[fname]]
        bnames = [n for n, _ in sig]
        btypes = [t for _, t in sig]
        if any([p[0] for p in e] == bnames for e in entries):
            names_ok += 1
        else:
            e = entries[0]
            if len(e) != len(bnames):
                cat = 'parameter count differs'
            elif bnames == ['__unused']:
                cat = 'BTF has the __weak COND_SYSCALL stub (__unused)'
            else:
                cat = 'names differ'
            name_cat[cat].append('%s: ours (%s) btf (%s)' % (
                fname, fmt_params(e, 0), ', '.join(bnames)))

        if any([p[1] for p in e] == btypes for e in entries):
            types_ok += 1
            continue
        # classify against the closest entry (same count if possible)
        e = next((e for e in entries if len(e) == len(btypes)), entries[0])
        if len(e) != len(btypes):
            type_cat['parameter count differs'].append(
                '%s: ours (%s) btf (%s)' % (fname, fmt_params(e, 1),
                                            ', '.join(btypes)))
            continue
        for i, ((_, ot), bt) in enumerate(zip(e, btypes)):
            if ot != bt:
                cat = classify_type(ot, bt, btf, ptids[i], typedefs)
                type_cat[cat].append('%s arg %d: ours "%s" btf "%s"' %
                                     (fname, i, ot, bt))
                break

    pn = 100.0 * names_ok / ncommon if ncommon else 0.0
    check(pn >= NAMES_MIN, 'identical parameter names in order: %d of %d '
          '(%.2f %%)' % (names_ok, ncommon, pn))
    report(name_cat, 'names')
    pt = 100.0 * types_ok / ncommon if ncommon else 0.0
    check(pt >= TYPES_MIN, 'identical parameter type strings: %d of %d '
          '(%.2f %%)' % (types_ok, ncommon, pt))
    report(type_cat, 'types')
    tot = ncommon + len(shadowed)
    if tot:
        note('counting the %d excluded FUNCs as disagreements instead: '
             'names %.2f %%, types %.2f %%' % (len(shadowed),
                                               100.0 * names_ok / tot,
                                               100.0 * types_ok / tot))
    note('comparison took %.1f s besides the generator run' %
         (time.time() - t1))
    sys.exit(0 if all(ok for ok, _ in tests) else 1)


if __name__ == '__main__':
    main()
