import { describe, expect, it } from 'vitest';
import { effectiveActivityTimeout } from '../../../src/worker/activity-time-limit';

describe('the time limit an activity runs under', () => {
  it.each([
    [undefined, null, undefined],
    [500, null, { timeoutMs: 500, source: 'timeoutMs' }],
    [undefined, 800, { timeoutMs: 800, source: 'functionTimeout' }],
    [500, 800, { timeoutMs: 500, source: 'timeoutMs' }],
    [900, 800, { timeoutMs: 800, source: 'functionTimeout' }],
    [800, 800, { timeoutMs: 800, source: 'timeoutMs' }],
  ] as const)('call %s ms with functionTimeout %s ms gives %o', (call, host, expected) => {
    expect(effectiveActivityTimeout(call, host)).toEqual(expected);
  });
});
