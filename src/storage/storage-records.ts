import type { InstanceIdReuse } from '../model/instance-id';
import type { FailureDetails } from '../model/failure-details';
import type { ExecutionStartedEvent, HistoryEvent, TaskCompletedEvent, TaskFailedEvent } from '../model/history-event';
import type { RuntimeStatus } from '../model/runtime-status';
import type { Settled } from './write-coalescer';

/** One orchestration instance as stored (the current execution). Payloads are JSON text. */
export interface InstanceRecord {
  readonly instanceId: string;
  readonly executionId: string;
  readonly name: string;
  readonly version?: string;
  readonly runtimeStatus: RuntimeStatus;
  readonly input?: string;
  /** JSON of the orchestrator's result when Completed. */
  readonly output?: string;
  /** Set when Failed. */
  readonly failureDetails?: FailureDetails;
  /** JSON of the last custom status. */
  readonly customStatus?: string;
  readonly createdAt: Date;
  readonly lastUpdatedAt: Date;
  readonly completedAt?: Date;
  /** Number of events in the stored history: the fence the instance cache checks against. */
  readonly historyLength: number;
  /** Entities only: the stored scheduler state (JSON of state, lock and deferred messages). */
  readonly entityState?: string;
}

/** A message waiting in an instance's inbox: it becomes a history event when an episode takes it. */
export interface OrchestrationMessage {
  /** Provider-assigned id, increasing in enqueue order. */
  readonly messageId: number;
  readonly instanceId: string;
  readonly event: HistoryEvent;
  /** Epoch ms from which the message may be taken (timers carry their due time here). */
  readonly visibleAt: number;
  /** How many times an episode claimed this message without committing it. */
  readonly dequeueCount: number;
}

/** An instance claimed by one worker, with the messages visible to it at claim time. */
export interface OrchestrationWorkItem {
  readonly instance: InstanceRecord;
  /** In enqueue order. Never empty. */
  readonly messages: readonly OrchestrationMessage[];
  readonly leaseExpiresAt: number;
}

export interface ActivityWorkItem {
  readonly workItemId: number;
  readonly instanceId: string;
  readonly executionId: string;
  /** The TaskScheduled eventId that the result must name. */
  readonly taskId: number;
  readonly name: string;
  readonly input?: string;
  /** The call's own time limit (`timeoutMs`), when it gave one. */
  readonly timeoutMs?: number;
  readonly dequeueCount: number;
  readonly leaseExpiresAt: number;
}

export interface NewInstance {
  readonly instanceId: string;
  readonly executionId: string;
  readonly name: string;
  readonly version?: string;
  readonly input?: string;
  readonly createdAt: number;
  readonly startEvent: ExecutionStartedEvent;
  /** When the ExecutionStarted message becomes visible (scheduled start); defaults to createdAt. */
  readonly visibleAt?: number;
  /**
   * What an existing instance with this id allows: 'finished' (the default, as Durable Functions)
   * replaces a Completed, Failed or Terminated one; 'never' refuses any existing id, decided in
   * the transaction that would create the instance.
   */
  readonly idReuse?: InstanceIdReuse;
  /**
   * An eager start: the starting process's worker will run the first episode itself. A provider
   * that creates the instance with a free id (or replacing a finished one) creates it leased to
   * `owner` until `expiresAt`, its ExecutionStarted counted as dequeued once, and answers the
   * message's id (CreatedInstance); if that worker dies, the instance is claimed after the lease.
   * A provider may ignore it (then nothing is leased and the start is claimed as usual). Ignored
   * for child instances.
   */
  readonly lease?: StartLease;
}

/** Who runs an eagerly started instance's first episode, and until when it holds the lease. */
export interface StartLease {
  readonly owner: string;
  readonly expiresAt: number;
}

/** What createInstance answers. */
export interface CreatedInstance {
  /** The ExecutionStarted message's id, when the instance was created leased (NewInstance.lease). */
  readonly leasedStartMessageId?: number;
}

