#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
#
# test_insn.py [--real] [ELF...] - the dump's ranges against the machine code.
#
# gen_paraminfo --dump says "parameter p is in register r over [from,to)".
# Whatever proves that, the machine code itself rules some claims out. This
# test disassembles with binutils' objdump (independent of the generator and
# of the decoder it uses) and checks, for every range in register r:
#
#  rep:   no rep-prefixed string instruction (movs, stos, lods, cmps, scas,
#         ins, outs) that updates r lies at an offset inside [from,to): an
#         interrupt or fault between two iterations leaves RIP on the rep
#         with rdi/rsi/rcx already advanced;
#  write: no instruction at offset a with from <= a and a + len < to (the
#         next boundary is still claimed) writes r, unless it is a plain
#         register-to-register copy (mov, movzx/movsx, cltq, xchg, lea
#         (%reg)); explicit destinations (AT&T: the last operand) and the
#         implicit writes listed in IMPLICIT, MULDIV and STRING count;
#  call:  no indirect call ends inside a range in a caller-saved register
#         (the SysV ABI lets the callee change it), except the kernel's
#         calls through pv_ops, whose callee-save conventions the inline
#         asm declares.
#
# A range may end inside an instruction: gcc ends a caller-saved
# register's range one byte before a call returns. Reported under
# "# unknown", not failing: an instruction whose writes are not known
# (counted as writing its last register operand); a load from a stack slot
# the function also stores a register to (it may reload a spilled
# parameter, which the table may legitimately track); a direct call (with
# -fipa-ra gcc keeps values in caller-saved registers the callee is known
# not to touch, and the kernel calls helpers such as __get_user_*,
# __sw_hweight64 or static-call trampolines with their own conventions).
# A call to __fentry__ writes nothing: ftrace patches it to a nop or to a
# trampoline that saves the argument registers.
#
# Without --real: the default fixture at -O2, -O1 and -Os, and the -O2
# stack-protector builds of test_oracle.sh (%fs:0x28, global and %gs symbol
# guard). With --real: the Debian vmlinux of fetch-vmlinux.sh. ELF
# arguments replace both. Self-tests first: hand-written instructions
# (PARSER_CASES) get the writes written down for them, and fabricated
# whole-function ranges over fixtures/machine.c's rep movsb, asm clobber
# and cmov and apply_cb's indirect call are caught.
#
# Environment: GEN, BUILD, T (set by run-tests.sh); INSN_EXAMPLES (8): how
# many violations of each kind are shown. Prints KTAP; exits 1 if any
# condition is violated.

import bisect
import json
import os
import re
import subprocess
import sys
import tempfile

GEN = os.environ.get("GEN", "build/gen_paraminfo")
BUILD = os.environ.get("BUILD", "build")
T = os.environ.get("T", os.path.dirname(os.path.abspath(__file__)))
# Examples shown per category (INSN_EXAMPLES=N shows more).
EXAMPLES = int(os.environ.get("INSN_EXAMPLES", "8"))

# Every name objdump prints for a part of a general-purpose register.
REG64 = {}
for _x in "abcd":
    for _n in ("r%sx", "e%sx", "%sx", "%sl", "%sh"):
        REG64[_n % _x] = "r%sx" % _x
for _x in ("si", "di", "bp", "sp"):
    for _n in ("r%s", "e%s", "%s", "%sl"):
        REG64[_n % _x] = "r" + _x
for _i in range(8, 16):
    for _s in ("", "d", "w", "b", "l"):
        REG64["r%d%s" % (_i, _s)] = "r%d" % _i
BYTE_REGS = {"al", "bl", "cl", "dl", "ah", "bh", "ch", "dh", "sil", "dil",
             "bpl", "spl"} | {"r%db" % i for i in range(8, 16)} | \
            {"r%dl" % i for i in range(8, 16)}
