import { afterEach, describe, expect, it } from 'vitest';
import { defineEntity, Orchestrator, type OrchestrationContext } from 'durable-ts';
import { startTestHost, type TestHost } from '../../support/test-host';
import { waitFor } from '../../support/wait-for';

/** The Durable Functions JS counter, as a function-based entity with dynamic operations. */
const FunctionCounter = defineEntity<number>('FunctionCounter', (ctx) => {
  const value = ctx.getState(() => 0) ?? 0;
  switch (ctx.operationName.toLowerCase()) {
    case 'add':
      ctx.setState(value + ctx.getInput<number>());
      break;
    case 'get':
      ctx.return(value);
      break;
    case 'reset':
      ctx.setState(0);
      break;
    case 'remove':
      ctx.deleteState();
      break;
    default:
      throw new Error(`unknown operation ${ctx.operationName}`);
  }
});

@Orchestrator('ReadFunctionCounter')
class ReadFunctionCounter {
  async run(ctx: OrchestrationContext<string>): Promise<unknown> {
    const id = `@functioncounter@${ctx.getInput()}`;
    await ctx.callEntity(id, 'add', 2);
    const value = await ctx.callEntity<number>(id, 'get');
    let failure = '';
    try {
      await ctx.callEntity(id, 'explode');
    } catch (error) {
      failure = (error as Error).message;
    }
    return { value, failure };
  }
}

describe('function-based entities', () => {
  let t: TestHost | undefined;
  afterEach(async () => {
    await t?.dispose();
    t = undefined;
  });

  it('works like a class-based entity: signals, calls, failures and deleting its state', async () => {
    t = await startTestHost([FunctionCounter, ReadFunctionCounter]);
    const client = t.host.client;
    await client.signalEntity('@functioncounter@f', 'add', 5);
    await waitFor(async () => (await client.readEntityState<number>('@functioncounter@f')).entityState === 5, 'the first add');
    const id = await client.startNew('ReadFunctionCounter', { input: 'f' });
    const done = await client.waitForCompletion(id, { timeoutMs: 20_000 });
    expect(done.output).toEqual({ value: 7, failure: expect.stringContaining('unknown operation explode') });
    await client.signalEntity('@functioncounter@f', 'remove');
    await waitFor(async () => !(await client.readEntityState('@functioncounter@f')).entityExists, 'the state to be removed');
  });
});