export interface NewActivity {
  readonly taskId: number;
  readonly name: string;
  readonly input?: string;
  /** The call's own time limit in ms; absent: only functionTimeout applies. */
  readonly timeoutMs?: number;
  readonly visibleAt: number;
  /**
   * Set when the committing worker will run this activity itself: the item is created already
   * leased to the commit's owner until this time (dequeue count 1), is not announced as new work,
   * and comes back in the batch's `leasedActivities` instead of through a claim.
   */
  readonly leaseExpiresAt?: number;
}

export interface NewMessage {
  readonly instanceId: string;
  readonly event: HistoryEvent;
  readonly visibleAt: number;
}

/** How the instance row changes at the end of an episode. Absent fields are left as they are. */
export interface InstanceUpdate {
  readonly runtimeStatus: RuntimeStatus;
  readonly output?: string;
  readonly failureDetails?: FailureDetails;
  /** JSON text to set; absent leaves the stored custom status as it is. */
  readonly customStatus?: string;
  readonly lastUpdatedAt: number;
  readonly completedAt?: number;
}

/** A sub-orchestration to create with the episode; if its id is taken by a live instance, `onConflict` is sent instead. */
export interface NewChildInstance extends NewInstance {
  /** Sent instead when a live instance has the id; absent: the start is dropped. */
  readonly onConflict?: NewMessage;
}

/** The instance starts over as a new execution (continue-as-new): history and stale work go. */
export interface ContinueAsNewCommit {
  readonly executionId: string;
  readonly input?: string;
  readonly startEvent: ExecutionStartedEvent;
  /** Unprocessed events carried into the new execution, queued after its ExecutionStarted. */
  readonly carriedEvents: readonly HistoryEvent[];
}

/** Everything one orchestration episode writes, committed atomically. */
export interface EpisodeCommit {
  readonly instanceId: string;
  readonly executionId: string;
  /** The history length the episode started from; a different stored length refuses the commit. */
  readonly expectedHistoryLength: number;
  /** Inbox messages this episode consumed: deleted by the commit. */
  readonly consumedMessageIds: readonly number[];
  /** Appended to history after the existing events, in order. */
  readonly newHistory: readonly HistoryEvent[];
  readonly update: InstanceUpdate;
  /** Activity work items to create for this instance's execution. */
  readonly activities: readonly NewActivity[];
  /** Messages to other instances' (or this instance's) inboxes, e.g. timers. */
  readonly messages: readonly NewMessage[];
  /** Sub-orchestrations (or, from entities, orchestrations) started by this episode. */
  readonly newInstances?: readonly NewChildInstance[];
  /** Entities only: the scheduler state to store. */
  readonly entityState?: string;
  /**
   * Activity work items whose results this episode consumed directly (their TaskCompleted or
   * TaskFailed events are in newHistory, not in the inbox): deleted by the commit. Each must
   * still exist and be leased to the committing owner, else the episode is 'lease-lost' and
   * writes nothing (another worker ran the activity again and its result won).
   */
  readonly completedActivityIds?: readonly number[];
  /**
   * Set when the committer did not claim the instance (it ran the episode from its cached
   * executor on an activity result of its own): instead of holding the lease, the commit requires
   * that nobody (the committer included) holds a lease still live at this time (epoch ms). Such an
   * episode consumes no inbox messages.
   */
  readonly leaseFreeAt?: number;
  /**
   * Replaces the execution after this episode: its history is dropped (newHistory is not kept),
   * inbox messages other than client events (EventRaised, ExecutionTerminated/Suspended/Resumed)
   * and activity items are deleted, and the new execution's ExecutionStarted is queued.
   */
  readonly continueAsNew?: ContinueAsNewCommit;
}

export type EpisodeCommitOutcome = 'committed' | 'lease-lost';

/**
 * An eager start and its first episode, run before the instance was stored (see
 * StorageProvider.createInstancesWithFirstEpisodes): `commit` consumes no stored message (its
 * ExecutionStarted never was one) and expects an empty history.
 */
export interface FirstEpisode {
  /** The new instance, with the lease of the worker that ran the episode. */
  readonly instance: NewInstance & { readonly lease: StartLease };
  readonly commit: EpisodeCommit;
}

