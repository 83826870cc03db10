import { describe, expect, it } from 'vitest';
import { formatTimeSpan, parseTimeSpan } from '../../../src/host/config/timespan';

describe('parseTimeSpan', () => {
  it.each([
    ['00:00:01', 1000],
    ['00:00:00.500', 500],
    ['00:00:00.01', 10],
    ['00:00:00.0105', 10.5],
    ['00:05:00', 300_000],
    ['01:02:03', 3_723_000],
    ['1.00:00:00', 86_400_000],
    [' 00:00:02 ', 2000],
  ])('%j is %d ms', (text, ms) => {
    expect(parseTimeSpan(text)).toBe(ms);
  });

  it.each(['', '1', '00:01', '1s', '00:60:00', '24:00:00', '00:00:61', '-00:00:01', '00:00:01.12345678', 'aa:bb:cc'])(
    '%j is not a timespan',
    (text) => {
      expect(parseTimeSpan(text)).toBeUndefined();
    },
  );
});

describe('formatTimeSpan', () => {
  it.each([
    [1000, '00:00:01'],
    [10, '00:00:00.010'],
    [300_000, '00:05:00'],
    [3_723_500, '01:02:03.500'],
  ])('%d ms is %j', (ms, text) => {
    expect(formatTimeSpan(ms)).toBe(text);
  });
});
