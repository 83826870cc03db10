import { Orchestrator, type OrchestrationContext } from 'durable-ts';

/** The function-chaining sample: three activities in a sequence. */
@Orchestrator('E1_HelloSequence')
export class HelloSequence {
  async run(ctx: OrchestrationContext<void>): Promise<string[]> {
    const outputs: string[] = [];
    outputs.push(await ctx.callActivity<string>('E1_SayHello', 'Tokyo'));
    ctx.setCustomStatus('Tokyo');
    outputs.push(await ctx.callActivity<string>('E1_SayHello', 'Seattle'));
    outputs.push(await ctx.callActivity<string>('E1_SayHello', 'London'));
    return outputs;
  }
}
