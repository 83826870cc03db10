import { ClientWrites } from '../client-writes';
import { writePostgresClientBatch } from './postgres-client-writes';
import { PostgresWorkerLock } from './postgres-worker-lock';
import { insertWorker, reclaimFromGoneWorkers, workerLockKey } from './postgres-worker-registry';
import type { HistoryEvent } from '../../model/history-event';
import type { StorageChange, StorageProvider } from '../storage-provider';
import type {
  ActivityResult,
  ActivityWorkItem,
  ClaimRequest,
  CreatedInstance,
  EpisodeBatchOutcome,
  EpisodeCommit,
  FirstEpisode,
  FirstEpisodeBatchOutcome,
  EpisodeCommitOutcome,
  InstanceFilter,
  InstancePage,
  InstanceQuery,
  InstanceRecord,
  InstanceRewind,
  NewInstance,
  OrchestrationWorkItem,
  SendOutcome,
  StorageStats,
  PendingWork,
  WorkKind,
} from '../storage-records';
import { completeActivities, nextVisibleAt, pendingWork } from './postgres-activity-results';
import { storageLogs } from '../storage-logs';
import { ChangeNotifier, ChangeSet } from '../change-notifier';
import { claimActivityWorkItems } from './postgres-activity-claim';
import { claimOrchestrationWorkItems } from './postgres-claims';
import { commitEpisodesInOneStatement, fitsOneStatement } from './postgres-episode-one-statement';
import { PostgresDatabase } from './postgres-database';
import { applyEpisodeCommits } from './postgres-episode-commit';
import { writeFirstEpisodes } from './postgres-first-episodes';
import { rewindInstance } from './postgres-executions';
import { deletePostgresHub, listPostgresHubs } from './postgres-hubs';
import { HubViews } from '../hub-views';
import { purgeInstances, queryInstances } from './postgres-instance-queries';
import { selectHistory, selectInstance, selectInstances } from './postgres-instances';
import { WriteCoalescer, type Settled } from '../write-coalescer';
import { abandonActivity, abandonOrchestration, renewActivityLeases, renewOrchestrationLeases } from './postgres-leases';
import { resolvePostgresStorageOptions, type PostgresStorageOptions, type ResolvedPostgresStorageOptions } from './postgres-options';
import type { PostgresTables, Queryable } from './postgres-tables';
import type { HubTransferStore } from '../transfer/hub-transfer-store';
import { PostgresTransferStore } from './postgres-transfer-store';

const claimedSomething = (items: readonly unknown[]): boolean => items.length > 0;

/**
 * StorageProvider on PostgreSQL (`pg` pool). All rows carry the hub name, so one database (one
 * schema) holds many task hubs, shared by many host processes. Every write is one transaction
 * (concurrent client writes, starts, raises and signals, share one: see ClientWrites);
 * claims use FOR UPDATE SKIP LOCKED, commits lock the instance rows and check the fence. Changes
 * reach this process's listeners after commit and other processes' through LISTEN/NOTIFY.
 */
export class PostgresStorageProvider implements StorageProvider {
  readonly kind = 'postgres';
  readonly hubName: string;
  readonly options: ResolvedPostgresStorageOptions;
  private readonly notifier: ChangeNotifier;
  private readonly db: PostgresDatabase;
  private readonly tables: PostgresTables;
  /** The connections holding registered workers' advisory locks. */
  private readonly workerLocks = new Map<string, PostgresWorkerLock>();
  /** Workers whose lock was re-taken after its connection broke and whose row is not yet written again. */
  private readonly unlisted = new Map<string, { readonly key: string; readonly registeredAt: number }>();

  private readonly hubs: HubViews<PostgresStorageProvider>;
  /** Starts, raises and signals, group-committed. */
  private readonly clientWrites: ClientWrites;
  /**
   * Status reads asked for while one is on its way, or in the same turn, go out together as one
   * statement (the coalescing of client writes, for reads): the waiters a batch of episode
   * commits wakes read their instances in one round trip. A lone read goes out at once.
   */
  private readonly instanceReads: WriteCoalescer<string, InstanceRecord | undefined>;

