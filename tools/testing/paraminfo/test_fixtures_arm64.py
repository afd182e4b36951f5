# SPDX-License-Identifier: GPL-2.0
#
# test_fixtures_arm64.py - the AArch64 section of test_fixtures.py: check
# gen_paraminfo --dump against the default fixture cross-built for AArch64
# (build/fixtures/arm64-O{2,1,s}, run with qemu-aarch64).
#
# Every expected parameter list is written by hand from the fixture's C
# source and AAPCS64 (the Procedure Call Standard for the Arm 64-bit
# Architecture: "Parameter passing" stages B and C, and "Result
# return");
# nothing is derived from gen_paraminfo's output. The slots are spelled as
# the dump spells them on arm64: "x0".."x7", "x2+x3" for a value in two
# registers, "byref x0" for a composite of more than 16 bytes whose copy's
# address the register holds, "v" for the V registers (float, double, long
# double, HFA, HVA), "stack", and "unknown" for clones. Location facts are
# only asserted where they follow from the ABI or from the disassembly
# (aarch64-linux-gnu-objdump), as for x86-64.
#
# Run only if the cross tools are there; when make check runs it they are
# (PI_NEED_ARM64=1), and their absence is a failure.

import json
import os
import re
import shutil
import subprocess

XREGS = ["x%d" % i for i in range(8)]
GPRS64 = {"x%d" % i for i in range(31)} | {"sp"}
TOOLS = ["aarch64-linux-gnu-gcc", "aarch64-linux-gnu-objdump",
         "aarch64-linux-gnu-readelf",
         "aarch64-linux-gnu-nm", "qemu-aarch64"]
LEVELS = ["O2", "O1", "Os"]


def P(name, typ, abi):
    return (name, typ, abi)


def xs(names, typ="long int", first=0):
    """Integer arguments from NGRN = first: x registers, then the stack."""
    return [P(n, typ, XREGS[first + i] if first + i < 8 else "stack")
            for i, n in enumerate(names)]


def vs(names, typ="double", first=0):
    """Floating-point arguments from NSRN = first: V registers (v0-v7),
    then the stack."""
    return [P(n, typ, "v" if first + i < 8 else "stack")
            for i, n in enumerate(names)]


