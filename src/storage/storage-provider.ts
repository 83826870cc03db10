import type { HistoryEvent } from '../model/history-event';
import type { RuntimeStatus } from '../model/runtime-status';
import type {
  ActivityResult,
  ActivityWorkItem,
  ClaimRequest,
  CreatedInstance,
  EpisodeBatchOutcome,
  EpisodeCommit,
  EpisodeCommitOutcome,
  FirstEpisode,
  FirstEpisodeBatchOutcome,
  InstanceRecord,
  NewInstance,
  InstanceFilter,
  InstancePage,
  InstanceQuery,
  InstanceRewind,
  OrchestrationWorkItem,
  SendOutcome,
  PendingWork,
  StorageStats,
  WorkKind,
} from './storage-records';

/**
 * The one storage contract every provider (SQLite, PostgreSQL) implements and the contract test
 * suite checks. All work happens inside one task hub, chosen when the provider is made.
 *
 * Leases: a claimed orchestration instance or activity work item belongs to its owner until
 * `leaseExpiresAt`; after that any worker may claim it again. Commits from an owner that lost
 * the lease are refused and write nothing (fencing).
 */
export interface StorageProvider {
  readonly kind: string;
  readonly hubName: string;

  /** Creates or migrates the schema; idempotent. */
  initialize(): Promise<void>;
  /** Closes this provider and every binding `forHub` made from it. */
  close(): Promise<void>;

  /**
   * The same storage (file, or database and schema) bound to another task hub; this provider for
   * its own name. Made once per name and closed with this provider. Binding does not check that
   * the hub exists (`listHubs` says which do); writing through it puts rows in that hub.
   */
  forHub(hubName: string): StorageProvider;
  /**
   * The task hubs this storage holds, sorted: those with instances or entities, with a registered
   * worker, and (PostgreSQL) those a provider was opened for.
   */
  listHubs(): Promise<string[]>;
  /**
   * Deletes every row of this hub (instances, history, queued messages and work items, workers)
   * and nothing of another hub, in one transaction. Workers still running on the hub should be
   * stopped first: their leases are gone and their next commits are refused.
   */
  deleteHub(): Promise<void>;

  /**
   * Creates an instance and queues its ExecutionStarted message, atomically. If the id exists and
   * is not terminal, throws InstanceAlreadyExistsError and writes nothing; a terminal instance
   * with that id is replaced (its history and inbox are removed), unless `idReuse` is 'never':
   * then any existing instance is refused the same way, in the same transaction.
   */
  createInstance(instance: NewInstance): Promise<CreatedInstance>;
  getInstance(instanceId: string): Promise<InstanceRecord | undefined>;
  /**
   * Queues an event to an instance's inbox, atomically with the check that the instance exists
   * and has not finished (Completed, Failed, Terminated): those outcomes write nothing.
   */
  sendToInstance(instanceId: string, event: HistoryEvent, visibleAt: number): Promise<SendOutcome>;
  /**
   * Queues a message to an entity (`@name@key`), creating the entity's row if this is its first
   * message. Messages that an episode sends to entities create rows the same way.
   */
  sendToEntity(entityInstanceId: string, event: HistoryEvent, visibleAt: number): Promise<void>;
  /**
   * Deletes an entity's row if it still has exactly `expectedState`, no waiting messages and no
   * worker lease; returns whether it did (used to clean up empty entities).
   */
  deleteEntityIfIdle(entityInstanceId: string, expectedState: string | undefined, now: number): Promise<boolean>;
  /** The current execution's history, in order. */
  getHistory(instanceId: string): Promise<HistoryEvent[]>;

  /** A page of instances matching the query (see InstanceQuery for the order). */
  queryInstances(query: InstanceQuery): Promise<InstancePage>;
  /**
   * Deletes the instances that match the filter AND are finished (Completed, Failed,
   * Terminated), with their history, inbox and activity items, in one transaction; live
   * instances are never purged. Returns how many were deleted.
   */
  purgeInstances(filter: InstanceFilter & { readonly instanceId?: string }): Promise<number>;

  /**
   * Replaces a Failed instance's history and queues its work again, setting it Running, in one
   * transaction. Returns false, writing nothing, unless the instance is still Failed with the
   * expected execution and history length and no worker holds its lease.
   */
  rewindInstance(rewind: InstanceRewind): Promise<boolean>;

