import type { FastifyRequest } from 'fastify';
import type { DurableClient } from '../client/durable-client';
import { isValidTaskHubName } from '../model/task-hub-name';
import type { WebhookSettings } from './check-status-payload';
import type { EntityCatalog } from './entity-catalog';
import { HttpProblem } from './http-problem';
import { createInstanceTokens } from './instance-token';
import { readQueryParam } from './query-params';

/** What a built-in route works with: the client of the request's task hub and the URL settings for it. */
export interface HubBinding {
  readonly client: DurableClient;
  readonly settings: WebhookSettings;
  /** The app's entities: only for the server's own hub (another hub's entities are not known here). */
  readonly entities?: EntityCatalog;
}

/**
 * The task hub each request of the built-in API works on: the server's own, or the one its
 * `taskHub=` names when the storage holds that hub (Durable Functions' route for cross-app
 * clients and side-by-side deployments). The route guard calls `bind` once per request; routes
 * then read `of(request)`. Check-status URLs of another hub carry that hub's name and tokens.
 */
export class TaskHubBindings {
  private readonly own: HubBinding;
  private readonly bound = new WeakMap<FastifyRequest, HubBinding>();

  constructor(client: DurableClient, settings: WebhookSettings, entities: EntityCatalog | undefined) {
    this.own = { client, settings, ...(entities !== undefined ? { entities } : {}) };
  }

  /** The hub `taskHub=` names, or undefined for the server's own (absent, empty, or its name). */
  requestedHub(request: FastifyRequest): string | undefined {
    const hub = readQueryParam(request.query, 'taskHub')?.trim();
    return hub === undefined || hub === '' || hub === this.own.settings.hubName ? undefined : hub;
  }

  /** The URL settings for `hub` (the server's own when undefined): its name, and its instance tokens. */
  settingsFor(hub: string | undefined): WebhookSettings {
    const { settings } = this.own;
    if (hub === undefined) return settings;
    return { ...settings, hubName: hub, ...(settings.systemKey !== undefined ? { instanceTokens: createInstanceTokens(settings.systemKey, hub) } : {}) };
  }

  /** @throws HttpProblem 404 TASK_HUB_NOT_FOUND when `hub` is not a hub the storage holds */
  async bind(request: FastifyRequest, hub: string | undefined): Promise<void> {
    if (hub === undefined) return;
    const own = this.own.settings.hubName;
    if (!isValidTaskHubName(hub) || !(await this.own.client.listTaskHubs()).includes(hub)) {
      throw new HttpProblem(
        404,
        'TASK_HUB_NOT_FOUND',
        `Task hub '${hub.slice(0, 100)}' does not exist in this server's storage (the server's own hub is '${own}'); ` +
          'a hub exists once an app has run on it or started an instance in it.',
      );
    }
    this.bound.set(request, { client: this.own.client.forHub(hub), settings: this.settingsFor(hub) });
  }

  of(request: FastifyRequest): HubBinding {
    return this.bound.get(request) ?? this.own;
  }
}
