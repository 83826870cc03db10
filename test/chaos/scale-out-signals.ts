import type { CounterState } from './fixtures/scale-out-functions';

/**
 * The entity signals of the PostgreSQL scale-out run: `count` `add` signals over the counters
 * `k0`…`k<keys-1>`, with amounts 1–7. Keys and amounts are deterministic functions of the index,
 * spread unevenly, so a signal applied twice, lost, or applied to the wrong counter changes at
 * least one counter's expected `{ value, operations }`.
 */

export interface PlannedSignal {
  readonly key: string;
  readonly amount: number;
}

export function planSignals(count: number, keys: number): PlannedSignal[] {
  return Array.from({ length: count }, (_, i) => ({
    key: `k${(i * 3 + Math.floor(i / 7) + (i % 11 === 0 ? 1 : 0)) % keys}`,
    amount: 1 + ((i * 5 + Math.floor(i / keys)) % 7),
  }));
}

/** Splits the signals into `rounds` rounds of (nearly) equal size, in order. */
export function splitIntoRounds<T>(items: readonly T[], rounds: number): T[][] {
  const size = Math.ceil(items.length / rounds);
  return Array.from({ length: rounds }, (_, r) => items.slice(r * size, (r + 1) * size));
}

/** The state every counter must end with: the sum of its amounts and how many signals it got. */
export function expectedCounters(signals: readonly PlannedSignal[]): Map<string, CounterState> {
  const counters = new Map<string, CounterState>();
  for (const { key, amount } of signals) {
    const current = counters.get(key) ?? { value: 0, operations: 0 };
    counters.set(key, { value: current.value + amount, operations: current.operations + 1 });
  }
  return counters;
}
