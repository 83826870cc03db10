import { promisify } from 'node:util';
import { brotliCompress, brotliDecompress, constants } from 'node:zlib';
import { StorageError } from '../../model/errors/storage-error';
import type { PayloadCodec } from './payload-codec';

const compress = promisify(brotliCompress);
const decompress = promisify(brotliDecompress);

/**
 * Stored form of a payload that is compressed or passed through codecs:
 * `~dt1:<flags>:<base64>`, where flags hold `z` when the bytes are brotli-compressed and one `c`
 * per codec applied. JSON text never starts with `~`, so a plain payload (small, no codec, or
 * written before codecs were configured) is stored and read as it is.
 */
const PREFIX = '~dt1:';

/** Brotli quality 5: most of quality 11's ratio on JSON at a small fraction of its time. */
const BROTLI_QUALITY = 5;

export interface PayloadEnvelopeOptions {
  /** JSON text larger than this (UTF-8 bytes) is stored compressed. */
  readonly compressionThresholdBytes: number;
  readonly codecs: readonly PayloadCodec[];
}

/** Turns payload JSON into its stored text and back. */
export class PayloadEnvelope {
  constructor(private readonly options: PayloadEnvelopeOptions) {}

  /** True when payloads may be stored differently from their JSON (always with codecs). */
  get transformsEveryPayload(): boolean {
    return this.options.codecs.length > 0;
  }

  /** False when `encode(json)` certainly gives `json` back as it is (no codecs, too short to compress). */
  encodeMayChange(json: string): boolean {
    // Compression cannot beat the threshold for text whose UTF-8 form is at most 3 bytes per unit.
    return this.options.codecs.length > 0 || json.length * 3 > this.options.compressionThresholdBytes;
  }

  /** False when `decode(stored)` gives `stored` back as it is (a payload stored as plain JSON). */
  decodeMayChange(stored: string): boolean {
    return stored.startsWith(PREFIX);
  }

  async encode(json: string): Promise<string> {
    const codecs = this.options.codecs;
    if (!this.encodeMayChange(json)) return json;
    let bytes: Uint8Array = Buffer.from(json, 'utf8');
    let flags = '';
    if (bytes.length > this.options.compressionThresholdBytes) {
      const compressed = await compress(bytes, {
        params: { [constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
      });
      // Base64 adds a third: keep the compressed form only when it still saves space.
      if (codecs.length > 0 || Math.ceil(compressed.length / 3) * 4 + PREFIX.length + 2 < bytes.length) {
        bytes = compressed;
        flags = 'z';
      }
    }
    if (flags === '' && codecs.length === 0) return json;
    for (const codec of codecs) {
      bytes = await codec.encode(bytes);
      flags += 'c';
    }
    return `${PREFIX}${flags}:${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64')}`;
  }

  async decode(stored: string): Promise<string> {
    if (!this.decodeMayChange(stored)) return stored;
    const end = stored.indexOf(':', PREFIX.length);
    const flags = end < 0 ? '' : stored.slice(PREFIX.length, end);
    if (end < 0 || !/^z?c*$/.test(flags)) throw new StorageError(`A stored payload has an unknown envelope '${stored.slice(0, 24)}…'.`);
    const codecCount = flags.length - (flags.startsWith('z') ? 1 : 0);
    const codecs = this.options.codecs;
    if (codecCount !== codecs.length) {
      throw new StorageError(
        `A stored payload went through ${codecCount} payload codec(s) but this host has ${codecs.length}: ` +
          'configure the dataConverter (payloadCodecs) it was stored with to read it.',
      );
    }
    let bytes: Uint8Array = Buffer.from(stored.slice(end + 1), 'base64');
    for (let i = codecs.length - 1; i >= 0; i--) {
      try {
        bytes = await codecs[i]!.decode(bytes);
      } catch (error) {
        throw new StorageError(`Payload codec ${i + 1} of ${codecs.length} could not decode a stored payload: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      }
    }
    if (flags.startsWith('z')) bytes = await decompress(bytes);
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  }
}
