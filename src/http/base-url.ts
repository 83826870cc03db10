import type { FastifyRequest } from 'fastify';
import { HttpProblem } from './http-problem';

/** A host name or IPv4/IPv6 literal with an optional port: what a Host header may hold. */
const HOST_HEADER = /^(?:[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/**
 * `protocol://host[:port]` of the request, from its Host header and the connection's protocol,
 * for the absolute URLs of check-status payloads and `Location` headers.
 * @throws HttpProblem INVALID_HOST_HEADER when the Host header is not a host name
 */
export function requestBaseUrl(request: FastifyRequest): string {
  const host = request.host === '' ? localAuthority(request) : request.host;
  if (!HOST_HEADER.test(host)) {
    throw new HttpProblem(400, 'INVALID_HOST_HEADER', 'The Host header is not a valid host name; absolute URLs cannot be built from it.');
  }
  return `${request.protocol}://${host}`;
}

/** `address:port` the request came in on, for HTTP/1.0 clients that send no Host header. */
function localAuthority(request: FastifyRequest): string {
  const { localAddress = '', localPort } = request.socket;
  return `${localAddress.includes(':') ? `[${localAddress}]` : localAddress}:${String(localPort)}`;
}

/** The path of a request URL without its query string (which may carry the system key). */
export function pathOf(url: string): string {
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}
