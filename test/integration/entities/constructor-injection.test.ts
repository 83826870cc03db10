import 'reflect-metadata';
import { container } from 'tsyringe';
import { afterEach, describe, expect, it } from 'vitest';
import { Orchestrator, type OrchestrationContext } from 'durable-ts';
import { startTestHost, type TestHost } from '../../support/test-host';
import { AuditTrail, Inventory, PriceList, WAREHOUSE_SETTINGS, type WarehouseSettings } from './injected-services.fixtures';

@Orchestrator('InjectionTest_Reserve')
class ReserveThroughEntity {
  async run(ctx: OrchestrationContext<string>): Promise<unknown> {
    return ctx.callEntity('@inventory@inj', 'reserve', ctx.getInput());
  }
}

describe('constructor injection into entities', () => {
  let t: TestHost | undefined;
  afterEach(async () => {
    await t?.dispose();
    t = undefined;
  });

  it('each operation gets the services the app registered in its container, by class and by token', async () => {
    const audit = new AuditTrail();
    const app = container.createChildContainer();
    app.registerInstance(AuditTrail, audit);
    app.registerInstance(PriceList, { apiKey: 'test', priceOf: () => 42 } as unknown as PriceList);
    app.register<WarehouseSettings>(WAREHOUSE_SETTINGS, { useValue: { site: 'south', password: 'p' } });
    t = await startTestHost([Inventory, ReserveThroughEntity], {}, { container: app });
    const first = await t.host.client.startNew('InjectionTest_Reserve', { input: 'order-1' });
    expect((await t.host.client.waitForCompletion(first, { timeoutMs: 10_000, pollIntervalMs: 20 })).output).toEqual({ audited: 1, price: 42 });
    const second = await t.host.client.startNew('InjectionTest_Reserve', { input: 'order-2' });
    expect((await t.host.client.waitForCompletion(second, { timeoutMs: 10_000, pollIntervalMs: 20 })).output).toEqual({ audited: 2, price: 42 });
    expect(audit.recorded).toEqual(['order-1', 'order-2']);
    const state = await t.host.client.readEntityState<Record<string, unknown>>('@inventory@inj');
    expect(state.entityState).toMatchObject({ reservedAt: ['south', 'south'] });
  });
});