# Declared parameters and their AAPCS64 slots, by hand. First the
# functions every architecture builds (main.c, basic.c, abi.c, clones.c,
# dup.c and machine.c's C cases).
EXPECT = {
    "main": [P("argc", "int", "x0"), P("argv", "char **", "x1")],
    "double_it": [P("v", "int", "x0")],
    "done_work": [P("work", "struct work_struct *", "x0")],
    "file_pos_add": [P("file", "struct file *", "x0"),
                     P("off", "long int", "x1")],
    "mix_types": [P("c", "unsigned char", "x0"), P("s", "short int", "x1"),
                  P("us", "short unsigned int", "x2"),
                  P("ul", "long unsigned int", "x3"),
                  P("ll", "long long int", "x4"), P("ch", "char", "x5")],
    "sum7": xs(["a1", "a2", "a3", "a4", "a5", "a6", "a7"]),
    # Eight argument registers: a7 and a8 are in x6 and x7, not on the stack.
    "sum8": xs(["a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8"], typ="int"),
    "file_flush": [P("file", "struct file *", "x0"),
                   P("count", "long int", "x1")],
    "unused_arg": [P("used", "int", "x0"), P("unused", "int", "x1")],
    "sum_varargs": [P("count", "int", "x0")],
    "copy_name": [P("dst", "char *", "x0"), P("src", "const char *", "x1"),
                  P("len", "size_t", "x2")],
    "poll_flag": [P("flag", "volatile int *", "x0"),
                  P("buf", "char * const", "x1"), P("gfp", "gfp_t", "x2")],
    "apply_cb": [P("fn", "int (*)(int)", "x0"),
                 P("done", "void (*)(struct work_struct *)", "x1"),
                 P("work", "struct work_struct *", "x2"),
                 P("arg", "int", "x3")],
    "sum_grid": [P("grid", "int (*)[4]", "x0"), P("rows", "int", "x1"),
                 P("vals", "int *", "x2"), P("names", "const char *", "x3")],
    "color_weight": [P("c", "enum color", "x0"), P("bright", "_Bool", "x1")],
    "anon_cfg_clamp": [P("cfg", "struct {...} *", "x0"),
                       P("val", "int", "x1")],
    # abi.c, written for x86-64, on AArch64.
    "pair_sum": [P("p", "struct pair32", "x0"), P("k", "int", "x1")],
    "range_len": [P("r", "struct range", "x0+x1"),
                  P("scale", "long int", "x2")],
    # 24 bytes: the caller's copy, by reference, not in memory as on
    # x86-64; k takes the next register.
    "triple_sum": [P("t", "struct triple", "byref x0"),
                   P("k", "long int", "x1")],
    "mixed_fp": [P("a", "int", "x0"), P("x", "double", "v"),
                 P("b", "long int", "x1"), P("y", "float", "v")],
    # long + double is no HFA: both eightbytes in X registers (x86-64:
    # rdi + xmm0).
    "sample_scale": [P("s", "struct sample", "x0+x1"), P("n", "int", "x2")],
    "wide_shift": [P("v", "__int128", "x0+x1"), P("s", "int", "x2")],
    # NGRN 5 is rounded up to 6 for v (16-byte alignment); f finds NGRN 8:
    # the stack.
    # (x86-64: v on the stack, f in r9.)
    "wide_spill": xs(["a", "b", "c", "d", "e"]) +
                  [P("v", "__int128", "x6+x7"), P("f", "long int", "stack")],
    # The result's address is in x8, no argument register.
    "make_triple": xs(["a", "b"]),
    # Quad precision, a V register (x86-64: the stack).
    "ld_scale": [P("x", "long double", "v"), P("n", "int", "x0")],
    "inode_is_dir": [P("inode", "const struct inode *", "x0")],
    "inode_is_reg": [P("inode", "const struct inode *", "x0")],
    "inode_hash": [P("inode", "const struct inode *", "x0"),
                   P("bits", "unsigned int", "x1")],
    "scale_pages": [P("nr", "long int", "x0")],
    "scale_bytes": [P("nr", "long int", "x0")],
    "check_pos": [P("file", "struct file *", "x0"),
                  P("pos", "long int", "x1")],
    "table_a_lookup": [P("key", "int", "x0")],
    "note_event": [P("v", "long int", "x0")],
    "report_bad_pos": [P("what", "const char *", "x0"),
                       P("pos", "long int", "x1")],
    "table_b_lookup": [P("key", "int", "x0")],
    "touch_pages": xs(["addr", "nr"], typ="long unsigned int"),
    "clamp_len": xs(["lim", "len"], typ="long unsigned int"),
    "clamp_int": [P("lim", "int", "x0"), P("x", "int", "x1"),
                  P("out", "int *", "x2")],
    "jump_table": [P("sel", "unsigned int", "x0"), P("a", "long int", "x1"),
                   P("b", "long int", "x2")],
    "tail_target": [P("v", "long int", "x0")],
    "tail_ptr": [P("fn", "long int (*)(long int)", "x0"),
                 P("a", "long int", "x1")],
    "icf_scale": [P("p", "struct icf_pair *", "x0"),
                  P("k", "long int", "x1")],
    "icf_shift": [P("q", "struct icf_pair *", "x0"),
                  P("n", "long int", "x1")],
    "icf_run": [P("k", "long int", "x0")],
}

