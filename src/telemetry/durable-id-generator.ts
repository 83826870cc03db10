import { randomBytes } from 'node:crypto';

/** A trace id and span id a span must take (hex, 32 and 16 characters). */
export interface ForcedSpanIds {
  readonly traceId: string;
  readonly spanId: string;
}

let forced: ForcedSpanIds | undefined;
let forcedTaken = false;

/**
 * An id generator for the app's OpenTelemetry tracer provider (`new BasicTracerProvider({
 * idGenerator: new DurableIdGenerator() })`; it has the shape of the SDK's `IdGenerator`). It
 * generates random ids like the SDK's own, except for the one span the framework asks for by id:
 * an instance span re-emitted by another process (after a restart) keeps the id its activity
 * spans already name as parent. Without it such a span gets a fresh id (see README).
 */
export class DurableIdGenerator {
  generateTraceId(): string {
    return forced?.traceId ?? randomHex(16);
  }

  generateSpanId(): string {
    if (forced !== undefined) {
      forcedTaken = true;
      return forced.spanId;
    }
    return randomHex(8);
  }
}

/**
 * Runs `start` (which must start exactly one span, synchronously) with the ids it should take;
 * returns the span and whether the registered generator honoured the ids.
 */
export function withForcedSpanIds<T>(ids: ForcedSpanIds, start: () => T): { readonly value: T; readonly honoured: boolean } {
  forced = ids;
  forcedTaken = false;
  try {
    const value = start();
    return { value, honoured: forcedTaken };
  } finally {
    forced = undefined;
    forcedTaken = false;
  }
}

function randomHex(bytes: number): string {
  let hex = randomBytes(bytes).toString('hex');
  // All zeros is the invalid id of the spec; astronomically unlikely, but never return it.
  while (/^0+$/.test(hex)) hex = randomBytes(bytes).toString('hex');
  return hex;
}
