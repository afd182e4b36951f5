#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
#
# test_encodings.py [--real] - every encoding against the model.
#
# For the default fixture at -O2/-O1/-Os/-O0 (or, with --real, the Debian
# 6.1 vmlinux): each encoding's table, decoded by the kernel decoders in
# pi_harness, must print exactly gen_paraminfo --dump; asm and bin outputs
# must hold the same bytes and be reproducible; lookups at function edges,
# padding and outside the text must find what the ELF symbol table (nm -S,
# independent of the generator) says is there; pool's name index must find
# every name, including ones whose xxh32 buckets collide (computed here by
# an independent xxh32); a corrupted table must be refused or decoded
# without the sanitizers firing; the printer, run on the stopped fixture,
# must print its arguments, and read a stack slot from its stack.
#
# Environment: GEN, BUILD, T (set by run-tests.sh). Prints KTAP.

import bisect
import os
import random
import re
import struct
import subprocess
import sys
import tempfile

GEN = os.environ["GEN"]
BUILD = os.environ["BUILD"]
T = os.environ["T"]
HARNESS = os.path.join(BUILD, "pi_harness")
ENCODINGS = ["flat", "pool", "delta"]
N = 0
FAILED = 0


def check(ok, what, diag=None):
    global N, FAILED
    N += 1
    print("%sok %d - %s" % ("" if ok else "not ", N, what))
    if not ok:
        FAILED += 1
        for line in (diag or "").splitlines()[:10]:
            print("# " + line)
    return ok


def run(args, **kw):
    return subprocess.run(args, capture_output=True, text=True,
                          errors="replace", **kw)


def encode(elf, enc, fmt, out):
    r = run([GEN, "--encoding=" + enc, "--format=" + fmt, "-o", out, elf])
    if r.returncode:
        sys.exit("gen_paraminfo failed: " + r.stderr)


def harness(enc, table, elf, *args):
    env = dict(os.environ, ASAN_OPTIONS="exitcode=99:detect_leaks=0")
    return run([HARNESS, "--encoding=" + enc, "--elf", elf, table] +
               list(args), env=env)


def xxh32(data, seed=0):
    """xxh32 as its specification gives it, independent of libxxhash."""
    p1, p2, p3, p4, p5 = (2654435761, 2246822519, 3266489917,
                          668265263, 374761393)
    m = 0xffffffff

    def rotl(x, r):
        return ((x << r) | (x >> (32 - r))) & m

    def rnd(acc, lane):
        return (rotl((acc + lane * p2) & m, 13) * p1) & m

    i, n = 0, len(data)
    if n >= 16:
        v = [(seed + p1 + p2) & m, (seed + p2) & m, seed, (seed - p1) & m]
        while i + 16 <= n:
            for k in range(4):
                v[k] = rnd(v[k], int.from_bytes(data[i:i + 4], "little"))
                i += 4
        h = (rotl(v[0], 1) + rotl(v[1], 7) + rotl(v[2], 12) +
             rotl(v[3], 18)) & m
    else:
        h = (seed + p5) & m
    h = (h + n) & m
    while i + 4 <= n:
        h = (rotl((h + int.from_bytes(data[i:i + 4], "little") * p3) & m,
                  17) * p4) & m
        i += 4
    while i < n:
        h = (rotl((h + data[i] * p5) & m, 11) * p1) & m
        i += 1
    h ^= h >> 15
    h = (h * p2) & m
    h ^= h >> 13
    h = (h * p3) & m
    return h ^ (h >> 16)


def nm_functions(elf):
    """(start, size, name) of every sized FUNC symbol, as nm -S sees it."""
    out = run(["nm", "-S", "--defined-only", elf]).stdout
    funcs = {}
    for line in out.splitlines():
        f = line.split()
        if len(f) == 4 and f[2] in "tTW":
            start, size = int(f[0], 16), int(f[1], 16)
            if size:
                funcs.setdefault(start, (start, size, f[3]))
    return sorted(funcs.values())


