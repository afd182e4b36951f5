#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
#
# test_fixtures.py - check gen_paraminfo --dump against the default fixture.
#
# Environment (set by run-tests.sh): GEN (gen_paraminfo), BUILD (build dir
# holding fixtures/default-O{2,1,s,0} and arm64-O{2,1,s}), T
# (tools/testing/paraminfo). The AArch64 expectations are in
# test_fixtures_arm64.py, run from here.
#
# Every expected parameter list below is written by hand from the fixture's
# C source and the SysV x86-64 ABI; nothing is derived from gen_paraminfo's
# output. Location facts are only asserted where they follow from the ABI
# or from the disassembly (objdump) independently of DWARF: what is in
# which register at offset 0, what a call into another file clobbers, which
# callee-saved register a value was copied to before a call, which values
# cannot fit in one 64-bit register at all; for fixtures/machine.c, which
# registers a rep-string instruction, an inline asm, a mask, a cmov or a
# loop overwrites (objdump's text parsed by test_insn.py's Insn).
#
# Prints KTAP lines ("ok N - ...", "not ok N - ...", "# ...") and exits 1
# if any check failed.

import json
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_insn import Insn, reg_of  # noqa: E402 (objdump's AT&T parsed)
import test_fixtures_arm64  # noqa: E402 (the AArch64 section)

GEN = os.environ.get("GEN", "build/gen_paraminfo")
BUILD = os.environ.get("BUILD", "build")
LEVELS = ["O2", "O1", "Os", "O0"]

ARG_REGS = ["rdi", "rsi", "rdx", "rcx", "r8", "r9"]
GPRS = {"rax", "rbx", "rcx", "rdx", "rsi", "rdi", "rbp", "rsp",
        "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15"}
CALLEE_SAVED = {"rbx", "rbp", "r12", "r13", "r14", "r15"}
CALLER_SAVED = {"rax", "rcx", "rdx", "rsi", "rdi",
                "r8", "r9", "r10", "r11"}
# 32-bit names objdump prints for the low halves of the GPRs.
REG32 = {"eax": "rax", "ebx": "rbx", "ecx": "rcx", "edx": "rdx",
         "esi": "rsi", "edi": "rdi", "ebp": "rbp", "esp": "rsp"}
REG32.update({"r%dd" % i: "r%d" % i for i in range(8, 16)})


def P(name, typ, abi):
    return (name, typ, abi)


def longs(names, first=0, stack_from=6, typ="long int"):
    out = []
    for i, n in enumerate(names):
        slot = first + i
        out.append(P(n, typ, ARG_REGS[slot] if slot < stack_from
                     else "stack"))
    return out


# Declared parameters: (name, C type as pahole writes it, SysV entry slot).
EXPECT = {
    # main.c
    "main": [P("argc", "int", "rdi"), P("argv", "char **", "rsi")],
    "double_it": [P("v", "int", "rdi")],
    "done_work": [P("work", "struct work_struct *", "rdi")],
    # basic.c
    "file_pos_add": [P("file", "struct file *", "rdi"),
                     P("off", "long int", "rsi")],
    "mix_types": [P("c", "unsigned char", "rdi"),
                  P("s", "short int", "rsi"),
                  P("us", "short unsigned int", "rdx"),
                  P("ul", "long unsigned int", "rcx"),
                  P("ll", "long long int", "r8"),
                  P("ch", "char", "r9")],
    "sum7": longs(["a1", "a2", "a3", "a4", "a5", "a6", "a7"]),
    "sum8": longs(["a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8"],
                  typ="int"),
    "file_flush": [P("file", "struct file *", "rdi"),
                   P("count", "long int", "rsi")],
    "unused_arg": [P("used", "int", "rdi"), P("unused", "int", "rsi")],
    "sum_varargs": [P("count", "int", "rdi")],
    "copy_name": [P("dst", "char *", "rdi"),
                  P("src", "const char *", "rsi"),
                  P("len", "size_t", "rdx")],
    "poll_flag": [P("flag", "volatile int *", "rdi"),
                  P("buf", "char * const", "rsi"),
                  P("gfp", "gfp_t", "rdx")],
    "apply_cb": [P("fn", "int (*)(int)", "rdi"),
                 P("done", "void (*)(struct work_struct *)", "rsi"),
                 P("work", "struct work_struct *", "rdx"),
                 P("arg", "int", "rcx")],
    "sum_grid": [P("grid", "int (*)[4]", "rdi"),
                 P("rows", "int", "rsi"),
                 P("vals", "int *", "rdx"),
                 P("names", "const char *", "rcx")],
    "color_weight": [P("c", "enum color", "rdi"),
                     P("bright", "_Bool", "rsi")],
    "anon_cfg_clamp": [P("cfg", "struct {...} *", "rdi"),
                       P("val", "int", "rsi")],
    # abi.c
    "pair_sum": [P("p", "struct pair32", "rdi"), P("k", "int", "rsi")],
    "range_len": [P("r", "struct range", "rdi+rsi"),
                  P("scale", "long int", "rdx")],
    "triple_sum": [P("t", "struct triple", "stack"),
                   P("k", "long int", "rdi")],
    "mixed_fp": [P("a", "int", "rdi"), P("x", "double", "xmm"),
                 P("b", "long int", "rsi"), P("y", "float", "xmm")],
    "sample_scale": [P("s", "struct sample", "rdi+xmm"),
                     P("n", "int", "rsi")],
    "wide_shift": [P("v", "__int128", "rdi+rsi"), P("s", "int", "rdx")],
    "wide_spill": longs(["a", "b", "c", "d", "e"]) +
                  [P("v", "__int128", "stack"), P("f", "long int", "r9")],
    "make_triple": longs(["a", "b"], first=1),
    "ld_scale": [P("x", "long double", "stack"), P("n", "int", "rdi")],
    # clones.c
    "inode_is_dir": [P("inode", "const struct inode *", "rdi")],
    "inode_is_reg": [P("inode", "const struct inode *", "rdi")],
    "inode_hash": [P("inode", "const struct inode *", "rdi"),
                   P("bits", "unsigned int", "rsi")],
    "scale_pages": [P("nr", "long int", "rdi")],
    "scale_bytes": [P("nr", "long int", "rdi")],
    "check_pos": [P("file", "struct file *", "rdi"),
                  P("pos", "long int", "rsi")],
    "table_a_lookup": [P("key", "int", "rdi")],
    # dup.c
    "note_event": [P("v", "long int", "rdi")],
    "report_bad_pos": [P("what", "const char *", "rdi"),
                       P("pos", "long int", "rsi")],
    "table_b_lookup": [P("key", "int", "rdi")],
    # icf.c
    "icf_scale": [P("p", "struct icf_pair *", "rdi"),
                  P("k", "long int", "rsi")],
    "icf_shift": [P("q", "struct icf_pair *", "rdi"),
                  P("n", "long int", "rsi")],
    "icf_run": [P("k", "long int", "rdi")],
}

