import { Entity } from 'durable-ts';

/** One event from some source, e.g. a device reading. */
export interface AggregatedEvent {
  readonly source: string;
  readonly value: number;
}

/** What the aggregator knows so far. */
export interface AggregateSummary {
  readonly count: number;
  readonly sum: number;
  readonly bySource: Readonly<Record<string, number>>;
}

/**
 * The aggregator pattern of the docs: events for one subject (the entity key) arrive from many
 * senders at any time, and one stateful entity folds them into a summary. Operations on one
 * entity run one at a time, so concurrent senders never lose an update. Send events with
 * `client.signalEntity('@eventaggregator@room-1', 'add', { source: 'sensor-a', value: 21 })` or
 * `POST /runtime/webhooks/durabletask/entities/EventAggregator/room-1?op=add`.
 */
@Entity('EventAggregator')
export class EventAggregator {
  count = 0;
  sum = 0;
  bySource: Record<string, number> = {};

  add(event: AggregatedEvent): void {
    this.count += 1;
    this.sum += event.value;
    this.bySource[event.source] = (this.bySource[event.source] ?? 0) + 1;
  }

  get(): AggregateSummary {
    return { count: this.count, sum: this.sum, bySource: { ...this.bySource } };
  }

  reset(): void {
    this.count = 0;
    this.sum = 0;
    this.bySource = {};
  }
}
