import type { DependencyContainer } from 'tsyringe';
import type { Clock, HistoryEvent } from 'durable-ts';
import type { Constructor } from '../../../../src/registry/function-registration';
import { createTestHost, type TestHost } from '../../../support/test-host';
import { waitFor } from '../../../support/wait-for';

export const MINUTE = 60 * 1000;
export const HOUR = 60 * MINUTE;

/**
 * A started test host whose container holds the test's own services (registered before any
 * work runs), instead of the samples' defaults.
 */
export async function startSampleHost(
  functions: readonly Constructor[],
  register: (container: DependencyContainer) => void,
  clock?: Clock,
): Promise<TestHost> {
  const t = await createTestHost(functions, {}, clock !== undefined ? { clock } : {});
  register(t.host.container);
  await t.host.start();
  return t;
}

export async function historyOf(t: TestHost, instanceId: string): Promise<HistoryEvent[]> {
  return t.host.storage.getHistory(instanceId);
}

/** Waits until the instance's history holds `count` events of `type`; returns them. */
export async function waitForEvents<K extends HistoryEvent['type']>(
  t: TestHost,
  instanceId: string,
  type: K,
  count = 1,
): Promise<Array<Extract<HistoryEvent, { type: K }>>> {
  return waitFor(async () => {
    const events = (await historyOf(t, instanceId)).filter((e): e is Extract<HistoryEvent, { type: K }> => e.type === type);
    return events.length >= count ? events : undefined;
  }, `${count} ${type} event(s) in the history of ${instanceId}`);
}

let barriers = 0;

/**
 * Makes sure the worker has run an episode of the instance at the clock's current time: raises an
 * event nobody waits for and waits until it is in the history. Anything due by now (a timer) was
 * visible to that episode, so when it is still missing afterwards it was really not due.
 */
export async function settle(t: TestHost, instanceId: string): Promise<void> {
  const name = `TestBarrier${++barriers}`;
  await t.host.client.raiseEvent(instanceId, name);
  await waitFor(async () => (await historyOf(t, instanceId)).some((e) => e.type === 'EventRaised' && e.name === name), `${name} to be recorded`);
}