# The fixture's variadic functions (a64_varargs is abi_arm64.c's).
VARIADIC = {"sum_varargs"}
# icf.c's pair: the second is folded into the first at these levels
# (gcc's -fipa-icf) and keeps only an address-less DIE.
ICF_PAIR = ("icf_scale", "icf_shift")
ICF_LEVELS = ("O2", "Os")

# Two static functions of this name (clones.c and dup.c).
DUP_NAME = "lookup_slot"
DUP_PARAMS = [P("key", "int", "rdi")]

# Static functions gcc -O2 (and -Os) clones: declared parameters and the
# clone kind the fixture is written to produce at -O2.
CLONE_BASES = {
    "inode_mode_bits": ([P("inode", "const struct inode *", "rdi")],
                        ".isra."),
    "ino_hash": ([P("inode", "const struct inode *", "rdi"),
                  P("bits", "unsigned int", "rsi"),
                  P("unused", "int", "rdx")], ".isra."),
    "scale_count": ([P("nr", "long int", "rdi"), P("shift", "int", "rsi")],
                    ".constprop."),
}

# fixtures/machine.c: code gcc's location lists describe wrongly (issue 9).
MACHINE = {
    "rep_movsb_copy": [P("dst", "void *", "rdi"),
                       P("src", "const void *", "rsi"),
                       P("len", "size_t", "rdx")],
    "rep_stosb_fill": [P("dst", "char *", "rdi"), P("c", "int", "rsi"),
                       P("len", "size_t", "rdx")],
    "rep_stosq_zero": [P("words", "long unsigned int *", "rdi"),
                       P("nr", "long unsigned int", "rsi")],
    "rep_stosb_count": [P("dst", "char *", "rdi"), P("c", "int", "rsi"),
                        P("pad", "int", "rdx"),
                        P("len", "long unsigned int", "rcx")],
    "asm_clobber_rsi": longs(["a", "b"]),
    "asm_clobber_live": longs(["a", "b", "c"]),
    "asm_step_ptr": [P("p", "long unsigned int *", "rdi")],
    "touch_pages": longs(["addr", "nr"], typ="long unsigned int"),
    "clamp_len": longs(["lim", "len"], typ="long unsigned int"),
    "clamp_int": [P("lim", "int", "rdi"), P("x", "int", "rsi"),
                  P("out", "int *", "rdx")],
    "jump_table": [P("sel", "unsigned int", "rdi"), P("a", "long int", "rsi"),
                   P("b", "long int", "rdx")],
    "tail_target": [P("v", "long int", "rdi")],
    "tail_ptr": [P("fn", "long int (*)(long int)", "rdi"),
                 P("a", "long int", "rsi")],
}

# Instructions of machine.c (objdump's text, spaces squeezed) after which
# the register they write holds no parameter until it is written from
# another register: the asm's own instructions, rep-string instructions
# (they step rdi, rsi and rcx), the "&= mask" of a parameter and the cmov
# of "if (len > lim) len = lim;". At the offset of a rep-string
# instruction itself the registers it steps hold no parameter either.
MACHINE_CLOBBERS = {
    "rep_movsb_copy": [r"rep movsb .*"],
    "rep_stosb_fill": [r"rep stos .*"],
    "rep_stosq_zero": [r"rep stos .*"],
    "rep_stosb_count": [r"and \$0x7,%ecx", r"add \$0x3,%ecx",
                        r"rep stos .*"],
    "asm_clobber_rsi": [r"xor %esi,%esi"],
    "asm_clobber_live": [r"mov \$0x5a5a,%edx", r"xor %esi,%esi",
                         r"add %rdx,%\w+"],
    "asm_step_ptr": [r"add \$0x8,%rdi"],
    "touch_pages": [r"and \$0x3,%\w+"],
    "clamp_len": [r"cmov\w+ %\w+,%\w+"],
    "clamp_int": [r"cmov\w+ %\w+,%\w+"],
}

KEYS_FUNC = ["name", "addr", "size", "params"]
KEYS_FUNC_VARARGS = KEYS_FUNC + ["varargs"]
KEYS_PARAM = ["name", "type", "abi", "locs"]
KEYS_LOC = ["from", "to", "reg"]
KEYS_LOC_STACK = ["from", "to", "stack"]     # in memory at sp + "stack"
STACK_OFF_MAX = 4095                        # PARAMINFO_STACK_OFF_MAX


class Ktap:
    def __init__(self):
        self.n = 0
        self.passed = 0
        self.failed = 0

    def check(self, ok, desc, diag=()):
        self.n += 1
        if ok:
            self.passed += 1
            print("ok %d - %s" % (self.n, desc))
        else:
            self.failed += 1
            print("not ok %d - %s" % (self.n, desc))
            for d in diag:
                print("# " + str(d))
        sys.stdout.flush()
        return ok

    def diag(self, msg):
        print("# " + msg)


def run(cmd):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return p.returncode, p.stdout, p.stderr


