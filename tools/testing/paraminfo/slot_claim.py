#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
#
# slot_claim.py ARCH ELF DUMP FUNC PARAM REG DELTA - a table claiming a
# stack slot, made from the disassembly alone, for the oracles'
# self-tests (oracle_stack.sh).
#
# Prints FUNC's line of DUMP (JSON Lines) and main's, where the oracle
# stops, with FUNC's PARAM claimed in one range only and no other claim
# (the self-tests do not depend on the generator's table): the slot the
# first store of register REG to the stack pointer writes (x86-64
# "mov %REG,K(%rsp)", AArch64 "str"/"stp" to [sp, #K]), at offset
# K + DELTA, from the end of that store to the instruction that pops the
# frame ("add $N,%rsp", "ldp x29, x30, [sp], #N"), that one excluded. On
# stderr: "FROM TO RET K", the range's offsets and the return address of
# the first call after the store (hex), and K.
# ARCH is x86-64 or arm64.

import json
import re
import subprocess
import sys

TOOLS = {
    "x86-64": ("objdump", r"add \$0x[0-9a-f]+,%rsp", r"call "),
    "arm64": ("aarch64-linux-gnu-objdump", r"ldp x29, x30, \[sp\], #\d+",
              r"blr? "),
}


def insns(objdump, elf, func):
    """[(address, text)] of FUNC, comments dropped, spaces squeezed."""
    out = subprocess.run([objdump, "-d", "--no-show-raw-insn", elf],
                         stdout=subprocess.PIPE, universal_newlines=True,
                         check=True).stdout
    body, on = [], False
    for line in out.splitlines():
        if re.match(r"^[0-9a-f]+ <%s>:$" % re.escape(func), line):
            on = True
            continue
        m = re.match(r"^\s+([0-9a-f]+):\s+(.*)$", line)
        if on and m:
            text = re.split(r"\s(#|//)\s", m.group(2))[0]
            body.append((int(m.group(1), 16), " ".join(text.split())))
        elif on and not line.strip():
            break
    return body


def stored_at(arch, text, reg):
    """The offset from the stack pointer at which TEXT stores REG, or
    None."""
    if arch == "x86-64":
        m = re.fullmatch(r"mov %%%s,(0x[0-9a-f]+)?\(%%rsp\)" % reg, text)
        return int(m.group(1) or "0", 16) if m else None
    m = re.fullmatch(r"st[rp] (.*), \[sp(?:, #(\d+))?\]", text)
    regs = [r.strip() for r in m.group(1).split(",")] if m else []
    return int(m.group(2) or 0) + 8 * regs.index(reg) if reg in regs \
        else None


def main():
    arch, elf, dump, func, param, reg, delta = sys.argv[1:]
    objdump, pop_re, call_re = TOOLS[arch]
    body = insns(objdump, elf, func)
    base = body[0][0]
    store, k = next((i, k) for i, (_, t) in enumerate(body)
                    for k in [stored_at(arch, t, reg)] if k is not None)
    pop = next(a for a, t in body[store:] if re.fullmatch(pop_re, t))
    ret = next(body[i + 1][0] for i in range(store, len(body) - 1)
               if re.match(call_re, body[i][1]))
    start = body[store + 1][0]
    with open(dump) as fp:
        for line in fp:
            f = json.loads(line)
            if f["name"] not in (func, "main"):
                continue
            for p in f["params"]:
                p["locs"] = [{"from": start - base, "to": pop - base,
                              "stack": k + int(delta)}] \
                    if (f["name"], p["name"]) == (func, param) else []
            print(json.dumps(f, separators=(",", ":")))
    print("%x %x %x %d" % (start - base, pop - base, ret - base, k),
          file=sys.stderr)


if __name__ == "__main__":
    main()
