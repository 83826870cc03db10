import { Orchestrator, type OrchestrationContext } from 'durable-ts';

export interface OrderResult {
  greetings: string[];
  left: number;
}

@Orchestrator('PlaceOrder')
export class PlaceOrder {
  async run(ctx: OrchestrationContext<string[]>): Promise<OrderResult> {
    const greetings: string[] = [];
    let left = 0;
    for (const customer of ctx.getInput() ?? []) {
      greetings.push(await ctx.activities.SayHello(customer));
      left = await ctx.entities.Inventory('widgets').reserve(customer);
    }
    return { greetings, left };
  }
}