class Binary:
    """One fixture binary: its dump, symbols and disassembly."""

    PREFIX = "default"      # build/fixtures/PREFIX-LEVEL
    NM = "nm"
    OBJDUMP = "objdump"
    GPRS = GPRS

    def __init__(self, level):
        self.level = level
        self.path = os.path.join(BUILD, "fixtures",
                                 self.PREFIX + "-" + level)
        self.rc, self.raw, err = run([GEN, "--dump", self.path])
        self.err = err.decode(errors="replace")
        self.lines = self.raw.decode(errors="replace").splitlines()
        self.funcs = []
        self.json_errors = []
        for i, line in enumerate(self.lines):
            try:
                self.funcs.append(json.loads(
                    line, object_pairs_hook=lambda kv: kv))
            except ValueError as e:
                self.json_errors.append("line %d: %s" % (i + 1, e))
        # object_pairs_hook keeps key order: convert to dicts afterwards.
        self.ordered = self.funcs
        self.funcs = [to_dict(f) for f in self.funcs]
        self._syms = None
        self._dis = None

    def by_name(self, name):
        return [f for f in self.funcs if f.get("name") == name]

    def one(self, name):
        fs = self.by_name(name)
        return fs[0] if len(fs) == 1 else None

    def syms(self):
        """nm -S: list of (name, addr, size or None, type letter)."""
        if self._syms is None:
            _, out, _ = run([self.NM, "-S", "--defined-only", self.path])
            self._syms = []
            for line in out.decode().splitlines():
                f = line.split()
                if len(f) == 4:
                    self._syms.append((f[3], int(f[0], 16), int(f[1], 16),
                                       f[2]))
                elif len(f) == 3:
                    self._syms.append((f[2], int(f[0], 16), None, f[1]))
        return self._syms

    def dis(self):
        """objdump -d: {start address: (symbol, [(addr, text)])}."""
        if self._dis is None:
            _, out, _ = run([self.OBJDUMP, "-d", "--no-show-raw-insn",
                             self.path])
            self._dis = {}
            cur = None
            for line in out.decode().splitlines():
                m = re.match(r"^([0-9a-f]+) <(.+)>:$", line)
                if m:
                    cur = []
                    self._dis[int(m.group(1), 16)] = (m.group(2), cur)
                    continue
                m = re.match(r"^\s+([0-9a-f]+):\s+(.*)$", line)
                if m and cur is not None:
                    cur.append((int(m.group(1), 16), m.group(2).strip()))
        return self._dis

    def insns(self, func):
        """[(offset, end offset, text)] of a dump entry's instructions."""
        start = int(func["addr"], 16)
        ent = self.dis().get(start)
        if not ent:
            return []
        body = [(a, t) for a, t in ent[1] if a < start + func["size"]]
        out = []
        for i, (a, t) in enumerate(body):
            end = body[i + 1][0] if i + 1 < len(body) else \
                start + func["size"]
            out.append((a - start, end - start, t))
        return out


def to_dict(v):
    if isinstance(v, list) and v and all(isinstance(x, tuple) and
                                         len(x) == 2 for x in v):
        return {k: to_dict(x) for k, x in v}
    if isinstance(v, list):
        return [to_dict(x) for x in v]
    return v


def keys_of(v):
    return [k for k, _ in v] if isinstance(v, list) else None


def sig(func):
    return [(p.get("name"), p.get("type"), p.get("abi"))
            for p in func.get("params", [])]


def param(func, name):
    for p in func.get("params", []):
        if p.get("name") == name:
            return p
    return None


def covering(p, off):
    """Registers the dump puts parameter p in at offset off (stack slots
    left out)."""
    return [l["reg"] for l in p.get("locs", [])
            if "reg" in l and l["from"] <= off < l["to"]]


def fmt_sig(s):
    return ", ".join("%s:%s:%s" % x for x in s)


def sig_diff(want, got):
    return ["want %s" % fmt_sig(want), "got  %s" % fmt_sig(got)]


def is_clone_name(name):
    return "." in name and not name.endswith(".cold")


def find_clones(b, base):
    return [f for f in b.funcs if f["name"].startswith(base + ".") and
            is_clone_name(f["name"])]


def check_format(k, b):
    lvl = b.level
    bad = []
    for i, f in enumerate(b.ordered):
        where = "line %d" % (i + 1)
        if keys_of(f) not in (KEYS_FUNC, KEYS_FUNC_VARARGS):
            bad.append("%s: function keys %s" % (where, keys_of(f)))
            continue
        fd = to_dict(f)
        if fd.get("varargs", True) is not True:
            bad.append("%s: varargs %r" % (where, fd["varargs"]))
        if not re.match(r"^0x[0-9a-f]+$", str(fd["addr"])):
            bad.append("%s: addr %r" % (where, fd["addr"]))
        if not isinstance(fd["size"], int) or fd["size"] <= 0:
            bad.append("%s: size %r" % (where, fd["size"]))
        params = dict(f)["params"]
        for p in params:
            if keys_of(p) != KEYS_PARAM:
                bad.append("%s: param keys %s" % (where, keys_of(p)))
                continue
            for l in dict(p)["locs"]:
                if keys_of(l) not in (KEYS_LOC, KEYS_LOC_STACK):
                    bad.append("%s: loc keys %s" % (where, keys_of(l)))
    k.check(not bad, "%s: every object has the key order name,addr,size,"
            "params[,varargs:true] / name,type,abi,locs / from,to,reg|stack" %
            lvl,
            bad[:10])


def check_varargs(k, b, want):
    """Exactly the variadic functions of the source say varargs."""
    got = {f["name"] for f in b.funcs if f.get("varargs")}
    k.check(got == want, "%s: \"varargs\":true marks exactly %s" %
            (b.level, ", ".join(sorted(want))),
            ["marked: %s" % sorted(got)])


