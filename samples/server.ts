import type { AddressInfo } from 'node:net';
import { createDurableHost } from 'durable-ts';
import { payloadEncryptionFromEnv } from './encryption/payload-encryption';
import { durableFunctions } from './generated/durable-functions';

/**
 * The samples app as a server: the durable host plus HTTP on `PORT` (default 7071) and `HOST`
 * (default 127.0.0.1). Keys and the rest of the security settings come from the host's
 * configuration (`DURABLE_SYSTEM_KEY`, `DURABLE_FUNCTION_KEYS`, `DURABLE_BASE_URL`, host.json's
 * `extensions.http`); listening beyond loopback without a system key is refused at start-up
 * unless `DURABLE_ALLOW_UNAUTHENTICATED=1`. With `DURABLE_PAYLOAD_KEY` set, payloads are stored
 * encrypted (samples/encryption).
 */
async function main(): Promise<void> {
  const port = parsePort(process.env.PORT);
  const listenHost = process.env.HOST ?? '127.0.0.1';
  const dataConverter = payloadEncryptionFromEnv(process.env);
  const host = await createDurableHost({ functions: durableFunctions, ...(dataConverter !== undefined ? { dataConverter } : {}) });
  const systemKey = host.config.httpSecurity?.systemKey;
  // Trigger classes come from the host's container, so they can inject DurableClient.
  const server = host.createHttpServer();

  let stopping = false;
  const shutdown = async (signal: string): Promise<void> => {
    if (stopping) {
      console.error(`${signal} again: exiting without waiting`);
      process.exit(1);
    }
    stopping = true;
    console.log(`${signal}: closing the HTTP server, then stopping the host`);
    await server.close();
    await host.stop();
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      shutdown(signal).catch((error: unknown) => {
        console.error(error);
        process.exitCode = 1;
      });
    });
  }

  await host.start();
  try {
    await server.listen({ port, host: listenHost });
  } catch (error) {
    await host.stop();
    throw error;
  }
  const url = baseUrlOf(server.server.address(), listenHost);
  console.log(`durable-ts samples listening on ${url} (system key ${systemKey !== undefined ? 'required' : 'off: loopback only'}; payloads ${dataConverter !== undefined ? 'encrypted' : 'stored as JSON'})`);
  const prefix = host.config.httpRoutePrefix === '' ? '' : `/${host.config.httpRoutePrefix}`;
  console.log(`  dashboard: ${url}/dashboard${systemKey !== undefined ? ' (enter the system key in the page)' : ''}`);
  console.log(`  start Hello Sequence: curl -i -X POST ${url}${prefix}/orchestrators/E1_HelloSequence`);
}

function parsePort(text: string | undefined): number {
  if (text === undefined || text === '') return 7071;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a whole number from 0 to 65535, got ${JSON.stringify(text)}`);
  return port;
}

function baseUrlOf(address: AddressInfo | string | null, listenHost: string): string {
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  const hostPart = listenHost.includes(':') ? `[${listenHost}]` : listenHost;
  return `http://${hostPart}:${port}`;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
