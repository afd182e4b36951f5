#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# bench-modules.sh GEN BUILD - what modules' own tables cost: bytes per
# function and per module against each module's .text, in every encoding,
# and the time the table adds to building a module.
#
# Builds (once, cached; e2e/kbuild.sh modbench) Debian's linux-source-6.1
# as the end-to-end tinyconfig with BLOCK and nine file systems as modules,
# in delta, then for every .ko of that build:
#
#   - its functions (gen_paraminfo --dump), its text (every SHF_EXECINSTR
#     section), the table gen_paraminfo makes in each encoding;
#   - the seconds of the step scripts/Makefile.modfinal adds (gen_paraminfo
#     and the two objcopy runs, on a copy without the table), against the
#     seconds of the module's own build: its objects compiled again with
#     the commands kbuild saved (.*.o.cmd), and its link. Each the median
#     of RUNS (3).
#
# Writes BUILD/bench-modules.txt and prints it. A benchmark, not a test:
# it fails only when a build or a command does, never on a number.
set -eu

GEN=$(realpath "${1:?usage: bench-modules.sh GEN BUILD}")
BUILD=$(realpath "${2:?usage: bench-modules.sh GEN BUILD}")
T=$(dirname "$(realpath "$0")")
RUNS=${RUNS:-3}

echo "bench-modules: building the modbench kernel (cached after the first run)" >&2
OUT=$("$T/e2e/kbuild.sh" modbench 2> "$BUILD/bench-modules-build.log") || {
	echo "bench-modules: the build failed, see $BUILD/bench-modules-build.log" >&2
	tail -20 "$BUILD/bench-modules-build.log" >&2
	exit 1
}
O=$(cat "$OUT/build-dir")

python3 - "$GEN" "$O" "$RUNS" <<'PY' | tee "$BUILD/bench-modules.txt"
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

gen, O, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
ENCS = ('flat', 'pool', 'delta')


def out(*cmd):
    return subprocess.run(cmd, stdout=subprocess.PIPE, check=True,
                          universal_newlines=True).stdout


def timed(cmd, shell=False):
    """Median wall seconds of RUNS runs of cmd, run in O."""
    ts = []
    for _ in range(runs):
        t0 = time.monotonic()
        subprocess.run(cmd, cwd=O, shell=shell, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        ts.append(time.monotonic() - t0)
    return statistics.median(ts)


def saved_cmd(target):
    """The command kbuild last ran for target, from its .cmd file."""
    d, f = os.path.split(target)
    text = open(os.path.join(O, d, '.%s.cmd' % f)).read()
    m = re.search(r'^(?:saved)?cmd_\S+ := (.*)$', text, re.M)
    return m.group(1)


def text_size(ko):
    size = 0
    for line in out('readelf', '-SW', ko).splitlines():
        m = re.match(r'\s*\[\s*\d+\]\s+(\S+)\s+\S+\s+[0-9a-f]+\s+[0-9a-f]+\s+([0-9a-f]+)'
                     r'\s+\S+\s+(\S*)', line)
        if m and 'X' in m.group(3):
            size += int(m.group(2), 16)
    return size


# modules.order names the .ko (6.1) or the .o (6.12).
kos = sorted(re.sub(r'\.k?o$', '.ko', l.strip())
             for l in open(os.path.join(O, 'modules.order')) if l.strip())
tmp = tempfile.mkdtemp()
rows = []
for ko in kos:
    path = os.path.join(O, ko)
    name = os.path.basename(ko)[:-3]
    funcs = out(gen, '--dump', path).count('\n')
    text = text_size(path)
    sizes = {}
    for enc in ENCS:
        b = os.path.join(tmp, enc + '.bin')
        subprocess.run([gen, '--encoding=' + enc, '--format=bin', '-o', b, path],
                       check=True)
        sizes[enc] = os.path.getsize(b)
    # The modfinal step, on a copy: the table, then the two objcopy runs.
    copy = os.path.join(tmp, name + '.ko')
    b = os.path.join(tmp, 'delta.bin')
    # The copy is the .ko as linked, before the step: without its table.
    unstep = 'objcopy --remove-section .paraminfo %s %s' % (path, copy)
    step = ('{u} && {gen} --encoding=delta --format=bin -o {b} {c} && '
            'objcopy --add-section .paraminfo={b} '
            '--set-section-flags .paraminfo=alloc,readonly {c} && '
            'objcopy --set-section-alignment .paraminfo=8 {c}').format(
                u=unstep, c=copy, gen=gen, b=b)
    t_step = max(timed(step, shell=True) - timed(unstep, shell=True), 0.0)
    # The module's own build: its objects compiled again, and its link.
    objs = open(os.path.join(O, ko[:-3] + '.mod')).read().split()
    t_build = sum(timed(saved_cmd(o), shell=True) for o in objs)
    t_build += timed(saved_cmd(ko), shell=True) - t_step
    rows.append((name, funcs, text, sizes, t_step, t_build))
shutil.rmtree(tmp)

print('modules\' own tables: %d modules of Debian\'s linux-source-6.1 (x86-64,' % len(rows))
print('gcc -O2 -g, DWARF 5), built with paraminfo in delta; tables of each')
print('encoding made by gen_paraminfo from the same .ko; times: median of %d' % runs)
print()
print('%-12s %6s %8s %8s %8s %8s %7s %6s %8s %8s %6s' % (
    'module', 'funcs', '.text', 'flat', 'pool', 'delta', 'B/fn', '%text',
    'step ms', 'build ms', '%build'))
tot = {'funcs': 0, 'text': 0, 'step': 0.0, 'build': 0.0}
tots = dict.fromkeys(ENCS, 0)
for name, funcs, text, sizes, t_step, t_build in rows:
    print('%-12s %6d %8d %8d %8d %8d %7.1f %5.1f%% %8.0f %8.0f %5.1f%%' % (
        name, funcs, text, sizes['flat'], sizes['pool'], sizes['delta'],
        sizes['delta'] / max(funcs, 1), 100.0 * sizes['delta'] / max(text, 1),
        t_step * 1000, t_build * 1000, 100.0 * t_step / max(t_build, 1e-9)))
    tot['funcs'] += funcs
    tot['text'] += text
    tot['step'] += t_step
    tot['build'] += t_build
    for e in ENCS:
        tots[e] += sizes[e]
print()
for e in ENCS:
    print('%-6s %9d bytes in all: %6.1f B/function, %7.1f B/module, %5.1f %% of .text' % (
        e, tots[e], tots[e] / max(tot['funcs'], 1), tots[e] / max(len(rows), 1),
        100.0 * tots[e] / max(tot['text'], 1)))
print('the table step: %.0f ms of %.0f ms building these modules (%.1f %%)' % (
    tot['step'] * 1000, tot['build'] * 1000, 100.0 * tot['step'] / max(tot['build'], 1e-9)))
PY
