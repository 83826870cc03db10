import { relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeDeterminism } from '../../../codegen/index';
import type { CodegenDiagnostic } from '../../../codegen/model/codegen-diagnostic';
import { copyFixture, type FixtureCopy } from '../support/fixture-project';
import { expectedFindings } from './expected-findings';

describe('determinism analyzer', () => {
  let fixture: FixtureCopy;
  let findings: CodegenDiagnostic[];
  const keyOf = (finding: CodegenDiagnostic): string => `${relative(fixture.dir, finding.file)}:${finding.line} ${finding.rule}`;
  const at = (file: string, line: number): CodegenDiagnostic[] => findings.filter((f) => keyOf(f).startsWith(`src/${file}:${line} `));

  beforeAll(() => {
    fixture = copyFixture('determinism');
    findings = analyzeDeterminism({ project: fixture.tsconfig, include: [fixture.src] });
  });
  afterAll(() => fixture.dispose());

  it('reports exactly the marked lines, with their rules (direct, in helpers, in methods, unreasoned suppressions)', () => {
    expect(findings.map(keyOf).sort()).toEqual(expectedFindings(fixture.dir).sort());
  });

  it('covers every rule, each directly, through a helper in another file and through a method', () => {
    const cases = [
      ['date-now', 'Clock', 'clock'],
      ['random', 'Random', 'random'],
      ['timer', 'Timer', 'timer'],
      ['env', 'Env', 'env'],
      ['io', 'Io', 'io'],
      ['mutable-module-state', 'State', 'state'],
      ['await-non-durable', 'Await', 'await'],
    ] as const;
    for (const [rule, name, file] of cases) {
      const ofRule = findings.filter((f) => f.rule === `determinism/${rule}`);
      expect(ofRule.some((f) => f.file.endsWith(`/${file}.orchestrator.ts`) && !f.message.includes('reached from'))).toBe(true);
      expect(ofRule.some((f) => f.file.includes('/helpers/') && f.message.includes(`(reached from ${name}Helper.run → `))).toBe(true);
      expect(ofRule.some((f) => f.message.includes(`(reached from ${name}Method.run → ${name}Method.`))).toBe(true);
    }
  });

  it('gives file:line:column, why it breaks replay and the replay-safe alternative', () => {
    const [dateNow] = at('clock.orchestrator.ts', 7);
    expect(dateNow).toMatchObject({ rule: 'determinism/date-now', column: 15 });
    expect(dateNow?.message).toMatch(/^Date\.now\(\) reads the clock.*replay.*; use ctx\.currentUtcDateTime/);
    expect(at('random.orchestrator.ts', 8)[0]?.message).toContain('ctx.newGuid()');
    expect(at('timer.orchestrator.ts', 8)[0]?.message).toContain('ctx.createTimer(date)');
    expect(at('env.orchestrator.ts', 7)[0]?.message).toMatch(/^process\.env .*pass it as the orchestrator input/);
    expect(at('io.orchestrator.ts', 8)[0]?.message).toMatch(/^fetch\(\) does I\/O.*do it in an activity/);
  });

  it('names the orchestrator and the whole call path of a finding in a helper', () => {
    const [deep] = findings.filter((f) => f.file.endsWith('helpers/waiting.ts') && f.rule === 'determinism/date-now');
    expect(deep?.message).toMatch(/^new Date\(\) reads the clock/);
    expect(deep?.message).toContain('(reached from DeepHelper.run → waiting.ts totalWithDiscount → discountNow)');
    const [stamp] = findings.filter((f) => f.file.endsWith('helpers/clock.ts') && f.line === 3);
    expect(stamp?.message).toContain('(reached from ClockHelper.run → clock.ts stamp)');
  });

  it('a suppression with a reason silences its line; one without a reason is a finding and silences nothing', () => {
    expect(at('clock.orchestrator.ts', 40)).toEqual([]);
    const unreasoned = at('clock.orchestrator.ts', 47);
    expect(unreasoned.map((f) => f.rule)).toEqual(['determinism/suppression-without-reason']);
    expect(unreasoned[0]?.message).toContain('// durable-ignore-next-line <rule>: <why this is replay-safe>');
    expect(at('clock.orchestrator.ts', 48).map((f) => f.rule)).toEqual(['determinism/date-now']);
  });

  it('leaves clean orchestrators alone: durable awaits, async helpers, ctx.all, Promise.all of tasks, shadowed globals, activities', () => {
    expect(findings.filter((f) => f.file.endsWith('clean.orchestrator.ts'))).toEqual([]);
    expect(findings.filter((f) => f.file.endsWith('helpers/waiting.ts')).map((f) => f.line)).toEqual([4, 20]);
  });
});
