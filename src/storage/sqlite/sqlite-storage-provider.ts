import { deleteSqliteHub, listSqliteHubs } from './sqlite-hubs';
import { HubViews } from '../hub-views';
import type Database from 'better-sqlite3';
import type { HistoryEvent } from '../../model/history-event';
import type { StorageChange, StorageProvider } from '../storage-provider';
import type {
  ActivityResult,
  ActivityWorkItem,
  ClaimRequest,
  CreatedInstance,
  EpisodeBatchOutcome,
  EpisodeCommit,
  EpisodeCommitOutcome,
  InstanceRecord,
  NewInstance,
  InstanceFilter,
  InstancePage,
  InstanceQuery,
  InstanceRewind,
  FirstEpisode,
  FirstEpisodeBatchOutcome,
  OrchestrationWorkItem,
  SendOutcome,
  StorageStats,
  PendingWork,
  PendingWorkCount,
  WorkKind,
} from '../storage-records';
import { claimActivityWorkItems, claimOrchestrationWorkItems } from './sqlite-claims';
import { newActivityParams } from './sqlite-activity-statements';
import { ChangeNotifier } from '../change-notifier';
import { SqliteDatabaseHandle } from './sqlite-database-handle';
import { SqliteWriteQueue } from './sqlite-write-queue';
import { applyEpisodeBatch } from './sqlite-episode-commit';
import { writeFirstEpisodes } from './sqlite-first-episodes';
import { SqliteEpisodeWrites } from './sqlite-episode-writes';
import { recordActivityResults } from './sqlite-activity-results';
import { ClientWrites } from '../client-writes';
import { submitSqliteClientWrite } from './sqlite-client-writes';
import { purgeInstances, queryInstances } from './sqlite-instance-queries';
import { resolveSqliteStorageOptions, type ResolvedSqliteStorageOptions, type SqliteStorageOptions } from './sqlite-options';
import { parseEvent, serializeEvent, toInstanceRecord } from './sqlite-rows';
import { SqliteWorkerPresence } from './sqlite-worker-presence';
import { reclaimFromGoneSqliteWorkers, registerSqliteWorker, unregisterSqliteWorker } from './sqlite-worker-registry';
import { historyAsRead } from '../stored-history';
import type { FailureDetails } from '../../model/failure-details';
import { isInMemoryPath } from './sqlite-options';
import type { HubTransferStore } from '../transfer/hub-transfer-store';
import { SqliteTransferStore } from './sqlite-transfer-store';

/** The connection a hub binding shares with the provider that made it (see `forHub`). */
interface SharedSqliteConnection {
  readonly handle: SqliteDatabaseHandle;
  readonly notifier: ChangeNotifier;
  readonly queue: SqliteWriteQueue;
}

/**
 * StorageProvider on one SQLite file (better-sqlite3, WAL). All rows carry the hub name, so one
 * file can hold many task hubs. Every write is one BEGIN IMMEDIATE transaction; concurrent client
 * writes (starts, raises, signals) share one (see ClientWrites), each in its own savepoint.
 */
export class SqliteStorageProvider implements StorageProvider {
  readonly kind = 'sqlite';
  readonly hubName: string;
  readonly path: string;
  readonly options: ResolvedSqliteStorageOptions;
  private readonly notifier: ChangeNotifier;
  private readonly handle: SqliteDatabaseHandle;
  /** The group-commit queue of the connection's durable writes (shared with hub bindings). */
  private readonly queue: SqliteWriteQueue;
  private readonly presence: SqliteWorkerPresence;
  /** Whether the connection is this provider's to close (not a binding's, which shares it). */
  private readonly ownsConnection: boolean;
  private readonly hubs: HubViews<SqliteStorageProvider>;
  /** Starts, raises and signals, group-committed with the connection's other durable writes (SqliteWriteQueue). */
  private readonly clientWrites: ClientWrites;

