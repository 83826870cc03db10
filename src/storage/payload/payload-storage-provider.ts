import { assertPayloadSize } from '../../model/payload-limits';
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
  FirstEpisode,
  FirstEpisodeBatchOutcome,
  InstanceFilter,
  InstancePage,
  InstanceQuery,
  InstanceRecord,
  InstanceRewind,
  NewInstance,
  OrchestrationWorkItem,
  PendingWork,
  SendOutcome,
  StorageStats,
  WorkKind,
} from '../storage-records';
import type { PayloadCodec } from './payload-codec';
import { PayloadEnvelope } from './payload-envelope';
import { PayloadRecords } from './payload-records';

export interface PayloadStorageOptions {
  /** Largest payload (JSON text, UTF-8 bytes) a client may store: starts, events, signals. */
  readonly maxPayloadBytes: number;
  /** Payloads larger than this are stored brotli-compressed. */
  readonly compressionThresholdBytes: number;
  readonly codecs?: readonly PayloadCodec[];
}

/**
 * A StorageProvider around another one that stores payloads compressed (above a threshold) and
 * through the data converter's codecs, and gives them back as JSON on every read — history,
 * status, queries, claimed work — so the rest of the framework sees plain JSON. Works the same on
 * every provider: the stored text goes into the same columns.
 *
 * Size: what a client sends (start input, event data, termination reason, entity signal input) is
 * checked here, before anything is written. What workers produce (activity results, orchestrator
 * outputs, activity and sub-orchestration inputs, entity state) is checked where it is produced,
 * so the error reaches the code that made it instead of failing a commit.
 */
export class PayloadStorageProvider implements StorageProvider {
  private readonly envelope: PayloadEnvelope;
  private readonly encoder: PayloadRecords;
  private readonly decoder: PayloadRecords;
  /** Present when the inner provider has it (see StorageProvider.createInstancesWithFirstEpisodes). */
  readonly createInstancesWithFirstEpisodes?: (owner: string, starts: readonly FirstEpisode[]) => Promise<FirstEpisodeBatchOutcome>;
  /** Other hubs' bindings, wrapped once each like the inner provider's own. */
  private readonly hubs = new Map<string, PayloadStorageProvider>();

  constructor(
    readonly inner: StorageProvider,
    private readonly options: PayloadStorageOptions,
  ) {
    this.envelope = new PayloadEnvelope({ compressionThresholdBytes: options.compressionThresholdBytes, codecs: options.codecs ?? [] });
    this.encoder = new PayloadRecords(
      (text) => this.envelope.encode(text),
      (text) => this.envelope.encodeMayChange(text),
    );
    this.decoder = new PayloadRecords(
      (text) => this.envelope.decode(text),
      (text) => this.envelope.decodeMayChange(text),
    );
    const write = inner.createInstancesWithFirstEpisodes?.bind(inner);
    if (write !== undefined) this.createInstancesWithFirstEpisodes = (owner, starts) => this.writeFirstEpisodes(write, owner, starts);
  }

  get kind(): string {
    return this.inner.kind;
  }

  get hubName(): string {
    return this.inner.hubName;
  }

