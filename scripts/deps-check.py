#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Every external program the project's scripts call must come from a
Debian package that scripts/install-deps.sh installs (scripts/deps.list),
or from an Essential package.

It finds the programs where they are called: the command words of
scripts/*.sh and tools/**/*.sh, the recipes of the Makefiles, the
subprocess calls of the Python scripts, and what a script declares it makes
others call ("# needs: sparse" where the kernel build runs sparse for it).
Each must have an entry in deps.list, unless an Essential package provides
it.  Each entry of deps.list must then be true on this machine: its package
installed and shipping the program (in a bin directory) or the file.

One "ok"/"not ok" line per program and a closing "deps: N passed, N failed".
Exit status 2 when something needed is missing from the machine, 1 when only
the list is wrong.
Usage: deps-check.py [DEPS_LIST]  (default scripts/deps.list)"""
import glob
import os
import re
import subprocess
import sys

top = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
deps_list = sys.argv[1] if len(sys.argv) > 1 else os.path.join(top, 'scripts/deps.list')
BINDIRS = ('/usr/bin', '/bin', '/usr/sbin', '/sbin')
SHELL_WORDS = set(subprocess.run(['bash', '-c', 'compgen -b; compgen -k'],
                                 capture_output=True, text=True).stdout.split())


def dpkg_query(*args):
    r = subprocess.run(['dpkg-query'] + list(args), capture_output=True, text=True)
    return r.stdout if r.returncode == 0 else ''


def owners(path):
    """Packages that ship path (dpkg -S), also through its symlinks."""
    found = set()
    for p in {path, os.path.realpath(path)}:
        for line in dpkg_query('-S', p).splitlines():
            pkgs, _, _ = line.partition(': ')
            found.update(x.strip().split(':')[0] for x in pkgs.split(','))
    return found


def installed(pkg):
    return 'install ok installed' in dpkg_query('-W', '-f=${Status}', pkg)


def essential(pkg):
    return dpkg_query('-W', '-f=${Essential}', pkg).strip() == 'yes'


def depends(pkg):
    text = dpkg_query('-W', '-f=${Depends},${Pre-Depends}', pkg)
    return {re.split(r'[\s:(]', d.strip())[0] for d in re.split(r'[,|]', text) if d.strip()}


def program_owners(name):
    """The packages that ship name in one of the bin directories."""
    found = set()
    for d in BINDIRS:
        if os.path.exists(os.path.join(d, name)):
            found |= owners(os.path.join(d, name))
    return found


# --- where programs are called -------------------------------------------

CMD_START = r'(?:^|[;&|({]|\$\(|\b(?:then|do|else|elif|if|while|until|exec|!)\s)'
WRAPPER = r'(?:timeout\s+(?:-\S+\s+)*\S+\s+|\w+=\S*\s+)*'
COMMAND = re.compile(CMD_START + r'\s*' + WRAPPER + r'([A-Za-z_][\w.+-]*)(?=[\s;)|&]|$)', re.M)


def shell_code(s, i=0, close=None):
    """The shell text s from i with comments dropped, quoted text emptied
    and command substitutions kept (also inside double quotes); up to the
    parenthesis that closes a $( when close is set.  Returns (code, end)."""
    out, depth = [], 0
    while i < len(s):
        c = s[i]
        if c == '\\':
            out.append(s[i:i + 2])
            i += 2
            continue
        if c == "'":
            i = s.find("'", i + 1) + 1 or len(s)
            out.append("''")
            continue
        if c == '"':
            i = double_quoted(s, i + 1, out)
            continue
        if c == '#' and (i == 0 or s[i - 1] in ' \t\n;'):
            i = s.find('\n', i)
            i = len(s) if i < 0 else i
            continue
        if s.startswith('$((', i):		# arithmetic
            i = s.find('))', i) + 2 or len(s)
            out.append('0')
            continue
        if s.startswith('$(', i):
            sub, i = shell_code(s, i + 2, ')')
            out.append('$(' + sub + ')')
            continue
        if close and c == '(':
            depth += 1
        if close and c == ')':
            if depth == 0:
                return ''.join(out), i + 1
            depth -= 1
        out.append(c)
        i += 1
    return ''.join(out), i


def double_quoted(s, i, out):
    """Skip a double-quoted string from i, keeping its $(...) in out."""
    out.append('"')
    while i < len(s) and s[i] != '"':
        if s[i] == '\\':
            i += 2
        elif s.startswith('$(', i):
            sub, i = shell_code(s, i + 2, ')')
            out.append(' $(' + sub + ') ')
        else:
            i += 1
    out.append('"')
    return i + 1


def shell_calls(text):
    code = shell_code(text)[0]
    code = re.sub(r'^(\s*)[\w*|.-]+\)', r'\1', code, flags=re.M)	# case patterns
    funcs = set(re.findall(r'^\s*([\w-]+)\s*\(\)', code, re.M))
    for m in COMMAND.finditer(code):
        word = m.group(1)
        if word not in SHELL_WORDS and word not in funcs:
            yield word, code.count('\n', 0, m.start(1)) + 1


def make_calls(text):
    """The recipes' commands; $(VAR) and $(func ...) are make's own."""
    n = 1
    for logical in re.split(r'(?<!\\)\n', text):
        if logical.startswith('\t'):
            body = re.sub(r'^\t[@-]*', '', logical).replace('\\\n', ' ')
            body = re.sub(r'\$\((?!shell\s)', '$[', body)
            for word, _ in shell_calls(body):
                if word != 'shell':
                    yield word, n
        for m in re.finditer(r'\$\(shell\s+([\w.+-]+)', logical):
            yield m.group(1), n
        n += logical.count('\n') + 1


def python_calls(text):
    for m in re.finditer(r'subprocess\.\w+\(\[\s*\'([^\']+)\'', text):
        yield m.group(1), text.count('\n', 0, m.start(1)) + 1


def declared(text):
    for m in re.finditer(r'^#\s*needs:\s*(.*)$', text, re.M):
        for word in m.group(1).split('(')[0].split():
            yield word, text.count('\n', 0, m.start(1)) + 1


def sources():
    files = glob.glob(os.path.join(top, 'scripts/*.sh')) + \
        glob.glob(os.path.join(top, 'tools/**/*.sh'), recursive=True)
    for f in files:
        yield f, shell_calls
    for f in [os.path.join(top, 'Makefile')] + \
            glob.glob(os.path.join(top, 'tools/**/Makefile'), recursive=True):
        yield f, make_calls
    for f in glob.glob(os.path.join(top, 'scripts/*.py')) + \
            glob.glob(os.path.join(top, 'tools/**/*.py'), recursive=True):
        yield f, python_calls


def called():
    """program -> the first place that calls it"""
    where = {}
    for f, scan in sources():
        text = open(f).read()
        rel = os.path.relpath(f, top)
        for word, line in list(scan(text)) + list(declared(text)):
            if word.startswith('./'):
                continue
            where.setdefault(word, '%s:%d' % (rel, line))
    return where


# --- the table -------------------------------------------------------------

def table():
    entries = []
    for line in open(deps_list):
        line = re.sub(r'(^|\s)#.*', '', line).strip()
        if line:
            need, pkg = line.split()
            entries.append((need, pkg))
    return entries


def main():
    entries = table()
    listed = {need: pkg for need, pkg in entries}
    packages = {pkg for _, pkg in entries}
    passed = failed = absent = 0

    def report(ok, text, missing=False):
        nonlocal passed, failed, absent
        print(('ok deps ' if ok else 'not ok deps ') + text)
        passed, failed, absent = passed + ok, failed + (not ok), absent + missing

    for need, pkg in entries:
        if need.startswith('/'):
            files = glob.glob(need)
            good = files and any(pkg in owners(f) for f in files)
            what = 'file %s' % need
        else:
            own = program_owners(need)
            good = pkg in own or bool(own & depends(pkg))
            what = 'program %s' % need
        if not installed(pkg):
            report(False, '%s: package %s is not installed' % (what, pkg), True)
        elif not good:
            report(False, '%s: not shipped by package %s' % (what, pkg))
        else:
            report(True, '%s from %s' % (what, pkg))

    for prog, where in sorted(called().items()):
        if prog in listed:
            continue
        own = program_owners(prog)
        if own and all(essential(p) for p in own):
            report(True, 'program %s (%s) from Essential %s' % (prog, where, ','.join(sorted(own))))
        elif own:
            extra = ', and that is not in the list' if not own & packages else ''
            report(False, 'program %s (%s) is not in scripts/deps.list: on this machine it comes '
                   'from package %s%s' % (prog, where, ','.join(sorted(own)), extra))
        else:
            report(False, 'program %s (%s) is not in scripts/deps.list, and no Debian package '
                   'on this machine provides it' % (prog, where), True)
    print('deps: %d passed, %d failed' % (passed, failed))
    return 2 if absent else 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
