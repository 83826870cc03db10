import { createReadStream, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { DurableHost } from 'durable-ts';
import { importInstances } from '../../../src/cli/transfer/import-instances';
import { readExport } from '../../../src/cli/transfer/export-stream';
import { PostgresStorageProvider } from '../../../src/storage/postgres/postgres-storage-provider';
import type { TransferInstance } from '../../../src/storage/transfer/transfer-records';
import { describeIfPostgres, testPostgresUrl } from '../../support/postgres';
import { waitFor } from '../../support/wait-for';
import { cli } from '../cli/cli-harness';
import { ActivityGate, gate } from './transfer-fixtures';
import { buildSourceHub, startPostgresHost, type SourceHub } from './transfer-harness';

const fullStatus = { showHistory: true, showHistoryOutput: true, showInput: true } as const;
const newHub = (): string => `Xfer${randomUUID().replace(/-/g, '').slice(0, 12)}`;

describeIfPostgres('durable export / import / verify: SQLite to PostgreSQL', () => {
  const url = testPostgresUrl();
  let source: SourceHub;
  let pool: pg.Pool;
  const hosts: DurableHost[] = [];
  const run = (...args: string[]) => cli(source.dir, {}, args);

  beforeAll(async () => {
    source = await buildSourceHub();
    expect(await run('export', '--out', 'hub.ndjson')).toMatchObject({ code: 0 });
    pool = new pg.Pool({ connectionString: url, max: 2 });
  }, 60_000);

  afterAll(async () => {
    for (const host of hosts) await host.stop();
    gate.current.open();
    await pool?.end();
    if (source !== undefined) rmSync(source.dir, { recursive: true, force: true });
  });

  it('exports the waiting instances with their pending timer, event wait and released activity item', async () => {
    const lines = readFileSync(join(source.dir, 'hub.ndjson'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines[0]).toMatchObject({ kind: 'header', format: 'durable-ts/hub-export', version: 1, hub: 'TestHub', instances: source.ids.length });
    expect(lines.at(-1)).toMatchObject({ kind: 'end', instances: source.ids.length });
    const byId = new Map(lines.slice(1, -1).map((line) => [(line.instance as TransferInstance).instanceId, line.instance as TransferInstance]));
    expect([...byId.keys()]).toEqual(source.ids);
    const sleeper = byId.get('sleeper')!;
    expect(sleeper.runtimeStatus).toBe('Running');
    expect(sleeper.messages).toEqual([expect.objectContaining({ visibleAt: expect.any(Number) })]);
    expect(sleeper.messages[0]!.visibleAt).toBeGreaterThan(sleeper.lastUpdatedAt);
    expect(JSON.parse(sleeper.messages[0]!.event)).toMatchObject({ type: 'TimerFired' });
    expect(byId.get('waiter')).toMatchObject({ runtimeStatus: 'Running', messages: [], activities: [] });
    expect(byId.get('gated')).toMatchObject({ runtimeStatus: 'Running', activities: [expect.objectContaining({ name: 'Gated', input: '"g"' })] });
    expect(byId.get('failed')).toMatchObject({ runtimeStatus: 'Failed', failureDetails: expect.stringContaining('cannot fly') });
    expect(JSON.parse(byId.get('@tally@t1')!.entityState!)).toMatchObject({ state: expect.anything() });
  });

  it('moves every instance and entity; on PostgreSQL the waiting ones continue and the finished ones keep their history', async () => {
    const hub = newHub();
    const imported = await run('import', '--in', 'hub.ndjson', '--to', url, '--to-hub', hub, '--verify', '--json');
    expect(imported.code, imported.err).toBe(0);
    const summary = JSON.parse(imported.out) as { imported: number; identical: number; conflicts: string[]; verify: { ok: boolean; checked: number } };
    expect(summary).toMatchObject({ imported: source.ids.length, identical: 0, conflicts: [], verify: { ok: true, checked: source.ids.length } });
    expect((await run('verify', '--to', url, '--to-hub', hub)).out).toMatch(/verify: OK/);

    gate.current = new ActivityGate();
    gate.current.open();
    const host = await startPostgresHost(source.dir, url, hub);
    hosts.push(host);
    const client = host.client;
    for (const [id, status] of source.finished) expect(await client.getStatus(id, fullStatus)).toEqual(status);
    expect((await client.getStatus('waiter'))?.runtimeStatus).toBe('Running');
    await client.raiseEvent('waiter', 'Go', { ok: 1 });
    expect((await client.waitForCompletion('waiter', { timeoutMs: 20_000 })).output).toEqual({ go: { ok: 1 } });
    expect((await client.waitForCompletion('gated', { timeoutMs: 20_000 })).output).toBe('passed g');
    const sleeper = await client.waitForCompletion('sleeper', { timeoutMs: 30_000 });
    expect(sleeper.output).toBe('woke up');
    const sleeperHistory = (await client.getStatus('sleeper', fullStatus))?.historyEvents?.map((e) => e.type);
    expect(sleeperHistory).toEqual(expect.arrayContaining(['TimerCreated', 'TimerFired', 'ExecutionCompleted']));
    expect((await client.readEntityState<{ value: number }>('@tally@t1')).entityState).toEqual({ value: 7 });
    await client.signalEntity('@tally@t1', 'add', 1);
    await waitFor(async () => (await client.readEntityState<{ value: number }>('@tally@t1')).entityState?.value === 8, 'tally 8 on PostgreSQL', 20_000);
  }, 90_000);

  it('an import stopped after some instances resumes without duplicates', async () => {
    const hub = newHub();
    const target = new PostgresStorageProvider({ connectionString: url, hubName: hub });
    const stopAfter = 5;
    const reader = await readExport(createReadStream(join(source.dir, 'hub.ndjson'), { encoding: 'utf8' }));
    const stop = new Error('stopped on purpose');
    await expect(
      importInstances((async function* () { for await (const line of reader.lines) yield line.instance; })(), target.transferStore(), {
        replace: false,
        progress: (handled) => {
          if (handled === stopAfter) throw stop;
        },
      }),
    ).rejects.toBe(stop);
    expect((await target.transferStore().counts()).instances).toBe(stopAfter);
    await target.close();

    const resumed = await run('import', '--in', 'hub.ndjson', '--to', url, '--to-hub', hub, '--json');
    expect(resumed.code, resumed.err).toBe(0);
    expect(JSON.parse(resumed.out)).toMatchObject({ imported: source.ids.length - stopAfter, identical: stopAfter, conflicts: [] });
    const again = JSON.parse((await run('import', '--in', 'hub.ndjson', '--to', url, '--to-hub', hub, '--json')).out);
    expect(again).toMatchObject({ imported: 0, identical: source.ids.length });
    const rows = await pool.query<{ n: string }>('SELECT count(*) AS n FROM durable.instances WHERE hub = $1', [hub]);
    expect(Number(rows.rows[0]?.n)).toBe(source.ids.length);
    const history = await pool.query<{ n: string }>('SELECT count(*) AS n FROM durable.history WHERE hub = $1', [hub]);
    const end = JSON.parse(readFileSync(join(source.dir, 'hub.ndjson'), 'utf8').trim().split('\n').at(-1)!) as { counts: { historyEvents: number } };
    expect(Number(history.rows[0]?.n)).toBe(end.counts.historyEvents);
    expect((await run('verify', '--in', 'hub.ndjson', '--to', url, '--to-hub', hub)).code).toBe(0);
  }, 60_000);

  it('verify finds a tampered row and names its instance; import refuses the conflict unless --replace', async () => {
    const hub = newHub();
    expect((await run('export', '--to', url, '--to-hub', hub)).code).toBe(0);
    await pool.query(`UPDATE durable.history SET event = replace(event, 'Tokyo', 'Osaka') WHERE hub = $1 AND instance_id = 'done'`, [hub]);
    const verify = await run('verify', '--to', url, '--to-hub', hub);
    expect(verify.code).toBe(1);
    expect(verify.out).toMatch(/DIFFERENT on the target \(checksum\): 'done'$/m);
    expect(verify.err).toMatch(/^VERIFY_MISMATCH: /);
    await pool.query(`UPDATE durable.orchestration_messages SET visible_at = visible_at + 1 WHERE hub = $1 AND instance_id = 'sleeper'`, [hub]);
    expect((await run('verify', '--to', url, '--to-hub', hub)).out).toMatch(/DIFFERENT on the target \(checksum\): 'done', 'sleeper'$/m);

    const refused = await run('export', '--to', url, '--to-hub', hub);
    expect(refused).toMatchObject({ code: 1, err: expect.stringMatching(/^IMPORT_CONFLICT: 2 instance\(s\) exist .*'done', 'sleeper'/) });
    expect((await run('export', '--to', url, '--to-hub', hub, '--replace', '--verify')).code).toBe(0);
  }, 60_000);

  it('moves back from PostgreSQL to SQLite', async () => {
    const hub = newHub();
    expect((await run('import', '--in', 'hub.ndjson', '--to', url, '--to-hub', hub)).code).toBe(0);
    const back = await run('export', '--from', url, '--from-hub', hub, '--to', 'sqlite:back.sqlite', '--to-hub', 'TestHub', '--verify');
    expect(back.code, back.err).toBe(0);
    expect(back.out).toMatch(/verify: OK/);
    expect((await run('verify', '--from', 'sqlite:back.sqlite')).out).toMatch(/verify: OK/);
  }, 60_000);
});