  /**
   * Announces a worker that is about to claim work, with a proof of life that ends with its
   * process (SQLite: a lock file's lock; PostgreSQL: a session advisory lock), and frees at once
   * the leases of announced workers whose proof is gone, instead of waiting for those leases to
   * expire. Returns how many gone workers it found. Leases of owners that never registered are
   * only freed by expiry.
   */
  registerWorker(owner: string, now: number): Promise<number>;
  /** Frees the leases of registered workers (other than `self`) proven gone; returns how many. */
  reclaimFromGoneWorkers(self: string): Promise<number>;
  /** A clean stop: withdraws the worker and its proof of life. */
  unregisterWorker(owner: string): Promise<void>;

  /** Claims up to maxItems instances with visible inbox messages and no live lease. */
  claimOrchestrationWorkItems(request: ClaimRequest): Promise<OrchestrationWorkItem[]>;
  /**
   * Commits several episodes in one transaction. An episode whose lease the owner no longer holds,
   * or whose history length moved, is skipped ('lease-lost') and writes nothing; the others commit.
   * Committed instances have their lease released. The episodes take effect in order, exactly as
   * if each were committed alone: a second episode of one instance is lease-lost, and so is an
   * episode whose instance an earlier episode of the batch replaced by starting a child with its id.
   * Rows the commit stamps take their time from each episode's `update.lastUpdatedAt`.
   */
  commitOrchestrationEpisodes(owner: string, commits: readonly EpisodeCommit[]): Promise<EpisodeCommitOutcome[]>;
  /**
   * commitOrchestrationEpisodes, for a worker that runs some of the new activities itself: the
   * activities with `leaseExpiresAt` in committed episodes are created leased to `owner` and
   * returned as work items, so they need no claim.
   */
  commitOrchestrationEpisodeBatch(owner: string, commits: readonly EpisodeCommit[]): Promise<EpisodeBatchOutcome>;
  /**
   * Optional, for eager starts (EagerStarter): creates each instance leased to `owner` and commits
   * its first episode — which the owner ran before the instance was stored — in one transaction,
   * so a start costs one commit instead of two. Each start settles alone: a taken id is refused
   * with InstanceAlreadyExistsError as createInstance refuses it, a finished instance's id is
   * replaced by a usual start ('queued': the episode is not stored), the others are 'committed';
   * activities with `leaseExpiresAt` are created leased to `owner` as commitOrchestrationEpisodeBatch
   * creates them. Without it, a worker creates the instance first and commits the episode after.
   */
  createInstancesWithFirstEpisodes?(owner: string, starts: readonly FirstEpisode[]): Promise<FirstEpisodeBatchOutcome>;
  /** Releases the lease without consuming messages; they become visible again at `retryAt`. */
  abandonOrchestrationWorkItem(owner: string, instanceId: string, retryAt: number): Promise<void>;
  /** Extends leases still held by `owner`; returns the instance ids whose lease was extended. */
  renewOrchestrationLeases(owner: string, instanceIds: readonly string[], now: number, leaseMs: number): Promise<string[]>;

  claimActivityWorkItems(request: ClaimRequest): Promise<ActivityWorkItem[]>;
  /**
   * In one transaction, deletes each result's work item and queues its event to the instance's
   * inbox. A result whose work item is already gone is dropped. Returns how many were accepted.
   */
  completeActivityWorkItems(results: readonly ActivityResult[], now: number): Promise<number>;
  abandonActivityWorkItem(owner: string, workItemId: number, retryAt: number): Promise<void>;
  renewActivityLeases(owner: string, workItemIds: readonly number[], now: number, leaseMs: number): Promise<number[]>;

  /** Earliest future time (epoch ms, > now) at which a message of this kind becomes visible, if any. */
  nextVisibleAt(kind: WorkKind, now: number): Promise<number | undefined>;
  /** The work due at `now` and not taken yet (see PendingWork); read when metrics are collected. */
  pendingWork(now: number): Promise<PendingWork>;

  /**
   * Calls `listener` after this process commits something that may give a worker work, or that
   * changes an instance's status. Returns an unsubscribe function. Providers shared by several
   * processes also report other processes' commits (PostgreSQL: LISTEN/NOTIFY); otherwise
   * workers see them by polling.
   */
  onChange(listener: (change: StorageChange) => void): () => void;

  stats(): StorageStats;
}

/**
 * A committed change. `remote` marks one another process announced (PostgreSQL LISTEN/NOTIFY):
 * a hint that may come late, or for work someone else has already taken.
 */
export type StorageChange =
  | { readonly kind: 'work'; readonly work: WorkKind; readonly remote?: boolean }
  | {
      readonly kind: 'instance';
      readonly instanceId: string;
      readonly remote?: boolean;
      /**
       * The status the commit left the instance in, when the committing provider knows it (this
       * process's episode commits); absent: read it. Lets a waiter skip reads that cannot finish its wait.
       */
      readonly runtimeStatus?: RuntimeStatus;
    };