def addressed_dies(readelf, path, names):
    """{name: whether a top-level DW_TAG_subprogram DIE with DW_AT_low_pc
    or DW_AT_ranges describes it, named so or through its
    DW_AT_abstract_origin}, and {name: its named DIEs}, from readelf
    --debug-dump=info, which knows nothing of paraminfo."""
    _, out, _ = run([readelf, "--debug-dump=info", "--wide", path])
    dies = []
    cur = None
    for line in out.decode(errors="replace").splitlines():
        m = re.match(r"^\s*<(\d+)><([0-9a-f]+)>: Abbrev Number: \d+ "
                     r"\((DW_TAG_\w+)\)", line)
        if m:
            cur = None
            if m.group(1) == "1" and m.group(3) == "DW_TAG_subprogram":
                cur = {"off": int(m.group(2), 16), "attrs": set(),
                       "name": None, "origin": None}
                dies.append(cur)
            continue
        m = re.match(r"^\s*<[0-9a-f]+>\s+(DW_AT_\w+)\s*:\s*(.*)$", line)
        if m and cur is not None:
            cur["attrs"].add(m.group(1))
            if m.group(1) == "DW_AT_name":
                cur["name"] = m.group(2).split(":")[-1].strip()
            elif m.group(1) == "DW_AT_abstract_origin":
                o = re.search(r"<0x([0-9a-f]+)>", m.group(2))
                cur["origin"] = int(o.group(1), 16) if o else None
    named = {n: [d for d in dies if d["name"] == n] for n in names}
    has = {}
    for n in names:
        offs = {d["off"] for d in named[n]}
        has[n] = any(("DW_AT_low_pc" in d["attrs"] or
                      "DW_AT_ranges" in d["attrs"]) and
                     (d["name"] == n or d["origin"] in offs) for d in dies)
    return has, named


def check_icf(k, b, text, readelf, folds):
    """icf.c: where gcc folds icf_shift into icf_scale, icf_shift's only
    DIE has no address, and the dump still has it at its symbol, with its
    declared names and types, no ranges, and the reason "no location
    information"; where it does not, both are plain functions."""
    lvl = b.level
    has, named = addressed_dies(readelf, b.path, ICF_PAIR)
    ok = has[ICF_PAIR[0]] and has[ICF_PAIR[1]] != folds and \
        len(named[ICF_PAIR[1]]) == 1
    k.check(ok, "%s: readelf: %s" % (
        lvl, "icf_shift's only DIE has no DW_AT_low_pc, icf_scale has an "
        "addressed DIE (folded)" if folds else "both icf.c functions "
        "have an addressed DIE (not folded)"),
        ["addressed: %s; named DIEs: %s" % (has, named)])
    syms = {n: a for n, a, _, t in b.syms() if t in "tT"}
    f = b.one(ICF_PAIR[1])
    reasons = re.findall(r"^    (\w+) .*\((no location information)\)$",
                         text.get(ICF_PAIR[1], ""), re.M)
    if folds:
        ok = f is not None and int(f["addr"], 16) == syms.get(ICF_PAIR[1]) \
            and all(p["locs"] == [] for p in f["params"]) and \
            [n for n, _ in reasons] == ["q", "n"]
        desc = ("%s: the folded %s is at its symbol, with no ranges and "
                "reason \"no location information\" for q and n" %
                (lvl, ICF_PAIR[1]))
    else:
        ok = f is not None and not reasons and \
            all(covering(p, 0) == [p["abi"]] for p in f["params"])
        desc = "%s: %s is a plain function, its arguments in their " \
            "registers at offset 0" % (lvl, ICF_PAIR[1])
    k.check(ok, desc, [json.dumps(f), text.get(ICF_PAIR[1], "")])


def text_funcs(path):
    """gen_paraminfo --text, by function name."""
    _, out, _ = run([GEN, "--text", path])
    funcs = {}
    name = None
    for line in out.decode(errors="replace").splitlines():
        if not line.startswith(" "):
            name = line.split()[0] if line.split() else None
            funcs[name] = ""
        elif name:
            funcs[name] += line + "\n"
    return funcs


def check_locs_wellformed(k, b):
    bad = []
    for f in b.funcs:
        for p in f["params"]:
            prev = None
            for l in p["locs"]:
                what = "%s(%s) %s" % (f["name"], p["name"], l)
                if not (0 <= l["from"] < l["to"] <= f["size"]):
                    bad.append(what + ": outside [0,size=%d)" % f["size"])
                if "stack" in l:
                    if not (isinstance(l["stack"], int) and
                            0 <= l["stack"] <= STACK_OFF_MAX):
                        bad.append(what + ": not a stack offset 0..%d" %
                                   STACK_OFF_MAX)
                elif l.get("reg") not in b.GPRS:
                    bad.append(what + ": not a general-purpose register")
                if prev is not None:
                    if l["from"] < prev["to"]:
                        bad.append(what + ": overlaps or unsorted")
                    elif l["from"] == prev["to"] and \
                            l.get("reg") == prev.get("reg") and \
                            l.get("stack") == prev.get("stack"):
                        bad.append(what + ": adjacent same-location "
                                   "range not merged")
                prev = l
    k.check(not bad, "%s: location ranges are inside the function, sorted, "
            "disjoint, merged, and name GPRs or stack slots sp+0..%d" %
            (b.level, STACK_OFF_MAX), bad[:10])


def check_symbols(k, b):
    syms = {}
    for name, addr, size, typ in b.syms():
        syms.setdefault((name, addr), []).append((size, typ))
    bad = []
    for f in b.funcs:
        key = (f["name"], int(f["addr"], 16))
        ent = syms.get(key)
        if not ent:
            bad.append("%s at %s: no such nm symbol" %
                       (f["name"], f["addr"]))
            continue
        if not any(t in "Tt" for _, t in ent):
            bad.append("%s: nm type %s" % (f["name"], ent))
        if not any(s == f["size"] for s, _ in ent):
            bad.append("%s: size %d, nm -S says %s" %
                       (f["name"], f["size"], [s for s, _ in ent]))
    k.check(not bad and b.funcs, "%s: every function is a text symbol at "
            "its address and its size equals nm -S" % b.level, bad[:10])


