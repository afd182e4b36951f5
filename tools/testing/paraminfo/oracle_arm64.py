#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
#
# oracle_arm64.py ELF DUMP.jsonl - check a paraminfo table against an
# AArch64 ELF run under qemu-user: oracle.c's method without arm64 hardware.
#
# For every function whose ABI slots are known, the oracle calls it with
# argument values it chose, single-steps it back to its caller and, at each
# instruction of the function's own frame, compares every register the
# table names for a parameter with the value passed. A difference is a
# wrong value: what the oops printer must never show.
#
# qemu-user cannot be ptraced as the guest, so the ELF runs under
# "qemu-aarch64 -g SOCKET" and this script speaks the gdb remote serial
# protocol to QEMU's gdbstub itself: "g"/"G" read and write x0-x30, sp, pc
# and cpsr, "m"/"M" memory, "Z0"/"z0" breakpoints, "s" one instruction,
# "c" continue. Measured on this fixture (2 cores, QEMU 7.2): 0.15-0.3 ms
# per step and register read, against 1.0 ms per "stepi" plus register
# reads in a gdb-multiarch Python script, and no gdb start-up or
# prologue analysis at each stop.
#
# The guest stops at main() (libc, TLS set up). An RWX mapping made with an
# mmap system call (x8 = 222 at an "svc #0" found in the ELF's text) holds
# the "brk #0" the call returns to (lr), "ret" instructions that
# function-pointer arguments point at, the stack and the zeroed areas
# pointer arguments point into; the stack and those areas are mapped anew
# (zeroed) before each call. x8, the indirect result register, points
# into that area too.
#
# Only the function's own frame is stepped: a bl or blr is run at full
# speed to a breakpoint at its return address (in the same frame: the same
# sp), and a branch out of the function and its .cold parts (a tail call)
# runs at full speed back to the brk. "<name>.cold" runs in the frame of
# <name> and is checked against the values passed to <name>. A clone (abi
# "unknown") only gets a consistency check: the register named at offset 0
# is taken as the value and every later claim must agree.
#
# A composite of at most 8 bytes in one X register is compared over its
# size, read from the ELF's DWARF (readelf); oracle.c leaves it out.
#
# A range may name a stack slot instead ("stack": OFF): the value is in
# memory at sp plus OFF, the parameter's size wide, read with "m". The
# slot must be one of this frame's, inside [sp, CFA), the CFA from the
# ELF's call frame information as readelf --debug-dump=frames-interp
# prints it, independently of the table; in the function's own frame that
# CFA must be the entry sp, or the frame checks cannot be trusted there.
#
# Beside the table the oracle counts the naive rule of the first attempt
# upstream, "argument i is in register xi at every instruction", for the
# scalar arguments it passed in registers. Output is KTAP; exit status 1 on
# a wrong value or a slot outside the frame, 2 on errors.

import bisect
import json
import os
import re
import resource
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import time

from oracle_arm64_unwind import Unwind, call_target, parse_rows

MAP_SIZE = 0x400000             # the mapping the oracle injects
ZERO_FROM = 0x100000            # remapped (zeroed) before each call
STACK_TOP = 0x1f0000            # entry sp
ARGS_SIZE = 0x100               # stack arguments above the entry sp
SCRATCH = 0x200000              # pointer targets from here ...
SLOT_SIZE = 0x8000              # ... one slot per argument
SLOTS = 64
RET_GADGETS = 16                # "ret" words from offset 16
MAX_STEPS = 100000
MAX_SHOWN = 10                  # wrong values printed per function

INSN_BRK = 0xd4200000
INSN_RET = 0xd65f03c0
INSN_SVC0 = 0xd4000001
NR_MMAP = 222

SP, PC = 31, 32                 # indexes in the register list after x0-x30
REGNAMES = ["x%d" % i for i in range(31)] + ["sp"]

SIZES = {
    1: "char|signed char|unsigned char|u8|s8|__u8|__s8|uint8_t|int8_t",
    2: "short int|short unsigned int|u16|s16|__u16|__s16|uint16_t|int16_t",
    4: "int|unsigned int|u32|s32|__u32|__s32|uint32_t|int32_t|gfp_t|pid_t",
    8: "long int|long unsigned int|long long int|long long unsigned int|"
       "size_t|ssize_t|ptrdiff_t|uintptr_t|loff_t|u64|s64|__u64|__s64|"
       "uint64_t|int64_t",
}
TYPE_SIZE = {t: n for n, ts in SIZES.items() for t in ts.split("|")}


