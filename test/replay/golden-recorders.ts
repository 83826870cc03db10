import { VirtualClock, exportHistory, type HistoryExport } from 'durable-ts';
import { ApprovalActivities } from '../../samples/approval/approval.activities';
import { APPROVAL_SERVICE, LoggingApprovalService } from '../../samples/approval/approval-service';
import { APPROVAL_EVENT, ApprovalWorkflow } from '../../samples/approval/approval-workflow.orchestrator';
import { Account } from '../../samples/entities/account.entity';
import { TransferFunds } from '../../samples/entities/transfer-funds.orchestrator';
import { Greetings } from '../../samples/hello-sequence/greetings.activities';
import { HelloSequence } from '../../samples/hello-sequence/hello-sequence.orchestrator';
import type { Constructor } from '../../src/registry/function-registration';
import { silentLogger, type TestHost } from '../support/test-host';
import { startSampleHost, waitForEvents } from '../integration/samples/support/sample-host';

/**
 * How each golden history is recorded: a real run of a sample on a test host, exported when it
 * reached the state worth keeping. `UPDATE_GOLDEN=1 npx vitest run test/replay/golden-histories`
 * runs them all again and rewrites test/replay/histories/<name>.json.
 */
export interface GoldenRecorder {
  /** The file name (without .json) and the pattern it covers. */
  readonly name: string;
  readonly functions: readonly Constructor[];
  record(): Promise<HistoryExport>;
}

async function withHost<T>(functions: readonly Constructor[], body: (t: TestHost) => Promise<T>, register: Parameters<typeof startSampleHost>[1] = () => {}, clock?: VirtualClock): Promise<T> {
  const t = await startSampleHost(functions, register, clock);
  try {
    return await body(t);
  } finally {
    await t.dispose();
  }
}

async function exported(t: TestHost, instanceId: string): Promise<HistoryExport> {
  const history = await exportHistory(t.host.storage, instanceId);
  if (history === undefined) throw new Error(`no instance ${instanceId} to export`);
  return history;
}

export const goldenRecorders: readonly GoldenRecorder[] = [
  {
    name: 'activity-sequence.hello-sequence',
    functions: [HelloSequence, Greetings],
    record: () =>
      withHost([HelloSequence, Greetings], async (t) => {
        const id = await t.host.client.startNew('E1_HelloSequence', { instanceId: 'golden-hello' });
        await t.host.client.waitForCompletion(id, { timeoutMs: 20_000 });
        return exported(t, id);
      }),
  },
  {
    name: 'timer-and-event.approval',
    functions: [ApprovalWorkflow, ApprovalActivities],
    record: () => {
      const clock = new VirtualClock(Date.UTC(2026, 0, 1));
      return withHost(
        [ApprovalWorkflow, ApprovalActivities],
        async (t) => {
          const id = await t.host.client.startNew('ApprovalWorkflow', { instanceId: 'golden-approval', input: 'purchase order 42' });
          await waitForEvents(t, id, 'TimerCreated');
          await t.host.client.raiseEvent(id, APPROVAL_EVENT, true);
          await t.host.client.waitForCompletion(id, { timeoutMs: 20_000 });
          return exported(t, id);
        },
        (c) => c.registerInstance(APPROVAL_SERVICE, new LoggingApprovalService(silentLogger)),
        clock,
      );
    },
  },
  {
    name: 'entities-via-orchestration.transfer-funds',
    functions: [TransferFunds, Account],
    record: () =>
      withHost([TransferFunds, Account], async (t) => {
        await t.host.client.signalEntity('@account@alice', 'deposit', 100);
        const id = await t.host.client.startNew('TransferFunds', { instanceId: 'golden-transfer', input: { from: 'alice', to: 'bob', amount: 30 } });
        await t.host.client.waitForCompletion(id, { timeoutMs: 20_000 });
        return exported(t, id);
      }),
  },
];
