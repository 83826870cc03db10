/**
 * A durable task: the result of a durable call (activity, timer, event, combinator). It is a
 * PromiseLike, so orchestrators `await` it; it completes only when history says so.
 */
export class DurableTask<T> implements PromiseLike<T> {
  private state: 'pending' | 'completed' | 'failed' = 'pending';
  private value: T | undefined;
  private failure: unknown;
  private promise: Promise<T> | undefined;
  private settle: { resolve(value: T): void; reject(error: unknown): void } | undefined;
  private readonly parents: Array<() => boolean> = [];
  private awaitedFlag = false;

  get isCompleted(): boolean {
    return this.state !== 'pending';
  }

  get isFaulted(): boolean {
    return this.state === 'failed';
  }

  /**
   * @internal Why the task failed; undefined while it is pending or when it succeeded. Combinators
   * read it here rather than by catching the `result` getter.
   */
  get error(): unknown {
    return this.state === 'failed' ? this.failure : undefined;
  }

  /** The result of a task that completed successfully; throws for a pending or failed task. */
  get result(): T {
    if (this.state === 'completed') return this.value as T;
    if (this.state === 'failed') throw this.failure;
    throw new Error('The task has not completed yet; await it first.');
  }

  /** True once orchestrator code (or a combinator that is awaited) waits on this task. */
  get isAwaited(): boolean {
    return this.awaitedFlag;
  }

  then<R1 = T, R2 = never>(
    onfulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    this.markAwaited();
    return this.getPromise().then(onfulfilled, onrejected);
  }

  /** @internal Marks this task (and, for combinators, its children) as awaited. */
  markAwaited(): void {
    this.awaitedFlag = true;
  }

  /** @internal A combinator subscribes; the callback returns true if the parent settled. */
  addParent(onChildSettled: () => boolean): void {
    this.parents.push(onChildSettled);
  }

  /**
   * @internal Completes the task. Returns true when code may now run (someone awaits it through
   * a promise, or a combinator above it settled): the executor then yields to let it run.
   */
  complete(value: T): boolean {
    if (this.state !== 'pending') return false;
    this.state = 'completed';
    this.value = value;
    this.settle?.resolve(value);
    return this.notifyParents() || this.settle !== undefined;
  }

  /** @internal Fails the task; see `complete` for the return value. */
  fail(error: unknown): boolean {
    if (this.state !== 'pending') return false;
    this.state = 'failed';
    this.failure = error;
    this.settle?.reject(error);
    return this.notifyParents() || this.settle !== undefined;
  }

  private notifyParents(): boolean {
    let settledAny = false;
    for (const parent of this.parents) settledAny = parent() || settledAny;
    return settledAny;
  }

  private getPromise(): Promise<T> {
    if (this.promise) return this.promise;
    if (this.state === 'completed') this.promise = Promise.resolve(this.value as T);
    else if (this.state === 'failed') this.promise = Promise.reject(this.failure);
    else {
      this.promise = new Promise<T>((resolve, reject) => {
        this.settle = { resolve, reject };
      });
    }
    return this.promise;
  }
}

/** The value a task resolves to. */
export type TaskResult<T> = T extends DurableTask<infer R> ? R : never;
