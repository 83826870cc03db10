import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { DurableHttpRequest } from 'durable-ts';
import { startTestHost, type TestHost } from '../../support/test-host';
import { waitFor } from '../../support/wait-for';
import { httpFunctions } from './http-functions';

/** A loopback server that takes requests and never answers; it counts requests and closed connections. */
async function silentServer(): Promise<{ url: string; received: () => number; closed: () => number; close: () => Promise<void> }> {
  let received = 0;
  let closed = 0;
  const server: Server = createServer((_req, res) => {
    received += 1;
    res.on('close', () => {
      closed += 1;
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received: () => received,
    closed: () => closed,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('BuiltIn::HttpActivity and the activity time limit', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('cancels the request in flight when functionTimeout passes, and the orchestration sees the timeout', async () => {
    const server = await silentServer();
    cleanups.push(server.close);
    const t: TestHost = await startTestHost(httpFunctions, {}, { functionTimeout: '00:00:00.300' });
    cleanups.push(t.dispose);
    // The request's own timeoutMs is far away: only the activity's signal can end it in time.
    const request: DurableHttpRequest = { method: 'GET', url: `${server.url}/never`, timeoutMs: 600_000 };
    const id = await t.host.client.startNew('HttpCallerCatching', { input: request });
    const done = await t.host.client.waitForCompletion(id, { timeoutMs: 15_000, pollIntervalMs: 20 });

    expect(done.output).toMatchObject({ taskFailed: true, taskName: 'BuiltIn::HttpActivity', errorType: 'ActivityTimeoutError' });
    expect(server.received()).toBe(1);
    // The connection is closed by the client that gave up, not left open until the server answers.
    await waitFor(() => server.closed() === 1, 'the durable HTTP request to be cancelled');
  });
});
