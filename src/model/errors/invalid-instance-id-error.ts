import { shortened } from '../misleading-characters';
import { DurableError } from './durable-error';

/** An instance id breaks the documented rules. */
export class InvalidInstanceIdError extends DurableError {
  readonly code = 'INVALID_INSTANCE_ID' as const;
  constructor(
    readonly instanceId: unknown,
    readonly reason: string,
  ) {
    // The id is shown cut short: a 10,000-character id is not echoed back to the client.
    super(
      `Invalid instance id ${typeof instanceId === 'string' ? JSON.stringify(shortened(instanceId)) : String(instanceId)}: ${reason}. ` +
        "Instance ids are 1-256 characters, do not start with '@', are not '.', '..' or whitespace only, and contain no '/', '\\', '#', '?', " +
        'control, bidirectional or zero-width characters.',
    );
  }
}