# abi_arm64.c: one AAPCS64 rule each.
EXPECT.update({
    "a64_ints": [P("c", "char", "x0"), P("s", "short int", "x1"),
                 P("i", "int", "x2"), P("l", "long int", "x3"),
                 P("uc", "unsigned char", "x4"),
                 P("us", "short unsigned int", "x5"),
                 P("ui", "unsigned int", "x6"), P("p", "void *", "x7")],
    "a64_ten": xs(["a%d" % i for i in range(1, 11)]),
    "a64_pair": [P("p", "struct pair32", "x0"), P("k", "int", "x1")],
    "a64_range": [P("r", "struct range", "x0+x1"), P("k", "long int", "x2")],
    "a64_trio": [P("t", "struct trio", "x0+x1"), P("k", "long int", "x2")],
    "a64_triple": [P("t", "struct triple", "byref x0"),
                   P("k", "long int", "x1")],
    "a64_triple_late": [P("a", "long int", "x0"),
                        P("t", "struct triple", "byref x1")],
    # x0-x7 are taken: the copy's address goes on the stack.
    "a64_triple_stack": xs(["a%d" % i for i in range(1, 9)]) +
                        [P("t", "struct triple", "stack")],
    "a64_sample": [P("s", "struct sample", "x0+x1"), P("n", "int", "x2")],
    "a64_fp": [P("a", "int", "x0"), P("x", "double", "v"),
               P("b", "long int", "x1"), P("y", "float", "v")],
    "a64_hfa": [P("h", "struct hfa3", "v"), P("n", "int", "x0")],
    # An HFA of four doubles has 32 bytes and is still no "large" composite.
    "a64_hfa4d": [P("h", "struct hfa4d", "v"), P("n", "long int", "x0")],
    "a64_hva": [P("h", "struct hva2", "v"), P("n", "int", "x0")],
    "a64_ld": [P("x", "long double", "v"), P("n", "int", "x0")],
    # b needs an even register (16-byte alignment): x2 and x3; x1 stays
    # unused.
    "a64_wide": [P("a", "int", "x0"), P("b", "__int128", "x2+x3")],
    "a64_wide_first": [P("v", "__int128", "x0+x1"), P("a", "int", "x2")],
    # NGRN 7 rounds up to 8: v on the stack, and NGRN stays 8, so h after
    # it goes there too.
    "a64_wide_last": xs(["a", "b", "c", "d", "e", "f", "g"]) +
                     [P("v", "__int128", "stack"),
                      P("h", "long int", "stack")],
    # r needs two registers, one is left: NGRN becomes 8, r and h go on
    # the stack.
    "a64_split": xs(["a", "b", "c", "d", "e", "f", "g"]) +
                 [P("r", "struct range", "stack"),
                  P("h", "long int", "stack")],
    "a64_fp9": vs(["d%d" % i for i in range(9)]) + [P("n", "long int", "x0")],
    # h needs three V registers, two are left: NSRN becomes 8, h and f go
    # on the stack.
    "a64_hfa_spill": vs(["d%d" % i for i in range(6)]) +
                     [P("h", "struct hfa3", "stack"),
                      P("f", "float", "stack")],
    "a64_make_triple": xs(["a", "b"]),
    "a64_varargs": [P("count", "int", "x0")],
    "a64_flags": [P("on", "_Bool", "x0"), P("c", "enum color", "x1"),
                  P("gfp", "gfp_t", "x2")],
})

# machine_arm64.c.
MACHINE = {
    "a64_ldp_post": [P("p", "long int *", "x0"), P("n", "long int", "x1")],
    "a64_stp_pre": [P("p", "long int *", "x0"), P("a", "long int", "x1"),
                    P("b", "long int", "x2")],
    "a64_llsc_add": [P("p", "long int *", "x0"), P("v", "long int", "x1")],
    "a64_lse_swap": [P("p", "long int *", "x0"), P("v", "long int", "x1")],
    "a64_clobber_x1": xs(["a", "b"]),
    "a64_clobber_live": xs(["a", "b", "c"]),
}
EXPECT.update(MACHINE)

# Static functions gcc may clone at -O2/-Os: declared parameters.
CLONE_BASES = {
    "inode_mode_bits": [P("inode", "const struct inode *", "x0")],
    "ino_hash": [P("inode", "const struct inode *", "x0"),
                 P("bits", "unsigned int", "x1"), P("unused", "int", "x2")],
    "scale_count": [P("nr", "long int", "x0"), P("shift", "int", "x1")],
}
DUP_NAME = "lookup_slot"
DUP_PARAMS = [P("key", "int", "x0")]

