import { VirtualClock, type HistoryExport } from 'durable-ts';
import { ApprovalActivities } from '../../samples/approval/approval.activities';
import { APPROVAL_SERVICE, LoggingApprovalService } from '../../samples/approval/approval-service';
import { APPROVAL_EVENT, ApprovalWorkflow } from '../../samples/approval/approval-workflow.orchestrator';
import { DeviceActivities } from '../../samples/device-provisioning/device.activities';
import { DEVICE_HUB, InMemoryDeviceHub } from '../../samples/device-provisioning/device-hub';
import { DeviceProvisioningOrchestration } from '../../samples/device-provisioning/device-provisioning.orchestrator';
import { ProvisionNewDevices } from '../../samples/device-provisioning/provision-new-devices.orchestrator';
import { CleanupActivities } from '../../samples/periodic-cleanup/cleanup.activities';
import { PeriodicCleanupLoop } from '../../samples/periodic-cleanup/periodic-cleanup-loop.orchestrator';
import { Account } from '../../samples/entities/account.entity';
import { TransferFunds } from '../../samples/entities/transfer-funds.orchestrator';
import { Greetings } from '../../samples/hello-sequence/greetings.activities';
import { HelloSequence } from '../../samples/hello-sequence/hello-sequence.orchestrator';
import type { Constructor } from '../../src/registry/function-registration';
import { silentLogger } from '../support/test-host';
import { waitForEvents } from '../integration/samples/support/sample-host';
import { HttpCaller } from '../integration/durable-http/http-functions';
import { sendJson, startLocalServer } from '../integration/durable-http/local-http-server';
import { attempts, FlakyActivities, RetryingOrchestrator, type RetryRequest } from '../integration/fixtures/retry-functions';
import { waitFor } from '../support/wait-for';
import { exported, finishAdvancingTimers, withHost } from './golden-recording';

/**
 * How each golden history is recorded: a real run of a sample on a test host, exported when it
 * reached the state worth keeping. `UPDATE_GOLDEN=1 npx vitest run test/replay/golden-histories`
 * runs them all again and rewrites test/replay/histories/<name>.json.
 */
export interface GoldenRecorder {
  /** The file name (without .json) and the pattern it covers. */
  readonly name: string;
  readonly functions: readonly Constructor[];
  /** The histories to keep: one instance's, or several (a parent and its children, generations). */
  record(): Promise<readonly HistoryExport[]>;
}

export const goldenRecorders: readonly GoldenRecorder[] = [
  {
    name: 'activity-sequence.hello-sequence',
    functions: [HelloSequence, Greetings],
    record: () =>
      withHost([HelloSequence, Greetings], async (t) => {
        const id = await t.host.client.startNew('E1_HelloSequence', { instanceId: 'golden-hello' });
        await t.host.client.waitForCompletion(id, { timeoutMs: 20_000 });
        return [await exported(t, id)];
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
          return [await exported(t, id)];
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
        return [await exported(t, id)];
      }),
  },
  {
    name: 'sub-orchestrations.device-provisioning',
    functions: [ProvisionNewDevices, DeviceProvisioningOrchestration, DeviceActivities],
    record: () => {
      const devices = ['thermostat-01', 'camera-02'];
      const hub = new InMemoryDeviceHub(silentLogger).withNewDevices(devices);
      return withHost(
        [ProvisionNewDevices, DeviceProvisioningOrchestration, DeviceActivities],
        async (t) => {
          const id = await t.host.client.startNew('ProvisionNewDevices', { instanceId: 'golden-provision' });
          await t.host.client.waitForCompletion(id, { timeoutMs: 20_000 });
          // The parent and each child: a child's history is replayed against the child's code.
          return Promise.all([id, ...devices.map((d) => `${id}:${d}`)].map((i) => exported(t, i)));
        },
        (c) => c.registerInstance(DEVICE_HUB, hub),
      );
    },
  },
  {
    name: 'retries.flaky-activity',
    functions: [RetryingOrchestrator, FlakyActivities],
    record: () => {
      const clock = new VirtualClock(Date.UTC(2026, 0, 1));
      attempts.delete('golden-retry');
      const input: RetryRequest = { flaky: { key: 'golden-retry', failures: 2 }, retry: { firstRetryIntervalMs: 1000, backoffCoefficient: 2, maxNumberOfAttempts: 4 } };
      return withHost(
        [RetryingOrchestrator, FlakyActivities],
        async (t) => {
          const id = await t.host.client.startNew('RetryingOrchestrator', { instanceId: 'golden-retry', input });
          await finishAdvancingTimers(t, clock, id);
          return [await exported(t, id)];
        },
        () => {},
        clock,
      );
    },
  },
  {
    name: 'continue-as-new.periodic-cleanup',
    functions: [PeriodicCleanupLoop, CleanupActivities],
    record: () => {
      const clock = new VirtualClock(Date.UTC(2026, 0, 1));
      return withHost(
        [PeriodicCleanupLoop, CleanupActivities],
        async (t) => {
          const id = await t.host.client.startNew('Periodic_Cleanup_Loop', { instanceId: 'golden-cleanup' });
          // The hub keeps only the current generation: record the first while it sleeps, then
          // let its timer fire and record the generation it continued as.
          const [timer] = await waitForEvents(t, id, 'TimerCreated');
          const first = await exported(t, id);
          if (timer === undefined) throw new Error('no cleanup timer');
          clock.advanceTo(Date.parse(timer.fireAt));
          const started = (e: HistoryExport) => e.history.find((h) => h.type === 'ExecutionStarted');
          const second = await waitFor(async () => {
            const current = await exported(t, id);
            const fresh = JSON.stringify(started(current)) !== JSON.stringify(started(first));
            return fresh && current.history.some((h) => h.type === 'TimerCreated') ? current : undefined;
          }, 'the next generation to sleep on its timer', 20_000);
          return [first, second];
        },
        () => {},
        clock,
      );
    },
  },
  {
    name: 'durable-http.async-job',
    functions: [HttpCaller],
    record: async () => {
      const clock = new VirtualClock(Date.UTC(2026, 0, 1));
      // A local server (no network): POST starts a job answered 202 + Location; the first poll
      // is 202 again, the second 200.
      let polls = 0;
      const server = await startLocalServer((req, res) => {
        if (req.method === 'POST' && req.path === '/jobs') res.writeHead(202, { location: '/jobs/1', 'retry-after': '2' }).end();
        else if (req.method === 'GET' && req.path === '/jobs/1' && ++polls === 1) res.writeHead(202, { location: '/jobs/1', 'retry-after': '3' }).end();
        else if (req.method === 'GET' && req.path === '/jobs/1') sendJson(res, 200, { done: true });
        else sendJson(res, 404, { path: req.path });
      });
      try {
        return await withHost(
          [HttpCaller],
          async (t) => {
            const id = await t.host.client.startNew('HttpCaller', { instanceId: 'golden-http', input: { method: 'POST', url: `${server.url}/jobs`, body: { job: 'report' } } });
            await finishAdvancingTimers(t, clock, id);
            return [await exported(t, id)];
          },
          () => {},
          clock,
        );
      } finally {
        await server.close();
      }
    },
  },
];
