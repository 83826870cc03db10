import { decodeJson } from '../model/json-codec';
import { DurableTask } from './durable-task';
import type { SettleOutcome } from './durable-steps';

interface BufferedEvent {
  readonly name: string;
  readonly input: string | undefined;
  /** Arrival order across all names, so continue-as-new carries events over in order. */
  readonly seq: number;
}

/**
 * External events of one orchestration. Names match case-insensitively. An event goes to the
 * oldest waiter for its name; an event nobody waits for yet is buffered for a later
 * `waitForExternalEvent`, as in Durable Functions. Empty entries are dropped, so the maps hold
 * only names with a waiter or a buffered event.
 */
export class ExternalEvents {
  private readonly waiters = new Map<string, Array<DurableTask<unknown>>>();
  /** Made on the first event nobody waits for: most orchestrations never buffer one. */
  private buffered: Map<string, BufferedEvent[]> | undefined;
  private seq = 0;

  wait<T>(name: string): DurableTask<T> {
    const key = name.toLowerCase();
    const task = new DurableTask<T>();
    const event = this.buffered === undefined ? undefined : takeFirst(this.buffered, key);
    if (event !== undefined) {
      task.complete(decodeJson<T>(event.input));
      return task;
    }
    append(this.waiters, key, task as DurableTask<unknown>);
    return task;
  }

  /** Delivers an event to the oldest waiter for its name, or buffers it. */
  deliver(name: string, input: string | undefined): SettleOutcome {
    const key = name.toLowerCase();
    const waiter = takeFirst(this.waiters, key);
    if (waiter !== undefined) return waiter.complete(decodeJson(input)) ? 'resumed' : 'settled';
    append((this.buffered ??= new Map()), key, { name, input, seq: this.seq++ });
    return 'settled';
  }

  /** Events buffered (raised, never waited for), in arrival order, for continue-as-new. */
  unprocessed(): Array<{ name: string; input: string | undefined }> {
    if (this.buffered === undefined) return [];
    return [...this.buffered.values()].flat().sort((a, b) => a.seq - b.seq).map(({ name, input }) => ({ name, input }));
  }

  /** Names (lower-cased) that orchestrator code waits for and has not received. */
  waitingFor(): string[] {
    return [...this.waiters.keys()];
  }

  hasAwaitedWaiter(): boolean {
    for (const waiters of this.waiters.values()) if (waiters.some((t) => t.isAwaited)) return true;
    return false;
  }
}

function takeFirst<V>(map: Map<string, V[]>, key: string): V | undefined {
  const list = map.get(key);
  const first = list?.shift();
  if (list !== undefined && list.length === 0) map.delete(key);
  return first;
}

function append<V>(map: Map<string, V[]>, key: string, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}
