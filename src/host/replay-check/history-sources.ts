import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { isEntityInstanceId } from '../../model/entity-id';
import type { StorageProvider } from '../../storage/storage-provider';
import { HISTORY_EXPORT_FORMAT, parseHistoryExports, type HistoryExport } from './history-export';

/** Which stored instances to check: all orchestrations, or those matching these filters. */
export interface StoredHistoryFilter {
  /** Only instances updated at or after this time. */
  readonly since?: Date;
  /** Only instances of this orchestrator (case-insensitive, as function names are). */
  readonly name?: string;
}

const PAGE_SIZE = 100;

/** The histories of a hub's orchestrations, running and finished, one page of instances at a time. */
export async function* storedHistories(storage: StorageProvider, filter: StoredHistoryFilter = {}): AsyncGenerator<HistoryExport> {
  let continuationToken: string | undefined;
  do {
    const page = await storage.queryInstances({
      kind: 'orchestrations',
      pageSize: PAGE_SIZE,
      ...(filter.since !== undefined ? { updatedFrom: filter.since.getTime() } : {}),
      ...(continuationToken !== undefined ? { continuationToken } : {}),
    });
    for (const instance of page.instances) {
      if (isEntityInstanceId(instance.instanceId) || instance.historyLength === 0) continue; // nothing ran yet
      if (filter.name !== undefined && instance.name.toLowerCase() !== filter.name.toLowerCase()) continue;
      const history = await storage.getHistory(instance.instanceId);
      yield { format: HISTORY_EXPORT_FORMAT, instanceId: instance.instanceId, name: instance.name, runtimeStatus: instance.runtimeStatus, history };
    }
    continuationToken = page.continuationToken;
  } while (continuationToken !== undefined);
}

/** The exports in a file, or in every `*.json` file of a folder (in name order, not recursive). */
export async function* fileHistories(path: string): AsyncGenerator<HistoryExport> {
  const files = (await stat(path)).isDirectory()
    ? (await readdir(path)).filter((f) => f.endsWith('.json')).sort().map((f) => join(path, f))
    : [path];
  for (const file of files) yield* parseHistoryExports(await readFile(file, 'utf8'), file);
}
