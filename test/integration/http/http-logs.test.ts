import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Logger } from 'durable-ts';
import { sampleFunctions } from '../../../samples/functions';
import { OrderTriggers } from './http-fixtures';
import { fetchJson, startHttpTestHost, type HttpTestHost } from './http-test-server';

const KEY = 'log-me-never';

describe('HTTP log events', () => {
  const lines: { level: string; fields: Record<string, unknown> }[] = [];
  const record = (level: string) => (fields: Record<string, unknown>) => void lines.push({ level, fields });
  const logger: Logger = { debug: record('debug'), info: record('info'), warn: record('warn'), error: record('error') };
  let t: HttpTestHost;
  beforeAll(async () => {
    t = await startHttpTestHost({ functions: sampleFunctions, triggers: [OrderTriggers], systemKey: KEY, logger });
  });
  afterAll(async () => {
    await t.dispose();
  });

  it('logs where it listens, each request at debug, and a server fault with its error, never the key', async () => {
    await fetchJson(`${t.url}/runtime/webhooks/durabletask/orchestrators/E1_HelloSequence?code=${KEY}`, { method: 'POST' });
    await fetchJson(`${t.url}/api/boom?code=${KEY}`);
    const events = lines.map((l) => l.fields.event);
    expect(lines.find((l) => l.fields.event === 'http.server.listening')?.fields).toMatchObject({ url: t.url, routePrefix: 'api', systemKey: true });
    expect(events).toContain('http.orchestration.started');
    const failed = lines.find((l) => l.fields.event === 'http.request.failed');
    expect(failed).toMatchObject({ level: 'error', fields: { method: 'GET', path: '/api/boom', statusCode: 500, err: { message: 'kaput: /secret/path' } } });
    expect(lines.filter((l) => l.fields.event === 'http.request.completed').map((l) => l.fields.statusCode)).toEqual([202, 500]);
    expect(JSON.stringify(lines)).not.toContain(KEY);
  });
});
