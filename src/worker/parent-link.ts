import type { HistoryEvent, ParentInstanceInfo } from '../model/history-event';
import type { StorageProvider } from '../storage/storage-provider';
import type { InstanceRecord } from '../storage/storage-records';

/**
 * The parent orchestration to tell when an instance ends without running its code (unknown
 * orchestrator, poison messages). The link is in the execution's ExecutionStarted: among this
 * episode's new events on its first episode, in stored history on every later one. Reading
 * history here is rare (failures only), so the hot path keeps no extra copy of the link.
 */
export async function findParentInstance(
  provider: StorageProvider,
  instance: InstanceRecord,
  newEvents: readonly HistoryEvent[],
): Promise<ParentInstanceInfo | undefined> {
  const fresh = startedParent(newEvents);
  if (fresh !== undefined || instance.historyLength === 0) return fresh;
  return startedParent(await provider.getHistory(instance.instanceId));
}

function startedParent(events: readonly HistoryEvent[]): ParentInstanceInfo | undefined {
  const started = events.find((e) => e.type === 'ExecutionStarted');
  return started?.type === 'ExecutionStarted' ? started.parentInstance : undefined;
}
