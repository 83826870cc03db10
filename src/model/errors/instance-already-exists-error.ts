import { DurableError } from './durable-error';
import type { RuntimeStatus } from '../runtime-status';

/**
 * A start named an instance id that exists and is not in a terminal state, or (`reusable` false,
 * a start that never reuses ids) that exists at all.
 */
export class InstanceAlreadyExistsError extends DurableError {
  readonly code = 'INSTANCE_ALREADY_EXISTS' as const;
  constructor(
    readonly instanceId: string,
    readonly runtimeStatus: RuntimeStatus,
    readonly reusable = true,
  ) {
    super(
      `Instance '${instanceId}' already exists with status ${runtimeStatus}. ` +
        (reusable
          ? 'An id can be reused only once its instance is Completed, Failed or Terminated.'
          : 'This start does not reuse the id of an existing instance, finished or not: start under another id.'),
    );
  }
}