def dump_lines(elf):
    r = run([GEN, "--dump", elf])
    if r.returncode:
        sys.exit("gen_paraminfo --dump failed: " + r.stderr)
    return r.stdout


def test_roundtrip(elf, label, tmp, gen_dump):
    gen_text = run([GEN, "--text", elf]).stdout
    for enc in ENCODINGS:
        table = os.path.join(tmp, enc + ".bin")
        encode(elf, enc, "bin", table)
        r = harness(enc, table, elf, "--dump")
        same = r.returncode == 0 and r.stdout == gen_dump
        check(same, "%s %s: decoded dump is byte-identical to gen_paraminfo --dump"
              % (label, enc), r.stderr)
        r = harness(enc, table, elf, "--selfcheck")
        check(r.returncode == 0 and "answers agree" in r.stdout,
              "%s %s: loc_at at every byte agrees with the decoded ranges (%s)"
              % (label, enc, r.stdout.strip()), r.stderr)
        # The text view also carries sizes, reasons and flags.
        r = harness(enc, table, elf, "--text")
        check(r.returncode == 0 and r.stdout == gen_text,
              "%s %s: decoded --text (sizes, reasons, flags) equals gen_paraminfo --text"
              % (label, enc), r.stderr)


def test_unwind(elf, label, tmp, names=True):
    """The unwind rows section, the same in every encoding, decodes back
    to gen_paraminfo --dump --unwind. With @names False, delta's function
    names (the ELF symbols', chosen by the harness as kallsyms would) are
    left out of the comparison: on the arm64 vmlinux a few aliases at one
    address differ, as they do without unwind rows."""
    r = run([GEN, "--dump", "--unwind", elf])
    if r.returncode:
        sys.exit("gen_paraminfo --dump --unwind failed: " + r.stderr)
    gen_dump = r.stdout
    rows = gen_dump.count('"from"')
    for enc in ENCODINGS:
        table = os.path.join(tmp, enc + ".bin")
        encode(elf, enc, "bin", table)
        r = harness(enc, table, elf, "--dump", "--unwind")
        got, want = r.stdout, gen_dump
        if not names and enc == "delta":
            got, want = (re.sub(r'(?m)^{"name":"[^"]*"', "", x)
                         for x in (got, want))
        check(r.returncode == 0 and got == want and
              '"unwind":[{' in gen_dump,
              "%s %s: decoded dump with unwind rows is byte-identical to "
              "gen_paraminfo --dump --unwind%s" %
              (label, enc, "" if names or enc != "delta" else
               " (but delta's names)"), r.stderr)
    check(rows > 0, "%s: the dump has unwind rows and ranges (%d)"
          % (label, rows))


def test_bytes(elf, label, tmp):
    for enc in ENCODINGS:
        a, b = os.path.join(tmp, "a.bin"), os.path.join(tmp, "b.bin")
        asm, obj = os.path.join(tmp, "t.S"), os.path.join(tmp, "t.o")
        encode(elf, enc, "bin", a)
        encode(elf, enc, "bin", b)
        same = open(a, "rb").read() == open(b, "rb").read()
        check(same, "%s %s: two runs give the same bytes" % (label, enc))
        encode(elf, enc, "asm", asm)
        run(["as", "-o", obj, asm])
        run(["objcopy", "-O", "binary", "-j", ".rodata", obj, b])
        check(open(a, "rb").read() == open(b, "rb").read(),
              "%s %s: --format=asm assembles to the --format=bin bytes"
              % (label, enc))


def expected_lookup(funcs, starts, addr):
    i = bisect.bisect_right(starts, addr) - 1
    if i >= 0 and addr < funcs[i][0] + funcs[i][1]:
        return funcs[i][0]
    return None


