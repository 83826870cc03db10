import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpTestFunctions } from './http-fixtures';
import { fetchJson, pollUntilDone, startHttpTestHost, type HttpTestHost } from './http-test-server';

const API = '/runtime/webhooks/durabletask';
const json = { 'content-type': 'application/json' };

async function failedStatus(t: HttpTestHost, id: string): Promise<string> {
  await fetchJson(`${t.url}${API}/orchestrators/ExplodingOrchestrator/${id}`, { method: 'POST', headers: json, body: '"launch"' });
  await pollUntilDone(`${t.url}${API}/instances/${id}`);
  const res = await fetchJson(`${t.url}${API}/instances/${id}?showHistory=true&showHistoryOutput=true`);
  expect(res.body.runtimeStatus).toBe('Failed');
  return JSON.stringify(res.body) + JSON.stringify((await fetchJson(`${t.url}${API}/instances`)).body);
}

describe('stack traces over HTTP', () => {
  let t: HttpTestHost;
  let debug: HttpTestHost;
  beforeAll(async () => {
    t = await startHttpTestHost({ functions: httpTestFunctions });
    debug = await startHttpTestHost({ functions: httpTestFunctions, http: { exposeServerPaths: true } });
  });
  afterAll(async () => {
    await t.dispose();
    await debug.dispose();
  });

  it('do not show absolute server paths, though storage keeps them', async () => {
    const text = await failedStatus(t, 'paths-1');
    expect(text).toContain('cannot launch');
    expect(text).toContain('http-fixtures.ts');
    expect(text).not.toContain(process.cwd());
    expect(text).not.toMatch(/\((?:file:\/\/)?\/[^)]*\)/);
    const stored = JSON.stringify(await t.host.storage.getHistory('paths-1'));
    expect(stored).toContain(process.cwd());
  });

  it('show them when the debug setting says so', async () => {
    expect(await failedStatus(debug, 'paths-2')).toContain(process.cwd());
  });
});