  constructor(options: PostgresStorageOptions) {
    this.options = resolvePostgresStorageOptions(options);
    this.notifier = new ChangeNotifier(this.options.logger);
    this.hubName = this.options.hubName;
    this.db = new PostgresDatabase(this.options, this.notifier);
    this.tables = this.db.tables;
    this.clientWrites = ClientWrites.batched((writes) => writePostgresClientBatch(this.db, this.hubName, writes));
    this.instanceReads = new WriteCoalescer((ids) => this.readInstances(ids));
    // A binding has its own pool (opened on first use) and its own hub's change notices.
    const { schema, poolConfig, clock } = this.options;
    this.hubs = new HubViews<PostgresStorageProvider>(this, (hubName) => new PostgresStorageProvider({ hubName, schema, pool: poolConfig, clock }));
  }

  forHub(hubName: string): PostgresStorageProvider {
    return this.hubs.get(hubName);
  }

  /** The hubs in this provider's schema. */
  async listHubs(): Promise<string[]> {
    return this.db.statement('list task hubs', (db) => listPostgresHubs(db, this.options.schema));
  }

  /** The hubs in `schema` of the database `connection` (a pool or client) reaches. */
  static async listHubs(connection: Queryable, schema = 'durable'): Promise<string[]> {
    return listPostgresHubs(connection, schema);
  }

  /** `user@host:port/database`, never the password. */
  get target(): string {
    return this.db.target;
  }

  /** Whole-instance access to this hub's rows, as stored, for `durable export` / `import` / `verify`. */
  transferStore(): HubTransferStore {
    return new PostgresTransferStore(this.db, this.hubName, `postgres:${this.target} (schema ${this.options.schema}, hub ${this.hubName})`);
  }

  async initialize(): Promise<void> {
    await this.db.initialize();
  }

  async close(): Promise<void> {
    await this.hubs.closeAll();
    await Promise.all([...this.workerLocks.keys()].map((owner) => this.releaseWorkerLock(owner)));
    await this.db.close();
  }

  async registerWorker(owner: string, now: number): Promise<number> {
    await this.db.initialize();
    const key = workerLockKey(this.options.schema, this.hubName, owner);
    if (!this.workerLocks.has(owner)) {
      const lock = await PostgresWorkerLock.hold(this.options.poolConfig, key, () => this.relist(owner, { key, registeredAt: now }), this.options.logger);
      this.workerLocks.set(owner, lock);
    }
    await this.db.transaction(`register worker '${owner}'`, (db) => insertWorker(db, this.tables, this.hubName, owner, key, now));
    return this.reclaimFromGoneWorkers(owner);
  }

  /**
   * Writes the row of a worker whose lock connection was re-established: a peer that saw the lock
   * free meanwhile deleted it. If this fails (a warning), the worker's next reclaim (every
   * lease-renewal tick) writes it, so no error escapes a background reconnect.
   */
  private relist(owner: string, registration: { key: string; registeredAt: number }): void {
    this.unlisted.set(owner, registration);
    const { key, registeredAt } = registration;
    this.db
      .transaction(`register worker '${owner}' again`, (db) => insertWorker(db, this.tables, this.hubName, owner, key, registeredAt))
      .then(
        () => this.unlisted.delete(owner),
        (error: unknown) => storageLogs.relistFailed(this.options.logger, { owner, error }),
      );
  }

  async reclaimFromGoneWorkers(self: string): Promise<number> {
    const relist = this.unlisted.get(self);
    const gone = await this.db.transaction('free the leases of gone workers', async (db, changes) => {
      if (relist !== undefined) await insertWorker(db, this.tables, this.hubName, self, relist.key, relist.registeredAt);
      return reclaimFromGoneWorkers(db, this.tables, this.hubName, self, changes);
    });
    if (relist !== undefined) this.unlisted.delete(self);
    return gone;
  }

  async unregisterWorker(owner: string): Promise<void> {
    await this.db.transaction(`unregister worker '${owner}'`, (db) =>
      db.query(`DELETE FROM ${this.tables.workers} WHERE hub = $1 AND owner = $2`, [this.hubName, owner]),
    );
    await this.releaseWorkerLock(owner);
  }

