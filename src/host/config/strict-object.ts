import { z } from 'zod';

/**
 * `z.strictObject` whose unknown-key issue lists the accepted keys, so a typo in host.json is
 * answered with the spelling that would have worked.
 */
export function strictObjectListingKeys<Shape extends z.ZodRawShape>(shape: Shape): z.ZodObject<Shape, z.core.$strict> {
  const accepted = Object.keys(shape).join(', ');
  return z.strictObject(shape, {
    error: (issue) => (issue.code === 'unrecognized_keys' ? `accepted keys here: ${accepted}` : undefined),
  });
}

/** An integer in `[min, max]`, with a message that says so. */
export function integerInRange(min: number, max: number = Number.MAX_SAFE_INTEGER): z.ZodNumber {
  const message = max === Number.MAX_SAFE_INTEGER ? `must be an integer >= ${min}` : `must be an integer from ${min} to ${max}`;
  return z.number({ error: message }).int({ error: message }).min(min, { error: message }).max(max, { error: message });
}
