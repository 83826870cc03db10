import { DurableTask } from './durable-task';
import { nextPoll, type DurableHttpResponse, type HttpActivityInput, type PreparedHttpRequest } from './durable-http';
import type { TimerTask } from './timer-task';

/**
 * `ctx.callHttp`: one `BuiltIn::HttpActivity` call, then, while the response is a 202 with a
 * Location (and polling is enabled), a durable timer for Retry-After and a GET of the Location.
 * Every request, response and wait is a recorded action, so replay takes the same path. It is a
 * DurableTask: await it, or pass it to `ctx.all` / `ctx.any`.
 */
export class DurableHttpTask extends DurableTask<DurableHttpResponse> {
  private current: DurableTask<unknown>;
  private currentRequest: HttpActivityInput;

  constructor(
    private readonly prepared: PreparedHttpRequest,
    private readonly send: (input: HttpActivityInput) => DurableTask<DurableHttpResponse>,
    private readonly createTimer: (fireAt: Date) => TimerTask,
    private readonly now: () => Date,
  ) {
    super();
    this.currentRequest = prepared.activityInput;
    this.current = send(prepared.activityInput);
  }

  override markAwaited(): void {
    super.markAwaited();
    this.current.markAwaited();
  }

  /** @internal Wires the first request; called once by the context after construction. */
  begin(): this {
    const first = this.current as DurableTask<DurableHttpResponse>;
    first.addParent(() => this.onResponse(first));
    return this;
  }

  private watch<C extends DurableTask<unknown>>(task: C): C {
    if (this.isAwaited) task.markAwaited();
    this.current = task;
    return task;
  }

  private onResponse(request: DurableTask<DurableHttpResponse>): boolean {
    if (request.isFaulted) return this.fail(request.error);
    const response = request.result;
    const poll = this.prepared.pollingEnabled ? nextPoll(response, this.currentRequest, this.now(), this.prepared.pollingIntervalMs) : undefined;
    if (poll === undefined) return this.complete(response);
    const timer = this.watch(this.createTimer(new Date(this.now().getTime() + poll.delayMs)));
    timer.addParent(() => {
      this.currentRequest = poll.request;
      const next = this.watch(this.send(poll.request));
      next.addParent(() => this.onResponse(next));
      return next.isCompleted ? this.onResponse(next) : false;
    });
    return false;
  }
}
