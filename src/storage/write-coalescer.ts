/** One operation's outcome inside a batch: its value, or the error that only it met. */
export type Settled<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: unknown };

/**
 * Writes a batch of operations in one transaction, in the order given, and settles each one; a
 * failure of the batch as a whole (storage unavailable, closed) is thrown and reaches every caller.
 */
export type BatchWriter<Op, R> = (ops: readonly Op[]) => Promise<readonly Settled<R>[]>;

interface Pending<Op, R> {
  readonly op: Op;
  readonly resolve: (value: R) => void;
  readonly reject: (error: unknown) => void;
}

/** Operations in one transaction at most; a larger queue is written in several, in order. */
export const DEFAULT_MAX_BATCH = 256;

/**
 * Group commit: operations submitted while a batch is being written, or in the same turn of the
 * event loop as the last batch, go into the next transaction together (one COMMIT, one fsync).
 * A lone operation is written at once, so its latency is what it was without the coalescer.
 *
 * Why the pause after each batch lasts until the end of the turn (`setImmediate`): the callers a
 * batch resolves usually write again as soon as they resume, in the microtasks of this same turn;
 * waiting for them makes their writes one transaction instead of one each. Nothing waits on a timer.
 */
export class WriteCoalescer<Op, R> {
  private queue: Pending<Op, R>[] = [];
  private draining = false;

  constructor(
    private readonly write: BatchWriter<Op, R>,
    private readonly maxBatch = DEFAULT_MAX_BATCH,
  ) {}

  submit(op: Op): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ op, resolve, reject });
      if (!this.draining) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      while (this.queue.length > 0) {
        await this.flush(this.queue.splice(0, this.maxBatch));
        await endOfTurn();
      }
    } finally {
      this.draining = false;
    }
  }

  private async flush(batch: readonly Pending<Op, R>[]): Promise<void> {
    let results: readonly Settled<R>[];
    try {
      results = await this.write(batch.map((pending) => pending.op));
    } catch (error) {
      for (const pending of batch) pending.reject(error);
      return;
    }
    batch.forEach((pending, index) => {
      const result = results[index];
      if (result === undefined) pending.reject(new Error(`The batch writer settled ${results.length} of ${batch.length} operations.`));
      else if (result.ok) pending.resolve(result.value);
      else pending.reject(result.error);
    });
  }
}

function endOfTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
