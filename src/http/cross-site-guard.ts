import type { FastifyReply, FastifyRequest } from 'fastify';
import { HttpProblem } from './http-problem';
import { isLoopbackAddress, isLoopbackHostName } from './loopback';

/** What the guard allows besides the defaults. */
export interface CrossSiteSettings {
  /** Origins allowed to send state-changing requests (and read responses), e.g. `https://app.example.com`. */
  readonly allowedOrigins: readonly string[];
  /** Host names (without port) requests may name besides the loopback names. */
  readonly allowedHosts: readonly string[];
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const HOST_HEADER = /^(?<name>[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?\.?|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;
const CORS_ALLOW_HEADERS = 'content-type, x-functions-key, x-ms-continuation-token';
const CORS_EXPOSE_HEADERS = 'location, retry-after, x-ms-continuation-token';

/**
 * The server's first hook, against cross-site requests and DNS rebinding:
 * - on a loopback connection, `Host` must name this machine (or an allowed host): a rebinding page
 *   whose name now points at 127.0.0.1 sends its own name and is refused (421);
 * - with `allowedHosts` configured, every connection's `Host` must be one of them (or loopback);
 * - a state-changing request whose `Origin` is neither this server nor an allowed origin is
 *   refused (403) before any route runs; an allowed origin gets CORS headers and preflights.
 * Requests without `Origin` (curl, server-to-server clients) are not browsers' and pass.
 */
export function createCrossSiteGuard(settings: CrossSiteSettings): (request: FastifyRequest, reply: FastifyReply) => Promise<void> {
  const allowedHosts = new Set(settings.allowedHosts.map((h) => h.toLowerCase()));
  const allowedOrigins = new Set(settings.allowedOrigins.map((o) => o.toLowerCase().replace(/\/+$/, '')));
  return async (request, reply) => {
    const hostname = checkHost(request, allowedHosts);
    const origin = request.headers.origin;
    if (typeof origin !== 'string') return;
    const normalized = origin.toLowerCase();
    const sameOrigin = hostname !== undefined && sameHost(normalized, request.headers.host);
    const allowed = allowedOrigins.has(normalized) || allowedOrigins.has('*');
    if (allowed && !sameOrigin) {
      reply.header('access-control-allow-origin', origin).header('vary', 'origin').header('access-control-expose-headers', CORS_EXPOSE_HEADERS);
      if (request.method === 'OPTIONS' && request.headers['access-control-request-method'] !== undefined) {
        await reply
          .code(204)
          .header('access-control-allow-methods', 'GET, POST, PUT, PATCH, DELETE')
          .header('access-control-allow-headers', CORS_ALLOW_HEADERS)
          .header('access-control-max-age', '600')
          .send();
        return;
      }
    }
    if (STATE_CHANGING.has(request.method) && !sameOrigin && !allowed) {
      throw new HttpProblem(
        403,
        'ORIGIN_NOT_ALLOWED',
        `Requests from origin ${JSON.stringify(origin.slice(0, 100))} are refused: it is not this server, and not in extensions.http.cors.allowedOrigins.`,
      );
    }
  };
}

/**
 * The Host header's name, checked; undefined when the request has no Host (HTTP/1.0).
 * @throws HttpProblem HOST_NOT_ALLOWED (421)
 */
function checkHost(request: FastifyRequest, allowedHosts: ReadonlySet<string>): string | undefined {
  const host = request.headers.host;
  if (host === undefined || host === '') return undefined;
  const name = HOST_HEADER.exec(host)?.groups?.name?.toLowerCase().replace(/\.$/, '');
  if (name === undefined) throw new HttpProblem(400, 'INVALID_HOST_HEADER', 'The Host header is not a host name.');
  const onLoopback = isLoopbackAddress(request.socket.localAddress ?? '');
  const restricted = onLoopback || allowedHosts.size > 0;
  if (restricted && !isLoopbackHostName(name) && !allowedHosts.has(name)) {
    throw new HttpProblem(
      421,
      'HOST_NOT_ALLOWED',
      `The Host header names ${JSON.stringify(name.slice(0, 100))}, which this server does not answer to: use localhost, 127.0.0.1 or [::1], or add the name to extensions.http.allowedHosts.`,
    );
  }
  return name;
}

/** True when `origin` (lower case) is `scheme://` + the request's Host. */
function sameHost(origin: string, host: string | undefined): boolean {
  if (host === undefined) return false;
  const authority = origin.replace(/^https?:\/\//, '');
  return authority !== origin && authority === host.toLowerCase();
}
