import { Orchestrator, type OrchestrationContext } from 'durable-ts';
import type { PackageNotice } from './device.activities';

/** Output of DeviceProvisioningOrchestration. */
export interface ProvisionedDevice {
  readonly deviceId: string;
  readonly packageUrl: string;
}

/**
 * The child of the Durable Functions sub-orchestration sample (DeviceProvisioningOrchestration):
 * creates the device's installation package, then sends its URL to the device.
 */
@Orchestrator('DeviceProvisioningOrchestration')
export class DeviceProvisioningOrchestration {
  async run(ctx: OrchestrationContext<string>): Promise<ProvisionedDevice> {
    const deviceId = ctx.getInput();
    if (typeof deviceId !== 'string' || deviceId.length === 0) throw new TypeError('A device id input is required.');
    // Step 1: create an installation package and get the URL the device downloads it from.
    const packageUrl = await ctx.callActivity<string>('CreateInstallationPackage', deviceId);
    // Step 2: notify the device that the installation package is ready.
    await ctx.callActivity('SendPackageUrlToDevice', { deviceId, packageUrl } satisfies PackageNotice);
    return { deviceId, packageUrl };
  }
}
