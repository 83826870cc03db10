import { PayloadTooLargeError } from './errors/payload-too-large-error';
import { encodeJson, utf8Length } from './json-codec';

/** Default largest payload (JSON text, before compression or a codec): 16 MiB, so a 10 MB activity result works. */
export const DEFAULT_MAX_PAYLOAD_BYTES = 16 * 1024 * 1024;

/** Default size above which a payload is stored compressed: 64 KiB. */
export const DEFAULT_PAYLOAD_COMPRESSION_THRESHOLD_BYTES = 64 * 1024;

/** Throws PayloadTooLargeError when `text` (JSON) is larger than `maxBytes` as UTF-8. */
export function assertPayloadSize(text: string | undefined, what: string, maxBytes: number | undefined): void {
  if (text === undefined || maxBytes === undefined) return;
  // A UTF-8 character takes at most 3 bytes per UTF-16 unit: skip the count when it cannot exceed.
  if (text.length * 3 <= maxBytes) return;
  const size = utf8Length(text);
  if (size > maxBytes) throw new PayloadTooLargeError(what, size, maxBytes);
}

/** `encodeJson`, then the size check: the JSON text of a payload, refused when larger than `maxBytes`. */
export function encodeLimitedJson(value: unknown, what: string, maxBytes: number | undefined): string | undefined {
  const text = encodeJson(value, what);
  assertPayloadSize(text, what, maxBytes);
  return text;
}