  constructor(options: SqliteStorageOptions, shared?: SharedSqliteConnection) {
    this.options = resolveSqliteStorageOptions(options);
    this.hubName = this.options.hubName;
    this.path = this.options.path;
    this.ownsConnection = shared === undefined;
    this.notifier = shared?.notifier ?? new ChangeNotifier(this.options.logger);
    this.handle = shared?.handle ?? new SqliteDatabaseHandle(this.options, this.notifier);
    this.queue = shared?.queue ?? new SqliteWriteQueue(this.handle);
    this.presence = new SqliteWorkerPresence(this.path, this.hubName);
    this.clientWrites = new ClientWrites((write) => submitSqliteClientWrite(this.queue, this.hubName, write));
    // A binding shares the connection (and so an in-memory database) and the change notices: a
    // listener may hear of another hub's change, which costs it a re-read and nothing more.
    this.hubs = new HubViews<SqliteStorageProvider>(this, (hubName) => new SqliteStorageProvider({ ...this.options, hubName }, { handle: this.handle, notifier: this.notifier, queue: this.queue }));
  }

  async initialize(): Promise<void> {
    this.handle.open();
  }

  async close(): Promise<void> {
    await this.hubs.closeAll();
    this.presence.releaseAll();
    if (this.ownsConnection) this.handle.close();
  }

  forHub(hubName: string): SqliteStorageProvider {
    return this.hubs.get(hubName);
  }

  async listHubs(): Promise<string[]> {
    return listSqliteHubs(this.handle.database());
  }

  /** A private in-memory database has no other process to outlive, so no presence is needed. */
  async registerWorker(owner: string, now: number): Promise<number> {
    if (isInMemoryPath(this.path)) return 0;
    return registerSqliteWorker(this.handle, this.presence, this.hubName, owner, now);
  }

  async reclaimFromGoneWorkers(self: string): Promise<number> {
    if (isInMemoryPath(this.path)) return 0;
    return reclaimFromGoneSqliteWorkers(this.handle, this.presence, this.hubName, self);
  }

  async unregisterWorker(owner: string): Promise<void> {
    if (isInMemoryPath(this.path)) return;
    unregisterSqliteWorker(this.handle, this.presence, this.hubName, owner);
  }

  /** Removes every row of this hub (and nothing of other hubs in the file) in one transaction. */
  async deleteHub(): Promise<void> {
    deleteSqliteHub(this.handle.database(), this.hubName);
  }

  /** Whole-instance access to this hub's rows, as stored, for `durable export` / `import` / `verify`. */
  transferStore(): HubTransferStore {
    return new SqliteTransferStore(this.handle, this.hubName, `sqlite:${this.path} (hub ${this.hubName})`);
  }

  /** The underlying connection (opened if needed), e.g. to inspect PRAGMAs. Not for writing. */
  database(): Database.Database {
    return this.handle.database();
  }

  async sendToInstance(instanceId: string, event: HistoryEvent, visibleAt: number): Promise<SendOutcome> {
    return this.clientWrites.sendToInstance(instanceId, event, visibleAt);
  }

  async sendToEntity(entityInstanceId: string, event: HistoryEvent, visibleAt: number): Promise<void> {
    await this.clientWrites.sendToEntity(entityInstanceId, event, visibleAt, this.options.clock.now());
  }

  async deleteEntityIfIdle(entityInstanceId: string, expectedState: string | undefined, now: number): Promise<boolean> {
    return this.handle.write(`delete entity '${entityInstanceId}'`, ({ orchestrations }, changes) => {
      const deleted = orchestrations.deleteIdleEntity.run({ hub: this.hubName, instanceId: entityInstanceId, entityState: expectedState ?? null, now }).changes > 0;
      if (deleted) changes.addInstance(entityInstanceId);
      return deleted;
    });
  }

  async createInstance(instance: NewInstance): Promise<CreatedInstance> {
    return this.clientWrites.createInstance(instance);
  }

