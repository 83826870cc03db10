import { afterEach, beforeEach } from 'vitest';
import type {
  EventRaisedEvent,
  ExecutionStartedEvent,
  HistoryEvent,
  OrchestratorStartedEvent,
  TaskCompletedEvent,
  TaskFailedEvent,
  TaskScheduledEvent,
  TimerFiredEvent,
} from '../../../src/model/history-event';
import type { StorageProvider } from '../../../src/storage/storage-provider';
import type {
  EpisodeCommit,
  InstanceUpdate,
  NewInstance,
  OrchestrationWorkItem,
} from '../../../src/storage/storage-records';

/** Makes a fresh, initialized provider (fresh hub or fresh file) for one test. */
export type MakeStorageProvider = () => Promise<StorageProvider>;

/** A fixed epoch-ms "now" so that tests pass explicit times and never sleep. */
export const T0 = 1_700_000_000_000;
export const LEASE_MS = 30_000;

/** Gives each test its own provider and closes it afterwards; call inside a `describe`. */
export function useProvider(makeProvider: MakeStorageProvider): () => StorageProvider {
  let current: StorageProvider | undefined;
  beforeEach(async () => {
    current = await makeProvider();
  });
  afterEach(async () => {
    const provider = current;
    current = undefined;
    await provider?.close();
  });
  return () => {
    if (current === undefined) throw new Error('The provider is only available inside a test.');
    return current;
  };
}

const iso = (ms: number): string => new Date(ms).toISOString();

export function executionStarted(instanceId: string, executionId = `${instanceId}-exec-1`, at = T0): ExecutionStartedEvent {
  return { type: 'ExecutionStarted', eventId: -1, timestamp: iso(at), name: 'HelloCities', input: '"Tokyo"', instanceId, executionId };
}

export function newInstance(instanceId: string, overrides: Partial<NewInstance> = {}): NewInstance {
  const executionId = overrides.executionId ?? `${instanceId}-exec-1`;
  const createdAt = overrides.createdAt ?? T0;
  return {
    instanceId,
    executionId,
    name: 'HelloCities',
    input: '"Tokyo"',
    createdAt,
    startEvent: executionStarted(instanceId, executionId, createdAt),
    ...overrides,
  };
}

export function orchestratorStarted(at = T0): OrchestratorStartedEvent {
  return { type: 'OrchestratorStarted', eventId: -1, timestamp: iso(at) };
}

export function taskScheduled(eventId: number, name = 'SayHello', at = T0): TaskScheduledEvent {
  return { type: 'TaskScheduled', eventId, timestamp: iso(at), name, input: '"Tokyo"' };
}

export function taskCompleted(taskScheduledId: number, result = '"Hello Tokyo"', at = T0): TaskCompletedEvent {
  return { type: 'TaskCompleted', eventId: -1, timestamp: iso(at), taskScheduledId, result };
}

export function taskFailed(taskScheduledId: number, at = T0): TaskFailedEvent {
  return {
    type: 'TaskFailed',
    eventId: -1,
    timestamp: iso(at),
    taskScheduledId,
    failureDetails: { errorType: 'Error', message: 'boom' },
  };
}

export function eventRaised(name: string, input = '1', at = T0): EventRaisedEvent {
  return { type: 'EventRaised', eventId: -1, timestamp: iso(at), name, input };
}

export function timerFired(timerId: number, fireAt: number): TimerFiredEvent {
  return { type: 'TimerFired', eventId: -1, timestamp: iso(fireAt), timerId, fireAt: iso(fireAt) };
}

/**
 * An episode commit for a claimed work item that consumes all its messages and records them
 * (plus an OrchestratorStarted) as history; override any part.
 */
export function episodeFor(
  item: OrchestrationWorkItem,
  overrides: Partial<Omit<EpisodeCommit, 'update'>> & { update?: Partial<InstanceUpdate> } = {},
): EpisodeCommit {
  const { update, ...rest } = overrides;
  const newHistory: HistoryEvent[] = [orchestratorStarted(), ...item.messages.map((m) => m.event)];
  return {
    instanceId: item.instance.instanceId,
    executionId: item.instance.executionId,
    expectedHistoryLength: item.instance.historyLength,
    consumedMessageIds: item.messages.map((m) => m.messageId),
    newHistory,
    activities: [],
    messages: [],
    ...rest,
    update: { runtimeStatus: 'Running', lastUpdatedAt: T0 + 1, ...update },
  };
}

/** Claims exactly one instance or fails the test. */
export async function claimOne(provider: StorageProvider, owner = 'worker-a', now = T0, leaseMs = LEASE_MS): Promise<OrchestrationWorkItem> {
  const items = await provider.claimOrchestrationWorkItems({ owner, now, leaseMs, maxItems: 10 });
  const [item, ...others] = items;
  if (item === undefined || others.length > 0) {
    throw new Error(`Expected exactly one orchestration work item, got ${items.length}.`);
  }
  return item;
}

/** Creates an instance and commits a first episode that schedules activity task 0 (visible at T0). */
export async function startWithActivity(provider: StorageProvider, instanceId = 'with-activity', timeoutMs?: number): Promise<void> {
  await provider.createInstance(newInstance(instanceId));
  const item = await claimOne(provider, 'orchestrator', T0);
  const outcome = await provider.commitOrchestrationEpisodes(
    'orchestrator',
    [
      episodeFor(item, {
        newHistory: [orchestratorStarted(), ...item.messages.map((m) => m.event), taskScheduled(0)],
        activities: [{ taskId: 0, name: 'SayHello', input: '"Tokyo"', visibleAt: T0, ...(timeoutMs !== undefined ? { timeoutMs } : {}) }],
      }),
    ]
  );
  if (outcome[0] !== 'committed') throw new Error(`Setup commit was ${String(outcome[0])}.`);
}
