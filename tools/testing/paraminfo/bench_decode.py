#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""bench_decode.py DECODE_OOPS BUILD - how fast decode_oops decodes logs.

On the reference Debian 6.1 vmlinux of each architecture (fetch-vmlinux.sh),
decodes logs of 0, 1, 10, 100 and 1000 WARN register dumps, each in a
function picked at random (seeded) from the vmlinux's text symbols, at a
random offset, with random register values, and reports the median wall
time of ROUNDS runs (default 3) of each: the time with no dump is the
start-up (reading the DWARF of every function), the rest grows with the
functions the dumps name (each is proven once). Written to
BUILD/bench-decode/ARCH.txt; a benchmark, it never fails on timing.
Environment: ARCHES (default "x86_64 arm64"), ROUNDS, SEED.
"""

import os
import random
import statistics
import subprocess
import sys
import time

T = os.path.dirname(os.path.abspath(__file__))
COUNTS = [0, 1, 10, 100, 1000]


def text_syms(vmlinux, arch):
    """[(name, size)] of the text symbols, sizes as kallsyms computes them:
    up to the next symbol's address."""
    nm = 'aarch64-linux-gnu-nm' if arch == 'arm64' else 'nm'
    out = subprocess.run([nm, '-n', '--defined-only', vmlinux], stdout=subprocess.PIPE,
                         universal_newlines=True, check=True).stdout
    syms = []
    for line in out.splitlines():
        f = line.split()
        if len(f) == 3 and not f[2].startswith(('$', '.L', '__pi_$', '__pi_.L', '__efistub_', '__kvm_nvhe_$', '__kvm_nvhe_.L')):
            syms.append((int(f[0], 16), f[1], f[2]))
    out = []
    for (a, typ, name), nxt in zip(syms, syms[1:]):
        size = nxt[0] - a
        if typ in 'tT' and 16 <= size < 65536:
            out.append((name, size))
    return out


def dump(arch, name, off, size, rnd):
    h = lambda: '%016x' % rnd.getrandbits(64)  # noqa: E731
    where = '%s+0x%x/0x%x' % (name, off, size)
    lines = ['------------[ cut here ]------------',
             'WARNING: CPU: 0 PID: 1 at kernel/bench.c:1 ' + where]
    if arch == 'x86_64':
        lines += ['RIP: 0010:' + where,
                  'RSP: 0018:ffffc90000013e38 EFLAGS: 00010246']
        names = ['RAX', 'RBX', 'RCX', 'RDX', 'RSI', 'RDI', 'RBP', 'R08', 'R09',
                 'R10', 'R11', 'R12', 'R13', 'R14', 'R15']
        for i in range(0, 15, 3):
            lines.append(' '.join('%s: %s' % (n, h()) for n in names[i:i + 3]))
        lines += ['FS:  0000000000000000(0000) GS:ffff88803ec00000(0000) knlGS:0000000000000000',
                  'CS:  0010 DS: 0000 ES: 0000 CR0: 0000000080050033',
                  'CR2: 0000000000000000 CR3: 000000000260a000 CR4: 00000000000006f0',
                  'Call Trace:']
    else:
        lines += ['pc : ' + where, 'lr : bench_caller+0x10/0x40', 'sp : ' + h()]
        regs = list(range(29, -1, -1))
        for i in range(0, 30, 3):
            lines.append(' '.join('x%-2d: %s' % (r, h()) for r in regs[i:i + 3]))
        lines.append('Call trace:')
    return lines


def run(dec, vmlinux, log):
    t0 = time.time()
    p = subprocess.run([dec, vmlinux], input=log.encode(), stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE)
    secs = time.time() - t0
    if p.returncode not in (0, 3):
        sys.exit('decode_oops failed: %s' % p.stderr.decode()[-500:])
    blocks = p.stdout.count(b'\nFunction parameters (')
    return secs, blocks, p.stderr.decode().strip().splitlines()[-1]


def main():
    dec, build = sys.argv[1], sys.argv[2]
    rounds = int(os.environ.get('ROUNDS', '3'))
    rnd = random.Random(int(os.environ.get('SEED', '0x5eed'), 0))
    outdir = os.path.join(build, 'bench-decode')
    os.makedirs(outdir, exist_ok=True)
    for arch in os.environ.get('ARCHES', 'x86_64 arm64').split():
        vmlinux = subprocess.run([os.path.join(T, 'fetch-vmlinux.sh'), arch],
                                 stdout=subprocess.PIPE, universal_newlines=True,
                                 check=True).stdout.strip()
        syms = text_syms(vmlinux, arch)
        rows = ['decode_oops on %s (%s), median of %d runs' % (
            os.path.basename(vmlinux), arch, rounds),
            '%6s %9s %9s %12s  %s' % ('dumps', 'seconds', 'blocks', 'ms/dump', 'decode_oops says')]
        base = None
        for n in COUNTS:
            log = ['Linux version bench']
            for name, size in rnd.sample(syms, n):
                off = rnd.randrange(size) & (~3 if arch == 'arm64' else ~0)
                log += dump(arch, name, off, size, rnd)
            text = '\n'.join(log) + '\n'
            res = [run(dec, vmlinux, text) for _ in range(rounds)]
            secs = statistics.median(r[0] for r in res)
            base = secs if base is None else base
            per = (secs - base) * 1000 / n if n else 0
            rows.append('%6d %9.2f %9d %12.2f  %s' % (n, secs, res[0][1], per, res[0][2]))
        text = '\n'.join(rows) + '\n'
        print(text)
        with open(os.path.join(outdir, arch + '.txt'), 'w') as f:
            f.write(text)


if __name__ == '__main__':
    main()