  private async releaseWorkerLock(owner: string): Promise<void> {
    const lock = this.workerLocks.get(owner);
    this.workerLocks.delete(owner);
    this.unlisted.delete(owner);
    await lock?.release();
  }

  /** Removes every row of this hub (and nothing of other hubs) in one transaction. */
  async deleteHub(): Promise<void> {
    await this.db.transaction(`delete hub '${this.hubName}'`, (db) => deletePostgresHub(db, this.tables, this.hubName));
  }

  async createInstance(instance: NewInstance): Promise<CreatedInstance> {
    return this.clientWrites.createInstance(instance);
  }

  async sendToInstance(instanceId: string, event: HistoryEvent, visibleAt: number): Promise<SendOutcome> {
    return this.clientWrites.sendToInstance(instanceId, event, visibleAt);
  }

  async sendToEntity(entityInstanceId: string, event: HistoryEvent, visibleAt: number): Promise<void> {
    await this.clientWrites.sendToEntity(entityInstanceId, event, visibleAt, this.options.clock.now());
  }

  async deleteEntityIfIdle(entityInstanceId: string, expectedState: string | undefined, now: number): Promise<boolean> {
    return this.db.transaction(`delete entity '${entityInstanceId}'`, async (db, changes) => {
      const result = await db.query(
        `DELETE FROM ${this.tables.instances} i WHERE i.hub = $1 AND i.instance_id = $2 AND i.entity_state IS NOT DISTINCT FROM $3
           AND (i.locked_by IS NULL OR i.lock_expires_at <= $4)
           AND NOT EXISTS (SELECT 1 FROM ${this.tables.messages} m WHERE m.hub = $1 AND m.instance_id = $2)`,
        [this.hubName, entityInstanceId, expectedState ?? null, now],
      );
      const deleted = (result.rowCount ?? 0) > 0;
      if (deleted) changes.addInstance(entityInstanceId);
      return deleted;
    });
  }

  async getInstance(instanceId: string): Promise<InstanceRecord | undefined> {
    return this.instanceReads.submit(instanceId);
  }

  /** Reads the instances asked for together (see instanceReads): one statement for all. */
  private async readInstances(instanceIds: readonly string[]): Promise<readonly Settled<InstanceRecord | undefined>[]> {
    const [only] = instanceIds;
    if (instanceIds.length === 1 && only !== undefined) {
      return [{ ok: true, value: await this.db.read(`read instance '${only}'`, (db) => selectInstance(db, this.tables, this.hubName, only)) }];
    }
    const found = await this.db.read(`read ${instanceIds.length} instances`, (db) => selectInstances(db, this.tables, this.hubName, instanceIds));
    return instanceIds.map((id) => ({ ok: true, value: found.get(id) }));
  }

  async getHistory(instanceId: string): Promise<HistoryEvent[]> {
    return this.db.read(`read the history of '${instanceId}'`, (db) => selectHistory(db, this.tables, this.hubName, instanceId));
  }

  async rewindInstance(rewind: InstanceRewind): Promise<boolean> {
    return this.db.transaction(`rewind '${rewind.instanceId}'`, (db, changes) => rewindInstance(db, this.tables, this.hubName, rewind, changes));
  }

  async queryInstances(query: InstanceQuery): Promise<InstancePage> {
    return this.db.read('query instances', (db) => queryInstances(db, this.tables, this.hubName, query));
  }

  async purgeInstances(filter: InstanceFilter & { readonly instanceId?: string }): Promise<number> {
    return this.db.transaction('purge instances', (db, changes) => purgeInstances(db, this.tables, this.hubName, filter, changes));
  }

  async claimOrchestrationWorkItems(request: ClaimRequest): Promise<OrchestrationWorkItem[]> {
    return this.db.statement('claim orchestration work items', (db, changes) => claimOrchestrationWorkItems(db, this.tables, this.hubName, request, changes), {
      counted: claimedSomething,
    });
  }

  async commitOrchestrationEpisodes(owner: string, commits: readonly EpisodeCommit[]): Promise<EpisodeCommitOutcome[]> {
    return [...(await this.commitOrchestrationEpisodeBatch(owner, commits)).outcomes];
  }

