import { Orchestrator, type OrchestrationContext } from 'durable-ts';

export interface TransferRequest {
  readonly from: string;
  readonly to: string;
  readonly amount: number;
}

/**
 * The documented bank transfer: both accounts are locked for the critical section, so no other
 * operation interleaves between checking the balance and moving the money.
 */
@Orchestrator('TransferFunds')
export class TransferFunds {
  async run(ctx: OrchestrationContext<TransferRequest>): Promise<boolean> {
    const { from, to, amount } = ctx.getInput();
    const source = `@account@${from}`;
    const destination = `@account@${to}`;
    const lock = await ctx.lock(source, destination);
    try {
      const balance = await ctx.callEntity<number>(source, 'get');
      if (balance < amount) return false;
      await ctx.all([ctx.callEntity(source, 'withdraw', amount), ctx.callEntity(destination, 'deposit', amount)]);
      return true;
    } finally {
      lock.release();
    }
  }
}
