# SPDX-License-Identifier: GPL-2.0
"""check_e2e.py's comparisons across kernels: the encodings' debugfs
dumps, their kselftest results, and each case's blocks, up to kernel
addresses."""

import difflib
import json
import os

from e2e_log import KADDR, read, run_arch


def first_diff(a, b, la, lb):
    d = list(difflib.unified_diff(a.splitlines(), b.splitlines(), la, lb, n=0, lineterm=''))
    return '\n'.join(line[:300] for line in d[:12])


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
            if run_arch(d) != arch:
                continue
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
