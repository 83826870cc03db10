import type { DataConverter } from 'durable-ts';
import { InvalidArgumentError } from 'durable-ts';
import { AesGcmPayloadCodec } from './aes-gcm-payload-codec';

/** Environment variable with the payload key: 32 random bytes in base64 (`openssl rand -base64 32`). */
export const PAYLOAD_KEY_ENV = 'DURABLE_PAYLOAD_KEY';

/**
 * The data converter that encrypts payloads at rest with the key in DURABLE_PAYLOAD_KEY, or
 * undefined when the variable is not set (payloads are then stored as JSON, as by default).
 * A set but malformed key is an error: starting without the encryption asked for would be worse.
 */
export function payloadEncryptionFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): DataConverter | undefined {
  const text = env[PAYLOAD_KEY_ENV]?.trim();
  if (text === undefined || text === '') return undefined;
  const key = Buffer.from(text, 'base64');
  if (key.length !== 32 || key.toString('base64') !== text) {
    throw new InvalidArgumentError(PAYLOAD_KEY_ENV, `expected 32 bytes in base64 (make one with: openssl rand -base64 32); got ${key.length} bytes`);
  }
  return { payloadCodecs: [new AesGcmPayloadCodec(key)] };
}
