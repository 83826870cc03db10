import { Orchestrator, type OrchestrationContext } from 'durable-ts';

export interface CounterStepsInput {
  readonly key: string;
  readonly add: number;
}

/**
 * Test-only: drives the sample Counter through the generated typed proxy. Calls `add` and `get`
 * two-way, then signals `add` one-way (so the final state is the result plus `add`).
 */
@Orchestrator('Test_CounterSteps')
export class CounterSteps {
  async run(ctx: OrchestrationContext<CounterStepsInput>): Promise<number> {
    const { key, add } = ctx.getInput();
    const counter = ctx.entities.Counter(key);
    await counter.add(add);
    const value: number = await counter.get();
    counter.signal.add(add);
    return value;
  }
}
