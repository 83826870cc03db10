import type { BenchRow, BenchUnit } from './bench-row';

const UNIT_SUFFIX: Record<BenchUnit, string> = { instances: 'inst/s', activities: 'act/s', episodes: 'ep/s' };

interface Column {
  readonly title: string;
  readonly align: 'left' | 'right';
  readonly cell: (row: BenchRow) => string;
}

const COLUMNS: readonly Column[] = [
  { title: 'scenario', align: 'left', cell: (r) => r.label },
  { title: 'provider', align: 'left', cell: (r) => `${r.provider} (${String(r.details['synchronous'] ?? '?').toLowerCase()})` },
  { title: 'C', align: 'right', cell: (r) => String(r.concurrency) },
  { title: 'count', align: 'right', cell: (r) => `${r.count} ${r.unit === 'instances' ? 'inst' : r.unit === 'activities' ? 'act' : 'ep'}` },
  { title: 'throughput', align: 'right', cell: (r) => `${fixed(r.throughput, 1)} ${UNIT_SUFFIX[r.unit]}` },
  { title: 'p50 ms', align: 'right', cell: (r) => fixed(r.latency.p50Ms, 1) },
  { title: 'p99 ms', align: 'right', cell: (r) => fixed(r.latency.p99Ms, 1) },
  { title: 'commits/inst', align: 'right', cell: (r) => fixed(r.commitsPerInstance, 1) },
  { title: 'total s', align: 'right', cell: (r) => fixed(r.elapsedMs / 1000, 2) },
  { title: 'problems', align: 'right', cell: (r) => String(r.instanceProblems.length + r.loggedProblems.length) },
];

function fixed(value: number, digits: number): string {
  return Number.isFinite(value) ? value.toFixed(digits) : '-';
}

function pad(text: string, width: number, align: 'left' | 'right'): string {
  return align === 'left' ? text.padEnd(width) : text.padStart(width);
}

/** The results as a plain-text table, one line per row. */
export function formatTable(rows: readonly BenchRow[]): string {
  const cells = rows.map((row) => COLUMNS.map((c) => c.cell(row)));
  const widths = COLUMNS.map((c, i) => Math.max(c.title.length, ...cells.map((line) => line[i]?.length ?? 0)));
  const line = (texts: readonly string[]): string =>
    COLUMNS.map((c, i) => pad(texts[i] ?? '', widths[i] ?? 0, c.align)).join('  ').trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(COLUMNS.map((c) => c.title)), rule, ...cells.map(line)].join('\n');
}

/** Human-readable lines for every instance problem and logged warning or error, or [] if none. */
export function formatProblems(rows: readonly BenchRow[]): string[] {
  const lines: string[] = [];
  for (const row of rows) {
    for (const p of row.instanceProblems) lines.push(`${row.label}: instance ${p.instanceId} ${p.kind}: ${p.detail}`);
    for (const p of row.loggedProblems) lines.push(`${row.label}: host logged ${p.level} ${p.event}: ${p.message}`);
  }
  return lines;
}
