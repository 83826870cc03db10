import type { FastifyInstance } from 'fastify';
import { callerKeysOf } from './caller-keys';
import { READ_ONLY_RETRY_AFTER_SECONDS } from './error-mapping';
import { DURABLETASK_WEBHOOK_PATH } from './http-config';

/** What the health route reports: `healthy` decides the status; the rest are details (`host.health()`). */
export interface HealthReport {
  readonly healthy: boolean;
}

/** `GET /runtime/webhooks/durabletask/health`. */
export const HEALTH_PATH = `${DURABLETASK_WEBHOOK_PATH}/health`;

/**
 * Registers the health route for load balancers and readiness probes: 200 when healthy, 503 with
 * `Retry-After` when not (stopped, or storage read-only). Why the status is open to anyone while
 * the details are not: probes rarely carry keys, and "up or down" tells an attacker little; the
 * details (the storage error's text, which can name files and servers) go only to a caller who
 * presented the system key, or to everyone when no system key is configured (then the whole API
 * is open anyway).
 */
export function registerHealthRoute(app: FastifyInstance, health: () => HealthReport, systemKeyConfigured: boolean): void {
  app.get(HEALTH_PATH, async (request, reply) => {
    const report = health();
    const detailed = !systemKeyConfigured || callerKeysOf(request).systemKey;
    if (!report.healthy) void reply.code(503).header('retry-after', String(READ_ONLY_RETRY_AFTER_SECONDS));
    return reply.type('application/json; charset=utf-8').send(detailed ? report : { healthy: report.healthy });
  });
}
