import { DurableError } from './durable-error';
import type { RuntimeStatus } from '../runtime-status';

/** Rewind needs a Failed instance. */
export class InstanceNotFailedError extends DurableError {
  readonly code = 'INSTANCE_NOT_FAILED' as const;
  constructor(
    readonly instanceId: string,
    readonly runtimeStatus: RuntimeStatus,
  ) {
    super(`Cannot rewind instance '${instanceId}': it is ${runtimeStatus}. Only Failed instances can be rewound.`);
  }
}
