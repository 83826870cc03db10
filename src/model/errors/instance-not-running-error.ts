import { DurableError } from './durable-error';
import type { RuntimeStatus } from '../runtime-status';

/** An operation needs a running instance but found one that has finished. */
export class InstanceNotRunningError extends DurableError {
  readonly code = 'INSTANCE_NOT_RUNNING' as const;
  constructor(
    readonly instanceId: string,
    readonly runtimeStatus: RuntimeStatus,
    readonly operation: string,
  ) {
    super(`Cannot ${operation} instance '${instanceId}': it is ${runtimeStatus}. Only Pending, Running and Suspended instances accept it.`);
  }
}
