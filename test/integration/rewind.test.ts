import { afterEach, describe, expect, it } from 'vitest';
import { isDurableError } from 'durable-ts';
import { startTestHost, type TestHost } from '../support/test-host';
import { rewindFunctions, world } from './fixtures/rewind-functions';

describe('rewind', () => {
  let t: TestHost | undefined;
  afterEach(async () => {
    await t?.dispose();
    t = undefined;
  });

  it('re-runs the failed work of a Failed instance once the cause is fixed, keeping the steps that succeeded', async () => {
    world.broken = true;
    world.calls.clear();
    t = await startTestHost(rewindFunctions);
    const id = await t.host.client.startNew('FixableFlow');
    const failed = await t.host.client.waitForCompletion(id, { timeoutMs: 20_000 });
    expect(failed.runtimeStatus).toBe('Failed');
    world.broken = false;
    await t.host.client.rewind(id, 'service is back');
    const done = await t.host.client.waitForCompletion(id, { timeoutMs: 20_000 });
    expect(done.runtimeStatus).toBe('Completed');
    expect(done.output).toEqual(['sturdy ok', 'fragile ok']);
    expect(done.failureDetails).toBeUndefined();
    expect(world.calls.get('sturdy')).toBe(1);
    expect(world.calls.get('fragile')).toBe(2);
    const history = await t.host.storage.getHistory(id);
    expect(history.filter((e) => e.type === 'TaskFailed')).toHaveLength(0);
    expect(history.filter((e) => e.type === 'ExecutionRewound')).toHaveLength(1);
    expect(history.filter((e) => e.type === 'ExecutionCompleted')).toHaveLength(1);
  });

  it('rewinds the failed sub-orchestration behind a failed parent', async () => {
    world.broken = true;
    world.calls.clear();
    t = await startTestHost(rewindFunctions);
    const id = await t.host.client.startNew('FixableParent', { instanceId: 'fp' });
    expect((await t.host.client.waitForCompletion(id, { timeoutMs: 20_000 })).runtimeStatus).toBe('Failed');
    expect((await t.host.client.getStatus('fp-child'))?.runtimeStatus).toBe('Failed');
    world.broken = false;
    await t.host.client.rewind(id);
    const done = await t.host.client.waitForCompletion(id, { timeoutMs: 20_000 });
    expect(done.output).toEqual(['parent-step ok', ['sturdy ok', 'fragile ok']]);
    expect((await t.host.client.getStatus('fp-child'))?.runtimeStatus).toBe('Completed');
    expect(world.calls.get('parent-step')).toBe(1);
  });

  it('refuses instances that are not Failed, naming the status', async () => {
    world.broken = false;
    t = await startTestHost(rewindFunctions);
    const id = await t.host.client.startNew('FixableFlow');
    await t.host.client.waitForCompletion(id, { timeoutMs: 20_000 });
    const error = await t.host.client.rewind(id).catch((e: unknown) => e);
    expect(isDurableError(error) && error.code).toBe('INSTANCE_NOT_FAILED');
    expect((error as Error).message).toContain('Completed');
    await expect(t.host.client.rewind('nobody')).rejects.toMatchObject({ code: 'INSTANCE_NOT_FOUND' });
  });
});
