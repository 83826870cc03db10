import { DurableTask, type TaskResult } from './durable-task';

/** What `ctx.any` resolves to: the first task to finish (successfully or not) and its position. */
export interface WhenAnyResult<T extends DurableTask<unknown>> {
  readonly index: number;
  readonly task: T;
}

/** Completes with every child's result in order, or fails with the first child failure. */
export class WhenAllTask<T extends readonly DurableTask<unknown>[]> extends DurableTask<{ -readonly [K in keyof T]: TaskResult<T[K]> }> {
  private remaining: number;

  constructor(readonly children: T) {
    super();
    this.remaining = children.length;
    for (const child of children) child.addParent(() => this.onChild(child));
    for (const child of children) if (child.isCompleted) this.onChild(child);
    if (children.length === 0) this.complete([] as unknown as { -readonly [K in keyof T]: TaskResult<T[K]> });
  }

  override markAwaited(): void {
    super.markAwaited();
    for (const child of this.children) child.markAwaited();
  }

  private onChild(child: DurableTask<unknown>): boolean {
    if (this.isCompleted) return false;
    if (child.isFaulted) return this.fail(child.error);
    this.remaining -= 1;
    if (this.remaining > 0) return false;
    return this.complete(this.children.map((c) => c.result) as { -readonly [K in keyof T]: TaskResult<T[K]> });
  }
}

/** Completes with the first child that finishes, whether it succeeded or failed. */
export class WhenAnyTask<T extends DurableTask<unknown>> extends DurableTask<WhenAnyResult<T>> {
  constructor(readonly children: readonly T[]) {
    super();
    children.forEach((child, index) => child.addParent(() => this.complete({ index, task: child })));
    const done = children.findIndex((c) => c.isCompleted);
    const first = children[done];
    if (first !== undefined) this.complete({ index: done, task: first });
  }

  override markAwaited(): void {
    super.markAwaited();
    for (const child of this.children) child.markAwaited();
  }
}
