import { Activities, Activity, Orchestrator, type DurableTask, type OrchestrationContext } from 'durable-ts';

/** Activity names used by the bench-only orchestrators. */
export const BENCH_ACTIVITY = { echo: 'Bench_Echo', increment: 'Bench_Increment' } as const;

/** Orchestrator names registered by the bench. */
export const BENCH_ORCHESTRATOR = { fanOut: 'Bench_FanOutFanIn', longSequence: 'Bench_LongSequence' } as const;

/** Trivial activities: the bench measures the framework, not the work. */
@Activities()
export class BenchActivities {
  @Activity(BENCH_ACTIVITY.echo)
  echo(value: number): number {
    return value;
  }

  @Activity(BENCH_ACTIVITY.increment)
  increment(value: number): number {
    return value + 1;
  }
}

/** Fans out `input` trivial activities with `ctx.all` and returns the sum of their results. */
@Orchestrator(BENCH_ORCHESTRATOR.fanOut)
export class BenchFanOutFanIn {
  async run(ctx: OrchestrationContext<number>): Promise<number> {
    const count = ctx.getInput();
    const tasks: DurableTask<number>[] = [];
    for (let i = 0; i < count; i++) tasks.push(ctx.callActivity<number>(BENCH_ACTIVITY.echo, i));
    const results = await ctx.all(tasks);
    return results.reduce((sum, value) => sum + value, 0);
  }
}

/** Calls `input` activities one after another, so the history grows by one step per episode. */
@Orchestrator(BENCH_ORCHESTRATOR.longSequence)
export class BenchLongSequence {
  async run(ctx: OrchestrationContext<number>): Promise<number> {
    const steps = ctx.getInput();
    let value = 0;
    for (let i = 0; i < steps; i++) value = await ctx.callActivity<number>(BENCH_ACTIVITY.increment, value);
    return value;
  }
}
