#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""test_decode_oops.py - decode_oops on the fixtures, without a kernel.

For x86-64 and (when its cross tools are there) AArch64, writes register
dumps as each architecture's show_regs() prints them, with random
register values, for fixture functions stopped at their first
instruction: there every parameter is in its argument register, which
the calling convention says (test_fixtures.py's hand-written EXPECT), so
each value decode_oops prints must be that register's value, masked to
the parameter's size, and a parameter passed on the stack must say so.
Then the command line: usage errors, a missing or non-ELF VMLINUX, a
VMLINUX without DWARF, each with one message and its exit status.

A parameter in a stack slot (the -O0 fixture has them): decode_oops,
without stack memory, names the slot, --json gives its offset and no
value, and a block the kernel printed with the value it read there is
the decoder's block; no other difference is accepted.

The kernel logs themselves (every log form, interleaving, another build,
a 100 MB log, the baseline kernel decoded offline) are checked by the
QEMU end to end, e2e/check_offline.py.

Environment: DECODE_OOPS (default BUILD/decode_oops), BUILD (build).
"""

import json
import os
import random
import re
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import test_fixtures as tf  # noqa: E402
import test_fixtures_arm64 as tfa  # noqa: E402

BUILD = os.environ.get('BUILD', 'build')
DEC = os.environ.get('DECODE_OOPS', os.path.join(BUILD, 'decode_oops'))
FUNCS = ['file_pos_add', 'mix_types', 'sum7', 'sum8', 'copy_name', 'main',
         'apply_cb']
SIZES = {'long int': 8, 'int': 4, 'unsigned char': 1, 'short int': 2,
         'short unsigned int': 2, 'long unsigned int': 8, 'long long int': 8,
         'char': 1, 'size_t': 8}
X86_LOG = ['RAX', 'RDX', 'RCX', 'RBX', 'RSI', 'RDI', 'RBP', 'RSP',
           'R08', 'R09', 'R10', 'R11', 'R12', 'R13', 'R14', 'R15']
X86_ABI = {'rdi': 'RDI', 'rsi': 'RSI', 'rdx': 'RDX', 'rcx': 'RCX', 'r8': 'R08',
           'r9': 'R09'}


class Ktap:
    def __init__(self):
        self.n = self.failed = 0

    def check(self, ok, what, diag=()):
        self.n += 1
        if not ok:
            self.failed += 1
            for line in diag:
                print('# ' + str(line))
        print('%s %d - %s' % ('ok' if ok else 'not ok', self.n, what))


def kallsyms_sizes(nm, path):
    """{name: size}, a symbol ending where the next one starts."""
    out = subprocess.run([nm, '-n', path], stdout=subprocess.PIPE,
                         universal_newlines=True, check=True).stdout
    syms = [(int(f[0], 16), f[2]) for f in (l.split() for l in out.splitlines())
            if len(f) == 3 and not f[2].startswith(('$', '.L'))]
    return {n: b[0] - a for (a, n), b in zip(syms, syms[1:])}


def x86_dump(name, size, regs):
    h = {n: '%016x' % regs[n] for n in X86_LOG}
    return ['WARNING: CPU: 0 PID: 1 at fixture.c:1 %s+0x0/0x%x' % (name, size),
            'RIP: 0010:%s+0x0/0x%x' % (name, size),
            'RSP: 0018:%s EFLAGS: 00000246' % h['RSP'],
            'RAX: %s RBX: %s RCX: %s' % (h['RAX'], h['RBX'], h['RCX']),
            'RDX: %s RSI: %s RDI: %s' % (h['RDX'], h['RSI'], h['RDI']),
            'RBP: %s R08: %s R09: %s' % (h['RBP'], h['R08'], h['R09']),
            'R10: %s R11: %s R12: %s' % (h['R10'], h['R11'], h['R12']),
            'R13: %s R14: %s R15: %s' % (h['R13'], h['R14'], h['R15']),
            'FS:  0000000000000000(0000) GS:ffff88803ec00000(0000) knlGS:0000000000000000',
            'CS:  0010 DS: 0000 ES: 0000 CR0: 0000000080050033',
            'CR2: 0000000000000000 CR3: 000000000260a000 CR4: 00000000000006f0',
            'Call Trace:']


def arm64_dump(name, size, regs):
    lines = ['WARNING: CPU: 0 PID: 1 at fixture.c:1 %s+0x0/0x%x' % (name, size),
             'pc : %s+0x0/0x%x' % (name, size), 'lr : main+0x10/0x80',
             'sp : %016x' % regs['sp']]
    order = list(range(29, -1, -1))
    for i in range(0, 30, 3):
        lines.append(' '.join('x%-2d: %016x' % (r, regs['x%d' % r]) for r in order[i:i + 3]))
    return lines + ['Call trace:']


def check_arch(k, arch, binary, nm, expect):
    if not os.path.exists(binary):
        k.check(False, '%s: the fixture %s exists' % (arch, binary))
        return
    sizes = kallsyms_sizes(nm, binary)
    rnd = random.Random(arch)
    for fn in FUNCS:
        if fn not in expect or fn not in sizes:
            continue
        if arch == 'x86_64':
            regs = {n: rnd.getrandbits(64) for n in X86_LOG}
            log = x86_dump(fn, sizes[fn], regs)
        else:
            regs = {'x%d' % i: rnd.getrandbits(64) for i in range(31)}
            regs['sp'] = rnd.getrandbits(64)
            log = arm64_dump(fn, sizes[fn], regs)
        p = subprocess.run([DEC, binary], input='\n'.join(log) + '\n',
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           universal_newlines=True)
        out = p.stdout.splitlines()
        hdr = [i for i, l in enumerate(out) if l.startswith('Function parameters (')]
        k.check(p.returncode == 0 and len(hdr) == 1 and
                out[hdr[0]] == 'Function parameters (%s+0x0/0x%x):' % (fn, sizes[fn]),
                '%s %s: one block, after the dump, unlabelled (a WARN)' % (arch, fn),
                [p.stderr.strip()] + out[-6:])
        if len(hdr) != 1:
            continue
        body = out[hdr[0] + 1:hdr[0] + 1 + len(expect[fn])]
        bad = []
        for (pname, ptype, abi), line in zip(expect[fn], body):
            m = re.match(r'^ (\S+)\s+\((.*)\)\s+= (.*)$', line)
            if not m or m.group(1) != pname:
                bad.append('%s: unexpected line %r' % (pname, line))
                continue
            rest = m.group(3)
            if abi == 'stack':
                if rest != '<passed on the stack>':
                    bad.append('%s: %r, not <passed on the stack>' % (pname, rest))
                continue
            reg = X86_ABI.get(abi, abi) if arch == 'x86_64' else abi
            size = SIZES.get(ptype, 8)
            want = regs[reg] & ((1 << (8 * size)) - 1)
            vm = re.match(r'^0x([0-9a-f]+)  \[(\w+)\]$', rest)
            if not vm or int(vm.group(1), 16) != want or vm.group(2) != abi:
                bad.append('%s (%s): %r, want 0x%0*x  [%s]' % (pname, ptype, rest,
                                                              2 * size, want, abi))
        k.check(not bad and len(body) == len(expect[fn]),
                '%s %s: at entry, each parameter is its argument register, masked '
                'to its size' % (arch, fn), bad)


def stack_spot(gen, binary):
    """A function and offset of the fixture where the most parameters
    are in stack slots: (name, offset, {param: (slot offset, type)})."""
    dump = subprocess.run([gen, '--dump', binary], stdout=subprocess.PIPE,
                          universal_newlines=True, check=True).stdout
    best = None
    for line in dump.splitlines():
        f = json.loads(line)
        for at in sorted({l['from'] for p in f['params'] for l in p['locs']
                          if 'stack' in l}):
            slots = {p['name']: (l['stack'], p['type']) for p in f['params']
                     for l in p['locs'] if 'stack' in l and l['from'] <= at < l['to']}
            if not best or len(slots) > len(best[2]):
                best = (f['name'], at, slots)
    return best


def check_stack(k, binary):
    """A parameter in a stack slot: decode_oops, which has no stack memory,
    names the slot, and --json gives its offset and no value. A block the
    kernel printed, with the value it read there, is the decoder's: that
    substitution and nothing else."""
    gen = os.environ.get('GEN', os.path.join(BUILD, 'gen_paraminfo'))
    spot = stack_spot(gen, binary) if os.path.exists(binary) else None
    if not spot:
        k.check(False, 'x86_64: the -O0 fixture has a parameter in a stack slot')
        return
    fn, at, slots = spot
    size = kallsyms_sizes('nm', binary)[fn]
    rnd = random.Random('stack')
    regs = {n: rnd.getrandbits(64) for n in X86_LOG}
    log = x86_dump(fn, size, regs)
    log[0] = log[0].replace('+0x0/', '+0x%x/' % at)
    log[1] = log[1].replace('+0x0/', '+0x%x/' % at)

    def run(lines, *args):
        p = subprocess.run([DEC] + list(args) + [binary], input='\n'.join(lines) + '\n',
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           universal_newlines=True)
        return p.returncode, p.stdout.splitlines(), p.stderr

    rc, out, err = run(log)
    hdr = [i for i, l in enumerate(out) if l.startswith('Function parameters (')]
    block = []
    for l in out[hdr[0]:] if hdr else []:
        if block and not l.startswith(' '):
            break
        block.append(l)
    named = {m.group(1): int(m.group(2)) for m in
             (re.match(r'^ (\S+)\s+\(.*\)\s+= <on the stack at sp\+(\d+)>$', l)
              for l in block[1:]) if m}
    want = {n: o for n, (o, _) in slots.items()}
    k.check(rc == 0 and named == want,
            'x86_64 %s+0x%x: %s named as stack slots, not read' %
            (fn, at, ' '.join('%s sp+%d' % (n, o) for n, o in sorted(want.items()))),
            [err.strip()] + block)
    rc, js, err = run(log, '--json')
    params = json.loads(js[0])['params'] if rc == 0 and js else []
    got = {p['name']: p.get('stack') for p in params if 'stack' in p}
    k.check(got == want and all(p['value'] is None for p in params if 'stack' in p),
            'x86_64 %s+0x%x: --json gives each "stack": N and no value' % (fn, at),
            [js])

    # The kernel's block: each slot's value read, as print.c prints it.
    def kernel_block(fault=None, digits=None, off_delta=0, form=None):
        lines = []
        for l in block:
            m = re.match(r'^( (\S+)\s+\((.*)\)\s+= )<on the stack at sp\+(\d+)>$', l)
            if not m:
                lines.append(l)
                continue
            nbytes = SIZES.get(m.group(3), 8)
            val = rnd.getrandbits(8 * nbytes) if fault is None or nbytes != 8 else fault
            nd = digits or 2 * nbytes
            hexs = '%0*x' % (nd, val & ((1 << 4 * nd) - 1))
            rest = form or '0x%s  [stack sp+%d]' % (hexs, int(m.group(4)) + off_delta)
            if fault is not None and nbytes == 8 and not form:
                rest += '  <-- fault address'
            lines.append(m.group(1) + rest)
        return lines

    def with_kernel(blk, fault=None):
        head = log[:-1] + blk + log[-1:]
        if fault is not None:
            head = ['BUG: unable to handle page fault for address: %016x' % fault,
                    'Oops: 0002 [#1] PREEMPT SMP NOPTI'] + head[1:]
        return head

    rc, out, err = run(with_kernel(kernel_block()))
    k.check(rc == 0 and '1 same' in err,
            'x86_64 %s+0x%x: the kernel\'s block with the values it read is the decoder\'s' %
            (fn, at), [err.strip()])
    fault = rnd.getrandbits(64)
    rc, out, err = run(with_kernel(kernel_block(fault=fault), fault))
    eight = any(SIZES.get(t, 8) == 8 for _, t in slots.values())
    k.check(not eight or (rc == 0 and '1 same' in err),
            'x86_64 %s+0x%x: ... and with the fault marker on the fault address' % (fn, at),
            [err.strip()])
    bad = {'another slot': kernel_block(off_delta=8),
           'too few digits': kernel_block(digits=2),
           'a register\'s form': kernel_block(form='0x0000000000000001  [rsp]'),
           'outside the task\'s stack': kernel_block(
               form='<on the stack at sp+0: outside the task\'s stack>'),
           'a fault marker that is not the fault address':
               [l + ('  <-- fault address' if '[stack sp+' in l else '')
                for l in kernel_block()]}
    for what, blk in bad.items():
        rc, out, err = run(with_kernel(blk))
        k.check(rc == 3 and '1 differ' in err,
                'x86_64 %s+0x%x: a kernel block with %s differs' % (fn, at, what),
                [err.strip()])


def check_cli(k, binary):
    def run(args, data=''):
        p = subprocess.run([DEC] + args, input=data, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, universal_newlines=True)
        return p.returncode, p.stdout, p.stderr

    rc, out, err = run([])
    k.check(rc == 2 and 'usage' in err and not out, 'no VMLINUX: usage, status 2',
            [rc, err])
    rc, out, err = run(['a', 'b', 'c'])
    k.check(rc == 2 and 'usage' in err, 'three arguments: usage, status 2', [rc, err])
    rc, out, err = run(['/nonexistent/vmlinux'], 'x\n')
    k.check(rc == 1 and err.count('\n') == 1 and not out,
            'a missing VMLINUX: one message, status 1', [rc, err])
    rc, out, err = run([os.path.abspath(__file__)], 'x\n')
    k.check(rc == 1 and err.count('\n') == 1 and not out,
            'a VMLINUX that is not ELF: one message, status 1', [rc, err])
    nodebug = os.path.join(BUILD, 'fixtures', 'default-O2.nodebug')
    subprocess.run(['objcopy', '--strip-debug', binary, nodebug], check=True)
    rc, out, err = run([nodebug], 'x\n')
    k.check(rc == 1 and 'DWARF' in err and not out,
            'a VMLINUX without DWARF: one message naming DWARF, status 1', [rc, err])
    os.unlink(nodebug)
    log = 'hello\nRIP: 0010:sum7+0x0/0x20\n'
    rc, out, err = run([binary], log)
    k.check(rc == 3 and out == log and 'ends inside the register dump' in err,
            'a log ending inside a dump: unchanged, a message, status 3', [rc, out, err])


def main():
    k = Ktap()
    print('KTAP version 1')
    x86 = os.path.join(BUILD, 'fixtures', 'default-O2')
    check_arch(k, 'x86_64', x86, 'nm', {n: v for n, v in tf.EXPECT.items()})
    arm = os.path.join(BUILD, 'fixtures', 'arm64-O2')
    if shutil.which('aarch64-linux-gnu-nm') and os.path.exists(arm):
        check_arch(k, 'arm64', arm, 'aarch64-linux-gnu-nm', tfa.EXPECT)
    elif os.environ.get('PI_NEED_ARM64') == '1':
        k.check(False, 'arm64: the AArch64 fixture and aarch64-linux-gnu-nm exist')
    check_stack(k, os.path.join(BUILD, 'fixtures', 'default-O0'))
    check_cli(k, x86)
    print('1..%d' % k.n)
    print('# decode_oops: %d passed, %d failed' % (k.n - k.failed, k.failed))
    return 1 if k.failed else 0


if __name__ == '__main__':
    sys.exit(main())