class OracleError(Exception):
    pass


def classify(typ):
    """(kind, bytes compared) from the type string; size 0: not known."""
    t = " ".join(w for w in typ.split()
                 if w not in ("const", "volatile", "restrict"))
    if "(*)(" in t:
        return "fptr", 8
    if t.endswith("*") or "(*)" in t:
        return "ptr", 8
    if t in ("_Bool", "bool"):
        return "bool", 1
    if t in TYPE_SIZE:
        return "int", TYPE_SIZE[t]
    if t.startswith("enum "):
        return "int", 4
    if t in ("__int128", "__int128 unsigned", "long double"):
        return "wide", 0
    if t in ("float", "double"):
        return "fp", 4 if t == "float" else 8
    if t.startswith("struct ") or t.startswith("union "):
        return "agg", 0
    return "unknown", 0


def struct_sizes(elf):
    """{"struct NAME": bytes} from the ELF's DWARF (readelf), for the
    composites small enough to pass in one register; a name given two
    sizes (two files' structs) is left out."""
    tool = shutil.which("aarch64-linux-gnu-readelf") or "readelf"
    out = subprocess.run([tool, "--debug-dump=info", elf],
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                         universal_newlines=True).stdout
    sizes, cur = {}, None
    for line in out.splitlines():
        m = re.search(r"\((DW_TAG_\w+)\)$", line)
        if m:
            kind = {"DW_TAG_structure_type": "struct",
                    "DW_TAG_union_type": "union"}.get(m.group(1))
            cur = [kind, None, None] if kind else None
        elif cur and "DW_AT_name" in line:
            cur[1] = line.rsplit(":", 1)[1].strip()
        elif cur and "DW_AT_byte_size" in line:
            cur[2] = int(line.rsplit(":", 1)[1].strip(), 0)
        if cur and cur[1] and cur[2] is not None:
            key = "%s %s" % (cur[0], cur[1])
            sizes[key] = cur[2] if sizes.get(key, cur[2]) == cur[2] else -1
            cur = None
    return {k: v for k, v in sizes.items() if v > 0}


def reg_index(name):
    return REGNAMES.index(name) if name in REGNAMES else -1


def parse_abi(s):
    """("reg"|"reg2"|"byref"|"v"|"stack"|"none"|"unknown"|"bad", regs)."""
    m = re.fullmatch(r"x([0-7])", s)
    if m:
        return "reg", [int(m.group(1))]
    m = re.fullmatch(r"x([0-7])\+x([0-7])", s)
    if m:
        return "reg2", [int(m.group(1)), int(m.group(2))]
    m = re.fullmatch(r"byref x([0-7])", s)
    if m:
        return "byref", [int(m.group(1))]
    if s in ("v", "stack", "none", "unknown"):
        return s, []
    return "bad", []


class Param:
    def __init__(self, d):
        self.name, self.type, self.abi_s = d["name"], d["type"], d["abi"]
        self.kind, self.size = classify(self.type)
        self.abi, self.regs = parse_abi(self.abi_s)
        # (from, to, register index, register name, stack offset or None)
        self.locs = [(l["from"], l["to"], reg_index(l.get("reg", "")),
                      l.get("reg"), l.get("stack")) for l in d["locs"]]
        self.val = 0
        self.has_val = False
        self.noted = False

    def loc_at(self, off):
        for loc in self.locs:
            if loc[0] <= off < loc[1]:
                return loc
        return None


class Func:
    def __init__(self, d):
        self.name = d["name"]
        self.addr = int(d["addr"], 16)
        self.size = d["size"]
        self.params = [Param(p) for p in d["params"]]
        self.parent = None
        self.clone = False
        self.excl_noted = False
        self.rows = parse_rows(d)

    def holds(self, pc):
        return self.addr <= pc < self.addr + self.size


class Stats:
    # stack_checks and stack_wrong are of checks and wrong; frame_bad:
    # slots outside [sp, CFA) or with no CFA; cfa_bad: own-frame stops
    # whose CFA is not the entry sp.
    FIELDS = ("steps", "pairs", "proven", "checks", "wrong",
              "naive_pairs", "naive_wrong", "naive_proven",
              "stack_checks", "stack_wrong", "frame_bad", "cfa_bad")

    def __init__(self):
        for k in self.FIELDS:
            setattr(self, k, 0)

    def add(self, o):
        for k in self.FIELDS:
            setattr(self, k, getattr(self, k) + getattr(o, k))


