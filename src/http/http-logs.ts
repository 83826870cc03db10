import { logEvent } from '../model/log-event';

/** The HTTP layer's log events. Paths are logged without their query string, which may carry the system key. */
export const httpLogs = {
  listening: logEvent<{ url: string; routePrefix: string; systemKey: boolean; functionKeys: readonly string[] }>({
    name: 'http.server.listening',
    level: 'info',
    meaning: 'HTTP server listening',
    fields: { url: 'string', routePrefix: 'string', systemKey: 'boolean', functionKeys: 'string[]' },
  }),
  requestCompleted: logEvent<{ method: string; path: string; statusCode: number; durationMs: number }>({
    name: 'http.request.completed',
    level: 'debug',
    meaning: 'HTTP request completed',
    fields: { method: 'string', path: 'string', statusCode: 'number', durationMs: 'number' },
  }),
  requestFailed: logEvent<{ method: string; path: string; statusCode: number; error: unknown }>({
    name: 'http.request.failed',
    level: 'error',
    meaning: 'HTTP request failed with a server fault',
    fields: { method: 'string', path: 'string', statusCode: 'number', error: 'error' },
  }),
  orchestrationStarted: logEvent<{ instanceId: string; name: string; route: string }>({
    name: 'http.orchestration.started',
    level: 'info',
    meaning: 'orchestration started over HTTP',
    fields: { instanceId: 'string', name: 'string', route: 'string' },
  }),
  instanceOperation: logEvent<{ operation: string; instanceId?: string; instancesDeleted?: number; newInstanceId?: string }>({
    name: 'http.instance-operation.completed',
    level: 'info',
    meaning: 'instance management operation over HTTP',
    fields: { operation: 'string', instanceId: 'string', instancesDeleted: 'number', newInstanceId: 'string' },
  }),
  entitySignaled: logEvent<{ entityId: string; operation: string }>({
    name: 'http.entity.signalled',
    level: 'info',
    meaning: 'entity signalled over HTTP',
    fields: { entityId: 'string', operation: 'string' },
  }),
  appTriggerRegistered: logEvent<{ declaredAt: string; methods: readonly string[]; path: string }>({
    name: 'http.trigger.registered',
    level: 'debug',
    meaning: 'HTTP trigger registered',
    fields: { declaredAt: 'string', methods: 'string[]', path: 'string' },
  }),
};
