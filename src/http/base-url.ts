import type { FastifyRequest } from 'fastify';
import { InvalidArgumentError } from '../model/errors/invalid-argument-error';

/**
 * `protocol://host[:port]` for the absolute URLs of check-status payloads and `Location` headers:
 * the configured base URL, else the address the request came in on (the server's own address,
 * from the socket). Never the Host header: a client could name any host there and have the
 * payload point elsewhere.
 */
export function requestBaseUrl(request: FastifyRequest, configured: string | undefined): string {
  return configured ?? `${request.protocol}://${localAuthority(request)}`;
}

/** `address:port` the request came in on. */
function localAuthority(request: FastifyRequest): string {
  const { localAddress = '', localPort } = request.socket;
  const address = localAddress.startsWith('::ffff:') ? localAddress.slice(7) : localAddress;
  return `${address.includes(':') ? `[${address}]` : address}:${String(localPort)}`;
}

/**
 * A configured base URL, checked and without a trailing slash.
 * @throws InvalidArgumentError when it is not an absolute http(s) URL without query or fragment
 */
export function checkedBaseUrl(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined; // not a URL: reported as a configuration problem just below
  }
  if (url === undefined || !['http:', 'https:'].includes(url.protocol) || url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') {
    throw new InvalidArgumentError('baseUrl', `expected an absolute http(s) URL such as https://durable.example.com, got ${JSON.stringify(value)}`);
  }
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

/** The path of a request URL without its query string (which may carry a key). */
export function pathOf(url: string): string {
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}
