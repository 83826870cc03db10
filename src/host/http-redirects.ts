import { followableLocation } from '../model/follow-location';
import { HttpRequestFailedError } from '../model/errors/http-request-failed-error';

/** Most redirects one durable HTTP request follows (fetch allows 20; a longer chain is a loop or a trap). */
export const MAX_HTTP_REDIRECTS = 10;

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** Headers that describe a body: dropped when a redirect turns the request into a bodiless GET. */
const BODY_HEADERS = new Set(['content-type', 'content-length', 'content-encoding', 'content-language', 'content-location']);

/** One request of a redirect chain. */
export interface HttpHop {
  readonly method: string;
  readonly url: string;
  /** Plain headers: sent on every hop. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

/**
 * Sends `first` and follows redirects itself (fetch's `redirect: 'follow'` strips Authorization on
 * a cross-origin hop but passes every other credential header on): `secretHeaders` go only to
 * hops on the origin (scheme, host and port) of the first request, whose secrets they are.
 * 303, and 301/302 after a POST, continue as a GET without body, as the Fetch standard has it;
 * 307/308 keep method and body. A Location that is not http(s) or carries credentials is not
 * followed: the redirect response is the answer.
 * @throws HttpRequestFailedError after MAX_HTTP_REDIRECTS redirects.
 */
export async function fetchFollowingRedirects(
  first: HttpHop,
  secretHeaders: Readonly<Record<string, string>>,
  fetchImpl: typeof fetch,
  signal: AbortSignal,
): Promise<Response> {
  const origin = new URL(first.url).origin;
  let hop = first;
  for (let redirects = 0; ; redirects++) {
    const trusted = new URL(hop.url).origin === origin;
    const response = await fetchImpl(hop.url, {
      method: hop.method,
      headers: trusted ? { ...hop.headers, ...secretHeaders } : hop.headers,
      ...(hop.body !== undefined ? { body: hop.body } : {}),
      signal,
      redirect: 'manual',
    });
    const next = redirectedHop(response, hop);
    if (next === undefined) return response;
    await response.body?.cancel();
    if (redirects >= MAX_HTTP_REDIRECTS) {
      throw new HttpRequestFailedError(first.method, first.url, `more than ${MAX_HTTP_REDIRECTS} redirects (the last one to ${next.url})`);
    }
    hop = next;
  }
}

/** The request a redirect response asks for, or undefined when `response` is the final one. */
function redirectedHop(response: Response, hop: HttpHop): HttpHop | undefined {
  if (!REDIRECT_STATUSES.has(response.status)) return undefined;
  const location = response.headers.get('location');
  if (location === null) return undefined;
  const target = followableLocation(location, hop.url);
  if (target === undefined) return undefined;
  const toGet = (response.status === 303 && hop.method !== 'HEAD') || ((response.status === 301 || response.status === 302) && hop.method === 'POST');
  if (!toGet) return { ...hop, url: target.href };
  const headers = Object.fromEntries(Object.entries(hop.headers).filter(([name]) => !BODY_HEADERS.has(name.toLowerCase())));
  return { method: 'GET', url: target.href, headers };
}
