import { Orchestrator, type OrchestrationContext } from 'durable-ts';

/**
 * The function-chaining sample: three activities in a sequence. `ctx.activities.E1_SayHello` is
 * typed by codegen (samples/generated/durable-types.ts): a string in, a string out.
 */
@Orchestrator('E1_HelloSequence')
export class HelloSequence {
  async run(ctx: OrchestrationContext<void>): Promise<string[]> {
    const outputs: string[] = [];
    outputs.push(await ctx.activities.E1_SayHello('Tokyo'));
    ctx.setCustomStatus('Tokyo');
    outputs.push(await ctx.activities.E1_SayHello('Seattle'));
    outputs.push(await ctx.activities.E1_SayHello('London'));
    return outputs;
  }
}
