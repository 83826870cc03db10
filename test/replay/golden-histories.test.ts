import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseHistoryExports, replayCheck } from 'durable-ts';
import { sampleFunctions } from '../../samples/functions';
import { goldenRecorders } from './golden-recorders';

/**
 * Golden histories recorded from real runs of the samples, replayed against the current sample
 * code and engine on every run: a change that would break instances already recorded (a sample
 * that now makes other durable calls, an engine that replays differently) fails here, as
 * Temporal's history_files tests do. Regenerate with UPDATE_GOLDEN=1 after a deliberate change.
 */
const HISTORIES = join(__dirname, 'histories');

describe('golden histories of the samples', () => {
  if (process.env['UPDATE_GOLDEN'] === '1') {
    for (const recorder of goldenRecorders) {
      it(`records ${recorder.name}`, async () => {
        const history = await recorder.record();
        expect(history.runtimeStatus).toBe('Completed');
        writeFileSync(join(HISTORIES, `${recorder.name}.json`), `${JSON.stringify(history, null, 2)}\n`);
      });
    }
  }

  it('has one history per recorder, and no other', () => {
    const files = readdirSync(HISTORIES).filter((f) => f.endsWith('.json')).sort();
    expect(files).toEqual(goldenRecorders.map((r) => `${r.name}.json`).sort());
  });

  for (const recorder of goldenRecorders) {
    it(`replays ${recorder.name} against the current sample code without a mismatch`, async () => {
      const file = join(HISTORIES, `${recorder.name}.json`);
      const histories = parseHistoryExports(readFileSync(file, 'utf8'), file);
      const report = await replayCheck({ functions: sampleFunctions, histories });
      expect(report).toEqual({ checked: 1, mismatches: [], skipped: [] });
    });
  }
});
