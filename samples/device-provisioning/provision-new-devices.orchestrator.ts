import { Orchestrator, type OrchestrationContext } from 'durable-ts';
import type { ProvisionedDevice } from './device-provisioning.orchestrator';

/** Output of ProvisionNewDevices. */
export interface ProvisioningSummary {
  readonly provisioned: number;
  readonly devices: readonly ProvisionedDevice[];
}

/** Custom status of ProvisionNewDevices when some devices failed. */
export interface ProvisioningProblems {
  readonly provisioned: readonly string[];
  readonly failed: readonly string[];
}

/**
 * The parent of the Durable Functions sub-orchestration sample (ProvisionNewDevices): lists the
 * new devices, then provisions them in parallel, one DeviceProvisioningOrchestration each under
 * the id `<parent id>:<device id>` (as in the JavaScript sample).
 *
 * Like .NET's `Task.WhenAll` in the documented sample, it waits for every child before it reports
 * a failure: then it sets a custom status naming the devices that failed and fails with the
 * TaskFailedError of the first failed device (in list order), which carries the child's failure details.
 */
@Orchestrator('ProvisionNewDevices')
export class ProvisionNewDevices {
  async run(ctx: OrchestrationContext<void>): Promise<ProvisioningSummary> {
    const deviceIds = await ctx.callActivity<string[]>('GetNewDeviceIds');
    // Every child is scheduled here, so they all run at once; the loop below only collects them.
    const provisioningTasks = deviceIds.map((deviceId) =>
      ctx.callSubOrchestrator<ProvisionedDevice>('DeviceProvisioningOrchestration', deviceId, { instanceId: `${ctx.instanceId}:${deviceId}` }),
    );

    const devices: ProvisionedDevice[] = [];
    const failed: string[] = [];
    let firstFailure: unknown;
    for (const [index, task] of provisioningTasks.entries()) {
      try {
        devices.push(await task);
      } catch (error) {
        if (failed.length === 0) firstFailure = error;
        failed.push(deviceIds[index] ?? `#${index}`);
      }
    }
    if (failed.length > 0) {
      ctx.setCustomStatus({ provisioned: devices.map((d) => d.deviceId), failed } satisfies ProvisioningProblems);
      throw firstFailure;
    }
    return { provisioned: devices.length, devices };
  }
}
