import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildDashboard } from '../../dashboard/build.mjs';
import { createHttpServer } from '../../src/http/http-server';
import { chromiumPath } from '../support/chromium';
import { silentLogger, startTestHost, type TestHost } from '../support/test-host';
import { waitFor } from '../support/wait-for';
import { dashboardAppFunctions } from './dashboard-app';

/** A host running the dashboard demo app, its HTTP server on loopback, and a headless chromium. */
export interface DashboardHarness {
  readonly t: TestHost;
  readonly server: FastifyInstance;
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly browser: Browser;
  /** A new page the size of the README screenshots. */
  newPage(): Promise<Page>;
  dispose(): Promise<void>;
}

/** Builds the dashboard bundle into a temp folder, starts the host and server, launches chromium. */
export async function startDashboardHarness(options: { systemKey?: string } = {}): Promise<DashboardHarness> {
  const assetsDir = await buildDashboard(mkdtempSync(join(tmpdir(), 'durable-ts-dashboard-')));
  const t = await startTestHost(dashboardAppFunctions, { maxQueuePollingInterval: '00:00:00.050' }, { drainTimeoutMs: 2_000 });
  const server = createHttpServer({
    client: t.host.client,
    config: { routePrefix: 'api', dashboardAssetsDir: assetsDir, ...(options.systemKey !== undefined ? { systemKey: options.systemKey } : {}) },
    entities: t.host.registry,
    logger: silentLogger,
  });
  const url = await server.listen({ port: 0, host: '127.0.0.1' });
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  return {
    t,
    server,
    url,
    browser,
    newPage: async () => browser.newPage({ viewport: { width: 1200, height: 760 }, deviceScaleFactor: 1 }),
    dispose: async () => {
      await browser.close();
      await server.close();
      await t.dispose();
      rmSync(assetsDir, { recursive: true, force: true });
    },
  };
}

/**
 * The demo hub: two orders waiting for approval (after retries, a sub-orchestration and a timer),
 * a failed payment, and a Counter entity. Resolves once they are all in that state.
 */
export async function seedDemoHub(t: TestHost): Promise<void> {
  const client = t.host.client;
  await client.startNew('OrderWorkflow', { instanceId: 'order-1001', input: 'order-1001' });
  await client.startNew('OrderWorkflow', { instanceId: 'order-1002', input: 'order-1002' });
  await client.startNew('PaymentWorkflow', { instanceId: 'payment-2001', input: 'payment-2001' });
  await client.signalEntity('@counter@cart', 'add', 3);
  for (const id of ['order-1001', 'order-1002']) {
    await waitFor(async () => {
      const status = await client.getStatus(id);
      return JSON.stringify(status?.customStatus ?? null).includes('waiting for approval');
    }, `${id} to wait for approval`, 20_000);
  }
  await client.waitForCompletion('payment-2001', { timeoutMs: 20_000 });
  await waitFor(async () => (await client.readEntityState('@counter@cart')).entityExists, 'the counter to exist');
}
