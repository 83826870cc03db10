import { Activities, Activity, Entity, Orchestrator, entityId, type DurableTask, type EntityId, type OrchestrationContext } from 'durable-ts';

/** Activity names used by the bench-only orchestrators. */
export const BENCH_ACTIVITY = { echo: 'Bench_Echo', increment: 'Bench_Increment' } as const;

/** Orchestrator names registered by the bench. */
export const BENCH_ORCHESTRATOR = {
  fanOut: 'Bench_FanOutFanIn',
  longSequence: 'Bench_LongSequence',
  externalEvents: 'Bench_ExternalEvents',
  entityCalls: 'Bench_EntityCalls',
} as const;

/** The external event Bench_ExternalEvents waits for. */
export const BENCH_EVENT = 'Bench_Event';

/** The bench's counter entity and its one operation. */
export const BENCH_COUNTER = { name: 'Bench_Counter', add: 'add' } as const;

/** The id of the bench counter with this key. */
export function benchCounterId(key: string): EntityId {
  return entityId(BENCH_COUNTER.name, key);
}

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

/**
 * Waits for `input` Bench_Event events, one after another, and returns their payloads in order;
 * its custom status is the number of events received so far.
 */
@Orchestrator(BENCH_ORCHESTRATOR.externalEvents)
export class BenchExternalEvents {
  async run(ctx: OrchestrationContext<number>): Promise<number[]> {
    const count = ctx.getInput();
    const payloads: number[] = [];
    for (let i = 0; i < count; i++) {
      payloads.push(await ctx.waitForExternalEvent<number>(BENCH_EVENT));
      ctx.setCustomStatus(payloads.length);
    }
    return payloads;
  }
}

/** Input of Bench_EntityCalls: which counter to call and how often. */
export interface EntityCallsInput {
  readonly key: string;
  readonly calls: number;
}

/** Calls `add(1)` on one bench counter `calls` times in a row and returns the values it answered. */
@Orchestrator(BENCH_ORCHESTRATOR.entityCalls)
export class BenchEntityCalls {
  async run(ctx: OrchestrationContext<EntityCallsInput>): Promise<number[]> {
    const { key, calls } = ctx.getInput();
    const values: number[] = [];
    for (let i = 0; i < calls; i++) values.push(await ctx.callEntity<number>(benchCounterId(key), BENCH_COUNTER.add, 1));
    return values;
  }
}

/** The state of a bench counter. */
export interface BenchCounterState {
  readonly value: number;
  readonly operations: number;
}

/** A counter with no artificial delay: `add` adds its amount, counts the operation and answers the new value. */
@Entity(BENCH_COUNTER.name)
export class BenchCounter implements BenchCounterState {
  value = 0;
  operations = 0;

  add(amount: number): number {
    this.value += amount;
    this.operations++;
    return this.value;
  }
}
