import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeIfChromium } from '../support/chromium';
import { startDashboardHarness, type DashboardHarness } from './dashboard-harness';

const KEY = 'browser-test-system-key';
const UI_TIMEOUT_MS = 15_000;

describeIfChromium('dashboard with a system key, in a headless browser', () => {
  let h: DashboardHarness;
  let page: Page;

  beforeAll(async () => {
    h = await startDashboardHarness({ systemKey: KEY });
    await h.t.host.client.startNew('OrderWorkflow', { instanceId: 'keyed-1', input: 'keyed-1' });
    page = await h.newPage();
  });

  afterAll(async () => {
    await h?.dispose();
  });

  const useKey = async (key: string): Promise<void> => {
    await page.locator('.key-form input[name="key"]').fill(key);
    await page.locator('.key-form button').click();
  };

  it('asks for the key, refuses a wrong one, and shows the hub once the right one is entered', async () => {
    await page.goto(`${h.url}/dashboard`);
    const note = page.locator('.result.error');
    await note.waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await note.innerText()).toContain('requires the system key');
    expect(await page.locator('table[aria-label="Instances"] tbody tr').count()).toBe(0);

    await useKey('wrong-key');
    await expect.poll(() => note.innerText(), { timeout: UI_TIMEOUT_MS }).toContain('requires the system key');

    await useKey(KEY);
    await page.locator('tr[data-instance-id="keyed-1"]').waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await page.locator('.result.error').count()).toBe(0);
  });

  it('acts with the entered key', async () => {
    await page.goto(`${h.url}/dashboard#/instances/keyed-1`);
    await page.locator('.timeline').waitFor({ timeout: UI_TIMEOUT_MS });
    await page.getByRole('button', { name: 'Terminate', exact: true }).click();
    await page.getByRole('dialog', { name: 'Terminate' }).getByRole('button', { name: 'Terminate', exact: true }).click();
    await expect.poll(() => page.getByRole('status').innerText(), { timeout: UI_TIMEOUT_MS }).toContain('Terminate: accepted (202)');
    await h.t.host.client.waitForCompletion('keyed-1', { timeoutMs: UI_TIMEOUT_MS });
    expect((await h.t.host.client.getStatus('keyed-1'))?.runtimeStatus).toBe('Terminated');
  });
});
