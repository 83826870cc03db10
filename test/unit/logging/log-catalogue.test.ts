import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allLogEventSpecs, renderLogEventTable } from '../../../src/host/log-catalogue';
import { LOG_EVENT_NAME_RULE } from '../../../src/model/log-event';

const ROOT = resolve(__dirname, '../../..');
const SRC = join(ROOT, 'src');
const README = join(ROOT, 'README.md');
const START = '<!-- log-events:start (generated from src/host/log-catalogue.ts: npm run docs:log-events) -->';
const END = '<!-- log-events:end -->';
/** The one file allowed to call a logger's level methods: the catalogue's writer. */
const WRITER = 'model/log-event.ts';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

describe('the log catalogue', () => {
  const specs = allLogEventSpecs();

  it('names every event by the rule area.subject.outcome, once', () => {
    expect(specs.length).toBeGreaterThan(40);
    expect(specs.map((s) => s.name).filter((name) => !LOG_EVENT_NAME_RULE.test(name))).toEqual([]);
    const names = specs.map((s) => s.name);
    expect(names.filter((name, i) => names.indexOf(name) !== i)).toEqual([]);
  });

  it('puts errors in one field, written as err, and says in one line what each event means', () => {
    for (const spec of specs) {
      const errorFields = Object.entries(spec.fields as Record<string, string>).filter(([, kind]) => kind === 'error').map(([name]) => name);
      expect(errorFields.length <= 1 && errorFields.every((name) => name === 'error'), spec.name).toBe(true);
      expect(spec.meaning.length > 10 && !spec.meaning.includes('\n'), spec.name).toBe(true);
    }
  });

  it('declares every event the source names: each catalogue in src is part of LOG_CATALOGUES', () => {
    const declared = new Set(specs.map((s) => s.name));
    const named: string[] = [];
    for (const file of sourceFiles(SRC)) {
      const text = readFileSync(file, 'utf8');
      if (!/\blogEvent(AtLevel)?\s*</.test(text) || relative(SRC, file) === WRITER) continue;
      for (const match of text.matchAll(/\bname:\s*'([a-z-]+\.[a-z.-]+)'/g)) named.push(match[1] as string);
    }
    expect(named.length).toBe(declared.size);
    expect(named.filter((name) => !declared.has(name))).toEqual([]);
  });

  it('is the only way src writes a log line: no raw logger calls, no hand-made event fields', () => {
    const raw: string[] = [];
    for (const file of sourceFiles(SRC)) {
      const path = relative(SRC, file);
      if (path === WRITER) continue;
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          const loggerCall = /\b(log|logger|this\.log|this\.logger|options\.logger|\w+Logger)\s*(\.\s*|\[\s*\w+\s*\]\s*)(debug|info|warn|error|fatal|trace)?\s*\(\s*\{/.test(line);
          const levelCall = /\.(debug|info|warn|error|fatal|trace)\(\s*\{\s*event\s*:/.test(line) || /\bevent:\s*'[a-z]+\.[a-z_.-]+'/.test(line);
          if (loggerCall || levelCall) raw.push(`${path}:${i + 1}: ${line.trim()}`);
        });
    }
    expect(raw).toEqual([]);
  });

  it('is listed in the README between its markers, as generated (npm run docs:log-events rewrites it)', () => {
    const readme = readFileSync(README, 'utf8');
    const start = readme.indexOf(START);
    const end = readme.indexOf(END);
    expect(start, `README.md needs the markers ${START} … ${END}`).toBeGreaterThan(-1);
    expect(end).toBeGreaterThan(start);
    const expected = `${START}\n${renderLogEventTable(specs)}\n${END}`;
    const current = readme.slice(start, end + END.length);
    if (process.env['UPDATE_LOG_EVENTS'] === '1' && current !== expected) {
      writeFileSync(README, readme.slice(0, start) + expected + readme.slice(end + END.length));
      return;
    }
    expect(current, 'the README table of log events is stale: run npm run docs:log-events').toBe(expected);
  });
});
