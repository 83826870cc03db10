import { afterEach, describe, expect, it } from 'vitest';
import { createDurableHost, type DurableHost } from 'durable-ts';
import { createSqliteStorageProvider } from '../../src/storage/sqlite';
import type { StorageProvider } from '../../src/storage/storage-provider';
import type { ActivityResult, EpisodeCommit } from '../../src/storage/storage-records';
import { GatedActivities, GatedOrchestrator, Gate, gates } from './fixtures/gated-functions';
import { silentLogger } from '../support/test-host';
import { waitFor } from '../support/wait-for';

/**
 * A finished activity's lease must hold until its result is saved: if saving is slow (a busy
 * database) and the lease ran out meanwhile, another worker would run the activity again.
 */
describe('activity leases while results wait to be saved', () => {
  let host: DurableHost | undefined;
  let storage: StorageProvider | undefined;
  let releaseSave: () => void = () => undefined;
  afterEach(async () => {
    releaseSave();
    await host?.stop();
    await storage?.close();
    host = undefined;
    storage = undefined;
  });

  // Queued: the result waits in the result batcher. Local: it waits in the commit of its instance's next episode.
  it.each([
    { path: 'queued', localActivityDispatch: false },
    { path: 'committed with the next episode', localActivityDispatch: true },
  ])('keeps renewing the lease of a finished activity until its result is saved ($path)', async ({ localActivityDispatch }) => {
    const inner = await createSqliteStorageProvider({ path: ':memory:', hubName: 'LeaseHub' });
    storage = inner;
    const saveGate = new Promise<void>((resolve) => (releaseSave = resolve));
    let saving: number[] | undefined;
    const renewals: number[][] = [];
    // The real provider, except that saving results waits for the test and renewals are recorded.
    const gated = new Proxy(inner, {
      get(target, property, receiver) {
        if (property === 'completeActivityWorkItems') {
          return async (results: readonly ActivityResult[], now: number) => {
            saving = results.map((result) => result.workItemId);
            await saveGate;
            return target.completeActivityWorkItems(results, now);
          };
        }
        if (property === 'commitOrchestrationEpisodeBatch') {
          return async (owner: string, commits: readonly EpisodeCommit[]) => {
            const completed = commits.flatMap((commit) => commit.completedActivityIds ?? []);
            if (completed.length > 0) {
              saving = completed;
              await saveGate;
            }
            return target.commitOrchestrationEpisodeBatch(owner, commits);
          };
        }
        if (property === 'renewActivityLeases') {
          return (owner: string, ids: readonly number[], now: number, leaseMs: number) => {
            renewals.push([...ids]);
            return target.renewActivityLeases(owner, ids, now, leaseMs);
          };
        }
        const value: unknown = Reflect.get(target, property, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    gates.current = new Gate();
    gates.current.open();
    host = await createDurableHost({
      functions: [GatedActivities, GatedOrchestrator],
      storage: gated,
      logger: silentLogger,
      env: {},
      hostJson: { version: '2.0', extensions: { durableTask: { hubName: 'LeaseHub', leaseDurationInSeconds: 1, localActivityDispatch } } },
    });
    await host.start();
    const id = await host.client.startNew('GatedOrchestrator', { input: 'x' });

    await waitFor(() => saving !== undefined, 'the activity result to be saved');
    const workItemId = saving?.[0];
    const renewedBefore = renewals.length;
    // The activity has returned; its result is held. Its lease is still renewed (every lease/3).
    await waitFor(
      () => renewals.slice(renewedBefore).some((ids) => ids.includes(workItemId ?? -1)),
      `a lease renewal for work item ${String(workItemId)} after it finished`,
      5_000,
    );

    releaseSave();
    const done = await host.client.waitForCompletion(id, { timeoutMs: 10_000 });
    expect(done.output).toBe('passed x');
    expect(gates.current.runs).toBe(1);
  });
});
