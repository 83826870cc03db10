import { DurableError } from './durable-error';

/** No instance with this id exists in the task hub. */
export class InstanceNotFoundError extends DurableError {
  readonly code = 'INSTANCE_NOT_FOUND' as const;
  constructor(readonly instanceId: string) {
    super(`No instance with id '${instanceId}' exists.`);
  }
}
