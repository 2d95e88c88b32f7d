#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Build each mutant of mutants.txt into build/, run the harness tests on
it, and report it killed (some test failed: good) or survived (bad).

Usage: mutate.py VGIC_DIR OUT_DIR [MUTANTS_FILE]  (default: mutants.txt)"""
import os
import re
import shutil
import concurrent.futures
import subprocess
import sys

here = os.path.dirname(os.path.abspath(__file__))
vgic, out = sys.argv[1], sys.argv[2]


def mutants():
    text = open(sys.argv[3] if len(sys.argv) > 3 else os.path.join(here, 'mutants.txt')).read()
    # a mutant is "file @@ old @@ new @@ why", where old and new may span lines
    body = '\n'.join(l for l in text.split('\n') if not l.startswith('#'))
    for m in re.finditer(r'^(\S+\.[ch]) @@ (.*?) @@ (.*?) @@ (.*?)$', body, re.S | re.M):
        yield m.group(1), m.group(2), m.group(3), m.group(4)


# The objects every mutant shares (tests, model, shim) are built first,
# from the real sources: a mutant's build never rebuilds them against its
# own headers, nor leaves them depending on its directory.
subprocess.run(['make', '-s', '-C', here, 'tests'], check=True)

def run_mutant(n, fname, old, new, why):
    """Build and test one mutant; return (killed, report lines)."""
    mdir = os.path.join(out, 'mutant-%02d' % n)
    shutil.rmtree(mdir, ignore_errors=True)
    shutil.copytree(vgic, os.path.join(mdir, 'vgic'))
    path = os.path.join(mdir, 'vgic', fname)
    src = open(path).read()
    if src.count(old) != 1:
        return False, 'not ok mutant %02d %s: text not found once (%s)' % (n, fname, why)
    open(path, 'w').write(src.replace(old, new))
    build = subprocess.run(['make', '-s', '-C', here, 'tests',
                            'VGIC=' + os.path.join(mdir, 'vgic'),
                            'CORE_OUT=' + os.path.join(mdir, 'core'),
                            'BIN_OUT=' + mdir], capture_output=True, text=True)
    if build.returncode:
        return False, ('not ok mutant %02d %s: does not build (%s)\n' % (n, fname, why) +
                       build.stderr[-2000:])
    tests = sorted(os.listdir(os.path.join(mdir, 'tests')))
    run = subprocess.run([os.path.join(here, 'run-tests.sh')] +
                         [os.path.join(mdir, 'tests', t) for t in tests],
                         capture_output=True, text=True)
    shutil.rmtree(mdir, ignore_errors=True)
    if run.returncode:
        return True, 'ok mutant %02d killed: %s' % (n, why)
    return False, 'not ok mutant %02d SURVIVED: %s (%s)' % (n, why, fname)


# One mutant per CPU at a time: each builds and tests on one.
killed = survived = 0
with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
    jobs = [pool.submit(run_mutant, n, *m) for n, m in enumerate(mutants())]
    for job in jobs:
        ok, report = job.result()
        print(report, flush=True)
        killed += ok
        survived += not ok

print('mutants: %d passed, %d failed' % (killed, survived))
sys.exit(1 if survived else 0)
