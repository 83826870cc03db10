import { afterEach, describe, expect, it } from 'vitest';
import { isDurableError } from 'durable-ts';
import { sampleFunctions } from '../../samples/functions';
import { createTestHost, startTestHost, type TestHost } from '../support/test-host';
import { CatchingOrchestrator, ErrorActivities, FailingOrchestrator } from './fixtures/error-functions';

describe('instance management: query, purge, restart', () => {
  let t: TestHost | undefined;
  afterEach(async () => {
    await t?.dispose();
    t = undefined;
  });

  async function completed(n: number, prefix: string): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) ids.push(await t!.host.client.startNew('E1_HelloSequence', { instanceId: `${prefix}${i}` }));
    for (const id of ids) await t!.host.client.waitForCompletion(id, { timeoutMs: 20_000 });
    return ids;
  }

  it('lists instances page by page with filters', async () => {
    t = await startTestHost([...sampleFunctions, ErrorActivities, CatchingOrchestrator, FailingOrchestrator]);
    await completed(5, 'hello-');
    const failed = await t.host.client.startNew('FailingOrchestrator', { instanceId: 'bad-1', input: 'unicorn' });
    await t.host.client.waitForCompletion(failed, { timeoutMs: 20_000 });
    const first = await t.host.client.getStatusBy({ instanceIdPrefix: 'hello-', pageSize: 2 });
    expect(first.instances.map((s) => s.instanceId)).toEqual(['hello-0', 'hello-1']);
    const rest = await t.host.client.getStatusBy({ instanceIdPrefix: 'hello-', pageSize: 10, continuationToken: first.continuationToken });
    expect(rest.instances.map((s) => s.instanceId)).toEqual(['hello-2', 'hello-3', 'hello-4']);
    expect(rest.continuationToken).toBeUndefined();
    const failures = await t.host.client.getStatusBy({ runtimeStatus: ['Failed'] });
    expect(failures.instances.map((s) => [s.instanceId, s.runtimeStatus])).toEqual([['bad-1', 'Failed']]);
    await expect(t.host.client.getStatusBy({ runtimeStatus: ['Done' as never] })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('purges one finished instance, refuses a live one, and purges by filter with a count', async () => {
    t = await startTestHost(sampleFunctions);
    const [a, b, c] = await completed(3, 'p-');
    expect(await t.host.client.purgeInstanceHistory(a!)).toEqual({ instancesDeleted: 1 });
    expect(await t.host.client.getStatus(a!)).toBeUndefined();
    const missing = await t.host.client.purgeInstanceHistory(a!).catch((e: unknown) => e);
    expect(isDurableError(missing) && missing.code).toBe('INSTANCE_NOT_FOUND');
    await t.host.stop();
    const paused = await createTestHost(sampleFunctions, {}, { dir: t.dir });
    const live = await paused.host.client.startNew('E1_HelloSequence', { instanceId: 'p-live' });
    const refused = await paused.host.client.purgeInstanceHistory(live).catch((e: unknown) => e);
    expect(isDurableError(refused) && refused.code).toBe('INSTANCE_STILL_RUNNING');
    expect(await paused.host.client.purgeInstanceHistoryBy({ runtimeStatus: ['Completed', 'Pending'] })).toEqual({ instancesDeleted: 2 });
    expect(await paused.host.client.getStatus(b!)).toBeUndefined();
    expect(await paused.host.client.getStatus(c!)).toBeUndefined();
    expect((await paused.host.client.getStatus('p-live'))?.runtimeStatus).toBe('Pending');
    await paused.host.stop();
  });

  it('restarts an instance with its input under a new id, or under the same id once finished', async () => {
    t = await startTestHost(sampleFunctions);
    const id = await t.host.client.startNew('E1_HelloSequence', { instanceId: 'orig', input: { note: 'x' } });
    await t.host.client.waitForCompletion(id, { timeoutMs: 20_000 });
    const copy = await t.host.client.restart(id);
    expect(copy).not.toBe(id);
    const restarted = await t.host.client.waitForCompletion(copy, { timeoutMs: 20_000 });
    expect(restarted).toMatchObject({ name: 'E1_HelloSequence', input: { note: 'x' }, runtimeStatus: 'Completed' });
    expect(await t.host.client.restart(id, { newInstanceId: false })).toBe(id);
    expect((await t.host.client.waitForCompletion(id, { timeoutMs: 20_000 })).runtimeStatus).toBe('Completed');
    await expect(t.host.client.restart('never-was')).rejects.toMatchObject({ code: 'INSTANCE_NOT_FOUND' });
  });
});
