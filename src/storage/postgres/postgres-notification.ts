import { createHash } from 'node:crypto';
import pg from 'pg';
import type { StorageChange } from '../storage-provider';

/**
 * Cross-process change notices (LISTEN/NOTIFY). One channel per schema and hub. A transaction
 * sends as few notices as its changes fit in: each is `<origin>` followed by one change per line
 * (`orchestration`, `activity` or `instance:<id>`; ids never contain control characters), where
 * `<origin>` names the provider that committed, so a provider ignores the notices it sent itself
 * (it has already told its own listeners). Fewer, fuller notices keep the server's notification
 * queue short when many workers commit at once.
 */

/** NOTIFY payloads must stay under 8000 bytes; a change too long for one is not sent (polling covers it). */
const MAX_PAYLOAD_BYTES = 7900;

/** A channel name that is a valid, lower-case identifier under 63 bytes for any schema and hub. */
export function notificationChannel(schema: string, hubName: string): string {
  const digest = createHash('sha256').update(`${schema}\u0000${hubName}`).digest('hex');
  return `durable_${digest.slice(0, 40)}`;
}

export function encodeChanges(origin: string, changes: readonly StorageChange[]): string[] {
  const payloads: string[] = [];
  let current = origin;
  let bytes = Buffer.byteLength(origin, 'utf8');
  for (const change of changes) {
    const line = change.kind === 'work' ? change.work : `instance:${change.instanceId}`;
    const lineBytes = Buffer.byteLength(line, 'utf8') + 1;
    if (bytes + lineBytes > MAX_PAYLOAD_BYTES) {
      if (current !== origin) payloads.push(current);
      current = origin;
      bytes = Buffer.byteLength(origin, 'utf8');
      if (bytes + lineBytes > MAX_PAYLOAD_BYTES) continue;
    }
    current += `\n${line}`;
    bytes += lineBytes;
  }
  if (current !== origin) payloads.push(current);
  return payloads;
}

/**
 * One statement without parameters that sends `payloads` on `channel`, to go out in one query with
 * COMMIT (see PipelinedTransaction); undefined when there is nothing to send. Both are quoted as
 * literals, so any payload text is safe.
 */
export function noticeSql(channel: string, payloads: readonly string[]): string | undefined {
  if (payloads.length === 0) return undefined;
  const quotedChannel = pg.escapeLiteral(channel);
  return `SELECT ${payloads.map((payload) => `pg_notify(${quotedChannel}, ${pg.escapeLiteral(payload)})`).join(', ')}`;
}

/** The changes a notice announces, marked remote: none for our own notices; unrecognised lines are skipped. */
export function decodeChanges(ownOrigin: string, payload: string | undefined): StorageChange[] {
  if (payload === undefined) return [];
  const [origin, ...lines] = payload.split('\n');
  if (origin === undefined || origin === '' || origin === ownOrigin) return [];
  return lines.flatMap((line): StorageChange[] => {
    if (line === 'orchestration' || line === 'activity') return [{ kind: 'work', work: line, remote: true }];
    if (line.startsWith('instance:') && line.length > 'instance:'.length) {
      return [{ kind: 'instance', instanceId: line.slice('instance:'.length), remote: true }];
    }
    return [];
  });
}
