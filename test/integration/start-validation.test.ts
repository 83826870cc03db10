import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDurableHost, isDurableError, type DurableHost } from 'durable-ts';
import { sampleFunctions } from '../../samples/functions';
import { silentLogger } from '../support/test-host';

/** A host that is created but not started: instances stay Pending, so tests are deterministic. */
describe('starting instances: bad input and conflicting ids', () => {
  let host: DurableHost;
  let dir: string;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'durable-ts-start-'));
    host = await createDurableHost({
      functions: sampleFunctions,
      env: {},
      logger: silentLogger,
      hostJson: { extensions: { durableTask: { storageProvider: { path: join(dir, 'db.sqlite') } } } },
    });
  });
  afterEach(async () => {
    await host.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a second start of an id that has not finished, and keeps the first as it was', async () => {
    await host.client.startNew('E1_HelloSequence', { instanceId: 'order-1', input: 'first' });
    const error = await host.client.startNew('E1_HelloSequence', { instanceId: 'order-1', input: 'second' }).catch((e: unknown) => e);
    expect(isDurableError(error) && error.code).toBe('INSTANCE_ALREADY_EXISTS');
    expect((error as Error).message).toContain('Pending');
    const status = await host.client.getStatus('order-1');
    expect(status?.input).toBe('first');
  });

  it("passes idReuse 'never' to storage: the refusal says the id is not reused at all", async () => {
    await host.client.startNew('E1_HelloSequence', { instanceId: 'order-2', input: 'first' });
    const error = await host.client.startNew('E1_HelloSequence', { instanceId: 'order-2', input: 'second', idReuse: 'never' }).catch((e: unknown) => e);
    expect(isDurableError(error) && error.code).toBe('INSTANCE_ALREADY_EXISTS');
    expect((error as Error).message).toContain('does not reuse the id of an existing instance');
    expect((await host.client.getStatus('order-2'))?.input).toBe('first');
  });

  it('lets exactly one of many concurrent starts of one id win', async () => {
    const attempts = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => host.client.startNew('E1_HelloSequence', { instanceId: 'race', input: i })),
    );
    const won = attempts.filter((a) => a.status === 'fulfilled');
    const refused = attempts.filter((a) => a.status === 'rejected' && isDurableError(a.reason) && a.reason.code === 'INSTANCE_ALREADY_EXISTS');
    expect(won).toHaveLength(1);
    expect(refused).toHaveLength(19);
    expect(await host.storage.getHistory('race')).toEqual([]);
  });

  it.each([
    ['', 'empty'],
    ['@counter@x', "starts with '@'"],
    ['a/b', "'/'"],
    ['a\\b', "'\\'"],
    ['a#b', "'#'"],
    ['a?b', "'?'"],
    ['tab\there', 'U+0009'],
    ['x'.repeat(257), 'longer than 256 characters'],
  ])('rejects the instance id %j (%s) and stores nothing', async (instanceId, reason) => {
    const error = await host.client.startNew('E1_HelloSequence', { instanceId }).catch((e: unknown) => e);
    expect(isDurableError(error) && error.code).toBe('INVALID_INSTANCE_ID');
    expect((error as Error).message).toContain(reason);
    const claimed = await host.storage.claimOrchestrationWorkItems({ owner: 't', now: Date.now() + 1000, leaseMs: 1000, maxItems: 10 });
    expect(claimed).toEqual([]);
  });

  it('accepts an id of exactly 256 characters', async () => {
    await expect(host.client.startNew('E1_HelloSequence', { instanceId: 'y'.repeat(256) })).resolves.toHaveLength(256);
  });

  it('rejects an unknown orchestrator name and lists the known ones', async () => {
    const error = await host.client.startNew('E1_NoSuchThing').catch((e: unknown) => e);
    expect(isDurableError(error) && error.code).toBe('FUNCTION_NOT_FOUND');
    expect((error as Error).message).toContain('E1_HelloSequence');
  });

  it('matches orchestrator names case-insensitively and records the declared spelling', async () => {
    const id = await host.client.startNew('e1_hellosequence');
    expect((await host.client.getStatus(id))?.name).toBe('E1_HelloSequence');
  });

  it.each([
    [{ when: 1n }, '$.when'],
    [{ f: () => 1 }, '$.f'],
    [[1, Number.NaN], '$[1]'],
    [{ m: new Map() }, '$.m'],
  ])('rejects an input that is not JSON (%#) naming where, and stores nothing', async (input, path) => {
    const error = await host.client.startNew('E1_HelloSequence', { instanceId: 'bad-input', input }).catch((e: unknown) => e);
    expect(isDurableError(error) && error.code).toBe('NOT_JSON_SERIALIZABLE');
    expect((error as Error).message).toContain(path);
    expect(await host.client.getStatus('bad-input')).toBeUndefined();
  });

  it('rejects a cyclic input', async () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const error = await host.client.startNew('E1_HelloSequence', { input: cyclic }).catch((e: unknown) => e);
    expect((error as Error).message).toContain('cycle');
  });
});