def check_sig(k, b, name, want, desc=None):
    f = b.one(name)
    if f is None:
        return k.check(False, desc or "%s: %s(%s)" % (b.level, name,
                                                       fmt_sig(want)),
                       ["%d entries named %s" % (len(b.by_name(name)),
                                                  name)])
    return k.check(sig(f) == want,
                   desc or "%s: %s has declared params %s" %
                   (b.level, name, fmt_sig(want)), sig_diff(want, sig(f)))


def check_level_sigs(k, b, clone_ok):
    """One check: every plain function (and clone base) has its
    declared names, types and ABI slots at this level."""
    bad = []
    for name, want in EXPECT.items():
        fs = b.by_name(name)
        if len(fs) != 1:
            bad.append("%s: %d entries" % (name, len(fs)))
        elif sig(fs[0]) != want:
            bad += ["%s: " % name + d for d in sig_diff(want, sig(fs[0]))]
    fs = b.by_name(DUP_NAME)
    if len(fs) != 2 or any(sig(f) != DUP_PARAMS for f in fs):
        bad.append("%s: %s" % (DUP_NAME, [sig(f) for f in fs]))
    nbase = 0
    for base, (want, _) in CLONE_BASES.items():
        plain = b.by_name(base)
        clones = find_clones(b, base)
        if plain:
            nbase += 1
            if len(plain) != 1 or sig(plain[0]) != want:
                bad.append("%s: %s" % (base, [sig(f) for f in plain]))
        elif clone_ok and clones:
            unk = [(n, t, "unknown") for n, t, _ in want]
            for c in clones:
                if sig(c) != unk:
                    bad += ["%s: " % c["name"] + d
                            for d in sig_diff(unk, sig(c))]
        else:
            bad.append("%s: missing (clones: %s)" %
                       (base, [c["name"] for c in clones]))
    n = len(EXPECT) + 2 + len(CLONE_BASES)
    k.check(not bad, "%s: all %d fixture functions have their declared "
            "names, types and ABI slots%s" %
            (b.level, n, "" if clone_ok else " (no clones)"), bad[:12])


def check_entry_regs(k, b):
    """At offset 0 of a plain function the registers hold exactly the
    ABI's values: a parameter can be in its own ABI register there or
    nowhere."""
    bad = []
    n = 0
    for f in b.funcs:
        if "." in f["name"]:
            continue
        for p in f["params"]:
            regs = covering(p, 0)
            n += 1
            if regs and regs != [p["abi"]]:
                bad.append("%s(%s) abi %s, at offset 0 in %s" %
                           (f["name"], p["name"], p["abi"], regs))
    k.check(not bad and n, "%s: at offset 0 no parameter of a plain "
            "function is in any register but its own ABI register "
            "(%d params)" % (b.level, n), bad[:10])


def check_call_clobbers(k, b, f, call_end, callee):
    """After a call into another file, the caller-saved registers hold
    nothing of the caller's."""
    bad = []
    for p in f["params"]:
        regs = [r for r in covering(p, call_end) if r in CALLER_SAVED]
        if regs:
            bad.append("%s in %s at +%d" % (p["name"], regs, call_end))
    k.check(not bad, "%s: %s: no parameter is in a caller-saved register "
            "right after the call to %s (+%d)" %
            (b.level, f["name"], callee, call_end), bad)


def call_ends(b, f, callee):
    return [end for off, end, t in b.insns(f)
            if t.startswith("call") and ("<%s>" % callee) in t]


