import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { sampleFunctions } from '../../samples/functions';
import { startTestHost, type TestHost } from '../support/test-host';

describe('Hello Sequence end to end', () => {
  let t: TestHost;
  beforeEach(async () => {
    t = await startTestHost(sampleFunctions);
  });
  afterEach(async () => {
    await t.dispose();
  });

  it('completes with the three greetings, its custom status and a Durable Task history', async () => {
    const id = await t.host.client.startNew('E1_HelloSequence', { instanceId: 'hello-1' });
    expect(id).toBe('hello-1');
    const done = await t.host.client.waitForCompletion(id, { timeoutMs: 20_000 });
    expect(done.runtimeStatus).toBe('Completed');
    expect(done.output).toEqual(['Hello Tokyo!', 'Hello Seattle!', 'Hello London!']);
    expect(done.customStatus).toBe('Tokyo');
    const status = await t.host.client.getStatus(id, { showHistory: true, showHistoryOutput: true });
    const types = status?.historyEvents?.map((e) => e.type) ?? [];
    expect(types.filter((x) => x === 'TaskScheduled')).toHaveLength(3);
    expect(types.filter((x) => x === 'TaskCompleted')).toHaveLength(3);
    expect(types[1]).toBe('ExecutionStarted');
    expect(types).toContain('ExecutionCompleted');
    expect(status?.createdTime.getTime()).toBeLessThanOrEqual(status?.lastUpdatedTime.getTime() ?? 0);
  });

  it('waits for completion reading the instance at the start and once it has finished, not after every episode', async () => {
    const reads = vi.spyOn(t.host.storage, 'getInstance');
    const id = await t.host.client.startNew('E1_HelloSequence');
    const done = await t.host.client.waitForCompletion(id, { timeoutMs: 20_000 });
    expect(done.runtimeStatus).toBe('Completed');
    // Four episodes commit; the three that leave the instance running are announced with their status.
    expect(reads.mock.calls.length).toBeLessThanOrEqual(2);
  });

  it('hides history payloads unless showHistoryOutput is set', async () => {
    const id = await t.host.client.startNew('E1_HelloSequence');
    await t.host.client.waitForCompletion(id, { timeoutMs: 20_000 });
    const status = await t.host.client.getStatus(id, { showHistory: true });
    const completed = status?.historyEvents?.find((e) => e.type === 'TaskCompleted');
    expect(completed).toBeDefined();
    expect(completed && 'result' in completed).toBe(false);
  });
});