CALLER_SAVED = {"rax", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11"}

PREFIXES = {"rep", "repz", "repe", "repnz", "repne", "lock", "data16",
            "data32", "addr32", "cs", "ds", "es", "ss", "fs", "gs",
            "notrack", "bnd", "xacquire", "xrelease"}
REP = {"rep", "repz", "repe", "repnz", "repne"}

# String instructions: the registers they step (rcx too when rep-prefixed)
# and the ones they load.
STRING = {"movs": ({"rdi", "rsi"}, set()), "stos": ({"rdi"}, set()),
          "lods": ({"rsi"}, {"rax"}), "cmps": ({"rdi", "rsi"}, set()),
          "scas": ({"rdi"}, set()), "ins": ({"rdi"}, set()),
          "outs": ({"rsi"}, set())}

# Implicit register writes (explicit destinations are handled apart).
IMPLICIT = {
    "cqto": {"rdx"}, "cqo": {"rdx"}, "cltd": {"rdx"}, "cdq": {"rdx"},
    "cwtd": {"rdx"}, "cwd": {"rdx"}, "cpuid": {"rax", "rbx", "rcx", "rdx"},
    "rdtsc": {"rax", "rdx"},
    "rdtscp": {"rax", "rdx", "rcx"}, "rdmsr": {"rax", "rdx"},
    "rdpmc": {"rax", "rdx"}, "xgetbv": {"rax", "rdx"},
    "rdpkru": {"rax", "rdx"}, "cmpxchg": {"rax"},
    "cmpxchg8b": {"rax", "rdx"}, "cmpxchg16b": {"rax", "rdx"},
    "syscall": {"rcx", "r11", "rax"}, "sysenter": {"rcx", "r11"},
    "leave": {"rbp"}, "enter": {"rbp"}, "loop": {"rcx"},
    "loope": {"rcx"}, "loopz": {"rcx"}, "loopne": {"rcx"},
    "loopnz": {"rcx"}, "xlat": {"rax"}, "xlatb": {"rax"},
    "lahf": {"rax"}, "pop": set(), "push": set(),
}
# Sign extensions of rax in place (movslq %eax,%rax and smaller): copies.
EXTEND_RAX = {"cltq", "cdqe", "cwtl", "cwde", "cbtw", "cbw"}
# mul/div and one-operand imul: rdx:rax, or ax alone for a byte operand.
MULDIV = {"mul", "imul", "div", "idiv"}

# The last operand is the destination (when it is a register).
DEST_LAST = {
    "mov", "movabs", "add", "sub", "adc", "sbb", "and", "or", "xor", "neg",
    "not", "inc", "dec", "shl", "sal", "shr", "sar", "rol", "ror", "rcl",
    "rcr", "shld", "shrd", "imul", "lea", "bswap", "popcnt", "lzcnt",
    "tzcnt", "bsf", "bsr", "andn", "bextr", "blsi", "blsr", "blsmsk",
    "bzhi", "pdep", "pext", "sarx", "shlx", "shrx", "rorx", "crc32",
    "movbe", "rdrand", "rdseed", "rdfsbase", "rdgsbase", "rdpid", "adcx",
    "adox", "pop", "bts", "btr", "btc", "in", "movd", "movq", "vmovd",
    "vmovq", "cvtsd2si", "cvttsd2si", "cvtss2si", "cvttss2si", "pextrb",
    "pextrw", "pextrd", "pextrq", "vpextrb", "vpextrw", "vpextrd",
    "vpextrq", "movmskps", "movmskpd", "pmovmskb", "vpmovmskb", "str",
    "sldt", "smsw", "lar", "lsl", "cmpxchg", "movsx", "movzx", "movsxd",
    "xadd", "xchg", "mulx", "rdsspq", "rdsspd",
}
# Known not to write a general-purpose register operand.
READ_ONLY = {
    "cmp", "test", "bt", "jmp", "ljmp", "ret", "lret", "iret", "iretq",
    "push", "nop", "endbr64", "endbr32", "ud0", "ud1", "ud2", "int3", "int",
    "hlt", "cli", "sti", "lfence", "mfence", "sfence", "clflush",
    "clflushopt", "clwb", "prefetcht0", "prefetcht1", "prefetcht2",
    "prefetchnta", "prefetchw", "out", "wrmsr", "invlpg", "invlpga",
    "invpcid", "lidt", "lgdt", "sidt", "sgdt", "ltr", "lldt", "wrfsbase",
    "wrgsbase", "stac", "clac", "pause", "swapgs", "sysret", "sysretq",
    "sysretl", "clts", "verw", "verr", "ucomiss", "ucomisd", "comiss",
    "comisd", "ptest", "xsave", "xsave64", "xsaves", "xsaves64", "xsavec",
    "xsavec64", "xsaveopt", "xsaveopt64", "xrstor", "xrstor64", "xrstors",
    "xrstors64", "fxsave", "fxsave64", "fxrstor", "fxrstor64", "ldmxcsr",
    "stmxcsr", "wbinvd", "wbnoinvd", "invd", "monitor", "mwait", "monitorx",
    "mwaitx", "cld", "std", "clc", "stc", "cmc", "pushf", "pushfq", "popf",
    "popfq", "fwait", "wait", "emms", "vzeroupper", "xsetbv", "wrpkru",
    "serialize", "movnti", "jrcxz", "jecxz", "tpause", "xend", "xtest",
    "fninit", "finit", "fnclex", "fnstcw", "fnstsw", "fldl", "fildl",
    "fistpl", "fmull", "fdivl", "fsubp", "tilerelease", "stgi", "clgi",
    "leave", "enter", "cpuid", "rdtsc", "rdtscp", "rdmsr", "rdpmc",
    "xgetbv", "rdpkru", "syscall", "sysenter", "cqto", "cqo", "cltd", "cdq",
    "cwtd", "cwd", "cltq", "cdqe", "cwtl", "cwde", "cbtw", "cbw", "lahf",
    "xlat", "xlatb", "loop", "loope", "loopz", "loopne", "loopnz",
    "cmpxchg8b", "cmpxchg16b", ".byte", "(bad)",
}
# Indirect calls made from inline asm with the callee-save convention.
CALL_PRESERVES = re.compile(r"<pv_ops[+>]")

INSN_RE = re.compile(r"^\s*([0-9a-f]+):\s+(.*)$")
SYM_RE = re.compile(r"^([0-9a-f]+) <(.+)>:$")


def reg_of(op):
    """The 64-bit register a plain register operand names, or None."""
    if op.startswith("%"):
        return REG64.get(op[1:])
    return None


def is_mem(op):
    return "(" in op or re.match(r"^(%\w+:)?-?(0x)?[0-9a-f]+$", op) is not None


def split_ops(s):
    out, depth, cur = [], 0, ""
    for ch in s:
        if ch == "," and depth == 0:
            out.append(cur)
            cur = ""
            continue
        depth += ch == "("
        depth -= ch == ")"
        cur += ch
    if cur:
        out.append(cur)
    return [o.strip() for o in out]


class Insn:
    """One instruction: prefixes, mnemonic, AT&T operands."""

    __slots__ = ("off", "len", "text", "prefixes", "mn", "ops")

    def __init__(self, off, text):
        self.off = off
        self.len = 0
        self.text = text
        body = text.split("#", 1)[0]
        body = re.sub(r"\s<[^>]*>", "", body).strip()
        words = body.split()
        self.prefixes = []
        while words and (words[0] in PREFIXES or words[0].startswith("rex")):
            self.prefixes.append(words.pop(0))
        self.mn = words[0] if words else ""
        self.ops = split_ops(" ".join(words[1:])) if len(words) > 1 else []

    def string_op(self):
        """(steps, loads) of a string instruction, or None."""
        if self.ops and not any(o.startswith("%es:(") or
                                o.startswith("%ds:(") or o == "(%dx)"
                                for o in self.ops):
            return None
        for base, regs in STRING.items():
            if self.mn in (base, base + "b", base + "w", base + "l",
                           base + "q", base + "d"):
                return regs
        return None

    def writes(self):
        """{register: kind}, kind "write", "copy" or "unknown"; and the
        rep-stepped registers of a rep-prefixed string instruction."""
        mn, ops = self.mn, self.ops
        regs = [reg_of(o) for o in ops]
        out = {}
        rep = set()

        def add(r, kind):
            if r and r != "rsp" and out.get(r) != "write":
                out[r] = kind

        s = self.string_op()
        if s is not None:
            steps, loads = s
            if REP & set(self.prefixes):
                steps = steps | {"rcx"}
                rep = set(steps)
            for r in steps | loads:
                add(r, "write")
            return out, rep
        if mn == "call" or mn == "callq":
            return out, rep		# handled by the call condition
        base = mn
        if base not in DEST_LAST and base not in READ_ONLY and \
                base not in IMPLICIT and base not in MULDIV and \
                base[-1:] in "bwlq" and (base[:-1] in DEST_LAST or
                                         base[:-1] in READ_ONLY or
                                         base[:-1] in IMPLICIT or
                                         base[:-1] in MULDIV):
            base = base[:-1]
        ext = re.match(r"^mov(s|z)(b|w|l)(w|l|q)$", mn) or \
            mn in ("movslq", "movsx", "movzx", "movsxd")
        if base in MULDIV and len(ops) <= 1:
            byte = (ops and ops[0].lstrip("%") in BYTE_REGS) or \
                mn.endswith("b")
            add("rax", "write")
            if not byte:
                add("rdx", "write")
            return out, rep
        if base in EXTEND_RAX:
            add("rax", "copy")
        for r in IMPLICIT.get(base, ()):
            add(r, "write")
        if base in ("xchg", "xadd"):
            if len(ops) == 2 and base == "xchg" and regs[0] and regs[1]:
                add(regs[0], "copy")
                add(regs[1], "copy")
            else:
                for r in regs:
                    add(r, "write")
            return out, rep
        if base == "mulx":
            for r in regs[-2:]:
                add(r, "write")
            return out, rep
        if base.startswith("cmov") or base.startswith("set"):
            add(regs[-1] if regs else None, "write")
            return out, rep
        if base in READ_ONLY or (base.startswith("j") and base != "jmp" and
                                 len(ops) <= 1) or base.startswith("nop") or \
                base.startswith("prefetch"):
            return out, rep
        if ext or base in DEST_LAST:
            if not ops or not regs[-1]:
                return out, rep
            dst = regs[-1]
            src = ops[0] if len(ops) == 2 else None
            copy = False
            if src is not None and (base in ("mov", "movabs", "movq") or
                                    ext):
                copy = reg_of(src) is not None
            if base == "lea" and src is not None:
                m = re.match(r"^(0x0)?\((%\w+)(,%riz,1)?\)$", src)
                copy = m is not None and reg_of(m.group(2)) is not None
            add(dst, "copy" if copy else "write")
            return out, rep
        # Not known: count the last register operand, as "unknown".
        if regs and regs[-1]:
            add(regs[-1], "unknown:" + mn)
        return out, rep

    def stack_slot(self, frame):
        """The stack slot a "mov SLOT,%reg" loads or "mov %reg,SLOT"
        stores, as (slot, direction); rbp-based only if FRAME (the
        function sets rbp up as its frame pointer)."""
        if self.mn not in ("mov", "movq", "movl") or len(self.ops) != 2:
            return None
        a, b = self.ops
        slot = re.compile(r"^-?(0x[0-9a-f]+)?\(%%(rsp%s)\)$" %
                          ("|rbp" if frame else ""))
        if slot.match(a) and reg_of(b):
            return a, "load"
        if slot.match(b) and reg_of(a):
            return b, "store"
        return None


def merge_prefixes(insns):
    """objdump prints a prefix it cannot attach as its own line: the CPU
    executes it with the next instruction, at the prefix's address. Xen's
    emulate prefix, ud2 then the bytes "xen" (js; outsb), is no
    instruction either: the hypervisor emulates what follows."""
    out = []
    pending = None
    for i, ins in enumerate(insns):
        if i >= 2 and insns[i - 2].mn == "ud2" and \
                (insns[i - 1].mn, ins.mn) == ("js", "outsb"):
            out.pop()
            continue
        if pending is not None:
            ins = Insn(pending.off, pending.text + " " + ins.text)
            pending = None
        if not ins.mn and ins.prefixes:
            pending = ins
            continue
        out.append(ins)
    if pending is not None:
        out.append(pending)
    return out


class Stats:
    def __init__(self):
        self.viol = {c: [] for c in ("rep", "write", "call", "unknown")}
        self.count = {c: 0 for c in self.viol}
        self.funcs = {c: set() for c in self.viol}
        self.pairs = {c: set() for c in self.viol}
        self.nfuncs = 0
        self.nranges = 0
        self.ninsns = 0
        self.nrep = 0
        self.unknown_mn = {}
        self.kinds = {}

    def add(self, cat, f, pname, msg, mn=None):
        """Functions are counted by address: static ones share names."""
        self.count[cat] += 1
        if mn:
            k = self.kinds.setdefault(cat, {})
            k[mn] = k.get(mn, 0) + 1
        self.funcs[cat].add((f["name"], f["addr"]))
        self.pairs[cat].add((f["addr"], pname))
        if len(self.viol[cat]) < EXAMPLES:
            self.viol[cat].append(msg)


def check_function(f, insns, st):
    """Check every range of f against its instructions."""
    size = f["size"]
    insns = merge_prefixes(insns)
    for i, ins in enumerate(insns):
        ins.len = (insns[i + 1].off if i + 1 < len(insns) else size) - ins.off
    st.nfuncs += 1
    st.ninsns += len(insns)
    # Stack slots the function stores a register to: a load from one may
    # be a spilled parameter coming back.
    frame = any(ins.mn == "mov" and ins.ops == ["%rsp", "%rbp"]
                for ins in insns)
    stored = set()
    for ins in insns:
        s = ins.stack_slot(frame)
        if s and s[1] == "store":
            stored.add(s[0])
    # A canary reload is followed by the compare with the guard.
    canary = set()
    for i, ins in enumerate(insns[:-1]):
        nxt = insns[i + 1].text
        if ("%fs:0x28" in nxt or "__stack_chk_guard" in nxt) and \
                insns[i + 1].mn in ("sub", "xor", "cmp"):
            canary.add(i)
    eff = []
    for i, ins in enumerate(insns):
        w, rep = ins.writes()
        s = ins.stack_slot(frame)
        if s and s[1] == "load" and s[0] in stored and i not in canary:
            w = {r: "unknown:reload" for r in w}
        call = None
        if ins.mn in ("call", "callq") and ins.ops and \
                ins.ops[0].startswith("*"):
            call = set() if CALL_PRESERVES.search(ins.text) else \
                CALLER_SAVED
        elif ins.mn in ("call", "callq") and "<__fentry__>" not in ins.text:
            w = {r: "unknown:direct call" for r in CALLER_SAVED}
        st.nrep += bool(rep)
        eff.append((ins, w, rep, call))
    name = f["name"]
    for p in f["params"]:
        for loc in p["locs"]:
            # A stack slot's range: no register to be written.
            if "reg" not in loc:
                continue
            st.nranges += 1
            lo, hi, r = loc["from"], loc["to"], loc["reg"]
            where = "%s(%s) [%d,%d) in %s" % (name, p["name"], lo, hi, r)
            for ins, w, rep, call in eff:
                a, end = ins.off, ins.off + ins.len
                if not lo <= a < hi:
                    continue
                what = "%s: +0x%x %s" % (where, a, ins.text)
                if r in rep:
                    st.add("rep", f, p["name"], what, ins.mn)
                    continue
                if end >= hi:
                    continue
                if call is not None and r in call:
                    st.add("call", f, p["name"], what, ins.mn)
                elif w.get(r) == "write":
                    st.add("write", f, p["name"], what, ins.mn)
                elif w.get(r, "").startswith("unknown:"):
                    st.add("unknown", f, p["name"], what)
                    kind = w[r][8:]
                    st.unknown_mn[kind] = st.unknown_mn.get(kind, 0) + 1


def disassemble(elf, funcs, st):
    """Stream objdump -d and check each function with ranges once its
    instructions are read."""
    todo = sorted((int(f["addr"], 16), f) for f in funcs
                  if any(p["locs"] for p in f["params"]))
    starts = [a for a, _ in todo]
    p = subprocess.Popen(["objdump", "-d", "--no-show-raw-insn", elf],
                         stdout=subprocess.PIPE, text=True, errors="replace",
                         bufsize=1 << 20)
    cur, cur_start, cur_end, body = None, 0, 0, []
    done = set()
    for line in p.stdout:
        m = INSN_RE.match(line)
        if not m:
            continue
        addr = int(m.group(1), 16)
        if cur is not None and cur_start <= addr < cur_end:
            body.append(Insn(addr - cur_start, m.group(2)))
            continue
        if cur is not None:
            check_function(cur, body, st)
            done.add(cur_start)
            cur = None
        i = bisect.bisect_right(starts, addr) - 1
        if i >= 0 and starts[i] not in done and \
                addr < starts[i] + todo[i][1]["size"]:
            cur, cur_start = todo[i][1], starts[i]
            cur_end = cur_start + cur["size"]
            body = [Insn(addr - cur_start, m.group(2))] \
                if addr == cur_start else []
            if addr != cur_start:
                cur = None	# objdump did not start at the symbol
    if cur is not None:
        check_function(cur, body, st)
        done.add(cur_start)
    p.wait()
    return len(todo) - len(done)


class Ktap:
    def __init__(self):
        self.n = self.failed = 0

    def check(self, ok, what, diag=()):
        self.n += 1
        self.failed += not ok
        print("%sok %d - %s" % ("" if ok else "not ", self.n, what))
        for d in diag if not ok else ():
            print("# " + d)
        sys.stdout.flush()
        return ok


def dump(elf):
    r = subprocess.run([GEN, "--dump", elf], capture_output=True, text=True)
    if r.returncode:
        return None, r.stderr
    return [json.loads(line) for line in r.stdout.splitlines() if line], ""


CONDITIONS = [
    ("rep", "no rep-prefixed string instruction that updates r lies inside "
     "a range in r"),
    ("write", "no non-copy write of r ends inside a range in r"),
    ("call", "no indirect call ends inside a range in a caller-saved "
     "register"),
]


def report(k, tag, elf, funcs):
    st = Stats()
    missed = disassemble(elf, funcs, st)
    print("# %s: %d functions with ranges, %d register ranges, %d instructions, "
          "%d rep-string instructions" %
          (tag, st.nfuncs, st.nranges, st.ninsns, st.nrep))
    k.check(st.nfuncs > 0 and not missed, "%s: objdump disassembles every "
            "function with ranges from its start (%d)" % (tag, st.nfuncs),
            ["%d functions not found in objdump's output" % missed])
    for cat, what in CONDITIONS:
        diag = ["%s %s: %d violations in %d functions, %d (function, "
                "parameter) pairs" % (tag, cat, st.count[cat],
                                      len(st.funcs[cat]),
                                      len(st.pairs[cat]))]
        diag += ["%s %s: %s" % (tag, cat, v) for v in st.viol[cat]]
        if st.count[cat] > len(st.viol[cat]):
            diag.append("%s %s: ... %d more" %
                        (tag, cat, st.count[cat] - len(st.viol[cat])))
        if st.kinds.get(cat):
            diag.append("%s %s by instruction: %s" % (tag, cat, ", ".join(
                "%s %d" % (m, c) for c, m in
                sorted(((c, m) for m, c in st.kinds[cat].items()),
                       reverse=True))))
        if st.count[cat]:
            diag.append("%s %s functions: %s" %
                        (tag, cat, " ".join(sorted({n for n, _ in
                                                    st.funcs[cat]})[:20])))
        k.check(not st.count[cat], "%s: %s (%d violations)" %
                (tag, what, st.count[cat]), diag if st.count[cat] else ())
    print("# %s unknown: %d claims after a direct call, a reload of a "
          "stored stack slot or an instruction whose writes are not known, "
          "in %d functions (not a failure)" %
          (tag, st.count["unknown"], len(st.funcs["unknown"])))
    if st.unknown_mn:
        print("# %s unknown kinds: %s" %
              (tag, ", ".join("%s %d" % kv for kv in
                              sorted(st.unknown_mn.items()))))
    for v in st.viol["unknown"]:
        print("# %s unknown: %s" % (tag, v))
    return st


# objdump's AT&T text, the writes expected: w write, c copy, u unknown;
# an upper-case letter: also stepped by a rep prefix.
PARSER_CASES = [
    ("rep movsb %ds:(%rsi),%es:(%rdi)", "rdi:W rsi:W rcx:W"),
    ("rep stos %al,%es:(%rdi)", "rdi:W rcx:W"),
    ("rep stos %rax,%es:(%rdi)", "rdi:W rcx:W"),
    ("repz cmpsb %es:(%rdi),%ds:(%rsi)", "rdi:W rsi:W rcx:W"),
    ("movsl %ds:(%rsi),%es:(%rdi)", "rdi:w rsi:w"),
    ("lods %ds:(%rsi),%al", "rsi:w rax:w"),
    ("rep insb (%dx),%es:(%rdi)", "rdi:W rcx:W"),
    ("repz ret", ""),
    ("movsd %xmm0,(%rdi)", ""),
    ("movslq %edi,%rdi", "rdi:c"),
    ("movsbl (%rdi),%eax", "rax:w"),
    ("movzwl %si,%esi", "rsi:c"),
    ("mov %rdi,%rbx", "rbx:c"),
    ("mov %edi,%edi", "rdi:c"),
    ("mov 0x8(%rdi),%rsi", "rsi:w"),
    ("mov %rsi,0x8(%rdi)", ""),
    ("mov $0x5a5a,%edx", "rdx:w"),
    ("movabs $0x123456789,%rcx", "rcx:w"),
    ("mov %gs:0x1fb80,%rdi", "rdi:w"),
    ("mov %cr3,%rax", "rax:w"),
    ("mov %rax,%cr3", ""),
    ("add $0x1000,%rdi", "rdi:w"),
    ("and $0xfffffffffffff000,%rdi", "rdi:w"),
    ("xor %esi,%esi", "rsi:w"),
    ("sub 0x33ee(%rip),%rdx        # 405018 <__stack_chk_guard>", "rdx:w"),
    ("shl %cl,%rdi", "rdi:w"),
    ("cmp %rdi,%rsi", ""),
    ("test %esi,%esi", ""),
    ("bt %rsi,%rdi", ""),
    ("btsq $0x3,(%rdi)", ""),
    ("cmovbe %rsi,%rax", "rax:w"),
    ("sete %dil", "rdi:w"),
    ("xchg %rdi,%rsi", "rdi:c rsi:c"),
    ("xchg %rbp,0x78(%rax)", "rbp:w"),
    ("xchg %ax,%ax", "rax:c"),
    ("lock xadd %eax,(%rdx)", "rax:w"),
    ("lock cmpxchg %rdx,(%rdi)", "rax:w"),
    ("mul %rcx", "rax:w rdx:w"),
    ("divq 0x8(%rsp)", "rax:w rdx:w"),
    ("div %cl", "rax:w"),
    ("imul %rsi,%rdi", "rdi:w"),
    ("imul $0x61c88647,%rdi,%rax", "rax:w"),
    ("cqto", "rdx:w"),
    ("cltd", "rdx:w"),
    ("cltq", "rax:c"),
    ("cpuid", "rax:w rbx:w rcx:w rdx:w"),
    ("rdtsc", "rax:w rdx:w"),
    ("rdmsr", "rax:w rdx:w"),
    ("wrmsr", ""),
    ("syscall", "rcx:w r11:w rax:w"),
    ("pop %rbx", "rbx:w"),
    ("push %rdi", ""),
    ("leave", "rbp:w"),
    ("lea 0x0(%rsi,%riz,1),%rsi", "rsi:c"),
    ("lea (%rdi),%rax", "rax:c"),
    ("lea 0x8(%rdi),%rdi", "rdi:w"),
    ("lea (%rdx,%rcx,1),%rax", "rax:w"),
    ("bswap %rdi", "rdi:w"),
    ("popcnt %rdi,%rax", "rax:w"),
    ("neg %r8d", "r8:w"),
    ("in (%dx),%al", "rax:w"),
    ("out %al,(%dx)", ""),
    ("vmovd %xmm0,%eax", "rax:w"),
    ("nopw 0x0(%rax,%rax,1)", ""),
    ("data16 cs nopw 0x0(%rax,%rax,1)", ""),
    ("jmp *%rax", ""),
    ("notrack jmp *%rax", ""),
    ("jne 401dd3 <touch_pages+0x23>", ""),
    ("frobnicate %rax,%rdi", "rdi:u"),
]


def parser_test(k):
    """Hand-written instructions, classified by hand."""
    bad = []
    for text, want in PARSER_CASES:
        w, rep = Insn(0, text).writes()
        got = " ".join("%s:%s" % (r, (kind[0].upper() if r in rep
                                      else kind[0]))
                       for r, kind in w.items())
        if sorted(got.split()) != sorted(want.split()):
            bad.append("%s: got '%s', want '%s'" % (text, got, want))
    k.check(not bad, "parser: %d hand-written AT&T instructions have the "
            "register writes written down for them" % len(PARSER_CASES),
            bad)


def self_test(k, elf):
    """Fabricated whole-function ranges over machine.c's rep movsb and asm
    clobber: the checker must flag them whatever the generator prints."""
    funcs, err = dump(elf)
    by = {f["name"]: f for f in funcs or []}
    fake = []
    for name, reg in (("rep_movsb_copy", "rdi"), ("asm_clobber_rsi", "rsi"),
                      ("clamp_len", "rax"), ("apply_cb", "rsi")):
        if name in by:
            f = dict(by[name])
            f["params"] = [{"name": "fake", "type": "long int", "abi": reg,
                            "locs": [{"from": 0, "to": f["size"],
                                      "reg": reg}]}]
            fake.append(f)
    st = Stats()
    disassemble(elf, fake, st)

    def names(cat):
        return {n for n, _ in st.funcs[cat]}

    ok = len(fake) == 4 and \
        names("rep") == {"rep_movsb_copy"} and \
        {"asm_clobber_rsi", "clamp_len"} <= names("write") and \
        names("call") == {"apply_cb"}
    k.check(ok, "self-test: whole-function ranges over a rep movsb, an asm "
            "clobber, a cmov and an indirect call are caught",
            ["%s: %s" % (c, sorted(names(c))) for c in st.funcs] + [err])


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    real = "--real" in sys.argv
    k = Ktap()
    print("KTAP version 1")
    with tempfile.TemporaryDirectory() as tmp:
        elfs = [(os.path.basename(a), a) for a in args]
        if not args and real:
            r = subprocess.run([os.path.join(T, "fetch-vmlinux.sh")],
                               capture_output=True, text=True)
            elfs = [("vmlinux", r.stdout.strip())]
        elif not args:
            fx = os.path.join(BUILD, "fixtures", "default-")
            parser_test(k)
            self_test(k, fx + "O2")
            elfs = [(lvl, fx + lvl) for lvl in ("O2", "O1", "Os")]
            srcs = sorted(os.path.join(T, "fixtures", s)
                          for s in os.listdir(os.path.join(T, "fixtures"))
                          if s.endswith(".c"))
            sp = "-fstack-protector-all"
            for lvl, flags in (
                    ("O2sp", [sp]),
                    ("O2spg", [sp, "-mstack-protector-guard=global"]),
                    ("O2spgs", [sp, "-mstack-protector-guard=tls",
                                "-mstack-protector-guard-reg=gs",
                                "-mstack-protector-guard-symbol="
                                "__stack_chk_guard"])):
                out = os.path.join(tmp, "default-" + lvl)
                r = subprocess.run(["cc", "-O2", "-g", "-fno-pie", "-no-pie",
                                    "-o", out] + flags + srcs,
                                   capture_output=True, text=True)
                if k.check(r.returncode == 0, "%s: fixture built" % lvl,
                           r.stderr.splitlines()[:5]):
                    elfs.append((lvl, out))
        for tag, elf in elfs:
            funcs, err = dump(elf)
            if not k.check(funcs is not None and os.path.exists(elf),
                           "%s: gen_paraminfo --dump %s" % (tag, elf),
                           err.splitlines()[:5]):
                continue
            report(k, tag, elf, funcs)
    print("# insn: %d passed, %d failed" % (k.n - k.failed, k.failed))
    return 1 if k.failed else 0


if __name__ == "__main__":
    sys.exit(main())
