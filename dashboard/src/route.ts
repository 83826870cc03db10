import { useEffect, useState } from 'preact/hooks';

/** The page the hash names: `#/instances?…`, `#/instances/{id}`, `#/entities`, `#/entities/{name}/{key}`. */
export type Route =
  | { readonly page: 'instances'; readonly query: URLSearchParams }
  | { readonly page: 'instance'; readonly instanceId: string }
  | { readonly page: 'entities'; readonly query: URLSearchParams }
  | { readonly page: 'entity'; readonly name: string; readonly key: string };

export function parseRoute(hash: string): Route {
  const [path = '', search = ''] = hash.replace(/^#/, '').split('?');
  const parts = path.split('/').filter((part) => part !== '').map(decodeURIComponent);
  const query = new URLSearchParams(search);
  if (parts[0] === 'instances' && parts[1] !== undefined) return { page: 'instance', instanceId: parts[1] };
  if (parts[0] === 'entities' && parts[1] !== undefined && parts[2] !== undefined) return { page: 'entity', name: parts[1], key: parts[2] };
  if (parts[0] === 'entities') return { page: 'entities', query };
  return { page: 'instances', query };
}

export const links = {
  instance: (id: string): string => `#/instances/${encodeURIComponent(id)}`,
  entity: (name: string, key: string): string => `#/entities/${encodeURIComponent(name)}/${encodeURIComponent(key)}`,
};

/** The current route, following hash changes. */
export function useRoute(): Route {
  const [hash, setHash] = useState(location.hash);
  useEffect(() => {
    const onChange = (): void => setHash(location.hash);
    addEventListener('hashchange', onChange);
    return () => removeEventListener('hashchange', onChange);
  }, []);
  return parseRoute(hash);
}
