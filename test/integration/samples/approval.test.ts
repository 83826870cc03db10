import { afterEach, describe, expect, it } from 'vitest';
import { VirtualClock } from 'durable-ts';
import { ApprovalActivities } from '../../../samples/approval/approval.activities';
import { APPROVAL_SERVICE, LoggingApprovalService } from '../../../samples/approval/approval-service';
import { APPROVAL_EVENT, APPROVAL_TIMEOUT_MS, ApprovalWorkflow } from '../../../samples/approval/approval-workflow.orchestrator';
import { silentLogger, type TestHost } from '../../support/test-host';
import { waitFor } from '../../support/wait-for';
import { historyOf, settle, startSampleHost, waitForEvents } from './support/sample-host';

describe('human interaction sample: ApprovalWorkflow with escalation', () => {
  let t: TestHost | undefined;
  afterEach(async () => {
    await t?.dispose();
    t = undefined;
  });

  /** Starts a workflow and waits until approval was requested and the 72-hour timer runs. */
  async function startWorkflow(clock: VirtualClock): Promise<{ host: TestHost; approvals: LoggingApprovalService; id: string }> {
    const approvals = new LoggingApprovalService(silentLogger);
    t = await startSampleHost([ApprovalWorkflow, ApprovalActivities], (c) => c.registerInstance(APPROVAL_SERVICE, approvals), clock);
    const start = clock.now();
    const id = await t.host.client.startNew('ApprovalWorkflow', { input: 'purchase order 42' });
    const [timer] = await waitForEvents(t, id, 'TimerCreated');
    expect(Date.parse(timer?.fireAt ?? '')).toBe(start + APPROVAL_TIMEOUT_MS);
    expect(approvals.steps).toEqual([{ step: 'requested', subject: 'purchase order 42' }]);
    return { host: t, approvals, id };
  }

  it('processes an approval that arrives in time and cancels the timer', async () => {
    const clock = new VirtualClock();
    const { host, approvals, id } = await startWorkflow(clock);
    clock.advance(APPROVAL_TIMEOUT_MS / 2);
    await host.host.client.raiseEvent(id, APPROVAL_EVENT, true);
    const done = await host.host.client.waitForCompletion(id, { timeoutMs: 10_000 });
    expect(done.output).toBe('approved');
    expect(approvals.steps.slice(1)).toEqual([{ step: 'processed', subject: 'purchase order 42', approved: true }]);

    clock.advance(APPROVAL_TIMEOUT_MS);
    await waitFor(async () => (await host.host.storage.nextVisibleAt('orchestration', 0)) === undefined, 'the timer message to be discarded');
    expect((await historyOf(host, id)).some((e) => e.type === 'TimerFired')).toBe(false);
    expect(approvals.steps.some((s) => s.step === 'escalated')).toBe(false);
  });

  it('processes a rejection the same way', async () => {
    const clock = new VirtualClock();
    const { host, approvals, id } = await startWorkflow(clock);
    // Through the typed handle: the event name and its boolean payload are the declared ones.
    await host.host.client.orchestrations.ApprovalWorkflow.handle(id).raiseEvent(APPROVAL_EVENT, false);
    expect((await host.host.client.waitForCompletion(id, { timeoutMs: 10_000 })).output).toBe('rejected');
    expect(approvals.steps.slice(1)).toEqual([{ step: 'processed', subject: 'purchase order 42', approved: false }]);
  });

  it('escalates when 72 hours pass without a decision, and not before', async () => {
    const clock = new VirtualClock();
    const { host, approvals, id } = await startWorkflow(clock);
    clock.advance(APPROVAL_TIMEOUT_MS - 1);
    await settle(host, id);
    expect((await host.host.client.getStatus(id))?.runtimeStatus).toBe('Running');
    expect(approvals.steps).toHaveLength(1);

    clock.advance(1);
    const done = await host.host.client.waitForCompletion(id, { timeoutMs: 10_000 });
    expect(done.output).toBe('escalated');
    expect(approvals.steps.slice(1)).toEqual([{ step: 'escalated', subject: 'purchase order 42' }]);
    // A decision that comes too late changes nothing.
    await expect(host.host.client.raiseEvent(id, APPROVAL_EVENT, true)).rejects.toMatchObject({ code: 'INSTANCE_NOT_RUNNING' });
  });
});
