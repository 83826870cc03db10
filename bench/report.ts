import type { BenchRow, BenchUnit } from './bench-row';

const UNIT_ABBREVIATION: Record<BenchUnit, string> = { instances: 'inst', activities: 'act', episodes: 'ep', events: 'ev', operations: 'op' };

interface Column {
  readonly title: string;
  readonly align: 'left' | 'right';
  readonly cell: (row: BenchRow) => string;
}

const COLUMNS: readonly Column[] = [
  { title: 'scenario', align: 'left', cell: (r) => r.label },
  { title: 'provider', align: 'left', cell: (r) => `${r.provider} (${String(r.details['synchronous'] ?? '?').toLowerCase()})` },
  { title: 'C', align: 'right', cell: (r) => String(r.concurrency) },
  { title: 'count', align: 'right', cell: (r) => `${r.count} ${UNIT_ABBREVIATION[r.unit]}` },
  { title: 'throughput', align: 'right', cell: (r) => `${fixed(r.throughput, 1)} ${UNIT_ABBREVIATION[r.unit]}/s` },
  { title: 'spread', align: 'right', cell: (r) => (r.spread !== undefined && (r.repeats ?? 1) > 1 ? `${r.repeats}x ±${fixed((r.spread.relative * 100) / 2, 0)}%` : '') },
  { title: 'p50 ms', align: 'right', cell: (r) => fixed(r.latency.p50Ms, 1) },
  { title: 'p99 ms', align: 'right', cell: (r) => fixed(r.latency.p99Ms, 1) },
  { title: 'commits/inst', align: 'right', cell: (r) => fixed(r.commitsPerInstance, 1) },
  { title: 'stmts|trips/inst', align: 'right', cell: (r) => queriesPerInstance(r) },
  { title: 'total s', align: 'right', cell: (r) => fixed(r.elapsedMs / 1000, 2) },
  { title: 'problems', align: 'right', cell: (r) => String(r.instanceProblems.length + r.loggedProblems.length) },
];

/** SQLite statements, or PostgreSQL round trips (marked `rt`), per instance. */
function queriesPerInstance(row: BenchRow): string {
  const cost = row.cost;
  if (cost === undefined) return '';
  if (cost.postgresRoundTrips !== undefined) return `${fixed(cost.postgresRoundTrips, 1)} rt`;
  return fixed(cost.sqliteStatements ?? Number.NaN, 1);
}

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
    const where = `${row.label} (${row.provider})`;
    for (const p of row.instanceProblems) lines.push(`${where}: instance ${p.instanceId} ${p.kind}: ${p.detail}`);
    for (const p of row.loggedProblems) lines.push(`${where}: host logged ${p.level} ${p.event}: ${p.message}`);
  }
  return lines;
}

/** The rows of one scale-out configuration, by workload. */
interface ScaleOutRows {
  hello?: BenchRow;
  fanOut?: BenchRow;
  waiting?: BenchRow;
}

/**
 * The scale-out rows side by side, one line per worker count: orchestrations/s and activities/s
 * of the Hello Sequence loop, activities/s of the fan-outs, each with its speed-up over the
 * first configuration, and how the episodes were spread over the workers. [] without such rows.
 */
export function formatScaleOutSummary(rows: readonly BenchRow[]): string[] {
  const byWorkers = new Map<number, ScaleOutRows>();
  for (const row of rows) {
    if (row.scenario !== 'scale-out') continue;
    const workers = Number(row.details['workers']);
    const entry = byWorkers.get(workers) ?? {};
    if (row.details['workload'] === 'hello-sequence') entry.hello = row;
    else if (row.details['workload'] === 'waiting-fan-out') entry.waiting = row;
    else entry.fanOut = row;
    byWorkers.set(workers, entry);
  }
  if (byWorkers.size === 0) return [];
  const num = (row: BenchRow | undefined, key: string): number => Number(row?.details[key] ?? Number.NaN);
  const entries = [...byWorkers.entries()].sort(([a], [b]) => a - b);
  const [, base] = entries[0] as [number, ScaleOutRows];
  const speedUp = (value: number, reference: number): string => (Number.isFinite(value / reference) ? `${(value / reference).toFixed(2)}x` : '-');
  const share = (row: BenchRow | undefined): string => {
    const value = num(row, 'emptyClaimShare');
    return Number.isFinite(value) ? `${(value * 100).toFixed(0)}% of ${num(row, 'claims')}` : '-';
  };
  const header = [
    'workers',
    'hello orch/s',
    'hello act/s',
    'speed-up',
    'fan-out act/s',
    'speed-up',
    'waiting fan-out act/s',
    'speed-up',
    'hello empty claims',
    'hello episodes per worker',
    'fan-out episodes per worker',
  ];
  const lines = entries.map(([workers, { hello, fanOut, waiting }]) => [
    String(workers),
    fixed(num(hello, 'orchestrationsPerSecond'), 1),
    fixed(num(hello, 'activitiesPerSecond'), 1),
    speedUp(num(hello, 'orchestrationsPerSecond'), num(base.hello, 'orchestrationsPerSecond')),
    fixed(num(fanOut, 'activitiesPerSecond'), 1),
    speedUp(num(fanOut, 'activitiesPerSecond'), num(base.fanOut, 'activitiesPerSecond')),
    fixed(num(waiting, 'activitiesPerSecond'), 1),
    speedUp(num(waiting, 'activitiesPerSecond'), num(base.waiting, 'activitiesPerSecond')),
    share(hello),
    String(hello?.details['episodesPerWorker'] ?? '-'),
    String(fanOut?.details['episodesPerWorker'] ?? '-'),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]?.length ?? 0)));
  const format = (cells: readonly string[]): string => cells.map((c, i) => (i >= 9 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ').trimEnd();
  return [format(header), widths.map((w) => '-'.repeat(w)).join('  '), ...lines.map(format)];
}
