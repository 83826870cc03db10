import { describe, expect, it } from 'vitest';
import type { LeasedNewInstance } from '../../../src/storage/eager-starter';
import type { CreatedInstance, NewInstance, OrchestrationWorkItem, StartLease } from '../../../src/storage/storage-records';
import { EagerStarts, type StartRunner } from '../../../src/worker/eager-starts';
import type { FirstEpisodeRun } from '../../../src/worker/orchestration-dispatcher';
import { silentLogger } from '../../support/test-host';

const LEASE: StartLease = { owner: 'w', expiresAt: 1_000 };

function leased(instanceId: string): LeasedNewInstance {
  return {
    instanceId,
    executionId: `${instanceId}-e`,
    name: 'Flow',
    createdAt: 0,
    startEvent: { type: 'ExecutionStarted', eventId: -1, timestamp: new Date(0).toISOString(), name: 'Flow', instanceId, executionId: `${instanceId}-e` },
    lease: LEASE,
  };
}

/** A dispatcher that stores first episodes and answers each start with what `runs` says. */
class ScriptedRunner implements StartRunner {
  readonly storesFirstEpisodes = true;
  readonly released: string[] = [];
  readonly batches: string[][] = [];
  constructor(private readonly runs: Record<string, FirstEpisodeRun>) {}
  reserveStart(): StartLease | undefined {
    return LEASE;
  }
  releaseStart(instanceId: string): void {
    this.released.push(instanceId);
  }
  async runStarted(_items: readonly OrchestrationWorkItem[]): Promise<void> {}
  async runFirstEpisodes(starts: readonly { readonly instance: LeasedNewInstance }[]): Promise<FirstEpisodeRun[]> {
    this.batches.push(starts.map((s) => s.instance.instanceId));
    return starts.map((s) => this.runs[s.instance.instanceId] ?? { ok: true, value: 'committed' });
  }
}

describe('eager starts stored with their first episodes', () => {
  it('runs the starts of one turn as one batch, and answers each with its own outcome', async () => {
    const refused = new Error('taken');
    const runner = new ScriptedRunner({ b: { ok: false, error: refused } });
    const starts = new EagerStarts(runner, silentLogger);
    starts.open();
    const created: NewInstance[] = [];
    const create = async (instance: NewInstance): Promise<CreatedInstance> => {
      created.push(instance);
      return {};
    };
    for (const id of ['a', 'b', 'c']) expect(starts.reserve(id, 'Flow')).toEqual(LEASE);
    const outcomes = await Promise.allSettled(['a', 'b', 'c'].map((id) => starts.start(leased(id), create)));
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(outcomes[1]?.status === 'rejected' ? outcomes[1].reason : undefined).toBe(refused);
    expect(runner.batches).toEqual([['a', 'b', 'c']]);
    expect(created).toEqual([]);
    await starts.stop();
  });

  it('stores a start whose first episode did not run the usual way, without the lease, for a claim to run', async () => {
    const runner = new ScriptedRunner({ crashed: { ok: true, value: 'not-run' } });
    const starts = new EagerStarts(runner, silentLogger);
    starts.open();
    const created: NewInstance[] = [];
    starts.reserve('crashed', 'Flow');
    await starts.start(leased('crashed'), async (instance) => {
      created.push(instance);
      return {};
    });
    expect(created.map((i) => [i.instanceId, i.lease])).toEqual([['crashed', undefined]]);
    await starts.stop();
  });

  it('stops only after the starts it reserved have answered', async () => {
    const runner = new ScriptedRunner({});
    const starts = new EagerStarts(runner, silentLogger);
    starts.open();
    starts.reserve('late', 'Flow');
    let answered = false;
    const start = starts.start(leased('late'), async () => ({})).then(() => (answered = true));
    await starts.stop();
    expect(answered).toBe(true);
    await start;
    expect(starts.reserve('after-stop', 'Flow')).toBeUndefined();
  });
});
