#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""`make series`: the project as a patch series against Linux 6.12.

The pristine tree is Debian's linux-source-6.12, committed once into a git
repository under build/ (scripts/series-base.sh).  On a branch of it, each
patch of PATCHES below puts the project's files at their kernel paths (as
scripts/kernel-tree.sh does) and commits them with the message of
scripts/series/<name>, signed off by the git identity of whoever runs it.
git format-patch then writes build/series/: a cover letter (written from
scripts/series/cover-letter and the latest test and benchmark results
under build/) and the patches, with --base naming the pristine commit and
To/Cc from the kernel's scripts/get_maintainer.pl.

Every file the project places in the kernel tree must belong to exactly
one patch: a file that none names, or two name, stops the run.

Usage: series.py [OUT_DIR]  (default build/series)"""
import glob
import os
import re
import shutil
import subprocess
import sys

top = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(top, 'build/series')
repo = os.path.join(top, 'build/series-base/linux-source-6.12')
messages = os.path.join(top, 'scripts/series')
VGIC = 'virt/kvm/arm/vgic/'
OLD = 'arch/arm64/kvm/vgic_old'
SELFTESTS = 'tools/testing/selftests/kvm/'
# The selftests a default run would not want: built only.
EXTENDED = {'vgic_bench'}

# (message file, the project's files it adds, the tree change it makes)
PATCHES = [
    ('01-documentation', ['Documentation/virt/kvm/arm/vgic.rst'], 'doc_index'),
    ('02-set-aside', [], 'set_aside'),
    ('03-irq-state', [VGIC + f for f in (
        'vgic.h', 'vgic-irq.c', 'vgic-inject.c', 'trace.h', 'vgic-trace.c')], None),
    ('04-phys-map', [VGIC + 'vgic-phys-map.c'], None),
    ('05-list-registers', [VGIC + f for f in (
        'vgic-lr.c', 'vgic-v2-lr.c', 'vgic-v3-lr.c', 'vgic-check.c')], None),
    ('06-register-frames', [VGIC + f for f in (
        'vgic-mmio.h', 'vgic-mmio.c', 'vgic-mmio-v2.c', 'vgic-mmio-v3.c',
        'vgic-sgi-v3.c', 'vgic-cpuif-v2.c', 'vgic-rdist-regions.c', 'vgic-io.c')], None),
    ('07-device-api', [VGIC + f for f in (
        'vgic-init.c', 'vgic-kvm-device.c', 'vgic-uaccess.c', 'vgic-debug.c')], None),
    ('08-its', [VGIC + f for f in (
        'vgic-lpi.c', 'vgic-its.h', 'vgic-its.c', 'vgic-its-cmd.c',
        'vgic-its-device.c', 'vgic-its-tables.c', 'vgic-its-cache.c')], None),
    ('09-switch', [VGIC + f for f in (
        'vgic-host.c', 'vgic-irqfd.c', 'vgic-v4.c', 'Makefile.kvm')] +
     ['include/kvm/arm_vgic.h', 'arch/arm64/kvm/vgic-sys-reg-v3.c'], 'switch'),
    ('10-remove-old', [], 'remove_old'),
    ('11-selftests', 'selftests', 'selftests_makefile'),
]


def run(*cmd, cwd=repo, **kw):
    return subprocess.run(cmd, cwd=cwd, check=True, text=True, capture_output=True,
                          **kw).stdout


def kernel_path(path):
    """Where a project file goes in the kernel tree."""
    return 'arch/arm64/kvm/vgic/' + path[len(VGIC):] if path.startswith(VGIC) else path


def project_files():
    """Every file the project places in the kernel tree (kernel-tree.sh)."""
    files = [os.path.relpath(p, top) for p in glob.glob(os.path.join(top, VGIC, '*'))]
    files += ['include/kvm/arm_vgic.h', 'arch/arm64/kvm/vgic-sys-reg-v3.c',
              'Documentation/virt/kvm/arm/vgic.rst']
    files += selftest_files()
    return sorted(files)


def selftest_files():
    return sorted(os.path.relpath(p, top) for p in
                  glob.glob(os.path.join(top, SELFTESTS, 'aarch64/vgic_*.[ch]')))


def edit(path, old, new, count=1):
    """Replace @old by @new in a file of the tree, exactly @count times."""
    full = os.path.join(repo, path)
    text = open(full).read()
    if text.count(old) != count:
        sys.exit('series: %s: %r found %d times, not %d' % (path, old, text.count(old), count))
    open(full, 'w').write(text.replace(old, new))


def doc_index():
    edit('Documentation/virt/kvm/arm/index.rst', '   vcpu-features\n',
         '   vcpu-features\n   vgic\n')


def set_aside():
    run('git', 'mv', 'arch/arm64/kvm/vgic', OLD)
    edit('arch/arm64/kvm/Makefile', ' vgic/', ' vgic_old/', 12)
    for f in ('arch/arm64/kvm/sys_regs.c', 'arch/arm64/kvm/vgic-sys-reg-v3.c'):
        edit(f, '#include "vgic/vgic.h"', '#include "vgic_old/vgic.h"')
    # relative to the directory's -I $(src), as the new vGIC's trace.h
    edit(OLD + '/trace.h', 'TRACE_INCLUDE_PATH ../../arch/arm64/kvm/vgic\n',
         'TRACE_INCLUDE_PATH vgic_old\n')


def switch():
    """The Kbuild change of kernel-tree.sh: the new vGIC's objects."""
    edit('arch/arm64/kvm/sys_regs.c', '#include "vgic_old/vgic.h"', '#include "vgic/vgic.h"')
    path = os.path.join(repo, 'arch/arm64/kvm/Makefile')
    text = open(path).read()
    text = re.sub(r'\n[ \t]*vgic_old/[^\n]*', '', text)
    text = re.sub(r' at\.o \\$', ' at.o\ninclude $(src)/vgic/Makefile.kvm', text,
                  count=1, flags=re.M)
    if 'vgic_old' in text or 'vgic/Makefile.kvm' not in text:
        sys.exit('series: arch/arm64/kvm/Makefile is not as 6.12 has it')
    open(path, 'w').write(text)