def test_lookups(elf, label, tmp, probes, model):
    """Look @probes up in every encoding; nm's extents decide the answer.

    Only functions the model keeps are in a table (not _start, assembler
    or dropped ones), so nm's list is limited to the model's starts."""
    kept = set(a for a, _ in model)
    funcs = [f for f in nm_functions(elf) if f[0] in kept]
    starts = [f[0] for f in funcs]
    addrs = sorted(set(probes))
    for enc in ENCODINGS:
        table = os.path.join(tmp, enc + ".bin")
        encode(elf, enc, "bin", table)
        r = harness(enc, table, elf, "--lookup", *[hex(a) for a in addrs])
        bad = []
        for a, line in zip(addrs, r.stdout.splitlines()):
            want = expected_lookup(funcs, starts, a)
            got = line.split()[1]
            got_start = None
            if got != "none":
                off = int(got.split("+")[1].split("/")[0], 16)
                got_start = a - off
            if got_start != want:
                bad.append("0x%x: got %s, nm says %s" %
                           (a, got, hex(want) if want else "none"))
        check(r.returncode == 0 and not bad and
              len(r.stdout.splitlines()) == len(addrs),
              "%s %s: %d lookups (starts, last bytes, one past, padding, "
              "outside) agree with nm -S" % (label, enc, len(addrs)),
              "\n".join(bad) + r.stderr)


