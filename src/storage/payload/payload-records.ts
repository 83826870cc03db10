import type { ExecutionStartedEvent, HistoryEvent } from '../../model/history-event';
import type {
  ActivityResult,
  ActivityWorkItem,
  EpisodeCommit,
  InstanceRecord,
  InstanceRewind,
  NewActivity,
  NewChildInstance,
  NewInstance,
  NewMessage,
  OrchestrationWorkItem,
} from '../storage-records';

/** Changes one payload's text (encode for storage, or decode what was stored). */
export type PayloadTextMap = (text: string) => Promise<string>;

/**
 * Whether the map may give `text` back changed; false only when it is certain to give it back as
 * it is. Records none of whose payloads may change are handed on as they are, without copies,
 * promises or waits: the common case (payloads stored as plain JSON) costs nothing.
 */
export type PayloadTextTest = (text: string) => boolean;

/**
 * Applies a PayloadTextMap to every payload inside the storage records: the JSON payloads of
 * history events (`input`, `result`: every payload field an event has), instance inputs,
 * outputs, custom status and entity state, and activity inputs. Structure (ids, names, event
 * types, failure details) stays as it is, so the providers' queries still read it.
 */
export class PayloadRecords {
  constructor(
    private readonly map: PayloadTextMap,
    private readonly mayChange: PayloadTextTest,
  ) {}

  async event<E extends HistoryEvent>(event: E): Promise<E> {
    if (!this.eventMayChange(event)) return event;
    const fields = event as { readonly input?: unknown; readonly result?: unknown };
    const copy: Record<string, unknown> = { ...event };
    if (typeof fields.input === 'string') copy['input'] = await this.map(fields.input);
    if (typeof fields.result === 'string') copy['result'] = await this.map(fields.result);
    return copy as unknown as E;
  }

  events(events: readonly HistoryEvent[]): Promise<HistoryEvent[]> {
    if (!this.someEventMayChange(events)) return Promise.resolve([...events]);
    return Promise.all(events.map((event) => this.event(event)));
  }

  async instance(record: InstanceRecord): Promise<InstanceRecord> {
    if (!this.instanceMayChange(record)) return record;
    const [input, output, customStatus, entityState] = await Promise.all([
      this.optional(record.input),
      this.optional(record.output),
      this.optional(record.customStatus),
      this.optional(record.entityState),
    ]);
    return {
      ...record,
      ...(input !== undefined ? { input } : {}),
      ...(output !== undefined ? { output } : {}),
      ...(customStatus !== undefined ? { customStatus } : {}),
      ...(entityState !== undefined ? { entityState } : {}),
    };
  }

  async orchestrationWorkItem(item: OrchestrationWorkItem): Promise<OrchestrationWorkItem> {
    if (!this.instanceMayChange(item.instance) && !item.messages.some((message) => this.eventMayChange(message.event))) return item;
    const [instance, messages] = await Promise.all([
      this.instance(item.instance),
      Promise.all(item.messages.map(async (message) => ({ ...message, event: await this.event(message.event) }))),
    ]);
    return { ...item, instance, messages };
  }

  async activityWorkItem(item: ActivityWorkItem): Promise<ActivityWorkItem> {
    return !this.textMayChange(item.input) ? item : { ...item, input: await this.map(item.input) };
  }

  async activityResult(result: ActivityResult): Promise<ActivityResult> {
    if (!this.eventMayChange(result.event)) return result;
    return { ...result, event: await this.event(result.event) };
  }

  async newInstance<I extends NewInstance>(instance: I): Promise<I> {
    if (!this.textMayChange(instance.input) && !this.eventMayChange(instance.startEvent)) return instance;
    const [input, startEvent] = await Promise.all([this.optional(instance.input), this.event<ExecutionStartedEvent>(instance.startEvent)]);
    return { ...instance, ...(input !== undefined ? { input } : {}), startEvent };
  }

  async message(message: NewMessage): Promise<NewMessage> {
    if (!this.eventMayChange(message.event)) return message;
    return { ...message, event: await this.event(message.event) };
  }

  async activity(activity: NewActivity): Promise<NewActivity> {
    return !this.textMayChange(activity.input) ? activity : { ...activity, input: await this.map(activity.input) };
  }

