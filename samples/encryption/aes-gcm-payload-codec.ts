import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { InvalidArgumentError, type PayloadCodec } from 'durable-ts';

/** Layout of an encrypted payload: version, key id, IV, auth tag, then the ciphertext. */
const VERSION = 1;
const KEY_ID_BYTES = 4;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = 1 + KEY_ID_BYTES + IV_BYTES + TAG_BYTES;

/**
 * Encrypts every stored payload with AES-256-GCM (a fresh random IV each time, authenticated, so
 * a changed byte is an error, not wrong data). The payload carries the first bytes of the key's
 * SHA-256, so reading with another key says so instead of failing with a bare "auth failed".
 */
export class AesGcmPayloadCodec implements PayloadCodec {
  private readonly keyId: Buffer;

  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new InvalidArgumentError('AES-256-GCM key', `expected 32 bytes, got ${key.length}`);
    this.keyId = createHash('sha256').update(key).digest().subarray(0, KEY_ID_BYTES);
  }

  encode(data: Uint8Array): Uint8Array {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const ciphertext = Buffer.concat([cipher.update(data), cipher.final()]);
    return Buffer.concat([Buffer.of(VERSION), this.keyId, iv, cipher.getAuthTag(), ciphertext]);
  }

  decode(data: Uint8Array): Uint8Array {
    const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    if (bytes.length < HEADER_BYTES || bytes[0] !== VERSION) throw new InvalidArgumentError('encrypted payload', 'it is not in the AES-256-GCM payload format (version 1)');
    const keyId = bytes.subarray(1, 1 + KEY_ID_BYTES);
    if (!keyId.equals(this.keyId)) {
      throw new InvalidArgumentError('encrypted payload', `it was encrypted with key ${keyId.toString('hex')}, and this host has key ${this.keyId.toString('hex')}`);
    }
    const iv = bytes.subarray(1 + KEY_ID_BYTES, 1 + KEY_ID_BYTES + IV_BYTES);
    const tag = bytes.subarray(1 + KEY_ID_BYTES + IV_BYTES, HEADER_BYTES);
    const decipher = createDecipheriv('aes-256-gcm', this.key, iv);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(bytes.subarray(HEADER_BYTES)), decipher.final()]);
  }
}
