import 'reflect-metadata';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { container as rootContainer } from 'tsyringe';
import { afterEach, describe, expect, it } from 'vitest';
import {
  HTTP_ACTIVITY_NAME,
  HTTP_SECRET_RESOLVER,
  VirtualClock,
  createDurableHost,
  type DurableHost,
  type DurableHttpRequest,
  type HistoryEvent,
  type HttpSecretResolver,
  type OrchestrationStatus,
} from 'durable-ts';
import { silentLogger } from '../../support/test-host';
import { waitFor } from '../../support/wait-for';
import { httpFunctions } from './http-functions';
import { sendJson, startLocalServer, unusedPort, type LocalServer } from './local-http-server';

const SECRET = 'Bearer s3cr3t-7f1c9a2e-do-not-store';

describe('ctx.callHttp (durable HTTP)', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function server(handler: Parameters<typeof startLocalServer>[0]): Promise<LocalServer> {
    const s = await startLocalServer(handler);
    cleanups.push(() => s.close());
    return s;
  }

  async function host(
    options: { clock?: VirtualClock; env?: Record<string, string>; resolver?: HttpSecretResolver; extendedSessions?: boolean } = {},
  ): Promise<{ host: DurableHost; dbPath: string }> {
    const dir = mkdtempSync(join(tmpdir(), 'durable-ts-http-'));
    const dbPath = join(dir, 'durable.sqlite');
    const container = rootContainer.createChildContainer();
    if (options.resolver !== undefined) container.registerInstance(HTTP_SECRET_RESOLVER, options.resolver);
    const h = await createDurableHost({
      functions: httpFunctions,
      env: options.env ?? {},
      cwd: dir,
      logger: silentLogger,
      container,
      ...(options.clock !== undefined ? { clock: options.clock } : {}),
      hostJson: {
        version: '2.0',
        extensions: {
          durableTask: { hubName: 'HttpHub', storageProvider: { type: 'sqlite', path: dbPath }, extendedSessionsEnabled: options.extendedSessions ?? true },
        },
      },
    });
    cleanups.push(async () => {
      await h.stop();
      rmSync(dir, { recursive: true, force: true });
    });
    await h.start();
    return { host: h, dbPath };
  }

  async function finished(h: DurableHost, id: string): Promise<OrchestrationStatus & { history: HistoryEvent[] }> {
    const status = await waitFor(async () => {
      const s = await h.client.getStatus(id, { showHistory: true, showHistoryOutput: true, showInput: true });
      return s && (s.runtimeStatus === 'Completed' || s.runtimeStatus === 'Failed') ? s : undefined;
    }, `instance ${id} to finish`);
    return { ...status, history: await h.storage.getHistory(id) };
  }

  async function run(h: DurableHost, name: string, input: unknown) {
    const id = await h.client.startNew(name, { input });
    return finished(h, id);
  }

  /** Server: POST /jobs → 202 (Retry-After 2), then GET /jobs/1 → 202 (Retry-After 3), then 200 with JSON. */
  function asyncJobServer(): Promise<LocalServer> {
    let polls = 0;
    return server((req, res) => {
      if (req.method === 'POST' && req.path === '/jobs') {
        res.writeHead(202, { location: '/jobs/1', 'retry-after': '2' }).end();
      } else if (req.method === 'GET' && req.path === '/jobs/1') {
        polls++;
        if (polls === 1) res.writeHead(202, { location: '/jobs/1', 'retry-after': '3' }).end();
        else sendJson(res, 200, { done: true, answer: 42 }, { 'set-cookie': 'session=abc; HttpOnly', 'x-job': '1' });
      } else sendJson(res, 404, { path: req.path });
    });
  }

  it.each([true, false])('follows 202 + Location with durable timers of Retry-After seconds (extended sessions %s)', async (extendedSessions) => {
    const s = await asyncJobServer();
    const clock = new VirtualClock();
    const start = clock.now();
    const { host: h } = await host({ clock, extendedSessions });
    const id = await h.client.startNew('HttpCaller', { input: { method: 'POST', url: `${s.url}/jobs`, body: { job: 'report' } } satisfies DurableHttpRequest });

    // Advance the virtual clock to each timer as it is created.
    for (let advanced = 0; advanced < 2; advanced++) {
      const timer = await waitFor(async () => {
        const timers = (await h.storage.getHistory(id)).filter((e) => e.type === 'TimerCreated');
        return timers[advanced];
      }, `timer ${advanced + 1}`);
      if (timer.type === 'TimerCreated') clock.advanceTo(Date.parse(timer.fireAt));
    }
    const status = await finished(h, id);

    expect(status.runtimeStatus).toBe('Completed');
    const output = status.output as { statusCode: number; headers: Record<string, string>; body: string };
    expect(output.statusCode).toBe(200);
    expect(JSON.parse(output.body)).toEqual({ done: true, answer: 42 });
    expect(output.headers['x-job']).toBe('1');
    expect(output.headers['content-type']).toBe('application/json');
    expect(output.headers['set-cookie']).toBeUndefined();
    expect(JSON.stringify(status.history)).not.toContain('session=abc');

    const history = status.history;
    const scheduled = history.filter((e) => e.type === 'TaskScheduled');
    expect(scheduled.map((e) => e.type === 'TaskScheduled' && e.name)).toEqual([HTTP_ACTIVITY_NAME, HTTP_ACTIVITY_NAME, HTTP_ACTIVITY_NAME]);
    const inputs = scheduled.map((e) => (e.type === 'TaskScheduled' ? JSON.parse(e.input ?? 'null') : null));
    expect(inputs.map((i) => [i.method, i.url])).toEqual([
      ['POST', `${s.url}/jobs`],
      ['GET', `${s.url}/jobs/1`],
      ['GET', `${s.url}/jobs/1`],
    ]);
    expect(inputs[0].body).toBe('{"job":"report"}');
    expect(inputs[0].headers).toEqual({ 'Content-Type': 'application/json' });
    const fireTimes = history.flatMap((e) => (e.type === 'TimerCreated' ? [Date.parse(e.fireAt) - start] : []));
    expect(fireTimes).toEqual([2000, 2000 + 3000]);
    expect(history.filter((e) => e.type === 'TimerFired')).toHaveLength(2);
    expect(s.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /jobs', 'GET /jobs/1', 'GET /jobs/1']);
    expect(s.requests[0]?.body).toBe('{"job":"report"}');
    expect(s.requests[0]?.headers['content-type']).toBe('application/json');
  });

  it('waits the polling interval when a 202 has no Retry-After, and stops polling when asked to', async () => {
    let polls = 0;
    const s = await server((req, res) => {
      if (req.path === '/start') res.writeHead(202, { location: `/status` }).end();
      else sendJson(res, 200, { polls: ++polls });
    });
    const clock = new VirtualClock();
    const start = clock.now();
    const { host: h } = await host({ clock });
    const id = await h.client.startNew('HttpCaller', { input: { method: 'GET', url: `${s.url}/start`, pollingIntervalMs: 7000 } });
    const timer = await waitFor(async () => (await h.storage.getHistory(id)).find((e) => e.type === 'TimerCreated'), 'the polling timer');
    expect(timer.type === 'TimerCreated' && Date.parse(timer.fireAt) - start).toBe(7000);
    clock.advance(7000);
    const polled = await finished(h, id);
    expect((polled.output as { body: string }).body).toBe('{"polls":1}');

    const noPolling = await run(h, 'HttpCaller', { method: 'GET', url: `${s.url}/start`, asynchronousPatternEnabled: false });
    expect(noPolling.runtimeStatus).toBe('Completed');
    expect(noPolling.output).toMatchObject({ statusCode: 202, headers: { location: '/status' }, body: '' });
    expect(noPolling.history.filter((e) => e.type === 'TimerCreated')).toHaveLength(0);
  });

  it('sends secret headers resolved at call time and never writes their values anywhere in storage', async () => {
    const other = await server((req, res) => sendJson(res, 200, { sawAuthorization: req.headers.authorization !== undefined }));
    const s = await server((req, res) => {
      const authorized = req.headers.authorization === SECRET;
      if (req.path === '/secure/start') res.writeHead(202, { location: '/secure/status', 'retry-after': '0' }).end();
      else if (req.path === '/secure/status') sendJson(res, 200, { authorized, header: req.headers['x-trace'] });
      else if (req.path === '/elsewhere') res.writeHead(202, { location: `${other.url}/poll`, 'retry-after': '0' }).end();
      else sendJson(res, 404, {});
    });
    const { host: h, dbPath } = await host({ env: { DURABLE_SECRET_API_TOKEN: SECRET } });

    const status = await run(h, 'HttpCaller', {
      method: 'POST',
      url: `${s.url}/secure/start`,
      headers: { 'X-Trace': 'abc' },
      body: 'payload',
      secretHeaders: { Authorization: 'api-token' },
    });
    expect(status.runtimeStatus).toBe('Completed');
    expect(JSON.parse((status.output as { body: string }).body)).toEqual({ authorized: true, header: 'abc' });
    expect(s.requests.map((r) => r.headers.authorization)).toEqual([SECRET, SECRET]);

    // Secrets follow a poll only to the origin of the first request.
    const crossOrigin = await run(h, 'HttpCaller', { method: 'GET', url: `${s.url}/elsewhere`, secretHeaders: { Authorization: 'api-token' } });
    expect(JSON.parse((crossOrigin.output as { body: string }).body)).toEqual({ sawAuthorization: false });

    const secretPart = 's3cr3t-7f1c9a2e';
    const recordedSecrets = (st: { history: HistoryEvent[] }) =>
      st.history.flatMap((e) => (e.type === 'TaskScheduled' ? [JSON.parse(e.input ?? '{}').secretHeaders ?? null] : []));
    expect(recordedSecrets(status)).toEqual([{ Authorization: 'api-token' }, { Authorization: 'api-token' }]);
    expect(recordedSecrets(crossOrigin)).toEqual([{ Authorization: 'api-token' }, null]);
    for (const st of [status, crossOrigin]) {
      expect(JSON.stringify(st.history)).not.toContain(secretPart);
      expect(JSON.stringify(st)).not.toContain(secretPart);
    }
    for (const file of [dbPath, `${dbPath}-wal`]) {
      if (existsSync(file)) expect(readFileSync(file).includes(Buffer.from(secretPart))).toBe(false);
    }
  });

  it('uses an HttpSecretResolver registered in the container', async () => {
    const s = await server((req, res) => sendJson(res, 200, { auth: req.headers['x-api-key'] }));
    const asked: string[] = [];
    const resolver: HttpSecretResolver = {
      resolve: async (name) => {
        asked.push(name);
        return name === 'vault.key' ? 'from-the-vault' : undefined;
      },
    };
    const { host: h } = await host({ resolver, env: { DURABLE_SECRET_VAULT_KEY: 'from-the-environment' } });
    const ok = await run(h, 'HttpCaller', { method: 'GET', url: s.url, secretHeaders: { 'X-Api-Key': 'vault.key' } });
    expect(ok.runtimeStatus).toBe('Completed');
    expect(JSON.parse((ok.output as { body: string }).body)).toEqual({ auth: 'from-the-vault' });

    const unknown = await run(h, 'HttpCaller', { method: 'GET', url: s.url, secretHeaders: { 'X-Api-Key': 'other' } });
    expect(unknown.runtimeStatus).toBe('Failed');
    expect(unknown.failureDetails?.innerFailure?.errorType).toBe('HttpSecretNotFoundError');
    expect(unknown.failureDetails?.innerFailure?.message).toContain('HTTP_SECRET_RESOLVER');
    expect(asked).toEqual(['vault.key', 'other']);

    const badName = await run(h, 'HttpCaller', { method: 'GET', url: s.url, secretHeaders: { 'X-Api-Key': 'vault/key' } });
    expect(badName.runtimeStatus).toBe('Failed');
    expect(badName.failureDetails?.errorType).toBe('InvalidArgumentError');
    expect(s.requests).toHaveLength(1);
  });

  it('fails the task with HttpSecretNotFoundError for an unknown secret, naming the variable', async () => {
    const s = await server((_req, res) => sendJson(res, 200, {}));
    const { host: h } = await host();
    const status = await run(h, 'HttpCallerCatching', { method: 'GET', url: s.url, secretHeaders: { Authorization: 'missing-one' } });
    expect(status.runtimeStatus).toBe('Completed');
    expect(status.output).toMatchObject({ taskFailed: true, taskName: HTTP_ACTIVITY_NAME, errorType: 'HttpSecretNotFoundError' });
    expect((status.output as { message: string }).message).toContain('DURABLE_SECRET_MISSING_ONE');
    expect(s.requests).toHaveLength(0);
  });

  it.each(['Authorization', 'cookie', 'Proxy-Authorization'])('refuses a plain %s header synchronously, pointing to secretHeaders', async (header) => {
    const { host: h } = await host();
    // The value is made in orchestrator code, so it is not in the instance's input either.
    const status = await run(h, 'HttpCallerCatching', { method: 'GET', url: 'http://127.0.0.1:9/', plainCredentialHeader: header });
    expect(status.output).toMatchObject({ taskFailed: false, name: 'InvalidArgumentError', code: 'INVALID_ARGUMENT' });
    expect((status.output as { message: string }).message).toContain('secretHeaders');
    expect(status.history.filter((e) => e.type === 'TaskScheduled')).toHaveLength(0);
    expect(JSON.stringify(status.history)).not.toContain('plain-credential-value');
  });

  it('returns a 500 response as a response, not an error', async () => {
    const s = await server((_req, res) => {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('boom');
    });
    const { host: h } = await host();
    const status = await run(h, 'HttpCaller', { method: 'DELETE', url: `${s.url}/thing` });
    expect(status.runtimeStatus).toBe('Completed');
    expect(status.output).toMatchObject({ statusCode: 500, body: 'boom', headers: { 'content-type': 'text/plain' } });
  });

  it('fails with TaskFailedError (HttpRequestFailedError) when the connection is refused', async () => {
    const port = await unusedPort();
    const { host: h } = await host();
    const caught = await run(h, 'HttpCallerCatching', { method: 'GET', url: `http://127.0.0.1:${port}/` });
    expect(caught.output).toMatchObject({ taskFailed: true, taskName: HTTP_ACTIVITY_NAME, errorType: 'HttpRequestFailedError' });
    expect((caught.output as { message: string }).message).toContain('ECONNREFUSED');

    const failed = await run(h, 'HttpCaller', { method: 'GET', url: `http://127.0.0.1:${port}/` });
    expect(failed.runtimeStatus).toBe('Failed');
    expect(failed.failureDetails?.errorType).toBe('TaskFailedError');
    expect(failed.failureDetails?.innerFailure?.errorType).toBe('HttpRequestFailedError');
  });

  it('fails a request that outlives timeoutMs', async () => {
    const s = await server(() => {
      /* never answers */
    });
    const { host: h } = await host();
    const status = await run(h, 'HttpCallerCatching', { method: 'GET', url: s.url, timeoutMs: 200 });
    expect(status.output).toMatchObject({ taskFailed: true, errorType: 'HttpRequestFailedError' });
    expect((status.output as { message: string }).message).toContain('within 200 ms');
  });

  it('is a durable task: ctx.all runs two calls in parallel', async () => {
    const s = await server((req, res) => sendJson(res, req.path === '/a' ? 200 : 404, {}));
    const { host: h } = await host();
    const status = await run(h, 'HttpFanOut', { first: { method: 'GET', url: `${s.url}/a` }, second: { method: 'GET', url: `${s.url}/b` } });
    expect(status.runtimeStatus).toBe('Completed');
    expect(status.output).toEqual([200, 404]);
  });
});