def read_dump(path):
    funcs = []
    with open(path) as fp:
        for n, line in enumerate(fp, 1):
            if "{" not in line:
                continue
            try:
                funcs.append(Func(json.loads(line)))
            except (ValueError, KeyError, TypeError) as e:
                raise OracleError("%s:%d: not a dump line (%s)" %
                                  (path, n, e))
    main = [f for f in funcs if f.name == "main"]
    if not main:
        raise OracleError("%s: no main() in the dump" % path)
    return funcs, main[0].addr


def frame_rules(elf):
    """[(from, to, register, offset)]: where the CFA is register + offset,
    from readelf's interpretation of the ELF's call frame information;
    a row whose CFA is an expression is left out."""
    tool = shutil.which("aarch64-linux-gnu-readelf") or "readelf"
    out = subprocess.run([tool, "--debug-dump=frames-interp", elf],
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                         universal_newlines=True).stdout
    rules, rows, end = [], [], None

    def flush():
        for i, (at, cfa) in enumerate(rows):
            to = rows[i + 1][0] if i + 1 < len(rows) else end
            m = re.fullmatch(r"(sp|x\d+)([+-]\d+)", cfa)
            if m and at < to:
                rules.append((at, to, reg_index(m.group(1)),
                              int(m.group(2))))
        del rows[:]

    for line in out.splitlines():
        m = re.search(r" FDE .*pc=([0-9a-f]+)\.\.([0-9a-f]+)", line)
        if m:
            flush()
            end = int(m.group(2), 16)
            continue
        m = re.match(r"^([0-9a-f]{8,}) (\S+)", line)
        if m and end is not None:
            rows.append((int(m.group(1), 16), m.group(2)))
    flush()
    rules.sort()
    return rules


class Elf:
    """The executable sections of an AArch64 ELF64 (little-endian)."""

    def __init__(self, path):
        with open(path, "rb") as fp:
            data = fp.read()
        if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1 or \
                struct.unpack_from("<H", data, 18)[0] != 183:
            raise OracleError("%s: not a little-endian AArch64 ELF64" % path)
        shoff, = struct.unpack_from("<Q", data, 0x28)
        shentsize, shnum = struct.unpack_from("<HH", data, 0x3a)
        self.text = []
        for i in range(shnum):
            _, typ, flags, addr, off, size = struct.unpack_from(
                "<IIQQQQ", data, shoff + i * shentsize)
            if typ == 1 and flags & 0x4:    # PROGBITS, SHF_EXECINSTR
                self.text.append((addr, data[off:off + size]))

    def word(self, addr):
        for start, code in self.text:
            if start <= addr and addr + 4 <= start + len(code):
                return struct.unpack_from("<I", code, addr - start)[0]
        return None

    def find(self, word):
        for start, code in self.text:
            for i in range(0, len(code) - 3, 4):
                if struct.unpack_from("<I", code, i)[0] == word:
                    return start + i
        return None


def is_call(w):
    """bl, blr, and the pointer-authenticating blraa/blrab/blraaz/blrabz."""
    return w is not None and ((w & 0xfc000000) == 0x94000000 or
                              (w & 0xfffffc1f) == 0xd63f0000 or
                              (w & 0xfefff800) == 0xd63f0800)


def is_load_exclusive(w):
    """ldxr, ldaxr, ldxp, ldaxp of any size (not the v8.1 cas, bit 23)."""
    return w is not None and (w & 0x3fc00000) == 0x08400000


def is_store_exclusive(w):
    return w is not None and (w & 0x3fc00000) == 0x08000000


