# SPDX-License-Identifier: GPL-2.0
"""The callers' blocks (kernel/paraminfo/callers.c) in an e2e log.

After a "Function parameters" block the kernel prints, for each caller it
could walk to,

    Parameters of caller #1 (pi_chain3+0x2f/0x60):
     a (u64) = 0x1111000000000c01  [rbx]
     c (u64) = <in rdx: not kept across the call>

and, where it stops early, "Callers: ..." with the reason. The chain cases
(lib/test_paraminfo_chain.c) log every caller's arguments,

    paraminfo_test: case chain: caller=pi_chain3 a=0x... b=0x... c=0x...

and each caller's block must show exactly those values wherever it shows
one. Every other case's caller blocks must at least parse, and the one
caller whose arguments every case knows, the debugfs write handler
pi_test_write, must show count = 2 (/init writes "1\\n"; the kselftest
"1") if it shows it.
"""

import re

from e2e_log import PARAM, VALUE, SLOT, parse_args

CALLER = re.compile(r'^Parameters of caller #(?P<n>\d+) \((?P<sym>[^+\s]+)\+0x(?P<off>[0-9a-f]+)'
                    r'/0x(?P<size>[0-9a-f]+)(?: \[\w+\])?\):(?P<none> none)?$')
CALLERS_NOTE = re.compile(r'^Callers: (?:more not shown \(at most \d+\)|'
                          r'not followed past .+: .+)$')
CALLER_ARGS = re.compile(r'^paraminfo_test: case (\w+): caller=(\w+)((?: \w+=0x[0-9a-f]+)*)$')
# Why a caller's parameter shows no value: as the faulting frame's, or a
# register the call may change, or one the walk did not recover.
NOT_KEPT = re.compile(r'^<in \w+: (?:not kept across the call|not recovered)>$')
CHAIN_CASES = ('chain', 'chainoops')
# The least a chain case must show: values, from stack slots, from
# callee-saved registers recovered through the deeper frames.
CHAIN_MIN = {'values': 8, 'stack': 2, 'regs': 2}


def caller_blocks(text):
    """The caller blocks of a report's lines, in order, and the notes."""
    blocks, notes = [], []
    for i, line in enumerate(text):
        if CALLERS_NOTE.match(line):
            notes.append(line)
        m = CALLER.match(line)
        if not m:
            continue
        block = {'n': int(m.group('n')), 'sym': m.group('sym'), 'params': [], 'bad': []}
        for nxt in text[i + 1:]:
            if not nxt.startswith(' ') or nxt.startswith('  '):
                break
            pm = PARAM.match(nxt)
            if pm:
                block['params'].append(pm.groupdict())
            else:
                block['bad'].append(nxt)
        blocks.append(block)
    return blocks, notes


def check_value(args, p, callee_saved):
    """(printed, from stack, from a callee-saved register, problem)."""
    rest = p['rest']
    m = VALUE.match(rest)
    if not m:
        if NOT_KEPT.match(rest) or SLOT.match(rest) or rest.startswith('<'):
            return False, False, False, None
        return False, False, False, 'unparsed: %s' % rest
    if m.group('fault'):
        return True, False, False, 'a caller\'s value marked as the fault address'
    if p['name'] not in args:
        return True, False, False, None
    want, size = args[p['name']]
    got = int(m.group('hex'), 16)
    if got != want or len(m.group('hex')) != 2 * size:
        return True, False, False, '%s = %s, passed 0x%0*x' % (p['name'], m.group('hex'),
                                                              2 * size, want)
    reg = m.group('reg')
    return True, reg.startswith('stack'), reg in callee_saved, None


def check_callers(t, enc, reps, arch_regs):
    """Check every case's caller blocks; the chain cases' values in full."""
    callee_saved = arch_regs['callee_saved']
    parsed = bad = 0
    for rep in reps:
        blocks, _ = caller_blocks(rep.get('text', []))
        for b in blocks:
            parsed += 1
            if b['bad']:
                bad += 1
                t.diag('%s %s: caller block %s has unparsed lines: %s' % (
                    enc, rep['case'], b['sym'], b['bad'][:2]))
            # /init writes "1\n", the kselftest "1".
            want = 1 if rep.get('label', '').startswith('kselftest') else 2
            if b['sym'] == 'pi_test_write':
                for p in b['params']:
                    m = VALUE.match(p['rest'])
                    if p['name'] == 'count' and m and int(m.group('hex'), 16) != want:
                        bad += 1
                        t.diag('%s %s: pi_test_write count = %s, not %d' % (
                            enc, rep.get('label', rep['case']), m.group('hex'), want))
    t.result(parsed and not bad, '%s: every caller block parses, pi_test_write\'s count is right '
             '(%d blocks)' % (enc, parsed), None if parsed else 'no caller block in any case')
    byname = {r['case']: r for r in reps if 'label' not in r}
    for case in CHAIN_CASES:
        rep = byname.get(case)
        if rep is None:
            t.result(False, '%s %s: callers\' values are the arguments passed' % (enc, case),
                     'the case did not run')
            continue
        check_chain(t, enc, case, rep, callee_saved)


def check_chain(t, enc, case, rep, callee_saved):
    text = rep.get('text', [])
    want = []
    for line in text:
        m = CALLER_ARGS.match(line)
        if m and m.group(1) == case:
            want.append((m.group(2), parse_args(m.group(3))))
    blocks, notes = caller_blocks(text)
    problems = []
    n = {'values': 0, 'stack': 0, 'regs': 0}
    syms = [b['sym'] for b in blocks]
    # The chain's callers, innermost first, as #1, #2, #3.
    if [s.split('.')[0] for s in syms[:len(want)]] != [w[0] for w in want]:
        problems.append('caller blocks %s, expected %s first' % (syms, [w[0] for w in want]))
    for (func, args), b in zip(want, blocks):
        for p in b['params']:
            shown, stack, reg, why = check_value(args, p, callee_saved)
            if why:
                problems.append('%s: %s' % (func, why))
            n['values'] += shown
            n['stack'] += stack
            n['regs'] += reg
    short = [k for k, v in CHAIN_MIN.items() if n[k] < v]
    ok = bool(want) and not problems and not short
    t.result(ok, '%s %s: callers\' values are the arguments passed (%d values, %d from stack '
             'slots, %d from callee-saved registers, %d callers)' % (
                 enc, case, n['values'], n['stack'], n['regs'], len(blocks)),
             None if ok else '\n'.join(problems + ['fewer than %s' % CHAIN_MIN] * bool(short) +
                                       notes + text[-40:]))
