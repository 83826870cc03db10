import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createDurableHost, type DurableHost, type OrchestrationStatus } from 'durable-ts';
import { silentLogger, startTestHost } from '../../support/test-host';
import { waitFor } from '../../support/wait-for';
import { ActivityGate, gate, transferFunctions } from './transfer-fixtures';

/** Instances of the source hub besides the named ones: enough for several pages of a small page size. */
export const BULK_INSTANCES = 12;
/** The Sleeper's timer: long enough that it cannot fire on the source before the host stops. */
export const SLEEPER_TIMER_MS = 6_000;

export interface SourceHub {
  readonly dir: string;
  readonly dbPath: string;
  /** Full statuses (history, input, output) of the finished instances, read on the source. */
  readonly finished: ReadonlyMap<string, OrchestrationStatus>;
  /** Every instance and entity id of the hub. */
  readonly ids: readonly string[];
}

const fullStatus = { showHistory: true, showHistoryOutput: true, showInput: true } as const;

/**
 * A SQLite hub (with host.json naming it in `dir`) holding: completed and failed instances; one
 * waiting on a timer, one on an event, one whose activity was running when its host stopped (its
 * work item released, not done); and an entity with state. The host is stopped when this returns.
 */
export async function buildSourceHub(): Promise<SourceHub> {
  gate.current = new ActivityGate();
  const t = await startTestHost(transferFunctions, {}, { drainTimeoutMs: 50 });
  const client = t.host.client;
  const bulk = Array.from({ length: BULK_INSTANCES }, (_, i) => `bulk-${String(i).padStart(2, '0')}`);
  for (const id of bulk) await client.startNew('Greetings', { instanceId: id, input: id });
  await client.startNew('Greetings', { instanceId: 'done', input: 'Tokyo' });
  await client.startNew('Failing', { instanceId: 'failed', input: 'fly' });
  await client.startNew('Sleeper', { instanceId: 'sleeper', input: SLEEPER_TIMER_MS });
  await client.startNew('Waiter', { instanceId: 'waiter' });
  await client.startNew('GatedRun', { instanceId: 'gated', input: 'g' });
  await client.signalEntity('@tally@t1', 'add', 5);
  await client.signalEntity('@tally@t1', 'add', 2);
  const statusOf = async (id: string) => (await client.getStatus(id, fullStatus))?.runtimeStatus;
  for (const id of [...bulk, 'done']) await waitFor(async () => (await statusOf(id)) === 'Completed', `${id} Completed`, 20_000);
  await waitFor(async () => (await statusOf('failed')) === 'Failed', 'failed Failed', 20_000);
  await waitFor(async () => (await client.getStatus('sleeper', fullStatus))?.historyEvents?.some((e) => e.type === 'TimerCreated'), 'the sleeper timer', 20_000);
  await waitFor(async () => (await client.getStatus('waiter'))?.customStatus === 'waiting', 'the waiter waiting', 20_000);
  await waitFor(() => gate.current.started, 'the gated activity to start', 20_000);
  await waitFor(async () => (await client.readEntityState<{ value: number }>('@tally@t1')).entityState?.value === 7, 'tally 7', 20_000);
  const finished = new Map<string, OrchestrationStatus>();
  for (const id of ['done', 'failed', 'bulk-00']) finished.set(id, (await client.getStatus(id, fullStatus))!);
  await t.stop();
  writeFileSync(join(t.dir, 'host.json'), JSON.stringify({ version: '2.0', extensions: { durableTask: { hubName: 'TestHub', storageProvider: { type: 'sqlite', path: t.dbPath } } } }));
  return { dir: t.dir, dbPath: t.dbPath, finished, ids: [...bulk, 'done', 'failed', 'sleeper', 'waiter', 'gated', '@tally@t1'].sort() };
}

/** A started host on a PostgreSQL hub, with the transfer fixtures. */
export async function startPostgresHost(dir: string, connectionString: string, hubName: string): Promise<DurableHost> {
  const host = await createDurableHost({
    functions: transferFunctions,
    env: {},
    cwd: dir,
    logger: silentLogger,
    hostJson: { version: '2.0', extensions: { durableTask: { hubName, storageProvider: { type: 'postgres', connectionString } } } },
  });
  await host.start();
  return host;
}
