import { Activities, Activity, inject, registry } from 'durable-ts';
import { DEVICE_HUB, InMemoryDeviceHub, type DeviceHub } from './device-hub';

/** Input of SendPackageUrlToDevice. */
export interface PackageNotice {
  readonly deviceId: string;
  readonly packageUrl: string;
}

/**
 * Activities of the Durable Functions sub-orchestration sample: GetNewDeviceIds,
 * CreateInstallationPackage and SendPackageUrlToDevice. The in-memory hub is the default.
 */
@Activities()
@registry([{ token: DEVICE_HUB, useClass: InMemoryDeviceHub }])
export class DeviceActivities {
  constructor(@inject(DEVICE_HUB) private readonly hub: DeviceHub) {}

  @Activity('GetNewDeviceIds')
  async getNewDeviceIds(): Promise<string[]> {
    return this.hub.getNewDeviceIds();
  }

  @Activity('CreateInstallationPackage')
  async createInstallationPackage(deviceId: string): Promise<string> {
    return this.hub.createInstallationPackage(deviceId);
  }

  @Activity('SendPackageUrlToDevice')
  async sendPackageUrlToDevice(notice: PackageNotice): Promise<void> {
    await this.hub.sendPackageUrlToDevice(notice.deviceId, notice.packageUrl);
  }
}
