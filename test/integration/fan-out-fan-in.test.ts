import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleFunctions } from '../../samples/functions';
import { startTestHost, type TestHost } from '../support/test-host';

describe('fan-out/fan-in backup sample', () => {
  let t: TestHost;
  beforeAll(async () => {
    t = await startTestHost(sampleFunctions);
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
});
