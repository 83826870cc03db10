import { DurableError } from './durable-error';

/** The host was used before `start()` or after `stop()`. */
export class HostNotRunningError extends DurableError {
  readonly code = 'HOST_NOT_RUNNING' as const;
  constructor(readonly operation: string) {
    super(`${operation} needs a running host: call start() first (and not after stop()).`);
  }
}
