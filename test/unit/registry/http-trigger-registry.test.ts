import { describe, expect, it } from 'vitest';
import { Activities } from '../../../src/decorators/activities.decorator';
import { Activity } from '../../../src/decorators/activity.decorator';
import { HttpTrigger, HttpTriggers } from '../../../src/decorators/http-trigger.decorator';
import { buildFunctionRegistry } from '../../../src/registry/function-registry';

@HttpTriggers()
class OrdersApi {
  @HttpTrigger({ route: 'orders/{id}', methods: ['GET'] })
  get(): void {}
}

@Activities()
class Greetings {
  @Activity('SayHello')
  sayHello(name: string): string {
    return `Hello ${name}!`;
  }
}

describe('HTTP triggers in the function registry', () => {
  it('reads the trigger classes once, with what they declare, and keeps them out of the durable functions', () => {
    const registry = buildFunctionRegistry([Greetings, OrdersApi]);
    expect(registry.httpTriggers()).toEqual([
      { cls: OrdersApi, decorated: true, methods: [expect.objectContaining({ route: 'orders/{id}', methods: ['GET'], method: 'get', memberKind: 'method' })] },
    ]);
    expect(registry.all().map((r) => r.name)).toEqual(['SayHello']);
  });
});
