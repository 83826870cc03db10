import type { FastifyInstance } from 'fastify';
import { callerKeysOf } from './caller-keys';
import { READ_ONLY_RETRY_AFTER_SECONDS } from './error-mapping';
import { DURABLETASK_WEBHOOK_PATH } from './http-config';

/** What the health route reports: `live` and `ready` decide the statuses; the rest are details (`host.checkHealth()`). */
export interface HealthReport {
  readonly healthy: boolean;
  readonly live: boolean;
  readonly ready: boolean;
}

/** `GET /runtime/webhooks/durabletask/health`: readiness (as `/health/ready`). */
export const HEALTH_PATH = `${DURABLETASK_WEBHOOK_PATH}/health`;
/** `GET …/health/live`: liveness, for a probe that restarts the process. */
export const LIVENESS_PATH = `${HEALTH_PATH}/live`;
/** `GET …/health/ready`: readiness, for a load balancer or a readiness probe. */
export const READINESS_PATH = `${HEALTH_PATH}/ready`;

/**
 * Registers the health routes. Readiness (`/health`, `/health/ready`): 200 when the host can take
 * work, 503 with `Retry-After` when not (stopped, storage read-only or unreachable, a stuck
 * loop). Liveness (`/health/live`): 200 unless a dispatch loop is stuck — storage trouble alone
 * keeps the process live, since restarting it would not help. Why the statuses are open to anyone
 * while the details are not: probes rarely carry keys, and "up or down" tells an attacker little;
 * the details (the storage error's text, which can name files and servers) go only to a caller
 * who presented the system key, or to everyone when no system key is configured (then the whole
 * API is open anyway).
 */
export function registerHealthRoute(app: FastifyInstance, health: () => Promise<HealthReport>, systemKeyConfigured: boolean): void {
  const serve = (path: string, probe: 'live' | 'ready'): void => {
    app.get(path, async (request, reply) => {
      const report = await health();
      const detailed = !systemKeyConfigured || callerKeysOf(request).systemKey;
      if (!report[probe]) void reply.code(503).header('retry-after', String(READ_ONLY_RETRY_AFTER_SECONDS));
      const summary = { healthy: report.healthy, live: report.live, ready: report.ready };
      return reply.type('application/json; charset=utf-8').send(detailed ? report : summary);
    });
  };
  serve(HEALTH_PATH, 'ready');
  serve(READINESS_PATH, 'ready');
  serve(LIVENESS_PATH, 'live');
}
