import { ApprovalActivities } from './approval/approval.activities';
import { ApprovalWorkflow } from './approval/approval-workflow.orchestrator';
import { BackupActivities } from './backup-site-content/backup.activities';
import { BackupSiteContent } from './backup-site-content/backup-site-content.orchestrator';
import { DeviceActivities } from './device-provisioning/device.activities';
import { DeviceProvisioningOrchestration } from './device-provisioning/device-provisioning.orchestrator';
import { ProvisionNewDevices } from './device-provisioning/provision-new-devices.orchestrator';
import { Greetings } from './hello-sequence/greetings.activities';
import { HelloSequence } from './hello-sequence/hello-sequence.orchestrator';
import { MonitorActivities } from './monitor/monitor.activities';
import { WeatherMonitor } from './monitor/monitor.orchestrator';
import { CleanupActivities } from './periodic-cleanup/cleanup.activities';
import { PeriodicCleanupLoop } from './periodic-cleanup/periodic-cleanup-loop.orchestrator';
import { PhoneVerificationActivities } from './phone-verification/phone-verification.activities';
import { SmsPhoneVerification } from './phone-verification/phone-verification.orchestrator';
import { SingletonBackgroundJob } from './singleton/singleton-background-job.orchestrator';
import { entitySamples } from './entities';

/** Every decorated class of the samples app. */
export const sampleFunctions = [
  HelloSequence,
  Greetings,
  BackupSiteContent,
  BackupActivities,
  WeatherMonitor,
  MonitorActivities,
  SmsPhoneVerification,
  PhoneVerificationActivities,
  ApprovalWorkflow,
  ApprovalActivities,
  PeriodicCleanupLoop,
  CleanupActivities,
  SingletonBackgroundJob,
  ProvisionNewDevices,
  DeviceProvisioningOrchestration,
  DeviceActivities,
  ...entitySamples,
];
