import { performance } from 'node:perf_hooks';
import type { StorageChange, StorageProvider } from 'durable-ts';

export interface PollUntilOptions {
  /** The host's storage: its change notifications wake the poll early. */
  readonly storage: StorageProvider;
  /** The changes that may make the condition true; each wakes a re-check (checks never overlap). */
  readonly relevant: (change: StorageChange) => boolean;
  /** Re-checks at least this often, changes or not. */
  readonly pollIntervalMs: number;
  readonly timeoutMs: number;
}

/**
 * Evaluates `done` until it returns true (resolves true) or `timeoutMs` has passed (resolves
 * false), re-checking after every relevant storage change and otherwise every `pollIntervalMs`.
 */
export async function pollUntil(done: () => Promise<boolean>, options: PollUntilOptions): Promise<boolean> {
  const deadline = performance.now() + options.timeoutMs;
  let changed = false;
  let wake: (() => void) | undefined;
  const unsubscribe = options.storage.onChange((change) => {
    if (!options.relevant(change)) return;
    changed = true;
    wake?.();
  });
  try {
    for (;;) {
      changed = false;
      if (await done()) return true;
      const remaining = deadline - performance.now();
      if (remaining <= 0) return false;
      if (changed) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(options.pollIntervalMs, remaining));
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = undefined;
    }
  } finally {
    unsubscribe();
  }
}
