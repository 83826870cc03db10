import { z } from 'zod';
import { InvalidArgumentError } from '../../model/errors/invalid-argument-error';
import type { HistoryEvent } from '../../model/history-event';
import type { RuntimeStatus } from '../../model/runtime-status';
import type { StorageProvider } from '../../storage/storage-provider';

/** The `format` field of a history export; a file without it (or with another) is refused. */
export const HISTORY_EXPORT_FORMAT = 'durable-ts/history@1';

/**
 * One orchestration's history as `durable replay-check --from` reads it and `exportHistory`
 * writes it: the stored events as they are (not the HTTP API's summarised `historyEvents` view,
 * which drops the episode boundaries and schedule events a faithful replay needs). A file holds
 * one export or an array of them.
 */
export interface HistoryExport {
  readonly format: typeof HISTORY_EXPORT_FORMAT;
  readonly instanceId: string;
  /** The orchestrator's name: replay-check runs the code registered under it. */
  readonly name: string;
  readonly runtimeStatus?: RuntimeStatus;
  /** The current execution's history, in order, in the stored event shape. */
  readonly history: readonly HistoryEvent[];
}

const eventSchema = z.looseObject({ type: z.string(), eventId: z.number(), timestamp: z.string() });
const exportSchema = z.object({
  format: z.literal(HISTORY_EXPORT_FORMAT, { error: `must be "${HISTORY_EXPORT_FORMAT}"` }),
  instanceId: z.string().min(1),
  name: z.string().min(1),
  runtimeStatus: z.string().optional(),
  history: z.array(eventSchema),
});

/** The export of a stored instance, or undefined when there is no such instance. */
export async function exportHistory(storage: StorageProvider, instanceId: string): Promise<HistoryExport | undefined> {
  const instance = await storage.getInstance(instanceId);
  if (instance === undefined) return undefined;
  const history = await storage.getHistory(instanceId);
  return { format: HISTORY_EXPORT_FORMAT, instanceId, name: instance.name, runtimeStatus: instance.runtimeStatus, history };
}

/**
 * Reads the exports in a file's text.
 * @throws InvalidArgumentError naming the file and the first field that does not fit the format.
 */
export function parseHistoryExports(text: string, source: string): HistoryExport[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InvalidArgumentError(`history file ${source}`, `not JSON (${(error as Error).message})`);
  }
  const parsed = z.array(exportSchema).safeParse(Array.isArray(value) ? value : [value]);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = (issue?.path ?? []).slice(Array.isArray(value) ? 0 : 1).join('.');
    throw new InvalidArgumentError(`history file ${source}`, `${path || 'the file'} ${issue?.message ?? 'is invalid'}; expected the ${HISTORY_EXPORT_FORMAT} export format`);
  }
  // The events were checked for their common fields; their kinds are checked by the replay.
  return parsed.data as unknown as HistoryExport[];
}
