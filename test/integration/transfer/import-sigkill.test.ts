import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { transferChecksum } from '../../../src/storage/transfer/transfer-checksum';
import type { TransferInstance } from '../../../src/storage/transfer/transfer-records';
import { waitFor } from '../../support/wait-for';
import { cli } from '../cli/cli-harness';

const REPO = resolve(__dirname, '../../..');
const INSTANCES = 3000;

/** An export of `INSTANCES` completed instances, each with a short history and a pending timer. */
function writeExport(path: string): void {
  const lines = [JSON.stringify({ kind: 'header', format: 'durable-ts/hub-export', version: 1, hub: 'KillHub', source: 'test', exportedAt: new Date(0).toISOString(), instances: INSTANCES })];
  const counts = { instances: 0, historyEvents: 0, messages: 0, activities: 0 };
  for (let i = 0; i < INSTANCES; i++) {
    const instance: TransferInstance = {
      instanceId: `kill-${String(i).padStart(5, '0')}`,
      executionId: `e${i}`,
      name: 'Sleeper',
      version: null,
      runtimeStatus: 'Running',
      input: String(i),
      output: null,
      failureDetails: null,
      customStatus: null,
      entityState: null,
      createdAt: 1_000 + i,
      lastUpdatedAt: 2_000 + i,
      completedAt: null,
      historyLength: 2,
      history: [JSON.stringify({ type: 'ExecutionStarted', eventId: -1, name: 'Sleeper', input: String(i) }), JSON.stringify({ type: 'TimerCreated', eventId: 0 })],
      messages: [{ event: JSON.stringify({ type: 'TimerFired', eventId: -1, timerId: 0 }), visibleAt: 9_000_000_000_000, dequeueCount: 0 }],
      activities: [],
    };
    lines.push(JSON.stringify({ kind: 'instance', checksum: transferChecksum(instance), instance }));
    counts.instances++;
    counts.historyEvents += 2;
    counts.messages++;
  }
  lines.push(JSON.stringify({ kind: 'end', instances: INSTANCES, counts }));
  writeFileSync(path, lines.join('\n') + '\n');
}

function count(path: string, table: string): number {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  } finally {
    db.close();
  }
}

describe('an import killed with SIGKILL', () => {
  const dir = mkdtempSync(join(tmpdir(), 'durable-import-kill-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('resumes on the next run without duplicates or half-written instances', async () => {
    writeExport(join(dir, 'hub.ndjson'));
    const target = join(dir, 'target.sqlite');
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.NODE_OPTIONS;
    const child = spawn(process.execPath, ['-r', join(REPO, 'test/chaos/fixtures/register-ts.cjs'), join(REPO, 'src/cli/main.ts'), 'import', '--in', 'hub.ndjson', '--to', `sqlite:${target}`], {
      cwd: dir,
      env,
      stdio: 'ignore',
    });
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    await waitFor(() => {
      try {
        return count(target, 'instances') >= 50;
      } catch {
        return false; // the file or its tables are not there yet
      }
    }, 'the child to import 50 instances', 60_000);
    child.kill('SIGKILL');
    await exited;
    const written = count(target, 'instances');
    expect(written).toBeLessThan(INSTANCES);
    // Whole instances only: each has its two history events and its timer.
    expect(count(target, 'history')).toBe(2 * written);
    expect(count(target, 'orchestration_messages')).toBe(written);

    const resumed = await cli(dir, {}, ['import', '--in', 'hub.ndjson', '--to', `sqlite:${target}`, '--verify', '--json']);
    expect(resumed.code, resumed.err).toBe(0);
    expect(JSON.parse(resumed.out)).toMatchObject({ imported: INSTANCES - written, identical: written, conflicts: [], verify: { ok: true, checked: INSTANCES } });
    expect(count(target, 'instances')).toBe(INSTANCES);
    expect(count(target, 'history')).toBe(2 * INSTANCES);
    expect(count(target, 'orchestration_messages')).toBe(INSTANCES);
  }, 120_000);
});
