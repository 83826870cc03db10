import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_WAIT_INTERVAL_MS, DEFAULT_WAIT_TIMEOUT_MS, HttpTriggerHelpers } from 'durable-ts';
import { sampleFunctions } from '../../../samples/functions';
import { sampleHttpTriggers } from '../../../samples/http/http-triggers';
import { httpTestFunctions } from './http-fixtures';
import { fetchJson, type HttpTestHost, startHttpTestHost } from './http-test-server';

/** The documented `…/wait` starter and `waitForCompletionOrCreateCheckStatusResponse` behind it. */
describe('the waiting starter (POST /api/orchestrators/{functionName}/wait)', () => {
  let t: HttpTestHost;
  beforeAll(async () => {
    t = await startHttpTestHost({ functions: [...sampleFunctions, ...httpTestFunctions], triggers: sampleHttpTriggers });
  });
  afterAll(async () => {
    await t.dispose();
  });

  it('answers 200 with the output when the orchestration finishes in time, and never starts an instance named "wait"', async () => {
    const res = await fetchJson(`${t.url}/api/orchestrators/E1_HelloSequence/wait`, { method: 'POST' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual(['Hello Tokyo!', 'Hello Seattle!', 'Hello London!']);
    expect(await t.host.storage.getInstance('wait')).toBeUndefined();
  });

  it('answers 202 with the check-status payload when the orchestration is still running at the timeout', async () => {
    const res = await fetchJson(`${t.url}/api/orchestrators/ApprovalOrchestrator/wait?timeout=0&retryInterval=0`, { method: 'POST' });
    expect(res.status).toBe(202);
    expect(res.headers.get('location')).toBe(res.body.statusQueryGetUri);
    const status = await t.host.client.getStatus(String(res.body.id));
    expect(status?.runtimeStatus).toMatch(/Pending|Running/);
  });

  it('answers 200 with the whole status for an instance that failed in time', async () => {
    const res = await fetchJson(`${t.url}/api/orchestrators/ExplodingOrchestrator/wait`, { method: 'POST' });
    expect(res.status).toBe(200);
    expect(res.body.runtimeStatus).toBe('Failed');
  });

  it('refuses a timeout that is not a number of seconds or is over the bound (400), starting nothing', async () => {
    const before = (await t.host.client.getStatusBy({ pageSize: 1000 })).instances.length;
    for (const query of ['timeout=soon', 'timeout=-1', 'retryInterval=x', 'timeout=100000']) {
      const res = await fetchJson(`${t.url}/api/orchestrators/ApprovalOrchestrator/wait?${query}`, { method: 'POST' });
      expect(res.status, query).toBe(400);
      expect(res.body.error, query).toBe('INVALID_ARGUMENT');
    }
    expect((await t.host.client.getStatusBy({ pageSize: 1000 })).instances.length).toBe(before);
  });

  it('the helper refuses an interval longer than the timeout, a negative or fractional timeout, with INVALID_ARGUMENT', async () => {
    const helpers = new HttpTriggerHelpers({ hubName: 'TestHub' }, t.url, { hasSystemKey: false }, t.host.client);
    const id = await t.host.client.startNew('ApprovalOrchestrator');
    const request = { url: `${t.url}/api/x` };
    for (const options of [{ timeoutInMilliseconds: 100, retryIntervalInMilliseconds: 200 }, { timeoutInMilliseconds: -1 }, { timeoutInMilliseconds: 1.5 }]) {
      await expect(helpers.waitForCompletionOrCreateCheckStatusResponse(request, id, options)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    }
    expect(DEFAULT_WAIT_TIMEOUT_MS).toBe(10_000);
    expect(DEFAULT_WAIT_INTERVAL_MS).toBe(1_000);
  });
});
