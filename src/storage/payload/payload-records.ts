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
 * Applies a PayloadTextMap to every payload inside the storage records: the JSON payloads of
 * history events (`input`, `result`: every payload field an event has), instance inputs,
 * outputs, custom status and entity state, and activity inputs. Structure (ids, names, event
 * types, failure details) stays as it is, so the providers' queries still read it.
 */
export class PayloadRecords {
  constructor(private readonly map: PayloadTextMap) {}

  async event<E extends HistoryEvent>(event: E): Promise<E> {
    const fields = event as { readonly input?: unknown; readonly result?: unknown };
    if (typeof fields.input !== 'string' && typeof fields.result !== 'string') return event;
    const copy: Record<string, unknown> = { ...event };
    if (typeof fields.input === 'string') copy['input'] = await this.map(fields.input);
    if (typeof fields.result === 'string') copy['result'] = await this.map(fields.result);
    return copy as unknown as E;
  }

  events(events: readonly HistoryEvent[]): Promise<HistoryEvent[]> {
    return Promise.all(events.map((event) => this.event(event)));
  }

  async instance(record: InstanceRecord): Promise<InstanceRecord> {
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
    const [instance, messages] = await Promise.all([
      this.instance(item.instance),
      Promise.all(item.messages.map(async (message) => ({ ...message, event: await this.event(message.event) }))),
    ]);
    return { ...item, instance, messages };
  }

  async activityWorkItem(item: ActivityWorkItem): Promise<ActivityWorkItem> {
    return item.input === undefined ? item : { ...item, input: await this.map(item.input) };
  }

  async activityResult(result: ActivityResult): Promise<ActivityResult> {
    return { ...result, event: await this.event(result.event) };
  }

  async newInstance<I extends NewInstance>(instance: I): Promise<I> {
    const [input, startEvent] = await Promise.all([this.optional(instance.input), this.event<ExecutionStartedEvent>(instance.startEvent)]);
    return { ...instance, ...(input !== undefined ? { input } : {}), startEvent };
  }

  async message(message: NewMessage): Promise<NewMessage> {
    return { ...message, event: await this.event(message.event) };
  }

  async activity(activity: NewActivity): Promise<NewActivity> {
    return activity.input === undefined ? activity : { ...activity, input: await this.map(activity.input) };
  }

  async commit(commit: EpisodeCommit): Promise<EpisodeCommit> {
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
}
