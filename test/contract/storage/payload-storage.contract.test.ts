import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import type { PayloadCodec } from '../../../src/storage/payload/payload-codec';
import { PayloadStorageProvider } from '../../../src/storage/payload/payload-storage-provider';
import { createSqliteStorageProvider } from '../../../src/storage/sqlite';
import { describeStorageProviderContract } from './storage-provider.contract';

const directory = mkdtempSync(join(tmpdir(), 'durable-ts-payload-contract-'));
let fileCounter = 0;

afterAll(() => {
  rmSync(directory, { recursive: true, force: true });
});

/** A codec that changes every byte (and is asynchronous), so a payload passed through unencoded would show. */
const flipBits: PayloadCodec = {
  encode: async (data) => data.map((byte) => byte ^ 0xff),
  decode: async (data) => data.map((byte) => byte ^ 0xff),
};

// The wrapper must keep the whole contract: every payload compressed (threshold 16 bytes) and
// encoded on the way in, decoded on every read.
describeStorageProviderContract('sqlite behind payload compression and a codec', async () => {
  const inner = await createSqliteStorageProvider({ path: join(directory, `store-${++fileCounter}.db`), hubName: 'contract' });
  return new PayloadStorageProvider(inner, { maxPayloadBytes: 4 * 1024 * 1024, compressionThresholdBytes: 16, codecs: [flipBits] });
});
