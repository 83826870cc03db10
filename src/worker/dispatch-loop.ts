import type { Clock } from '../model/clock';
import type { Logger } from '../model/logger';
import type { StorageProvider } from '../storage/storage-provider';
import type { WorkKind } from '../storage/storage-records';
import type { StorageHealth } from './storage-health';
import { WorkSignal } from './work-signal';
import { workerLogs } from './worker-logs';

const MIN_IDLE_MS = 50;
/** While storage is read-only: how often a loop checks whether it takes writes again. */
const READ_ONLY_PROBE_MS = 1_000;

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * The loop both dispatchers share: claim while there is capacity; when idle, sleep until woken
 * by an in-process change, until the next visible message is due, or for a backed-off poll
 * interval (the safety net for other processes' work). No fixed-interval busy polling. While
 * storage is read-only (see StorageHealth) it claims nothing and only probes now and then.
 */
export class DispatchLoop {
  readonly signal = new WorkSignal();
  private running = false;
  private done: Promise<void> | undefined;
  private tickedAt: number | undefined;

  constructor(
    private readonly kind: WorkKind,
    private readonly provider: StorageProvider,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly health: StorageHealth,
    private readonly maxPollingIntervalMs: number,
    private readonly capacity: () => number,
    /** Claims and starts up to `maxItems` items; returns how many it claimed. */
    private readonly step: (maxItems: number) => Promise<number>,
    /** Most items one step claims. */
    private readonly batchLimit = Number.POSITIVE_INFINITY,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.done = this.run();
  }

  /**
   * When the loop last went round (epoch ms by the worker's clock), undefined before it started.
   * It goes round at least every `maxPollingIntervalMs` (or a second while storage is read-only),
   * so an old tick means a claim or commit that does not return: the liveness signal.
   */
  get lastTickAt(): number | undefined {
    return this.tickedAt;
  }

  async stop(): Promise<void> {
    this.running = false;
    this.signal.notify();
    await this.done;
  }

  private async run(): Promise<void> {
    let idleMs = MIN_IDLE_MS;
    while (this.running) {
      this.tickedAt = this.clock.now();
      if (!this.health.state.writable) {
        // Claims would fail (and every one would log): wait, then let one no-op write decide.
        await this.signal.wait(READ_ONLY_PROBE_MS);
        if (this.running) await this.health.probe();
        continue;
      }
      const free = this.capacity();
      if (free <= 0) {
        await this.signal.wait(this.maxPollingIntervalMs);
        continue;
      }
      const requested = Math.min(free, this.batchLimit);
      let claimed = 0;
      try {
        claimed = await this.step(requested);
      } catch (error) {
        if (this.health.noteFailure(error)) continue;
        // Logged, then claimed = 0 sends the loop into the idle wait below, which doubles up to
        // maxPollingIntervalMs: a storage outage is retried with backoff, not in a tight loop.
        workerLogs.dispatcherError(this.log, { kind: this.kind, error });
      }
      if (claimed >= requested) {
        idleMs = MIN_IDLE_MS;
        // A full batch: more may be waiting. Let timers, I/O and pending result flushes run
        // first: storage calls are synchronous, so a loop that always finds work would
        // otherwise hold the event loop until the queue drains.
        await yieldToEventLoop();
        continue;
      }
      if (claimed > 0) {
        // It took all it saw: claiming again at once would mostly find nothing. New work
        // wakes it (wake-ups that came during the claim are kept), else it looks again shortly.
        idleMs = MIN_IDLE_MS;
        await this.signal.wait(Math.min(MIN_IDLE_MS, this.maxPollingIntervalMs));
        continue;
      }
      if (!this.running) break;
      await this.signal.wait(await this.idleWait(idleMs));
      idleMs = Math.min(idleMs * 2, this.maxPollingIntervalMs);
    }
  }

  private async idleWait(idleMs: number): Promise<number> {
    const now = this.clock.now();
    let next: number | undefined;
    try {
      next = await this.provider.nextVisibleAt(this.kind, now);
    } catch {
      // Only sizes the nap: without the answer the loop waits the backed-off interval. A storage
      // failure that lasts shows (and is logged) in the next claim.
      next = undefined;
    }
    return Math.min(idleMs, this.maxPollingIntervalMs, next !== undefined ? Math.max(1, next - now) : Infinity);
  }
}
