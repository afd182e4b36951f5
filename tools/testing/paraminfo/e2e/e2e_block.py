# SPDX-License-Identifier: GPL-2.0
"""One case's report against the table and the case's spec: its
"Function parameters" block, each parameter's name, type, value or
reason, and what the case is for (check_e2e.py, check_offline.py)."""

import re

from e2e_specs import ARCHES, CASES_OF, REASONS
from e2e_log import BYREF, SLOT, UNSUPPORTED, VALUE

# The copy is in a caller's frame: above sp, within the thread's stack.
STACK_SPAN = 16384


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
