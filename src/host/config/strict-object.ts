import { z } from 'zod';

/**
 * `z.strictObject` whose unknown-key issue lists the accepted keys, so a typo in host.json is
 * answered with the spelling that would have worked.
 */
export function strictObjectListingKeys<Shape extends z.ZodRawShape>(shape: Shape): z.ZodObject<Shape, z.core.$strict> {
  const accepted = Object.keys(shape).join(', ');
  return z.strictObject(shape, {
    error: (issue) => (issue.code === 'unrecognized_keys' ? `${ACCEPTED_KEYS_PREFIX}${accepted}` : undefined),
  });
}

/** How an unknown-key message starts; the accepted keys follow, comma-separated. */
export const ACCEPTED_KEYS_PREFIX = 'accepted keys here: ';

/**
 * The accepted key `key` was most likely meant to be: the closest by edit distance, when it is at
 * most two edits (or a third of the key's length, for long keys) away.
 */
export function closestKey(key: string, accepted: readonly string[]): string | undefined {
  const limit = Math.max(2, Math.floor(key.length / 3));
  let best: { key: string; distance: number } | undefined;
  for (const candidate of accepted) {
    const distance = editDistance(key.toLowerCase(), candidate.toLowerCase());
    if (distance <= limit && (best === undefined || distance < best.distance)) best = { key: candidate, distance };
  }
  return best?.key;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] as number;
}

/** An integer in `[min, max]`, with a message that says so. */
export function integerInRange(min: number, max: number = Number.MAX_SAFE_INTEGER): z.ZodNumber {
  const message = max === Number.MAX_SAFE_INTEGER ? `must be an integer >= ${min}` : `must be an integer from ${min} to ${max}`;
  return z.number({ error: message }).int({ error: message }).min(min, { error: message }).max(max, { error: message });
}
