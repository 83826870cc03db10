import { InvalidArgumentError } from './errors/invalid-argument-error';
import { findMisleadingCharacter, shortened, unusableIdReason } from './misleading-characters';

/** An entity's identity: its (case-insensitive) name and its key. Written `@name@key`. */
export interface EntityId {
  /** Lower-cased: entity names are case-insensitive. */
  readonly name: string;
  readonly key: string;
}

export const MAX_ENTITY_ID_LENGTH = 256;

/** Builds an entity id, checking the name and key (the key by the instance id rules that apply to it). */
export function entityId(name: string, key: string): EntityId {
  if (typeof name !== 'string' || name.length === 0 || name.includes('@')) {
    throw new InvalidArgumentError('entity name', `expected a non-empty name without '@', got ${typeof name === 'string' ? JSON.stringify(shortened(name)) : typeof name}`);
  }
  if (typeof key !== 'string' || key.length === 0) throw new InvalidArgumentError('entity key', `expected a non-empty string, got ${typeof key === 'string' ? '""' : typeof key}`);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f/\\#?]/.test(key)) throw new InvalidArgumentError('entity key', "it contains a control character or one of '/', '\\', '#', '?'");
  const unusable = unusableIdReason(key);
  if (unusable !== undefined) throw new InvalidArgumentError('entity key', unusable);
  const misleading = findMisleadingCharacter(key);
  if (misleading !== undefined) {
    throw new InvalidArgumentError('entity key', `it contains ${misleading.codePoint} at position ${misleading.index}, a bidirectional or zero-width character`);
  }
  const id = { name: name.toLowerCase(), key };
  if (formatEntityId(id).length > MAX_ENTITY_ID_LENGTH) throw new InvalidArgumentError('entity id', `'@name@key' is longer than ${MAX_ENTITY_ID_LENGTH} characters`);
  return id;
}

/** The instance id an entity is stored under: `@name@key`. */
export function formatEntityId(id: EntityId): string {
  return `@${id.name}@${id.key}`;
}

/** Reads `@name@key` (or an EntityId object) back; throws InvalidArgumentError for anything else. */
export function parseEntityId(value: string | EntityId): EntityId {
  if (typeof value !== 'string') return entityId(value.name, value.key);
  const match = /^@([^@]+)@(.+)$/s.exec(value);
  if (match === null) throw new InvalidArgumentError('entity id', `expected '@name@key', got ${JSON.stringify(shortened(value))}`);
  return entityId(match[1] as string, match[2] as string);
}

/** True for instance ids that belong to entities. */
export function isEntityInstanceId(instanceId: string): boolean {
  return instanceId.startsWith('@');
}
