import { DurableError } from './durable-error';
import type { RuntimeStatus } from '../runtime-status';

/** An operation needs a finished instance (purge) but found one that is still live. */
export class InstanceStillRunningError extends DurableError {
  readonly code = 'INSTANCE_STILL_RUNNING' as const;
  constructor(
    readonly instanceId: string,
    readonly runtimeStatus: RuntimeStatus,
    readonly operation: string,
  ) {
    super(`Cannot ${operation} instance '${instanceId}': it is ${runtimeStatus}. Only Completed, Failed and Terminated instances accept it.`);
  }
}