  async commitOrchestrationEpisodeBatch(owner: string, commits: readonly EpisodeCommit[]): Promise<EpisodeBatchOutcome> {
    if (commits.length === 0) return { outcomes: [], leasedActivities: [] };
    const operation = `commit ${commits.length} orchestration episode(s)`;
    if (fitsOneStatement(commits)) {
      // One round trip. Retried whole on a lost connection like any statement: a repeat of a
      // batch that did commit finds its fences moved and reports lease-lost, which only delays
      // (the worker drops its cached executor; activities it leased are claimed after their lease).
      return this.db.statement(
        operation,
        (db, changes) => commitEpisodesInOneStatement(db, this.tables, this.hubName, owner, commits, (batch) => this.db.notices(batch), changes),
        { notifiedInStatement: true },
      );
    }
    return this.db.transaction(operation, (db, changes) => applyEpisodeCommits(db, this.tables, this.hubName, owner, commits, changes));
  }

  async createInstancesWithFirstEpisodes(owner: string, starts: readonly FirstEpisode[]): Promise<FirstEpisodeBatchOutcome> {
    if (starts.length === 0) return { outcomes: [], leasedActivities: [] };
    return this.db.transaction(`start ${starts.length} instance(s) with their first episodes`, (db, changes) =>
      writeFirstEpisodes(db, this.tables, this.hubName, owner, starts, this.db.notices(new ChangeSet()).channel, changes),
    );
  }

  async abandonOrchestrationWorkItem(owner: string, instanceId: string, retryAt: number): Promise<void> {
    await this.db.transaction(`abandon the work item of '${instanceId}'`, (db, changes) =>
      abandonOrchestration(db, this.tables, this.hubName, { owner, instanceId, retryAt }, changes),
    );
  }

  async renewOrchestrationLeases(owner: string, instanceIds: readonly string[], now: number, leaseMs: number): Promise<string[]> {
    if (instanceIds.length === 0) return [];
    return this.db.statement('renew orchestration leases', (db) =>
      renewOrchestrationLeases(db, this.tables, this.hubName, { owner, instanceIds, expiresAt: now + leaseMs }),
    );
  }

  async claimActivityWorkItems(request: ClaimRequest): Promise<ActivityWorkItem[]> {
    return this.db.statement('claim activity work items', (db) => claimActivityWorkItems(db, this.tables, this.hubName, request), {
      counted: claimedSomething,
    });
  }

  async completeActivityWorkItems(results: readonly ActivityResult[], now: number): Promise<number> {
    if (results.length === 0) return 0;
    return this.db.transaction(`complete ${results.length} activity work item(s)`, (db, changes) =>
      completeActivities(db, this.tables, this.hubName, results, now, changes),
    );
  }

  async abandonActivityWorkItem(owner: string, workItemId: number, retryAt: number): Promise<void> {
    await this.db.statement(`abandon activity work item ${workItemId}`, (db, changes) =>
      abandonActivity(db, this.tables, this.hubName, { owner, workItemId, retryAt }, changes),
    );
  }

  async renewActivityLeases(owner: string, workItemIds: readonly number[], now: number, leaseMs: number): Promise<number[]> {
    if (workItemIds.length === 0) return [];
    return this.db.statement('renew activity leases', (db) =>
      renewActivityLeases(db, this.tables, this.hubName, { owner, workItemIds, expiresAt: now + leaseMs }),
    );
  }

  async nextVisibleAt(kind: WorkKind, now: number): Promise<number | undefined> {
    return this.db.read(`find the next visible ${kind} work`, (db) => nextVisibleAt(db, this.tables, this.hubName, kind, now));
  }

  async pendingWork(now: number): Promise<PendingWork> {
    return this.db.read('count the pending work', (db) => pendingWork(db, this.tables, this.hubName, now));
  }

  /** Changes committed by this provider, and (through LISTEN/NOTIFY) by other processes on this hub. */
  onChange(listener: (change: StorageChange) => void): () => void {
    return this.notifier.subscribe(listener);
  }

  stats(): StorageStats {
    return { commits: this.db.commits };
  }
}