  async commit(commit: EpisodeCommit): Promise<EpisodeCommit> {
    if (!this.commitMayChange(commit)) return commit;
    const { update, continueAsNew } = commit;
    const [newHistory, output, customStatus, activities, messages, newInstances, entityState, next] = await Promise.all([
      this.events(commit.newHistory),
      this.optional(update.output),
      this.optional(update.customStatus),
      Promise.all(commit.activities.map((activity) => this.activity(activity))),
      Promise.all(commit.messages.map((message) => this.message(message))),
      commit.newInstances === undefined ? undefined : Promise.all(commit.newInstances.map((child) => this.child(child))),
      this.optional(commit.entityState),
      continueAsNew === undefined
        ? undefined
        : Promise.all([this.optional(continueAsNew.input), this.event(continueAsNew.startEvent), this.events(continueAsNew.carriedEvents)]),
    ]);
    return {
      ...commit,
      newHistory,
      update: { ...update, ...(output !== undefined ? { output } : {}), ...(customStatus !== undefined ? { customStatus } : {}) },
      activities,
      messages,
      ...(newInstances !== undefined ? { newInstances } : {}),
      ...(entityState !== undefined ? { entityState } : {}),
      ...(continueAsNew !== undefined && next !== undefined
        ? { continueAsNew: { ...continueAsNew, ...(next[0] !== undefined ? { input: next[0] } : {}), startEvent: next[1], carriedEvents: next[2] } }
        : {}),
    };
  }

  async rewind(rewind: InstanceRewind): Promise<InstanceRewind> {
    const [history, activities, messages, rewoundEvent] = await Promise.all([
      this.events(rewind.history),
      Promise.all(rewind.activities.map((activity) => this.activity(activity))),
      Promise.all(rewind.messages.map((message) => this.message(message))),
      this.event(rewind.rewoundEvent),
    ]);
    return { ...rewind, history, activities, messages, rewoundEvent };
  }

  private async child(child: NewChildInstance): Promise<NewChildInstance> {
    const [instance, onConflict] = await Promise.all([this.newInstance(child), child.onConflict === undefined ? undefined : this.message(child.onConflict)]);
    return { ...instance, ...(onConflict !== undefined ? { onConflict } : {}) };
  }

  private optional(text: string | undefined): Promise<string | undefined> {
    return text === undefined ? Promise.resolve(undefined) : this.map(text);
  }

  /** Checks every payload `commit` maps (keep the two in step). */
  private commitMayChange(commit: EpisodeCommit): boolean {
    const { update, continueAsNew } = commit;
    return (
      this.someEventMayChange(commit.newHistory) ||
      this.textMayChange(update.output) ||
      this.textMayChange(update.customStatus) ||
      commit.activities.some((activity) => this.textMayChange(activity.input)) ||
      commit.messages.some((message) => this.eventMayChange(message.event)) ||
      (commit.newInstances?.some((child) => this.textMayChange(child.input) || this.eventMayChange(child.startEvent) || (child.onConflict !== undefined && this.eventMayChange(child.onConflict.event))) ?? false) ||
      this.textMayChange(commit.entityState) ||
      (continueAsNew !== undefined &&
        (this.textMayChange(continueAsNew.input) || this.eventMayChange(continueAsNew.startEvent) || this.someEventMayChange(continueAsNew.carriedEvents)))
    );
  }

  private instanceMayChange(record: InstanceRecord): boolean {
    return this.textMayChange(record.input) || this.textMayChange(record.output) || this.textMayChange(record.customStatus) || this.textMayChange(record.entityState);
  }

  private someEventMayChange(events: readonly HistoryEvent[]): boolean {
    for (const event of events) if (this.eventMayChange(event)) return true;
    return false;
  }

  /** The payload fields `event` maps: `input` and `result`. */
  private eventMayChange(event: HistoryEvent): boolean {
    const fields = event as { readonly input?: unknown; readonly result?: unknown };
    return (typeof fields.input === 'string' && this.mayChange(fields.input)) || (typeof fields.result === 'string' && this.mayChange(fields.result));
  }

  private textMayChange(text: string | undefined): text is string {
    return text !== undefined && this.mayChange(text);
  }
}
