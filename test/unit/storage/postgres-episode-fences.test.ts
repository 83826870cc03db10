import { describe, expect, it } from 'vitest';
import type { RuntimeStatus } from '../../../src/model/runtime-status';
import { fenceEpisodes, type InstanceFence } from '../../../src/storage/postgres/postgres-episode-fences';
import type { EpisodeCommit, NewChildInstance } from '../../../src/storage/storage-records';

const T0 = 1_700_000_000_000;

function fence(status: RuntimeStatus, historyLength = 2, lockedBy: string | null = 'w', executionId = 'e1'): InstanceFence {
  return { lockedBy, lockExpiresAt: lockedBy === null ? null : T0 + 30_000, historyLength, executionId, status };
}

function episode(instanceId: string, overrides: Partial<EpisodeCommit> = {}): EpisodeCommit {
  return {
    instanceId,
    executionId: 'e1',
    expectedHistoryLength: 2,
    consumedMessageIds: [],
    newHistory: [{ type: 'OrchestratorStarted', eventId: -1, timestamp: new Date(T0).toISOString() }],
    update: { runtimeStatus: 'Running', lastUpdatedAt: T0 },
    activities: [],
    messages: [],
    ...overrides,
  };
}

function child(instanceId: string): NewChildInstance {
  return {
    instanceId,
    executionId: 'e2',
    name: 'Child',
    createdAt: T0,
    startEvent: { type: 'ExecutionStarted', eventId: -1, timestamp: new Date(T0).toISOString(), name: 'Child', instanceId, executionId: 'e2' },
  };
}

describe('fencing a batch of PostgreSQL episodes in memory', () => {
  it('refuses a foreign lease, a moved history length, another execution and a missing row', () => {
    const fences = new Map([
      ['a', fence('Running')],
      ['b', fence('Running', 2, 'someone-else')],
      ['c', fence('Running', 5)],
      ['d', fence('Running', 2, 'w', 'e0')],
    ]);
    const { outcomes, committed } = fenceEpisodes(fences, 'w', ['a', 'b', 'c', 'd', 'missing'].map((id) => episode(id)));
    expect(outcomes).toEqual(['committed', 'lease-lost', 'lease-lost', 'lease-lost', 'lease-lost']);
    expect(committed.map((e) => [e.commit.instanceId, e.firstSeq])).toEqual([['a', 2]]);
  });

  it('releases the lease with the first episode of an instance, so a second one is lease-lost', () => {
    const fences = new Map([['a', fence('Running')]]);
    expect(fenceEpisodes(fences, 'w', [episode('a'), episode('a', { expectedHistoryLength: 3 })]).outcomes).toEqual(['committed', 'lease-lost']);
    expect(fences.get('a')).toEqual({ lockedBy: null, lockExpiresAt: null, historyLength: 3, executionId: 'e1', status: 'Running' });
  });

  it('foresees child starts: a finished instance of the batch is replaced (its own episode then lease-lost), a live one conflicts', () => {
    const fences = new Map([
      ['p', fence('Running')],
      ['done', fence('Completed')],
      ['live', fence('Suspended')],
    ]);
    const { outcomes, committed } = fenceEpisodes(fences, 'w', [
      episode('p', { newInstances: [child('done'), child('live'), child('elsewhere')] }),
      episode('done'),
      episode('live'),
    ]);
    expect(outcomes).toEqual(['committed', 'lease-lost', 'committed']);
    expect(committed[0]?.placements).toEqual(['placed', 'conflict', 'unknown']);
    expect(fences.get('done')).toEqual({ lockedBy: null, lockExpiresAt: null, historyLength: 0, executionId: 'e2', status: 'Pending' });
  });

  it('sees an instance finished earlier in the batch as replaceable, and continue-as-new as a new execution', () => {
    const fences = new Map([
      ['x', fence('Running')],
      ['p', fence('Running')],
    ]);
    const continueAsNew = { executionId: 'e9', startEvent: child('p').startEvent, carriedEvents: [] };
    const { committed } = fenceEpisodes(fences, 'w', [
      episode('x', { update: { runtimeStatus: 'Failed', lastUpdatedAt: T0 } }),
      episode('p', { newInstances: [child('x')], continueAsNew }),
    ]);
    expect(committed[1]?.placements).toEqual(['placed']);
    expect(fences.get('p')).toEqual({ lockedBy: null, lockExpiresAt: null, historyLength: 0, executionId: 'e9', status: 'Running' });
  });
});
