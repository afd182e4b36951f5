# SPDX-License-Identifier: GPL-2.0
#
# oracle_arm64_unwind.py - oracle_unwind.c's checks for oracle_arm64.py:
# unwind rows and caller frames (gen_paraminfo --dump --unwind), at every
# stop in a fixture function, in any frame.
#
# With rows in the dump, oracle_arm64.py steps into the calls of fixture
# functions too (not only the called function's own frame), and this keeps
# a shadow stack of the calls in progress from the stops alone: a stop at
# a function's offset 0 pushes a frame with the registers it was entered
# with (x19-x29, and x30, the return address); a stop at a frame's return
# address with its entry sp pops it; an entry at the same sp replaces it (a
# tail call). A row at the pc must give sp + cfa equal to the entry sp and
# to the CFA of the call frame information (readelf); each saved
# register's slot at CFA - off must hold its entry value; each of x19-x30
# neither saved nor lost must still hold it.
#
# The frames above are walked as the kernel would, with rows and memory
# only: a caller's x19-x29 and x30 are the saved slots, or the callee's
# own values where the row neither saves nor loses them; its return
# address is its x30; its sp the CFA; its row and its parameters'
# locations are those at return address - 1. Each caller's row is checked
# as above; each parameter the table puts in x19-x29 or a stack slot there
# is compared with the value that caller was entered with. A caller-saved
# register is never used in a caller frame.

PRESERVED = set(range(19, 31))      # x19-x29, and x30 where not saved/lost
PARAM_SAVED = set(range(19, 30))    # where a caller's parameter may be
DEPTH = 64
SHOWN = 10
SP, PC = 31, 32
MASK64 = 2 ** 64 - 1


def parse_rows(d):
    """[(from, to, cfa, {reg: off}, lost)] of a dump line's "unwind"."""
    return [(w["from"], w["to"], w["cfa"], {s[0]: s[1] for s in w["saved"]},
             w["lost"]) for w in d.get("unwind", [])]


def row_at(g, off):
    for row in g.rows:
        if row[0] <= off < row[1]:
            return row
    return None


def same_frame(f, g):
    return g is f or g.name.startswith(f.name + ".cold")


def call_target(w, r, pc):
    """Where a bl/blr (oracle_arm64.is_call) goes."""
    if (w & 0xfc000000) == 0x94000000:
        imm = w & 0x3ffffff
        return pc + ((imm - (1 << 26) if imm & (1 << 25) else imm) << 2)
    return r[(w >> 5) & 31]


class Frame:
    def __init__(self, f, r, vals):
        self.f, self.sp, self.ra = f, r[SP], r[30]
        self.regs = {d: r[d] for d in range(31)}
        self.vals = vals        # [value or None] per parameter