  async rewindInstance(rewind: InstanceRewind): Promise<boolean> {
    const hub = this.hubName;
    return this.handle.write(`rewind '${rewind.instanceId}'`, (statements, changes) => {
      const { orchestrations, activities } = statements;
      const key = { hub, instanceId: rewind.instanceId };
      const row = orchestrations.selectInstance.get(key);
      const leased = row?.locked_by != null && (row.lock_expires_at ?? 0) > rewind.now;
      if (row === undefined || row.runtime_status !== 'Failed' || row.execution_id !== rewind.executionId || row.history_length !== rewind.expectedHistoryLength || leased) {
        return false;
      }
      orchestrations.deleteHistory.run(key);
      rewind.history.forEach((event, seq) => orchestrations.insertHistory.run({ ...key, seq, event: serializeEvent(event) }));
      orchestrations.markRewound.run({ ...key, historyLength: rewind.history.length, now: rewind.now });
      for (const activity of rewind.activities) {
        activities.insertActivity.run(newActivityParams({ ...key, executionId: rewind.executionId }, activity));
        changes.addWork('activity');
      }
      for (const message of [...rewind.messages, { instanceId: rewind.instanceId, event: rewind.rewoundEvent, visibleAt: rewind.now }]) {
        orchestrations.insertMessage.run({ hub, instanceId: message.instanceId, event: serializeEvent(message.event), visibleAt: message.visibleAt });
      }
      changes.addWork('orchestration');
      changes.addInstance(rewind.instanceId);
      return true;
    });
  }

  async queryInstances(query: InstanceQuery): Promise<InstancePage> {
    return queryInstances(this.handle, this.hubName, query);
  }

  async purgeInstances(filter: InstanceFilter & { readonly instanceId?: string }): Promise<number> {
    return purgeInstances(this.handle, this.hubName, filter);
  }

  async getInstance(instanceId: string): Promise<InstanceRecord | undefined> {
    return this.handle.read(`read instance '${instanceId}'`, ({ orchestrations }) => {
      const row = orchestrations.selectInstance.get({ hub: this.hubName, instanceId });
      return row === undefined ? undefined : toInstanceRecord(row);
    });
  }

  async getHistory(instanceId: string): Promise<HistoryEvent[]> {
    return this.handle.read(`read the history of '${instanceId}'`, ({ orchestrations }) => {
      const key = { hub: this.hubName, instanceId };
      const events = orchestrations.selectHistory.all(key).map((row) => parseEvent(row.event));
      const failure = orchestrations.selectInstance.get(key)?.failure_details ?? null;
      return historyAsRead(events, failure !== null ? (JSON.parse(failure) as FailureDetails) : undefined);
    });
  }

  async claimOrchestrationWorkItems(request: ClaimRequest): Promise<OrchestrationWorkItem[]> {
    return claimOrchestrationWorkItems(this.handle, this.hubName, request);
  }

  async commitOrchestrationEpisodes(owner: string, commits: readonly EpisodeCommit[]): Promise<EpisodeCommitOutcome[]> {
    return [...(await this.commitOrchestrationEpisodeBatch(owner, commits)).outcomes];
  }

  async commitOrchestrationEpisodeBatch(owner: string, commits: readonly EpisodeCommit[]): Promise<EpisodeBatchOutcome> {
    if (commits.length === 0) return { outcomes: [], leasedActivities: [] };
    const hub = this.hubName;
    return this.queue.submit(`commit ${commits.length} orchestration episode(s)`, (statements, changes) => {
      const writes = new SqliteEpisodeWrites(hub, owner, statements.episodes, changes);
      const outcomes = applyEpisodeBatch({ hub, owner, changes, writes, ...statements }, commits);
      writes.flush();
      return { outcomes, leasedActivities: writes.leased };
    });
  }

