import { metrics, ValueType, type BatchObservableResult, type Counter, type Histogram, type Meter, type ObservableGauge } from '@opentelemetry/api';
import { INSTRUMENTATION_SCOPE } from './durable-tracer';

/** The kinds of queued work the metrics tell apart. */
export type QueueKind = 'orchestration' | 'activity';

/** The work waiting (visible, not yet taken) in one queue: how much, and since when. */
export interface QueueBacklog {
  readonly pending: number;
  /** Epoch ms the oldest pending item became visible; absent when none is pending. */
  readonly oldestVisibleAt?: number;
}

/** How an orchestration execution ended, as counted. */
export type FinishedStatus = 'Completed' | 'Failed' | 'Terminated';

const NAME = 'durable.orchestration.name';
const KIND = 'durable.work.kind';

/**
 * The framework's instruments, created from the global meter provider when a worker is made
 * (the metrics API has no late binding: register the MeterProvider before creating the host).
 * With no SDK registered every instrument is the API's no-op.
 */
export class DurableMetrics {
  private readonly meter: Meter;
  private readonly started: Counter;
  private readonly finished: Record<FinishedStatus, Counter>;
  private readonly activityDuration: Histogram;
  private readonly episodeDuration: Histogram;
  private readonly leaseLosses: Counter;
  private readonly poisonItems: Counter;
  private readonly queueDepth: ObservableGauge;
  private readonly oldestAge: ObservableGauge;

  constructor() {
    const meter = metrics.getMeter(INSTRUMENTATION_SCOPE);
    this.meter = meter;
    const counter = (name: string, description: string): Counter => meter.createCounter(name, { description, valueType: ValueType.INT });
    this.started = counter('durable.orchestration.started', 'Orchestration executions started (their first episode committed), by orchestrator name.');
    this.finished = {
      Completed: counter('durable.orchestration.completed', 'Orchestration executions completed, by orchestrator name.'),
      Failed: counter('durable.orchestration.failed', 'Orchestration executions failed, by orchestrator name.'),
      Terminated: counter('durable.orchestration.terminated', 'Orchestration executions terminated, by orchestrator name.'),
    };
    this.activityDuration = meter.createHistogram('durable.activity.duration', { description: 'Time an activity ran on a worker, by activity name and outcome.', unit: 's' });
    this.episodeDuration = meter.createHistogram('durable.episode.duration', {
      description: 'Time from claiming an orchestration instance to committing its episode, by orchestrator name.',
      unit: 's',
    });
    this.leaseLosses = counter(
      'durable.lease.lost',
      'Episodes whose commit was refused (another worker took the instance) and activity results refused (their work item gone), by kind.',
    );
    this.poisonItems = counter('durable.poison_items', 'Work items failed as poison after too many claims, by kind.');
    this.queueDepth = meter.createObservableGauge('durable.queue.depth', { description: 'Work items due and waiting to be taken, by kind.', valueType: ValueType.INT });
    this.oldestAge = meter.createObservableGauge('durable.queue.oldest_age', { description: 'Age of the oldest work item due and waiting, by kind.', unit: 's' });
  }

  orchestrationStarted(name: string): void {
    this.started.add(1, { [NAME]: name });
  }

  orchestrationFinished(name: string, status: FinishedStatus): void {
    this.finished[status].add(1, { [NAME]: name });
  }

  activityRan(name: string, outcome: 'completed' | 'failed', seconds: number): void {
    this.activityDuration.record(seconds, { 'durable.activity.name': name, 'durable.activity.outcome': outcome });
  }

  episodeRan(name: string, seconds: number): void {
    this.episodeDuration.record(seconds, { [NAME]: name });
  }

  leaseLost(kind: QueueKind, count = 1): void {
    if (count > 0) this.leaseLosses.add(count, { [KIND]: kind });
  }

  poisonItem(kind: QueueKind | 'entity', count = 1): void {
    if (count > 0) this.poisonItems.add(count, { [KIND]: kind });
  }

  /**
   * Reports the queues through `read` whenever the SDK collects (one storage query per collection,
   * not per item); returns the function that stops it (the host calls it on stop).
   */
  observeQueues(read: () => Promise<Record<QueueKind, QueueBacklog>>, now: () => number): () => void {
    const callback = async (observe: BatchObservableResult): Promise<void> => {
      const backlog = await read();
      const at = now();
      for (const kind of ['orchestration', 'activity'] as const) {
        const { pending, oldestVisibleAt } = backlog[kind];
        observe.observe(this.queueDepth, pending, { [KIND]: kind });
        observe.observe(this.oldestAge, oldestVisibleAt === undefined ? 0 : Math.max(0, at - oldestVisibleAt) / 1000, { [KIND]: kind });
      }
    };
    this.meter.addBatchObservableCallback(callback, [this.queueDepth, this.oldestAge]);
    return () => this.meter.removeBatchObservableCallback(callback, [this.queueDepth, this.oldestAge]);
  }
}