class Gdbstub:
    """One qemu-aarch64 -g process and the remote protocol to it."""

    def __init__(self, elf, tmpdir):
        self.path = os.path.join(tmpdir, "gdb.sock")
        if os.path.exists(self.path):
            os.unlink(self.path)
        self.proc = subprocess.Popen(
            ["qemu-aarch64", "-g", self.path, elf], stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_CORE,
                                                  (0, 0)))
        self.sock = socket.socket(socket.AF_UNIX)
        for _ in range(1000):
            try:
                self.sock.connect(self.path)
                break
            except OSError:
                if self.proc.poll() is not None:
                    raise OracleError("qemu-aarch64 exited with status %d" %
                                      self.proc.returncode)
                time.sleep(0.01)
        else:
            raise OracleError("cannot connect to qemu-aarch64's gdbstub")
        self.sock.settimeout(30)
        self.buf = b""
        self.ack = True
        self.cmd("qSupported")
        self.ack = self.cmd("QStartNoAckMode") != "OK"
        self.cmd("?")

    def recv(self):
        while True:
            i = self.buf.find(b"$")
            j = self.buf.find(b"#", i) if i >= 0 else -1
            if j >= 0 and len(self.buf) >= j + 3:
                pkt = self.buf[i + 1:j]
                self.buf = self.buf[j + 3:]
                if self.ack:
                    self.sock.sendall(b"+")
                return pkt.decode()
            try:
                more = self.sock.recv(65536)
            except socket.timeout:
                raise OracleError("qemu-aarch64's gdbstub does not answer")
            if not more:
                raise OracleError("qemu-aarch64 closed the connection")
            self.buf += more

    def cmd(self, c):
        data = c.encode()
        self.sock.sendall(b"$%s#%02x" % (data, sum(data) & 0xff))
        return self.recv()

    def regs(self):
        g = self.cmd("g")
        if len(g) < 2 * (33 * 8 + 4):
            raise OracleError("short register packet: %r" % g[:40])
        r = list(struct.unpack_from("<33Q", bytes.fromhex(g[:33 * 16])))
        self.cpsr = g[33 * 16:33 * 16 + 8]
        return r

    def set_regs(self, r):
        g = struct.pack("<33Q", *[v & (2 ** 64 - 1) for v in r]).hex()
        if self.cmd("G" + g + self.cpsr) != "OK":
            raise OracleError("cannot write the registers")

    def write(self, addr, data):
        for i in range(0, len(data), 1024):
            chunk = data[i:i + 1024]
            if self.cmd("M%x,%x:%s" % (addr + i, len(chunk),
                                       chunk.hex())) != "OK":
                raise OracleError("cannot write memory at 0x%x" % (addr + i))

    def read(self, addr, n):
        """N bytes of the guest's memory, or None if it cannot be read."""
        got = self.cmd("m%x,%x" % (addr, n))
        if len(got) != 2 * n or got.startswith("E"):
            return None
        return bytes.fromhex(got)

    def bp(self, addr, on):
        if self.cmd("%s0,%x,4" % ("Z" if on else "z", addr)) != "OK":
            raise OracleError("cannot set a breakpoint at 0x%x" % addr)

    def resume(self, how):
        """Step ("s") or continue ("c"); the stop signal, or None if the
        program is gone."""
        stop = self.cmd(how)
        if stop[:1] in ("T", "S"):
            return int(stop[1:3], 16)
        return None

    def close(self):
        # Killed first: a guest left stopped at a brk when the connection
        # closes would get the SIGTRAP.
        self.proc.kill()
        self.proc.wait()
        self.sock.close()


