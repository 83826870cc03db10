import type { Logger } from '../model/logger';

/**
 * The HTTP layer's log events (stable `event` fields). Paths are logged without their query
 * string, which may carry the system key.
 */
export const httpLogs = {
  listening(log: Logger, f: { url: string; routePrefix: string; systemKey: boolean; functionKeys: readonly string[] }): void {
    log.info({ event: 'http.listening', ...f }, 'HTTP server listening');
  },
  requestCompleted(log: Logger, f: { method: string; path: string; statusCode: number; durationMs: number }): void {
    log.debug({ event: 'http.request.completed', ...f }, 'HTTP request completed');
  },
  requestFailed(log: Logger, f: { method: string; path: string; statusCode: number; error: unknown }): void {
    log.error({ event: 'http.request.failed', ...f, error: describeError(f.error) }, 'HTTP request failed with a server fault');
  },
  orchestrationStarted(log: Logger, f: { instanceId: string; name: string; route: string }): void {
    log.info({ event: 'http.orchestration.started', ...f }, 'orchestration started over HTTP');
  },
  instanceOperation(log: Logger, f: { operation: string; instanceId?: string; instancesDeleted?: number; newInstanceId?: string }): void {
    log.info({ event: 'http.instance.operation', ...f }, 'instance management operation over HTTP');
  },
  entitySignaled(log: Logger, f: { entityId: string; operation: string }): void {
    log.info({ event: 'http.entity.signaled', ...f }, 'entity signaled over HTTP');
  },
  appTriggerRegistered(log: Logger, f: { declaredAt: string; methods: readonly string[]; path: string }): void {
    log.debug({ event: 'http.trigger.registered', ...f }, 'HTTP trigger registered');
  },
};

function describeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error) };
  const code = (error as { code?: unknown }).code;
  return { type: error.name, message: error.message, ...(typeof code === 'string' ? { code } : {}), stack: error.stack };
}
