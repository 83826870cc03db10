import { DURABLE_LOGGER, inject, injectable, type Logger } from 'durable-ts';

/**
 * The device back end of the Durable Functions sub-orchestration sample (ProvisionNewDevices).
 * The documented sample uses blob storage and IoT Hub; here any `DeviceHub` registered in the
 * container under DEVICE_HUB does, and the default is the in-memory one below.
 */
export interface DeviceHub {
  /** Ids of devices that are waiting to be provisioned. */
  getNewDeviceIds(): Promise<string[]> | string[];
  /** Builds the device's installation package and returns where the device downloads it. */
  createInstallationPackage(deviceId: string): Promise<string> | string;
  /** Tells the device where its package is. */
  sendPackageUrlToDevice(deviceId: string, packageUrl: string): Promise<void> | void;
}

/** Injection token of the device back end (`@inject(DEVICE_HUB)`). */
export const DEVICE_HUB = Symbol.for('durable-ts-samples:DeviceHub');

/** The devices the default hub reports as new. */
export const DEFAULT_NEW_DEVICES: readonly string[] = ['thermostat-01', 'camera-02', 'doorbell-03'];

/**
 * Devices without a network: the new devices are a list you set, packages are local URLs, each
 * message to a device is logged and kept in `sent`, and `failPackage` makes one device's package fail.
 */
@injectable()
export class InMemoryDeviceHub implements DeviceHub {
  readonly sent: Array<{ readonly deviceId: string; readonly packageUrl: string }> = [];
  private newDevices: string[] = [...DEFAULT_NEW_DEVICES];
  private readonly failures = new Map<string, string>();

  constructor(@inject(DURABLE_LOGGER) private readonly logger: Logger) {}

  withNewDevices(deviceIds: readonly string[]): this {
    this.newDevices = [...deviceIds];
    return this;
  }

  /** Package creation for `deviceId` throws an Error with `message`. */
  failPackage(deviceId: string, message: string): this {
    this.failures.set(deviceId, message);
    return this;
  }

  getNewDeviceIds(): string[] {
    return [...this.newDevices];
  }

  createInstallationPackage(deviceId: string): string {
    const failure = this.failures.get(deviceId);
    if (failure !== undefined) throw new Error(failure);
    return `local://packages/${encodeURIComponent(deviceId)}.zip`;
  }

  sendPackageUrlToDevice(deviceId: string, packageUrl: string): void {
    this.sent.push({ deviceId, packageUrl });
    this.logger.info({ event: 'sample.device', deviceId, packageUrl }, `Sent the installation package URL to ${deviceId}`);
  }
}
