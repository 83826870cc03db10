import 'reflect-metadata';
import { container } from 'tsyringe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isDurableErrorWithCode } from 'durable-ts';
import { sampleFunctions } from '../../../samples/functions';
import { sampleHttpTriggers } from '../../../samples/http/http-triggers';
import { HttpTrigger, HttpTriggers } from '../../../src/decorators/http-trigger.decorator';
import { createHttpServer } from '../../../src/http/http-server';
import type { TriggerClass } from '../../../src/http/app-triggers';
import { silentLogger } from '../../support/test-host';
import { httpTestFunctions, OrderTriggers } from './http-fixtures';
import { fetchJson, pollUntilDone, startHttpTestHost, type HttpTestHost } from './http-test-server';

describe('app HTTP triggers', () => {
  let t: HttpTestHost;
  beforeAll(async () => {
    t = await startHttpTestHost({ functions: [...sampleFunctions, ...httpTestFunctions], triggers: [...sampleHttpTriggers, OrderTriggers] });
  });
  afterAll(async () => {
    await t.dispose();
  });

  it('serves the samples starter: POST /api/orchestrators/E1_HelloSequence answers with the check-status response', async () => {
    const start = await fetchJson(`${t.url}/api/orchestrators/E1_HelloSequence`, { method: 'POST' });
    expect(start.status).toBe(202);
    expect(start.headers.get('location')).toBe(start.body.statusQueryGetUri);
    expect(start.headers.get('retry-after')).toBe('10');
    expect(start.body.statusQueryGetUri).toBe(`${t.url}/runtime/webhooks/durabletask/instances/${String(start.body.id)}?taskHub=TestHub`);
    const done = await pollUntilDone(start.body.statusQueryGetUri as string);
    expect(done.status).toBe(200);
    expect(done.body.output).toEqual(['Hello Tokyo!', 'Hello Seattle!', 'Hello London!']);
  });

  it('the starter takes an instance id and a JSON input, and maps typed errors', async () => {
    const start = await fetchJson(`${t.url}/api/orchestrators/EchoOrchestrator/starter-1`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '[1,2,3]' });
    expect(start.body.id).toBe('starter-1');
    const done = await pollUntilDone(start.body.statusQueryGetUri as string);
    expect(done.body.output).toEqual({ received: [1, 2, 3] });
    const unknown = await fetchJson(`${t.url}/api/orchestrators/Nope`, { method: 'POST' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toBe('FUNCTION_NOT_FOUND');
    const get = await fetchJson(`${t.url}/api/orchestrators/E1_HelloSequence`);
    expect(get.status).toBe(404);
    const form = await fetchJson(`${t.url}/api/orchestrators/EchoOrchestrator`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=1' });
    expect(form.status).toBe(415);
    expect(form.body.error).toBe('UNSUPPORTED_CONTENT_TYPE');
    // text/plain is what a web page can send cross-site without a preflight: refused, not read as JSON.
    const text = await fetchJson(`${t.url}/api/orchestrators/EchoOrchestrator/starter-text`, { method: 'POST', body: '"Tokyo"' });
    expect(text.status).toBe(415);
    expect(await t.host.storage.getInstance('starter-text')).toBeUndefined();
  });

  it('passes route parameters (optional ones absent), the query, headers and the absolute URL', async () => {
    const withItem = await fetchJson(`${t.url}/api/orders/42/items/book?q=a&q=b`, { headers: { 'user-agent': 'test-agent' } });
    expect(withItem.status).toBe(200);
    expect(withItem.body).toEqual({ orderId: '42', item: 'book', q: ['a', 'b'], hub: 'TestHub', method: 'GET', url: `${t.url}/api/orders/42/items/book?q=a&q=b`, agent: 'test-agent' });
    const withoutItem = await fetchJson(`${t.url}/api/orders/42/items`);
    expect(withoutItem.body).toMatchObject({ orderId: '42', item: null, q: [] });
    const encoded = await fetchJson(`${t.url}/api/orders/a%20b/items/c%2Fd`);
    expect(encoded.body).toMatchObject({ orderId: 'a b', item: 'c/d' });
  });

  it('injects DurableClient: a trigger starts an orchestration and returns createCheckStatusResponse', async () => {
    const res = await fetchJson(`${t.url}/api/orders/7`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"qty":2}' });
    expect(res.status).toBe(202);
    expect(res.body.id).toBe('order-7');
    const done = await pollUntilDone(res.headers.get('location') as string);
    expect(done.body.output).toEqual({ received: { qty: 2 } });
    const again = await fetchJson(`${t.url}/api/orders/7`, { method: 'PUT' });
    expect([202, 409]).toContain(again.status);
  });

  it('sends an HttpResponse as it is, undefined as 204, other values as 200 JSON', async () => {
    const teapot = await fetch(`${t.url}/api/teapot`);
    expect(teapot.status).toBe(418);
    expect(teapot.headers.get('x-brew')).toBe('earl grey');
    expect(await teapot.text()).toBe('I am a teapot');
    const nothing = await fetch(`${t.url}/api/nothing`, { method: 'DELETE' });
    expect(nothing.status).toBe(204);
    const payload = await fetchJson(`${t.url}/api/orders/abc/payload`);
    expect(payload.status).toBe(200);
    expect(payload.headers.get('content-type')).toMatch(/^application\/json/);
    expect(payload.body.id).toBe('abc');
  });

  it('gives the body as JSON, text, bytes or nothing by content type', async () => {
    const post = (headers: Record<string, string>, body?: string): Promise<Record<string, unknown>> =>
      fetchJson(`${t.url}/api/echo-body`, { method: 'POST', headers, ...(body !== undefined ? { body } : {}) }).then((r) => r.body);
    expect(await post({ 'content-type': 'application/json' }, '{"a":1}')).toEqual({ kind: 'object', value: { a: 1 } });
    expect(await post({ 'content-type': 'application/vnd.api+json; charset=utf-8' }, '[1]')).toEqual({ kind: 'object', value: [1] });
    expect(await post({ 'content-type': 'text/plain' }, 'hello')).toEqual({ kind: 'string', value: 'hello' });
    expect(await post({ 'content-type': 'application/octet-stream' }, 'AB')).toEqual({ kind: 'buffer', value: Buffer.from('AB').toString('base64') });
    expect(await post({})).toEqual({ kind: 'none', value: null });
  });

  it('maps a typed error thrown by a trigger, and answers an unexpected one with a 500 that shows no details', async () => {
    const missing = await fetchJson(`${t.url}/api/missing-orchestrator`, { method: 'POST' });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toBe('FUNCTION_NOT_FOUND');
    const boom = await fetchJson(`${t.url}/api/boom`);
    expect(boom.status).toBe(500);
    expect(boom.body.error).toBe('INTERNAL_ERROR');
    expect(JSON.stringify(boom.body)).not.toContain('secret');
  });
});

describe('app HTTP trigger registration', () => {
  const client = { taskHubName: 'TestHub' } as unknown as Parameters<typeof createHttpServer>[0]['client'];
  const build = (classes: readonly TriggerClass[], resolve: (cls: TriggerClass) => unknown = (cls) => container.resolve(cls as unknown as Parameters<typeof container.resolve>[0])) =>
    createHttpServer({ client, config: { routePrefix: 'api' }, appTriggers: { classes, resolve }, logger: silentLogger });
  const registrationError = (fn: () => unknown): string => {
    try {
      fn();
    } catch (error) {
      expect(isDurableErrorWithCode(error, 'INVALID_REGISTRATION')).toBe(true);
      return (error as Error).message;
    }
    throw new Error('expected an InvalidRegistrationError');
  };

  it('refuses a class without @HttpTriggers()', () => {
    class Plain {
      @HttpTrigger({ route: 'x' })
      x(): number {
        return 1;
      }
    }
    expect(registrationError(() => build([Plain]))).toMatch(/^Plain: .*add @HttpTriggers\(\)/);
  });

  it('refuses two triggers on the same method and path, naming both', () => {
    @HttpTriggers()
    class Twice {
      @HttpTrigger({ route: 'items/{id}', methods: ['GET'] })
      a(): number {
        return 1;
      }
      @HttpTrigger({ route: 'Items/{key}', methods: ['get', 'POST'] as never })
      b(): number {
        return 2;
      }
    }
    const message = registrationError(() => build([Twice]));
    expect(message).toContain('Twice.b');
    expect(message).toContain('Twice.a');
  });

  it('refuses a route that clashes with the built-in API', () => {
    @HttpTriggers()
    class Clash {
      @HttpTrigger({ route: 'instances/{id}', methods: ['GET'] })
      a(): number {
        return 1;
      }
    }
    const server = createHttpServer;
    expect(
      registrationError(() =>
        server({ client, config: { routePrefix: 'runtime/webhooks/durabletask' }, appTriggers: { classes: [Clash], resolve: () => new Clash() }, logger: silentLogger }),
      ),
    ).toContain('Clash.a');
  });

  it('refuses unsupported route templates with the reason', () => {
    @HttpTriggers()
    class Templates {
      @HttpTrigger({ route: 'a/{id?}/b' })
      a(): number {
        return 1;
      }
    }
    expect(registrationError(() => build([Templates]))).toMatch(/Templates\.a: .*only the last one may be optional/);
    @HttpTriggers()
    class Constraint {
      @HttpTrigger({ route: 'a/{id:int}' })
      a(): number {
        return 1;
      }
    }
    expect(registrationError(() => build([Constraint]))).toContain('{id:int}');
  });

  it('refuses a class the container cannot build, naming it', () => {
    interface Missing {
      readonly x: number;
    }
    @HttpTriggers()
    class NeedsSomething {
      constructor(readonly missing: Missing) {}
      @HttpTrigger({ route: 'x' })
      x(): number {
        return this.missing.x;
      }
    }
    expect(registrationError(() => build([NeedsSomething]))).toMatch(/^NeedsSomething \(declares NeedsSomething\.x\): cannot be constructed/);
  });

  it('refuses @HttpTrigger options of the wrong shape when decorating', () => {
    expect(() => HttpTrigger({ route: 'x', methods: ['FETCH'] as never })).toThrow(/FETCH/);
    expect(() => HttpTrigger({} as never)).toThrow(/route/);
  });
});
