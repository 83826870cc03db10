import { describe, expect, it } from 'vitest';
import { decodeChanges, encodeChanges, notificationChannel } from '../../../src/storage/postgres/postgres-notification';
import type { StorageChange } from '../../../src/storage/storage-provider';

const instance = (instanceId: string): StorageChange => ({ kind: 'instance', instanceId });
/** What the receiving process sees: the same changes, marked as announced by another process. */
const remote = (changes: readonly StorageChange[]): StorageChange[] => changes.map((change) => ({ ...change, remote: true }));

describe('PostgreSQL change notices', () => {
  it('sends one notice for a transaction whose changes fit, and another process reads them all back', () => {
    const changes: StorageChange[] = [{ kind: 'work', work: 'orchestration' }, { kind: 'work', work: 'activity' }, instance('order 42'), instance('@counter@k1')];
    const payloads = encodeChanges('origin-a', changes);
    expect(payloads).toHaveLength(1);
    expect(payloads.flatMap((p) => decodeChanges('origin-b', p))).toEqual(remote(changes));
  });

  it('ignores its own notices, empty or foreign payloads and unknown lines', () => {
    const [payload] = encodeChanges('origin-a', [instance('x')]);
    expect(decodeChanges('origin-a', payload)).toEqual([]);
    expect(decodeChanges('origin-b', undefined)).toEqual([]);
    expect(decodeChanges('origin-b', '')).toEqual([]);
    expect(decodeChanges('origin-b', 'origin-a\nsomething-else\ninstance:\nactivity')).toEqual([{ kind: 'work', work: 'activity', remote: true }]);
  });

  it('splits many changes over several notices under the 8000-byte limit, losing none', () => {
    const changes = Array.from({ length: 300 }, (_, i) => instance(`instance-${i}-${'x'.repeat(200)}`));
    const payloads = encodeChanges('origin-a', changes);
    expect(payloads.length).toBeGreaterThan(1);
    for (const payload of payloads) expect(Buffer.byteLength(payload, 'utf8')).toBeLessThan(8000);
    expect(payloads.flatMap((p) => decodeChanges('origin-b', p))).toEqual(remote(changes));
  });

  it('drops only a change too long for any notice (polling covers it)', () => {
    const changes = [instance('a'), instance('y'.repeat(8000)), instance('b')];
    expect(encodeChanges('origin-a', changes).flatMap((p) => decodeChanges('origin-b', p))).toEqual(remote([instance('a'), instance('b')]));
  });

  it('names one channel per schema and hub, a valid identifier', () => {
    const channel = notificationChannel('durable', 'MyHub');
    expect(channel).toMatch(/^[a-z_][a-z0-9_]{0,62}$/);
    expect(notificationChannel('durable', 'OtherHub')).not.toBe(channel);
    expect(notificationChannel('other', 'MyHub')).not.toBe(channel);
  });
});
