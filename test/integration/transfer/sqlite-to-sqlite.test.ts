import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../cli/cli-harness';
import { gate } from './transfer-fixtures';
import { buildSourceHub, type SourceHub } from './transfer-harness';

describe('durable export / import / verify between SQLite files', () => {
  let source: SourceHub;
  const run = (...args: string[]) => cli(source.dir, {}, args);
  const exportLines = (): string[] => readFileSync(join(source.dir, 'hub.ndjson'), 'utf8').trim().split('\n');

  beforeAll(async () => {
    source = await buildSourceHub();
    expect(await run('export', '--out', 'hub.ndjson')).toMatchObject({ code: 0, out: expect.stringMatching(/^Exported 18 instances \(\d+ history events, 1 messages, 1 activity items\)/) });
  }, 60_000);

  afterAll(() => {
    gate.current.open();
    if (source !== undefined) rmSync(source.dir, { recursive: true, force: true });
  });

  it('copies a hub straight into another file, verifies it, and finds a tampered row', async () => {
    const copied = await run('export', '--to', 'sqlite:copy.sqlite', '--verify', '--json');
    expect(copied.code, copied.err).toBe(0);
    expect(JSON.parse(copied.out)).toMatchObject({ imported: source.ids.length, verify: { ok: true, missing: 0, different: 0 } });
    expect((await run('verify', '--to', 'sqlite:copy.sqlite')).code).toBe(0);

    const db = new Database(join(source.dir, 'copy.sqlite'));
    db.prepare(`UPDATE activity_items SET input = '"h"' WHERE instance_id = 'gated'`).run();
    db.prepare(`DELETE FROM history WHERE instance_id = 'bulk-03' AND seq = (SELECT max(seq) FROM history WHERE instance_id = 'bulk-03')`).run();
    db.close();
    const verify = await run('verify', '--to', 'sqlite:copy.sqlite', '--json');
    expect(verify.code).toBe(1);
    expect(JSON.parse(verify.out)).toMatchObject({ ok: false, different: 2, differentIds: ['bulk-03', 'gated'] });
    expect(verify.err).toMatch(/^VERIFY_MISMATCH: /);
  });

  it('an import file and the hub it came from verify equal; stdout carries the export with --out -', async () => {
    expect((await run('verify', '--in', 'hub.ndjson')).out).toMatch(/verify: OK/);
    expect(await run('verify', '--from', `sqlite:${source.dbPath}`)).toMatchObject({ code: 1, err: expect.stringMatching(/^VERIFY_MISMATCH: the source and the target are the same hub/) });
    const bars: string[] = [];
    expect((await cli(source.dir, {}, ['import', '--in', 'hub.ndjson', '--to', 'sqlite:imported.sqlite', '--verify'], { progress: (line) => bars.push(line) })).code).toBe(0);
    expect(bars.length).toBe(source.ids.length + 1);
    expect(bars.at(-2)).toBe(`import [${'#'.repeat(24)}] 18/18 instances 100%`);
    expect(bars.at(-1)).toBe('\n');
    expect((await run('verify', '--in', 'hub.ndjson', '--to', 'sqlite:imported.sqlite')).out).toMatch(/verify: OK/);
    const chunks: string[] = [];
    const { Writable } = await import('node:stream');
    const stdout = new Writable({ write: (chunk, _encoding, done) => (chunks.push(String(chunk)), done()) });
    const piped = await cli(source.dir, {}, ['export', '--out', '-'], { stdout });
    expect(piped.code).toBe(0);
    expect(piped.err).toMatch(/^Exported 18 instances/);
    expect(chunks.join('').trim().split('\n').length).toBe(exportLines().length);
  });

  it('refuses a damaged export line without writing it, and a cut-off export after importing its whole lines', async () => {
    const lines = exportLines();
    const tampered = lines.map((line) => line.replace('Hello bulk-01', 'Hello bulk-99'));
    writeFileSync(join(source.dir, 'tampered.ndjson'), tampered.join('\n'));
    const refused = await run('import', '--in', 'tampered.ndjson', '--to', 'sqlite:tampered.sqlite', '--json');
    expect(refused).toMatchObject({ code: 1, err: expect.stringMatching(/^EXPORT_INVALID: line 4 of the export: instance 'bulk-01' does not match its checksum/) });

    writeFileSync(join(source.dir, 'cut.ndjson'), lines.slice(0, 6).join('\n'));
    const cut = await run('import', '--in', 'cut.ndjson', '--to', 'sqlite:cut.sqlite');
    expect(cut).toMatchObject({ code: 1, err: expect.stringMatching(/^EXPORT_INCOMPLETE: the export ends after 5 instances/) });
    const db = new Database(join(source.dir, 'cut.sqlite'), { readonly: true });
    expect((db.prepare('SELECT count(*) AS n FROM instances').get() as { n: number }).n).toBe(5);
    db.close();
    const resumed = await run('import', '--in', 'hub.ndjson', '--to', 'sqlite:cut.sqlite', '--json');
    expect(JSON.parse(resumed.out)).toMatchObject({ imported: source.ids.length - 5, identical: 5 });

    writeFileSync(join(source.dir, 'other.ndjson'), '{"hello":"world"}\n');
    expect((await run('import', '--in', 'other.ndjson', '--to', 'sqlite:x.sqlite')).err).toMatch(/^EXPORT_INVALID: line 1 .*not a durable-ts hub export/);
    expect((await run('import', '--in', 'nothing.ndjson', '--to', 'sqlite:x.sqlite')).err).toMatch(/^FILE_NOT_FOUND: /);
  });

  it('usage errors exit 2 without a stack trace; a missing source hub is not created', async () => {
    expect(await run('export')).toMatchObject({ code: 2, err: expect.stringContaining('give either --out <file> or --to <store>') });
    expect(await run('export', '--to', 'mysql://x')).toMatchObject({ code: 2, err: expect.stringContaining('sqlite:<file> or postgres://') });
    expect(await run('export', '--out', 'x.ndjson', '--replace')).toMatchObject({ code: 2 });
    const empty = mkdtempSync(join(tmpdir(), 'durable-xfer-empty-'));
    try {
      expect(await cli(empty, {}, ['export', '--out', 'x.ndjson'])).toMatchObject({ code: 1, err: expect.stringMatching(/^HUB_NOT_FOUND: no hub at \.durable\/durable\.sqlite/) });
      expect(existsSync(join(empty, '.durable'))).toBe(false);
      expect(existsSync(join(empty, 'x.ndjson'))).toBe(false);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
