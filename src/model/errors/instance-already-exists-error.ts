import { DurableError } from './durable-error';
import type { RuntimeStatus } from '../runtime-status';

/** A start named an instance id that exists and is not in a terminal state. */
export class InstanceAlreadyExistsError extends DurableError {
  readonly code = 'INSTANCE_ALREADY_EXISTS' as const;
  constructor(
    readonly instanceId: string,
    readonly runtimeStatus: RuntimeStatus,
  ) {
    super(
      `Instance '${instanceId}' already exists with status ${runtimeStatus}. ` +
        'An id can be reused only once its instance is Completed, Failed or Terminated.',
    );
  }
}
