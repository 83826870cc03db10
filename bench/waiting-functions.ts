import { setTimeout as delay } from 'node:timers/promises';
import { Activities, Activity, Orchestrator, type DurableTask, type OrchestrationContext } from 'durable-ts';

/**
 * Activities that wait instead of computing, as activities calling other services do: they hold
 * an activity slot without using the CPU, so how many run at once (slots per worker × workers)
 * bounds the throughput, not this machine's cores.
 */

export const WAITING_ACTIVITY = 'Bench_Wait';
export const WAITING_FAN_OUT = 'Bench_WaitingFanOut';

export interface WaitingFanOutInput {
  readonly count: number;
  readonly waitMs: number;
}

interface WaitInput {
  readonly index: number;
  readonly waitMs: number;
}

@Activities()
export class BenchWaitingActivities {
  /** Waits `waitMs`, then answers its index. */
  @Activity(WAITING_ACTIVITY)
  async wait(input: WaitInput): Promise<number> {
    await delay(input.waitMs);
    return input.index;
  }
}

/** Fans out `count` waiting activities with `ctx.all` and returns the sum of their indexes. */
@Orchestrator(WAITING_FAN_OUT)
export class BenchWaitingFanOut {
  async run(ctx: OrchestrationContext<WaitingFanOutInput>): Promise<number> {
    const { count, waitMs } = ctx.getInput();
    const tasks: DurableTask<number>[] = [];
    for (let index = 0; index < count; index++) tasks.push(ctx.callActivity<number>(WAITING_ACTIVITY, { index, waitMs }));
    const results = await ctx.all(tasks);
    return results.reduce((sum, value) => sum + value, 0);
  }
}
