import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDurableHost, Orchestrator, type DurableHost, type OrchestrationContext, type StorageProvider } from 'durable-ts';
import { createSqliteStorageProvider } from '../../../src/storage/sqlite/sqlite-storage-factory';
import type { OrchestrationWorkItem } from '../../../src/storage/storage-records';
import { recordingLogger } from '../../support/recording-logger';
import { waitFor } from '../../support/wait-for';
import { Ledger } from './fixtures';

@Orchestrator('CallPoisonedLedger')
class CallPoisonedLedger {
  async run(ctx: OrchestrationContext): Promise<unknown> {
    try {
      return { result: await ctx.callEntity('@ledger@poisoned', 'append', 'call') };
    } catch (error) {
      return { code: (error as { code?: string }).code, message: (error as Error).message };
    }
  }
}

/**
 * A storage provider whose entity claims "crash" while `crashing` is on: the claim is taken
 * (raising the dequeue counts) and released without a commit, as when the worker process dies
 * in the middle of the batch. The counts are what poison detection reads, so this exercises it.
 */
function crashingEntityClaims(inner: StorageProvider): { provider: StorageProvider; crashing: boolean; seen: OrchestrationWorkItem[] } {
  const control = { crashing: true, seen: [] as OrchestrationWorkItem[], provider: inner };
  control.provider = new Proxy(inner, {
    get(target, key, receiver) {
      if (key !== 'claimOrchestrationWorkItems') {
        const value: unknown = Reflect.get(target, key, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      }
      return async (request: Parameters<StorageProvider['claimOrchestrationWorkItems']>[0]) => {
        const items = await target.claimOrchestrationWorkItems(request);
        if (!control.crashing) return items;
        const kept: OrchestrationWorkItem[] = [];
        for (const item of items) {
          if (!item.instance.instanceId.startsWith('@')) {
            kept.push(item);
            continue;
          }
          control.seen.push(item);
          // Visible again a little later, as after a restart (and so the test itself gets to run).
          await target.abandonOrchestrationWorkItem(request.owner, item.instance.instanceId, request.now + 20);
        }
        return kept;
      };
    },
  });
  return control;
}

describe('entity operations whose batch keeps crashing the worker', () => {
  let host: DurableHost | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await host?.stop();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
    host = undefined;
    dir = undefined;
  });

  async function openHost(durableTask: Record<string, unknown>, wrap: (p: StorageProvider) => StorageProvider = (p) => p) {
    dir = mkdtempSync(join(tmpdir(), 'durable-ts-poison-entity-'));
    const path = join(dir, 'durable.sqlite');
    const storage = await createSqliteStorageProvider({ path, hubName: 'TestHub' });
    const logger = recordingLogger();
    const opened = await createDurableHost({
      functions: [Ledger, CallPoisonedLedger],
      env: {},
      cwd: dir,
      logger,
      storage: wrap(storage),
      hostJson: { version: '2.0', extensions: { durableTask: { hubName: 'TestHub', storageProvider: { type: 'sqlite', path }, ...durableTask } } },
    });
    host = opened;
    return { host: opened, logger, close: () => storage.close() };
  }

  it('fails them after maxDequeueCount crashes, answers the caller and logs it', async () => {
    let control: ReturnType<typeof crashingEntityClaims> | undefined;
    const { host: h, logger } = await openHost({ maxDequeueCount: 2 }, (p) => (control = crashingEntityClaims(p)).provider);
    await h.client.signalEntity('@ledger@poisoned', 'append', 'signal');
    const id = await h.client.startNew('CallPoisonedLedger');
    await h.start();
    // Crash until the call (the later message) has been claimed three times.
    await waitFor(
      () => control?.seen.some((item) => item.messages.some((m) => m.event.type === 'EntityOperation' && m.event.replyTo !== undefined && m.dequeueCount >= 3)),
      'the call to crash its batch three times',
    );
    control!.crashing = false;
    const done = await h.client.waitForCompletion(id, { timeoutMs: 10_000 });
    expect(done.output).toMatchObject({ code: 'ENTITY_OPERATION_FAILED', message: expect.stringContaining("PoisonWorkItemError: The entity operation 'ledger.append'") });
    // Neither operation ran: the entity has no state.
    expect((await h.client.readEntityState('@ledger@poisoned')).entityExists).toBe(false);
    const poison = logger.events('worker.work-item.poisoned');
    expect(poison.map((l) => l.fields)).toEqual([
      expect.objectContaining({ kind: 'entity', instanceId: '@ledger@poisoned', name: 'ledger.append' }),
      expect.objectContaining({ kind: 'entity', instanceId: '@ledger@poisoned', name: 'ledger.append' }),
    ]);
    expect(poison.every((l) => l.level === 'error')).toBe(true);
    await h.stop();
  });

  it('does not take a long inbox, claimed many times in small batches, for a crashing one', async () => {
    const { host: h, logger } = await openHost({ maxDequeueCount: 1, maxEntityOperationBatchSize: 2 });
    for (let i = 0; i < 12; i++) await h.client.signalEntity('@ledger@long', 'append', `s${i}`);
    await h.start();
    await waitFor(async () => ((await h.client.readEntityState<{ entries: string[] }>('@ledger@long')).entityState?.entries.length ?? 0) >= 12, 'all 12 signals to run');
    expect(logger.events('worker.work-item.poisoned')).toEqual([]);
    await h.stop();
  });
});
