import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_FAILURE_MESSAGE_CHARS, MAX_FAILURE_STACK_CHARS } from '../../src/model/failure-details';
import { startTestHost, type TestHost } from '../support/test-host';
import { largeErrorFunctions } from './fixtures/large-error-functions';

/** Bytes of every stored value of the hub's rows (all tables), summed. */
function storedBytes(dbPath: string): number {
  const db = new Database(dbPath, { readonly: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as { name: string }[];
    let total = 0;
    for (const { name } of tables) {
      const columns = db.prepare(`SELECT name FROM pragma_table_info(?)`).all(name) as { name: string }[];
      if (columns.length === 0) continue;
      const sum = columns.map((c) => `COALESCE(LENGTH(CAST("${c.name}" AS BLOB)), 0)`).join(' + ');
      total += (db.prepare(`SELECT COALESCE(SUM(${sum}), 0) AS bytes FROM "${name}"`).get() as { bytes: number }).bytes;
    }
    return total;
  } finally {
    db.close();
  }
}

describe('failure details: stored once, bounded, readable', () => {
  let t: TestHost | undefined;
  afterEach(async () => {
    await t?.dispose();
    t = undefined;
  });

  it('stores a 100 KB activity error in bounded space, with a visible truncation marker', async () => {
    t = await startTestHost(largeErrorFunctions);
    const small = await t.host.client.startNew('LetItFail', { input: { activity: 'ThrowLarge', input: 10 } });
    await t.host.client.waitForCompletion(small, { timeoutMs: 10_000 });
    const before = storedBytes(t.dbPath);
    const id = await t.host.client.startNew('LetItFail', { input: { activity: 'ThrowLarge', input: 100_000 } });
    const done = await t.host.client.waitForCompletion(id, { timeoutMs: 10_000 });
    const added = storedBytes(t.dbPath) - before;

    expect(done.runtimeStatus).toBe('Failed');
    const inner = done.failureDetails?.innerFailure;
    expect(inner?.errorType).toBe('RangeError');
    expect(inner?.message).toHaveLength(MAX_FAILURE_MESSAGE_CHARS + '… [truncated 83616 characters]'.length);
    expect(inner?.message.endsWith(`… [truncated ${100_000 - MAX_FAILURE_MESSAGE_CHARS} characters]`)).toBe(true);
    expect(inner?.stackTrace?.length).toBeLessThanOrEqual(MAX_FAILURE_STACK_CHARS + 40);
    // Before the bound, one such failure added about 1 MB: the message in the TaskFailed event, and
    // the message, the wrapping TaskFailedError's message and both stacks in the instance's failure
    // and again in its ExecutionCompleted event. Now the whole failure is smaller than the message.
    expect(added).toBeLessThan(100_000);
    // Stored once: the instance's details (about 19.6 KB as JSON) are in its row and no longer
    // also in its ExecutionCompleted event. Measured: 58,181 bytes added before, 38,566 after — the
    // row's copy and the TaskFailed event's (the activity's failure, which the details wrap).
    const detailsBytes = JSON.stringify(done.failureDetails).length;
    expect(added).toBeLessThan(2.5 * detailsBytes);
    const history = await t.host.storage.getHistory(id);
    expect(history.find((e) => e.type === 'ExecutionCompleted')).toMatchObject({ type: 'ExecutionCompleted', orchestrationStatus: 'Failed', failureDetails: done.failureDetails });
  });

  it('gives a thrown circular object a useful message', async () => {
    t = await startTestHost(largeErrorFunctions);
    const id = await t.host.client.startNew('LetItFail', { input: { activity: 'ThrowCircular' } });
    const done = await t.host.client.waitForCompletion(id, { timeoutMs: 10_000 });
    const inner = done.failureDetails?.innerFailure;
    expect(inner?.errorType).toBe('ValidationProblem');
    expect(inner?.message).not.toContain('[object Object]');
    expect(inner?.message).toContain('"field":"email"');
    expect(inner?.message).toContain('[Circular]');
  });

  it('gives a thrown plain object its JSON as the message', async () => {
    t = await startTestHost(largeErrorFunctions);
    const id = await t.host.client.startNew('LetItFail', { input: { activity: 'ThrowPlainObject' } });
    const done = await t.host.client.waitForCompletion(id, { timeoutMs: 10_000 });
    expect(done.failureDetails?.innerFailure).toMatchObject({ errorType: 'Object', message: 'Non-error value thrown: {"status":422,"reason":"bad email"}' });
  });
});
