/**
 * Activity inputs are checked when an orchestrator schedules the activity, against the JSON
 * Schema codegen derived from the activity's parameter type: the by-name API
 * (`ctx.callActivity(name, input)`) is beyond TypeScript, so a wrong input used to reach the
 * activity. Now the call throws InputValidationError into the orchestrator's code, naming the
 * activity, the path and the expected type, and nothing is scheduled or stored for it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportHistory, replayCheck, type HistoryEvent, type HistoryExport } from 'durable-ts';
import { generatedRegistrations } from '../../src/registry/generated-registrations';
import { DeviceActivities } from '../../samples/device-provisioning/device.activities';
import { DEVICE_HUB, InMemoryDeviceHub } from '../../samples/device-provisioning/device-hub';
import { createTestHost, silentLogger, type TestHost } from '../support/test-host';
import { byNameCallerFunctions, NotifyDeviceByName } from './fixtures/by-name-activity-callers';

describe('activity inputs checked as they are scheduled', () => {
  let t: TestHost;
  const hub = new InMemoryDeviceHub(silentLogger);
  const scheduled = async (id: string): Promise<string[]> =>
    (await t.host.storage.getHistory(id)).flatMap((e: HistoryEvent) => (e.type === 'TaskScheduled' ? [e.name] : []));

  beforeAll(async () => {
    t = await createTestHost(byNameCallerFunctions);
    t.host.container.registerInstance(DEVICE_HUB, hub);
    await t.host.start();
  });
  afterAll(async () => {
    await t?.dispose();
  });

  it('runs the activity when its input matches the declared type', async () => {
    const id = await t.host.client.startNew('NotifyDeviceByName', { instanceId: 'valid', input: { deviceId: 'lamp-1', packageUrl: 'local://lamp-1.zip' } });
    const done = await t.host.client.waitForCompletion(id, { timeoutMs: 20_000 });
    expect(done.runtimeStatus).toBe('Completed');
    expect(await scheduled(id)).toEqual(['SendPackageUrlToDevice']);
    expect(hub.sent).toEqual([{ deviceId: 'lamp-1', packageUrl: 'local://lamp-1.zip' }]);
  });

  it('fails the orchestrator with INPUT_INVALID naming the activity and the schema problem, scheduling nothing', async () => {
    const id = await t.host.client.startNew('NotifyDeviceByName', { instanceId: 'invalid', input: { deviceId: 'lamp-2' } });
    const done = await t.host.client.waitForCompletion(id, { timeoutMs: 20_000 });
    expect(done.runtimeStatus).toBe('Failed');
    expect(done.failureDetails?.errorType).toBe('InputValidationError');
    expect(done.failureDetails?.message).toContain("the input of activity 'SendPackageUrlToDevice' does not match its declared type at $.packageUrl: a required property is missing");
    expect(await scheduled(id)).toEqual([]);
    expect(hub.sent.map((s) => s.deviceId)).not.toContain('lamp-2');
  });

  it('lets the orchestrator catch the typed error', async () => {
    const id = await t.host.client.startNew('NotifyDeviceCatching', { instanceId: 'caught', input: { deviceId: 7, packageUrl: 'x' } });
    const done = await t.host.client.waitForCompletion(id, { timeoutMs: 20_000 });
    expect(done.runtimeStatus).toBe('Completed');
    expect(done.output).toEqual({ code: 'INPUT_INVALID', message: expect.stringContaining('at $.deviceId: expected string') as unknown });
    expect(await scheduled(id)).toEqual([]);
  });

  it('makes the same checks in replay-check: a history whose input the declared type now refuses is reported', async () => {
    const recorded = (await exportHistory(t.host.storage, 'valid')) as HistoryExport;
    expect(await replayCheck({ functions: byNameCallerFunctions, histories: [recorded] })).toEqual({ checked: 1, mismatches: [], skipped: [] });
    const manifest = { activities: ['CreateInstallationPackage', 'GetNewDeviceIds', 'SendPackageUrlToDevice'], orchestrators: ['NotifyDeviceByName'], entities: [] };
    const narrowed = generatedRegistrations([NotifyDeviceByName, DeviceActivities], manifest, {
      orchestrators: {},
      activities: { SendPackageUrlToDevice: { optional: false, schema: { type: 'string' } } },
      entities: {},
    });
    const report = await replayCheck({ functions: narrowed, histories: [recorded] });
    expect(report.mismatches.map((m) => [m.instanceId, m.step, m.recorded])).toEqual([['valid', 0, 'TaskScheduled SendPackageUrlToDevice']]);
  });
});
