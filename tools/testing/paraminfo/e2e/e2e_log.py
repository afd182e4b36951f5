# SPDX-License-Identifier: GPL-2.0
"""What an e2e run leaves, read for check_e2e.py and check_offline.py:
the serial log's lines (the cases' reports, their "Function parameters"
blocks, the smp case's two CPUs), the debugfs dump the guest copied out
and gen_paraminfo --dump's on the host, the kselftest's and KUnit's
results, and the run directory's files."""

import json
import os
import re
import subprocess
import sys

# What a case logs when the architecture cannot run it: a SKIP.
UNSUPPORTED = re.compile(r'^paraminfo_test: case (\w+): no NMI backtrace on this architecture$')

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
# x86's "RIP: 0010:sym+off/size", arm64's "pc : sym+off/size".
RIP = re.compile(r'^(?:RIP: [0-9a-f]{4}:|pc : )(?P<sym>[^+\s]+)\+0x(?P<off>[0-9a-f]+)'
                 r'/0x(?P<size>[0-9a-f]+)(?: \[\w+\])?$')
# What a module with a corrupted table must say.
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
        # A caller's block (e2e_callers.py checks those): not the CPU's.
        if line.startswith('Parameters of caller #'):
            cur = 'caller'
            continue
        pm = PARAM.match(line)
        if pm and cur == 'caller':
            continue
        if pm:
            lines_of.append((cur, pm.groupdict()))
            if cur is not None and len(cur['params']) < nparams.get(cur['sym'], 0):
                cur['params'].append(pm.groupdict())
    return reps, lines_of, first


def all_headers(lines):
    return [l for l in lines if l.startswith('Function parameters (')]


def host_dump(gen, vmlinux, cache, unwind=False):
    key = (vmlinux, unwind)
    if key in cache:
        return cache[key]
    try:
        out = subprocess.run([gen, '--dump'] + (['--unwind'] if unwind else []) +
                             [vmlinux], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, check=True,
                             universal_newlines=True).stdout
    except (OSError, subprocess.CalledProcessError) as e:
        out = None
        print('# %s --dump %s failed: %s' % (gen, vmlinux, e), file=sys.stderr)
    cache[key] = out
    return out


def guest_dump(ttys1, what='DUMP'):
    """The text between the BEGIN and END markers, and whether cat succeeded;
    @what 'UNWIND' for the dump with unwind rows."""
    begin, end = 'PARAMINFO-%s-BEGIN' % what, 'PARAMINFO-%s-END' % what
    if ttys1 is None or begin + '\n' not in ttys1:
        return None, 'no %s on ttyS1' % begin
    body = ttys1.split(begin + '\n', 1)[1]
    m = re.search(r'^%s rc=(\d+)$' % end, body, re.M)
    if not m:
        return None, 'no %s on ttyS1 (dump cut short)' % end
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


def in_span(lines, what, reps):
    """The reports of @reps inside /init's "trigger WHAT" ... "returned
    WHAT", and those outside it."""
    b, e = span(lines, what)
    return [r for r in reps if b <= r['line'] < e], [r for r in reps if not b <= r['line'] < e]


def index_dump(text):
    funcs = {}
    for line in text.splitlines():
        try:
            f = json.loads(line)
        except ValueError:
            continue
        funcs.setdefault(f['name'], []).append(f)
    return funcs


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


def span(lines, what):
    """Line indices [begin, end) of e2e/init's "trigger WHAT" to "returned
    WHAT", or (0, 0)."""
    try:
        b = lines.index('paraminfo-e2e: trigger ' + what)
        return b, lines.index('paraminfo-e2e: returned ' + what, b)
    except ValueError:
        return 0, 0
