import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseHistoryExports, replayCheck, type HistoryExport } from 'durable-ts';
import { EXTRA_FIRST_CALL, withExtraFirstCall } from './changed-orchestrators';
import { goldenRecorders } from './golden-recorders';

/**
 * Golden histories recorded from real runs of the samples and of one fixture per remaining
 * pattern (retries, durable HTTP), replayed against the current code and engine on every run: a
 * change that would break instances already recorded (an orchestrator that now makes other
 * durable calls, an engine that replays differently) fails here, as Temporal's history_files
 * tests do. Regenerate with UPDATE_GOLDEN=1 after a deliberate change.
 */
const HISTORIES = join(__dirname, 'histories');

function readGolden(name: string): HistoryExport[] {
  const file = join(HISTORIES, `${name}.json`);
  return parseHistoryExports(readFileSync(file, 'utf8'), file);
}

describe('golden histories', () => {
  if (process.env['UPDATE_GOLDEN'] === '1') {
    for (const recorder of goldenRecorders) {
      it(`records ${recorder.name}`, async () => {
        const histories = await recorder.record();
        expect(histories.length).toBeGreaterThan(0);
        for (const h of histories) expect(['Completed', 'Running']).toContain(h.runtimeStatus);
        const content = histories.length === 1 ? histories[0] : histories;
        writeFileSync(join(HISTORIES, `${recorder.name}.json`), `${JSON.stringify(content, null, 2)}\n`);
      });
    }
  }

  it('has one file per recorder, and no other', () => {
    const files = readdirSync(HISTORIES).filter((f) => f.endsWith('.json')).sort();
    expect(files).toEqual(goldenRecorders.map((r) => `${r.name}.json`).sort());
  });

  for (const recorder of goldenRecorders) {
    it(`replays ${recorder.name} against the current code without a mismatch`, async () => {
      const histories = readGolden(recorder.name);
      const report = await replayCheck({ functions: recorder.functions, histories });
      expect(report).toEqual({ checked: histories.length, mismatches: [], skipped: [] });
    });

    it(`reveals a change of ${recorder.name}'s action sequence`, async () => {
      const histories = readGolden(recorder.name);
      const report = await replayCheck({ functions: withExtraFirstCall(recorder.functions), histories });
      expect(report.checked).toBe(histories.length);
      expect(report.mismatches.map((m) => [m.instanceId, m.step, m.actual])).toEqual(
        histories.map((h) => [h.instanceId, 0, `scheduled TaskScheduled ${EXTRA_FIRST_CALL}`]),
      );
    });
  }
});
