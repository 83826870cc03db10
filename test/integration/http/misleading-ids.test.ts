import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Counter } from '../../../samples/entities/counter.entity';
import { httpTestFunctions } from './http-fixtures';
import { fetchJson, rawJson, startHttpTestHost, type HttpTestHost } from './http-test-server';

const API = '/runtime/webhooks/durabletask';
const json = { 'content-type': 'application/json' };

describe('instance ids and entity keys that break URLs or mislead are refused', () => {
  let t: HttpTestHost;
  beforeAll(async () => {
    t = await startHttpTestHost({ functions: [...httpTestFunctions, Counter] });
  });
  afterAll(async () => {
    await t.dispose();
  });

  const misleading = [
    ['%2E', "'.'"],
    ['%2E%2E', "'..'"],
    ['%20%20', 'whitespace only'],
    ['a%09b', 'U+0009'],
    [encodeURIComponent('pay\u202Eexe.txt'), 'U+202E'],
    [encodeURIComponent('a\u200Bb'), 'U+200B'],
    [encodeURIComponent('a\u2066b'), 'U+2066'],
    [encodeURIComponent('\uFEFFa'), 'U+FEFF'],
  ] as const;

  it('a start with such an id is a 400 that names the reason, and nothing is stored', async () => {
    for (const [segment, reason] of misleading) {
      const res = await rawJson(`${t.url}${API}/orchestrators/EchoOrchestrator/${segment}`, { method: 'POST', headers: json, body: '1' });
      expect(res.status, segment).toBe(400);
      expect(res.body.error, segment).toBe('INVALID_INSTANCE_ID');
      expect(String(res.body.message), segment).toContain(reason);
    }
    const all = await fetchJson(`${t.url}${API}/instances`);
    expect(all.body).toEqual([]);
  });

  it('an entity signal with such a key is a 400, and no entity is created', async () => {
    for (const [segment] of misleading) {
      const res = await rawJson(`${t.url}${API}/entities/Counter/${segment}?op=add`, { method: 'POST', headers: json, body: '1' });
      expect(res.status, segment).toBe(400);
      expect(res.body.error, segment).toBe('INVALID_ARGUMENT');
    }
    const entities = await fetchJson(`${t.url}${API}/entities`);
    expect(entities.body).toEqual([]);
  });

  it('a too-long id is "longer than 256 characters", and the answer does not echo it', async () => {
    const id = 'x'.repeat(3000);
    for (const res of [
      await fetchJson(`${t.url}${API}/orchestrators/EchoOrchestrator/${id}`, { method: 'POST' }),
      await fetchJson(`${t.url}${API}/instances/${id}`),
      await fetchJson(`${t.url}${API}/instances/${id}/terminate`, { method: 'POST' }),
    ]) {
      expect(res.status).toBe(400);
      expect(String(res.body.message)).toContain('longer than 256 characters');
      expect(JSON.stringify(res.body)).not.toContain('x'.repeat(101));
    }
    const badId = `${'y'.repeat(250)}?`;
    const res = await fetchJson(`${t.url}${API}/orchestrators/EchoOrchestrator/${encodeURIComponent(badId)}`, { method: 'POST' });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).not.toContain('y'.repeat(101));
    const longName = await fetchJson(`${t.url}${API}/entities/${'n@'.repeat(1000)}/k?op=add`, { method: 'POST' });
    expect(longName.status).toBe(400);
    expect(JSON.stringify(longName.body)).not.toContain('n@'.repeat(60));
  });
});