  async createInstancesWithFirstEpisodes(owner: string, starts: readonly FirstEpisode[]): Promise<FirstEpisodeBatchOutcome> {
    if (starts.length === 0) return { outcomes: [], leasedActivities: [] };
    const hub = this.hubName;
    return this.queue.submit(`start ${starts.length} instance(s) with their first episodes`, (statements, changes) => writeFirstEpisodes(hub, owner, statements, changes, starts));
  }

  async abandonOrchestrationWorkItem(owner: string, instanceId: string, retryAt: number): Promise<void> {
    const key = { hub: this.hubName, instanceId };
    this.handle.write(`abandon the work item of '${instanceId}'`, ({ orchestrations }, changes) => {
      if (orchestrations.releaseLease.run({ ...key, owner }).changes === 0) return;
      orchestrations.delayMessages.run({ ...key, retryAt });
      changes.addWork('orchestration');
    });
  }

  async renewOrchestrationLeases(owner: string, instanceIds: readonly string[], now: number, leaseMs: number): Promise<string[]> {
    const ids = [...new Set(instanceIds)];
    if (ids.length === 0) return [];
    const hub = this.hubName;
    return this.handle.write('renew orchestration leases', ({ orchestrations }) =>
      ids.filter((instanceId) => orchestrations.renewLease.run({ hub, instanceId, owner, expiresAt: now + leaseMs }).changes > 0),
      { durable: false },
    );
  }

  async claimActivityWorkItems(request: ClaimRequest): Promise<ActivityWorkItem[]> {
    return claimActivityWorkItems(this.handle, this.hubName, request);
  }

  async completeActivityWorkItems(results: readonly ActivityResult[], now: number): Promise<number> {
    if (results.length === 0) return 0;
    const hub = this.hubName;
    return this.queue.submit(`complete ${results.length} activity work item(s)`, (statements, changes) => recordActivityResults(statements, hub, results, now, changes));
  }

  async abandonActivityWorkItem(owner: string, workItemId: number, retryAt: number): Promise<void> {
    this.handle.write(`abandon activity work item ${workItemId}`, ({ activities }, changes) => {
      if (activities.abandonActivity.run({ hub: this.hubName, workItemId, owner, retryAt }).changes > 0) {
        changes.addWork('activity');
      }
    });
  }

  async renewActivityLeases(owner: string, workItemIds: readonly number[], now: number, leaseMs: number): Promise<number[]> {
    const ids = [...new Set(workItemIds)];
    if (ids.length === 0) return [];
    const hub = this.hubName;
    return this.handle.write('renew activity leases', ({ activities }) =>
      ids.filter((workItemId) => activities.renewLease.run({ hub, workItemId, owner, expiresAt: now + leaseMs }).changes > 0),
      { durable: false },
    );
  }

  async nextVisibleAt(kind: WorkKind, now: number): Promise<number | undefined> {
    return this.handle.read(`find the next visible ${kind} work`, (statements) => {
      const queue = kind === 'orchestration' ? statements.orchestrations : statements.activities;
      return queue.nextVisibleAt.get({ hub: this.hubName, now })?.next ?? undefined;
    });
  }

  async pendingWork(now: number): Promise<PendingWork> {
    return this.handle.read('count the pending work', (statements) => ({
      orchestration: pendingCount(statements.orchestrations.pending.get({ hub: this.hubName, now })),
      activity: pendingCount(statements.activities.pending.get({ hub: this.hubName, now })),
    }));
  }

  onChange(listener: (change: StorageChange) => void): () => void {
    return this.notifier.subscribe(listener);
  }

  stats(): StorageStats {
    return { commits: this.handle.commits };
  }
}

function pendingCount(row: { pending: number; oldest: number | null } | undefined): PendingWorkCount {
  return { pending: row?.pending ?? 0, ...(row?.oldest != null ? { oldestVisibleAt: row.oldest } : {}) };
}