# At offset 0 these parameters are in this register (AAPCS64), and why.
ENTRY = [
    ("a64_ints", "p", "x7", "the 8th integer argument, the last register"),
    ("a64_ten", "a8", "x7", "the 8th of ten integer arguments"),
    ("sum8", "a8", "x7", "eight integer registers, not six"),
    ("a64_range", "k", "x2", "a 16-byte struct took x0 and x1"),
    ("a64_trio", "k", "x2", "a 12-byte struct took x0 and x1"),
    ("a64_triple", "k", "x1", "a 24-byte struct by reference took x0"),
    ("a64_sample", "n", "x2", "long + double took x0 and x1, no V register"),
    ("a64_fp", "b", "x1", "doubles do not use X registers"),
    ("a64_hfa", "n", "x0", "an HFA takes V registers"),
    ("a64_hfa4d", "n", "x0", "a 32-byte HFA is not passed by reference"),
    ("a64_hva", "n", "x0", "an HVA takes V registers"),
    ("a64_ld", "n", "x0", "long double takes a V register"),
    ("a64_wide", "a", "x0", "first argument"),
    ("a64_wide_first", "a", "x2", "__int128 took x0 and x1"),
    ("a64_fp9", "n", "x0", "the 9th double went on the stack, not to x0"),
    ("a64_make_triple", "a", "x0", "the indirect result is in x8"),
    ("a64_make_triple", "b", "x1", "the indirect result is in x8"),
    ("wide_spill", "e", "x4", "fifth integer argument"),
    ("a64_varargs", "count", "x0", "varargs function"),
]

# Never entirely in one X register.
NO_REG = [
    ("a64_range", "r", "16-byte struct in x0+x1"),
    ("a64_trio", "t", "12-byte struct in x0+x1"),
    ("a64_sample", "s", "16-byte struct in x0+x1"),
    ("a64_wide", "b", "__int128 in x2+x3"),
    ("a64_wide_first", "v", "__int128 in x0+x1"),
    ("a64_wide_last", "v", "__int128 on the stack"),
    ("wide_spill", "v", "__int128 in x6+x7"),
    ("a64_fp", "x", "double in a V register"),
    ("a64_fp", "y", "float in a V register"),
    ("a64_hfa", "h", "HFA in V registers"),
    ("a64_hfa4d", "h", "HFA in V registers"),
    ("a64_hva", "h", "HVA in V registers"),
    ("a64_ld", "x", "long double in a V register"),
    ("a64_hfa_spill", "h", "HFA on the stack"),
]

# Stack arguments: in no register at offset 0.
STACK_AT_ENTRY = [
    ("a64_ten", ["a9", "a10"]), ("a64_wide_last", ["v", "h"]),
    ("a64_split", ["r", "h"]), ("a64_fp9", ["d8"]),
    ("a64_hfa_spill", ["h", "f"]), ("a64_triple_stack", ["t"]),
    ("wide_spill", ["f"]),
]

# Argument registers AAPCS64 leaves unused in these functions.
UNUSED_REG = [
    ("a64_wide", "x1", "skipped for the even/odd pair of b"),
    ("a64_wide_last", "x7", "NGRN went to 8 for v"),
    ("a64_split", "x7", "NGRN went to 8 for r"),
]

# machine_arm64.c: instructions (objdump's text, spaces squeezed) after
# which the registers they write hold no parameter until written again.
MACHINE_CLOBBERS = {
    "a64_ldp_post": [r"ldp x\d+, x\d+, \[x0\], #16"],
    "a64_stp_pre": [r"stp x\d+, x\d+, \[x0, #16\]!"],
    "a64_lse_swap": [r"swpal x1, x1, \[x0\]"],
    "a64_clobber_x1": [r"mov x1, #0x5a5a.*"],
    "a64_clobber_live": [r"mov x2, #0x5a5a.*", r"mov x1, #0x0.*"],
}

# Mnemonics whose first operand is no destination.
NO_DEST = re.compile(r"^(st|b|cb|tb|ret|cmp|cmn|tst|prfm|nop|dmb|dsb|isb|"
                     r"hint|brk|svc|ccmp|ccmn)")


def squeeze(text):
    return re.sub(r"\s+", " ", text.split("//", 1)[0]).strip()


def x_of(op):
    """The x register an operand names (w registers are their low half)."""
    m = re.fullmatch(r"\[?([xw])(\d+)\]?!?", op.strip())
    return "x" + m.group(2) if m else None


