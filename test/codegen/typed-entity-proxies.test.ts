import { describe, expect, it } from 'vitest';
import type { OrchestrationContext } from '../../src/orchestration/orchestration-context';
import { OrchestrationExecutor } from '../../src/orchestration/orchestration-executor';
import { HistoryBuilder } from '../../src/testing/history-builder';
import { InvalidArgumentError } from '../../src/model/errors/invalid-argument-error';

/** The runtime side of ctx.entities: proxies that call and signal entity operations by name. */
describe('typed entity proxies on the orchestration context', () => {
  const start = (): ReturnType<HistoryBuilder['build']> => new HistoryBuilder().orchestratorStarted().executionStarted('Typed').build();
  const run = (fn: (ctx: OrchestrationContext) => Promise<unknown>) => new OrchestrationExecutor({ instanceId: 'typed', orchestrator: fn }).execute([], start());
  const later = new Date('2030-01-01T00:00:00.000Z');

  it('sends exactly the messages of the by-id calls and signals they stand for', async () => {
    const typed = await run(async (ctx) => {
      const counter = ctx.entities.Counter('steps');
      counter.signal.add(1);
      counter.signal.reset(undefined, { scheduledTime: later });
      await ctx.all([counter.add(5), ctx.entities.Account('alice').get()]);
    });
    const byId = await run(async (ctx) => {
      ctx.signalEntity('@counter@steps', 'add', 1);
      ctx.signalEntity('@counter@steps', 'reset', undefined, { scheduledTime: later });
      await ctx.all([ctx.callEntity('@counter@steps', 'add', 5), ctx.callEntity({ name: 'Account', key: 'alice' }, 'get')]);
    });
    expect(typed.actions).toEqual(byId.actions);
    expect(typed.actions.map((a) => (a.kind === 'SendEntityMessage' ? `${a.target} ${a.name}${a.scheduledTime ? ` at ${a.scheduledTime}` : ''}` : a.kind))).toEqual([
      '@counter@steps add',
      `@counter@steps reset at ${later.toISOString()}`,
      '@counter@steps add',
      '@account@alice get',
    ]);
  });

  it('is not a thenable, gives the same function for a name, checks the key, and keeps the context guard', async () => {
    let outside: OrchestrationContext | undefined;
    await run(async (ctx) => {
      outside = ctx;
      expect((ctx.entities as unknown as Record<string, unknown>).then).toBeUndefined();
      const counter = ctx.entities.Counter('steps');
      expect((counter as unknown as Record<string, unknown>).then).toBeUndefined();
      expect((counter.signal as unknown as Record<string, unknown>).then).toBeUndefined();
      expect(counter.get).toBe(counter.get);
      expect(counter.signal.add).toBe(counter.signal.add);
      expect(ctx.entities.Counter).toBe(ctx.entities.Counter);
      expect(() => ctx.entities.Counter('')).toThrow(InvalidArgumentError);
      expect(() => ctx.entities.Counter('a/b')).toThrow(InvalidArgumentError);
    });
    expect(() => outside?.entities.Counter('late').get()).toThrow(/ctx\.callEntity/);
    expect(() => outside?.entities.Counter('late').signal.add(1)).toThrow(/ctx\.signalEntity/);
  });
});
