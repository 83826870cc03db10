import { describe, expect, it } from 'vitest';
import { isDurableError } from '../../../src/model/errors/durable-error';
import type { TaskFailedError } from '../../../src/model/errors/task-failed-error';
import type { OrchestrationContext } from '../../../src/orchestration/orchestration-context';
import { OrchestrationExecutor } from '../../../src/orchestration/orchestration-executor';
import { HistoryBuilder } from '../../../src/testing/history-builder';

const helloSequence = async (ctx: OrchestrationContext): Promise<string[]> => {
  const out: string[] = [];
  out.push(await ctx.callActivity<string>('E1_SayHello', 'Tokyo'));
  out.push(await ctx.callActivity<string>('E1_SayHello', 'Seattle'));
  out.push(await ctx.callActivity<string>('E1_SayHello', 'London'));
  return out;
};

function executor(fn: (ctx: OrchestrationContext) => Promise<unknown>): OrchestrationExecutor {
  return new OrchestrationExecutor({ instanceId: 'test-instance', orchestrator: fn });
}

function fullHelloHistory(): HistoryBuilder {
  return new HistoryBuilder()
    .orchestratorStarted().executionStarted('E1_HelloSequence').taskScheduled(0, 'E1_SayHello', 'Tokyo').orchestratorCompleted()
    .orchestratorStarted().taskCompleted(0, 'Hello Tokyo!').taskScheduled(1, 'E1_SayHello', 'Seattle').orchestratorCompleted()
    .orchestratorStarted().taskCompleted(1, 'Hello Seattle!').taskScheduled(2, 'E1_SayHello', 'London').orchestratorCompleted()
    .orchestratorStarted().taskCompleted(2, 'Hello London!');
}

