#!/usr/bin/env python3
"""The `make bench` report: the table, build/bench/results.csv, and the
chart build/bench/ratios.png (gnuplot-nox), from the hosts' console logs.

Usage: bench-report.py OUT RUNS HOST...
Each log build/bench/<kernel>-<host>-<run>.log holds the benchmark
guest's lines "vgic_bench: <row> <ns> ns (<n> iterations)"; each
build/bench/sizes-<kernel>.txt the lines "vgic_size: <struct> <bytes>"
of scripts/vgic-sizes.sh, from which the memory table and
build/bench/memory.csv come.
"""
import csv
import re
import subprocess  # needs: gnuplot-nox
import sys

LINE = re.compile(r'^vgic_bench: (\S+) ([0-9.]+) ns')
SIZE = re.compile(r'^vgic_size: (\w+) (\d+)$')
KERNELS = ('ours', 'upstream')
NR_PRIVATE, NR_SPIS = 32, 988


def read_log(path):
    rows = {}
    with open(path, errors='replace') as f:
        for line in f:
            m = LINE.match(line.strip())
            if m:
                rows[m.group(1)] = float(m.group(2))
    return rows


def write_csv(path, rows):
    with open(path, 'w', newline='') as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)


def read_sizes(path):
    with open(path) as f:
        return {m.group(1): int(m.group(2)) for m in map(SIZE.match, f) if m}


def memory(out):
    """Bytes per interrupt, per vCPU and per VM (32 private + 988 SPIs)."""
    rows = []
    for kernel in KERNELS:
        s = read_sizes(f'{out}/sizes-{kernel}.txt')
        irq = s['vgic_irq']
        # Private IRQs inside struct vgic_cpu, or allocated beside it.
        private = 0 if s['private_irqs_field'] == NR_PRIVATE * irq else NR_PRIVATE * irq
        rows.append({'kernel': kernel, 'bytes_per_irq': irq,
                     'per_vcpu': s['vgic_cpu'] + private,
                     'per_vm': s['vgic_dist'] + NR_SPIS * irq})
    write_csv(f'{out}/memory.csv', rows)
    print(f"\n{'memory':<12} {'per IRQ':>8} {'per vCPU':>9} {'per VM':>8}"
          f'   (struct vgic_irq; vgic_cpu + {NR_PRIVATE} private; vgic_dist + {NR_SPIS} SPIs)')
    for r in rows:
        name = 'this vGIC' if r['kernel'] == 'ours' else '6.12'
        print(f"{name:<12} {r['bytes_per_irq']:>8} {r['per_vcpu']:>9} {r['per_vm']:>8}")
    ours, up = rows
    print(f"{'ratio':<12} {ours['bytes_per_irq'] / up['bytes_per_irq']:>8.2f}"
          f" {ours['per_vcpu'] / up['per_vcpu']:>9.2f} {ours['per_vm'] / up['per_vm']:>8.2f}")


def spread(values):
    """Largest relative distance between two runs, in percent."""
    lo, hi = min(values), max(values)
    return 100.0 * (hi - lo) / lo if lo else 0.0


def main():
    out, runs, hosts = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
    data = {}      # (kernel, host) -> [rows of each run]
    for kernel in KERNELS:
        for host in hosts:
            data[kernel, host] = [read_log(f'{out}/{kernel}-{host}-{run}.log')
                                  for run in range(1, runs + 1)]
    table = []
    for host in hosts:
        names = list(data['ours', host][0])
        for name in names:
            mean, spreads = {}, {}
            for kernel in KERNELS:
                vals = [r[name] for r in data[kernel, host] if name in r]
                if len(vals) != runs:
                    break
                mean[kernel] = sum(vals) / runs
                spreads[kernel] = spread(vals)
            if len(mean) != len(KERNELS):
                continue
            floor = {k: sum(r['exit'] for r in data[k, host]) / runs for k in KERNELS}
            above = {k: mean[k] - floor[k] for k in KERNELS}
            table.append({
                'row': name, 'host': host,
                'ours': mean['ours'], 'upstream': mean['upstream'],
                'ratio': mean['ours'] / mean['upstream'] if mean['upstream'] else 0,
                'ours_above_exit': above['ours'], 'upstream_above_exit': above['upstream'],
                'ratio_above_exit': (above['ours'] / above['upstream']
                                     if name != 'exit' and above['upstream'] > 0 else ''),
                'spread_ours_pct': spreads['ours'], 'spread_upstream_pct': spreads['upstream'],
            })
    if not table:
        print('bench: no figures in the logs')
        print('bench: 0 passed, 1 failed')
        return 1

    write_csv(f'{out}/results.csv', table)

    print(f"{'row':<12} {'host':<5} {'this vGIC':>10} {'6.12':>10} {'ratio':>6}"
          f" {'-exit ours':>10} {'-exit 6.12':>10} {'ratio':>6} {'spread':>7}")
    for t in table:
        r2 = f"{t['ratio_above_exit']:.2f}" if t['ratio_above_exit'] != '' else '-'
        sp = max(t['spread_ours_pct'], t['spread_upstream_pct'])
        print(f"{t['row']:<12} {t['host']:<5} {t['ours']:>10.1f} {t['upstream']:>10.1f}"
              f" {t['ratio']:>6.2f} {t['ours_above_exit']:>10.1f}"
              f" {t['upstream_above_exit']:>10.1f} {r2:>6} {sp:>6.2f}%")
    print(f'(ns of guest time = host instructions under -icount shift=0; mean of {runs} runs;'
          ' spread: the largest difference between two runs)')
    memory(out)

    chart(out, table, hosts)
    print(f'bench: {out}/results.csv, {out}/ratios.png')
    return 0


def chart(out, table, hosts):
    """Ratios per row and host; world-switch cost against pending IRQs."""
    rows = [t for t in table if not t['row'].startswith('switch_')]
    with open(f'{out}/ratios.dat', 'w') as f:
        names = sorted({t['row'] for t in rows}, key=[t['row'] for t in rows].index)
        for name in names:
            vals = [next((f"{t['ratio']:.4f}" for t in rows
                          if t['row'] == name and t['host'] == h), '-') for h in hosts]
            f.write(f'{name} ' + ' '.join(vals) + '\n')
    with open(f'{out}/switch.dat', 'w') as f:
        for t in table:
            if t['row'].startswith('switch_'):
                f.write(f"{t['host']} {t['row'][7:]} {t['ours']:.1f} {t['upstream']:.1f}\n")
    plots = ', '.join(f"'{out}/ratios.dat' using {i + 2}:xtic(1) title '{h}'"
                      for i, h in enumerate(hosts))
    lines = ', '.join(
        f"'< grep ^{h} {out}/switch.dat' using 2:{c} with linespoints title '{h} {k}'"
        for h in hosts for c, k in ((3, 'this vGIC'), (4, '6.12')))
    script = f"""set terminal png size 1400,600 noenhanced
set output '{out}/ratios.png'
set multiplot layout 1,2
set title 'this vGIC / 6.12 (below 1: faster)'
set style data histograms
set style fill solid 0.8
set yrange [0:*]
set xtics rotate by -30
plot {plots}, 1 with lines lc rgb 'black' notitle
set title 'world switch with N pending interrupts (ns = instructions)'
set style data linespoints
set xrange [0:*]
set xtics norotate
plot {lines}
unset multiplot
"""
    subprocess.run(['gnuplot-nox'], input=script, text=True, check=True)


if __name__ == '__main__':
    sys.exit(main())
