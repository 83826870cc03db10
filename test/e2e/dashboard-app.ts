import { Activities, Activity, Entity, Orchestrator, type OrchestrationContext } from 'durable-ts';

/** Attempts of `Reserve` per order so far: the first two fail, so the timeline shows retries. */
const reserveAttempts = new Map<string, number>();

@Activities()
export class ShopActivities {
  @Activity('Reserve')
  reserve(order: string): string {
    const attempt = (reserveAttempts.get(order) ?? 0) + 1;
    reserveAttempts.set(order, attempt);
    if (attempt < 3) throw new Error(`warehouse busy (attempt ${attempt})`);
    return `reserved ${order}`;
  }

  @Activity('Ship')
  ship(order: string): string {
    return `shipped ${order}`;
  }

  @Activity('ChargeCard')
  chargeCard(order: string): string {
    throw new Error(`card declined for ${order}`);
  }
}

/** Ships an order: an activity with retries, a sub-orchestration, a timer, then waits for approval. */
@Orchestrator('OrderWorkflow')
export class OrderWorkflow {
  async run(ctx: OrchestrationContext<string>): Promise<{ order: string; approved: unknown }> {
    const order = ctx.getInput();
    ctx.setCustomStatus({ stage: 'reserving' });
    await ctx.callActivity<string>('Reserve', order, { retry: { firstRetryIntervalMs: 50, maxNumberOfAttempts: 4 } });
    await ctx.callSubOrchestrator<string>('ShipOrder', order, { instanceId: `${ctx.instanceId}:ship` });
    await ctx.createTimer(new Date(ctx.currentUtcDateTime.getTime() + 100));
    ctx.setCustomStatus({ stage: 'waiting for approval' });
    const approved = await ctx.waitForExternalEvent<unknown>('Approval');
    ctx.setCustomStatus({ stage: 'done' });
    return { order, approved };
  }
}

@Orchestrator('ShipOrder')
export class ShipOrder {
  async run(ctx: OrchestrationContext<string>): Promise<string> {
    return ctx.callActivity<string>('Ship', ctx.getInput());
  }
}

/** Fails: its activity always throws. */
@Orchestrator('PaymentWorkflow')
export class PaymentWorkflow {
  async run(ctx: OrchestrationContext<string>): Promise<string> {
    return ctx.callActivity<string>('ChargeCard', ctx.getInput());
  }
}

@Entity('Counter')
export class Counter {
  value = 0;

  add(amount: number): void {
    this.value += amount;
  }

  get(): number {
    return this.value;
  }
}

export const dashboardAppFunctions = [ShopActivities, OrderWorkflow, ShipOrder, PaymentWorkflow, Counter];