def writes(text):
    """Registers an AArch64 instruction (objdump's text) writes."""
    t = squeeze(text)
    mn, _, rest = t.partition(" ")
    ops = [o.strip() for o in re.split(r",(?![^\[]*\])", rest) if o.strip()]
    out = set()
    if ops and not NO_DEST.match(mn):
        out.add(x_of(ops[0]))
        if mn.startswith("ldp") or mn.startswith("ldxp") or \
                mn.startswith("ldaxp"):
            out.add(x_of(ops[1]))
    if re.match(r"^(swp|ld(add|clr|eor|set|smax|smin|umax|umin))", mn) and \
            len(ops) > 1:
        out = {x_of(ops[1])}
    if mn.startswith("st") and mn[2:4] == "xr" or mn.startswith("stlxr"):
        out.add(x_of(ops[0]))
    m = re.search(r"\[(x\d+)(, #-?\w+)?\](!|, #-?\w+)", t)
    if m:                               # pre- or post-index writeback
        out.add(m.group(1))
    if mn in ("bl", "blr"):
        out.add("x30")
    return out - {None}


def mentions(text, reg):
    n = reg[1:]
    return re.search(r"\b[xw]%s\b" % n, squeeze(text)) is not None


def sig(f):
    return [(p.get("name"), p.get("type"), p.get("abi"))
            for p in f.get("params", [])]


def check_sigs(k, tf, b):
    bad = []
    for name, want in EXPECT.items():
        fs = b.by_name(name)
        if len(fs) != 1:
            bad.append("%s: %d entries" % (name, len(fs)))
        elif sig(fs[0]) != want:
            bad += ["%s: " % name + d for d in tf.sig_diff(want, sig(fs[0]))]
    fs = b.by_name(DUP_NAME)
    if len(fs) != 2 or any(sig(f) != DUP_PARAMS for f in fs):
        bad.append("%s: %s" % (DUP_NAME, [sig(f) for f in fs]))
    for base, want in CLONE_BASES.items():
        plain = b.by_name(base)
        clones = tf.find_clones(b, base)
        unk = [(n, t, "unknown") for n, t, _ in want]
        if plain:
            if len(plain) != 1 or sig(plain[0]) != want:
                bad.append("%s: %s" % (base, [sig(f) for f in plain]))
        elif clones:
            bad += ["%s: " % c["name"] + d for c in clones
                    for d in tf.sig_diff(unk, sig(c)) if sig(c) != unk]
        else:
            bad.append("%s: missing" % base)
    k.check(not bad, "%s: all %d fixture functions have their "
            "declared names, types and AAPCS64 slots" %
            (b.level, len(EXPECT) + 2 + len(CLONE_BASES)), bad[:12])
    return bad


def own_reg(p):
    m = re.fullmatch(r"(?:byref )?(x[0-7])", p["abi"])
    return m.group(1) if m else None


def check_entry_regs(k, tf, b):
    """At offset 0 the registers hold exactly what AAPCS64 put there."""
    bad, n = [], 0
    for f in b.funcs:
        if "." in f["name"]:
            continue
        for p in f["params"]:
            regs = tf.covering(p, 0)
            n += 1
            if regs and regs != [own_reg(p)]:
                bad.append("%s(%s) abi %s, at offset 0 in %s" %
                           (f["name"], p["name"], p["abi"], regs))
    k.check(not bad and n, "%s: at offset 0 no parameter of a plain "
            "function is in any register but its own ABI register (%d "
            "params)" % (b.level, n), bad[:10])


