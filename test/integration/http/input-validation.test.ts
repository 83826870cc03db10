/**
 * Types at the boundary: the generated registration list carries codegen's JSON Schemas, and the
 * host refuses an input that does not match its declared type before anything is stored — over
 * HTTP with a 400 naming the JSON path and the expected type, in-process with
 * InputValidationError (INPUT_INVALID). Regressions from a user trial: `{"foo":1}` to a starter
 * whose input is an object with required fields, and `"abc"` signalled to `add(amount: number)`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isDurableErrorWithCode } from 'durable-ts';
import { durableFunctions } from '../../../samples/generated/durable-functions';
import { fetchJson, startHttpTestHost, until, type HttpTestHost } from './http-test-server';

const API = '/runtime/webhooks/durabletask';
const JSON_HEADERS = { 'content-type': 'application/json' };

describe('input validation at the doors', () => {
  let t: HttpTestHost;
  const post = (path: string, body: unknown) => fetchJson(`${t.url}${API}${path}`, { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify(body) });
  const eventsRaised = async (id: string): Promise<number> => (await t.host.storage.getHistory(id)).filter((e) => e.type === 'EventRaised').length;

  beforeAll(async () => {
    t = await startHttpTestHost({ functions: durableFunctions });
  });
  afterAll(async () => {
    await t?.dispose();
  });

  it('refuses a starter input that does not match, naming the path and the expected type, and stores no instance', async () => {
    const missing = await post('/orchestrators/TransferFunds/bad-start-1', { foo: 1 });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toBe('INPUT_INVALID');
    expect(String(missing.body.message)).toContain("the input of orchestrator 'TransferFunds' does not match its declared type at $.from");
    const wrongType = await post('/orchestrators/TransferFunds/bad-start-2', { from: 'a', to: 'b', amount: 'ten' });
    expect(wrongType.status).toBe(400);
    expect(String(wrongType.body.message)).toContain('at $.amount: expected number');
    expect(await t.host.storage.getInstance('bad-start-1')).toBeUndefined();
    expect(await t.host.storage.getInstance('bad-start-2')).toBeUndefined();

    const good = await post('/orchestrators/TransferFunds/good-start', { from: 'a', to: 'b', amount: 0 });
    expect(good.status).toBe(202);
    expect(await t.host.storage.getInstance('good-start')).toBeDefined();
  });

  it('refuses an entity signal whose input does not match the operation, and stores nothing', async () => {
    const bad = await post('/entities/Counter/typed-1?op=add', 'abc');
    expect(bad.status).toBe(400);
    expect(String(bad.body.message)).toContain("the input of operation 'add' of entity 'Counter' does not match its declared type at $: expected number");
    const good = await post('/entities/Counter/typed-1?op=add', 5);
    expect(good.status).toBe(202);
    const state = await until(() => t.host.client.readEntityState<{ value: number }>('@counter@typed-1'), (s) => s.entityExists);
    // Only the valid signal reached the entity: its state is 5, not "0abc" or "abc5".
    expect(state.entityState).toEqual({ value: 5 });
  });

  it('refuses raised event data that does not match the declared payload, and delivers nothing', async () => {
    await t.host.client.startNew('ApprovalWorkflow', { instanceId: 'approval-typed', input: 'invoice 7' });
    const bad = await post('/instances/approval-typed/raiseEvent/ApprovalEvent', 'yes');
    expect(bad.status).toBe(400);
    expect(String(bad.body.message)).toContain("the data of event 'ApprovalEvent' for orchestrator 'ApprovalWorkflow' does not match its declared type at $: expected boolean");
    const good = await post('/instances/approval-typed/raiseEvent/ApprovalEvent', true);
    expect(good.status).toBe(202);
    const done = await t.host.client.waitForCompletion('approval-typed', { timeoutMs: 20_000 });
    expect(done.output).toBe('approved');
    expect(await eventsRaised('approval-typed')).toBe(1);
  });

  it('checks the same inputs in-process: startNew, signalEntity and raiseEvent throw InputValidationError and store nothing', async () => {
    const client = t.host.client;
    const refused = async (call: Promise<unknown>): Promise<string> => {
      const error: unknown = await call.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isDurableErrorWithCode(error, 'INPUT_INVALID')).toBe(true);
      return (error as Error).message;
    };
    expect(await refused(client.startNew('transferfunds', { instanceId: 'bad-client-1', input: { foo: 1 } }))).toContain('at $.from');
    expect(await client.getStatus('bad-client-1')).toBeUndefined();
    expect(await refused(client.signalEntity('@Counter@typed-2', 'add', 'abc'))).toContain('expected number');
    expect(await refused(client.entities.Counter('typed-2').signal.add('abc' as unknown as number))).toContain('expected number');
    expect((await client.readEntityState('@counter@typed-2')).entityExists).toBe(false);

    await client.startNew('ApprovalWorkflow', { instanceId: 'approval-client', input: 'invoice 8' });
    expect(await refused(client.raiseEvent('approval-client', 'approvalevent', 12345))).toContain('expected boolean');
    const handle = client.orchestrations.ApprovalWorkflow.handle('approval-client');
    expect(await refused(handle.raiseEvent('ApprovalEvent', 'no' as unknown as boolean))).toContain('expected boolean');
    expect(await eventsRaised('approval-client')).toBe(0);
    await handle.raiseEvent('ApprovalEvent', false);
    expect((await handle.waitForCompletion({ timeoutMs: 20_000 })).output).toBe('rejected');
  });

  it('leaves inputs that accept anything and hosts without schemas unchecked', async () => {
    // E1_HelloSequence takes no input (void): whatever is sent is accepted, as before.
    const started = await post('/orchestrators/E1_HelloSequence/any-input', { foo: 1 });
    expect(started.status).toBe(202);
  });
});
