import type { CleanEntityStorageResult } from '../../client/entity-client';
import type { EntityStatusPayload } from '../../http/entity-routes';
import type { HistoryEventView } from '../../http/history-view';
import { CONTINUATION_TOKEN_HEADER } from '../../http/management-query';
import type { StatusResponsePayload } from '../../http/status-response';
import { CliError, RemoteProblemError } from '../cli-errors';
import type { HubOperations, InstanceFilterRequest, InstanceOperation, ListEntitiesRequest, ListInstancesRequest, Page, StartRequest } from './hub-operations';

/** The path of the built-in API under the server's URL. */
const WEBHOOK_PATH = '/runtime/webhooks/durabletask';

type Query = Record<string, string | undefined>;

/**
 * The verbs against a running server, through its durabletask HTTP API (`--url`, `--code` for
 * the system key). Answers are the API's own JSON, so `--json` prints what the server sent.
 */
export class RemoteHub implements HubOperations {
  readonly description: string;
  private readonly base: string;

  constructor(
    url: string,
    private readonly code: string | undefined,
    private readonly fetchFn: typeof fetch,
  ) {
    this.base = url.replace(/\/+$/, '') + WEBHOOK_PATH;
    this.description = `the server at ${url}`;
  }

  async startNew(request: StartRequest): Promise<string> {
    const path = `/orchestrators/${enc(request.name)}${request.instanceId !== undefined ? `/${enc(request.instanceId)}` : ''}`;
    const { body } = await this.call('POST', path, { version: request.version }, request.input);
    return String((body as { id: unknown }).id);
  }

  async getStatus(instanceId: string, options: { showInput: boolean; showHistory: boolean }): Promise<StatusResponsePayload> {
    const query = { showInput: String(options.showInput), showHistory: String(options.showHistory), showHistoryOutput: String(options.showHistory) };
    return (await this.call('GET', `/instances/${enc(instanceId)}`, query)).body as StatusResponsePayload;
  }

  async getHistory(instanceId: string): Promise<readonly HistoryEventView[]> {
    return (await this.getStatus(instanceId, { showInput: true, showHistory: true })).historyEvents ?? [];
  }

  async listInstances(request: ListInstancesRequest): Promise<Page<StatusResponsePayload>> {
    const query = {
      ...filterQuery(request),
      instanceIdPrefix: request.prefix,
      top: request.top?.toString(),
      showInput: String(request.showInput),
    };
    const { body, headers } = await this.call('GET', '/instances', query, undefined, request.continuationToken);
    return pageOf(body as StatusResponsePayload[], headers);
  }

  async raiseEvent(instanceId: string, eventName: string, eventData: unknown): Promise<void> {
    await this.call('POST', `/instances/${enc(instanceId)}/raiseEvent/${enc(eventName)}`, {}, eventData ?? null);
  }

  async operate(operation: InstanceOperation, instanceId: string, reason: string | undefined): Promise<void> {
    await this.call('POST', `/instances/${enc(instanceId)}/${operation}`, { reason });
  }

  async restart(instanceId: string, withNewInstanceId: boolean): Promise<string> {
    const { body } = await this.call('POST', `/instances/${enc(instanceId)}/restart`, { restartWithNewInstanceId: String(withNewInstanceId) });
    return String((body as { id: unknown }).id);
  }

  async purgeInstance(instanceId: string): Promise<number> {
    return Number(((await this.call('DELETE', `/instances/${enc(instanceId)}`)).body as { instancesDeleted: unknown }).instancesDeleted);
  }

  /** One request: the server purges in one transaction, so there is no progress to show. */
  async purgeBy(filter: InstanceFilterRequest): Promise<number> {
    // The API requires createdTimeFrom (as the extension does); the epoch means "from the start".
    const query = { ...filterQuery(filter), createdTimeFrom: filter.createdAfter?.toISOString() ?? new Date(0).toISOString() };
    try {
      return Number(((await this.call('DELETE', '/instances', query)).body as { instancesDeleted: unknown }).instancesDeleted);
    } catch (error) {
      if (error instanceof RemoteProblemError && error.code === 'NO_MATCHING_INSTANCES') return 0;
      throw error;
    }
  }

  async signalEntity(entityName: string, entityKey: string, operation: string, input: unknown): Promise<void> {
    await this.call('POST', `/entities/${enc(entityName)}/${enc(entityKey)}`, { op: operation }, input);
  }

  async getEntity(entityName: string, entityKey: string): Promise<{ exists: boolean; state?: unknown }> {
    try {
      return { exists: true, state: (await this.call('GET', `/entities/${enc(entityName)}/${enc(entityKey)}`)).body };
    } catch (error) {
      if (error instanceof RemoteProblemError && error.code === 'ENTITY_NOT_FOUND') return { exists: false };
      throw error;
    }
  }

  async listEntities(request: ListEntitiesRequest): Promise<Page<EntityStatusPayload>> {
    const path = request.entityName !== undefined ? `/entities/${enc(request.entityName)}` : '/entities';
    const { body, headers } = await this.call('GET', path, { fetchState: 'true', top: request.top?.toString() }, undefined, request.continuationToken);
    return pageOf(body as EntityStatusPayload[], headers);
  }

  /** The server's admin route: it needs a system key configured there and given here (`--code`). */
  async cleanEntityStorage(): Promise<CleanEntityStorageResult> {
    return (await this.call('POST', '/admin/cleanEntityStorage')).body as CleanEntityStorageResult;
  }

  /** The server's admin route: it needs a system key configured there and given here (`--code`). */
  async deleteTaskHub(): Promise<void> {
    await this.call('DELETE', '/admin/taskHub');
  }

  async close(): Promise<void> {}

  private async call(method: string, path: string, query: Query = {}, body?: unknown, continuationToken?: string): Promise<{ body: unknown; headers: Headers }> {
    const url = new URL(this.base + path);
    for (const [name, value] of Object.entries({ ...query, code: this.code })) if (value !== undefined) url.searchParams.set(name, value);
    const headers: Record<string, string> = { accept: 'application/json' };
    if (continuationToken !== undefined) headers[CONTINUATION_TOKEN_HEADER] = continuationToken;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await this.fetchFn(url, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    } catch (error) {
      throw new CliError('REMOTE_UNREACHABLE', `cannot reach ${this.description}: ${(error as Error).message}`);
    }
    const text = await response.text();
    const parsed = parseBody(text);
    if (!response.ok) {
      const problem = parsed as { error?: unknown; message?: unknown };
      const code = typeof problem.error === 'string' ? problem.error : `HTTP_${response.status}`;
      throw new RemoteProblemError(code, typeof problem.message === 'string' ? problem.message : `${method} ${url.pathname} answered ${response.status}`, response.status);
    }
    return { body: parsed, headers: response.headers };
  }
}

function filterQuery(filter: InstanceFilterRequest): Query {
  return {
    createdTimeFrom: filter.createdAfter?.toISOString(),
    createdTimeTo: filter.createdBefore?.toISOString(),
    runtimeStatus: filter.runtimeStatus?.join(','),
  };
}

function pageOf<T>(items: readonly T[], headers: Headers): Page<T> {
  const token = headers.get(CONTINUATION_TOKEN_HEADER);
  return { items, ...(token !== null && token !== '' ? { continuationToken: token } : {}) };
}

function parseBody(text: string): unknown {
  if (text === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // Not a problem document (a proxy's error page, say): its start is the best message there is.
    return { message: text.slice(0, 200) };
  }
}

function enc(segment: string): string {
  return encodeURIComponent(segment);
}