def check_o2(k, tf, b):
    lvl = b.level
    for name, want in EXPECT.items():
        f = b.one(name)
        k.check(f is not None and sig(f) == want,
                "%s: %s has declared params %s" %
                (lvl, name, tf.fmt_sig(want)),
                tf.sig_diff(want, sig(f)) if f else
                ["%d entries" % len(b.by_name(name))])
    for fn, pn, reg, why in ENTRY:
        f = b.one(fn)
        p = tf.param(f, pn) if f else None
        first = b.insns(f)[0][2] if f and b.insns(f) else ""
        ok = p is not None and (tf.covering(p, 0) == [reg] or
                                (reg in writes(first) and
                                 not tf.covering(p, 0)))
        k.check(ok, "%s: %s(%s) is in %s at offset 0 (%s)" %
                (lvl, fn, pn, reg, why), [json.dumps(p), first])
    for fn, pn, why in NO_REG:
        f = b.one(fn)
        p = tf.param(f, pn) if f else None
        k.check(p is not None and p["locs"] == [],
                "%s: %s(%s) has no register range (%s)" % (lvl, fn, pn, why),
                [json.dumps(p)])
    for fn, pns in STACK_AT_ENTRY:
        f = b.one(fn)
        ps = [tf.param(f, pn) if f else None for pn in pns]
        k.check(all(p is not None and tf.covering(p, 0) == [] for p in ps),
                "%s: %s(%s) is not in a register at offset 0 (stack "
                "arguments)" % (lvl, fn, ", ".join(pns)),
                [json.dumps(p) for p in ps])
    for fn, reg, why in UNUSED_REG:
        f = b.one(fn)
        ins = b.insns(f) if f else []
        touch = [t for _, _, t in ins if mentions(t, reg)]
        claims = ["%s in %s" % (p["name"], l) for p in f["params"]
                  for l in p["locs"] if l.get("reg") == reg] if f else []
        k.check(f is not None and ins and not touch and not claims,
                "%s: %s never touches %s (%s, objdump) and no parameter is "
                "claimed there" % (lvl, fn, reg, why), touch + claims)


def no_param_in(tf, f, reg, offs):
    return ["%s in %s at +0x%x" % (p["name"], reg, o)
            for p in f["params"] for o in offs if reg in tf.covering(p, o)]


def check_machine(k, tf, b):
    lvl = b.level
    for name, pats in MACHINE_CLOBBERS.items():
        f = b.one(name)
        ins = b.insns(f) if f else []
        bad, facts = [], []
        for pat in pats:
            hits = [i for i, (_, _, t) in enumerate(ins)
                    if re.fullmatch(pat, squeeze(t))]
            if not hits:
                bad.append("no instruction matches /%s/ (objdump)" % pat)
            for i in hits:
                off, end, t = ins[i]
                facts.append("+0x%x %s" % (off, squeeze(t)))
                for r in writes(t):
                    # From its end up to the next write of r, that one
                    # included (it still finds the value written here).
                    offs = {end}
                    for o, _, y in ins[i + 1:]:
                        offs.add(o)
                        if r in writes(y):
                            break
                    bad += no_param_in(tf, f, r, sorted(
                        o for o in offs if o < f["size"]))
        k.check(f is not None and not bad,
                "%s: %s: the registers written by %s hold no parameter "
                "after it" % (lvl, name, "; ".join(facts) or "?"), bad[:10])
    # Not only refusals: a64_clobber_live copies b out of x1 before the
    # asm; b is in that register at the add that reads it after the asm.
    f = b.one("a64_clobber_live")
    ins = b.insns(f) if f else []
    copy = [m.group(1) for _, _, t in ins
            for m in [re.fullmatch(r"mov (x\d+), x1", squeeze(t))] if m]
    use = [o for o, _, t in ins if copy and
           re.fullmatch(r"add x\d+, x\d+, %s" % copy[0], squeeze(t))]
    p = tf.param(f, "b") if f else None
    k.check(len(copy) == 1 and len(use) == 1 and p is not None and
            tf.covering(p, use[0]) == [copy[0]],
            "%s: a64_clobber_live(b) is in %s, where it was copied from x1 "
            "before the asm, at the add that reads it (+0x%x)" %
            (lvl, copy[0] if copy else "?", use[0] if use else 0),
            [json.dumps(p)])


# arm64's position-independent objects (arch/arm64/kernel/pi) are
# objcopy'd with --prefix-symbols=__pi_, so their "$x" mapping symbol
# becomes "__pi_$x", at the address of the object's first function.
# Linux's scripts/mksysmap drops it from v6.5 on (commit "scripts/mksysmap:
# Ignore __pi_ local arm64 symbols"); before, kallsyms sorts it ahead of
# the function and prints it for the function's address. The kernel's
# version is the one linux_banner gives.
KALLSYMS_NAMES = [("5.15.0", "__pi_$x"), ("6.1.0", "__pi_$x"),
                  ("6.4.12", "__pi_$x"), ("6.5.0", "__pi_pi_fn"),
                  ("6.12.57", "__pi_pi_fn"), (None, "__pi_$x")]


