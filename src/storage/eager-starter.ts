import type { CreatedInstance, NewInstance, StartLease } from './storage-records';

/**
 * What the client asks of a worker in its own process for an eager start: the new instance is
 * created already leased to that worker, which runs its first episode at once, without a claim.
 */
export interface EagerStarter {
  /** A lease for the instance's first episode, or undefined: the start goes the usual way. */
  reserve(instanceId: string, name: string): StartLease | undefined;
  /**
   * The start's outcome, after `reserve` gave a lease: created leased (run it), created without
   * the lease, or not created (`undefined`: the start failed); the slot is freed in both last cases.
   */
  started(instance: NewInstance, created: CreatedInstance | undefined): void;
}
