import { afterEach, describe, expect, it } from 'vitest';
import { VirtualClock } from 'durable-ts';
import { sampleFunctions } from '../../../samples/functions';
import { startTestHost, type TestHost } from '../../support/test-host';
import { waitFor } from '../../support/wait-for';
import { entityTestFunctions } from './fixtures';

describe('entity calls, failures, critical sections and scheduled signals', () => {
  let t: TestHost | undefined;
  afterEach(async () => {
    await t?.dispose();
    t = undefined;
  });

  it('returns results to calls and rolls back a failed operation while the batch goes on', async () => {
    t = await startTestHost(entityTestFunctions);
    const id = await t.host.client.startNew('LedgerCall');
    const done = await t.host.client.waitForCompletion(id, { timeoutMs: 20_000 });
    expect(done.output).toEqual({
      first: 1,
      failure: { code: 'ENTITY_OPERATION_FAILED', message: expect.stringContaining('RangeError: cannot take two') },
      third: 2,
    });
    expect((await t.host.client.readEntityState('@ledger@calls')).entityState).toEqual({ entries: ['one', 'three'] });
  });

  it.each([
    ['nested', 'no-nested-critical-sections'],
    ['sub-orchestration', 'no-sub-orchestrations-in-critical-section'],
    ['call-unlocked', 'call-only-locked-entities'],
    ['parallel-calls', 'no-parallel-calls-to-one-entity'],
    ['signal-locked', 'signal-only-unlocked-entities'],
  ])('detects the %s violation as LockingRulesViolationError naming the rule', async (scenario, rule) => {
    t = await startTestHost(entityTestFunctions);
    const id = await t.host.client.startNew('BreakLockingRule', { input: scenario });
    const done = await t.host.client.waitForCompletion(id, { timeoutMs: 20_000 });
    expect(done.output).toMatch(new RegExp(`^LOCKING_RULES_VIOLATION: Locking rule '${rule}'`));
    // The section was released: the entities can be locked again.
    const again = await t.host.client.startNew('UseLock', { input: 'a' });
    expect((await t.host.client.waitForCompletion(again, { timeoutMs: 20_000 })).runtimeStatus).toBe('Completed');
  });

  it('releases the locks of a terminated orchestration', async () => {
    t = await startTestHost(entityTestFunctions);
    const holder = await t.host.client.startNew('HoldLock', { input: 'held' });
    await waitFor(async () => (await t!.host.storage.getHistory(holder)).some((e) => e.type === 'EntityLockGranted'), 'the lock to be granted');
    const waiting = await t.host.client.startNew('UseLock', { input: 'held' });
    await waitFor(async () => (await t!.host.storage.getHistory(waiting)).some((e) => e.type === 'EventSent'), 'the second lock request');
    expect((await t.host.client.getStatus(waiting))?.runtimeStatus).toBe('Running');
    await t.host.client.terminate(holder, 'stop holding');
    const done = await t.host.client.waitForCompletion(waiting, { timeoutMs: 20_000 });
    expect(done.output).toBe(1);
  });

  it('fires a scheduled signal at its time on the virtual clock and not before', async () => {
    const clock = new VirtualClock();
    t = await startTestHost(sampleFunctions, {}, { clock });
    const due = new Date(clock.now() + 60 * 60 * 1000);
    await t.host.client.signalEntity('@counter@later', 'add', 7, { scheduledTime: due });
    clock.advance(60 * 60 * 1000 - 1);
    expect(await t.host.storage.nextVisibleAt('orchestration', clock.now())).toBe(due.getTime());
    expect((await t.host.client.readEntityState('@counter@later')).entityExists).toBe(false);
    clock.advance(1);
    const state = await waitFor(async () => {
      const s = await t!.host.client.readEntityState<{ value: number }>('@counter@later');
      return s.entityExists ? s : undefined;
    }, 'the scheduled signal');
    expect(state.entityState).toEqual({ value: 7 });
  });

  it('cleans up entities with no state and releases locks of orchestrations that are gone', async () => {
    t = await startTestHost(entityTestFunctions);
    const client = t.host.client;
    await client.signalEntity('@ledger@empty', 'append', 'x');
    await client.signalEntity('@ledger@empty', 'delete');
    await waitFor(async () => {
      const page = await t!.host.storage.queryInstances({ kind: 'entities', pageSize: 10 });
      const row = page.instances.find((r) => r.instanceId === '@ledger@empty');
      return row?.entityState !== undefined && !JSON.parse(row.entityState).exists && (await t!.host.storage.nextVisibleAt('orchestration', 0)) === undefined;
    }, 'the delete to run');
    const result = await client.cleanEntityStorage({ removeEmptyEntities: true, releaseOrphanedLocks: true });
    expect(result).toEqual({ numberOfEmptyEntitiesRemoved: 1, numberOfOrphanedLocksRemoved: 0 });
    expect((await t.host.storage.queryInstances({ kind: 'entities', pageSize: 10 })).instances.map((r) => r.instanceId)).not.toContain('@ledger@empty');
  });
});
