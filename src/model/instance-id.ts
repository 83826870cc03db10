import { InvalidInstanceIdError } from './errors/invalid-instance-id-error';
import { findMisleadingCharacter, unusableIdReason } from './misleading-characters';

export const MAX_INSTANCE_ID_LENGTH = 256;
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[/\\#?\u0000-\u001f\u007f-\u009f]/;

/** Throws InvalidInstanceIdError unless `id` follows the documented instance id rules. */
export function assertValidInstanceId(id: unknown): asserts id is string {
  if (typeof id !== 'string') throw new InvalidInstanceIdError(id, `expected a string, got ${typeof id}`);
  if (id.length === 0) throw new InvalidInstanceIdError(id, 'it is empty');
  if (id.length > MAX_INSTANCE_ID_LENGTH) {
    throw new InvalidInstanceIdError(id, `it is longer than ${MAX_INSTANCE_ID_LENGTH} characters (${id.length})`);
  }
  if (id.startsWith('@')) throw new InvalidInstanceIdError(id, "it starts with '@' (reserved for entity ids)");
  const unusable = unusableIdReason(id);
  if (unusable !== undefined) throw new InvalidInstanceIdError(id, unusable);
  const bad = FORBIDDEN.exec(id);
  if (bad) {
    const ch = bad[0];
    const shown = ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) >= 0x7f ? `U+${ch.charCodeAt(0).toString(16).padStart(4, '0')}` : `'${ch}'`;
    throw new InvalidInstanceIdError(id, `it contains ${shown} at position ${bad.index}`);
  }
  const misleading = findMisleadingCharacter(id);
  if (misleading !== undefined) {
    throw new InvalidInstanceIdError(id, `it contains ${misleading.codePoint} at position ${misleading.index}, a bidirectional or zero-width character`);
  }
}

/**
 * Whether a start may reuse the id of an existing instance: 'finished' (as Durable Functions)
 * replaces a Completed, Failed or Terminated instance; 'never' refuses any existing id.
 */
export type InstanceIdReuse = 'finished' | 'never';
