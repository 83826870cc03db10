import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isDurableErrorWithCode } from 'durable-ts';
import { payloadEncryptionFromEnv, PAYLOAD_KEY_ENV } from '../../../samples/encryption/payload-encryption';
import { describeIfPostgres } from '../../support/postgres';
import { createTestHost } from '../../support/test-host';
import { waitFor } from '../../support/wait-for';
import { payloadFunctions } from '../fixtures/payload-functions';
import { startPayloadTestHost, type PayloadTestHost, type ProviderKind } from './payload-test-hosts';

const WAIT = { timeoutMs: 20_000 };

function encryption(): NonNullable<ReturnType<typeof payloadEncryptionFromEnv>> {
  const converter = payloadEncryptionFromEnv({ [PAYLOAD_KEY_ENV]: randomBytes(32).toString('base64') });
  if (converter === undefined) throw new Error('the sample gave no converter for a key');
  return converter;
}

/** Every byte of the SQLite database: the main file, its WAL and shared memory (not the worker lock folder). */
function sqliteFileText(dir: string): string {
  return readdirSync(dir)
    .filter((name) => name.startsWith('durable.sqlite') && statSync(join(dir, name)).isFile())
    .map((name) => readFileSync(join(dir, name)).toString('latin1'))
    .join('\n');
}

/**
 * Runs an orchestration that puts the marker in every stored payload (input, activity input and
 * result, custom status, entity signal and state, event data, output), plus a 200 KB payload
 * (compressed, then encrypted); checks the API gives the plaintext back. Returns the marker.
 */
async function storeSecrets(t: PayloadTestHost): Promise<string> {
  const marker = `SECRET-MARKER-${randomBytes(6).toString('hex')}`;
  const id = await t.host.client.startNew('CarrySecret', { input: { secret: marker }, instanceId: 'secret-carrier' });
  const host = t.host;
  await waitFor(async () => (await host.client.getStatus(id))?.customStatus !== undefined, 'the orchestration to wait for its event');
  await t.host.client.signalEntity('@vault@direct', 'keep', marker);
  await t.host.client.raiseEvent(id, 'Reveal', { marker });
  const done = await t.host.client.waitForCompletion(id, WAIT);
  expect(done.output).toEqual({ echoed: { secret: marker }, event: { marker } });
  expect(done.input).toEqual({ secret: marker });
  const large = await t.host.client.startNew('RoundTrip', { input: `${marker} `.repeat(10_000) });
  expect((await t.host.client.waitForCompletion(large, WAIT)).output).toBe(`${marker} `.repeat(10_000));
  await waitFor(async () => (await host.client.readEntityState<{ kept: string[] }>('@vault@direct')).entityExists, 'the direct signal to be processed');
  await waitFor(async () => (await host.client.readEntityState<{ kept: string[] }>('@vault@main')).entityExists, 'the orchestration signal to be processed');
  expect(await t.host.client.readEntityState('@vault@main')).toEqual({ entityExists: true, entityState: { kept: [marker] } });

  // The HTTP API answers with the plaintext too: status with history, and entity state.
  const server = t.host.createHttpServer();
  try {
    const status = await server.inject({ method: 'GET', url: `/runtime/webhooks/durabletask/instances/${id}?showHistory=true&showHistoryOutput=true&showInput=true` });
    expect(status.statusCode).toBe(200);
    expect(status.json()).toMatchObject({ input: { secret: marker }, customStatus: { waitingWith: marker }, output: { echoed: { secret: marker } } });
    expect(status.body.split(marker).length).toBeGreaterThan(5);
    const entity = await server.inject({ method: 'GET', url: '/runtime/webhooks/durabletask/entities/vault/direct' });
    expect(entity.json()).toEqual({ kept: [marker] });
  } finally {
    await server.close();
  }
  return marker;
}

function suite(kind: ProviderKind): void {
  let t: PayloadTestHost | undefined;
  afterEach(async () => {
    await t?.dispose();
    t = undefined;
  });

  it('stores no plaintext of any payload while the API returns it', async () => {
    t = await startPayloadTestHost(kind, payloadFunctions, {}, encryption());
    const marker = await storeSecrets(t);
    const stored = await t.allStoredText();
    expect(stored).toContain('~dt1:c:');
    expect(stored).toContain('~dt1:zc:');
    expect(stored).not.toContain(marker);
    if (kind === 'sqlite') {
      expect(sqliteFileText(t.dir)).not.toContain(marker);
      await t.stop(); // checkpoints the WAL into the main file
      expect(sqliteFileText(t.dir)).not.toContain(marker);
    }
  });
}

describe('payload encryption (samples/encryption) on SQLite', () => {
  suite('sqlite');

  it('finds the marker in the file without the converter (the check above can see plaintext)', async () => {
    const t = await startPayloadTestHost('sqlite', payloadFunctions);
    try {
      const marker = await storeSecrets(t);
      expect(sqliteFileText(t.dir)).toContain(marker);
      expect(await t.allStoredText()).toContain(marker);
    } finally {
      await t.dispose();
    }
  });

  it('refuses to read encrypted payloads without the converter, saying which setting is missing', async () => {
    const t = await startPayloadTestHost('sqlite', payloadFunctions, {}, encryption());
    try {
      const id = await t.host.client.startNew('RoundTrip', { input: 'classified' });
      await t.host.client.waitForCompletion(id, WAIT);
      await t.stop();
      const plain = await createTestHost(payloadFunctions, { hubName: t.host.config.hubName }, { dir: t.dir });
      try {
        const error = await plain.host.client.getStatus(id).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(isDurableErrorWithCode(error, 'STORAGE_FAILURE')).toBe(true);
        expect((error as Error).message).toContain('configure the dataConverter (payloadCodecs)');
      } finally {
        await plain.stop();
      }
    } finally {
      await t.dispose();
    }
  });

  it('leaves payloads as JSON when the key variable is not set', () => {
    expect(payloadEncryptionFromEnv({})).toBeUndefined();
    expect(() => payloadEncryptionFromEnv({ [PAYLOAD_KEY_ENV]: 'too-short' })).toThrow(/expected 32 bytes in base64/);
  });
});
describeIfPostgres('payload encryption (samples/encryption) on PostgreSQL', () => suite('postgres'));
