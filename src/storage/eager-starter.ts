import type { CreatedInstance, NewInstance, StartLease } from './storage-records';

/** A start that `EagerStarter.reserve` gave a lease for. */
export type LeasedNewInstance = NewInstance & { readonly lease: StartLease };

/**
 * What the client asks of a worker in its own process for an eager start: the new instance is
 * stored already leased to that worker, which runs its first episode at once, without a claim.
 */
export interface EagerStarter {
  /** A lease for the instance's first episode, or undefined: the start goes the usual way. */
  reserve(instanceId: string, name: string): StartLease | undefined;
  /**
   * Stores the start `reserve` gave a lease for, and answers once it is stored (or rejects as
   * `create` would: InstanceAlreadyExistsError, StorageError). Where the provider can, the
   * instance and its first episode are stored in one transaction (the answer then waits for that
   * episode); otherwise `create` — the client's own — stores it leased, and the episode follows.
   * The slot is freed whatever the outcome.
   */
  start(instance: LeasedNewInstance, create: (instance: NewInstance) => Promise<CreatedInstance>): Promise<void>;
}