  initialize(): Promise<void> {
    return this.inner.initialize();
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  forHub(hubName: string): StorageProvider {
    if (hubName === this.inner.hubName) return this;
    let bound = this.hubs.get(hubName);
    if (bound === undefined) {
      bound = new PayloadStorageProvider(this.inner.forHub(hubName), this.options);
      this.hubs.set(hubName, bound);
    }
    return bound;
  }

  listHubs(): Promise<string[]> {
    return this.inner.listHubs();
  }

  deleteHub(): Promise<void> {
    return this.inner.deleteHub();
  }

  pendingWork(now: number): Promise<PendingWork> {
    return this.inner.pendingWork(now);
  }

  async createInstance(instance: NewInstance): Promise<CreatedInstance> {
    return this.inner.createInstance(await this.encodeNewInstance(instance));
  }

  /** The new instance as stored: its size checked, its input and start event encoded. */
  private async encodeNewInstance<I extends NewInstance>(instance: I): Promise<I> {
    assertPayloadSize(instance.input, `Input of orchestration '${instance.name}'`, this.options.maxPayloadBytes);
    // Nothing to encode (the common case: no codecs, a small input): the record goes on as it is.
    const plain = instance.input === undefined || !this.envelope.encodeMayChange(instance.input);
    if (plain && instance.startEvent.input === instance.input) return instance;
    const input = instance.input === undefined ? undefined : await this.envelope.encode(instance.input);
    // The start event carries the same input: store the same encoded text, encoded once.
    const startEvent = instance.startEvent.input === instance.input && input !== undefined ? { ...instance.startEvent, input } : await this.encoder.event(instance.startEvent);
    return { ...instance, ...(input !== undefined ? { input } : {}), startEvent };
  }

  /** Encodes the starts and their episodes for the inner provider's createInstancesWithFirstEpisodes, and decodes what it leased. */
  private async writeFirstEpisodes(
    write: NonNullable<StorageProvider['createInstancesWithFirstEpisodes']>,
    owner: string,
    starts: readonly FirstEpisode[],
  ): Promise<FirstEpisodeBatchOutcome> {
    const encoded = await Promise.all(starts.map(async (start) => ({ instance: await this.encodeNewInstance(start.instance), commit: await this.encoder.commit(start.commit) })));
    const { outcomes, leasedActivities } = await write(owner, encoded);
    return { outcomes, leasedActivities: await Promise.all(leasedActivities.map((item) => this.decoder.activityWorkItem(item))) };
  }

  async getInstance(instanceId: string): Promise<InstanceRecord | undefined> {
    const record = await this.inner.getInstance(instanceId);
    return record === undefined ? undefined : this.decoder.instance(record);
  }

  async sendToInstance(instanceId: string, event: HistoryEvent, visibleAt: number): Promise<SendOutcome> {
    this.assertEventSize(event);
    return this.inner.sendToInstance(instanceId, await this.encoder.event(event), visibleAt);
  }

  async sendToEntity(entityInstanceId: string, event: HistoryEvent, visibleAt: number): Promise<void> {
    this.assertEventSize(event);
    await this.inner.sendToEntity(entityInstanceId, await this.encoder.event(event), visibleAt);
  }

  /** Compares decoded state (a codec may encode one state differently each time), then deletes by the stored text. */
  async deleteEntityIfIdle(entityInstanceId: string, expectedState: string | undefined, now: number): Promise<boolean> {
    const stored = await this.inner.getInstance(entityInstanceId);
    if (stored === undefined) return false;
    const state = stored.entityState === undefined ? undefined : await this.envelope.decode(stored.entityState);
    if (state !== expectedState) return false;
    return this.inner.deleteEntityIfIdle(entityInstanceId, stored.entityState, now);
  }

  async getHistory(instanceId: string): Promise<HistoryEvent[]> {
    return this.decoder.events(await this.inner.getHistory(instanceId));
  }

  async queryInstances(query: InstanceQuery): Promise<InstancePage> {
    const page = await this.inner.queryInstances(query);
    return { ...page, instances: await Promise.all(page.instances.map((record) => this.decoder.instance(record))) };
  }

  purgeInstances(filter: InstanceFilter & { readonly instanceId?: string }): Promise<number> {
    return this.inner.purgeInstances(filter);
  }

  async rewindInstance(rewind: InstanceRewind): Promise<boolean> {
    return this.inner.rewindInstance(await this.encoder.rewind(rewind));
  }

  registerWorker(owner: string, now: number): Promise<number> {
    return this.inner.registerWorker(owner, now);
  }

  reclaimFromGoneWorkers(self: string): Promise<number> {
    return this.inner.reclaimFromGoneWorkers(self);
  }

  unregisterWorker(owner: string): Promise<void> {
    return this.inner.unregisterWorker(owner);
  }

  async claimOrchestrationWorkItems(request: ClaimRequest): Promise<OrchestrationWorkItem[]> {
    const items = await this.inner.claimOrchestrationWorkItems(request);
    return Promise.all(items.map((item) => this.decoder.orchestrationWorkItem(item)));
  }

  async commitOrchestrationEpisodes(owner: string, commits: readonly EpisodeCommit[]): Promise<EpisodeCommitOutcome[]> {
    return this.inner.commitOrchestrationEpisodes(owner, await Promise.all(commits.map((commit) => this.encoder.commit(commit))));
  }

  async commitOrchestrationEpisodeBatch(owner: string, commits: readonly EpisodeCommit[]): Promise<EpisodeBatchOutcome> {
    const { outcomes, leasedActivities } = await this.inner.commitOrchestrationEpisodeBatch(
      owner,
      await Promise.all(commits.map((commit) => this.encoder.commit(commit))),
    );
    return { outcomes, leasedActivities: await Promise.all(leasedActivities.map((item) => this.decoder.activityWorkItem(item))) };
  }

  abandonOrchestrationWorkItem(owner: string, instanceId: string, retryAt: number): Promise<void> {
    return this.inner.abandonOrchestrationWorkItem(owner, instanceId, retryAt);
  }

  renewOrchestrationLeases(owner: string, instanceIds: readonly string[], now: number, leaseMs: number): Promise<string[]> {
    return this.inner.renewOrchestrationLeases(owner, instanceIds, now, leaseMs);
  }

  async claimActivityWorkItems(request: ClaimRequest): Promise<ActivityWorkItem[]> {
    const items = await this.inner.claimActivityWorkItems(request);
    return Promise.all(items.map((item) => this.decoder.activityWorkItem(item)));
  }

  async completeActivityWorkItems(results: readonly ActivityResult[], now: number): Promise<number> {
    return this.inner.completeActivityWorkItems(await Promise.all(results.map((result) => this.encoder.activityResult(result))), now);
  }

  abandonActivityWorkItem(owner: string, workItemId: number, retryAt: number): Promise<void> {
    return this.inner.abandonActivityWorkItem(owner, workItemId, retryAt);
  }

  renewActivityLeases(owner: string, workItemIds: readonly number[], now: number, leaseMs: number): Promise<number[]> {
    return this.inner.renewActivityLeases(owner, workItemIds, now, leaseMs);
  }

  nextVisibleAt(kind: WorkKind, now: number): Promise<number | undefined> {
    return this.inner.nextVisibleAt(kind, now);
  }

  onChange(listener: (change: StorageChange) => void): () => void {
    return this.inner.onChange(listener);
  }

  stats(): StorageStats {
    return this.inner.stats();
  }

  private assertEventSize(event: HistoryEvent): void {
    const fields = event as { readonly input?: unknown; readonly name?: unknown; readonly operation?: unknown };
    if (typeof fields.input !== 'string') return;
    assertPayloadSize(fields.input, describeEventPayload(event), this.options.maxPayloadBytes);
  }
}

/** What a client-sent event's payload is, for the size error. */
function describeEventPayload(event: HistoryEvent): string {
  switch (event.type) {
    case 'EventRaised':
      return `Data of event '${event.name}'`;
    case 'EntityOperation':
      return `Input of entity operation '${event.operation}'`;
    case 'ExecutionTerminated':
      return 'Termination reason';
    default:
      return `Payload of ${event.type}`;
  }
}