class Oracle:
    def __init__(self, elf_path, funcs, main_addr):
        self.elf_path = elf_path
        self.elf = Elf(elf_path)
        self.funcs = funcs
        self.main_addr = main_addr
        self.svc = self.elf.find(INSN_SVC0)
        if self.svc is None:
            raise OracleError("%s: no svc #0 in the text" % elf_path)
        # A composite of at most 8 bytes in one X register (AAPCS64 puts
        # it in the low bytes) is compared over its size from DWARF.
        sizes = struct_sizes(elf_path)
        for f in funcs:
            for p in f.params:
                t = " ".join(w for w in p.type.split() if w != "const")
                if p.kind == "agg" and p.abi == "reg" and \
                        0 < sizes.get(t, 0) <= 8:
                    p.size = sizes[t]
        self.rules = frame_rules(elf_path)
        self.rule_at = [r[0] for r in self.rules]
        if not self.rules:
            raise OracleError("%s: no call frame information (readelf)" %
                              elf_path)
        self.tmp = tempfile.mkdtemp(prefix="oracle_arm64.")
        self.gdb = None
        # Rows in the dump: every frame is stepped (oracle_arm64_unwind.py).
        self.uw = Unwind(self, funcs) if any(f.rows for f in funcs) \
            else None

    # The guest.

    def syscall(self, nr, *args):
        r = list(self.saved)
        r[8] = nr
        r[:len(args)] = args
        r[PC] = self.svc
        self.gdb.set_regs(r)
        self.gdb.bp(self.svc + 4, True)
        sig = self.gdb.resume("c")
        self.gdb.bp(self.svc + 4, False)
        r = self.gdb.regs()
        if sig != 5 or r[PC] != self.svc + 4:
            raise OracleError("system call %d did not return" % nr)
        return r[0]

    def start(self):
        self.gdb = Gdbstub(self.elf_path, self.tmp)
        self.gdb.bp(self.main_addr, True)
        sig = self.gdb.resume("c")
        self.gdb.bp(self.main_addr, False)
        self.saved = self.gdb.regs()
        if sig != 5 or self.saved[PC] != self.main_addr:
            raise OracleError("the program did not stop at main()")
        # mmap(NULL, size, RWX, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
        self.base = self.syscall(NR_MMAP, 0, MAP_SIZE, 7, 0x22, -1, 0)
        if self.base >= 2 ** 64 - 4096:
            raise OracleError("mmap in the guest failed")
        code = struct.pack("<I", INSN_BRK) * (RET_GADGETS // 4) + \
            struct.pack("<I", INSN_RET) * 48
        self.gdb.write(self.base, code)

    def stop(self):
        if self.gdb:
            self.gdb.close()
        self.gdb = None

    def zero(self):
        # MAP_FIXED | MAP_PRIVATE | MAP_ANONYMOUS over the stack and slots.
        got = self.syscall(NR_MMAP, self.base + ZERO_FROM,
                           MAP_SIZE - ZERO_FROM, 3, 0x32, -1, 0)
        if got != self.base + ZERO_FROM:
            raise OracleError("cannot zero the scratch area")

    # Values.

    @staticmethod
    def pattern(slot):
        return (0x81 + slot % 0x70) * 0x0101010101010101

    def scratch(self, slot):
        return self.base + SCRATCH + (slot % SLOTS) * SLOT_SIZE + \
            SLOT_SIZE // 2

    def value(self, p, slot):
        if p.kind == "ptr" or p.abi == "byref":
            return self.scratch(slot)
        if p.kind == "fptr":
            return self.base + RET_GADGETS + 4 * (slot % 48)
        if p.kind == "bool":
            return (self.pattern(slot) & ~0xff) | 1
        return self.pattern(slot)

    def stack_arg(self, p, args, off, slot, lost):
        """Lay out a stack parameter at off bytes above the entry sp
        (AAPCS64: 8-byte slots, 16-byte alignment for __int128).
        One of unknown size takes the rest; later ones get no value."""
        words = 1
        if p.kind == "wide":
            off += off % 16
            words = 2
        elif p.size <= 0:
            lost = True
        if lost:
            # Addresses in the slots: a composite of more than 16 bytes is
            # passed as the address of a copy, here too.
            for i in range(off // 8, len(args)):
                args[i] = self.scratch(slot + i)
            return off, slot, True
        p.val = self.value(p, slot)
        p.has_val = words == 1
        for i in range(words):
            args[off // 8 + i] = p.val if p.has_val else \
                self.pattern(slot + i)
        return off + 8 * words, slot + words, False

    def setup(self, f):
        """Registers for a call of F; stack arguments written."""
        r = [0x5a5a5a5a5a5a5a00 | i for i in range(33)]
        for i in range(9):      # x0-x7 unused, x8: an indirect result
            r[i] = self.scratch(SLOTS - 1 - i)
        args = [0] * (ARGS_SIZE // 8)
        slot, off, lost = 0, 0, False
        for p in f.params:
            p.has_val, p.val, p.noted = False, 0, False
            if p.abi in ("reg", "byref"):
                p.val = self.value(p, slot)
                slot += 1
                p.has_val = p.abi == "byref" or 0 < p.size <= 8
                r[p.regs[0]] = p.val
            elif p.abi == "reg2":
                for reg in p.regs:
                    r[reg] = self.pattern(slot)
                    slot += 1
            elif p.abi == "stack":
                off, slot, lost = self.stack_arg(p, args, off, slot, lost)
        if f.clone:
            # Registers and the stack words get distinct pointers; the
            # value is what the register or slot named at offset 0 holds.
            for i in range(8):
                r[i] = self.scratch(i)
            for i in range(len(args)):
                args[i] = self.scratch(8 + i)
            raw = struct.pack("<%dQ" % len(args), *args)
            for p in f.params:
                loc = p.loc_at(0)
                so = loc[4] if loc is not None else None
                p.has_val = loc is not None and 0 < p.size <= 8 and \
                    (loc[2] >= 0 if so is None else
                     0 <= so <= len(raw) - p.size)
                if p.has_val:
                    p.val = r[loc[2]] if so is None else \
                        int.from_bytes(raw[so:so + p.size], "little")
        r[SP] = self.base + STACK_TOP
        r[30] = self.base
        r[PC] = f.addr
        self.zero()
        self.gdb.write(r[SP], struct.pack("<%dQ" % len(args), *args))
        return r

    # Checks.

    def source(self, f, g, i):
        """The parameter of F that supplies the value of G's parameter I."""
        if f is g:
            return g.params[i]
        for q in f.params:
            if q.name == g.params[i].name:
                return q
        return None

    def check_one(self, f, g, i, off, r, st):
        p, q = g.params[i], self.source(f, g, i)
        loc = p.loc_at(off)
        st.pairs += 1
        if f is g and p.abi == "reg" and p.has_val and i < 8:
            # The naive rule: "argument i is in xi".
            mask = (1 << (8 * p.size)) - 1
            st.naive_pairs += 1
            st.naive_wrong += (r[i] & mask) != (p.val & mask)
            st.naive_proven += loc is not None
        if loc is None:
            return
        st.proven += 1
        if loc[4] is not None:
            self.check_slot(g, p, q, loc, off, r, st)
            return
        reg = loc[2]
        wide = q is not None and reg >= 0 and \
            (q.abi == "reg2" or q.kind == "wide")
        if not wide and (q is None or not q.has_val or reg < 0):
            if not p.noted:
                p.noted = True
                why = ("no parameter of that name in the parent" if q is None
                       else "register name %s not understood" % loc[3]
                       if reg < 0 else "value not laid out by the oracle"
                       if q.size or q.abi == "byref"
                       else "size not known from the type string")
                print("# %s: %s (%s): claimed in a register, not compared: "
                      "%s" % (g.name, p.name, p.type, why))
            return
        size = 8 if q.abi == "byref" else q.size
        mask = (1 << (8 * min(size, 8))) - 1
        got = r[reg]
        st.checks += 1
        if not wide and (got & mask) == (q.val & mask):
            return
        st.wrong += 1
        if st.wrong <= MAX_SHOWN:
            print("# WRONG %s: %s (%s) at +0x%x: %s = 0x%x, expected 0x%x "
                  "(low %d bytes)%s" %
                  (g.name, p.name, p.type, off, REGNAMES[reg], got,
                   q.val & mask, size,
                   ": a 16-byte value cannot be in one register"
                   if wide else ""))

    def cfa(self, r):
        """The CFA at this stop, or None."""
        i = bisect.bisect_right(self.rule_at, r[PC]) - 1
        if i < 0 or not self.rules[i][0] <= r[PC] < self.rules[i][1] or \
                self.rules[i][2] < 0:
            return None
        return (r[self.rules[i][2]] + self.rules[i][3]) & (2 ** 64 - 1)

    def check_slot(self, g, p, q, loc, off, r, st):
        """A stack slot claimed for G's parameter P (its value from Q) at
        offset OFF: inside this frame, and holding the value."""
        size = q.size if q is not None and 0 < q.size <= 8 else 1
        sp, so = r[SP], loc[4]
        addr, cfa = sp + so, self.cfa(r)
        if so < 0 or cfa is None or addr + size > cfa:
            st.frame_bad += 1
            if st.frame_bad <= MAX_SHOWN:
                print("# OUTSIDE THE FRAME %s: %s (%s) at +0x%x: stack "
                      "sp%+d, %s" % (g.name, p.name, p.type, off, so,
                                     "%d bytes at 0x%x, not in [sp, CFA) = "
                                     "[0x%x, 0x%x)" % (size, addr, sp, cfa)
                                     if cfa is not None else
                                     "no CFA from the call frame "
                                     "information here, the slot cannot be "
                                     "shown to be in the frame"))
        wide = q is not None and (q.abi == "reg2" or q.kind == "wide")
        if not wide and (q is None or not q.has_val):
            if not p.noted:
                p.noted = True
                print("# %s: %s (%s): claimed in a stack slot, not "
                      "compared: %s" %
                      (g.name, p.name, p.type,
                       "no parameter of that name in the parent"
                       if q is None else "value not laid out by the oracle"
                       if q.size or q.abi == "byref"
                       else "size not known from the type string"))
            return
        mask = (1 << (8 * size)) - 1
        st.checks += 1
        st.stack_checks += 1
        data = None if wide else self.gdb.read(addr, size)
        got = int.from_bytes(data, "little") if data else 0
        if data and got == q.val & mask:
            return
        st.wrong += 1
        st.stack_wrong += 1
        if st.wrong <= MAX_SHOWN:
            print("# WRONG %s: %s (%s) at +0x%x: stack sp%+d = 0x%x, "
                  "expected 0x%x (low %d bytes)%s" %
                  (g.name, p.name, p.type, off, so, got, q.val & mask, size,
                   ": a stack range names at most 8 bytes" if wide else
                   ": not readable" if data is None else ""))

    def region(self, f, pc):
        """F itself or the .cold part of F that holds PC, or None."""
        if f.holds(pc):
            return f
        for c in self.funcs:
            if c.parent is f and c.holds(pc):
                return c
        return None

    def why_skip(self, f):
        cold = f.name.find(".cold")
        if cold >= 0:
            for g in self.funcs:
                if g.name == f.name[:cold] and not self.why_skip(g):
                    f.parent = g
            return ("not callable: a fragment run in the frame of its "
                    "parent, checked there" if f.parent else
                    "fragment of a function the oracle cannot call")
        f.clone = any(p.abi == "unknown" for p in f.params)
        if any(p.abi == "bad" for p in f.params):
            return "abi slot not understood: " + ", ".join(
                p.abi_s for p in f.params if p.abi == "bad")
        return None

    def call(self, f, st, cold):
        """Call F and step its frame back to the brk; False if it crashed."""
        r = self.setup(f)
        self.gdb.set_regs(r)
        entry_sp = r[SP]
        uw = self.uw
        if uw:
            uw.reset(self.base)
        for step in range(MAX_STEPS):
            r = self.gdb.regs()
            pc = r[PC]
            if pc == self.base:
                return True
            if uw:
                uw.stop(r, f)
            deep = uw is not None and uw.depth() > 1
            g = None if deep else self.region(f, pc)
            if step and pc == f.addr and r[SP] >= entry_sp:
                print("# %s: entered again at offset 0 in its own frame "
                      "(loop or self tail call): checking stops" % f.name)
                g = None
            h = uw.func_at(pc) if deep else g
            if deep and h is None:
                how = "ret"     # out of the fixture: back to the caller
            elif h is None:
                # A tail call (or the above): the rest is not F's frame.
                how = "c"
            elif is_call(self.elf.word(pc)):
                how = "into" if uw and uw.enters(call_target(
                    self.elf.word(pc), r, pc)) else "over"
            elif is_load_exclusive(self.elf.word(pc)):
                how = "excl"
            else:
                how = "s"
            if g is not None:
                s = st if g is f else cold
                s.steps += 1
                cfa = self.cfa(r)
                if cfa is not None and cfa != entry_sp:
                    s.cfa_bad += 1
                    if s.cfa_bad == 1:
                        print("# %s: at +0x%x the call frame information "
                              "gives CFA 0x%x, not the entry sp 0x%x" %
                              (g.name, pc - g.addr, cfa, entry_sp))
                for i in range(len(g.params)):
                    self.check_one(f, g, i, pc - g.addr, r, s)
            if how == "over":
                sig = self.step_over(pc + 4, r[SP])
            elif how == "ret":
                sig = self.step_over(uw.top().ra, uw.top().sp)
            elif how == "excl":
                sig = self.step_exclusive(f, h, pc, r[SP])
            else:
                sig = self.gdb.resume("c" if how == "c" else "s")
            if sig != 5:
                where = self.gdb.regs()[PC] if sig else 0
                print("# %s: %s after %d steps (arguments chosen by the "
                      "oracle; the checks before it count)" %
                      (f.name, "the program ended" if sig is None else
                       "signal %d at 0x%x" % (sig, where), step))
                return False
        print("# %s: stopped after %d steps" % (f.name, MAX_STEPS))
        return True

    def step_exclusive(self, f, g, pc, sp):
        """Run an exclusive sequence (ldxr ... stxr) at full speed. Each
        single step returns through an exception, which clears the
        exclusive monitor (on hardware and in QEMU alike), so a stepped
        stxr always fails and the loop never ends; gdb does the same
        (aarch64_software_single_step). The instructions after the ldxr
        up to the stxr are not checked, and the oracle says so."""
        end = pc + 4
        while end < pc + 64 and not is_store_exclusive(self.elf.word(end)):
            end += 4
        if not is_store_exclusive(self.elf.word(end)):
            return self.gdb.resume("s")
        if not g.excl_noted:
            g.excl_noted = True
            print("# %s: +0x%x..+0x%x: an exclusive sequence, run without "
                  "stepping (a step clears the exclusive monitor); checked "
                  "at the ldxr and after the stxr" %
                  (g.name, pc - g.addr, end - g.addr))
        return self.step_over(end + 4, sp)

    def step_over(self, ret, sp):
        """Run a call at full speed to its return in this frame."""
        self.gdb.bp(ret, True)
        while True:
            sig = self.gdb.resume("c")
            if sig != 5:
                return sig
            r = self.gdb.regs()
            if r[PC] == ret and r[SP] == sp:
                break
            if r[PC] == self.base:
                break
        self.gdb.bp(ret, False)
        return 5

    def test(self, f, n, total):
        st, cold = Stats(), Stats()
        if self.gdb is None:
            self.start()
        if not self.call(f, st, cold):
            self.stop()     # crashed: the next call gets a fresh guest
        for c in self.funcs:
            if c.parent is f:
                print("# %s: checked in the frame of %s: %d steps, %d "
                      "checks, %d wrong" % (c.name, f.name, cold.steps,
                                            cold.checks, cold.wrong))
        if st.wrong + cold.wrong > MAX_SHOWN:
            print("# %s: %d wrong values, the first %d shown" %
                  (f.name, st.wrong + cold.wrong, MAX_SHOWN))
        st.add(cold)
        total.add(st)
        bad = st.wrong or st.frame_bad or st.cfa_bad
        extra = ""
        if self.uw:
            uw_bad, uw_extra = self.uw.done()
            bad = bad or uw_bad
        if st.stack_checks or st.frame_bad:
            extra += "; stack slots %d checks, %d wrong, %d outside the " \
                "frame" % (st.stack_checks, st.stack_wrong, st.frame_bad)
        if st.cfa_bad:
            extra += "; CFA not the entry sp at %d stops" % st.cfa_bad
        if self.uw:
            extra += uw_extra
        print("%s %d - %s%s: %d steps, %d checks, %d wrong%s" %
              ("not ok" if bad else "ok", n, f.name,
               " (clone: consistency with offset 0 only)" if f.clone else "",
               st.steps, st.checks, st.wrong, extra))
        return not bad


def pct(a, b):
    return 100.0 * a / b if b else 0.0


def summary(s, passed, failed, skipped):
    print("# functions called %d, skipped %d; steps %d, checks %d, wrong %d"
          % (passed + failed, skipped, s.steps, s.checks, s.wrong))
    print("# coverage %.1f%% (%d of %d param-steps have a claimed register "
          "or stack slot)" % (pct(s.proven, s.pairs), s.proven, s.pairs))
    print("# stack slots checked: %d pairs, %d wrong, %d outside the frame"
          % (s.stack_checks, s.stack_wrong, s.frame_bad))
    if s.cfa_bad:
        print("# CFA from the call frame information not the entry sp at "
              "%d stops" % s.cfa_bad)
    print("# naive rule (argument i in xi) wrong %.1f%% (%d of %d scalar "
          "register-param steps)" % (pct(s.naive_wrong, s.naive_pairs),
                                     s.naive_wrong, s.naive_pairs))
    print("# table on the same steps: %.1f%% proven, the rest shown as not "
          "in a register" % pct(s.naive_proven, s.naive_pairs))
    print("# oracle: %d passed, %d failed" % (passed, failed))


def main():
    if len(sys.argv) != 3:
        print("usage: oracle_arm64.py ELF DUMP.jsonl", file=sys.stderr)
        return 2
    try:
        funcs, main_addr = read_dump(sys.argv[2])
        o = Oracle(sys.argv[1], funcs, main_addr)
    except (OracleError, OSError) as e:
        print("oracle_arm64: %s" % e, file=sys.stderr)
        return 2
    why = {f.name + "@%x" % f.addr: o.why_skip(f) for f in funcs}
    todo = [f for f in funcs if not why[f.name + "@%x" % f.addr]]
    print("KTAP version 1\n1..%d" % len(todo))
    total = Stats()
    passed = failed = skipped = n = 0
    try:
        for f in funcs:
            w = why[f.name + "@%x" % f.addr]
            if w:
                print("# skipped %s: %s" % (f.name, w))
                skipped += 1
                continue
            n += 1
            if o.test(f, n, total):
                passed += 1
            else:
                failed += 1
    except (OracleError, OSError) as e:
        print("oracle_arm64: %s: %s" % (f.name, e), file=sys.stderr)
        return 2
    finally:
        o.stop()
        shutil.rmtree(o.tmp, ignore_errors=True)
    if o.uw:
        o.uw.summary()
    summary(total, passed, failed, skipped)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.stdout.reconfigure(line_buffering=True)
    sys.exit(main())
