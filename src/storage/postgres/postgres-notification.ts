import { createHash } from 'node:crypto';
import type { StorageChange } from '../storage-provider';

/**
 * Cross-process change notices (LISTEN/NOTIFY). One channel per schema and hub; each notice is
 * `<origin> <change>`, where `<change>` is `orchestration`, `activity` or `instance:<id>` and
 * `<origin>` names the provider that committed, so a provider ignores the notices it sent itself
 * (it has already told its own listeners).
 */

/** NOTIFY payloads must stay under 8000 bytes; a longer notice is not sent (polling covers it). */
const MAX_PAYLOAD_BYTES = 7900;

/** A channel name that is a valid, lower-case identifier under 63 bytes for any schema and hub. */
export function notificationChannel(schema: string, hubName: string): string {
  const digest = createHash('sha256').update(`${schema}\u0000${hubName}`).digest('hex');
  return `durable_${digest.slice(0, 40)}`;
}

export function encodeChanges(origin: string, changes: readonly StorageChange[]): string[] {
  return changes
    .map((change) => `${origin} ${change.kind === 'work' ? change.work : `instance:${change.instanceId}`}`)
    .filter((payload) => Buffer.byteLength(payload, 'utf8') <= MAX_PAYLOAD_BYTES);
}

/** The change a notice announces, or undefined for our own notices and anything unrecognised. */
export function decodeChange(ownOrigin: string, payload: string | undefined): StorageChange | undefined {
  if (payload === undefined) return undefined;
  const space = payload.indexOf(' ');
  if (space <= 0 || payload.slice(0, space) === ownOrigin) return undefined;
  const body = payload.slice(space + 1);
  if (body === 'orchestration' || body === 'activity') return { kind: 'work', work: body };
  if (body.startsWith('instance:') && body.length > 'instance:'.length) {
    return { kind: 'instance', instanceId: body.slice('instance:'.length) };
  }
  return undefined;
}