def check_o2(k, b):
    lvl = b.level
    # Signatures, one check per function.
    for name, want in EXPECT.items():
        check_sig(k, b, name, want)

    # Two static lookup_slot(), each the one its own file's wrapper calls.
    fs = b.by_name(DUP_NAME)
    addrs = sorted({int(f["addr"], 16) for f in fs})
    k.check(len(fs) == 2 and len(addrs) == 2 and
            all(sig(f) == DUP_PARAMS for f in fs),
            "%s: both static %s(int key) are listed, at different "
            "addresses" % (lvl, DUP_NAME), [json.dumps(fs)])
    targets = []
    for w in ("table_a_lookup", "table_b_lookup"):
        f = b.one(w)
        for off, end, t in (b.insns(f) if f else []):
            m = re.match(r"^(call|jmp)\s+([0-9a-f]+) <%s>" % DUP_NAME, t)
            if m:
                targets.append(int(m.group(2), 16))
    k.check(len(targets) == 2 and sorted(set(targets)) == addrs,
            "%s: table_a_lookup and table_b_lookup call the two "
            "different %s entries (objdump)" % (lvl, DUP_NAME),
            ["call targets %s, dump addresses %s" %
             ([hex(t) for t in targets], [hex(a) for a in addrs])])

    # ABI corner cases at entry.
    check_entry_regs(k, b)
    for fn, pn, reg, why in [
            ("file_pos_add", "file", "rdi", "first pointer"),
            ("file_pos_add", "off", "rsi", "second integer"),
            ("triple_sum", "k", "rdi",
             "24-byte struct before it goes to memory"),
            ("range_len", "scale", "rdx",
             "16-byte struct before it takes rdi+rsi"),
            ("sample_scale", "n", "rsi",
             "int+double struct before it takes rdi+xmm0"),
            ("mixed_fp", "b", "rsi", "doubles do not use integer slots"),
            ("wide_spill", "f", "r9",
             "__int128 that did not fit in r9 went to the stack"),
            ("make_triple", "a", "rsi", "24-byte return uses hidden rdi"),
            ("sum_varargs", "count", "rdi", "varargs function")]:
        f = b.one(fn)
        p = param(f, pn) if f else None
        k.check(p is not None and covering(p, 0) == [reg],
                "%s: %s(%s) is in %s at offset 0 (%s)" %
                (lvl, fn, pn, reg, why),
                [json.dumps(p) if p else "%s(%s) not found" % (fn, pn)])

    # Values that are never entirely in one general-purpose register.
    for fn, pn, why in [
            ("range_len", "r", "16-byte struct"),
            ("sample_scale", "s", "16-byte struct, half in xmm0"),
            ("wide_shift", "v", "__int128"),
            ("wide_spill", "v", "__int128 on the stack"),
            ("triple_sum", "t", "24-byte struct"),
            ("ld_scale", "x", "long double"),
            ("mixed_fp", "x", "double in xmm0"),
            ("mixed_fp", "y", "float in xmm1")]:
        f = b.one(fn)
        p = param(f, pn) if f else None
        k.check(p is not None and p["locs"] == [],
                "%s: %s(%s) has no register range (%s)" %
                (lvl, fn, pn, why),
                [json.dumps(p) if p else "%s(%s) not found" % (fn, pn)])

    # 7th and 8th integer arguments are in memory at entry.
    for fn, pns in [("sum7", ["a7"]), ("sum8", ["a7", "a8"])]:
        f = b.one(fn)
        ps = [param(f, pn) if f else None for pn in pns]
        k.check(all(p is not None and covering(p, 0) == [] for p in ps),
                "%s: %s(%s) is not in a register at offset 0 (stack "
                "arguments)" % (lvl, fn, ", ".join(pns)),
                [json.dumps(p) for p in ps])

    # unused_arg(): its second argument is never read and rsi is never
    # written (objdump), so at offset 0 it is in rsi and nowhere else.
    f = b.one("unused_arg")
    writes = []
    for off, end, t in (b.insns(f) if f else []):
        ops = t.split(None, 1)
        dst = ops[1].split(",")[-1] if len(ops) > 1 else ""
        if dst in ("%rsi", "%esi", "%si", "%sil") or ops[0] == "call":
            writes.append(t)
    p = param(f, "unused") if f else None
    k.check(f is not None and not writes and p is not None and
            all(l.get("reg") == "rsi" for l in p["locs"]),
            "%s: unused_arg(unused): rsi is never written, so any range "
            "of the unused parameter names rsi" % lvl,
            writes + [json.dumps(p)])

    # file_flush(): file and count are needed after the call to
    # note_event() (another file, so a real call): at the return address
    # they must be in callee-saved registers, and in nothing caller-saved.
    f = b.one("file_flush")
    ends = call_ends(b, f, "note_event") if f else []
    k.check(len(ends) == 1, "%s: file_flush calls note_event once "
            "(objdump)" % lvl, ["call ends: %s" % ends])
    if len(ends) == 1:
        e = ends[0]
        k.diag("file_flush: call to note_event ends at +%d" % e)
        for pn in ("file", "count"):
            p = param(f, pn)
            regs = covering(p, e) if p else []
            k.check(len(regs) == 1 and regs[0] in CALLEE_SAVED,
                    "%s: file_flush(%s) is in a callee-saved register "
                    "right after the call (+%d)" % (lvl, pn, e),
                    [json.dumps(p)])
        check_call_clobbers(k, b, f, e, "note_event")
    p = param(f, "file") if f else None
    k.check(p is not None and covering(p, 0) == ["rdi"] and
            len({l.get("reg") for l in p["locs"] if "reg" in l}) >= 2,
            "%s: file_flush(file) moves: rdi at offset 0, then another "
            "register" % lvl, [json.dumps(p)])

    # Hot/cold split.
    hot = b.one("check_pos")
    cold = b.one("check_pos.cold")
    k.check(hot is not None and cold is not None,
            "%s: check_pos is split into check_pos and check_pos.cold" % lvl,
            ["check_pos: %s, check_pos.cold: %s" % (hot, cold)])
    if hot and cold:
        ha, ca = int(hot["addr"], 16), int(cold["addr"], 16)
        outside = not (ha <= ca < ha + hot["size"]) and \
            not (ca <= ha < ca + cold["size"])
        hsig = sig(hot)
        k.check(outside and sig(cold) == hsig,
                "%s: check_pos.cold is a separate range with check_pos's "
                "names, types and ABI slots" % lvl,
                ["hot %s+%d cold %s+%d" % (hot["addr"], hot["size"],
                                          cold["addr"], cold["size"])] +
                sig_diff(hsig, sig(cold)))
        # Which callee-saved register does the hot part copy file (rdi)
        # into before it can jump to the cold part?
        saved = None
        for off, end, t in b.insns(hot):
            if re.match(r"^j\w+\s+[0-9a-f]+ <check_pos\.cold>", t):
                break
            m = re.match(r"^mov\s+%rdi,%(\w+)$", t)
            if m and m.group(1) in CALLEE_SAVED:
                saved = m.group(1)
        p = param(cold, "file")
        k.check(saved is not None and p is not None and
                covering(p, 0) == [saved],
                "%s: check_pos.cold(file) is at offset 0 in the register "
                "the hot part copied rdi to (objdump: %s)" % (lvl, saved),
                [json.dumps(p)])
        ends = call_ends(b, cold, "report_bad_pos")
        if k.check(len(ends) == 1, "%s: check_pos.cold calls "
                   "report_bad_pos once (objdump)" % lvl, [ends]):
            check_call_clobbers(k, b, cold, ends[0], "report_bad_pos")

    # Clones.
    all_unknown = []
    for base, (want, kind) in CLONE_BASES.items():
        clones = find_clones(b, base)
        names = [c["name"] for c in clones]
        unk = [(n, t, "unknown") for n, t, _ in want]
        k.check(len(clones) == 1 and kind in names[0] and
                not b.by_name(base),
                "%s: %s exists only as a %s clone" % (lvl, base,
                                                      kind.strip(".")),
                ["entries: %s, plain: %d" % (names,
                                              len(b.by_name(base)))])
        for c in clones:
            k.check(sig(c) == unk,
                    "%s: %s has the declared params in declared order, "
                    "abi unknown" % (lvl, c["name"]),
                    sig_diff(unk, sig(c)))
    for f in b.funcs:
        if is_clone_name(f["name"]):
            all_unknown += ["%s(%s) abi %s" % (f["name"], p["name"],
                                               p["abi"])
                            for p in f["params"] if p["abi"] != "unknown"]
    k.check(not all_unknown, "%s: every clone parameter has abi "
            "unknown" % lvl, all_unknown)

    # The IPA-SRA clones read no memory (objdump): they receive the field,
    # not the pointer, so 'inode' is in no register; ino_hash's unused
    # parameter was removed.
    for base, pns in [("inode_mode_bits", ["inode"]),
                      ("ino_hash", ["inode", "unused"])]:
        clones = find_clones(b, base)
        c = clones[0] if len(clones) == 1 else None
        mem = [t for _, _, t in (b.insns(c) if c else []) if "(" in t]
        ps = [param(c, pn) if c else None for pn in pns]
        k.check(c is not None and not mem and
                all(p is not None and p["locs"] == [] for p in ps),
                "%s: %s clone: %s in no register (the clone takes the "
                "field value / dropped the argument)" %
                (lvl, base, ", ".join(pns)),
                mem + [json.dumps(p) for p in ps])
    clones = find_clones(b, "scale_count")
    c = clones[0] if len(clones) == 1 else None
    p = param(c, "shift") if c else None
    k.check(p is not None and p["locs"] == [],
            "%s: scale_count constprop clone: the constant shift is in no "
            "register" % lvl, [json.dumps(p)])


