import { httpLogs } from '../http/http-logs';
import type { LogEventSpec } from '../model/log-event';
import { orchestrationLogs } from '../orchestration/orchestration-logs';
import { storageLogs } from '../storage/storage-logs';
import { trackingLogs } from '../worker/tracking-logs';
import { workerLogs } from '../worker/worker-logs';
import { hostLogs } from './host-logs';

/** Every catalogue of log events, by layer: the README's table is generated from this list. */
export const LOG_CATALOGUES = {
  host: hostLogs,
  http: httpLogs,
  worker: workerLogs,
  tracking: trackingLogs,
  storage: storageLogs,
  orchestration: orchestrationLogs,
} as const;

/** Every declared event, catalogue by catalogue, in declaration order. */
export function allLogEventSpecs(): readonly LogEventSpec<object>[] {
  return Object.values(LOG_CATALOGUES).flatMap((catalogue) =>
    Object.values(catalogue).map((event: { readonly spec: LogEventSpec<never> }) => event.spec as unknown as LogEventSpec<object>),
  );
}

/** The README's table of log events (Markdown), one row per event. */
export function renderLogEventTable(specs: readonly LogEventSpec<object>[] = allLogEventSpecs()): string {
  const rows = specs.map((spec) => {
    const kinds = spec.fields as Readonly<Record<string, string>>;
    const fields = Object.entries(kinds)
      .map(([name, kind]) => (kind === 'error' ? '`err`' : `\`${name}\``))
      .join(', ');
    return `| \`${spec.name}\` | ${spec.level === 'caller' ? 'the call\'s' : spec.level} | ${fields || '—'} | ${spec.meaning.replace(/\|/g, '\\|')} |`;
  });
  return ['| event | level | fields | meaning |', '| --- | --- | --- | --- |', ...rows].join('\n');
}
