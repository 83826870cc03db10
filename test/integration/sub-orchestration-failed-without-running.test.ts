import { afterEach, describe, expect, it } from 'vitest';
import { createTestHost, startTestHost, type TestHost } from '../support/test-host';
import { waitFor } from '../support/wait-for';
import { ParentOfWaitingChild, WaitingChild } from './fixtures/waiting-child-functions';

/**
 * Regression: a child failed without running its code (its orchestrator no longer registered,
 * or its messages poison) after its first episode failed alone, and its parent waited forever.
 */
describe('a sub-orchestration that fails without running its code', () => {
  let hosts: TestHost[] = [];
  afterEach(async () => {
    for (const t of hosts.reverse()) await t.dispose();
    hosts = [];
  });

  /** Starts the parent, waits until the child waits on its event, and stops the host. */
  async function parentWithWaitingChild(): Promise<TestHost> {
    const first = await startTestHost([ParentOfWaitingChild, WaitingChild]);
    hosts.push(first);
    await first.host.client.startNew('ParentOfWaitingChild', { instanceId: 'parent', input: 'child' });
    await waitFor(async () => (await first.host.storage.getHistory('child')).some((e) => e.type === 'OrchestratorCompleted'), 'the child to run its first episode');
    await first.stop();
    return first;
  }

  it('tells its parent when its orchestrator is no longer registered', async () => {
    const first = await parentWithWaitingChild();
    const second = await startTestHost([ParentOfWaitingChild], {}, { dir: first.dir });
    hosts.push(second);
    await second.host.client.raiseEvent('child', 'Go', 1);
    const parent = await second.host.client.waitForCompletion('parent', { timeoutMs: 10_000 });
    expect(parent.output).toEqual({ failed: 'FunctionNotFoundError' });
    expect((await second.host.client.getStatus('child'))?.runtimeStatus).toBe('Failed');
  });

  it('tells its parent when its messages become poison', async () => {
    const first = await parentWithWaitingChild();
    const second = await createTestHost([ParentOfWaitingChild, WaitingChild], { maxDequeueCount: 2 }, { dir: first.dir });
    hosts.push(second);
    await second.host.client.raiseEvent('child', 'Go', 1);
    // Claim the child's event three times without committing, as a worker that crashes each time would.
    for (let attempt = 1; attempt <= 3; attempt++) {
      const now = Date.now();
      const [item] = await second.host.storage.claimOrchestrationWorkItems({ owner: `crashing-${attempt}`, now, leaseMs: 60_000, maxItems: 1 });
      expect(item?.instance.instanceId).toBe('child');
      await second.host.storage.abandonOrchestrationWorkItem(`crashing-${attempt}`, 'child', now);
    }
    await second.host.start();
    const parent = await second.host.client.waitForCompletion('parent', { timeoutMs: 10_000 });
    expect(parent.output).toEqual({ failed: 'PoisonWorkItemError' });
    expect((await second.host.client.getStatus('child'))?.runtimeStatus).toBe('Failed');
  });
});