/**
 * What became of one FirstEpisode: 'committed' (instance and episode stored); 'queued' (the id
 * was a finished instance's, replaced by a usual start with its ExecutionStarted queued; the
 * episode was not stored); or 'taken' (the id was taken and nothing was stored: the caller
 * starts it the usual way, with createInstance, which replaces or refuses it). A provider
 * answers either 'queued' and InstanceAlreadyExistsError (in the batch's Settled), or 'taken'.
 */
export type FirstEpisodeOutcome = 'committed' | 'queued' | 'taken';

/** What a batch of first episodes did, one Settled per start in order, and the activity items it created leased to the starter. */
export interface FirstEpisodeBatchOutcome {
  readonly outcomes: readonly Settled<FirstEpisodeOutcome>[];
  readonly leasedActivities: readonly ActivityWorkItem[];
}

/** What a batch of episodes committed, and the activity items it created leased to the committer. */
export interface EpisodeBatchOutcome {
  /** One per episode, in order. */
  readonly outcomes: readonly EpisodeCommitOutcome[];
  /** The committed episodes' activities that had `leaseExpiresAt`, as claimed work items, in order. */
  readonly leasedActivities: readonly ActivityWorkItem[];
}

/** A finished activity; accepted only if its work item still exists (the first result wins). */
export interface ActivityResult {
  readonly workItemId: number;
  readonly instanceId: string;
  readonly event: TaskCompletedEvent | TaskFailedEvent;
}

export type WorkKind = 'orchestration' | 'activity';

export interface ClaimRequest {
  /** Unique id of the claiming worker. */
  readonly owner: string;
  /** Epoch ms that counts as now for visibility and lease expiry. */
  readonly now: number;
  readonly leaseMs: number;
  readonly maxItems: number;
}

/** Work of one kind that is due and not taken: how much, and since when the oldest has waited. */
export interface PendingWorkCount {
  readonly pending: number;
  /** Epoch ms the oldest pending item became visible; absent when none is pending. */
  readonly oldestVisibleAt?: number;
}

/**
 * The backlog, for the queue metrics: orchestration messages visible at `now` (not yet consumed
 * by an episode, whether or not their instance is leased) and activity items visible at `now`
 * and not leased.
 */
export type PendingWork = Readonly<Record<WorkKind, PendingWorkCount>>;

export interface StorageStats {
  /** Write transactions committed since the provider opened. */
  readonly commits: number;
}

/** What happened to a message sent to an instance from outside (raise event, terminate, …). */
export type SendOutcome =
  | { readonly kind: 'sent'; readonly runtimeStatus: RuntimeStatus }
  | { readonly kind: 'not-found' }
  | { readonly kind: 'not-running'; readonly runtimeStatus: RuntimeStatus };

/** A filter over instances; every field optional. Times are epoch ms, inclusive. */
export interface InstanceFilter {
  /** Orchestration instances (default) or entities (ids starting with '@'). */
  readonly kind?: 'orchestrations' | 'entities';
  /** Bounds on last_updated_at (for entities: the last operation time). */
  readonly updatedFrom?: number;
  readonly updatedTo?: number;
  readonly createdFrom?: number;
  readonly createdTo?: number;
  readonly statuses?: readonly RuntimeStatus[];
  readonly instanceIdPrefix?: string;
}

/** One page of a query, ordered by creation time then id, so paging neither skips nor repeats. */
export interface InstanceQuery extends InstanceFilter {
  readonly pageSize: number;
  /** From the previous page; absent for the first page. */
  readonly continuationToken?: string;
}

export interface InstancePage {
  readonly instances: readonly InstanceRecord[];
  /** Present when more instances may follow. */
  readonly continuationToken?: string;
}

/** Rewind: a Failed instance's history replaced and its unfinished work queued again, atomically. */
export interface InstanceRewind {
  readonly instanceId: string;
  readonly executionId: string;
  /** The history length the plan was made from; a different stored length refuses the rewind. */
  readonly expectedHistoryLength: number;
  readonly history: readonly HistoryEvent[];
  readonly activities: readonly NewActivity[];
  readonly messages: readonly NewMessage[];
  /** Queued so the instance runs an episode (and records the rewind) even with no work to redo. */
  readonly rewoundEvent: HistoryEvent;
  readonly now: number;
}