def remove_old():
    run('git', 'rm', '-r', '-q', OLD)


def selftests_makefile():
    lines = []
    for f in selftest_files():
        name, ext = os.path.splitext(os.path.basename(f))
        if ext == '.c':
            kind = 'TEST_GEN_PROGS_EXTENDED_aarch64' if name in EXTENDED else 'TEST_GEN_PROGS_aarch64'
            lines.append('%s += aarch64/%s\n' % (kind, name))
    anchor = 'TEST_GEN_PROGS_aarch64 += aarch64/vgic_lpi_stress\n'
    edit(SELFTESTS + 'Makefile', anchor, anchor + ''.join(
        l for l in lines if l.startswith('TEST_GEN_PROGS_aarch64')))
    extended = ''.join(l for l in lines if l.startswith('TEST_GEN_PROGS_EXTENDED'))
    if extended:
        anchor = 'TEST_GEN_PROGS_aarch64 += kvm_binary_stats_test\n'
        edit(SELFTESTS + 'Makefile', anchor, anchor + '\n' + extended)


def identity():
    """The git identity of whoever runs it (the project's, else the global one)."""
    who = {}
    for key in ('user.name', 'user.email'):
        r = subprocess.run(['git', '-C', top, 'config', key], capture_output=True, text=True)
        if r.returncode or not r.stdout.strip():
            sys.exit('series: no git %s: the patches are signed off by the git identity '
                     '(git config --global %s ...)' % (key, key))
        who[key] = r.stdout.strip()
    return who['user.name'], who['user.email']


def build_branch(base, name, email):
    assigned = []
    env = dict(os.environ, GIT_AUTHOR_NAME=name, GIT_AUTHOR_EMAIL=email,
               GIT_COMMITTER_NAME=name, GIT_COMMITTER_EMAIL=email)
    run('git', 'checkout', '-q', '-f', '-B', 'series', base)
    run('git', 'clean', '-q', '-f', '-d', '-x')
    for msg, files, change in PATCHES:
        if files == 'selftests':
            files = selftest_files()
        if change:
            globals()[change]()
        for f in files:
            dest = os.path.join(repo, kernel_path(f))
            os.makedirs(os.path.dirname(dest), exist_ok=True)
            shutil.copyfile(os.path.join(top, f), dest)
        assigned += files
        run('git', 'add', '-A', '-f', '.')
        run('git', 'commit', '-q', '-s', '-F', os.path.join(messages, msg), env=env)
    missing = sorted(set(project_files()) - set(assigned))
    twice = sorted(f for f in set(assigned) if assigned.count(f) > 1)
    if missing or twice:
        sys.exit('series: files in no patch: %s; in two: %s (scripts/series.py PATCHES)'
                 % (' '.join(missing) or '-', ' '.join(twice) or '-'))


def maintainers(base):
    """To: the maintainers; Cc: reviewers and lists (get_maintainer.pl)."""
    diff = os.path.join(out, '.series.diff')
    with open(diff, 'w') as f:
        f.write(run('git', 'diff', '-M', base, 'series'))
    common = ['perl', 'scripts/get_maintainer.pl', '--no-git', '--no-git-fallback',
              '--no-rolestats', '--no-s']
    to = run(*common, '--m', '--no-r', '--no-l', diff).split('\n')
    cc = run(*common, '--no-m', '--r', '--l', diff).split('\n')
    os.remove(diff)
    return [a for a in to if a], [a for a in cc if a and a not in to]


def main():
    base = subprocess.run([os.path.join(top, 'scripts/series-base.sh')], check=True,
                          capture_output=True, text=True).stdout.strip()
    name, email = identity()
    build_branch(base, name, email)
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    to, cc = maintainers(base)
    args = ['git', 'format-patch', '-q', '-M', '--cover-letter', '--thread=shallow',
            '--base=' + base, '-o', out]
    args += ['--to=' + a for a in to] + ['--cc=' + a for a in cc]
    run(*args, base + '..series')
    cover = sorted(glob.glob(os.path.join(out, '0000-*.patch')))[0]
    subprocess.run([sys.executable, os.path.join(top, 'scripts/series-cover.py'), cover],
                   check=True)
    patches = sorted(glob.glob(os.path.join(out, '*.patch')))
    print('series: %d patches and a cover letter in %s (base %s)'
          % (len(patches) - 1, os.path.relpath(out, top), base[:12]))
    for p in patches:
        print('  ' + os.path.basename(p))


if __name__ == '__main__':
    main()
