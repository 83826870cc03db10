import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeIfChromium } from '../support/chromium';
import { seedDemoHub, startDashboardHarness, type DashboardHarness } from './dashboard-harness';

/** Longest wait for the page to show something (it refreshes every 3–5 s). */
const UI_TIMEOUT_MS = 15_000;

/** The instance ids the list shows, in order. */
async function listedIds(page: Page): Promise<string[]> {
  return page.locator('table[aria-label="Instances"] tbody tr').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-instance-id') ?? ''));
}

async function confirmAction(page: Page, title: string, fields: Readonly<Record<string, string>> = {}): Promise<string> {
  await page.getByRole('button', { name: title, exact: true }).click();
  const dialog = page.getByRole('dialog', { name: title });
  for (const [name, value] of Object.entries(fields)) await dialog.locator(`[name="${name}"]`).fill(value);
  await dialog.getByRole('button', { name: title, exact: true }).click();
  const result = page.getByRole('status');
  await result.waitFor({ timeout: UI_TIMEOUT_MS });
  return result.innerText();
}

describeIfChromium('dashboard in a headless browser', () => {
  let h: DashboardHarness;
  let page: Page;

  beforeAll(async () => {
    h = await startDashboardHarness();
    await seedDemoHub(h.t);
    page = await h.newPage();
  });

  afterAll(async () => {
    await h?.dispose();
  });

  it('lists the instances and filters them by status, name and id prefix', async () => {
    await page.goto(`${h.url}/dashboard`);
    await expect.poll(() => listedIds(page), { timeout: UI_TIMEOUT_MS }).toEqual(expect.arrayContaining(['order-1001', 'order-1002', 'payment-2001', 'order-1001:ship']));

    await page.locator('select[name="status"]').selectOption('Failed');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => listedIds(page), { timeout: UI_TIMEOUT_MS }).toEqual(['payment-2001']);
    expect(page.url()).toContain('status=Failed');

    await page.goto(`${h.url}/dashboard#/instances`);
    await page.locator('input[name="name"]').fill('orderworkflow');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(async () => (await listedIds(page)).sort(), { timeout: UI_TIMEOUT_MS }).toEqual(['order-1001', 'order-1002']);

    await page.goto(`${h.url}/dashboard#/instances?prefix=order-1001`);
    await expect.poll(async () => (await listedIds(page)).sort(), { timeout: UI_TIMEOUT_MS }).toEqual(['order-1001', 'order-1001:ship']);
  });

  it('pages through the list with the continuation tokens, forward and back', async () => {
    await page.goto(`${h.url}/dashboard#/instances?top=2`);
    await expect.poll(async () => (await listedIds(page)).length, { timeout: UI_TIMEOUT_MS }).toBe(2);
    const first = await listedIds(page);
    const seen = [...first];
    const next = page.getByRole('button', { name: 'Next page' });
    for (let pageNumber = 2; await next.isEnabled(); pageNumber++) {
      await next.click();
      await page.getByText(`page ${pageNumber}`, { exact: true }).waitFor({ timeout: UI_TIMEOUT_MS });
      await expect.poll(async () => (await listedIds(page)).some((id) => seen.includes(id)), { timeout: UI_TIMEOUT_MS }).toBe(false);
      seen.push(...(await listedIds(page)));
      expect(pageNumber).toBeLessThan(10);
    }
    expect(seen.sort()).toEqual(['order-1001', 'order-1001:ship', 'order-1002', 'order-1002:ship', 'payment-2001']);
    const previous = page.getByRole('button', { name: 'Previous page' });
    while (await previous.isEnabled()) await previous.click();
    await page.getByText('page 1', { exact: true }).waitFor({ timeout: UI_TIMEOUT_MS });
    await expect.poll(() => listedIds(page), { timeout: UI_TIMEOUT_MS }).toEqual(first);
  });

  it('opens an instance and shows its timeline: retried activity, sub-orchestration, timer, and the child link', async () => {
    await page.goto(`${h.url}/dashboard#/instances`);
    await page.getByRole('link', { name: 'order-1001', exact: true }).click();
    await page.locator('.timeline').waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await page.locator('.instance-id').innerText()).toBe('order-1001');

    const activityRows = page.locator('.timeline-row[data-kind="activity"]');
    await expect.poll(() => activityRows.count(), { timeout: UI_TIMEOUT_MS }).toBe(3);
    expect(await activityRows.nth(0).getAttribute('data-outcome')).toBe('failed');
    expect(await activityRows.nth(2).getAttribute('data-outcome')).toBe('completed');
    expect(await activityRows.nth(2).innerText()).toContain('attempt 3');
    expect(await page.locator('.timeline-row[data-kind="sub-orchestration"]').innerText()).toContain('ShipOrder');
    expect(await page.locator('.timeline-row[data-kind="timer"]').count()).toBeGreaterThanOrEqual(3); // two retry delays and the order's own timer
    expect(await page.locator('[data-label="Custom status"]').innerText()).toContain('waiting for approval');

    await page.locator('.relations').getByRole('link', { name: /order-1001:ship/ }).click();
    await expect.poll(() => page.locator('.instance-id').innerText(), { timeout: UI_TIMEOUT_MS }).toBe('order-1001:ship');
    expect(await page.locator('.relations').innerText()).toContain('Parent: OrderWorkflow order-1001');
  });

  it('raises an event that completes the instance, and shows the result', async () => {
    await page.goto(`${h.url}/dashboard#/instances/order-1001`);
    await page.locator('.timeline').waitFor({ timeout: UI_TIMEOUT_MS });
    const result = await confirmAction(page, 'Raise event', { eventName: 'Approval', data: '{"by":"alice"}' });
    expect(result).toContain("event 'Approval' accepted (202)");

    await expect.poll(() => page.locator('.badge').first().innerText(), { timeout: UI_TIMEOUT_MS }).toBe('Completed');
    expect(await page.locator('[data-label="Output"]').innerText()).toContain('"alice"');
    expect(await page.locator('.timeline-row[data-kind="event"]').innerText()).toContain('Approval');
    expect((await h.t.host.client.getStatus('order-1001'))?.runtimeStatus).toBe('Completed');
  });

  it('terminates an instance after a confirmation', async () => {
    await page.goto(`${h.url}/dashboard#/instances/order-1002`);
    await page.locator('.timeline').waitFor({ timeout: UI_TIMEOUT_MS });
    await page.getByRole('button', { name: 'Terminate', exact: true }).click();
    await page.getByRole('dialog', { name: 'Terminate' }).getByRole('button', { name: 'Cancel' }).click();
    expect((await h.t.host.client.getStatus('order-1002'))?.runtimeStatus).toBe('Running'); // cancelled: nothing sent

    const result = await confirmAction(page, 'Terminate', { reason: 'customer cancelled' });
    expect(result).toContain('Terminate: accepted (202)');
    await expect.poll(() => page.locator('.badge').first().innerText(), { timeout: UI_TIMEOUT_MS }).toBe('Terminated');
    expect((await h.t.host.client.getStatus('order-1002'))?.runtimeStatus).toBe('Terminated');
  });

  it('rewinds a failed instance and restarts a finished one, showing what the API answered', async () => {
    await page.goto(`${h.url}/dashboard#/instances/payment-2001`);
    await page.locator('[data-label="Failure details"]').waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await page.locator('[data-label="Failure details"]').innerText()).toContain('card declined for payment-2001');
    const result = await confirmAction(page, 'Rewind'); // ChargeCard still fails, but a rewind of a Failed instance is accepted
    expect(result).toContain('Rewind: accepted (202)');
    await page.goto(`${h.url}/dashboard#/instances/order-1001`);
    await page.locator('.timeline').waitFor({ timeout: UI_TIMEOUT_MS });
    const restarted = await confirmAction(page, 'Restart');
    expect(restarted).toMatch(/Restart: started [0-9a-f-]+ \(202\)/);
  });

  it('lists entities with a state preview and opens one with its state and last operation time', async () => {
    await page.goto(`${h.url}/dashboard#/entities`);
    const row = page.locator('table[aria-label="Entities"] tbody tr', { hasText: 'cart' });
    await row.waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await row.innerText()).toContain('{"value":3}');

    await row.getByRole('link', { name: 'cart' }).click();
    await page.locator('[data-label="State"]').waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await page.locator('[data-label="State"]').innerText()).toContain('"value": 3');
    expect(await page.locator('.last-operation').innerText()).toMatch(/last operation \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ/);

    const result = await confirmAction(page, 'Signal', { operation: 'add', input: '4' });
    expect(result).toContain("operation 'add' accepted (202)");
    await expect.poll(() => page.locator('[data-label="State"]').innerText(), { timeout: UI_TIMEOUT_MS }).toContain('"value": 7');
  });
});
