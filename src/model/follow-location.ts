/**
 * The URL a `Location` header (redirect or 202 poll) points to, resolved against the request's
 * URL; undefined when it is unreadable, not http(s), or carries credentials: such a Location is
 * not followed.
 */
export function followableLocation(location: string, base: string): URL | undefined {
  let target: URL;
  try {
    target = new URL(location, base);
  } catch {
    return undefined; // not a URL: the redirect is not followed, the response is returned as it is
  }
  if ((target.protocol !== 'http:' && target.protocol !== 'https:') || target.username !== '' || target.password !== '') return undefined;
  return target;
}
