#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""The series' cover letter: scripts/series/cover-letter (its first line
the subject) in place of git format-patch's placeholders, with @TESTS@ the
selftest table per host from the last full `make kvm-check` and
`make kvm-check DEBUG=1` (build/kvm-check*.results) and @BENCH@ the table
of the last `make bench` (build/bench/results.csv).  Where a run is
missing, the letter says which command gives it.

Usage: series-cover.py COVER_PATCH"""
import csv
import os
import re
import sys

top = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HOSTS = (('v3', 'GICv3 VHE'), ('v3n', 'GICv3 nVHE'), ('v2', 'GICv2'))
RESULT = re.compile(r'^(kvm-check(?:-debug)?): (ok|FAIL) (v3n|v3|v2) (\S+(?: -\S+ \S+)*)(.*)$')


def verdicts(name):
    """{test: {host: 'pass' | 'FAIL' | 'xfail'}} of one kvm-check kind."""
    path = os.path.join(top, 'build', name + '.results')
    table = {}
    if not os.path.exists(path):
        return table
    for line in open(path):
        m = RESULT.match(line.strip())
        if not m:
            continue
        test = m.group(4).lstrip('/').split(':')[0]
        word = 'pass' if m.group(2) == 'ok' else 'FAIL'
        if 'expected failure' in m.group(5):
            word = 'xfail'
        table.setdefault(test, {})[m.group(3)] = word
    return table


def tests_table():
    normal, debug = verdicts('kvm-check'), verdicts('kvm-check-debug')
    if not normal:
        return ('(No full `make kvm-check` has run on the machine that wrote\n'
                'this letter: its selftest table goes here.)')
    width = max(len(t) for t in normal) + 2
    lines = ['Selftests (pass; xfail: fails as expected, a selftest bug; the',
             'debug host in brackets; - not run there):', '',
             ('  ' + 'test'.ljust(width) + ''.join(h[1].ljust(18) for h in HOSTS)).rstrip()]
    for test in sorted(normal):
        row = '  ' + test.ljust(width)
        for host, _ in HOSTS:
            cell = normal[test].get(host, '-')
            if cell != '-' and debug:
                cell += ' [%s]' % debug.get(test, {}).get(host, '-')
            row += cell.ljust(18)
        lines.append(row.rstrip())
    return '\n'.join(lines)


def bench_table():
    path = os.path.join(top, 'build/bench/results.csv')
    if not os.path.exists(path):
        return ('(No `make bench` has run on the machine that wrote this letter:\n'
                'its table goes here.)')
    rows = list(csv.DictReader(open(path)))
    hosts = [h for h, _ in HOSTS if any(r['host'] == h for r in rows)]
    names = list(dict.fromkeys(r['row'] for r in rows))
    lines = ['  ' + 'row'.ljust(14) + ''.join(h.rjust(8) for h in hosts)]
    for name in names:
        cells = []
        for h in hosts:
            r = next((r for r in rows if r['row'] == name and r['host'] == h), None)
            cells.append(('%.2f' % float(r['ratio'])) if r else '-')
        lines.append('  ' + name.ljust(14) + ''.join(c.rjust(8) for c in cells))
    return '\n'.join(lines)


def main():
    cover = sys.argv[1]
    lines = open(os.path.join(top, 'scripts/series/cover-letter')).read().split('\n')
    subject, body = lines[0], '\n'.join(lines[2:]).rstrip('\n')
    body = body.replace('@TESTS@', tests_table()).replace('@BENCH@', bench_table())
    text = open(cover).read()
    if '*** SUBJECT HERE ***' not in text or '*** BLURB HERE ***' not in text:
        sys.exit('series-cover: %s is not a fresh git format-patch cover letter' % cover)
    text = text.replace('*** SUBJECT HERE ***', subject).replace('*** BLURB HERE ***', body)
    open(cover, 'w').write(text)


if __name__ == '__main__':
    main()
