import { exportHistory, type HistoryEvent, type HistoryExport, type VirtualClock } from 'durable-ts';
import type { Constructor } from '../../src/registry/function-registration';
import type { TestHost } from '../support/test-host';
import { waitFor } from '../support/wait-for';
import { startSampleHost } from '../integration/samples/support/sample-host';

/** Runs `body` on a started test host holding `functions`, then disposes of the host. */
export async function withHost<T>(
  functions: readonly Constructor[],
  body: (t: TestHost) => Promise<T>,
  register: Parameters<typeof startSampleHost>[1] = () => {},
  clock?: VirtualClock,
): Promise<T> {
  const t = await startSampleHost(functions, register, clock);
  try {
    return await body(t);
  } finally {
    await t.dispose();
  }
}

/** The instance's stored history in the export format replay-check reads. */
export async function exported(t: TestHost, instanceId: string): Promise<HistoryExport> {
  const history = await exportHistory(t.host.storage, instanceId);
  if (history === undefined) throw new Error(`no instance ${instanceId} to export`);
  return history;
}

/**
 * Waits for the instance to finish, advancing the virtual clock to each durable timer as it is
 * created (retry back-offs, durable HTTP polling), so a recording never waits in real time.
 */
export async function finishAdvancingTimers(t: TestHost, clock: VirtualClock, instanceId: string): Promise<void> {
  const timers = (history: readonly HistoryEvent[]) => history.flatMap((e) => (e.type === 'TimerCreated' ? [e] : []));
  for (let advanced = 0; ; advanced++) {
    const next = await waitFor(async () => {
      const status = await t.host.client.getStatus(instanceId);
      if (status !== undefined && ['Completed', 'Failed', 'Terminated'].includes(status.runtimeStatus)) return { done: true as const };
      const timer = timers(await t.host.storage.getHistory(instanceId))[advanced];
      return timer !== undefined ? { done: false as const, fireAt: Date.parse(timer.fireAt) } : undefined;
    }, `timer ${advanced + 1} or the end of ${instanceId}`, 20_000);
    if (next.done) return;
    clock.advanceTo(next.fireAt);
  }
}
