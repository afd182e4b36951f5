#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Check the serial logs of the paraminfo end-to-end runs.

    check_e2e.py [--gen GEN] RUNDIR... [--corrupt=DIR]... [--base=DIR]...

Each RUNDIR is one encoding's run, as tools/testing/paraminfo/e2e/run.sh
leaves it:

    encoding      flat | pool | delta
    arch          x86_64 | arm64 (absent: x86_64)
    build-rc      exit status of kbuild.sh (absent: not built)
    vmlinux       path of the vmlinux that was booted (a one-line file)
    qemu-rc       exit status of run-qemu.sh
    console.log   ttyS0 (arm64: ttyAMA0) without '\\r'
    ttyS1.log     ttyS1 (arm64: hvc0) without '\\r': the guest's copy of the
                  debugfs dump

Facts checked, one KTAP line each:

  - the kernel built and booted to /init at a KASLR offset (the panic
    prints it); KUnit's paraminfo suite passed;
  - the guest's /sys/kernel/debug/paraminfo/dump equals `GEN --dump
    vmlinux` byte for byte, and the encodings' dumps are identical but for
    addresses and the functions of paraminfo's own code (paraminfo.funcs
    next to vmlinux), which is what differs between those kernels;
  - for every case of lib/test_paraminfo.c: the report has a "Function
    parameters" block for the function the RIP line names, at the same
    offset; every parameter has the name and type the table has; a printed
    value is exactly the argument the test passed (masked to its size) and
    comes from the register the table says holds it at that offset; a
    parameter with no covering range prints a reason from the known list
    (and the right one for stack and not-here parameters);
  - what each case is for: entry registers at entry, callee-saved registers
    after a call, no value for an unused parameter, a reason for a
    two-register struct, <passed on the stack> for the arguments past the
    registers (the seventh on x86-64, the ninth on arm64) and for a 24-byte
    struct on x86-64, which arm64 passes by reference (never printed as
    the struct's value), "none" for no parameters, the fault-address
    marker on the oops (CR2, or arm64's "Unable to handle kernel ... at
    virtual address"), with each architecture's register names;
  - the alt case WARNs right after an alternative whose replacement,
    applied at boot, zeroes the second and fourth argument registers (%rsi
    and %rcx, x1 and x3), which the nops on disk leave alone: every value
    its block prints is the argument passed (a reason is fine), whatever
    the table claims;
  - the interrupted cases (sysrq 'p' from a timer interrupt, an NMI
    backtrace, a soft lockup report) each interrupt pi_test_spin: their
    block says ", interrupted" and prints every argument; no oops or WARN
    block says it (arm64 before Linux 6.8 has no NMI backtrace: a SKIP;
    from 6.8 on it is a pseudo-NMI, which run-qemu.sh's GICv3 has);
  - the test functions exist out of line and (but pi_test_clone) uncloned;
  - the smp case: both CPUs WARN, each in its own function with its own
    values, and each CPU's block is checked like any case's; no parameter
    line between the two CPUs' log lines and "case smp: done" prints a
    value other than its own block's argument.

The kselftest (tools/testing/selftests/paraminfo, run by /init through
run_kselftest.sh, its KTAP on the second port between
PARAMINFO-KSELFTEST-BEGIN and PARAMINFO-KSELFTEST-END rc=N): it passed
with nothing skipped; the cases it triggered are checked as any case's
("kselftest CASE") and their blocks must equal /init's. Across the kernels
of one architecture (one tree: run.sh checks 6.12 apart): the same
kselftest results line for line, and every case's block of each encoding
equal to the first encoding's, up to kernel addresses.

With modules (test_paraminfo_mod.ko): its cases as any case's (modinit in
its .init.text, modwarn, modclone, modoops with the fault marker, an oops
that does not end the run); a copy with a corrupted table loads with one
warning and prints no block; the module loaded and unloaded 200 times
while the second CPU WARNs in a loop (warnloop): every cycle ran, the same
modules have tables afterwards, every WARN of the loop has its right block.
KUnit's paraminfo_module suite (crafted module tables) passed.

ENC-mod runs, whose vmlinux table is paraminfo_vmlinux.ko: a WARN before
it is loaded prints the one "not loaded" line; a copy with another build
ID is refused with both IDs; the module loads; then every case is
checked as above, and every block equals the same case's block of ENC's
run (table linked in), up to kernel addresses, which each boot moves.

Each --corrupt DIR is a boot of a copy of vmlinux (arm64: Image) with its
table patched (run.sh: encoding, variant, arch, patch-rc, qemu-rc,
console.log, ttyS1.log): the kernel must say "the ENC table is invalid"
(for the machine variant, "the ENC table is for ELF machine N, this
kernel is M") exactly once, at boot,
print no "Function parameters" block, run every WARN and interrupted case,
and end in
the oops's panic without a second oops; the debugfs dump is empty; the
kselftest fails, its dump test first.

Each --base DIR is a boot of the kernel without paraminfo: the kselftest
must skip (exit status 4, "1..0 # SKIP").

Exit status 1 when any fact fails.
"""

import argparse
import difflib
import json
import os
import re
import subprocess
import sys

REASONS = {
    '<not in a register here>', '<passed on the stack>', '<floating point>',
    '<optimized out>', '<entry value only>', '<in memory>',
    '<computed or constant>', '<split in pieces>', '<in a vector register>',
    '<untrusted DWARF>', '<undecodable location>',
    '<reassigned in this function>', '<not provable from the code>',
    '<passed by reference>',
}
# Per architecture (a run directory's "arch" file; x86_64 when absent):
# the callee-saved and argument registers by the names the kernel prints.
ARCHES = {
    'x86_64': {'callee_saved': {'rbx', 'rbp', 'r12', 'r13', 'r14', 'r15'},
               'abi_regs': ['rdi', 'rsi', 'rdx', 'rcx', 'r8', 'r9']},
    'arm64': {'callee_saved': {'x%d' % i for i in range(19, 29)},
              'abi_regs': ['x%d' % i for i in range(8)]},
}

# What each case is for, beyond "every printed value is right".
#   value:  parameters that must print a value
#   reason: parameters that must print a reason (set: one of these)
#   entry_regs / callee_saved: the value must come from that kind of register
#   stack:  at least this many values must come from stack slots
#   fault:  the parameter that must carry "<-- fault address"
#   none:   the function has no parameters
#   byref:  the parameter passed by reference: its copy's address or
#           <passed by reference>, never a value
#   overwritten: {parameter: register} that run-time patching overwrote
#           after entry; every value printed must be the argument
CASES = {
    'entry': {'value': 'a b c d e p', 'entry_regs': 'a b c d e p'},
    'callee_saved': {'value': 'a b c', 'callee_saved': 'a b c'},
    'unused': {'value': 'c', 'reason': {'unused': None}},
    'struct_arg': {'value': 'z', 'reason': {'w': None}},
    'seven': {'value': 'a b c d e f', 'entry_regs': 'a b c d e',
              'reason': {'seven': {'<passed on the stack>'}}},
    'many': {'value': 'a b c d e f', 'entry_regs': 'a b c d e f',
             'reason': {n: {'<passed on the stack>'} for n in 'ghij'}},
    'big': {'value': 'after', 'reason': {'big': {'<passed on the stack>'}}},
    'spill': {'value': 'a b c d e f', 'stack': 4},
    'noparams': {'none': True},
    'clone': {'value': 'a c', 'reason': {'dead': None}},
    'alt': {'overwritten': {'b': 'rsi', 'd': 'rcx'}},
    'oops': {'value': 'p', 'fault': 'p'},
    # test_paraminfo_mod.ko: its own table, its .init.text during init.
    'modinit': {'value': 'a b p', 'entry_regs': 'a b p'},
    'modwarn': {'value': 'a b c d p', 'entry_regs': 'a b c d p'},
    'modclone': {'value': 'a c', 'reason': {'dead': None}},
    'modoops': {'value': 'p', 'fault': 'p'},
    # lib/test_paraminfo.c's WARN loop on the second CPU, while the module
    # is loaded and unloaded 200 times.
    'warnloop': {'value': 'a b'},
    'smp': {'value': 'a b', 'entry_regs': 'a b'},
    'sysrq': {'value': 'a b c state', 'interrupted': r'^sysrq: Show Regs$'},
    'nmi': {'value': 'a b c state', 'interrupted': r'^NMI backtrace for cpu \d+$'},
    'softlockup': {'value': 'a b c state',
                   'interrupted': r'^watchdog: BUG: soft lockup - CPU#\d+ stuck for \d+s!'},
}
# arm64 (AAPCS64): eight argument registers, x0-x7; a struct over 16 bytes
# is passed by reference, as the address of a copy: never its value. gcc
# zero-extends u8 and u16 arguments in place on entry ("and w3, w3,
# #0xffff"), which keeps their value (entry's d and e, seven's c and d).
CASES_ARM64 = dict(CASES, **{
    'seven': {'value': 'a b c d e f seven',
              'entry_regs': 'a b c d e f seven'},
    'many': {'value': 'a b c d e f g h', 'entry_regs': 'a b c d e f g h',
             'reason': {n: {'<passed on the stack>'} for n in 'ij'}},
    'big': {'value': 'after', 'byref': 'big'},
    'alt': {'overwritten': {'b': 'x1', 'd': 'x3'}},
})
CASES_OF = {'x86_64': CASES, 'arm64': CASES_ARM64}
# What a case logs when the architecture cannot run it: a SKIP.
UNSUPPORTED = re.compile(r'^paraminfo_test: case (\w+): no NMI backtrace on this architecture$')
# The WARN cases, in the order e2e/init triggers them.
WARN_CASES = ['entry', 'callee_saved', 'unused', 'struct_arg', 'seven',
              'noparams', 'clone', 'alt', 'many', 'big', 'spill', 'smp']
# The cases whose regs come from an interrupt, not a trap.
INTERRUPTED_CASES = ['sysrq', 'nmi', 'softlockup']
UNCLONED = ['pi_test_spin', 'pi_test_entry', 'pi_test_callee_saved', 'pi_test_unused',
            'pi_test_struct_arg', 'pi_test_seven', 'pi_test_noparams',
            'pi_test_oops', 'pi_test_smp0', 'pi_test_smp1', 'pi_test_alt',
            'pi_test_many', 'pi_test_big', 'pi_test_spill']

TIMESTAMP = re.compile(r'^\[\s*\d+\.\d+\] ')
CASE_LINE = re.compile(r'^paraminfo_test: case (\w+): func=(\w+)((?: \w+=0x[0-9a-f]+)*)$')
DONE_LINE = re.compile(r'^paraminfo_test: case (\w+): done$')
SMP_LINE = re.compile(r'^paraminfo_test: case smp cpu(\d+): func=(\w+)((?: \w+=0x[0-9a-f]+)*)$')
INVALID = re.compile(r'^paraminfo: the (\w+) table is invalid: parameters will not be printed$')
MACHINE = re.compile(r'^paraminfo: the (\w+) table is for ELF machine (\d+), this kernel is '
                     r'(\d+): parameters will not be printed$')
# The kernel's ELF machine, and the first line of an oops: x86's "Oops:
# 0000 [#1] ...", arm64's "Internal error: Oops: 0000000096000005 [#1] ...".
EM = {'x86_64': 62, 'arm64': 183}
OOPS = re.compile(r'^(?:Internal error: )?Oops: ')
HEADER = re.compile(r'^Function parameters \((?P<sym>[^+\s]+)\+0x(?P<off>[0-9a-f]+)'
                    r'/0x(?P<size>[0-9a-f]+)(?: \[(?P<mod>\w+)\])?(?P<intr>, interrupted)?\):'
                    r'(?P<none> none)?$')
PARAM = re.compile(r'^ (?P<name>\S+)\s+\((?P<type>.*)\)\s+= (?P<rest>.*)$')
VALUE = re.compile(r'^0x(?P<hex>[0-9a-f]+)  \[(?P<reg>\w+|stack sp\+\d+)\]'
                   r'(?P<fault>  <-- fault address)?$')
# A composite passed by reference (AAPCS64 over 16 bytes): its copy's address.
BYREF = re.compile(r'^by reference at 0x(?P<hex>[0-9a-f]{16})  \[(?P<reg>\w+)\]'
                   r'(?P<fault>  <-- fault address)?$')
# A stack slot the printer did not read: decode_oops names it (it has no
# memory), a kernel says why not (another stack than the task's, a fault).
SLOT = re.compile(r"^<on the stack at (?P<slot>sp\+(?P<off>\d+))"
                  r"(?:: (?P<why>outside the task's stack|unreadable))?>$")
# The stack pointer of the registers shown: x86's RSP line, arm64's sp.
SP = re.compile(r'^(?:RSP: [0-9a-f]{4}:|sp : )([0-9a-f]{16})')
# The copy is in a caller's frame: above sp, within the thread's stack.
STACK_SPAN = 16384
# x86's "RIP: 0010:sym+off/size", arm64's "pc : sym+off/size".
RIP = re.compile(r'^(?:RIP: [0-9a-f]{4}:|pc : )(?P<sym>[^+\s]+)\+0x(?P<off>[0-9a-f]+)'
                 r'/0x(?P<size>[0-9a-f]+)(?: \[\w+\])?$')
# The module cases, and what a module with a corrupted table must say.
MOD_CASES = ['modinit', 'modwarn', 'modclone', 'modoops', 'warnloop']
MOD_INVALID = re.compile(r'^paraminfo: test_paraminfo_mod: the module\'s \w+ table is invalid: '
                         r'its parameters will not be printed$')
# x86's CR2 line; arm64 names the address in die_kernel_fault()'s first line.
CR2 = re.compile(r'^(?:CR2: (?:0x)?|Unable to handle kernel .* at virtual address )([0-9a-f]+)')
UNLOADED = re.compile(r'^Function parameters \((\w+)\+0x[0-9a-f]+/0x[0-9a-f]+(?: \[\w+\])?\): '
                      r'not loaded, modprobe paraminfo_vmlinux$')
FOREIGN = re.compile(r'^paraminfo: paraminfo_vmlinux\.ko refused: it is the table of build ID '
                     r'([0-9a-f]+), this kernel is ([0-9a-f]+)$')
LOADED = re.compile(r'^paraminfo: \d+ functions, \d+ bytes, \w+ encoding of paraminfo_vmlinux\.ko$')
KADDR = re.compile(r'0x(?:ffff|0000ffff)[0-9a-f]{8,12}')
# KUnit's paraminfo_module suite refuses damaged tables of its own.
KUNIT_NOISE = re.compile(r'^paraminfo: pi_kunit_mod: ')
KASLR = re.compile(r'^Kernel Offset: (0x[0-9a-f]+|disabled)')
# The kselftest's KTAP, as run_kselftest.sh prints it: the runner's own
# result line, and the test's lines under "# ".
KSFT_TOP = re.compile(r'^(ok|not ok) 1 selftests: paraminfo: paraminfo_test(?: # (.*))?$')
KSFT_PLAN = re.compile(r'^# 1\.\.(\d+)(?: # (.*))?$')
KSFT_RESULT = re.compile(r'^# (ok|not ok) (\d+) (.*)$')
KUNIT = re.compile(r'^(ok|not ok) \d+ (?:- )?(paraminfo\w*)(?:\s.*)?$')


class Ktap:
    """Collects results; prints KTAP with the plan first."""

    def __init__(self):
        self.lines = []
        self.n = 0
        self.failed = 0

    def diag(self, msg):
        for line in str(msg).splitlines() or ['']:
            self.lines.append('# ' + line)

    def result(self, ok, what, diag=None, skip=None):
        self.n += 1
        if diag:
            self.diag(diag)
        tail = ' # SKIP ' + skip if skip else ''
        self.lines.append('%s %d - %s%s' % ('ok' if ok or skip else 'not ok', self.n, what, tail))
        if not ok and not skip:
            self.failed += 1

    def flush(self):
        print('KTAP version 1')
        print('1..%d' % self.n)
        for line in self.lines:
            print(line)
        print('# e2e: %d passed, %d failed' % (self.n - self.failed, self.failed))


def read(path, default=None):
    try:
        with open(path, errors='replace') as f:
            return f.read()
    except OSError:
        return default


def clean_lines(text):
    return [TIMESTAMP.sub('', l.rstrip('\r')) for l in text.split('\n')]


def parse_args(text):
    """{name: (value, bytes)} from a case line's "name=0x..." words."""
    vals = {}
    for kv in text.split():
        k, v = kv.split('=')
        vals[k] = (int(v, 16), (len(v) - 2) // 2)
    return vals


def new_block(m):
    """An empty "Function parameters" block from a HEADER match."""
    return {'sym': m.group('sym'), 'off': int(m.group('off'), 16),
            'size': int(m.group('size'), 16), 'none': bool(m.group('none')),
            'intr': bool(m.group('intr')), 'params': [], 'bad': []}


def parse_reports(lines):
    """The cases in log order: values passed, and the report after each."""
    cases = []
    cur = None
    for i, line in enumerate(lines):
        m = CASE_LINE.match(line)
        if m:
            vals = parse_args(m.group(3))
            cur = {'case': m.group(1), 'func': m.group(2), 'args': vals,
                   'order': list(vals), 'line': i, 'blocks': [], 'rip': [],
                   'cr2': None, 'warn': False, 'bug': False, 'done': False,
                   'text': []}
            cases.append(cur)
            continue
        if cur is None:
            continue
        cur['text'].append(line)
        if DONE_LINE.match(line):
            cur['done'] = True
            cur = None
            continue
        if line.startswith('WARNING: '):
            cur['warn'] = True
        # x86's "BUG: unable to handle page fault", arm64's die_kernel_fault().
        if line.startswith('BUG: ') or line.startswith('Unable to handle kernel '):
            cur['bug'] = True
        m = RIP.match(line)
        if m:
            cur['rip'].append((m.group('sym'), int(m.group('off'), 16),
                               int(m.group('size'), 16)))
        m = CR2.match(line)
        if m:
            cur['cr2'] = int(m.group(1), 16)
        m = SP.match(line)
        if m:
            cur['sp'] = int(m.group(1), 16)
        m = HEADER.match(line)
        if m:
            block = new_block(m)
            for nxt in lines[i + 1:]:
                if not nxt.startswith(' ') or nxt.startswith('  '):
                    break
                pm = PARAM.match(nxt)
                if not pm:
                    block['bad'].append(nxt)
                    break
                block['params'].append(pm.groupdict())
            cur['blocks'].append(block)
    return cases


def parse_smp(lines, nparams):
    """The smp case: one report per CPU, each with the block of its function.

    The two CPUs' register dumps interleave; each CPU's "Function
    parameters" block is printed under printk_cpu_sync, so its parameter
    lines are the next PARAM lines after its header (other CPUs' non-block
    lines may come between them). Returns the reports and the region's
    (header index, parameter line) pairs, for the stray-value check.
    """
    first = next((i for i, l in enumerate(lines) if SMP_LINE.match(l)), None)
    if first is None:
        return [], [], None
    end = next((i for i in range(first, len(lines)) if lines[i] ==
                'paraminfo_test: case smp: done'), len(lines))
    region = lines[first:end]
    reps = []
    for line in region:
        m = SMP_LINE.match(line)
        if m:
            vals = parse_args(m.group(3))
            reps.append({'case': 'smp', 'label': 'smp cpu' + m.group(1),
                         'cpu': int(m.group(1)), 'func': m.group(2), 'args': vals,
                         'order': list(vals), 'blocks': [], 'rip': [],
                         'cr2': None, 'warn': False, 'bug': False,
                         'done': end < len(lines)})
    byfunc = {r['func']: r for r in reps}
    lines_of = []
    cur = None
    for i, line in enumerate(region):
        m = RIP.match(line)
        if m and m.group('sym').split('.')[0] in byfunc:
            byfunc[m.group('sym').split('.')[0]]['rip'].append(
                (m.group('sym'), int(m.group('off'), 16), int(m.group('size'), 16)))
        wm = re.match(r'^WARNING: CPU: (\d+) .* (\w+)(?:\.\w+)*\+0x', line)
        if wm and wm.group(2) in byfunc:
            byfunc[wm.group(2)]['warn'] = True
            byfunc[wm.group(2)]['warn_cpu'] = int(wm.group(1))
        m = HEADER.match(line)
        if m:
            cur = new_block(m)
            r = byfunc.get(m.group('sym').split('.')[0])
            if r is not None:
                r['blocks'].append(cur)
            continue
        pm = PARAM.match(line)
        if pm:
            lines_of.append((cur, pm.groupdict()))
            if cur is not None and len(cur['params']) < nparams.get(cur['sym'], 0):
                cur['params'].append(pm.groupdict())
    return reps, lines_of, first


def all_headers(lines):
    return [l for l in lines if l.startswith('Function parameters (')]


def host_dump(gen, vmlinux, cache):
    if vmlinux in cache:
        return cache[vmlinux]
    try:
        out = subprocess.run([gen, '--dump', vmlinux], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, check=True,
                             universal_newlines=True).stdout
    except (OSError, subprocess.CalledProcessError) as e:
        out = None
        print('# %s --dump %s failed: %s' % (gen, vmlinux, e), file=sys.stderr)
    cache[vmlinux] = out
    return out


def guest_dump(ttys1):
    """The text between the BEGIN and END markers, and whether cat succeeded."""
    if ttys1 is None or 'PARAMINFO-DUMP-BEGIN\n' not in ttys1:
        return None, 'no PARAMINFO-DUMP-BEGIN on ttyS1'
    body = ttys1.split('PARAMINFO-DUMP-BEGIN\n', 1)[1]
    m = re.search(r'^PARAMINFO-DUMP-END rc=(\d+)$', body, re.M)
    if not m:
        return None, 'no PARAMINFO-DUMP-END on ttyS1 (dump cut short)'
    if m.group(1) != '0':
        return None, 'cat of the dump failed with status ' + m.group(1)
    return body[:m.start()], None


def kselftest_ktap(ttys1):
    """The kselftest's KTAP that /init copied to the second port: the text
    between the markers, and run_kselftest.sh's exit status; or None and
    why not."""
    if ttys1 is None or 'PARAMINFO-KSELFTEST-BEGIN\n' not in ttys1:
        return None, 'no PARAMINFO-KSELFTEST-BEGIN on the second port (init: ' \
            '"no /kselftest/run_kselftest.sh"?)'
    body = ttys1.split('PARAMINFO-KSELFTEST-BEGIN\n', 1)[1]
    m = re.search(r'^PARAMINFO-KSELFTEST-END rc=(\d+)$', body, re.M)
    if not m:
        return None, 'no PARAMINFO-KSELFTEST-END (the kselftest did not finish)'
    return body[:m.start()], int(m.group(1))


def parse_kselftest(text):
    """The runner's verdict (ok, directive), the test's plan and its
    results [(ok, number, description)], in order."""
    top, plan, results = None, None, []
    for line in text.splitlines():
        m = KSFT_TOP.match(line)
        if m:
            top = (m.group(1) == 'ok', m.group(2) or '')
            continue
        m = KSFT_PLAN.match(line)
        if m and plan is None:
            plan = int(m.group(1))
            continue
        m = KSFT_RESULT.match(line)
        if m:
            results.append((m.group(1) == 'ok', int(m.group(2)), m.group(3)))
    return top, plan, results


def check_kselftest(t, enc, d):
    """The kselftest in a paraminfo kernel: it ran to its end, every
    result ok, none skipped. Returns its results, for the comparison
    across kernels, or None."""
    text, rc = kselftest_ktap(read(os.path.join(d, 'ttyS1.log')))
    if text is None:
        t.result(False, '%s: kselftest paraminfo ran in the guest' % enc, rc)
        return None
    top, plan, results = parse_kselftest(text)
    bad = [r for r in results if not r[0]]
    skipped = [r for r in results if r[0] and r[2].startswith('# SKIP')]
    ok = top == (True, '') and plan == len(results) and not bad and not skipped
    diag = None
    if not ok:
        diag = '\n'.join(['runner: %s, plan %s, %d results' % (top, plan, len(results))] +
                         ['%s %d %s' % ('ok' if r[0] else 'not ok', r[1], r[2])
                          for r in bad + skipped] +
                         [l for l in text.splitlines() if l.startswith('# # ')][:20])
    t.result(ok, '%s: kselftest paraminfo (run_kselftest.sh, status %d): %d of %s passed, '
             '%d skipped, %d failed' % (enc, rc, len(results) - len(bad) - len(skipped),
                                        plan, len(skipped), len(bad)), diag)
    return results


def in_span(lines, what, reps):
    """The reports of @reps inside /init's "trigger WHAT" ... "returned
    WHAT", and those outside it."""
    b, e = span(lines, what)
    return [r for r in reps if b <= r['line'] < e], [r for r in reps if not b <= r['line'] < e]


def first_diff(a, b, la, lb):
    d = list(difflib.unified_diff(a.splitlines(), b.splitlines(), la, lb, n=0, lineterm=''))
    return '\n'.join(line[:300] for line in d[:12])


def index_dump(text):
    funcs = {}
    for line in text.splitlines():
        try:
            f = json.loads(line)
        except ValueError:
            continue
        funcs.setdefault(f['name'], []).append(f)
    return funcs


def expected_form(dparam, off):
    """('value', reg) or ('reason', set of acceptable reasons) per the table."""
    for loc in dparam.get('locs', []):
        if loc['from'] <= off < loc['to']:
            if 'stack' in loc:
                return 'value', 'stack sp+%d' % loc['stack']
            return 'value', loc['reg']
    if dparam['abi'] == 'stack':
        return 'reason', {'<passed on the stack>'}
    if dparam['abi'] in ('xmm', 'v'):
        return 'reason', {'<floating point>', '<in a vector register>'}
    if dparam.get('locs'):
        return 'reason', {'<not in a register here>',
                          '<reassigned in this function>'}
    if dparam['abi'].startswith('byref '):
        return 'reason', {'<passed by reference>'}
    return 'reason', REASONS - {'<not in a register here>', '<passed by reference>'}


def printed_value(rest, offline):
    """A VALUE match for a parameter line's value (its group 'reg' the
    register or "stack sp+N"), None for a reason. @offline: a stack slot
    decode_oops names stands for the value a kernel reads there."""
    sm = SLOT.match(rest)
    if offline and sm and not sm.group('why'):
        return VALUE.match('0x00  [stack %s]' % sm.group('slot'))
    return VALUE.match(rest)


def check_case(t, enc, rep, dump_funcs, arch='x86_64', offline=False):
    """The checks of one case's report. @offline: decode_oops's, which
    names a stack slot where a kernel prints the value it read: for what a
    case is for (its values, its stack slots), a slot named counts as a
    value."""
    name = rep['case']
    spec = CASES_OF[arch].get(name, {})
    tag = '%s %s' % (enc, rep.get('label', name))
    blocks = rep['blocks']
    intr = spec.get('interrupted')
    # arm64 before Linux 6.8 has no NMI (or IPI) backtrace to interrupt with.
    cant = [l for l in rep.get('text', []) if UNSUPPORTED.match(l)]
    if cant:
        t.result(arch != 'x86_64', '%s: the case ran' % tag, cant[0],
                 skip=cant[0].split(': ', 2)[-1] if arch != 'x86_64' else None)
        return
    if intr:
        hit = [l for l in rep.get('text', []) if re.match(intr, l)]
        t.result(len(hit) == 1, '%s: the kernel reported it once (%s)' % (tag, hit[0] if hit else intr),
                 None if len(hit) == 1 else '%d lines match; the case\'s lines:\n%s' % (
                     len(hit), '\n'.join(rep.get('text', [])[:40])))
    if not blocks:
        t.result(False, '%s: a "Function parameters" block follows the %s' %
                 (tag, 'oops' if name == 'oops' else 'interruption' if intr else 'WARN'),
                 'warn=%s bug=%s rip=%s' % (rep['warn'], rep['bug'], rep['rip']))
        return
    b = blocks[0]
    t.result(b['intr'] == bool(intr), '%s: the header %s ", interrupted"' %
             (tag, 'says' if intr else 'does not say'), None)
    rip = rep['rip'][0] if rep['rip'] else None
    same = rip is not None and (b['sym'], b['off'], b['size']) == rip
    base = b['sym'].split('.')[0]
    t.result(same and base == rep['func'] and len(blocks) == 1,
             '%s: block for %s+0x%x/0x%x matches the RIP line' % (tag, b['sym'], b['off'], b['size']),
             None if same and len(blocks) == 1 else 'RIP %s, blocks %d' % (rip, len(blocks)))

    # %pS prints kallsyms' size, up to the next symbol: padding included.
    cands = dump_funcs.get(b['sym'], [])
    if len(cands) > 1:
        cands = [f for f in cands if b['off'] < f['size'] <= b['size']]
    if len(cands) != 1 or not b['off'] < cands[0]['size'] <= b['size']:
        t.result(False, '%s: %s is in the table once, covering +0x%x' % (tag, b['sym'], b['off']),
                 'table entries: %s' % [(f['addr'], f['size']) for f in dump_funcs.get(b['sym'], [])])
        return
    df = cands[0]

    if spec.get('none'):
        t.result(b['none'] and not b['params'] and not df['params'],
                 '%s: prints "none" for a function without parameters' % tag,
                 None if b['none'] else 'block: %s' % b)
        return
    if b['none'] or b['bad']:
        t.result(False, '%s: parameter lines parse' % tag, 'none=%s bad=%s' % (b['none'], b['bad']))
        return

    names = [p['name'] for p in b['params']]
    dnames = [p['name'] for p in df['params']]
    # A clone's DWARF may leave out parameters it dropped; others have all.
    cloned = '.' in b['sym']
    ok = names == dnames and (names == rep['order'] or
                              (cloned and set(names) <= set(rep['order'])))
    t.result(ok, '%s: parameter names %s' % (tag, ' '.join(names)),
             None if ok else 'printed %s, table has %s, C has %s' % (names, dnames, rep['order']))

    # Every parameter: the truth, or an honest reason.
    want_value = set(spec.get('value', '').split())
    for p, dp in zip(b['params'], df['params']):
        pname = p['name']
        problems = []
        if p['type'] != dp['type']:
            problems.append('type %r, table says %r' % (p['type'], dp['type']))
        kind, what = expected_form(dp, b['off'])
        rest = p['rest']
        vm = VALUE.match(rest)
        if vm:
            val = int(vm.group('hex'), 16)
            true, size = rep['args'].get(pname, (None, None))
            if true is None:
                problems.append('prints a value for a parameter the test did not log')
            else:
                if len(vm.group('hex')) != 2 * size:
                    problems.append('%d hex digits for a %d-byte parameter' % (len(vm.group('hex')), size))
                if val != true & ((1 << (8 * size)) - 1):
                    problems.append('WRONG VALUE: printed 0x%x, the argument is 0x%0*x' % (val, 2 * size, true))
            if kind != 'value':
                problems.append('prints a value where the table proves none (expected one of %s)' % sorted(what))
            elif vm.group('reg') != what:
                problems.append('from [%s], the table says %s' % (vm.group('reg'), what))
            if vm.group('fault') and (rep['cr2'] is None or rep['cr2'] != val):
                problems.append('fault marker but CR2 is %s' % rep['cr2'])
            if vm.group('fault') and spec.get('fault') != pname:
                problems.append('unexpected fault marker')
            shown = rest
        elif BYREF.match(rest):
            bm = BYREF.match(rest)
            addr, sp = int(bm.group('hex'), 16), rep.get('sp')
            if not dp['abi'].startswith('byref '):
                problems.append('"by reference" for a parameter the table has in %s' % dp['abi'])
            if kind != 'value':
                problems.append('an address where the table proves none (expected one of %s)' %
                                sorted(what))
            elif bm.group('reg') != what:
                problems.append('from [%s], the table says %s' % (bm.group('reg'), what))
            if sp is None or not sp <= addr < sp + STACK_SPAN:
                problems.append('the copy\'s address 0x%x is not in a caller\'s frame (sp %s)' %
                                (addr, '0x%x' % sp if sp is not None else 'not printed'))
            shown = rest
        elif SLOT.match(rest):
            sm = SLOT.match(rest)
            if kind != 'value' or what != 'stack ' + sm.group('slot'):
                problems.append('names stack slot %s, the table has %s at +0x%x' %
                                (sm.group('slot'), what, b['off']))
            elif offline and sm.group('why'):
                problems.append('decode_oops has no stack to read, yet says %s' %
                                sm.group('why'))
            elif not offline and not sm.group('why'):
                problems.append('a kernel has a reader: it must say why it did not read')
            shown = rest
        elif rest in REASONS:
            if kind == 'value':
                problems.append('prints %s but the table has %s at +0x%x' % (rest, what, b['off']))
            elif rest not in what:
                problems.append('reason %s, expected one of %s' % (rest, sorted(what)))
            shown = rest
        else:
            problems.append('unparseable: %r' % rest)
            shown = rest
        t.result(not problems, '%s %s (%s) = %s' % (tag, pname, p['type'], shown),
                 '\n'.join(problems) if problems else None)

    # What the case is for.
    printed = {p['name']: printed_value(p['rest'], offline) for p in b['params']}
    reasons = {p['name']: p['rest'] for p in b['params']}
    missing = [n for n in sorted(want_value) if not printed.get(n)]
    if want_value:
        t.result(not missing, '%s: prints a value for %s' % (tag, ' '.join(sorted(want_value))),
                 'no value for %s' % missing if missing else None)
    for n, allowed in spec.get('reason', {}).items():
        r = reasons.get(n)
        ok = r is not None and not printed.get(n) and (allowed is None or r in allowed)
        t.result(ok, '%s: %s prints %s' % (tag, n, ' or '.join(sorted(allowed)) if allowed else 'a reason, not a value'),
                 None if ok else 'printed %s' % r)
    regs = {n: m.group('reg') for n, m in printed.items() if m}
    if spec.get('entry_regs'):
        ns = spec['entry_regs'].split()
        bad = ['%s in %s' % (n, regs.get(n)) for n in ns
               if n not in names or
               regs.get(n) != ARCHES[arch]['abi_regs'][names.index(n)]]
        t.result(not bad, '%s: %s still in their entry registers' % (tag, ' '.join(ns)),
                 ', '.join(bad) if bad else None)
    if spec.get('callee_saved'):
        ns = spec['callee_saved'].split()
        bad = ['%s in %s' % (n, regs.get(n)) for n in ns
               if regs.get(n) not in ARCHES[arch]['callee_saved']]
        t.result(not bad, '%s: %s printed from callee-saved registers (%s)' %
                 (tag, ' '.join(ns), ' '.join(regs.get(n, '?') or '?' for n in ns)),
                 ', '.join(bad) if bad else None)
    if spec.get('stack'):
        slots = sorted(n for n, r in regs.items() if r.startswith('stack '))
        t.result(len(slots) >= spec['stack'],
                 '%s: at least %d values read from stack slots (%s)' %
                 (tag, spec['stack'], ' '.join(slots) or 'none'),
                 None if len(slots) >= spec['stack'] else 'registers: %s' % regs)
    if spec.get('overwritten'):
        wrong = []
        for p in b['params']:
            vm = VALUE.match(p['rest'])
            true, size = rep['args'].get(p['name'], (None, 0))
            if vm and (true is None or
                       int(vm.group('hex'), 16) != true & ((1 << (8 * size)) - 1)):
                wrong.append('%s = %s, the argument is %s' % (
                    p['name'], p['rest'], '0x%0*x' % (2 * size, true) if true is not None else '?'))
        what = ', '.join('%s (%s)' % (n, r) for n, r in sorted(spec['overwritten'].items()))
        t.result(not wrong, '%s: every printed value is the argument, though an applied '
                 'alternative overwrote %s' % (tag, what), '\n'.join(wrong) or None)
    if spec.get('byref'):
        n = spec['byref']
        r = reasons.get(n)
        ok = r is not None and (BYREF.match(r) is not None or r == '<passed by reference>')
        t.result(ok, '%s: %s prints its copy\'s address or <passed by reference>, never a value' %
                 (tag, n), None if ok else 'printed %s' % r)
    if spec.get('fault'):
        fn = spec['fault']
        marked = [p['name'] for p in b['params'] if p['rest'].endswith('<-- fault address')]
        ok = marked == [fn] and rep['cr2'] == rep['args'].get(fn, (None,))[0]
        t.result(ok, '%s: "<-- fault address" on %s (CR2 %s)' %
                 (tag, fn, '%x' % rep['cr2'] if rep['cr2'] is not None else 'missing'),
                 None if ok else 'marked: %s' % marked)


def kunit_suite(lines, name):
    """A KUnit suite's results ("ok"/"not ok"; one if it ran once) and its
    subtests' lines."""
    k, subs, cur = [], [], []
    for l in lines:
        if re.match(r'^\s+(?:not ok|ok) \d+ ', l):
            cur.append(l.strip())
            continue
        m = KUNIT.match(l)
        if m:
            if m.group(2) == name:
                k.append(m.group(1))
                subs = cur
            cur = []
    return k, subs


def run_arch(d):
    """The architecture of a run directory's kernel."""
    return (read(os.path.join(d, 'arch'), 'x86_64') or 'x86_64').strip()


def check_run(t, d, gen, dumps, hcache, blocks_of, ksft_of):
    enc = (read(os.path.join(d, 'encoding'), os.path.basename(d)) or '').strip()
    arch = run_arch(d)
    if arch not in CASES_OF:
        t.result(False, '%s: a known architecture' % d, 'arch %r' % arch)
        return
    # Tags and dumps are by kernel: "delta" on x86_64, "arm64-delta".
    if arch != 'x86_64':
        enc = '%s-%s' % (arch, enc)
    brc = read(os.path.join(d, 'build-rc'))
    if brc is None or brc.strip() != '0':
        t.result(False, '%s: kernel built' % enc, 'kbuild.sh status %s; see %s/build.log' % (
            brc.strip() if brc else 'missing', d))
        return
    t.result(True, '%s: kernel built' % enc)
    console = read(os.path.join(d, 'console.log'))
    if console is None:
        t.result(False, '%s: booted' % enc, 'no console.log')
        return
    lines = clean_lines(console)
    qrc = (read(os.path.join(d, 'qemu-rc'), '?') or '?').strip()
    started = any(l.startswith('paraminfo-e2e: init started') for l in lines)
    t.result(started, '%s: booted to /init' % enc,
             None if started else 'qemu status %s; last lines:\n%s' % (qrc, '\n'.join(lines[-25:])))
    if not started:
        return
    ended = any(l.startswith('Kernel panic - not syncing') for l in lines)
    t.result(ended and qrc != '124', '%s: run ended by the oops panic (qemu status %s)' % (enc, qrc),
             None if ended else 'last lines:\n' + '\n'.join(lines[-15:]))

    # The panic notifier prints the offset this boot ran at.
    offs = [m.group(1) for m in map(KASLR.match, lines) if m]
    off = int(offs[0], 16) if offs and offs[0] != 'disabled' else None
    t.result(bool(off), '%s: booted at a KASLR offset (%s)' % (enc, offs[0] if offs else 'not printed'),
             None, skip='KASLR chose offset 0 this boot' if off == 0 else None)

    bad = [l for l in lines if ('table is invalid' in l and not MOD_INVALID.match(l) and
                                not KUNIT_NOISE.match(l)) or 'no table linked in' in l]
    t.result(not bad, '%s: the table passed validation at boot' % enc, '\n'.join(bad) or None)

    for suite in ('paraminfo', 'paraminfo_module'):
        k, subs = kunit_suite(lines, suite)
        t.result(k == ['ok'], '%s: KUnit suite %s (%d cases)' % (enc, suite, len(subs)),
                 None if k == ['ok'] else 'suite results %s; subtests:\n%s' % (k, '\n'.join(subs)),
                 skip='it reads the linked-in table' if suite == 'paraminfo' and
                 enc.endswith('-mod') else None)

    vmlinux = (read(os.path.join(d, 'vmlinux'), '') or '').strip()
    host = host_dump(gen, vmlinux, hcache) if vmlinux else None
    guest, why = guest_dump(read(os.path.join(d, 'ttyS1.log')))
    t.result(host is not None, '%s: gen_paraminfo --dump of the booted vmlinux' % enc,
             None if host is not None else 'vmlinux %r' % vmlinux)
    if guest is None:
        t.result(False, '%s: debugfs dump copied out of the guest' % enc, why)
    else:
        dumps[enc] = guest
        same = host is not None and guest == host
        t.result(same, '%s: debugfs dump equals gen_paraminfo --dump (%d functions)' % (
            enc, guest.count('\n')),
            None if same or host is None else first_diff(host, guest, 'gen_paraminfo', 'debugfs'))
    if host is None:
        return
    funcs = index_dump(host)

    # The test functions are out of line and, but pi_test_clone, not clones.
    bad = []
    for fn in UNCLONED:
        clones = [n for n in funcs if n.startswith(fn + '.')]
        if fn not in funcs or clones:
            bad.append('%s: %s' % (fn, 'clones ' + ' '.join(clones) if clones else 'not in the table'))
    clone = sorted(n for n in funcs if n == 'pi_test_clone' or n.startswith('pi_test_clone.'))
    t.result(not bad, '%s: test functions are in the table, uncloned' % enc,
             '\n'.join(bad) if bad else 'pi_test_clone appears as %s' % ' '.join(clone))

    ksft_of[enc] = check_kselftest(t, enc, d)
    reps = parse_reports(lines)
    # The kselftest's own triggers of the cases: checked as any case's,
    # under their own name, and compared with /init's.
    ksft, _ = in_span(lines, 'kselftest', reps)
    for r in ksft:
        r['label'] = 'kselftest ' + r['case']
    if enc.endswith('-mod'):
        reps = check_table_module(t, enc, lines, reps)
    mods = (read(os.path.join(d, 'modules'), '') or '').strip()
    reps = check_modules(t, enc, d, lines, reps, funcs, mods, gen, hcache)
    if mods:
        reps = check_cycles(t, enc, lines, reps, funcs, arch)
    blocks_of[enc] = {r['case']: r['blocks'] for r in reps if 'label' not in r}
    mine = {r['case']: r['blocks'] for r in ksft}
    cases, same, masked, diffs, missing = compare_blocks(blocks_of[enc], mine)
    missing = [c for c in missing if c in mine]
    t.result(mine and not diffs and not missing,
             '%s kselftest: the blocks of its cases equal /init\'s (%d cases, %d lines '
             'identical, %d up to kernel addresses)' % (enc, len(cases), same, masked),
             '\n'.join(diffs[:8] + ['cases /init did not run: %s' % missing]
                       if missing else diffs[:8]) or
             (None if mine else 'no case between "trigger kselftest" and "returned kselftest"'))
    seen = {r['case'] for r in reps}
    for name in CASES_OF[arch]:
        if name in MOD_CASES and not mods:
            continue
        # smp's reports are parse_smp()'s; check_cycles() took warnloop's.
        if name not in ('smp', 'warnloop') and name not in seen:
            t.result(False, '%s %s: case ran' % (enc, name), 'no "paraminfo_test: case %s:" line' % name)
    for rep in reps:
        check_case(t, enc, rep, funcs, arch)
    known = sum(len(r['blocks']) for r in reps)
    known += check_smp(t, enc, lines, funcs, arch)
    others = len(all_headers(lines)) - known
    if others:
        t.diag('%s: %d "Function parameters" blocks outside the test cases' % (enc, others))


def span(lines, what):
    """Line indices [begin, end) of e2e/init's "trigger WHAT" to "returned
    WHAT", or (0, 0)."""
    try:
        b = lines.index('paraminfo-e2e: trigger ' + what)
        return b, lines.index('paraminfo-e2e: returned ' + what, b)
    except ValueError:
        return 0, 0


def check_modules(t, enc, d, lines, reps, funcs, mods, gen, hcache):
    """The module's functions join @funcs, from gen_paraminfo --dump of
    the .ko; the corrupted copy's cases must print no block, and one
    warning. Returns the other reports, to be checked as any case."""
    if not mods:
        return reps
    ko = os.path.join(mods, 'test_paraminfo_mod.ko')
    dump = host_dump(gen, ko, hcache)
    t.result(dump is not None, '%s: gen_paraminfo --dump of test_paraminfo_mod.ko' % enc)
    for name, fs in index_dump(dump or '').items():
        funcs.setdefault(name, []).extend(fs)
    # Its debugfs dump, copied out after it loaded: gen_paraminfo's, but
    # that kallsyms no longer names its init text (delta stores no names).
    text = read(os.path.join(d, 'ttyS1.log'), '') or ''
    m = re.search(r'^PARAMINFO-MODDUMP-BEGIN\n(.*?)^PARAMINFO-MODDUMP-END rc=0$',
                  text, re.S | re.M)
    guest = [json.loads(l) for l in m.group(1).splitlines()] if m else None
    host = [json.loads(l) for l in (dump or '').splitlines()]
    bad = []
    if guest is not None:
        if len(guest) != len(host):
            bad.append('%d functions, gen_paraminfo --dump has %d' % (len(guest), len(host)))
        for g, h in zip(guest, host):
            if g != h and not (g['name'] == '?' and dict(g, name=h['name']) == h):
                bad.append('debugfs %s\ngen     %s' % (json.dumps(g)[:300], json.dumps(h)[:300]))
    t.result(guest is not None and not bad,
             '%s: the module\'s debugfs dump equals gen_paraminfo --dump of the .ko (%d '
             'functions)' % (enc, len(guest or [])),
             'no PARAMINFO-MODDUMP in ttyS1.log' if guest is None else '\n'.join(bad[:4]))
    b, e = span(lines, 'modcorrupt')
    bad = [r for r in reps if b <= r['line'] < e]
    warned = [l for l in lines[b:e] if MOD_INVALID.match(l)]
    t.result(e > b and len(warned) == 1,
             '%s modcorrupt: a module with a corrupted .paraminfo section loads with one '
             'warning' % enc, None if e > b else 'no "trigger modcorrupt" ... "returned '
             'modcorrupt" in the log')
    blocks = [bl for r in bad for bl in r['blocks']]
    t.result(e > b and bad and all(r['warn'] for r in bad) and not blocks,
             '%s modcorrupt: its WARNs (%d) print no parameter block' % (enc, len(bad)),
             None if not blocks else 'blocks: %s' % blocks)
    return [r for r in reps if not b <= r['line'] < e]


def check_table_module(t, enc, lines, reps):
    """vmlinux's table as a module: before it is loaded, the WARN prints one
    line that says so; another build's copy is refused; the module loads.
    Returns the reports after the loading, to be checked as any case."""
    b, e = span(lines, 'unloaded')
    unloaded = [r for r in reps if b <= r['line'] < e]
    said = [l for l in lines[b:e] if UNLOADED.match(l)]
    t.result(e > b and len(unloaded) == 1 and unloaded[0]['warn'] and len(said) == 1 and
             not unloaded[0]['blocks'] and UNLOADED.match(said[0]).group(1) == unloaded[0]['func'],
             '%s unloaded: a WARN before paraminfo_vmlinux.ko is loaded says so in one line'
             % enc, '\n'.join(said) or 'no "not loaded" line between "trigger unloaded" and '
             '"returned unloaded"')
    b, e = span(lines, 'foreign')
    # busybox's insmod tries finit_module(), then init_module(): the same
    # refusal once or twice.
    refused = [m for m in map(FOREIGN.match, lines[b:e]) if m]
    loaded = [l for l in lines[b:e] if 'another build\'s table was loaded' in l]
    t.result(e > b and len(refused) in (1, 2) and not loaded and
             len({m.group(0) for m in refused}) == 1 and
             refused[0].group(1) != refused[0].group(2),
             '%s foreign: a table module of another build ID is refused' % enc,
             '\n'.join(lines[b:e][-8:]) or 'no "trigger foreign" in the log')
    b, e = span(lines, 'tableload')
    ok = [l for l in lines[b:e] if LOADED.match(l)]
    t.result(e > b and len(ok) == 1 and not any('failed' in l for l in lines[b:e]),
             '%s tableload: paraminfo_vmlinux.ko loads (%s)' % (enc, ok[0] if ok else '-'),
             '\n'.join(lines[b:e][-8:]) or 'no "trigger tableload" in the log')
    start = e if e > b else len(lines)
    return [r for r in reps if r['line'] >= start]


def compare_blocks(a, b):
    """Two runs' blocks, {case: [block]}, case by case: the same lines, but
    kernel addresses, which KASLR and the stack of each boot move, and
    where an interrupted spinning function was. Returns the cases both
    have, the parameter lines identical and identical up to addresses,
    the differences, and the cases only one has."""
    cases = sorted(set(a) & set(b))
    diffs, same, masked = [], 0, 0
    for c in cases:
        for x, y in zip(a[c], b[c]):
            # Where a spinning function is interrupted differs by boot.
            xo, yo = (None, None) if x['intr'] and y['intr'] else (x['off'], y['off'])
            if (x['sym'], xo, x['size'], x['intr'], x['none']) != \
               (y['sym'], yo, y['size'], y['intr'], y['none']):
                diffs.append('%s: header %s+0x%x/0x%x against %s+0x%x/0x%x' % (
                    c, x['sym'], x['off'], x['size'], y['sym'], y['off'], y['size']))
            for p, q in zip(x['params'], y['params']):
                if p == q:
                    same += 1
                elif dict(p, rest=KADDR.sub('<kaddr>', p['rest'])) == \
                        dict(q, rest=KADDR.sub('<kaddr>', q['rest'])):
                    masked += 1
                else:
                    diffs.append('%s: %s against %s' % (c, p, q))
            if len(x['params']) != len(y['params']) or len(a[c]) != len(b[c]):
                diffs.append('%s: %d blocks of %s parameters against %d of %s' % (
                    c, len(a[c]), [len(x['params']) for x in a[c]],
                    len(b[c]), [len(y['params']) for y in b[c]]))
    return cases, same, masked, diffs, sorted(set(a) ^ set(b))


def same_blocks(t, ref, other, blocks_of, what):
    """Every case's blocks of kernel @other against kernel @ref's."""
    cases, same, masked, diffs, missing = compare_blocks(blocks_of[ref], blocks_of[other])
    t.result(cases and not diffs and not missing,
             '%s: every case\'s block equals %s\'s, %s (%d cases, %d lines '
             'identical, %d up to kernel addresses)' % (other, ref, what, len(cases), same,
                                                       masked),
             '\n'.join(diffs[:8] + ['cases in one only: %s' % missing] if missing else diffs[:8])
             or None)


def check_cycles(t, enc, lines, reps, funcs, arch):
    """The module loaded and unloaded 200 times while the second CPU WARNs
    in a loop: every cycle ran, the same modules have tables afterwards,
    and every WARN of the loop has its right block, as any case's (checked
    here in one line). Returns the other reports."""
    b, e = span(lines, 'cycles')
    said = {}
    for l in lines[b:e]:
        m = re.match(r'^paraminfo-e2e: cycles: (tables before|tables after|\d+ of 200)(?:: (.*))?$', l)
        if m:
            said[m.group(1)] = (m.group(2) or '').split()
    t.result(e > b and '200 of 200' in said and not [l for l in lines[b:e] if 'failed' in l],
             '%s cycles: test_paraminfo_mod.ko loaded and unloaded 200 times' % enc,
             '\n'.join(lines[b:e][-6:]) if e > b else 'no "trigger cycles" in the log')
    before, after = said.get('tables before'), said.get('tables after')
    t.result(before is not None and before == after,
             '%s cycles: the same modules have tables after them (%s)' % (
                 enc, ' '.join(after or []) or 'none'),
             'before %s, after %s' % (before, after))
    loop = [r for r in reps if r['case'] == 'warnloop']
    sub = Ktap()
    for r in loop:
        check_case(sub, enc, r, funcs, arch)
    bad = [l for l in sub.lines if l.startswith('not ok')]
    inside = [r for r in loop if b <= r['line'] < e]
    t.result(inside and not bad and all(r['blocks'] for r in loop),
             '%s cycles: every WARN of the loop meanwhile (%d, %d checks) prints its '
             'block right' % (enc, len(loop), sub.n),
             '\n'.join([l for l in sub.lines if l.startswith(('not ok', '#'))][:12])
             if bad else None)
    return [r for r in reps if r['case'] != 'warnloop']


def check_smp(t, enc, lines, funcs, arch):
    """Both CPUs' reports of the smp case; returns how many blocks it had."""
    nparams = {n: len(fs[0]['params']) for n, fs in funcs.items() if len(fs) == 1}
    reps, plines, first = parse_smp(lines, nparams)
    if first is None:
        t.result(False, '%s smp: case ran' % enc, 'no "paraminfo_test: case smp cpuN:" line:\n' +
                 '\n'.join(l for l in lines if 'case smp' in l or 'CPU' in l[:20])[:2000])
        return 0
    cpus = sorted(r['cpu'] for r in reps)
    funcs_ = sorted(r['func'] for r in reps)
    ok = len(reps) == 2 and len(set(cpus)) == 2 and funcs_ == ['pi_test_smp0', 'pi_test_smp1']
    t.result(ok, '%s smp: two CPUs (%s) logged their arguments' % (enc, ' '.join(map(str, cpus))),
             None if ok else 'reports: %s' % [(r['cpu'], r['func']) for r in reps])
    ok = all(r['done'] for r in reps) and not any('never came' in l for l in lines)
    t.result(ok, '%s smp: both CPUs met at the barrier and the case returned' % enc,
             None if ok else '\n'.join(l for l in lines if 'case smp' in l))
    for r in reps:
        ok = r['warn'] and r.get('warn_cpu') == r['cpu']
        t.result(ok, '%s smp cpu%d: WARNING on CPU %d in %s' % (enc, r['cpu'], r['cpu'], r['func']),
                 None if ok else 'warn=%s on CPU %s' % (r['warn'], r.get('warn_cpu')))
        check_case(t, enc, r, funcs, arch)
    # No value anywhere in the region that is not its own block's argument.
    byfunc = {r['func']: r for r in reps}
    stray = []
    for block, p in plines:
        vm = VALUE.match(p['rest'])
        if not vm:
            continue
        r = byfunc.get(block['sym'].split('.')[0]) if block else None
        if r is None:
            stray.append('%s = %s outside an smp block' % (p['name'], p['rest']))
            continue
        true, size = r['args'].get(p['name'], (None, 0))
        if true is None or int(vm.group('hex'), 16) != true & ((1 << (8 * size)) - 1):
            stray.append('%s: %s = %s' % (block['sym'], p['name'], p['rest']))
    t.result(not stray, '%s smp: no wrong value in either CPU\'s block (%d parameter lines)' %
             (enc, len(plines)), '\n'.join(stray) or None)
    return sum(len(r['blocks']) for r in reps)


def check_corrupt(t, d):
    enc = (read(os.path.join(d, 'encoding'), '?') or '?').strip()
    variant = (read(os.path.join(d, 'variant'), os.path.basename(d)) or '').strip()
    arch = run_arch(d)
    pre = '' if arch == 'x86_64' else arch + '-'
    tag = '%scorrupt %s (%s)' % (pre, variant, enc)
    prc = (read(os.path.join(d, 'patch-rc'), '?') or '?').strip()
    t.result(prc == '0', '%s: table patched in a copy of %s' % (
        tag, 'vmlinux' if arch == 'x86_64' else 'Image'),
        read(os.path.join(d, 'patch.log'), 'no patch.log'))
    if prc != '0':
        return
    console = read(os.path.join(d, 'console.log'))
    lines = clean_lines(console or '')
    qrc = (read(os.path.join(d, 'qemu-rc'), '?') or '?').strip()
    started = any(l.startswith('paraminfo-e2e: init started') for l in lines)
    t.result(started, '%s: booted to /init%s' % (tag, ' through PVH' if arch == 'x86_64' else ''),
             None if started else 'qemu status %s; last lines:\n%s' % (qrc, '\n'.join(lines[-25:])))
    if not started:
        return
    init_at = next(i for i, l in enumerate(lines) if l.startswith('paraminfo-e2e: init started'))
    if variant == 'machine':
        # A valid table of the other machine: refused as that, not invalid.
        inv = [l for l in lines if ('table is invalid' in l or 'table is for ELF machine' in l)
               and not KUNIT_NOISE.match(l)]
        m = MACHINE.match(inv[0]) if len(inv) == 1 else None
        other = {62: 183, 183: 62}[EM[arch]]
        ok = bool(m) and m.group(1) == enc and int(m.group(2)) == other and \
            int(m.group(3)) == EM[arch] and lines.index(inv[0]) < init_at
        t.result(ok, '%s: "the %s table is for ELF machine %d, this kernel is %d" once, at boot' %
                 (tag, enc, other, EM[arch]), None if ok else 'lines: %s' % inv)
    else:
        inv = [l for l in lines if ('table is invalid' in l or 'table is for ELF machine' in l)
               and not KUNIT_NOISE.match(l)]
        ok = len(inv) == 1 and INVALID.match(inv[0]) and INVALID.match(inv[0]).group(1) == enc
        ok = ok and lines.index(inv[0]) < init_at
        t.result(ok, '%s: "the %s table is invalid" once, at boot' % (tag, enc),
                 None if ok else 'lines: %s' % inv)
    good = [l for l in lines if re.match(r'^paraminfo: \d+ functions', l)]
    t.result(not good, '%s: no "paraminfo: N functions" line' % tag, '\n'.join(good) or None)
    headers = all_headers(lines)
    t.result(not headers, '%s: no "Function parameters" block anywhere' % tag,
             '\n'.join(headers[:10]) or None)
    _, reps = in_span(lines, 'kselftest', parse_reports(lines))
    reps = {r['case']: r for r in reps}
    warned = [c for c in WARN_CASES[:-1] if reps.get(c, {}).get('warn') and reps[c]['done']]
    smp_warns = [l for l in lines if re.match(r'^WARNING: CPU: \d+ .* pi_test_smp[01]\+', l)]
    ok = warned == WARN_CASES[:-1]
    t.result(ok, '%s: every single-CPU WARN case warned and returned (%d)' % (tag, len(warned)),
             None if ok else 'missing: %s' % sorted(set(WARN_CASES[:-1]) - set(warned)))
    # Those the architecture has: arm64 before 6.8 has no NMI backtrace.
    cases = [c for c in INTERRUPTED_CASES if arch == 'x86_64' or
             not any(UNSUPPORTED.match(l) for l in reps.get(c, {}).get('text', []))]
    ran = [c for c in cases if reps.get(c, {}).get('done') and
           any(re.match(CASES[c]['interrupted'], l) for l in reps[c]['text'])]
    t.result(ran == cases, '%s: every interrupted case (%s) was reported and returned' %
             (tag, ' '.join(cases)),
             None if ran == cases else 'missing: %s' % sorted(set(cases) - set(ran)))
    done = 'paraminfo_test: case smp: done' in lines
    t.result(len(smp_warns) == 2 and done, '%s: smp case warned on both CPUs and returned' % tag,
             None if len(smp_warns) == 2 and done else '\n'.join(smp_warns) or 'no smp WARNING lines')
    oops = reps.get('oops')
    oopses = [l for l in lines if OOPS.match(l)]
    panic = any(l.startswith('Kernel panic - not syncing') for l in lines)
    ok = bool(oops and oops['bug']) and len(oopses) == 1 and '[#1]' in oopses[0] and panic \
        and qrc != '124'
    t.result(ok, '%s: the oops case oopses once and panics cleanly (qemu status %s)' % (tag, qrc),
             None if ok else 'oops lines %s, panic %s; last lines:\n%s' % (
                 oopses, panic, '\n'.join(lines[-15:])))
    guest, why = guest_dump(read(os.path.join(d, 'ttyS1.log')))
    t.result(guest == '', '%s: the debugfs dump is empty' % tag,
             why if guest is None else None if guest == '' else '%d lines' % guest.count('\n'))
    # The kselftest sees it: its dump test and the runner fail.
    text, rc = kselftest_ktap(read(os.path.join(d, 'ttyS1.log')))
    top, plan, results = parse_kselftest(text or '')
    dump = [r for r in results if r[2].startswith('dump: ')]
    ok = text is not None and top is not None and not top[0] and \
        len(dump) == 1 and not dump[0][0]
    t.result(ok, '%s: the kselftest fails, its dump test first (%s)' % (
        tag, 'runner: %s %s' % ('ok' if top[0] else 'not ok', top[1]) if top else 'no result'),
        None if ok else rc if text is None else text[-1500:])


def without_addr(text, skip):
    """The dump's lines without "addr", sorted, but for functions in skip."""
    out = []
    for line in text.splitlines():
        try:
            f = json.loads(line)
        except ValueError:
            out.append(line)
            continue
        if f.get('name') in skip:
            continue
        f.pop('addr', None)
        out.append(json.dumps(f, separators=(',', ':')))
    return '\n'.join(sorted(out)) + '\n'


def cross_check(t, rundirs, dumps):
    """The encodings' kernels differ only in paraminfo's decoder, which moves
    addresses: their guest dumps must agree on everything else."""
    skip = set()
    for d in rundirs:
        vmlinux = (read(os.path.join(d, 'vmlinux'), '') or '').strip()
        funcs = read(os.path.join(os.path.dirname(vmlinux), 'paraminfo.funcs'), '')
        skip.update(funcs.split())
    encs = sorted(dumps)
    norm = {e: without_addr(dumps[e], skip) for e in encs}
    ok = len(encs) == len(rundirs) and len(set(norm.values())) == 1
    diag = None
    if not ok and len(encs) > 1:
        diag = '\n'.join(first_diff(norm[encs[0]], norm[e], encs[0], e)
                         for e in encs[1:] if norm[e] != norm[encs[0]])
    elif ok:
        diag = '%d functions compared, %d of paraminfo\'s own left out' % (
            norm[encs[0]].count('\n'), len(skip))
    t.result(ok, 'debugfs dumps agree across encodings (%s), addresses and '
             'paraminfo\'s own code aside' % ' '.join(encs), diag)


def compare_encodings(t, rundirs, blocks_of, ksft_of):
    """Each architecture's kernels (of one tree) against each other: the
    same kselftest results, line for line; every case's block of each
    encoding the same as the first's (tables linked in; ENC-mod kernels
    are compared with ENC by same_blocks())."""
    for arch in sorted({run_arch(d) for d in rundirs}):
        pre = '' if arch == 'x86_64' else arch + '-'
        encs = []
        for d in rundirs:
            enc = (read(os.path.join(d, 'encoding'), os.path.basename(d)) or '').strip()
            encs.append(pre + enc)
        if len(encs) < 2:
            continue
        got = {e: ksft_of.get(e) for e in encs}
        ran = [e for e in encs if got[e] is not None]
        verdicts = {e: [('ok' if r[0] else 'not ok', r[1], r[2]) for r in got[e]] for e in ran}
        diffs = []
        for e in ran[1:]:
            for x, y in zip(verdicts[ran[0]], verdicts[e]):
                if x != y:
                    diffs.append('%s: %s %d %s\n%s: %s %d %s' % ((ran[0],) + x + (e,) + y))
            if len(verdicts[e]) != len(verdicts[ran[0]]):
                diffs.append('%s: %d results, %s: %d' % (ran[0], len(verdicts[ran[0]]), e,
                                                         len(verdicts[e])))
        t.result(len(ran) == len(encs) and not diffs,
                 'kselftest results agree across kernels (%s): %d results each' % (
                     ' '.join(encs), len(verdicts[ran[0]]) if ran else 0),
                 '\n'.join(diffs[:8]) or ('no kselftest results from %s' %
                                          ' '.join(sorted(set(encs) - set(ran))) if
                                          len(ran) != len(encs) else None))
        linked = [e for e in encs if not e.endswith('-mod') and e in blocks_of]
        for e in linked[1:]:
            same_blocks(t, linked[0], e, blocks_of, 'another encoding')


def check_base(t, d):
    """A kernel without paraminfo: the kselftest skips, exit status 4."""
    tag = '%sbase' % ('' if run_arch(d) == 'x86_64' else run_arch(d) + '-')
    text, rc = kselftest_ktap(read(os.path.join(d, 'ttyS1.log')))
    top, plan, results = parse_kselftest(text or '')
    ok = text is not None and top == (True, 'SKIP') and plan == 0 and not results
    t.result(ok, '%s: the kselftest skips in a kernel without paraminfo (%s)' % (
        tag, '; '.join(l[2:] for l in (text or '').splitlines() if KSFT_PLAN.match(l))
        or 'no plan'), None if ok else rc if text is None else text[-1500:])


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--gen', default=os.environ.get('GEN', 'build/gen_paraminfo'))
    ap.add_argument('rundirs', nargs='*')
    ap.add_argument('--corrupt', action='append', default=[],
                    help='a run of a vmlinux with its table patched')
    ap.add_argument('--base', action='append', default=[],
                    help='a run of a kernel without paraminfo')
    args = ap.parse_args()
    t = Ktap()
    dumps = {}
    hcache = {}
    blocks_of = {}
    ksft_of = {}
    for d in args.rundirs:
        check_run(t, d, args.gen, dumps, hcache, blocks_of, ksft_of)
    # Each architecture's encodings against each other.
    for arch in sorted({run_arch(d) for d in args.rundirs}):
        dirs = [d for d in args.rundirs if run_arch(d) == arch]
        pre = '' if arch == 'x86_64' else arch + '-'
        if len(dirs) > 1:
            cross_check(t, dirs, {k: v for k, v in dumps.items()
                                  if k.startswith(pre) and
                                  (pre or '-' not in k or k.endswith('-mod'))})
    for enc in sorted(blocks_of):
        if enc.endswith('-mod') and enc[:-len('-mod')] in blocks_of:
            same_blocks(t, enc[:-len('-mod')], enc, blocks_of, 'table linked in')
    compare_encodings(t, args.rundirs, blocks_of, ksft_of)
    for d in args.corrupt:
        check_corrupt(t, d)
    for d in args.base:
        check_base(t, d)
    t.flush()
    return 1 if t.failed else 0


if __name__ == '__main__':
    sys.exit(main())
