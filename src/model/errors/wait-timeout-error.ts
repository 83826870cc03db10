import { DurableError } from './durable-error';

/** `waitForCompletion` gave up before the instance reached a terminal state. */
export class WaitTimeoutError extends DurableError {
  readonly code = 'WAIT_TIMEOUT' as const;
  constructor(
    readonly instanceId: string,
    readonly timeoutMs: number,
  ) {
    super(`Instance '${instanceId}' did not finish within ${timeoutMs} ms.`);
  }
}