def edge_probes(dump):
    """Function starts, last bytes, one past the end, before and after."""
    probes = []
    model = []
    for line in dump.splitlines():
        addr = int(line.split('"addr":"')[1].split('"')[0], 16)
        size = int(line.split('"size":')[1].split(",")[0])
        model.append((addr, size))
        probes += [addr, addr + size - 1, addr + size, addr + size // 2]
    probes += [model[0][0] - 1, 0, model[-1][0] + model[-1][1] + 4096]
    return [p for p in probes if p >= 0], model


def test_names(elf, label, tmp, dump):
    names = {}
    for line in dump.splitlines():
        name = line.split('"name":"')[1].split('"')[0]
        addr = int(line.split('"addr":"')[1].split('"')[0], 16)
        names.setdefault(name, addr)
    table = os.path.join(tmp, "pool.bin")
    encode(elf, "pool", "bin", table)
    data = open(table, "rb").read()
    hash_size = int.from_bytes(data[24 + 8 * 5 + 4:24 + 8 * 5 + 8], "little")
    mask = hash_size // 4 - 1
    buckets = {}
    for n in names:
        buckets.setdefault(xxh32(n.encode()) & mask, []).append(n)
    colliding = [n for b in buckets.values() if len(b) > 1 for n in b]
    absent = ["no_such_function", "", "x" * 300, "main.cold.99"]
    query = sorted(names) + absent
    r = harness("pool", table, elf, "--name", *query)
    got = dict(line.rsplit(" ", 1) for line in r.stdout.splitlines())
    wrong = [n for n in names if got.get(n) != "0x%x" % names[n]]
    check(r.returncode == 0 and not wrong,
          "%s pool: all %d names found at their lowest address"
          % (label, len(names)), "\n".join(wrong[:10]) + r.stderr)
    check(len(colliding) >= 2 and not set(colliding) & set(wrong),
          "%s pool: %d names sharing xxh32 buckets each find their own function"
          % (label, len(colliding)))
    check(all(got.get(n) == "none" for n in absent),
          "%s pool: absent names are not found" % label)


def test_corrupt(elf, label, tmp):
    rnd = random.Random(1)
    for enc in ENCODINGS:
        table = os.path.join(tmp, enc + ".bin")
        encode(elf, enc, "bin", table)
        good = open(table, "rb").read()
        crashes = []
        for k in range(60):
            bad = bytearray(good)
            for _ in range(1 + k % 4):
                pos = rnd.randrange(len(bad)) if k % 3 else rnd.randrange(88)
                bad[pos] = rnd.randrange(256)
            path = os.path.join(tmp, "bad.bin")
            open(path, "wb").write(bad)
            for mode in (["--dump"], ["--lookup"] + [hex(rnd.randrange(1 << 20))
                                                      for _ in range(8)]):
                r = harness(enc, path, elf, *mode)
                if r.returncode not in (0, 1) or "Sanitizer" in r.stderr:
                    crashes.append("case %d %s: exit %d %s" %
                                   (k, mode[0], r.returncode, r.stderr[-300:]))
        check(not crashes, "%s %s: 60 corrupted tables refused or decoded, "
              "no sanitizer report" % (label, enc), "\n".join(crashes))
        r = harness(enc, "/dev/null", elf, "--dump")
        check(r.returncode == 1 and "not a valid" in r.stderr,
              "%s %s: an empty table is refused" % (label, enc), r.stderr)
        other = ENCODINGS[(ENCODINGS.index(enc) + 1) % 3]
        r = harness(other, table, elf, "--dump")
        check(r.returncode == 1 and "not a valid" in r.stderr,
              "%s %s table refused by the %s decoder" % (label, enc, other))


def test_printer(tmp):
    """What an oops prints at two instructions, from real registers.

    The values are the ones the fixture's main() passes; offsets are where
    objdump shows the arguments still in their entry registers (0) and
    after sum8's prologue."""
    elf = os.path.join(BUILD, "fixtures", "default-O2")
    table = os.path.join(tmp, "delta.bin")
    encode(elf, "delta", "bin", table)
    r = harness("delta", table, elf, "--run", "sum8", "unused_arg",
                "sum_varargs", "icf_shift")
    want = [
        "Function parameters (sum8+0x0/0x1b):",
        " a1 (int) = 0x00001111  [rdi]",
        " a2 (int) = 0x00002222  [rsi]",
        " a3 (int) = 0x00003333  [rdx]",
        " a4 (int) = 0x00004444  [rcx]",
        " a5 (int) = 0x00005555  [r8]",
        " a6 (int) = 0x00006666  [r9]",
        " a7 (int) = <passed on the stack>",
        " a8 (int) = <passed on the stack>",
        "Function parameters (unused_arg+0x0/0x4):",
        " used   (int) = 0x00001111  [rdi]",
        " unused (int) = 0x00002222  [rsi]",
        "Function parameters (sum_varargs+0x0/0x85):",
        " count (int) = 0x00000003  [rdi]",
        " ...",
        # Folded by -fipa-icf into icf_scale: only an address-less DIE.
        "Function parameters (icf_shift+0x0/0xc):",
        " q (struct icf_pair *) = <no location information>",
        " n (long int)          = <no location information>",
    ]
    # Function sizes are gcc's business: compare headers up to the size.
    got = [re.sub(r"/0x[0-9a-f]+\):$", "):", line)
           for line in r.stdout.splitlines()]
    want = [re.sub(r"/0x[0-9a-f]+\):$", "):", line) for line in want]
    check(got == want, "printer: an oops at sum8, unused_arg, sum_varargs "
          "and icf_shift prints the arguments main() passed, masked to int, "
          "the stack reason, a variadic function's \"...\" and a folded "
          "function's \"<no location information>\"",
          "\n".join(got) + r.stderr)


def flat_to_stack(path, fname, pidx, off):
    """Make the first range of parameter @pidx of @fname in flat table
    @path a stack slot at sp + @off over the first instruction byte."""
    d = bytearray(open(path, "rb").read())
    sects = [struct.unpack_from("<II", d, 40 + 8 * i) for i in range(5)]
    funcs, params, locs, strings = sects[1:5]
    nfuncs = struct.unpack_from("<I", d, 12)[0]
    name = bytes(d[strings[0]:strings[0] + strings[1]]).index(
        fname.encode() + b"\0")
    for i in range(nfuncs):
        rec = struct.unpack_from("<IIIHH", d, funcs[0] + 16 * i)
        if rec[1] == name:
            break
    loc = struct.unpack_from("<I", d, params[0] + 20 * (rec[2] + pidx) + 8)[0]
    struct.pack_into("<IIBBH", d, locs[0] + 12 * loc, 0, 1, 31, 0, off)
    open(path, "wb").write(d)


def test_printer_stack(tmp):
    """A parameter in a stack slot, read from the stopped program.

    Until gen_paraminfo proves stack slots, a flat table of the fixture
    is patched: sum8's a1 is said to be at sp+8, then sp+16, at its first
    instruction, where main()'s a7 and a8 are: the harness must read them
    from the program's stack."""
    elf = os.path.join(BUILD, "fixtures", "default-O2")
    table = os.path.join(tmp, "flat-stack.bin")
    got = []
    for off in (8, 16):
        encode(elf, "flat", "bin", table)
        flat_to_stack(table, "sum8", 0, off)
        r = harness("flat", table, elf, "--run", "sum8")
        got += [line for line in r.stdout.splitlines() if "a1" in line]
    check(got == [" a1 (int) = 0x00007777  [stack sp+8]",
                  " a1 (int) = 0x00008888  [stack sp+16]"],
          "printer: a parameter in a stack slot is read from the stopped "
          "program's stack (sum8's a7 and a8 at sp+8 and sp+16)",
          "\n".join(got) + r.stderr)


STRADDLE_C = r"""
int first(int x) { return x * 5 + 1; }
/* Over one 16 KiB page of delta's index: its end is pages past its start. */
__attribute__((noinline)) int last(int x)
{
	asm volatile(".skip 20000, 0x90");
	return x * 3;
}
int main(int argc, char **argv) { return first(argc) + last(argc); }
"""


def test_straddle(tmp):
    """The last function ends pages after its start: its last bytes are
    found in every encoding (delta's page index once stopped at the page
    of its start, as a kernel's last init function showed)."""
    src, elf = os.path.join(tmp, "straddle.c"), os.path.join(tmp, "straddle")
    with open(src, "w") as f:
        f.write(STRADDLE_C)
    # No C runtime: nothing (_fini) may follow the big function.
    r = run(["gcc", "-O2", "-g", "-nostdlib", "-nostartfiles", "-Wl,-e,main",
             "-o", elf, src])
    check(r.returncode == 0, "straddle fixture: built", r.stderr)
    if r.returncode:
        return
    probes, model = edge_probes(dump_lines(elf))
    last = max(model)
    probes += [last[0] + last[1] - 1 - k for k in (0, 1, 4096, 16384)]
    test_lookups(elf, "straddle", tmp, probes, model)


def main():
    real = "--real" in sys.argv
    with tempfile.TemporaryDirectory() as tmp:
        if real:
            elf = run([os.path.join(T, "fetch-vmlinux.sh")]).stdout.strip()
            dump = dump_lines(elf)
            test_roundtrip(elf, "vmlinux", tmp, dump)
            probes, model = edge_probes(dump)
            rnd = random.Random(2)
            lo, hi = model[0][0], model[-1][0] + model[-1][1]
            sample = rnd.sample(probes, 4000)
            sample += [rnd.randrange(lo, hi) for _ in range(4000)]
            test_lookups(elf, "vmlinux", tmp, sample, model)
            test_names(elf, "vmlinux", tmp, dump)
            test_unwind(elf, "vmlinux", tmp)
            arm = run([os.path.join(T, "fetch-vmlinux.sh"), "arm64"])
            if arm.returncode == 0 and arm.stdout.strip():
                test_unwind(arm.stdout.strip(), "arm64 vmlinux", tmp, False)
        else:
            for level in ["O2", "O1", "Os", "O0"]:
                elf = os.path.join(BUILD, "fixtures", "default-" + level)
                dump = dump_lines(elf)
                test_roundtrip(elf, "-" + level, tmp, dump)
                probes, model = edge_probes(dump)
                test_lookups(elf, "-" + level, tmp, probes, model)
                test_unwind(elf, "-" + level, tmp)
            for level in ["O2", "O1", "Os"]:
                elf = os.path.join(BUILD, "fixtures", "arm64-" + level)
                if os.path.exists(elf):
                    test_unwind(elf, "arm64 -" + level, tmp)
            elf = os.path.join(BUILD, "fixtures", "default-O2")
            dump = dump_lines(elf)
            test_bytes(elf, "-O2", tmp)
            test_names(elf, "-O2", tmp, dump)
            test_corrupt(elf, "-O2", tmp)
            test_printer(tmp)
            test_printer_stack(tmp)
            test_straddle(tmp)
    print("# encodings: %d passed, %d failed" % (N - FAILED, FAILED))
    return 1 if FAILED else 0


sys.exit(main())
