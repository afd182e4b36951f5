#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""check_offline.py - decode_oops against the kernels of the e2e.

  check_offline.py --gen GEN --decoder DECODE_OOPS [--base=RUNDIR]... RUNDIR...

Each --base run is a kernel without paraminfo that ran the test module's
cases (its log has no parameter blocks). decode_oops decodes its log
with its vmlinux, and every case is checked as check_e2e.py checks a
paraminfo kernel's: each value printed is the argument passed, each
reason one the table allows. Each decoded block must also be the block
the paraminfo kernel of that architecture and Linux version printed for
the same case (hex values aside: addresses differ from boot to boot; and
where the kernel read a stack slot, decode_oops, without memory, names
it: "<on the stack at sp+N>" for "0x...  [stack sp+N]").

Each other RUNDIR is a paraminfo kernel's run. Its log, decoded as it is,
must come out unchanged, every block the kernel printed matching the
decoder's. With the kernel's blocks taken out, decode_oops must put each
one back where it was, byte for byte but that substitution, but the smp
case's two CPUs, whose dumps interleave and which it refuses, saying
so. The same must hold in
the other forms logs come in: dmesg timestamps, printk caller ids (with
which two interleaved dumps are told apart), dmesg -T, syslog,
journalctl -k, "<4>" levels, CRLF line ends. And bad logs: a truncated
dump, a size from another build, a vmlinux without DWARF, garbage and
binary junk, and a 100 MB log, streamed in bounded memory.

