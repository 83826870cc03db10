import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { DurableClient } from '../client/durable-client';
import { callerKeysOf } from './caller-keys';
import { DURABLETASK_WEBHOOK_PATH } from './http-config';
import { HttpProblem } from './http-problem';
import { assertJsonContentType } from './json-body';
import { readBooleanParam, readQueryParam } from './query-params';

/** What the server may do to its whole task hub beyond the client's API (given by the host). */
export interface HubAdministration {
  /** Deletes every instance, history, entity and queued message of the hub. */
  readonly deleteTaskHub?: () => Promise<void>;
}

/** `POST …/admin/cleanEntityStorage`, `DELETE …/admin/taskHub`. */
export const ADMIN_PATH = `${DURABLETASK_WEBHOOK_PATH}/admin`;

export interface AdminRoutesOptions {
  readonly client: DurableClient;
  readonly systemKey: string | undefined;
  readonly administration?: HubAdministration;
}

/**
 * Registers the admin routes the `durable` command uses in its remote mode (`clean-entity-storage`,
 * `delete-task-hub`). Stricter than the rest of the API: they need a system key configured on the
 * server and presented by the caller; a server without one answers 403 ADMIN_DISABLED, even on
 * loopback, because what they do cannot be undone.
 */
export function registerAdminRoutes(app: FastifyInstance, options: AdminRoutesOptions): void {
  const { client, systemKey, administration } = options;
  const onRequest = async (request: FastifyRequest): Promise<void> => {
    if (systemKey === undefined) {
      throw new HttpProblem(403, 'ADMIN_DISABLED', 'The admin routes need a system key configured on the server (DURABLE_SYSTEM_KEY); this server has none.');
    }
    if (!callerKeysOf(request).systemKey) throw new HttpProblem(401, 'UNAUTHORIZED', 'The admin routes require the system key in the code query parameter.');
    const hub = readQueryParam(request.query, 'taskHub');
    if (hub !== undefined && hub.trim() !== '' && hub !== client.taskHubName) {
      throw new HttpProblem(404, 'TASK_HUB_NOT_FOUND', `This server serves task hub '${client.taskHubName}' only; task hub '${hub.slice(0, 100)}' is not available here.`);
    }
    assertJsonContentType(request);
  };

  app.post(`${ADMIN_PATH}/cleanEntityStorage`, { onRequest }, async (request) =>
    client.cleanEntityStorage({
      removeEmptyEntities: readBooleanParam(request.query, 'removeEmptyEntities', true),
      releaseOrphanedLocks: readBooleanParam(request.query, 'releaseOrphanedLocks', true),
    }),
  );

  app.delete(`${ADMIN_PATH}/taskHub`, { onRequest }, async () => {
    const deleteTaskHub = administration?.deleteTaskHub;
    if (deleteTaskHub === undefined) throw new HttpProblem(501, 'ADMIN_DISABLED', 'This server was not given a way to delete its task hub (its storage provider cannot).');
    await deleteTaskHub();
    return { deleted: true, taskHub: client.taskHubName };
  });
}
