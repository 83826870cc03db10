/**
 * One worker process of the scale-out scenario: `node dist/bench/scale-out-worker.js '<ScaleOutWorkerArgs JSON>'`.
 * It starts a host on the given PostgreSQL hub and works until told to stop. Protocol, one line each:
 * - stdout `ready <pid>` once its host runs;
 * - stdin `stats <n>` → stdout `stats <n> <WorkerStats JSON>`;
 * - stdin `stop` → graceful `host.stop()`, stdout `stopped <WorkerStats JSON>`, exit 0;
 * - stdin closed (the bench process died) → stop and exit, so no worker outlives the bench.
 */
import { createInterface } from 'node:readline';
import { createDurableHost, createPostgresStorageProvider, type DurableHost, type StorageProvider } from 'durable-ts';
import { CountingLogger } from './counting-logger';
import { scaleOutFunctions, type ScaleOutWorkerArgs, type WorkerStats } from './scale-out-protocol';

const write = (line: string): void => void process.stdout.write(`${line}\n`);

/** Claim calls of this process, counted by `countingClaims`. */
const claimCounts = { claims: 0, emptyClaims: 0 };

/** The provider, with its claim calls counted (how often a wake-up found no work). */
function countingClaims(provider: StorageProvider): StorageProvider {
  const count = <T>(items: T[]): T[] => {
    claimCounts.claims++;
    if (items.length === 0) claimCounts.emptyClaims++;
    return items;
  };
  type Claim<K extends 'claimOrchestrationWorkItems' | 'claimActivityWorkItems'> = StorageProvider[K];
  const orchestrations: Claim<'claimOrchestrationWorkItems'> = (request) => provider.claimOrchestrationWorkItems(request).then(count);
  const activities: Claim<'claimActivityWorkItems'> = (request) => provider.claimActivityWorkItems(request).then(count);
  return new Proxy(provider, {
    get(target, property, receiver) {
      if (property === 'claimOrchestrationWorkItems') return orchestrations;
      if (property === 'claimActivityWorkItems') return activities;
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

function statsOf(host: DurableHost, logger: CountingLogger): WorkerStats {
  return {
    pid: process.pid,
    commits: host.storage.stats().commits,
    episodes: logger.episodes,
    episodesFromCache: logger.episodesFromCache,
    ...claimCounts,
    problemCount: logger.problemCount,
    problems: logger.problems,
  };
}

async function main(): Promise<void> {
  const text = process.argv[2];
  if (text === undefined) throw new Error('usage: scale-out-worker.js <ScaleOutWorkerArgs JSON>');
  const args = JSON.parse(text) as ScaleOutWorkerArgs;
  const logger = new CountingLogger();
  const provider = await createPostgresStorageProvider({ connectionString: args.connectionString, hubName: args.hubName, schema: args.schema });
  const host = await createDurableHost({
    functions: scaleOutFunctions,
    storage: countingClaims(provider),
    hostJson: {
      extensions: {
        durableTask: {
          hubName: args.hubName,
          storageProvider: { type: 'postgres', connectionString: args.connectionString, schema: args.schema },
          maxConcurrentActivityFunctions: args.activitySlots,
        },
      },
    },
    env: {},
    logger,
  });
  await host.start();
  write(`ready ${process.pid}`);

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= host
      .stop()
      .then(() => provider.close())
      .then(() => {
        write(`stopped ${JSON.stringify(statsOf(host, logger))}`);
      }));
  const lines = createInterface({ input: process.stdin });
  lines.on('line', (line) => {
    const [command, n] = line.trim().split(' ');
    if (command === 'stats') write(`stats ${n ?? 0} ${JSON.stringify(statsOf(host, logger))}`);
    else if (command === 'stop') void stop().finally(() => process.exit(0));
  });
  lines.on('close', () => void stop().finally(() => process.exit(0)));
}

main().catch((error: unknown) => {
  process.stderr.write(`scale-out worker failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