describe('replay engine', () => {
  it('schedules the first activity of a new instance', async () => {
    const result = await executor(helloSequence).execute([], new HistoryBuilder().orchestratorStarted().executionStarted('E1_HelloSequence').build());
    expect(result.actions).toEqual([{ kind: 'ScheduleTask', id: 0, name: 'E1_SayHello', input: '"Tokyo"' }]);
    expect(result.completion).toBeUndefined();
  });

  it('replays a whole history and completes with the output', async () => {
    const { past, news } = fullHelloHistory().split(2);
    const result = await executor(helloSequence).execute(past, news);
    expect(result.actions).toEqual([]);
    expect(result.completion).toEqual({ status: 'Completed', result: JSON.stringify(['Hello Tokyo!', 'Hello Seattle!', 'Hello London!']) });
  });

  it('gives the same outcome episode by episode on a cached executor as on a full replay', async () => {
    const events = fullHelloHistory().build();
    const cached = executor(helloSequence);
    const boundaries = events.flatMap((e, i) => (e.type === 'OrchestratorStarted' ? [i] : []));
    const seen: string[] = [];
    let last;
    for (let k = 0; k < boundaries.length; k++) {
      const episode = events.slice(boundaries[k], boundaries[k + 1]).filter((e) => e.type !== 'TaskScheduled' && e.type !== 'OrchestratorCompleted');
      last = await cached.execute([], episode);
      seen.push(...last.actions.map((a) => (a.kind === 'ScheduleTask' ? `${a.id}:${a.input}` : '')));
    }
    expect(seen).toEqual(['0:"Tokyo"', '1:"Seattle"', '2:"London"']);
    expect(last?.completion?.status).toBe('Completed');
  });

  it('reports isReplaying true for recorded steps and false for new ones', async () => {
    const flags: boolean[] = [];
    const fn = async (ctx: OrchestrationContext) => {
      flags.push(ctx.isReplaying);
      await ctx.callActivity('A');
      flags.push(ctx.isReplaying);
      await ctx.callActivity('B');
      flags.push(ctx.isReplaying);
    };
    const h = new HistoryBuilder().orchestratorStarted().executionStarted('O').taskScheduled(0, 'A').orchestratorCompleted()
      .orchestratorStarted().taskCompleted(0).taskScheduled(1, 'B').orchestratorCompleted()
      .orchestratorStarted().taskCompleted(1);
    const { past, news } = h.split(2);
    await executor(fn).execute(past, news);
    expect(flags).toEqual([true, true, false]);
  });

  it('makes newGuid deterministic across replays and distinct within one', async () => {
    const run = async () => {
      const guids: string[] = [];
      const fn = async (ctx: OrchestrationContext) => {
        guids.push(ctx.newGuid(), ctx.newGuid());
        await ctx.callActivity('A');
        guids.push(ctx.newGuid());
      };
      const h = new HistoryBuilder().orchestratorStarted().executionStarted('O').taskScheduled(0, 'A').orchestratorCompleted().orchestratorStarted().taskCompleted(0);
      const { past, news } = h.split(2);
      await executor(fn).execute(past, news);
      return guids;
    };
    const first = await run();
    expect(first).toHaveLength(3);
    expect(new Set(first).size).toBe(3);
    expect(first[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(await run()).toEqual(first);
  });

  it('exposes currentUtcDateTime from history', async () => {
    const times: number[] = [];
    const fn = async (ctx: OrchestrationContext) => {
      times.push(ctx.currentUtcDateTime.getTime());
      await ctx.callActivity('A');
      times.push(ctx.currentUtcDateTime.getTime());
    };
    const h = new HistoryBuilder('i', Date.UTC(2030, 0, 1)).orchestratorStarted().executionStarted('O').taskScheduled(0, 'A').orchestratorCompleted().orchestratorStarted().taskCompleted(0);
    await executor(fn).execute(...Object.values(h.split(2)) as [never, never]);
    expect(times).toEqual([Date.UTC(2030, 0, 1) + 1000, Date.UTC(2030, 0, 1) + 2000]);
  });

  it('fails the instance when the code schedules a different activity than history recorded', async () => {
    const changed = async (ctx: OrchestrationContext) => {
      await ctx.callActivity('E1_SayGoodbye', 'Tokyo');
    };
    const { past, news } = fullHelloHistory().split(2);
    const result = await executor(changed).execute(past, news);
    expect(result.completion?.status).toBe('Failed');
    expect(result.completion?.failureDetails?.errorType).toBe('NonDeterministicOrchestrationError');
    expect(result.completion?.failureDetails?.message).toContain('step 0');
    expect(result.completion?.failureDetails?.message).toContain('TaskScheduled E1_SayHello');
    expect(result.completion?.failureDetails?.message).toContain('TaskScheduled E1_SayGoodbye');
    expect(result.actions).toEqual([]);
  });

  it('fails the instance when the code schedules a timer where history recorded an activity', async () => {
    const changed = async (ctx: OrchestrationContext) => {
      await ctx.createTimer(new Date(Date.UTC(2031, 0, 1)));
    };
    const { past, news } = fullHelloHistory().split(2);
    const result = await executor(changed).execute(past, news);
    expect(result.completion?.failureDetails?.message).toMatch(/step 0: history recorded TaskScheduled E1_SayHello but the code scheduled TimerCreated/);
  });

  it('fails the instance when the code makes a call that history does not have', async () => {
    const extra = async (ctx: OrchestrationContext) => {
      await ctx.all([ctx.callActivity('A'), ctx.callActivity('B')]);
    };
    const h = new HistoryBuilder().orchestratorStarted().executionStarted('O').taskScheduled(0, 'A').orchestratorCompleted().orchestratorStarted().taskCompleted(0);
    const result = await executor(extra).execute(...Object.values(h.split(2)) as [never, never]);
    expect(result.completion?.failureDetails?.message).toMatch(/step 1: history recorded no action at that step but the code scheduled TaskScheduled B/);
  });

  it('fails the instance when the code awaits a promise that is not durable', async () => {
    const sleepy = async (ctx: OrchestrationContext) => {
      await ctx.callActivity('A');
      await new Promise((resolve) => setTimeout(resolve, 20));
      return 'never';
    };
    const result = await executor(sleepy).execute([], new HistoryBuilder().orchestratorStarted().executionStarted('O').build());
    expect(result.completion).toBeUndefined();
    const h = new HistoryBuilder().orchestratorStarted().executionStarted('O').taskScheduled(0, 'A').orchestratorCompleted().orchestratorStarted().taskCompleted(0);
    const replay = await executor(sleepy).execute(...Object.values(h.split(2)) as [never, never]);
    expect(replay.completion?.status).toBe('Failed');
    expect(replay.completion?.failureDetails?.errorType).toBe('NonDeterministicOrchestrationError');
    expect(replay.completion?.failureDetails?.message).toContain('not a durable task');
  });

  it('surfaces an activity failure as TaskFailedError with the original details', async () => {
    let caught: TaskFailedError | undefined;
    const fn = async (ctx: OrchestrationContext) => {
      try {
        await ctx.callActivity('Boom');
      } catch (error) {
        caught = error as TaskFailedError;
        return 'handled';
      }
      return 'not reached';
    };
    const h = new HistoryBuilder().orchestratorStarted().executionStarted('O').taskScheduled(0, 'Boom').orchestratorCompleted()
      .orchestratorStarted().taskFailed(0, { errorType: 'RangeError', message: 'too far', stackTrace: 'RangeError: too far\n    at boom' });
    const result = await executor(fn).execute(...Object.values(h.split(2)) as [never, never]);
    expect(result.completion).toEqual({ status: 'Completed', result: '"handled"' });
    expect(isDurableError(caught)).toBe(true);
    expect(caught?.code).toBe('TASK_FAILED');
    expect(caught?.taskName).toBe('Boom');
    expect(caught?.failureDetails).toEqual({ errorType: 'RangeError', message: 'too far', stackTrace: 'RangeError: too far\n    at boom' });
  });

  it('fails the instance with the details of an unhandled error', async () => {
    const fn = async (ctx: OrchestrationContext) => {
      await ctx.callActivity('A');
      throw new TypeError('bad state');
    };
    const h = new HistoryBuilder().orchestratorStarted().executionStarted('O').taskScheduled(0, 'A').orchestratorCompleted().orchestratorStarted().taskCompleted(0);
    const result = await executor(fn).execute(...Object.values(h.split(2)) as [never, never]);
    expect(result.completion?.status).toBe('Failed');
    expect(result.completion?.failureDetails).toMatchObject({ errorType: 'TypeError', message: 'bad state' });
    expect(result.completion?.failureDetails?.stackTrace).toContain('bad state');
  });

  it('fans out and in, with results in scheduling order whatever the completion order', async () => {
    const fn = async (ctx: OrchestrationContext) => {
      const results = await ctx.all([0, 1, 2, 3].map((i) => ctx.callActivity<number>('Square', i)));
      return results.reduce((a, b) => a + b, 0) + results.join(',');
    };
    const h = new HistoryBuilder().orchestratorStarted().executionStarted('O');
    for (let i = 0; i < 4; i++) h.taskScheduled(i, 'Square', i);
    h.orchestratorCompleted().orchestratorStarted().taskCompleted(2, 4).taskCompleted(0, 0).taskCompleted(3, 9).taskCompleted(1, 1);
    const result = await executor(fn).execute(...Object.values(h.split(5)) as [never, never]);
    expect(result.completion).toEqual({ status: 'Completed', result: '"140,1,4,9"' });
  });

  it('resolves ctx.any with the first task to finish and cancels the loser timer', async () => {
    const fn = async (ctx: OrchestrationContext) => {
      const timer = ctx.createTimer(new Date(Date.UTC(2026, 0, 2)));
      const approval = ctx.waitForExternalEvent<string>('Approval');
      const winner = await ctx.any([timer, approval]);
      if (winner.task === approval) {
        timer.cancel();
        return `approved by ${approval.result}`;
      }
      return 'timed out';
    };
    const h = new HistoryBuilder().orchestratorStarted().executionStarted('O').timerCreated(0, new Date(Date.UTC(2026, 0, 2))).orchestratorCompleted()
      .orchestratorStarted().eventRaised('APPROVAL', 'ann');
    const result = await executor(fn).execute(...Object.values(h.split(2)) as [never, never]);
    expect(result.completion).toEqual({ status: 'Completed', result: '"approved by ann"' });
  });

  it('buffers events raised before anyone waits and hands them out in arrival order', async () => {
    const fn = async (ctx: OrchestrationContext) => {
      await ctx.callActivity('A');
      return [await ctx.waitForExternalEvent('e'), await ctx.waitForExternalEvent('E')];
    };
    const h = new HistoryBuilder().orchestratorStarted().executionStarted('O').taskScheduled(0, 'A').orchestratorCompleted()
      .orchestratorStarted().eventRaised('e', 1).eventRaised('e', 2).taskCompleted(0);
    const result = await executor(fn).execute(...Object.values(h.split(4)) as [never, never]);
    expect(result.completion).toEqual({ status: 'Completed', result: '[1,2]' });
  });

  it('leaves a duplicate completion out of the applied events', async () => {
    const fn = async (ctx: OrchestrationContext) => {
      await ctx.callActivity('A');
      await ctx.callActivity('B');
    };
    const h = new HistoryBuilder().orchestratorStarted().executionStarted('O').taskScheduled(0, 'A').orchestratorCompleted()
      .orchestratorStarted().taskCompleted(0, 1).taskScheduled(1, 'B').orchestratorCompleted()
      .orchestratorStarted().taskCompleted(0, 1);
    const { past, news } = h.split(2);
    const result = await executor(fn).execute(past, news);
    expect(result.appliedEvents.map((e) => e.type)).toEqual(['OrchestratorStarted']);
    expect(result.completion).toBeUndefined();
  });

  it('refuses a custom status over 16 KB and accepts one under it', async () => {
    const fn = async (ctx: OrchestrationContext) => {
      ctx.setCustomStatus({ step: 1 });
      try {
        ctx.setCustomStatus('x'.repeat(17 * 1024));
      } catch (error) {
        return (error as { code: string }).code;
      }
      return 'accepted';
    };
    const result = await executor(fn).execute([], new HistoryBuilder().orchestratorStarted().executionStarted('O').build());
    expect(result.completion?.result).toBe('"CUSTOM_STATUS_TOO_LARGE"');
    expect(result.customStatus).toBe('{"step":1}');
  });

  it('refuses orchestration APIs once the episode is over', async () => {
    let saved: OrchestrationContext | undefined;
    const fn = async (ctx: OrchestrationContext) => {
      saved = ctx;
      await ctx.callActivity('A');
    };
    await executor(fn).execute([], new HistoryBuilder().orchestratorStarted().executionStarted('O').build());
    expect(() => saved?.callActivity('B')).toThrowError(/can only be used by orchestrator code/);
  });

  it('rejects an activity input that cannot survive JSON', async () => {
    const fn = async (ctx: OrchestrationContext) => {
      try {
        ctx.callActivity('A', { when: 10n });
      } catch (error) {
        return (error as Error).message;
      }
      return 'accepted';
    };
    const result = await executor(fn).execute([], new HistoryBuilder().orchestratorStarted().executionStarted('O').build());
    expect(result.completion?.result).toContain('not JSON-serializable at $.when');
  });
});