KTAP on stdout, closing with "# offline: N passed, N failed".
"""

import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import check_e2e as e2e  # noqa: E402

HEADER = re.compile(r'^Function parameters \(')
PARAM = re.compile(r'^ \S+\s+\(.*\)\s+= ')


def res(t, ok, what, diag=None):
    """A result, with its diagnostics only when it failed."""
    t.result(ok, what, None if ok else diag)


MODULES = None     # the modules of the kernel being checked, for decode()


def decode(dec, vmlinux, text, args=()):
    """decode_oops's stdout, stderr and status for a log (bytes or str)."""
    data = text.encode() if isinstance(text, str) else text
    mods = [MODULES] if MODULES else []
    p = subprocess.run([dec] + list(args) + [vmlinux] + mods, input=data,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return p.stdout.decode(errors='replace'), p.stderr.decode(errors='replace'), p.returncode


def strip_blocks(lines):
    """The log without the kernel's parameter blocks."""
    out, inblock = [], False
    for line in lines:
        msg = e2e.TIMESTAMP.sub('', line)
        if HEADER.match(msg):
            inblock = True
            continue
        if inblock and PARAM.match(msg):
            continue
        inblock = False
        out.append(line)
    return out


def blocks_of(lines):
    """Each parameter block: (line index, [its lines])."""
    out, cur = [], None
    for i, line in enumerate(lines):
        if HEADER.match(line):
            cur = (i, [line])
            out.append(cur)
        elif cur and PARAM.match(line) and i == cur[0] + len(cur[1]):
            cur[1].append(line)
        else:
            cur = None
    return out


# Log forms: a prefix per line (i, the line's index), and how a block line
# the decoder inserts is prefixed (as the line before it).
def stamp(i):
    return '[%5d.%06d] ' % (i // 1000, (i * 7919) % 1000000)


FORMS = {
    'dmesg': lambda i: stamp(i),
    'caller': lambda i: stamp(i) + '[    T1] ',
    'dmesg -T': lambda i: '[Wed Dec  2 06:%02d:%02d 2026] ' % (i // 60 % 60, i % 60),
    'syslog': lambda i: 'Dec  2 06:%02d:%02d host kernel: ' % (i // 60 % 60, i % 60),
    'journalctl': lambda i: '2026-12-02T06:%02d:%02d.%06d+0000 host kernel: ' % (
        i // 60 % 60, i % 60, i),
    'level': lambda i: '<4>' + stamp(i),
}


def but_smp(lines):
    """@lines, in any form, without the smp case's."""
    first = next((i for i, l in enumerate(lines) if 'paraminfo_test: case smp' in l), None)
    if first is None:
        return lines
    end = next((i for i in range(first, len(lines))
                if 'paraminfo_test: case smp: done' in lines[i]), len(lines) - 1)
    return lines[:first] + lines[end + 1:]


def dress(lines, form, block_lines=()):
    """@lines in @form, the n-th line not in @block_lines prefixed as the
    n-th line of the log; those in it take the prefix of the line before
    them, as decode_oops gives the lines it inserts."""
    out, prefix, n = [], '', 0
    for i, line in enumerate(lines):
        if i not in block_lines:
            prefix = FORMS[form](n)
            n += 1
        out.append(prefix + line)
    return out


def inserted(decoded, stripped):
    """Indices of the lines of @decoded that are not in @stripped."""
    out, j = set(), 0
    for i, line in enumerate(decoded):
        if j < len(stripped) and line == stripped[j]:
            j += 1
        else:
            out.add(i)
    return out


def refusals(err):
    """The log lines (0-based) of the dumps decode_oops refused."""
    return [int(m.group(1)) - 1 for m in re.finditer(r': line (\d+): ', err)]


# decode_oops has no stack memory: where a kernel printed the value it
# read from a stack slot, "0x...  [stack sp+N]" (and the fault marker if
# it was the fault address), it names the slot, "<on the stack at sp+N>".
# That substitution is the one difference a kernel's line may have.
SLOT_NAMED = re.compile(r'^(?P<pre>.* = )<on the stack at sp\+(?P<off>\d+)>$')
SLOT_READ = re.compile(r'^0x(?P<hex>[0-9a-f]+)  \[stack sp\+(?P<off>\d+)\]'
                       r'(?P<fault>  <-- fault address)?$')


def kernel_line_is(decoded, kernel):
    """Whether @kernel, a line the kernel printed, is @decoded, the line
    decode_oops prints there: equal, or but for a stack slot's value (1 to
    8 bytes, all their digits; the marker only on 8)."""
    if decoded == kernel:
        return True
    m = SLOT_NAMED.match(decoded)
    if not m or not kernel.startswith(m.group('pre')):
        return False
    v = SLOT_READ.match(kernel[len(m.group('pre')):])
    return bool(v) and v.group('off') == m.group('off') and \
        len(v.group('hex')) in (2, 4, 6, 8, 10, 12, 14, 16) and \
        (not v.group('fault') or len(v.group('hex')) == 16)


def lines_are(decoded, kernel):
    """kernel_line_is() for each line of two lists of lines."""
    return len(decoded) == len(kernel) and \
        all(kernel_line_is(d, k) for d, k in zip(decoded, kernel))


def subsequence(short, long):
    """Whether @short's lines (a kernel's) appear in @long (decode_oops's)
    in the same order, as kernel_line_is() compares them."""
    it = iter(long)
    return all(any(kernel_line_is(d, line) for d in it) for line in short)


def check_roundtrip(t, dec, tag, vmlinux, lines):
    """The smp case's two CPUs may interleave their dumps, or one may cut
    the other's short: decode_oops refuses those, and only those."""
    text = '\n'.join(lines) + '\n'
    ob, oe = e2e.span(lines, 'smp')
    out, err, rc = decode(dec, vmlinux, text)
    stray = [n for n in refusals(err) if not ob <= n < oe]
    res(t, out == text and not stray,
        '%s: the log with the kernel\'s blocks comes out unchanged, each block '
        'equal to the decoder\'s' % tag, err.strip()[-2000:] or None)
    js, jerr, _ = decode(dec, vmlinux, text, ['--json'])
    objs = [json.loads(l) for l in js.splitlines()]
    outside = [o for o in objs if not ob <= o['line'] - 1 < oe]
    kb = [o['kernel_block'] for o in outside]
    kblocks = [b for b in blocks_of(lines) if not ob <= b[0] < oe]
    # Within the smp case the CPUs' lines may interleave: a dump that
    # took the other CPU's lines differs from the kernel's block.
    res(t, kb.count('same') == len(kblocks) and
        all(o['kernel_block'] != 'differs' for o in outside),
        '%s: --json: the %d blocks outside the smp case the same as the kernel\'s, '
        'none differs' % (tag, len(kblocks)), 'kernel_block values: %s' %
        [o['kernel_block'] for o in objs])
    # The values --json gives are those of the printed lines.
    bad = []
    for o in objs:
        for p, line in zip(o.get('params', []), o['lines'][1:]):
            if p['value'] and '%s  [%s]' % (p['value'], p['register']) not in line:
                bad.append('%s: %s' % (o['function'], line))
            if 'stack' in p and (p['value'] is not None or not line.endswith(
                    ' = <on the stack at sp+%d>' % p['stack'])):
                bad.append('%s: %s' % (o['function'], line))
    res(t, not bad and objs, '%s: --json values are the printed ones' % tag,
        '\n'.join(bad[:5]) or None)

    stripped = strip_blocks(lines)
    sb, se = e2e.span(stripped, 'smp')
    out, err, rc = decode(dec, vmlinux, '\n'.join(stripped) + '\n')
    got = out.split('\n')[:-1]
    gb, ge = e2e.span(got, 'smp')
    mixed = refusals(err)
    # Outside the smp case, the kernel's blocks, byte for byte but for
    # stack slots' values (kernel_line_is()). Inside it the two CPUs race:
    # a dump may be refused (interleaved), or the kernel may have printed
    # no block for one CPU, which decode_oops then adds; every line the
    # kernel printed is still there, in order.
    want = lines[:ob] + lines[oe:]
    have = got[:gb] + got[ge:]
    ok = lines_are(have, want) and (mixed or subsequence(lines[ob:oe], got[gb:ge]))
    res(t, ok, '%s: with the kernel\'s blocks taken out, decode_oops puts '
        'each back, byte for byte but stack slots\' values (in the smp case, '
        'adds only)' % tag,
        None if ok else e2e.first_diff('\n'.join(lines), '\n'.join(got),
                                       'kernel', 'decode_oops'))
    stray = [n for n in mixed if not sb <= n < se]
    res(t, rc == (3 if mixed else 0) and not stray,
        '%s: the only dumps refused are the smp case\'s (%d), exit status %d' % (
            tag, len(mixed), rc), err.strip()[-1500:] or None)

    # Every other form gives the same blocks, prefixed as their dump; in
    # the smp case, whose CPUs' dumps interleave as they happened to, a
    # form may let the decoder take apart one more or one fewer of them.
    blines = inserted(got, stripped)
    for form in FORMS:
        src = dress(stripped, form)
        o2, e2, _ = decode(dec, vmlinux, '\n'.join(src) + '\n')
        exp = but_smp(dress(got, form, blines))
        o2 = '\n'.join(but_smp(o2.split('\n')[:-1])) + '\n'
        res(t, o2.split('\n')[:-1] == exp, '%s: in %s form, the same blocks (but the smp case)' % (
            tag, form), None if o2.split('\n')[:-1] == exp else e2e.first_diff(
                '\n'.join(exp), o2, 'expected', 'decode_oops'))
    o2, _, _ = decode(dec, vmlinux, '\r\n'.join(stripped) + '\r\n')
    res(t, o2 == '\r\n'.join(got) + '\r\n', '%s: with CRLF line ends, the same blocks' % tag)
    return stripped, got, blines


def dumps_of(lines):
    """Each register dump of a WARN case: the lines from its WARNING line
    to the one before its block (in a decoded log), and the block."""
    out = []
    for i, line in enumerate(lines):
        if not line.startswith('WARNING: CPU: '):
            continue
        j = i
        while j < len(lines) and not HEADER.match(lines[j]):
            j += 1
        k = j + 1
        while k < len(lines) and PARAM.match(lines[k]):
            k += 1
        if j < len(lines) and j - i < 40:
            out.append((lines[i:j], lines[j:k]))
    return out


def check_callers(t, dec, tag, vmlinux, decoded):
    """Two dumps interleaved line by line, told apart by caller ids."""
    ds = [d for d in dumps_of(decoded) if 'smp' not in ''.join(d[1][0])][:2]
    if len(ds) < 2:
        res(t, False, '%s: two WARN dumps to interleave' % tag)
        return
    (a, ba), (b, bb) = ds
    mixed, ia, ib = [], 0, 0
    while ia < len(a) or ib < len(b):
        if ia < len(a):
            mixed.append('[    1.000000][    T1] ' + a[ia])
            ia += 1
        if ib < len(b):
            mixed.append('[    1.000000][    C1] ' + b[ib])
            ib += 1
    mixed.append('[    1.000000][    T1] Call Trace:')
    mixed.append('[    1.000000][    C1] Call Trace:')
    out, err, rc = decode(dec, vmlinux, '\n'.join(mixed) + '\n', ['--json'])
    got = {}
    for line in out.splitlines():
        o = json.loads(line)
        got[o['function']] = o['lines']
    want = {}
    for blk in (ba, bb):
        m = e2e.HEADER.match(blk[0])
        want['%s+0x%s/0x%s' % (m.group('sym'), m.group('off'), m.group('size'))] = blk
    res(t, got == want and rc == 0,
             '%s: two dumps interleaved line by line, with printk caller ids: '
             'each gets its own block' % tag, None if got == want else
             'got %s\nwant %s\n%s' % (got, want, err))


def check_bad(t, dec, tag, vmlinux, stripped, got, workdir):
    text = '\n'.join(stripped) + '\n'
    # A truncated dump: one register line of the first WARN's dump cut.
    cut = list(stripped)
    idx = [i for i, l in enumerate(cut) if re.match(r'^(RDX|x2 ): ', l)]
    if idx:
        del cut[idx[0]]
        out, err, rc = decode(dec, vmlinux, '\n'.join(cut) + '\n')
        ok = out == '\n'.join(cut) + '\n' and 'the register dump' in err and rc == 3
        blocks = len(blocks_of(out.split('\n')))
        ok = ok or (rc == 3 and 'the register dump' in err and
                    blocks == len(blocks_of(got)) - 1)
        res(t, ok, '%s: a dump with a register line cut: a message, no block for it' % tag,
                 err.strip()[-800:])
    # A size from another build.
    m = [i for i, l in enumerate(stripped) if re.match(r'^(RIP: 0010:|pc : )pi_test_entry\+', l)]
    if m:
        other = list(stripped)
        other[m[0]] = re.sub(r'/0x([0-9a-f]+)$', lambda x: '/0x%x' % (int(x.group(1), 16) + 1),
                             other[m[0]])
        out, err, rc = decode(dec, vmlinux, '\n'.join(other) + '\n')
        res(t, rc == 3 and 'from another build' in err and
                 len(blocks_of(out.split('\n'))) == len(blocks_of(got)) - 1,
                 '%s: a size from another build: a message, no block' % tag, err.strip()[-500:])
    # Garbage and binary junk are copied through.
    rnd = random.Random(1)
    junk = bytes(rnd.getrandbits(8) for _ in range(1 << 20))
    words = ''.join(rnd.choice(['RIP: ', 'pc : ', 'RAX: ', 'x0 : ', '0010:', 'Function ',
                                'parameters ', '[#1] ', 'WARNING: ', '+0x1/0x2 ', 'ffff ',
                                '\n', '\r\n', '[ 1.0] ', '<4>'])
                    for _ in range(100000))
    for what, data in (('binary junk', junk), ('garbage text', words.encode())):
        p = subprocess.run([dec, vmlinux], input=data, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE)
        res(t, p.returncode in (0, 3) and p.stdout == data,
                 '%s: %s is copied through, no block, no crash (status %d)' % (
                     tag, what, p.returncode))
    # A 100 MB log: the whole log again and again, with junk between.
    path = os.path.join(workdir, 'big.log')
    unit = text.encode() + junk[:4096] + b'\n'
    n = (100 << 20) // len(unit) + 1
    with open(path, 'wb') as f:
        for _ in range(n):
            f.write(unit)
    small_rss, _ = rss_of(dec, vmlinux, os.path.join(workdir, 'one.log'), text.encode())
    t0 = time.time()
    big_rss, out_blocks = rss_of(dec, vmlinux, path, None)
    secs = time.time() - t0
    want_blocks = n * len(blocks_of(got))
    res(t, out_blocks == want_blocks and big_rss - small_rss < 32 << 10,
             '%s: a %d MB log (%d copies): %d blocks in %.1f s, max RSS %d KiB, %+d KiB '
             'over one copy' % (tag, (n * len(unit)) >> 20, n, out_blocks, secs, big_rss,
                                big_rss - small_rss),
             'blocks %d, want %d' % (out_blocks, want_blocks))
    os.unlink(path)


def rss_of(dec, vmlinux, path, data):
    """Max RSS (KiB) of decode_oops on a file, and the blocks it printed."""
    if data is not None:
        with open(path, 'wb') as f:
            f.write(data)
    with open(path, 'rb') as f:
        p = subprocess.Popen([dec, vmlinux] + ([MODULES] if MODULES else []),
                             stdin=f, stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL)
        blocks = sum(line.startswith(b'Function parameters (') for line in p.stdout)
        ru = os.wait4(p.pid, 0)[2]
        p.returncode = 0
    return ru.ru_maxrss, blocks


def check_base(t, dec, gen, d, pi_runs, hcache):
    arch = e2e.run_arch(d)
    vmlinux = (e2e.read(os.path.join(d, 'vmlinux'), '') or '').strip()
    console = e2e.read(os.path.join(d, 'console.log'))
    tag = '%sbase (no paraminfo), offline' % ('' if arch == 'x86_64' else arch + '-')
    if not console or 'paraminfo-e2e: init started' not in console:
        res(t, False, '%s: booted and ran the cases' % tag, 'no log in %s' % d)
        return
    lines = [l.rstrip('\r') for l in console.split('\n')]
    res(t, not any(HEADER.match(e2e.TIMESTAMP.sub('', l)) for l in lines),
             '%s: the kernel printed no parameter block' % tag)
    t0 = time.time()
    out, err, rc = decode(dec, vmlinux, console)
    secs = time.time() - t0
    with open(os.path.join(d, 'decoded.log'), 'w') as f:
        f.write(out)
    dl = e2e.clean_lines(out)
    res(t, rc in (0, 3), '%s: decode_oops ran in %.1f s (status %d)' % (tag, secs, rc),
             err.strip()[-1500:])
    host = e2e.host_dump(gen, vmlinux, hcache)
    if host is None:
        res(t, False, '%s: gen_paraminfo --dump of the baseline vmlinux' % tag)
        return
    funcs = e2e.index_dump(host)
    reps = e2e.parse_reports(dl)
    for rep in reps:
        if rep['case'] == 'smp':
            continue
        e2e.check_case(t, 'offline ' + tag.split(' ')[0], rep, funcs, arch,
                       offline=True)
    # The same cases' blocks as the paraminfo kernel's, hex aside.
    pi = [r for r in pi_runs if e2e.run_arch(r) == arch and
          os.path.basename(r).replace('arm64-', '') == 'delta']
    if not pi:
        return
    plines = e2e.clean_lines(e2e.read(os.path.join(pi[0], 'console.log'), ''))
    theirs = {r['case']: r['blocks'] for r in e2e.parse_reports(plines)}
    # Where a spinning function is interrupted differs from boot to boot.
    norm = lambda blocks: [json.dumps(dict(b, off=None) if b['intr'] else b,  # noqa: E731
                                      sort_keys=True) for b in blocks]
    hexes = re.compile(r'0x[0-9a-f]+')
    # Where the kernel read a stack slot, decode_oops names it.
    named = re.compile(r'<on the stack at sp\+(\d+)>')
    marked = re.compile(r'(\[stack sp\+\d+\])  <-- fault address')
    diff = []
    for rep in reps:
        if rep['case'] == 'smp' or rep['case'] not in theirs:
            continue
        a = hexes.sub('0x?', named.sub(r'0x?  [stack sp+\1]',
                                       ' '.join(norm(rep['blocks']))))
        b = hexes.sub('0x?', marked.sub(r'\1', ' '.join(norm(theirs[rep['case']]))))
        if a != b:
            diff.append('%s:\n  offline %s\n  kernel  %s' % (rep['case'], a[:400], b[:400]))
    res(t, not diff, '%s: every case\'s blocks are those %s printed (hex values aside)' % (
        tag, os.path.basename(pi[0])), '\n'.join(diff[:4]) or None)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--gen', required=True)
    ap.add_argument('--decoder', required=True)
    ap.add_argument('--base', action='append', default=[])
    ap.add_argument('rundirs', nargs='*')
    a = ap.parse_args()
    t = e2e.Ktap()
    hcache = {}
    runs = [d for d in a.rundirs if (e2e.read(os.path.join(d, 'build-rc'), '1') or '1').strip() == '0'
            and e2e.read(os.path.join(d, 'console.log'))]
    for d in a.base:
        check_base(t, a.decoder, a.gen, d, runs, hcache)
    global MODULES
    with tempfile.TemporaryDirectory() as work:
        for i, d in enumerate(runs):
            enc = (e2e.read(os.path.join(d, 'encoding'), '') or '').strip()
            arch = e2e.run_arch(d)
            tag = '%s%s' % ('' if arch == 'x86_64' else arch + '-', enc)
            vmlinux = (e2e.read(os.path.join(d, 'vmlinux'), '') or '').strip()
            console = e2e.read(os.path.join(d, 'console.log'))
            lines = [l.rstrip('\r') for l in console.split('\n')]
            if lines and lines[-1] == '':
                lines.pop()
            # The module with a corrupted table printed no block, where
            # decode_oops, with the intact module, would: left out.
            global MODULES
            MODULES = (e2e.read(os.path.join(d, 'modules'), '') or '').strip() or None
            b, e = e2e.span(lines, 'modcorrupt')
            lines = lines[:b] + lines[e + 1:] if e > b else lines
            stripped, got, _ = check_roundtrip(t, a.decoder, tag, vmlinux, lines)
            check_callers(t, a.decoder, tag, vmlinux, got)
            # The bad logs once per architecture (the first run of each).
            if all(e2e.run_arch(r) != arch for r in runs[:i]):
                check_bad(t, a.decoder, tag, vmlinux, stripped, got, work)
                check_nodwarf(t, a.decoder, tag, vmlinux, work)
    print('KTAP version 1')
    print('1..%d' % t.n)
    print('\n'.join(t.lines))
    print('# offline: %d passed, %d failed' % (t.n - t.failed, t.failed))
    return 1 if t.failed else 0


def check_nodwarf(t, dec, tag, vmlinux, work):
    stripped = os.path.join(work, 'vmlinux.nodebug')
    objcopy = 'aarch64-linux-gnu-objcopy' if 'arm64' in tag else 'objcopy'
    subprocess.run([objcopy, '--strip-debug', vmlinux, stripped], check=True)
    out, err, rc = decode(dec, stripped, 'RIP: 0010:x+0x0/0x1\n')
    res(t, rc == 1 and 'DWARF' in err and not out,
             '%s: a vmlinux without DWARF: one clear message, status 1' % tag, err.strip())
    os.unlink(stripped)


if __name__ == '__main__':
    sys.exit(main())
