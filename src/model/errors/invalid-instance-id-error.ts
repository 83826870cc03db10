import { DurableError } from './durable-error';

/** An instance id breaks the documented rules. */
export class InvalidInstanceIdError extends DurableError {
  readonly code = 'INVALID_INSTANCE_ID' as const;
  constructor(
    readonly instanceId: unknown,
    readonly reason: string,
  ) {
    super(
      `Invalid instance id ${JSON.stringify(instanceId)}: ${reason}. ` +
        "Instance ids are 1-256 characters, do not start with '@' and contain no '/', '\\', '#', '?' or control characters.",
    );
  }
}