def writes_reg(text, reg):
    """Does an AT&T instruction name @reg (or its low 32 bits) last?"""
    ops = text.split(None, 1)
    if len(ops) < 2:
        return False
    last = ops[1].split("#")[0].strip().split(",")[-1].strip()
    low = {v: k for k, v in REG32.items()}.get(reg)
    return last in ("%" + reg, "%" + (low or reg))


def check_o0(k, b):
    """-O0 keeps every parameter in the frame: a register holds one only
    from the entry in the one it arrived in, or after a register move out
    of that one, and no instruction inside a range writes its register
    (the instruction that does still finds the value, so it may end one)."""
    names = set(EXPECT) | {DUP_NAME} | set(CLONE_BASES)
    bad, seen = [], 0
    for f in b.funcs:
        if f["name"] not in names:
            continue
        insns = b.insns(f)
        for p in f["params"]:
            locs = [(l["from"], l["to"], l["reg"]) for l in p["locs"]
                    if "reg" in l]
            if p["abi"] not in ARG_REGS:
                if locs:
                    bad.append("%s(%s): %s" % (f["name"], p["name"], locs))
                continue
            seen += 1
            abi32 = {v: k for k, v in REG32.items()}.get(p["abi"])
            moves = {t.split(",")[-1][1:] for o, e, t in insns if re.match(
                r"mov[a-z]*\s+%%(%s|%s),%%\w+$" % (p["abi"], abi32), t)}
            ok = locs and locs[0][0] == 0 and locs[0][2] == p["abi"]
            for lo, hi, reg in locs:
                inside = [t for o, e, t in insns
                          if lo <= o and e < hi and writes_reg(t, reg)]
                ok = ok and not inside and (
                    reg == p["abi"] or reg in moves or
                    {v: k for k, v in REG32.items()}.get(reg) in moves)
            if not ok:
                bad.append("%s(%s): %s" % (f["name"], p["name"], locs))
    k.check(seen and not bad, "O0: each of %d register parameters is in its "
            "ABI register from the entry, elsewhere only after a register "
            "move, and never where its register was written" % seen, bad[:10])


def squeeze(text):
    return re.sub(r"\s+", " ", text.split("#", 1)[0]).strip()


def machine_insns(b, f):
    """[(offset, end, Insn)]: objdump's instructions parsed by test_insn."""
    return [(off, end, Insn(off, squeeze(t))) for off, end, t in b.insns(f)]


def no_param_in(f, reg, offs):
    """Parameters of f that the dump puts in reg at one of offs."""
    return ["%s in %s at +0x%x" % (p["name"], reg, o)
            for p in f["params"] for o in offs if reg in covering(p, o)]


