import { afterEach, describe, expect, it } from 'vitest';
import { DeviceActivities } from '../../../samples/device-provisioning/device.activities';
import { DEVICE_HUB, InMemoryDeviceHub } from '../../../samples/device-provisioning/device-hub';
import { DeviceProvisioningOrchestration } from '../../../samples/device-provisioning/device-provisioning.orchestrator';
import { ProvisionNewDevices, type ProvisioningSummary } from '../../../samples/device-provisioning/provision-new-devices.orchestrator';
import { silentLogger, type TestHost } from '../../support/test-host';
import { historyOf, startSampleHost } from './support/sample-host';

const devices = ['sensor-1', 'sensor-2', 'sensor-3'];
const packageUrl = (deviceId: string): string => `local://packages/${deviceId}.zip`;

describe('sub-orchestration sample: ProvisionNewDevices', () => {
  let t: TestHost | undefined;
  afterEach(async () => {
    await t?.dispose();
    t = undefined;
  });

  async function provision(hub: InMemoryDeviceHub, instanceId: string): Promise<TestHost> {
    t = await startSampleHost([ProvisionNewDevices, DeviceProvisioningOrchestration, DeviceActivities], (c) => c.registerInstance(DEVICE_HUB, hub));
    await t.host.client.startNew('ProvisionNewDevices', { instanceId });
    return t;
  }

  it('provisions every new device in its own child instance and returns a summary', async () => {
    const hub = new InMemoryDeviceHub(silentLogger).withNewDevices(devices);
    const th = await provision(hub, 'provision-1');
    const { host } = th;
    const done = await host.client.waitForCompletion<ProvisioningSummary>('provision-1', { timeoutMs: 20_000 });
    expect(done.runtimeStatus).toBe('Completed');
    expect(done.output).toEqual({ provisioned: 3, devices: devices.map((deviceId) => ({ deviceId, packageUrl: packageUrl(deviceId) })) });

    const child = await host.client.getStatus('provision-1:sensor-2');
    expect(child).toMatchObject({ name: 'DeviceProvisioningOrchestration', runtimeStatus: 'Completed', input: 'sensor-2', output: { deviceId: 'sensor-2', packageUrl: packageUrl('sensor-2') } });
    const page = await host.client.getStatusBy({ instanceIdPrefix: 'provision-1:' });
    expect(page.instances.map((s) => [s.instanceId, s.name, s.runtimeStatus]).sort()).toEqual(
      devices.map((d) => [`provision-1:${d}`, 'DeviceProvisioningOrchestration', 'Completed']),
    );
    expect([...hub.sent].sort((a, b) => a.deviceId.localeCompare(b.deviceId))).toEqual(devices.map((deviceId) => ({ deviceId, packageUrl: packageUrl(deviceId) })));
    const history = await historyOf(th, 'provision-1');
    expect(history.filter((e) => e.type === 'SubOrchestrationInstanceCreated')).toHaveLength(3);
  });

  it('returns an empty summary when there are no new devices', async () => {
    const { host } = await provision(new InMemoryDeviceHub(silentLogger).withNewDevices([]), 'provision-none');
    expect((await host.client.waitForCompletion('provision-none', { timeoutMs: 20_000 })).output).toEqual({ provisioned: 0, devices: [] });
  });

  it("fails with the failed child's details once every child finished, naming the devices in its custom status", async () => {
    const hub = new InMemoryDeviceHub(silentLogger).withNewDevices(devices).failPackage('sensor-2', 'package storage is full');
    const { host } = await provision(hub, 'provision-2');
    const done = await host.client.waitForCompletion('provision-2', { timeoutMs: 20_000 });
    expect(done.runtimeStatus).toBe('Failed');
    expect(done.customStatus).toEqual({ provisioned: ['sensor-1', 'sensor-3'], failed: ['sensor-2'] });

    const child = await host.client.getStatus('provision-2:sensor-2');
    expect(child?.runtimeStatus).toBe('Failed');
    expect(done.failureDetails?.errorType).toBe('TaskFailedError');
    expect(done.failureDetails?.message).toContain("'DeviceProvisioningOrchestration'");
    expect(done.failureDetails?.innerFailure).toMatchObject({ errorType: child?.failureDetails?.errorType, message: child?.failureDetails?.message });
    expect(done.failureDetails?.innerFailure?.innerFailure).toMatchObject({ errorType: 'Error', message: 'package storage is full' });

    for (const ok of ['sensor-1', 'sensor-3']) expect((await host.client.getStatus(`provision-2:${ok}`))?.runtimeStatus).toBe('Completed');
    expect(hub.sent.map((s) => s.deviceId).sort()).toEqual(['sensor-1', 'sensor-3']);
  });
});
