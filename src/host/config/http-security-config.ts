import { z } from 'zod';
import type { HttpServerConfig } from '../../http/http-config';
import { strictObjectListingKeys } from './strict-object';

/**
 * The HTTP security settings of the host (all optional; see the README's "Security model"): the
 * server's own settings, read from `extensions.http` and `DURABLE_*` variables. The system key
 * comes from `DURABLE_SYSTEM_KEY` only, never from host.json.
 */
export type HttpSecurityConfig = Pick<
  HttpServerConfig,
  'systemKey' | 'functionKeys' | 'baseUrl' | 'allowedOrigins' | 'allowedHosts' | 'allowUnauthenticated' | 'exposeServerPaths'
>;

const nonEmpty = z.string({ error: 'must be a string' }).min(1, { error: 'must not be empty' });

/** The security fields of host.json's `extensions.http`, merged into its schema. */
export const httpSecurityShape = {
  functionKeys: z.record(z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, { error: 'key names are 1-64 letters, digits, _ . -' }), nonEmpty, { error: 'must be an object of { name: key }' }).optional(),
  baseUrl: nonEmpty.optional(),
  allowedHosts: z.array(nonEmpty, { error: 'must be an array of host names' }).optional(),
  cors: strictObjectListingKeys({ allowedOrigins: z.array(nonEmpty, { error: 'must be an array of origins' }).optional() }).optional(),
  allowUnauthenticated: z.boolean({ error: 'must be true or false' }).optional(),
  exposeServerPaths: z.boolean({ error: 'must be true or false' }).optional(),
};

type ParsedHttpSecurity = { [K in keyof typeof httpSecurityShape]?: z.output<(typeof httpSecurityShape)[K]> };

/**
 * The HTTP security settings from host.json's `extensions.http` and the environment (which wins):
 * `DURABLE_SYSTEM_KEY`, `DURABLE_FUNCTION_KEYS` (`name=key,name2=key2`, or bare keys, named
 * `default`, `key2`, …), `DURABLE_BASE_URL`, `DURABLE_ALLOW_UNAUTHENTICATED` (`1` or `true`).
 * Undefined when nothing is configured.
 */
export function resolveHttpSecurity(http: ParsedHttpSecurity | undefined, env: Readonly<Record<string, string | undefined>>): HttpSecurityConfig | undefined {
  const systemKey = set(env.DURABLE_SYSTEM_KEY);
  const envKeys = set(env.DURABLE_FUNCTION_KEYS);
  const functionKeys = envKeys !== undefined ? parseFunctionKeys(envKeys) : http?.functionKeys;
  const baseUrl = set(env.DURABLE_BASE_URL) ?? http?.baseUrl;
  const allowFromEnv = set(env.DURABLE_ALLOW_UNAUTHENTICATED);
  const allowUnauthenticated = allowFromEnv !== undefined ? /^(1|true|yes)$/i.test(allowFromEnv) : http?.allowUnauthenticated;
  const config: HttpSecurityConfig = {
    ...(systemKey !== undefined ? { systemKey } : {}),
    ...(functionKeys !== undefined ? { functionKeys } : {}),
    ...(baseUrl !== undefined ? { baseUrl } : {}),
    ...(http?.cors?.allowedOrigins !== undefined ? { allowedOrigins: http.cors.allowedOrigins } : {}),
    ...(http?.allowedHosts !== undefined ? { allowedHosts: http.allowedHosts } : {}),
    ...(allowUnauthenticated !== undefined ? { allowUnauthenticated } : {}),
    ...(http?.exposeServerPaths !== undefined ? { exposeServerPaths: http.exposeServerPaths } : {}),
  };
  return Object.keys(config).length === 0 ? undefined : Object.freeze(config);
}

/** `name=key,other=key2` or `key1,key2` (named `default`, `key2`, `key3`, …). */
function parseFunctionKeys(text: string): Readonly<Record<string, string>> {
  const keys: Record<string, string> = {};
  text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .forEach((part, index) => {
      const eq = part.indexOf('=');
      const name = eq > 0 ? part.slice(0, eq).trim() : index === 0 ? 'default' : `key${index + 1}`;
      keys[name] = eq > 0 ? part.slice(eq + 1).trim() : part;
    });
  return keys;
}

function set(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