def check_machine(k, b):
    """machine.c at one level: from the disassembly alone, where no
    parameter can be."""
    lvl = b.level
    for name, pats in MACHINE_CLOBBERS.items():
        f = b.one(name)
        ins = machine_insns(b, f) if f else []
        bad, facts, reps = [], [], False
        for pat in pats:
            hits = [i for i, (_, _, x) in enumerate(ins)
                    if re.fullmatch(pat, squeeze(x.text))]
            if not hits:
                bad.append("no instruction matches /%s/ (objdump)" % pat)
            for i in hits:
                off, end, x = ins[i]
                w, rep = x.writes()
                facts.append("+0x%x %s" % (off, squeeze(x.text)))
                reps |= bool(rep)
                for r in rep:
                    bad += no_param_in(f, r, [off])
                for r in w:
                    # From its end up to the next write of r that reads
                    # another register (or copies one), that one included:
                    # r holds the value written here.
                    offs = {end}
                    for o, e, y in ins[i + 1:]:
                        offs.add(o)
                        yw, _ = y.writes()
                        others = {reg_of(op) for op in y.ops} - {r, None}
                        if r in yw and (others or yw[r] == "copy"):
                            break
                    bad += no_param_in(f, r, sorted(o for o in offs
                                                    if o < f["size"]))
        k.check(f is not None and not bad,
                "%s: %s: the registers written by %s hold no parameter "
                "after it%s" % (lvl, name, "; ".join(facts) or "?",
                                " nor at the rep itself" if reps else ""),
                bad[:10])

    # touch_pages: a register written in the loop (or copied from one
    # that is) holds a new value on the next iteration, so no parameter
    # is in it anywhere in the loop body.
    f = b.one("touch_pages")
    ins = machine_insns(b, f) if f else []
    start = int(f["addr"], 16) if f else 0
    loop = None
    for off, end, x in ins:
        m = re.match(r"^j\w+ ([0-9a-f]+)( <.*>)?$", squeeze(x.text))
        if m and int(m.group(1), 16) - start <= off:
            loop = (int(m.group(1), 16) - start, end)
    bad = []
    if loop is None:
        bad.append("no backward jump (objdump)")
    else:
        body = [(o, e, x) for o, e, x in ins if loop[0] <= o < loop[1]]
        variant = set()
        for _ in range(2):	# copies from a variant register, in any order
            for _, _, x in body:
                w, _ = x.writes()
                for r, kind in w.items():
                    src = reg_of(x.ops[0]) if x.ops else None
                    if kind != "copy" or src in variant:
                        variant.add(r)
        for r in sorted(variant):
            bad += no_param_in(f, r, [o for o, _, _ in body])
    k.check(f is not None and loop is not None and not bad,
            "%s: touch_pages: no parameter in a register the loop body "
            "%s writes" % (lvl, "[+0x%x,+0x%x)" % loop if loop else "?"),
            bad[:10])

    # Not only refusals: at offset 0 a parameter whose ABI register the
    # first instruction does not overwrite is in it (nothing ran yet);
    # asm_clobber_live copied b out of rsi before the asm: it is in that
    # register where the asm's last instruction reads it.
    bad = []
    for name, want in MACHINE.items():
        f = b.one(name)
        ins = machine_insns(b, f) if f else []
        first = ins[0][2].writes()[0] if ins else {}
        bad += ["%s(%s) at +0: %s" % (name, pn, covering(param(f, pn), 0))
                for pn, _, abi in want if f and abi not in first and
                covering(param(f, pn), 0) != [abi]]
    k.check(all(b.one(n) for n in MACHINE) and not bad,
            "%s: machine.c: at offset 0 every parameter whose register the "
            "first instruction keeps is in its ABI register" % lvl,
            bad[:10])
    f = b.one("asm_clobber_live")
    ins = machine_insns(b, f) if f else []
    copy = [squeeze(x.text)[len("mov %rsi,%"):] for _, _, x in ins
            if re.fullmatch(r"mov %rsi,%\w+", squeeze(x.text))]
    use = [o for o, _, x in ins if copy and
           re.fullmatch(r"add %%%s,%%\w+" % copy[0], squeeze(x.text))]
    p = param(f, "b") if f else None
    k.check(len(copy) == 1 and len(use) == 1 and p is not None and
            covering(p, use[0]) == [copy[0]],
            "%s: asm_clobber_live(b) is in %s, where it was copied from "
            "rsi before the asm, at the add that reads it (+0x%x)" %
            (lvl, copy[0] if copy else "?", use[0] if use else 0),
            [json.dumps(p)])


def check_undecodable(k, b):
    """machine.c's undecodable() has a byte that is no instruction: the
    generator must keep its signature, prove nothing in it, say so in
    --stats and still exit 0."""
    f = b.one("undecodable")
    want = longs(["a", "b"])
    rc, out, _ = run([GEN, "--stats", b.path])
    m = re.search(r"(\d+) not decodable", out.decode())
    k.check(f is not None and sig(f) == want and
            all(not p["locs"] for p in f["params"]) and rc == 0 and
            m and int(m.group(1)) >= 1,
            "%s: undecodable(): declared signature, no register range, "
            "counted as not decodable (%s), exit %d" %
            (b.level, m.group(1) if m else "?", rc),
            [json.dumps(f)])


def check_machine_sigs(k, b):
    bad = []
    for name, want in MACHINE.items():
        fs = b.by_name(name)
        if len(fs) != 1:
            bad.append("%s: %d entries" % (name, len(fs)))
        elif sig(fs[0]) != want:
            bad += ["%s: " % name + d for d in sig_diff(want, sig(fs[0]))]
    k.check(not bad, "%s: machine.c's %d functions have their declared "
            "names, types and ABI slots" % (b.level, len(MACHINE)), bad[:12])


def main():
    k = Ktap()
    bins = {}
    for lvl in LEVELS:
        path = os.path.join(BUILD, "fixtures", "default-" + lvl)
        rc, _, _ = run([path])
        k.check(rc == 0, "%s: the fixture program runs and exits 0" % lvl,
                ["exit status %d" % rc])
        b = Binary(lvl)
        bins[lvl] = b
        k.check(b.rc == 0 and not b.json_errors and b.funcs,
                "%s: gen_paraminfo --dump exits 0 and prints valid JSON "
                "lines (%d functions)" % (lvl, len(b.funcs)),
                ["exit %d" % b.rc] + b.json_errors[:5] +
                b.err.splitlines()[:5])

    b = bins["O2"]
    check_format(k, b)
    addrs = [int(f["addr"], 16) for f in b.funcs]
    k.check(addrs == sorted(addrs) and len(addrs) == len(set(addrs)),
            "O2: the dump is sorted by address, one line per address",
            [])
    rc, again, _ = run([GEN, "--dump", b.path])
    k.check(rc == 0 and again == b.raw and b.raw,
            "O2: two runs give byte-identical dumps", [])
    for lvl in LEVELS:
        check_symbols(k, bins[lvl])
    for lvl in ("O2", "O1", "Os"):
        check_locs_wellformed(k, bins[lvl])

    check_o2(k, b)

    for lvl in ("O1", "Os"):
        check_level_sigs(k, bins[lvl], clone_ok=True)
        check_entry_regs(k, bins[lvl])

    for lvl in LEVELS:
        check_machine_sigs(k, bins[lvl])
        check_undecodable(k, bins[lvl])
    for lvl in ("O2", "O1", "Os"):
        check_machine(k, bins[lvl])

    b = bins["O0"]
    check_level_sigs(k, b, clone_ok=False)
    check_o0(k, b)

    for lvl in LEVELS:
        check_varargs(k, bins[lvl], VARIADIC)
        check_icf(k, bins[lvl], text_funcs(bins[lvl].path), "readelf",
                  lvl in ICF_LEVELS)

    # The AArch64 build of the same fixture (test_fixtures_arm64.py).
    test_fixtures_arm64.main(k, sys.modules[__name__])

    print("# fixtures: %d passed, %d failed" % (k.passed, k.failed))
    return 1 if k.failed else 0


if __name__ == "__main__":
    sys.exit(main())
