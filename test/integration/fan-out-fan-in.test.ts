import 'reflect-metadata';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { container } from 'tsyringe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKUP_ROOT } from '../../samples/backup-site-content/backup-root';
import { sampleFunctions } from '../../samples/functions';
import { startTestHost, type TestHost } from '../support/test-host';

describe('fan-out/fan-in backup sample', () => {
  let t: TestHost;
  beforeAll(async () => {
    // The sample reads and writes only under its backup root: here, the test's own folder.
    const dir = mkdtempSync(join(tmpdir(), 'durable-ts-backup-'));
    const app = container.createChildContainer();
    app.register(BACKUP_ROOT, { useValue: dir });
    t = await startTestHost(sampleFunctions, {}, { dir, container: app });
  });
  afterAll(async () => {
    await t.dispose();
  });

  it('copies 500 files in parallel activities and returns the total byte count', async () => {
    const source = join(t.dir, 'site');
    const destination = join(t.dir, 'backup');
    let expected = 0;
    for (let i = 0; i < 500; i++) {
      const folder = join(source, `dir-${i % 7}`);
      mkdirSync(folder, { recursive: true });
      const content = 'x'.repeat(i + 1) + (i % 3 === 0 ? 'é' : '');
      writeFileSync(join(folder, `file-${i}.txt`), content);
      expected += Buffer.byteLength(content);
    }
    const id = await t.host.client.startNew('E2_BackupSiteContent', { input: { source, destination } });
    const done = await t.host.client.waitForCompletion(id, { timeoutMs: 60_000 });
    expect(done.runtimeStatus).toBe('Completed');
    expect(done.output).toBe(expected);
    expect(readFileSync(join(destination, 'dir-3', 'file-3.txt'), 'utf8')).toBe('xxxxé');
    const history = await t.host.storage.getHistory(id);
    expect(history.filter((e) => e.type === 'TaskScheduled')).toHaveLength(501);
    expect(history.filter((e) => e.type === 'TaskCompleted')).toHaveLength(501);
  });

  it('fails with a clear message when the input does not name the folders', async () => {
    const id = await t.host.client.startNew('E2_BackupSiteContent', { input: { source: '' } });
    const done = await t.host.client.waitForCompletion(id, { timeoutMs: 20_000 });
    expect(done.runtimeStatus).toBe('Failed');
    expect(done.failureDetails?.message).toContain('needs an input { source, destination }');
  });

  it('refuses to read or write outside its root: "..", absolute paths and symbolic links', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'durable-ts-outside-'));
    writeFileSync(join(outside, 'secret.txt'), 'secret');
    mkdirSync(join(t.dir, 'inside'), { recursive: true });
    writeFileSync(join(t.dir, 'inside', 'ok.txt'), 'ok');
    symlinkSync(outside, join(t.dir, 'link-out'));
    const inputs = [
      { source: outside, destination: join(t.dir, 'copy-1') },
      { source: '../', destination: 'copy-2' },
      { source: 'link-out', destination: 'copy-3' },
      { source: 'inside', destination: join(outside, 'stolen') },
      { source: 'inside', destination: 'link-out/stolen' },
    ];
    for (const input of inputs) {
      const id = await t.host.client.startNew('E2_BackupSiteContent', { input });
      const done = await t.host.client.waitForCompletion(id, { timeoutMs: 20_000 });
      expect(done.runtimeStatus, JSON.stringify(input)).toBe('Failed');
      expect(JSON.stringify(done.failureDetails), JSON.stringify(input)).toContain('only reads and writes under');
    }
    expect(existsSync(join(t.dir, 'copy-1'))).toBe(false);
    expect(existsSync(join(outside, 'stolen'))).toBe(false);
    const ok = await t.host.client.startNew('E2_BackupSiteContent', { input: { source: 'inside', destination: 'copy-ok' } });
    expect((await t.host.client.waitForCompletion(ok, { timeoutMs: 20_000 })).output).toBe(2);
  });
});
