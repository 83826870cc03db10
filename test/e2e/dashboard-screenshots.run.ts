import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, it } from 'vitest';
import { describeIfChromium } from '../support/chromium';
import { seedDemoHub, startDashboardHarness, type DashboardHarness } from './dashboard-harness';

/**
 * Writes the README's dashboard screenshots (`npm run screenshots`): the demo hub of the browser
 * test, shown in the pages an operator uses most. Not part of `npm test`.
 */
const OUT = resolve(__dirname, '../../docs/screenshots');
const UI_TIMEOUT_MS = 15_000;

describeIfChromium('dashboard screenshots', () => {
  let h: DashboardHarness;
  let page: Page;

  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    h = await startDashboardHarness();
    await seedDemoHub(h.t);
    await h.t.host.client.raiseEvent('order-1002', 'Approval', { by: 'alice' });
    await h.t.host.client.waitForCompletion('order-1002', { timeoutMs: UI_TIMEOUT_MS });
    page = await h.newPage();
  });

  afterAll(async () => {
    await h?.dispose();
  });

  const shoot = async (hash: string, ready: string, file: string): Promise<void> => {
    await page.goto(`${h.url}/dashboard${hash}`);
    await page.locator(ready).first().waitFor({ timeout: UI_TIMEOUT_MS });
    await page.screenshot({ path: join(OUT, file), fullPage: false });
  };

  it('writes docs/screenshots/*.png', async () => {
    await shoot('#/instances', 'table[aria-label="Instances"] tbody tr', 'instances.png');
    await shoot('#/instances/order-1002', '.timeline-row[data-kind="event"]', 'instance-timeline.png');
    await shoot('#/instances/payment-2001', '[data-label="Failure details"]', 'instance-failed.png');
    await page.goto(`${h.url}/dashboard#/instances/order-1001`);
    await page.locator('.timeline').waitFor({ timeout: UI_TIMEOUT_MS });
    await page.getByRole('button', { name: 'Raise event', exact: true }).click();
    await page.locator('[name="eventName"]').fill('Approval');
    await page.locator('[name="data"]').fill('{ "by": "alice" }');
    await page.screenshot({ path: join(OUT, 'raise-event.png') });
    await shoot('#/entities', 'table[aria-label="Entities"] tbody tr', 'entities.png');
  });
});
