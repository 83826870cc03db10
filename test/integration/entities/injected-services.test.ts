import 'reflect-metadata';
import Database from 'better-sqlite3';
import { container } from 'tsyringe';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestHost, startTestHost, type TestHost } from '../../support/test-host';
import { waitFor } from '../../support/wait-for';
import { Inventory, WAREHOUSE_SETTINGS, type WarehouseSettings } from './injected-services.fixtures';

/** The stored state exactly as the database holds it (the scheduler row's `state` text). */
function storedStateText(dbPath: string, entityId: string): string | undefined {
  const db = new Database(dbPath, { readonly: true });
  try {
    const row = db.prepare('SELECT entity_state FROM instances WHERE instance_id = ?').get(entityId) as { entity_state: string | null } | undefined;
    return row?.entity_state == null ? undefined : (JSON.parse(row.entity_state) as { state?: string }).state;
  } finally {
    db.close();
  }
}

function appContainer() {
  const app = container.createChildContainer();
  app.register<WarehouseSettings>(WAREHOUSE_SETTINGS, { useValue: { site: 'north', password: 'settings-password' } });
  return app;
}

const DATA_ONLY = { onHand: 8, reservations: ['a', 'b'], reservedAt: ['north', 'north'] };

// Regression: an entity with constructor injection stored its services (and their API keys).
describe('entity state leaves injected services out', () => {
  let t: TestHost | undefined;
  afterEach(async () => {
    await t?.dispose();
    t = undefined;
  });

  it('stores only data fields of any visibility, while operations use their services', async () => {
    t = await startTestHost([Inventory], {}, { container: appContainer() });
    const client = t.host.client;
    await client.signalEntity('@inventory@x', 'reserve', 'a');
    await client.signalEntity('@inventory@x', 'reserve', 'b');
    const read = await waitFor(async () => {
      const s = await client.readEntityState<Record<string, unknown>>('@inventory@x');
      return s.entityState?.onHand === 8 ? s : undefined;
    }, 'two reservations');
    expect(read).toEqual({ entityExists: true, entityState: DATA_ONLY });
    const text = storedStateText(t.dbPath, '@inventory@x') ?? '';
    expect(JSON.parse(text)).toEqual(DATA_ONLY);
    expect(text).not.toMatch(/api-key|password|audit|prices|settings|lookups/);
  });

  it('keeps the injected services when old stored state holds fields with their names', async () => {
    t = await createTestHost([Inventory], {}, { container: appContainer() });
    await t.host.start();
    await t.host.client.signalEntity('@inventory@old', 'reserve', 'a');
    await waitFor(async () => (await t!.host.client.readEntityState('@inventory@old')).entityExists, 'the first reservation');
    await t.stop();
    // A row written before services were left out: the services as plain objects.
    const db = new Database(t.dbPath);
    const row = db.prepare('SELECT entity_state FROM instances WHERE instance_id = ?').get('@inventory@old') as { entity_state: string };
    const scheduler = JSON.parse(row.entity_state) as { state: string };
    const old = { ...JSON.parse(scheduler.state), audit: { secret: 'old' }, prices: { apiKey: 'old' }, settings: { site: 'stale' } };
    db.prepare('UPDATE instances SET entity_state = ? WHERE instance_id = ?').run(JSON.stringify({ ...scheduler, state: JSON.stringify(old) }), '@inventory@old');
    db.close();

    t = await startTestHost([Inventory], {}, { dir: t.dir, container: appContainer() });
    await t.host.client.signalEntity('@inventory@old', 'reserve', 'b');
    const read = await waitFor(async () => {
      const s = await t!.host.client.readEntityState<Record<string, unknown>>('@inventory@old');
      return s.entityState?.onHand === 8 ? s : undefined;
    }, 'the second reservation');
    // Had the stale objects replaced the services, `reserve` would have failed on `audit.record`.
    expect(read.entityState).toEqual(DATA_ONLY);
    expect(JSON.parse(storedStateText(t.dbPath, '@inventory@old') ?? '')).toEqual(DATA_ONLY);
  });
});
