import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sampleFunctions } from '../../../samples/functions';
import { holdGate, httpTestFunctions } from './http-fixtures';
import { fetchJson, pollUntilDone, startHttpTestHost, type HttpTestHost } from './http-test-server';

const API = '/runtime/webhooks/durabletask';

describe('built-in API: start an orchestration and get its status', () => {
  let t: HttpTestHost;
  beforeAll(async () => {
    t = await startHttpTestHost({ functions: [...sampleFunctions, ...httpTestFunctions] });
  });
  afterAll(async () => {
    holdGate.release();
    await t.dispose();
  });
  beforeEach(() => holdGate.reset());

  it('answers a start with 202, Location and the documented check-status payload', async () => {
    const res = await fetchJson(`${t.url}${API}/orchestrators/E1_HelloSequence`, { method: 'POST' });
    expect(res.status).toBe(202);
    const id = res.body.id as string;
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    const instance = `${t.url}${API}/instances/${id}`;
    expect(res.body).toEqual({
      id,
      statusQueryGetUri: `${instance}?taskHub=TestHub`,
      sendEventPostUri: `${instance}/raiseEvent/{eventName}?taskHub=TestHub`,
      terminatePostUri: `${instance}/terminate?reason={text}&taskHub=TestHub`,
      purgeHistoryDeleteUri: `${instance}?taskHub=TestHub`,
      rewindPostUri: `${instance}/rewind?reason={text}&taskHub=TestHub`,
      restartPostUri: `${instance}/restart?taskHub=TestHub`,
      suspendPostUri: `${instance}/suspend?reason={text}&taskHub=TestHub`,
      resumePostUri: `${instance}/resume?reason={text}&taskHub=TestHub`,
    });
    expect(res.headers.get('location')).toBe(res.body.statusQueryGetUri);
    expect(res.headers.get('retry-after')).toBe('10');
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('polls the status URL until 200 with the Hello Sequence output and the documented fields', async () => {
    const start = await fetchJson(`${t.url}${API}/orchestrators/E1_HelloSequence/hello-http`, { method: 'POST' });
    expect(start.status).toBe(202);
    expect(start.body.id).toBe('hello-http');
    const done = await pollUntilDone(start.body.statusQueryGetUri as string);
    expect(done.status).toBe(200);
    expect(done.headers.get('location')).toBeNull();
    expect(done.body).toMatchObject({
      name: 'E1_HelloSequence',
      instanceId: 'hello-http',
      runtimeStatus: 'Completed',
      input: null,
      customStatus: 'Tokyo',
      output: ['Hello Tokyo!', 'Hello Seattle!', 'Hello London!'],
      historyEvents: null,
    });
    expect(done.body.createdTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(done.body.lastUpdatedTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it('shows the history in the documented view with showHistory and showHistoryOutput', async () => {
    const start = await fetchJson(`${t.url}${API}/orchestrators/E1_HelloSequence/hello-history`, { method: 'POST' });
    await pollUntilDone(start.body.statusQueryGetUri as string);
    const withOutput = await fetchJson(`${t.url}${API}/instances/hello-history?showHistory=true&showHistoryOutput=true`);
    const events = withOutput.body.historyEvents as Record<string, unknown>[];
    expect(events.map((e) => e.EventType)).toEqual(['ExecutionStarted', 'TaskCompleted', 'TaskCompleted', 'TaskCompleted', 'ExecutionCompleted']);
    expect(events[0]).toMatchObject({ EventType: 'ExecutionStarted', FunctionName: 'E1_HelloSequence' });
    expect(events[1]).toMatchObject({ EventType: 'TaskCompleted', FunctionName: 'E1_SayHello', Result: 'Hello Tokyo!', Input: 'Tokyo' });
    expect(Date.parse(events[1]?.ScheduledTime as string)).toBeLessThanOrEqual(Date.parse(events[1]?.Timestamp as string));
    expect(events[4]).toMatchObject({ EventType: 'ExecutionCompleted', OrchestrationStatus: 'Completed', Result: ['Hello Tokyo!', 'Hello Seattle!', 'Hello London!'] });

    const withoutOutput = await fetchJson(`${t.url}${API}/instances/hello-history?showHistory=TRUE&showInput=false`);
    const plain = withoutOutput.body.historyEvents as Record<string, unknown>[];
    expect(plain).toHaveLength(5);
    expect(plain.every((e) => !('Result' in e) && !('Input' in e))).toBe(true);
    expect(plain[1]).toMatchObject({ FunctionName: 'E1_SayHello' });
  });

  it('passes the JSON body as input and hides it with showInput=false', async () => {
    const start = await fetchJson(`${t.url}${API}/orchestrators/EchoOrchestrator/echo-1`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ city: 'Tokyo', n: [1, 2] }),
    });
    const done = await pollUntilDone(start.body.statusQueryGetUri as string);
    expect(done.body.input).toEqual({ city: 'Tokyo', n: [1, 2] });
    expect(done.body.output).toEqual({ received: { city: 'Tokyo', n: [1, 2] } });
    const hidden = await fetchJson(`${t.url}${API}/instances/echo-1?showInput=false`);
    expect(hidden.body.input).toBeNull();
  });

  it('answers 202 with Location and Retry-After while the instance runs, and 409 to a second start of its id', async () => {
    const start = await fetchJson(`${t.url}${API}/orchestrators/HeldOrchestrator/held-1`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '"x"' });
    expect(start.status).toBe(202);
    const statusUrl = `${t.url}${API}/instances/held-1?showHistory=true`;
    const running = await fetchJson(statusUrl);
    expect(running.status).toBe(202);
    expect(['Pending', 'Running']).toContain(running.body.runtimeStatus);
    expect(running.headers.get('location')).toBe(statusUrl);
    expect(running.headers.get('retry-after')).toBe('5');

    const again = await fetchJson(`${t.url}${API}/orchestrators/HeldOrchestrator/held-1`, { method: 'POST' });
    expect(again.status).toBe(409);
    expect(again.body.error).toBe('INSTANCE_ALREADY_EXISTS');
    expect(again.body.message).toContain('held-1');

    holdGate.release();
    const done = await pollUntilDone(statusUrl);
    expect(done.status).toBe(200);
    expect(done.body.output).toBe('held x');
  });

  it('reports a Failed instance with 200 (its failure message as output), or 500 when asked', async () => {
    const start = await fetchJson(`${t.url}${API}/orchestrators/ExplodingOrchestrator/boom-1`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '"launch"' });
    const done = await pollUntilDone(start.body.statusQueryGetUri as string);
    expect(done.status).toBe(200);
    expect(done.body.runtimeStatus).toBe('Failed');
    expect(done.body.output).toContain('cannot launch');
    expect(done.body.output).toMatch(/^Orchestrator function 'ExplodingOrchestrator' failed: /);

    const as500 = await fetchJson(`${t.url}${API}/instances/boom-1?returnInternalServerErrorOnFailure=true&showHistory=true`);
    expect(as500.status).toBe(500);
    expect(as500.body.runtimeStatus).toBe('Failed');
    const failed = (as500.body.historyEvents as Record<string, unknown>[]).find((e) => e.EventType === 'TaskFailed');
    expect(failed).toMatchObject({ FunctionName: 'Explode', Reason: 'cannot launch', FailureDetails: { ErrorType: 'TypeError', ErrorMessage: 'cannot launch' } });
  });

  it('matches paths ignoring case, as the Functions host does', async () => {
    const res = await fetchJson(`${t.url}/Runtime/Webhooks/DurableTask/Orchestrators/e1_hellosequence/Case-Id`, { method: 'POST' });
    expect(res.status).toBe(202);
    expect(res.body.id).toBe('Case-Id');
    const done = await pollUntilDone(`${t.url}/runtime/webhooks/durableTask/instances/Case-Id`);
    expect(done.body.name).toBe('E1_HelloSequence');
  });

  it('accepts taskHub naming its own hub', async () => {
    await fetchJson(`${t.url}${API}/orchestrators/E1_HelloSequence/hub-ok?taskHub=TestHub`, { method: 'POST' });
    const done = await pollUntilDone(`${t.url}${API}/instances/hub-ok?taskHub=TestHub`);
    expect(done.status).toBe(200);
  });
});