class Unwind:
    KEYS = ("stops", "rows", "wrong", "frames", "crows", "crows_wrong",
            "pairs", "printable", "checks", "cwrong", "volatile")

    def __init__(self, oracle, funcs):
        self.o = oracle
        self.funcs = sorted(funcs, key=lambda f: f.addr)
        self.stack = []
        self.base = 0
        self.shown = 0
        self.total = dict.fromkeys(self.KEYS, 0)
        self.cur = dict.fromkeys(self.KEYS, 0)

    def func_at(self, pc):
        for g in self.funcs:
            if g.addr <= pc < g.addr + g.size:
                return g
        return None

    def enters(self, target):
        """A call to TARGET is stepped into: a fixture function's entry."""
        g = self.func_at(target)
        return g is not None and g.addr == target and ".cold" not in g.name

    def reset(self, base):
        self.stack, self.base = [], base
        self.cur = dict.fromkeys(self.KEYS, 0)

    def done(self):
        """Add this call's counts to the total: (bad, KTAP line suffix)."""
        c = self.cur
        for k in self.KEYS:
            self.total[k] += c[k]
        return (c["wrong"] or c["crows_wrong"] or c["cwrong"],
                "; unwind rows %d checked, %d wrong; caller frames %d rows, "
                "%d wrong, %d pairs, %d printable, %d wrong" %
                (c["rows"], c["wrong"], c["crows"], c["crows_wrong"],
                 c["pairs"], c["printable"], c["cwrong"]))

    def summary(self):
        t = self.total
        pct = (lambda a, b: 100.0 * a / b if b else 0.0)
        print("# unwind rows checked: %d, %d wrong (%d stops in fixture "
              "functions, %.1f%% with a row)" %
              (t["rows"], t["wrong"], t["stops"], pct(t["rows"], t["stops"])))
        print("# caller frames: %d walked, %d with a row, %d rows wrong" %
              (t["frames"], t["crows"], t["crows_wrong"]))
        print("# caller frame parameters: %d pairs, %d printable (%.1f%%), "
              "%d checked, %d wrong; %d named a caller-saved register" %
              (t["pairs"], t["printable"], pct(t["printable"], t["pairs"]),
               t["checks"], t["cwrong"], t["volatile"]))

    def depth(self):
        return len(self.stack)

    def top(self):
        return self.stack[-1]

    def entry_vals(self, g, r, top):
        vals = []
        for p in g.params:
            v = None
            if top:
                v = p.val if p.has_val else None
            elif g.clone:
                loc = p.loc_at(0)
                if loc is not None and 0 < p.size <= 8:
                    if loc[4] is None and loc[2] >= 0:
                        v = r[loc[2]]
                    elif loc[4] is not None:
                        data = self.o.gdb.read(r[SP] + loc[4], p.size)
                        v = int.from_bytes(data, "little") if data else None
            elif p.abi == "reg" and 0 < p.size <= 8:
                v = r[p.regs[0]]
            vals.append(v)
        return vals

    def read64(self, addr):
        data = self.o.gdb.read(addr & MASK64, 8)
        return int.from_bytes(data, "little") if data else None

    def check_row(self, g, off, row, fr, sp, v, dw, where):
        """1 if ROW of G at OFF is wrong in shadow frame FR (state SP, V)."""
        cfa = (sp + row[2]) & MASK64
        why = None
        if cfa != fr.sp:
            why = "CFA sp%+d = 0x%x, the entry sp is 0x%x" % (row[2], cfa,
                                                              fr.sp)
        elif dw is not None and dw != cfa:
            why = "CFA sp%+d = 0x%x, the call frame information gives 0x%x" \
                % (row[2], cfa, dw)
        for d, so in sorted(row[3].items()):
            got = self.read64(cfa - so) if not why else None
            if not why and got != fr.regs.get(d):
                why = "x%d at CFA-%d = %s, its entry value is 0x%x" % \
                    (d, so, "unreadable" if got is None else "0x%x" % got,
                     fr.regs.get(d, 0))
        for d in sorted(PRESERVED):
            if not why and d not in row[3] and not row[4] >> d & 1 and \
                    d in v and v[d] != fr.regs[d]:
                why = "x%d = 0x%x neither saved nor lost, its entry value " \
                    "is 0x%x" % (d, v[d], fr.regs[d])
        if why is None:
            return 0
        self.shown += 1
        if self.shown <= SHOWN:
            print("# WRONG ROW %s at +0x%x (%s) [%d,%d) cfa %d: %s" %
                  (g.name, off, where, row[0], row[1], row[2], why))
        return 1

    def check_caller(self, g, off, fr, sp, v):
        c = self.cur
        for i, p in enumerate(g.params):
            c["pairs"] += 1
            loc = p.loc_at(off)
            if loc is None:
                continue
            reg, so = loc[2], loc[4]
            if so is None and reg not in PARAM_SAVED:
                c["volatile"] += 1
                if c["volatile"] <= 3:
                    print("# %s: %s at +0x%x, a return address - 1, is in "
                          "%s, which the call does not preserve: not used" %
                          (g.name, p.name, off, loc[3]))
                continue
            if so is None and reg not in v:
                continue
            c["printable"] += 1
            j = i if g is fr.f else next(
                (k for k, q in enumerate(fr.f.params) if q.name == p.name),
                None)
            if j is None or fr.vals[j] is None:
                continue
            q = fr.f.params[j]
            size = q.size if 0 < q.size <= 8 else 8
            mask = (1 << (8 * size)) - 1
            if so is None:
                got = v[reg]
            else:
                data = self.o.gdb.read((sp + so) & MASK64, size)
                got = int.from_bytes(data, "little") if data else None
            c["checks"] += 1
            if got is not None and got & mask == fr.vals[j] & mask:
                continue
            c["cwrong"] += 1
            self.shown += 1
            if self.shown <= SHOWN:
                print("# WRONG CALLER %s: %s (%s) at +0x%x: %s = %s, entered "
                      "with 0x%x (low %d bytes)" %
                      (g.name, p.name, p.type, off,
                       loc[3] if so is None else "stack sp+%d" % so,
                       "unreadable" if got is None else "0x%x" % (got & mask),
                       fr.vals[j] & mask, size))

    def walk(self, k, row, sp, v):
        c = self.cur
        for _ in range(DEPTH):
            cfa = (sp + row[2]) & MASK64
            nv = {}
            for d, so in row[3].items():
                got = self.read64(cfa - so)
                if got is not None:
                    nv[d] = got
            for d in PRESERVED:
                if d not in row[3] and not row[4] >> d & 1 and d in v:
                    nv[d] = v[d]
            ra = nv.get(30)
            k -= 1
            if ra is None or ra == self.base or k < 0:
                return
            g = self.func_at(ra - 1)
            if g is None or not same_frame(self.stack[k].f, g):
                return
            off = ra - 1 - g.addr
            c["frames"] += 1
            row = row_at(g, off)
            if row is not None:
                c["crows"] += 1
                c["crows_wrong"] += self.check_row(g, off, row, self.stack[k],
                                                   cfa, nv, None,
                                                   "caller frame")
            self.check_caller(g, off, self.stack[k], cfa, nv)
            if row is None:
                return
            sp, v = cfa, nv

    def stop(self, r, top):
        """The checks at one stop (registers R; TOP the function called)."""
        pc, sp = r[PC], r[SP]
        while self.stack and ((pc == self.top().ra and sp == self.top().sp)
                              or sp > self.top().sp):
            self.stack.pop()
        g = self.func_at(pc)
        if g is not None and pc == g.addr and ".cold" not in g.name:
            if self.stack and sp == self.top().sp:
                self.stack.pop()        # a tail call: G has the frame now
            self.stack.append(Frame(g, r, self.entry_vals(
                g, r, not self.stack and g is top)))
        if g is None or not self.stack or not same_frame(self.top().f, g):
            return
        self.cur["stops"] += 1
        off = pc - g.addr
        row = row_at(g, off)
        if row is None:
            return
        v = {d: r[d] for d in range(31)}
        self.cur["rows"] += 1
        if self.check_row(g, off, row, self.top(), sp, v, self.o.cfa(r),
                          "stop"):
            self.cur["wrong"] += 1
            return
        self.walk(len(self.stack) - 1, row, sp, v)
