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
    prints it); KUnit's paraminfo and paraminfo_decoder suites passed;
  - the guest's /sys/kernel/debug/paraminfo/dump equals `GEN --dump
    vmlinux` byte for byte, and the encodings' dumps are identical but for
    addresses and the functions of paraminfo's own code (paraminfo.funcs
    next to vmlinux), which is what differs between those kernels; its
    dump_unwind equals `GEN --dump --unwind vmlinux` likewise;
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
import json
import os
import re
import sys

# The log parser (e2e_log.py), the cases' specs (e2e_specs.py), one
# case's checks (e2e_block.py), the comparisons across kernels
# (e2e_compare.py). check_offline.py also uses HEADER and TIMESTAMP
# through this module.
from e2e_specs import ARCHES, CASES, CASES_OF, INTERRUPTED_CASES, MOD_CASES, UNCLONED, WARN_CASES
from e2e_callers import check_callers
from e2e_log import (
    EM, FOREIGN, INVALID, KASLR, KSFT_PLAN, KUNIT_NOISE, LOADED, MACHINE, MOD_INVALID, OOPS,
    UNLOADED, UNSUPPORTED, VALUE, all_headers, clean_lines, guest_dump, host_dump, in_span,
    index_dump, kselftest_ktap, kunit_suite, parse_kselftest, parse_reports, parse_smp, read,
    run_arch, span)
from e2e_block import check_case
from e2e_compare import compare_blocks, compare_encodings, cross_check, first_diff, same_blocks
from e2e_log import HEADER, TIMESTAMP  # noqa: F401


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

    for suite in ('paraminfo', 'paraminfo_decoder', 'paraminfo_module'):
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
    # dump_unwind: the same, with each function's unwind rows.
    host_uw = host_dump(gen, vmlinux, hcache, unwind=True) if vmlinux else None
    guest_uw, why = guest_dump(read(os.path.join(d, 'ttyS1.log')), 'UNWIND')
    same = guest_uw is not None and host_uw is not None and guest_uw == host_uw
    t.result(same, '%s: debugfs dump_unwind equals gen_paraminfo --dump --unwind' % enc,
             why if guest_uw is None else None if same or host_uw is None else
             first_diff(host_uw, guest_uw, 'gen_paraminfo', 'debugfs'))
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
    check_callers(t, enc, reps, ARCHES[arch])
    known = sum(len(r['blocks']) for r in reps)
    known += check_smp(t, enc, lines, funcs, arch)
    others = len(all_headers(lines)) - known
    if others:
        t.diag('%s: %d "Function parameters" blocks outside the test cases' % (enc, others))


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
    # The chain's oops comes first, survived: the case's is the last.
    chain = len([l for l in reps.get('chainoops', {}).get('text', []) if OOPS.match(l)])
    oopses = [l for l in lines if OOPS.match(l)]
    panic = any(l.startswith('Kernel panic - not syncing') for l in lines)
    ok = bool(oops and oops['bug']) and len(oopses) == 1 + chain and \
        '[#%d]' % len(oopses) in oopses[-1] and panic \
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
