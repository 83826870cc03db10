import { describe, expect, it } from 'vitest';
import { isDurableErrorWithCode } from '../../../src/model/errors/durable-error';
import type { PayloadCodec } from '../../../src/storage/payload/payload-codec';
import { PayloadEnvelope } from '../../../src/storage/payload/payload-envelope';

const reverse: PayloadCodec = { encode: (data) => Uint8Array.from(data).reverse(), decode: (data) => Uint8Array.from(data).reverse() };

async function decodeError(envelope: PayloadEnvelope, stored: string): Promise<unknown> {
  return envelope.decode(stored).then(
    () => undefined,
    (e: unknown) => e,
  );
}

describe('PayloadEnvelope', () => {
  it('stores JSON at or under the threshold as it is', async () => {
    const envelope = new PayloadEnvelope({ compressionThresholdBytes: 100, codecs: [] });
    const json = JSON.stringify('a'.repeat(98)); // 100 bytes
    expect(await envelope.encode('{"a":1}')).toBe('{"a":1}');
    expect(await envelope.encode(json)).toBe(json);
    expect(await envelope.decode(json)).toBe(json);
  });

  it('compresses JSON over the threshold, counting UTF-8 bytes, and reads it back', async () => {
    const envelope = new PayloadEnvelope({ compressionThresholdBytes: 100, codecs: [] });
    const json = JSON.stringify('€'.repeat(60)); // 62 UTF-16 units, 182 bytes
    const stored = await envelope.encode(json);
    expect(stored.startsWith('~dt1:z:')).toBe(true);
    expect(stored.length).toBeLessThan(json.length);
    expect(await envelope.decode(stored)).toBe(json);
  });

  it('keeps JSON that does not compress as it is', async () => {
    const envelope = new PayloadEnvelope({ compressionThresholdBytes: 10, codecs: [] });
    const json = JSON.stringify(Array.from({ length: 40 }, (_, i) => (i * 7919) % 1000));
    const stored = await envelope.encode(json);
    expect(stored === json || stored.length < json.length).toBe(true);
    expect(await envelope.decode(stored)).toBe(json);
  });

  it('passes every payload through the codecs, small ones too, and undoes them in reverse order', async () => {
    const calls: string[] = [];
    const tag = (name: string): PayloadCodec => ({
      encode: (data) => (calls.push(`encode ${name}`), Uint8Array.from([...data, name.charCodeAt(0)])),
      decode: (data) => (calls.push(`decode ${name}`), data.subarray(0, data.length - 1)),
    });
    const envelope = new PayloadEnvelope({ compressionThresholdBytes: 1000, codecs: [tag('a'), tag('b')] });
    const stored = await envelope.encode('1');
    expect(stored.startsWith('~dt1:cc:')).toBe(true);
    expect(await envelope.decode(stored)).toBe('1');
    expect(calls).toEqual(['encode a', 'encode b', 'decode b', 'decode a']);
  });

  it('refuses a payload stored with another number of codecs, naming the setting', async () => {
    const stored = await new PayloadEnvelope({ compressionThresholdBytes: 0, codecs: [reverse] }).encode('{"secret":1}');
    expect(stored.startsWith('~dt1:zc:')).toBe(true);
    const error = await decodeError(new PayloadEnvelope({ compressionThresholdBytes: 0, codecs: [] }), stored);
    expect(isDurableErrorWithCode(error, 'STORAGE_FAILURE')).toBe(true);
    expect((error as Error).message).toContain('went through 1 payload codec(s) but this host has 0');
  });

  it('wraps a codec that cannot decode in a StorageError that says which codec', async () => {
    const failing: PayloadCodec = { encode: (data) => data, decode: () => Promise.reject(new Error('bad key')) };
    const envelope = new PayloadEnvelope({ compressionThresholdBytes: 1000, codecs: [failing] });
    const error = await decodeError(envelope, await envelope.encode('1'));
    expect(isDurableErrorWithCode(error, 'STORAGE_FAILURE')).toBe(true);
    expect((error as Error).message).toContain('Payload codec 1 of 1 could not decode a stored payload: bad key');
  });

  it('refuses an unknown envelope instead of returning it as JSON', async () => {
    const error = await decodeError(new PayloadEnvelope({ compressionThresholdBytes: 0, codecs: [] }), '~dt1:q:AAAA');
    expect(isDurableErrorWithCode(error, 'STORAGE_FAILURE')).toBe(true);
  });
});