def run_text(cmd):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       universal_newlines=True)
    return p.returncode, p.stdout, p.stderr


def check_kallsyms_names(k, tf):
    d = os.path.join(tf.BUILD, "fixtures", "arm64-pi")
    os.makedirs(d, exist_ok=True)
    cc = ["aarch64-linux-gnu-gcc", "-O2", "-g", "-c"]
    pi = os.path.join(d, "pi.o")
    with open(os.path.join(d, "pi.c"), "w") as f:
        f.write("int pi_fn(int a)\n{\n\treturn a * 3 + 1;\n}\n")
    err = run_text(cc + [os.path.join(d, "pi.c"), "-o", pi])[2]
    err += run_text(["aarch64-linux-gnu-objcopy", "--prefix-symbols=__pi_",
                   pi])[2]
    for ver, want in KALLSYMS_NAMES:
        banner = os.path.join(d, "banner-%s.c" % ver)
        exe = os.path.join(d, "vmlinux-%s" % ver)
        with open(banner, "w") as f:
            f.write('const char linux_banner[] = "%s";\n' %
                    ("Linux version %s (test)" % ver if ver else "none"))
        e = run_text(cc + [banner, "-o", banner + ".o"])[2]
        e += run_text(["aarch64-linux-gnu-gcc", "-nostdlib", "-static",
                     "-Wl,-e,__pi_pi_fn", pi, banner + ".o", "-o", exe])[2]
        rc, out, _ = run_text([tf.GEN, "--dump", exe])
        names = [json.loads(l)["name"] for l in out.splitlines()
                 if l.startswith("{")]
        k.check(rc == 0 and names == [want],
                "arm64: kallsyms' name for a __pi_ function on Linux %s "
                "is %s" % (ver or "of unknown version", want),
                ["gen_paraminfo exit %d, names %s" % (rc, names)] +
                (err + e).splitlines()[:5])


def main(k, tf):
    """Run the AArch64 checks, reporting to k; tf is test_fixtures."""
    missing = [t for t in TOOLS if not shutil.which(t)]
    if missing:
        if os.environ.get("PI_NEED_ARM64") == "1":
            k.check(False, "arm64: the cross tools are installed",
                    ["missing: %s" % " ".join(missing)])
        else:
            k.diag("arm64: SKIP, missing %s" % " ".join(missing))
        return

    class Arm(tf.Binary):
        PREFIX = "arm64"
        NM = "aarch64-linux-gnu-nm"
        OBJDUMP = "aarch64-linux-gnu-objdump"
        GPRS = GPRS64

    bins = {}
    for lvl in LEVELS:
        b = Arm(lvl)
        b.level = "arm64 " + lvl    # in every check's description
        try:
            rc = subprocess.run(["qemu-aarch64", b.path],
                                stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL,
                                timeout=60).returncode
        except (OSError, subprocess.TimeoutExpired) as e:
            rc = str(e)
        k.check(rc == 0, "arm64 %s: the fixture runs in qemu-aarch64 and "
                "exits 0" % lvl, ["exit status %s" % rc])
        k.check(b.rc == 0 and not b.json_errors and b.funcs,
                "arm64 %s: gen_paraminfo --dump exits 0 and prints valid "
                "JSON lines (%d functions)" % (lvl, len(b.funcs)),
                ["exit %d" % b.rc] + b.json_errors[:5] +
                b.err.splitlines()[:5])
        bins[lvl] = b
    tf.check_format(k, bins["O2"])
    for lvl in LEVELS:
        tf.check_symbols(k, bins[lvl])
        tf.check_locs_wellformed(k, bins[lvl])
        check_sigs(k, tf, bins[lvl])
        check_entry_regs(k, tf, bins[lvl])
        check_machine(k, tf, bins[lvl])
        tf.check_varargs(k, bins[lvl], tf.VARIADIC | {"a64_varargs"})
        tf.check_icf(k, bins[lvl], tf.text_funcs(bins[lvl].path),
                     "aarch64-linux-gnu-readelf", lvl in tf.ICF_LEVELS)
    check_o2(k, tf, bins["O2"])
    check_kallsyms_names(k, tf)
