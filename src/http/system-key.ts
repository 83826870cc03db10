import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * A check of a candidate against the system key that takes the same time whatever the candidate:
 * both sides are hashed to equal-length SHA-256 digests first, so neither the key's length nor
 * the position of the first differing character shows in the timing.
 */
export function createSystemKeyCheck(systemKey: string): (candidate: unknown) => boolean {
  const expected = digest(systemKey);
  return (candidate) => {
    const ok = timingSafeEqual(digest(typeof candidate === 'string' ? candidate : ''), expected);
    return ok && typeof candidate === 'string';
  };
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
