import { DurableError } from './durable-error';

/** A worker tried to commit work whose lease another worker holds now; nothing was written. */
export class LeaseLostError extends DurableError {
  readonly code = 'LEASE_LOST' as const;
  constructor(
    readonly workItem: string,
    readonly owner: string,
  ) {
    super(`Worker '${owner}' no longer holds the lease on ${workItem}; its commit was refused and nothing was written.`);
  }
}
