import { DurableError } from './durable-error';

/** The HTTP server was asked to listen beyond loopback with no system key to protect its management API. */
export class UnauthenticatedListenError extends DurableError {
  readonly code = 'UNAUTHENTICATED_LISTEN' as const;
  constructor(readonly address: string) {
    super(
      `Refusing to listen on ${address} without a system key: anyone who can reach it could start, terminate and purge instances. ` +
        'Set a system key (DURABLE_SYSTEM_KEY, or createHttpServer({ systemKey })), listen on 127.0.0.1, ' +
        'or opt in to an open API with DURABLE_ALLOW_UNAUTHENTICATED=1 (extensions.http.allowUnauthenticated).',
    );
  }
}
